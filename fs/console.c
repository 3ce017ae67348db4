/*
 * fs/console.c - /dev/console and /dev/tty: the serial line as a terminal.
 *
 * Output goes to console_write (serial and VGA), processed as c_oflag
 * says (tty_output).  Input arrives one byte per serial interrupt and
 * passes through a line discipline that follows the termios settings, as
 * Linux's does:
 *
 *   canonical (ICANON, the default): the typed line is kept in line[] and
 *     can be edited (backspace/DEL, ^W word, ^U whole line); Enter (CR,
 *     turned into NL by ICRNL) moves it to the input queue, where read()
 *     can take it.  ^D sends the line without a newline; at the start of
 *     a line it makes read() return 0 (end of file).
 *   raw (ICANON clear): every byte goes to the queue at once, and read()
 *     returns as soon as VMIN bytes are there (VMIN 0: at once).
 *   ISIG: ^C, ^\ and ^Z throw away pending input and send SIGINT,
 *     SIGQUIT, SIGTSTP to the foreground processes.
 *   ECHO (ECHOE, ECHOK, ECHOKE, ECHOCTL, ECHONL): what is typed is shown.
 *
 * Programs can read and change the settings with TCGETS/TCSETS, so a
 * shell that wants raw input for its own line editing gets it, as with
 * Linux's line discipline (drivers/tty/n_tty.c).  Setting CONSOLE_IS_TTY
 * to 0 gives the other consistent design: every terminal ioctl fails with
 * ENOTTY, programs think they are not on a terminal (isatty(3) is false),
 * and the console always cooks its input.
 */
#include "fs/tty.h"
#include "fs/fcntl.h"
#include "fs/file.h"
#include "fs/uio.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/irq.h"
#include "kernel/serial.h"
#include "kernel/trap.h"
#include "lib/string.h"
#include "mm/uaccess.h"
#include "proc/sched.h"
#include "proc/signal.h"

#define CONSOLE_IS_TTY 1

#define TTY_QUEUE_SIZE 1024      /* bytes waiting for read() */
#define TTY_LINE_MAX   256       /* the line being edited, newline included */
#define TTY_EOF        0x100     /* a ^D in the queue: ends a read */

static struct tty {
    struct termios termios;
    struct winsize winsize;
    char line[TTY_LINE_MAX];     /* canonical mode: the line being typed */
    uint32_t line_len;
    uint16_t queue[TTY_QUEUE_SIZE]; /* ring of bytes and TTY_EOF marks */
    uint32_t head, count;
    uint32_t lines;              /* '\n's and TTY_EOFs in the queue */
} tty;

/* Linux's default settings (tty_std_termios in drivers/tty/tty_io.c,
 * INIT_C_CC in include/linux/tty.h). */
static const uint8_t default_cc[NCCS] = {
    0x03, 0x1c, 0x7f, 0x15, 0x04, 0x00, 0x01, 0x00, 0x11, 0x13,
    0x1a, 0x00, 0x12, 0x0f, 0x17, 0x16, 0x00,
};

/* Is local-mode flag `bit` (ICANON, ECHO, ...) set? */
static uint32_t lflag(uint32_t bit)
{
    return tty.termios.c_lflag & bit;
}

/* Output to the terminal, echo included, processed as c_oflag says:
 * with OPOST and ONLCR (the default) each LF goes out as CR LF; with
 * either cleared (cfmakeraw clears OPOST) the bytes go out unchanged,
 * and a full-screen program sends its own CRs, as on Linux. */
static void tty_output(const char *buf, uint32_t len)
{
    uint32_t want = OPOST | ONLCR;
    if ((tty.termios.c_oflag & want) == want)
        console_write(buf, len);
    else
        console_write_raw(buf, len);
}

/* Is `c` the control character in slot `idx`?  (0 means disabled.) */
static int is_cc(unsigned char c, int idx)
{
    return tty.termios.c_cc[idx] != 0 && c == tty.termios.c_cc[idx];
}

/* Readers sleep on &tty; poll() on its own channel. */
static void wake_readers(void)
{
    wakeup(&tty);
    poll_wakeup();
}

/* ---- the input queue ---------------------------------------------------- */

/* Append to the input queue; a full queue drops the byte, as a real
 * UART would. */
static void queue_put(uint16_t c)
{
    if (tty.count == TTY_QUEUE_SIZE)
        return;                  /* full: the byte is lost */
    tty.queue[(tty.head + tty.count) % TTY_QUEUE_SIZE] = c;
    tty.count++;
}

/* Remove the oldest byte (or EOF mark) from the queue; it must not be
 * empty. */
static uint16_t queue_take(void)
{
    uint16_t c = tty.queue[tty.head];
    tty.head = (tty.head + 1) % TTY_QUEUE_SIZE;
    tty.count--;
    return c;
}

/* Count the line ends in the queue again (after a mode change). */
static void recount_lines(void)
{
    tty.lines = 0;
    for (uint32_t i = 0; i < tty.count; i++) {
        uint16_t c = tty.queue[(tty.head + i) % TTY_QUEUE_SIZE];
        if (c == '\n' || c == TTY_EOF)
            tty.lines++;
    }
}

/* Throw away everything typed and not yet read. */
static void flush_input(void)
{
    tty.line_len = 0;
    tty.head = tty.count = tty.lines = 0;
}

/* ---- echo ------------------------------------------------------------------ */

/* Control characters, which echo as ^X: below space, and DEL. */
static int is_control(unsigned char c)
{
    return c < ' ' || c == 0x7f;
}

/* Show one typed byte: control characters as ^X with ECHOCTL. */
static void echo_char(unsigned char c)
{
    if (!lflag(ECHO)) {
        if (c == '\n' && lflag(ECHONL))
            tty_output("\n", 1);
        return;
    }
    if (is_control(c) && c != '\n' && c != '\t' && lflag(ECHOCTL)) {
        char s[2] = { '^', (char)(c == 0x7f ? '?' : c + '@') };
        tty_output(s, 2);
    } else {
        char s = (char)c;
        tty_output(&s, 1);
    }
}

/* Remove the last byte of the line, and from the screen with ECHOE. */
static void erase_char(void)
{
    if (tty.line_len == 0)
        return;
    unsigned char c = (unsigned char)tty.line[--tty.line_len];
    if (!lflag(ECHO) || !lflag(ECHOE))
        return;
    int width = is_control(c) && c != '\t' && lflag(ECHOCTL) ? 2 : 1;
    for (int i = 0; i < width; i++)
        tty_output("\b \b", 3);
}

/* ^W: erase the spaces before the cursor, then the word before them. */
static void erase_word(void)
{
    while (tty.line_len > 0 && tty.line[tty.line_len - 1] == ' ')
        erase_char();
    while (tty.line_len > 0 && tty.line[tty.line_len - 1] != ' ')
        erase_char();
}

/* ^U: erase the whole line, character by character with ECHOKE. */
static void kill_line(void)
{
    if (lflag(ECHO) && lflag(ECHOKE) && lflag(ECHOE)) {
        while (tty.line_len > 0)
            erase_char();
        return;
    }
    tty.line_len = 0;
    if (lflag(ECHO) && lflag(ECHOK))
        tty_output("\n", 1);
}

/* ---- the line discipline --------------------------------------------------- */

/* Move the edited line to the queue, ended by '\n' or an EOF mark.  A
 * line that does not fit in the queue is lost whole. */
static void deliver_line(uint16_t end)
{
    if (tty.count + tty.line_len + 1 <= TTY_QUEUE_SIZE) {
        for (uint32_t i = 0; i < tty.line_len; i++)
            queue_put((unsigned char)tty.line[i]);
        queue_put(end);
        tty.lines++;
    }
    tty.line_len = 0;
    wake_readers();
}

/* The signal a character sends with ISIG, or 0. */
static int signal_char(unsigned char c)
{
    if (is_cc(c, VINTR))
        return SIGINT;
    if (is_cc(c, VQUIT))
        return SIGQUIT;
    if (is_cc(c, VSUSP))
        return SIGTSTP;
    return 0;
}

/* The line discipline: what one typed byte does.  Input mapping (ISTRIP,
 * IGNCR, ICRNL, INLCR) first, then signals, then either raw queueing or
 * canonical line editing. */
void tty_receive(char ch)
{
    unsigned char c = (unsigned char)ch;
    const struct termios *t = &tty.termios;

    if (t->c_iflag & ISTRIP)
        c &= 0x7f;
    if (c == '\r') {
        if (t->c_iflag & IGNCR)
            return;
        if (t->c_iflag & ICRNL)
            c = '\n';
    } else if (c == '\n' && (t->c_iflag & INLCR)) {
        c = '\r';
    }

    if (lflag(ISIG)) {
        int sig = signal_char(c);
        if (sig) {
            if (!lflag(NOFLSH))
                flush_input();
            echo_char(c);
            tty_signal_foreground(sig);
            wake_readers();
            return;
        }
    }

    if (!lflag(ICANON)) {
        if (tty.count < TTY_QUEUE_SIZE) {
            queue_put(c);
            echo_char(c);
            wake_readers();
        }
        return;
    }

    if (is_cc(c, VERASE) || c == '\b') {
        erase_char();
    } else if (is_cc(c, VKILL)) {
        kill_line();
    } else if (lflag(IEXTEN) && is_cc(c, VWERASE)) {
        erase_word();
    } else if (is_cc(c, VEOF)) {
        deliver_line(TTY_EOF);
    } else if (c == '\n') {
        echo_char(c);
        deliver_line('\n');
    } else if (tty.line_len < TTY_LINE_MAX - 1) {
        tty.line[tty.line_len++] = (char)c;
        echo_char(c);
    }
}

/* New settings.  Leaving canonical mode hands the half-typed line to
 * the queue as it is. */
static void tty_set_termios(const struct termios *t)
{
    int was_canonical = lflag(ICANON) != 0;
    tty.termios = *t;
    if (was_canonical && !lflag(ICANON)) {
        for (uint32_t i = 0; i < tty.line_len; i++)
            queue_put((unsigned char)tty.line[i]);
        tty.line_len = 0;
    }
    recount_lines();
    wake_readers();
}

/* Linux's initial terminal settings and an 80x25 window. */
static void tty_defaults(void)
{
    memset(&tty, 0, sizeof tty);
    tty.termios.c_iflag = ICRNL | IXON;
    tty.termios.c_oflag = OPOST | ONLCR;
    tty.termios.c_cflag = 0x4bf;           /* B38400 CS8 CREAD HUPCL */
    tty.termios.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL |
                          ECHOKE | IEXTEN;
    memcpy(tty.termios.c_cc, default_cc, NCCS);
    tty.winsize.ws_row = 25;
    tty.winsize.ws_col = 80;
}

/* Serial IRQ 4: feed every byte the UART holds to the line discipline. */
static void tty_irq(void)
{
    int c;
    while ((c = serial_getc()) >= 0)
        tty_receive((char)c);
}

/* Start the console: default settings, and input by serial interrupt. */
void tty_init(void)
{
    tty_defaults();
    irq_register(IRQ_COM1, tty_irq);
    serial_enable_rx_irq();
}

/* ---- the file operations --------------------------------------------------- */

/* Copy kbuf's k bytes to the request at offset *done; 0, or -1 when the
 * request ran into a hole (*done then counts what was copied). */
static int give_input(const struct uio *u, uint32_t *done, const char *kbuf, uint32_t k)
{
    uint32_t got = uio_copy_out(u, *done, kbuf, k);
    *done += got;
    return got == k ? 0 : -1;
}

/* Copy queued bytes to the user, stopping after a line end when
 * `one_line`; EOF marks end a read without being returned.  If the
 * buffer runs into a hole, the read returns what was copied before it
 * and the bytes taken for the rest are lost (-EFAULT if nothing was
 * copied), as with Linux's tty_read (drivers/tty/tty_io.c). */
static long take_input(const struct uio *u, int one_line)
{
    char kbuf[128];
    uint32_t done = 0, k = 0, n = u->total;
    while (done + k < n && tty.count > 0) {
        uint16_t c = queue_take();
        if (c == TTY_EOF) {
            if (!one_line)
                continue;        /* a stale mark left by canonical mode */
            tty.lines--;
            break;
        }
        kbuf[k++] = (char)c;
        if (one_line && c == '\n')
            tty.lines--;
        if (k == sizeof kbuf || (one_line && c == '\n')) {
            if (give_input(u, &done, kbuf, k) < 0)
                return done ? (long)done : -EFAULT;
            k = 0;
            if (one_line && c == '\n')
                break;
        }
    }
    if (k > 0 && give_input(u, &done, kbuf, k) < 0)
        return done ? (long)done : -EFAULT;
    return done;
}

/* Canonical: wait for a whole line; raw: wait for VMIN bytes (or fewer
 * if the caller asked for fewer). */
static long tty_read(struct file *f, const struct uio *u, uint32_t *pos)
{
    (void)pos;
    uint32_t n = u->total;
    long err = tty_check_read();
    if (err)
        return err;
    if (n == 0)
        return 0;
    for (;;) {
        int ready;
        if (lflag(ICANON)) {
            ready = tty.lines > 0;
        } else {
            uint32_t need = tty.termios.c_cc[VMIN];
            if (need > n)
                need = n;
            ready = tty.count >= need;
        }
        if (ready)
            return take_input(u, lflag(ICANON) != 0);
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (sleep_on(&tty) < 0)
            return -EINTR;
    }
}

/* Output is copied in chunks of TTY_WRITE_CHUNK bytes through a kernel
 * buffer, then shown.  As in Linux's do_tty_write (drivers/tty/tty_io.c),
 * a chunk that runs into a hole in the buffer is not shown at all: the
 * write returns the bytes of the chunks before it, or -EFAULT.  (The
 * kernel is not preemptible, so one static buffer serves every writer.) */
#define TTY_WRITE_CHUNK 2048
static long tty_write(struct file *f, const struct uio *u, uint32_t *pos)
{
    (void)f, (void)pos;
    static char kbuf[TTY_WRITE_CHUNK];
    if (lflag(TOSTOP)) {
        long err = tty_check_write();
        if (err)
            return err;
    }
    uint32_t done = 0, n = u->total;
    while (done < n) {
        uint32_t chunk = n - done < sizeof kbuf ? n - done : sizeof kbuf;
        if (uio_copy_in(kbuf, u, done, chunk) < chunk)
            return done ? (long)done : -EFAULT;
        tty_output(kbuf, chunk);
        done += chunk;
    }
    return done;
}

/* Always writable; readable when a read would not wait. */
static int tty_poll(struct file *f)
{
    (void)f;
    int mask = POLLOUT | POLLWRNORM;
    if (lflag(ICANON) ? tty.lines > 0 : tty.count > 0)
        mask |= POLLIN | POLLRDNORM;
    return mask;
}

/* The ioctls any console answers, terminal or not. */
static long console_ioctl(uint32_t cmd, void *uarg)
{
    int v;
    switch (cmd) {
    case TIOCGWINSZ:
        return copy_to_user(uarg, &tty.winsize, sizeof tty.winsize);
    case TIOCSWINSZ:
        return copy_from_user(&tty.winsize, uarg, sizeof tty.winsize);
    case FIONREAD:
        v = (int)tty.count;
        return copy_to_user(uarg, &v, sizeof v);
    }
    return -ENOTTY;
}

/* The terminal ioctls; process groups and the controlling terminal are
 * fs/tty_ctty.c's. */
static long tty_ioctl(struct file *f, uint32_t cmd, unsigned long arg)
{
    (void)f;
    void *uarg = (void *)arg;
    struct termios t;
    if (!CONSOLE_IS_TTY || cmd == TIOCGWINSZ || cmd == TIOCSWINSZ ||
        cmd == FIONREAD)
        return console_ioctl(cmd, uarg);
    switch (cmd) {
    case TCGETS:
        return copy_to_user(uarg, &tty.termios, sizeof tty.termios);
    case TCSETS:
    case TCSETSW:
    case TCSETSF:
        if (copy_from_user(&t, uarg, sizeof t) < 0)
            return -EFAULT;
        if (cmd == TCSETSF)
            flush_input();
        tty_set_termios(&t);
        return 0;
    case TCFLSH:
        if (arg == TCIFLUSH || arg == TCIOFLUSH)
            flush_input();
        else if (arg != TCOFLUSH)
            return -EINVAL;
        return 0;
    case TCSBRK:                 /* tcdrain(): output is never queued */
    case TCXONC:
        return 0;
    }
    int handled;
    long r = tty_ctty_ioctl(cmd, arg, &handled);
    return handled ? r : -ENOTTY;
}

/* open("/dev/tty"): the caller's controlling terminal, if it has one. */
static int ctty_open(struct file *f)
{
    (void)f;
    return tty_open_ctty();
}

const struct file_operations console_file_ops = {
    .read_iov = tty_read,
    .write_iov = tty_write,
    .ioctl = tty_ioctl,
    .poll = tty_poll,
};

/* /dev/tty: the same terminal, opened only by a process it controls. */
const struct file_operations ctty_file_ops = {
    .open = ctty_open,
    .read_iov = tty_read,
    .write_iov = tty_write,
    .ioctl = tty_ioctl,
    .poll = tty_poll,
};
