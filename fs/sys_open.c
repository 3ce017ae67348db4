/*
 * fs/sys_open.c - open, openat, creat and close.
 */
#include "fs/syscalls.h"
#include "fs/fcntl.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/errno.h"

/* Open, then give the file the lowest free descriptor.  New files get
 * `mode` minus the umask. */
long sys_openat(int dirfd, const char *upath, int flags, int mode)
{
    char *path;
    struct inode *base;
    struct file *f;
    int err = getname(upath, &path);
    if (err)
        return err;
    if (path[0] == '\0') {
        putname(path);
        return -ENOENT;
    }
    err = at_base(dirfd, path, &base);
    if (err == 0) {
        err = vfs_open(base, path, (uint32_t)flags,
                       (uint32_t)mode & ~fs_umask, &f);
        inode_put(base);
    }
    putname(path);
    if (err)
        return err;
    int fd = fd_install(f, 0, flags & O_CLOEXEC);
    if (fd < 0)
        file_put(f);
    return fd;
}

/* open: openat from the cwd. */
long sys_open(const char *path, int flags, int mode)
{
    return sys_openat(AT_FDCWD, path, flags, mode);
}

/* creat: open for writing, made or emptied. */
long sys_creat(const char *path, int mode)
{
    return sys_openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

/* close: -EBADF for a descriptor that is not open. */
long sys_close(int fd)
{
    return fd_close(fd);
}
