/*
 * libc/termios.c - reading and changing terminal settings.  Each call is
 * one ioctl on the terminal; the kernel's line discipline (fs/console.c
 * in Pagoda, drivers/tty/n_tty.c in Linux) does the work.
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <termios.h>

#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCFLSH  0x540B

/* Copy the terminal's settings into *t; fails with ENOTTY if fd is not
 * a terminal (which is how isatty() tells). */
int tcgetattr(int fd, struct termios *t)
{
    return ioctl(fd, TCGETS, t);
}

/* Install *t: at once (TCSANOW), once pending output is written
 * (TCSADRAIN), or also throwing away input not yet read (TCSAFLUSH). */
int tcsetattr(int fd, int when, const struct termios *t)
{
    static const unsigned long request[] = { TCSETS, TCSETSW, TCSETSF };
    if (when < TCSANOW || when > TCSAFLUSH) {
        errno = EINVAL;
        return -1;
    }
    return ioctl(fd, request[when], t);
}

/* Raw mode, as termios(3) defines cfmakeraw: no input mapping, no output
 * processing, no echo, no line editing, no signal keys; every byte is
 * returned by read() as soon as it arrives (VMIN 1, VTIME 0). */
void cfmakeraw(struct termios *t)
{
    t->c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t->c_oflag &= ~OPOST;
    t->c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t->c_cflag &= ~(CSIZE | PARENB);
    t->c_cflag |= CS8;
    t->c_cc[VMIN] = 1;
    t->c_cc[VTIME] = 0;
}

/* Throw away typed input not yet read, output not yet sent, or both. */
int tcflush(int fd, int queue)
{
    return ioctl(fd, TCFLSH, queue);
}
