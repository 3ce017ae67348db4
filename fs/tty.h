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

#endif
