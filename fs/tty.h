/*
 * fs/tty.h - the console as a terminal: Linux's termios, window size and
 * terminal ioctls (i386 values), and the line discipline's entry points.
 */
#ifndef FS_TTY_H
#define FS_TTY_H

#include <stdint.h>

/* ioctl numbers */
#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403
#define TCSETSF    0x5404
#define TCSBRK     0x5409
#define TCXONC     0x540A
#define TCFLSH     0x540B
#define TIOCSCTTY  0x540E
#define TIOCGPGRP  0x540F
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD   0x541B
#define TIOCNOTTY  0x5422
#define TIOCGSID   0x5429

#define TCIFLUSH  0
#define TCOFLUSH  1
#define TCIOFLUSH 2

/* c_iflag */
#define ISTRIP 0x0020
#define INLCR  0x0040
#define IGNCR  0x0080
#define ICRNL  0x0100
#define IXON   0x0400
/* c_oflag */
#define OPOST  0x0001
#define ONLCR  0x0004
/* c_lflag */
#define ISIG    0x0001
#define ICANON  0x0002
#define ECHO    0x0008
#define ECHOE   0x0010
#define ECHOK   0x0020
#define ECHONL  0x0040
#define NOFLSH  0x0080
#define TOSTOP  0x0100
#define ECHOCTL 0x0200
#define ECHOKE  0x0800
#define IEXTEN  0x8000

/* c_cc indices */
#define VINTR    0
#define VQUIT    1
#define VERASE   2
#define VKILL    3
#define VEOF     4
#define VTIME    5
#define VMIN     6
#define VSUSP    10
#define VWERASE  14
#define NCCS     19

/* The kernel's struct termios (36 bytes; glibc converts to its own). */
struct termios {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line;
    uint8_t c_cc[NCCS];
};

struct winsize {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

_Static_assert(sizeof(struct termios) == 36, "kernel termios is 36 bytes");

/* Reset the line discipline, take over serial IRQ 4 (fs_init calls it). */
void tty_init(void);
/* One byte typed on the serial line: what the IRQ handler does with it. */
void tty_receive(char c);

/* ---- the console as a controlling terminal (fs/tty_ctty.c) ---- */

/* ^C, ^\ and ^Z: sig to the terminal's foreground process group. */
void tty_signal_foreground(int sig);
/* Before a read: 0, or -EIO / -EINTR (after SIGTTIN) for a background
 * process (Linux's tty_check_change for reads, n_tty_read). */
long tty_check_read(void);
/* Before a write with TOSTOP set, and before TIOCSPGRP/TCSETS*: 0, or
 * -EIO / -EINTR after SIGTTOU for a background caller. */
long tty_check_write(void);
/* TIOCSCTTY, TIOCNOTTY, TIOCGPGRP, TIOCSPGRP, TIOCGSID: the result,
 * with *handled set; anything else leaves *handled 0. */
long tty_ctty_ioctl(uint32_t cmd, unsigned long arg, int *handled);
/* open("/dev/tty"): -ENXIO unless the caller has a controlling terminal. */
int tty_open_ctty(void);
/* The session leader of `sid` exits: SIGHUP (and SIGCONT) to the
 * foreground group, and the session loses the terminal. */
void tty_session_hangup(int sid);
/* The terminal's foreground group and session for /proc/PID/stat
 * (0: none). */
int tty_foreground_pgrp(void);
int tty_session(void);

#endif
