/*
 * libc/fileio.c - system call wrappers for file descriptors: open, read,
 * write, seek, close, dup, pipe, fcntl, ioctl, truncate.
 *
 * These use the calls static glibc uses (openat, _llseek, fcntl64,
 * pipe2...), since those are the ones Pagoda must implement anyway.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "libc/libc.h"

/* Kernel-side struct termios (36 bytes); isatty only needs its size. */
struct kernel_termios {
    unsigned int c_iflag, c_oflag, c_cflag, c_lflag;
    unsigned char c_line;
    unsigned char c_cc[19];
};

/* Open a file relative to dirfd.  The mode argument is only read when
 * creating.  O_LARGEFILE is always set, as glibc does, since our off_t is
 * 64 bits. */
int openat(int dirfd, const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    return __sysret(sys4(SYS_openat, dirfd, (long)path, flags | O_LARGEFILE, mode));
}

/* Open a file relative to the current directory. */
int open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    return openat(AT_FDCWD, path, flags, mode);
}

/* The old way to create a file: open for writing, creating/truncating. */
int creat(const char *path, mode_t mode)
{
    return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

/* Read up to n bytes; returns the count, 0 at end of file. */
ssize_t read(int fd, void *buf, size_t n)
{
    return __sysret(sys3(SYS_read, fd, (long)buf, n));
}

/* Write up to n bytes; returns how many were written. */
ssize_t write(int fd, const void *buf, size_t n)
{
    return __sysret(sys3(SYS_write, fd, (long)buf, n));
}

/* Read at a given offset without moving the file position.  A 64-bit
 * argument goes in two registers, low word first. */
ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
    return __sysret(sys5(SYS_pread64, fd, (long)buf, n,
                         (long)(off & 0xffffffff), (long)(off >> 32)));
}

/* Write at a given offset without moving the file position. */
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    return __sysret(sys5(SYS_pwrite64, fd, (long)buf, n,
                         (long)(off & 0xffffffff), (long)(off >> 32)));
}

/* Move the file position.  _llseek takes the offset high word first and
 * stores the new 64-bit position through a pointer. */
off_t lseek(int fd, off_t off, int whence)
{
    off_t result;
    long r = __sysret(sys5(SYS__llseek, fd, (long)(off >> 32),
                           (long)(off & 0xffffffff), (long)&result, whence));
    return r < 0 ? -1 : result;
}

/* Release a descriptor. */
int close(int fd)
{
    return __sysret(sys1(SYS_close, fd));
}

/* A second descriptor for the same open file, the lowest free one. */
int dup(int fd)
{
    return __sysret(sys1(SYS_dup, fd));
}

/* Make newfd refer to oldfd's open file, closing newfd first. */
int dup2(int oldfd, int newfd)
{
    return __sysret(sys2(SYS_dup2, oldfd, newfd));
}

/* dup2 with flags (O_CLOEXEC); oldfd == newfd is an error. */
int dup3(int oldfd, int newfd, int flags)
{
    return __sysret(sys3(SYS_dup3, oldfd, newfd, flags));
}

/* A pipe: fds[0] is the read end, fds[1] the write end. */
int pipe2(int fds[2], int flags)
{
    return __sysret(sys2(SYS_pipe2, (long)fds, flags));
}

/* pipe() is pipe2 without flags, as in glibc. */
int pipe(int fds[2])
{
    return pipe2(fds, 0);
}

/* Descriptor control: F_DUPFD, F_GETFD/F_SETFD, F_GETFL/F_SETFL.  Every
 * command we support takes at most one int-sized argument. */
int fcntl(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    long arg = va_arg(ap, long);
    va_end(ap);
    return __sysret(sys3(SYS_fcntl64, fd, cmd, arg));
}

/* Device control; the third argument is usually a pointer. */
int ioctl(int fd, unsigned long request, ...)
{
    va_list ap;
    va_start(ap, request);
    long arg = va_arg(ap, long);
    va_end(ap);
    return __sysret(sys3(SYS_ioctl, fd, (long)request, arg));
}

/* Is fd a terminal?  Only terminals answer TCGETS.  Returns 1 or 0. */
int isatty(int fd)
{
    struct kernel_termios t;
    return ioctl(fd, TCGETS, &t) == 0;
}

/* Set an open file's size. */
int ftruncate(int fd, off_t len)
{
    return __sysret(sys3(SYS_ftruncate64, fd, (long)(len & 0xffffffff),
                         (long)(len >> 32)));
}

/* Set a file's size by name. */
int truncate(const char *path, off_t len)
{
    return __sysret(sys3(SYS_truncate64, (long)path, (long)(len & 0xffffffff),
                         (long)(len >> 32)));
}
