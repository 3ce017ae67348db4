/*
 * tests/unit/test_tty.c - the console's line discipline (fs/console.c):
 * bytes go in through tty_receive, as the serial interrupt delivers
 * them; reads, echo (captured from console_write), signals and termios
 * are checked against Linux's behaviour.
 */
#include "tests/unit/fs_stubs.h"
#include "fs/fcntl.h"
#include "fs/console.c"
#include "fs/uio.c"

static int polls_woken;
void poll_wakeup(void) { polls_woken++; }

static struct file con = { .refcount = 1, .flags = O_RDWR, .ops = &console_file_ops };

static void type(const char *s)
{
    while (*s)
        tty_receive(*s++);
}

/* read/write through the console's operations, as one-piece requests. */
static long con_rw(int write, void *buf, uint32_t n)
{
    struct iovec piece = { buf, n };
    struct uio u = { &piece, 1, n };
    return write ? con.ops->write_iov(&con, &u, &con.pos)
                 : con.ops->read_iov(&con, &u, &con.pos);
}

/* One read of up to n bytes; the result as a string in out. */
static long rd(char *out, uint32_t n)
{
    memset(out, 0, 512);
    return con_rw(0, out, n);
}

static long ioctl_(uint32_t cmd, void *arg)
{
    return con.ops->ioctl(&con, cmd, (unsigned long)arg);
}

static void reset(void)
{
    tty_init();
    console_clear();
    test_fg_signal = 0;
    con.flags = O_RDWR;
}

static void test_canonical(void)
{
    group_begin("tty_canonical");
    char buf[512];
    reset();
    type("ab\x7f" "c");
    CHECK(rd(buf, 100) == -EINTR, "no whole line yet: sleeps");
    con.flags |= O_NONBLOCK;
    CHECK(rd(buf, 100) == -EAGAIN);
    con.flags &= ~O_NONBLOCK;
    type("\r");
    CHECK(rd(buf, 100) == 3 && strcmp(buf, "ac\n") == 0, "got '%s'", buf);
    CHECK(strcmp(test_console, "ab\b \bc\n") == 0, "echo '%s'", test_console);

    /* Backspace (^H) erases too; erasing an empty line does nothing. */
    console_clear();
    type("\b\bxy\bz\n");
    CHECK(rd(buf, 100) == 3 && strcmp(buf, "xz\n") == 0);
    CHECK(strcmp(test_console, "xy\b \bz\n") == 0, "echo '%s'", test_console);

    /* Two lines queued come out one per read; a short buffer splits one. */
    type("hello\rworld\r");
    CHECK(rd(buf, 3) == 3 && strcmp(buf, "hel") == 0);
    CHECK(rd(buf, 100) == 3 && strcmp(buf, "lo\n") == 0);
    CHECK(rd(buf, 100) == 6 && strcmp(buf, "world\n") == 0);

    /* ^U kills the line, ^W the last word. */
    console_clear();
    type("abc\x15" "d\r");
    CHECK(rd(buf, 100) == 2 && strcmp(buf, "d\n") == 0);
    CHECK(strcmp(test_console, "abc\b \b\b \b\b \bd\n") == 0, "echo '%s'", test_console);
    type("foo bar  \x17" "x\r");
    CHECK(rd(buf, 100) == 6 && strcmp(buf, "foo x\n") == 0, "got '%s'", buf);

    /* A control character echoes as ^X and erases as two columns. */
    console_clear();
    type("\x01\x7f\r");
    CHECK(strcmp(test_console, "^A\b \b\b \b\n") == 0, "echo '%s'", test_console);
    CHECK(rd(buf, 100) == 1 && strcmp(buf, "\n") == 0);

    /* A line longer than the buffer keeps its first 255 bytes. */
    for (int i = 0; i < 300; i++)
        tty_receive('q');
    type("\r");
    CHECK(rd(buf, 512) == 256 && buf[254] == 'q' && buf[255] == '\n');
    group_end();
}

static void test_eof_and_signals(void)
{
    group_begin("tty_eof_signals");
    char buf[512];
    reset();
    type("\x04");
    CHECK(rd(buf, 100) == 0, "^D at the start of a line: end of file");
    CHECK(rd(buf, 100) == -EINTR, "then reads wait again");
    type("ab\x04");
    CHECK(rd(buf, 100) == 2 && strcmp(buf, "ab") == 0, "^D sends the line as is");
    CHECK(rd(buf, 100) == -EINTR);

    console_clear();
    type("partial\x03");
    CHECK(test_fg_signal == SIGINT && strcmp(test_console, "partial^C") == 0,
          "signal %d echo '%s'", test_fg_signal, test_console);
    type("z\r");
    CHECK(rd(buf, 100) == 2 && strcmp(buf, "z\n") == 0, "the line was discarded");
    type("queued\r\x1c");
    CHECK(test_fg_signal == SIGQUIT && rd(buf, 100) == -EINTR, "input flushed");
    type("\x1a");
    CHECK(test_fg_signal == SIGTSTP);
    group_end();
}

static void test_termios(void)
{
    group_begin("tty_termios");
    char buf[512];
    struct termios t;
    struct winsize ws;
    reset();
    CHECK(ioctl_(TCGETS, &t) == 0);
    CHECK(t.c_iflag == 0x500 && t.c_oflag == 0x5 && t.c_cflag == 0x4bf &&
          t.c_lflag == 0x8a3b, "%x %x %x %x", t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag);
    static const uint8_t cc[17] = { 3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13,
                                    0x1a, 0, 0x12, 0x0f, 0x17, 0x16, 0 };
    CHECK(memcmp(t.c_cc, cc, 17) == 0 && t.c_cc[17] == 0 && t.c_cc[18] == 0);
    CHECK(ioctl_(TIOCGWINSZ, &ws) == 0 && ws.ws_row == 25 && ws.ws_col == 80);
    CHECK(ioctl_(TCGETS, (void *)16) == -EFAULT);
    CHECK(ioctl_(TIOCGPGRP, buf) == -ENOTTY, "no job control");
    CHECK(ioctl_(0x1234, buf) == -ENOTTY);

    /* Half a line typed, then raw mode as a line editor sets it: the
     * half line becomes readable, input is not echoed, one byte is a
     * complete read. */
    type("ab");
    console_clear();
    struct termios raw = t;
    raw.c_lflag &= ~(ICANON | ECHO | ISIG);
    raw.c_cc[VMIN] = 1;
    CHECK(ioctl_(TCSETS, &raw) == 0);
    type("c\x03\r");
    CHECK(test_console[0] == '\0' && test_fg_signal == 0, "no echo, no signal");
    int n = -1;
    CHECK(ioctl_(FIONREAD, &n) == 0 && n == 5);
    CHECK(rd(buf, 2) == 2 && strcmp(buf, "ab") == 0);
    CHECK(rd(buf, 100) == 3 && memcmp(buf, "c\x03\n", 3) == 0);
    CHECK(rd(buf, 100) == -EINTR, "VMIN 1: waits for a byte");
    raw.c_cc[VMIN] = 0;
    CHECK(ioctl_(TCSETSW, &raw) == 0 && rd(buf, 100) == 0, "VMIN 0: returns at once");
    raw.c_iflag &= ~ICRNL;
    CHECK(ioctl_(TCSETS, &raw) == 0);
    type("\r");
    CHECK(rd(buf, 100) == 1 && buf[0] == '\r', "without ICRNL a CR stays a CR");
    int events = con.ops->poll(&con);
    CHECK(events == (POLLOUT | POLLWRNORM));
    type("k");
    CHECK(con.ops->poll(&con) & POLLIN);
    CHECK(ioctl_(TCFLSH, (void *)TCIFLUSH) == 0 && rd(buf, 100) == 0, "flushed");
    CHECK(ioctl_(TCFLSH, (void *)7) == -EINVAL);

    /* Back to canonical: a line is needed again. */
    type("xy");
    CHECK(ioctl_(TCSETS, &t) == 0);
    CHECK(rd(buf, 100) == -EINTR && !(con.ops->poll(&con) & POLLIN));
    type("\r");
    CHECK(con.ops->poll(&con) & POLLIN);
    CHECK(rd(buf, 100) == 3 && strcmp(buf, "xy\n") == 0);

    /* A flood of raw input fills the queue and stops there. */
    CHECK(ioctl_(TCSETSF, &raw) == 0);
    for (int i = 0; i < 5000; i++)
        tty_receive('f');
    n = 0;
    CHECK(ioctl_(FIONREAD, &n) == 0 && n == 1024);
    CHECK(rd(buf, 512) == 512 && rd(buf, 512) == 512 && rd(buf, 512) == 0);

    /* Writes go to the console. */
    console_clear();
    CHECK(con_rw(1, "out\n", 4) == 4 &&
          strcmp(test_console, "out\n") == 0);
    CHECK(con_rw(1, (void *)16, 4) == -EFAULT);
    CHECK(!console_file_ops.seekable, "lseek on the console is ESPIPE");

    /* Output processing: with OPOST and ONLCR (the default) writes go the
     * CR-LF way; clearing either sends them raw, echo included. */
    CHECK(ioctl_(TCSETS, &t) == 0);
    test_console_raw_bytes = 0;
    CHECK(con_rw(1, "cooked\n", 7) == 7 && test_console_raw_bytes == 0);
    struct termios bare = t;
    bare.c_oflag &= ~OPOST;
    CHECK(ioctl_(TCSETS, &bare) == 0);
    CHECK(con_rw(1, "raw\n", 4) == 4 && test_console_raw_bytes == 4);
    type("e\r");
    CHECK(test_console_raw_bytes == 6, "echo of 'e' and the newline raw too");
    bare.c_oflag = OPOST;                         /* ONLCR alone off */
    CHECK(ioctl_(TCSETS, &bare) == 0);
    CHECK(con_rw(1, "x\n", 2) == 2 && test_console_raw_bytes == 8);
    group_end();
}

int main(void)
{
    test_canonical();
    test_eof_and_signals();
    test_termios();
    return unit_exit();
}
