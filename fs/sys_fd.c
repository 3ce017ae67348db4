/*
 * fs/sys_fd.c - calls on descriptors themselves: dup, dup2, dup3, pipe,
 * pipe2, fcntl and ioctl.
 */
#include "fs/syscalls.h"
#include "fs/fcntl.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/pipe.h"
#include "kernel/errno.h"
#include "mm/uaccess.h"

#define FIONCLEX 0x5450
#define FIOCLEX  0x5451
#define FIONBIO  0x5421
#define F_UNLCK  2

/* A new descriptor >= lowest for the file open as `fd`. */
static long dup_from(int fd, int lowest, int cloexec)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    int nfd = fd_install(f, lowest, cloexec);
    if (nfd < 0)
        file_put(f);
    return nfd;
}

/* dup: the lowest free descriptor. */
long sys_dup(int fd)
{
    return dup_from(fd, 0, 0);
}

/* Make `newfd` another descriptor for `oldfd`'s file, closing what
 * newfd was.  dup2(fd, fd) just checks that fd is open. */
static long dup_to(int oldfd, int newfd, int cloexec)
{
    if (newfd < 0 || newfd >= fd_limit())
        return -EBADF;
    struct file *f = fd_get(oldfd);
    if (!f)
        return -EBADF;
    if (oldfd == newfd) {
        file_put(f);
        return newfd;
    }
    fd_install_at(f, newfd, cloexec);
    return newfd;
}

/* dup2: exactly newfd. */
long sys_dup2(int oldfd, int newfd)
{
    return dup_to(oldfd, newfd, 0);
}

/* dup3: like dup2, but oldfd == newfd is an error and O_CLOEXEC may be
 * set (glibc freopen needs it). */
long sys_dup3(int oldfd, int newfd, int flags)
{
    if ((flags & ~O_CLOEXEC) || oldfd == newfd)
        return -EINVAL;
    return dup_to(oldfd, newfd, flags & O_CLOEXEC);
}

/* pipe2: fds[0] is the read end, fds[1] the write end. */
long sys_pipe2(int *ufds, int flags)
{
    if (flags & ~(O_CLOEXEC | O_NONBLOCK))
        return -EINVAL;
    struct file *rf, *wf;
    int err = pipe_create(&rf, &wf);
    if (err)
        return err;
    if (flags & O_NONBLOCK) {
        rf->flags |= O_NONBLOCK;
        wf->flags |= O_NONBLOCK;
    }
    int fds[2];
    fds[0] = fd_install(rf, 0, flags & O_CLOEXEC);
    if (fds[0] < 0) {
        file_put(rf);
        file_put(wf);
        return fds[0];
    }
    fds[1] = fd_install(wf, 0, flags & O_CLOEXEC);
    if (fds[1] < 0) {
        fd_close(fds[0]);
        file_put(wf);
        return fds[1];
    }
    if (copy_to_user(ufds, fds, sizeof fds) < 0) {
        fd_close(fds[0]);
        fd_close(fds[1]);
        return -EFAULT;
    }
    return 0;
}

/* pipe: the old call, pipe2 without flags. */
long sys_pipe(int *fds)
{
    return sys_pipe2(fds, 0);
}

/* fcntl's commands on an open file `f` (descriptor `fd`).  There is
 * only one user, so record locks always succeed and F_GETLK reports the
 * region unlocked. */
static long do_fcntl(int fd, struct file *f, int cmd, unsigned long arg)
{
    short unlocked = F_UNLCK;
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        if (arg >= (unsigned long)fd_limit())
            return -EINVAL;            /* Linux: at or above RLIMIT_NOFILE */
        file_get(f);
        fd = fd_install(f, (int)arg, cmd == F_DUPFD_CLOEXEC);
        if (fd < 0)
            file_put(f);
        return fd;
    case F_GETFD:
        return fd_get_cloexec(fd) ? FD_CLOEXEC : 0;
    case F_SETFD:
        fd_set_cloexec(fd, arg & FD_CLOEXEC);
        return 0;
    case F_GETFL:
        return f->flags;
    case F_SETFL:
        f->flags = (f->flags & ~O_SETFL_FLAGS) | (arg & O_SETFL_FLAGS);
        return 0;
    case F_GETLK:
    case F_GETLK64:
        return copy_to_user((void *)arg, &unlocked, sizeof unlocked);
    case F_SETLK:
    case F_SETLKW:
    case F_SETLK64:
    case F_SETLKW64:
        return 0;
    }
    return -EINVAL;
}

/* fcntl64: what glibc calls for every fcntl(). */
long sys_fcntl64(int fd, int cmd, unsigned long arg)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    long r = do_fcntl(fd, f, cmd, arg);
    file_put(f);
    return r;
}

/* fcntl: the same commands (none of them differ on i386 here). */
long sys_fcntl(int fd, int cmd, unsigned long arg)
{
    return sys_fcntl64(fd, cmd, arg);
}

/* A few ioctls mean the same for every file; the rest belong to the
 * file's driver, and files without one are not terminals: -ENOTTY. */
long sys_ioctl(int fd, uint32_t cmd, unsigned long arg)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    long r;
    int on;
    if (cmd == FIOCLEX || cmd == FIONCLEX) {
        fd_set_cloexec(fd, cmd == FIOCLEX);
        r = 0;
    } else if (cmd == FIONBIO) {
        r = copy_from_user(&on, (void *)arg, sizeof on);
        if (r == 0 && on)
            f->flags |= O_NONBLOCK;
        else if (r == 0)
            f->flags &= ~O_NONBLOCK;
    } else if (f->ops->ioctl) {
        r = f->ops->ioctl(f, cmd, arg);
    } else {
        r = -ENOTTY;
    }
    file_put(f);
    return r;
}
