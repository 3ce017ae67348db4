/*
 * fs/sys_stat.c - asking about files: the stat family, getdents64,
 * access and readlink.
 */
#include "fs/syscalls.h"
#include "fs/fcntl.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/path.h"
#include "fs/procfs.h"
#include "fs/ramfs.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "mm/kheap.h"
#include "mm/uaccess.h"

#define AT_NO_AUTOMOUNT 0x800    /* accepted and ignored: nothing is automounted */

/* Fill a struct stat64 and copy it to the user. */
static long stat_to_user(struct inode *ip, struct stat64 *ust)
{
    struct stat64 st;
    inode_stat(ip, &st);
    return copy_to_user(ust, &st, sizeof st);
}

/* fstatat64, the call every glibc stat ends in.  AT_EMPTY_PATH with ""
 * is fstat of dirfd itself (AT_FDCWD: the cwd). */
long sys_fstatat64(int dirfd, const char *upath, struct stat64 *ust, int flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
        return -EINVAL;
    char *path;
    struct inode *base, *ip;
    int err = getname(upath, &path);
    if (err)
        return err;
    if (path[0] == '\0' && !(flags & AT_EMPTY_PATH))
        err = -ENOENT;
    else
        err = at_base(dirfd, path, &base);
    if (err == 0) {
        if (path[0] == '\0') {
            ip = base;
            inode_get(ip);
        } else {
            err = path_lookup(base, path,
                              flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW, &ip);
        }
        inode_put(base);
    }
    putname(path);
    if (err)
        return err;
    long r = stat_to_user(ip, ust);
    inode_put(ip);
    return r;
}

/* stat64: follows symlinks. */
long sys_stat64(const char *path, struct stat64 *st)
{
    return sys_fstatat64(AT_FDCWD, path, st, 0);
}

/* lstat64: the link itself. */
long sys_lstat64(const char *path, struct stat64 *st)
{
    return sys_fstatat64(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

/* fstat64: an open file (pipes and devices included). */
long sys_fstat64(int fd, struct stat64 *ust)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    long r = stat_to_user(f->inode, ust);
    file_put(f);
    return r;
}

/* glibc tries statx first and falls back to fstatat64 on ENOSYS. */
long sys_statx(void)
{
    return -ENOSYS;
}

/* getdents64: -ENOTDIR for files that are not directories. */
long sys_getdents64(int fd, char *buf, uint32_t count)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    long r = f->ops->getdents ? f->ops->getdents(f, buf, count) : -ENOTDIR;
    file_put(f);
    return r;
}

/* Everyone is root, so the only refusal is X_OK on a file that nobody
 * may execute. */
long sys_faccessat(int dirfd, const char *upath, int mode)
{
    if (mode & ~(R_OK | W_OK | X_OK))
        return -EINVAL;
    struct inode *ip;
    int err = user_lookup_at(dirfd, upath, LOOKUP_FOLLOW, 0, &ip);
    if (err)
        return err;
    if ((mode & X_OK) && !S_ISDIR(ip->mode) && !(ip->mode & 0111))
        err = -EACCES;
    inode_put(ip);
    return err;
}

/* access: faccessat from the cwd. */
long sys_access(const char *path, int mode)
{
    return sys_faccessat(AT_FDCWD, path, mode);
}

/* A ramfs symlink's target, cut to size, copied out all at once as
 * Linux's readlink does: a buffer that runs into a hole is -EFAULT, not a
 * short count. */
static long ramfs_readlink_user(struct inode *ip, char *ubuf, uint32_t size)
{
    uint32_t n = size < ip->size ? size : ip->size;
    char *target = kmalloc(n + 1);
    if (!target)
        return -ENOMEM;
    long r = ramfs_read(ip, target, 0, n, 0);
    if (r >= 0 && copy_to_user(ubuf, target, (uint32_t)r) < 0)
        r = -EFAULT;
    kfree(target);
    return r;
}

/* The target of a symlink, without a NUL, cut to `size`. */
long sys_readlinkat(int dirfd, const char *upath, char *ubuf, int size)
{
    if (size <= 0)
        return -EINVAL;
    struct inode *ip;
    int err = user_lookup_at(dirfd, upath, 0, 0, &ip);
    if (err)
        return err;
    long r = !S_ISLNK(ip->mode) ? -EINVAL
             : ip->proc ? procfs_readlink(ip, ubuf, (uint32_t)size, 1)
             : ramfs_readlink_user(ip, ubuf, (uint32_t)size);
    inode_put(ip);
    return r;
}

/* readlink: readlinkat from the cwd. */
long sys_readlink(const char *path, char *buf, int size)
{
    return sys_readlinkat(AT_FDCWD, path, buf, size);
}
