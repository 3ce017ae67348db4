/*
 * fs/sys_namei.c - calls that make, remove, link and rename names.  Each
 * copies its paths in, finds the base directory, and hands the work to
 * fs/namei.c.
 */
#include "fs/syscalls.h"
#include "fs/fcntl.h"
#include "fs/namei.h"
#include "fs/path.h"
#include "fs/vfs.h"
#include "kernel/errno.h"

/* One user path and its base directory, ready for a do_*() call. */
struct upath {
    char *path;
    struct inode *base;
};

/* Copy the path in and find its base; "" is -ENOENT. */
static int upath_get(int dirfd, const char *user, struct upath *p)
{
    int err = getname(user, &p->path);
    if (err)
        return err;
    err = p->path[0] == '\0' ? -ENOENT : at_base(dirfd, p->path, &p->base);
    if (err)
        putname(p->path);
    return err;
}

/* Release what upath_get took. */
static void upath_put(struct upath *p)
{
    inode_put(p->base);
    putname(p->path);
}

/* mkdirat: the mode minus the umask. */
long sys_mkdirat(int dirfd, const char *upath, int mode)
{
    struct upath p;
    int err = upath_get(dirfd, upath, &p);
    if (err)
        return err;
    err = do_mkdirat(p.base, p.path, (uint32_t)mode & ~fs_umask);
    upath_put(&p);
    return err;
}

/* mkdir: mkdirat from the cwd. */
long sys_mkdir(const char *path, int mode)
{
    return sys_mkdirat(AT_FDCWD, path, mode);
}

/* unlinkat: AT_REMOVEDIR makes it rmdir. */
long sys_unlinkat(int dirfd, const char *upath, int flags)
{
    if (flags & ~AT_REMOVEDIR)
        return -EINVAL;
    struct upath p;
    int err = upath_get(dirfd, upath, &p);
    if (err)
        return err;
    if (flags & AT_REMOVEDIR)
        err = do_rmdirat(p.base, p.path);
    else
        err = do_unlinkat(p.base, p.path);
    upath_put(&p);
    return err;
}

/* unlink: a non-directory. */
long sys_unlink(const char *path)
{
    return sys_unlinkat(AT_FDCWD, path, 0);
}

/* rmdir: an empty directory. */
long sys_rmdir(const char *path)
{
    return sys_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

/* renameat: each path relative to its own directory. */
long sys_renameat(int olddirfd, const char *uold, int newdirfd, const char *unew)
{
    struct upath o, n;
    int err = upath_get(olddirfd, uold, &o);
    if (err)
        return err;
    err = upath_get(newdirfd, unew, &n);
    if (err == 0) {
        err = do_renameat(o.base, o.path, n.base, n.path);
        upath_put(&n);
    }
    upath_put(&o);
    return err;
}

/* rename: both paths from the cwd. */
long sys_rename(const char *oldpath, const char *newpath)
{
    return sys_renameat(AT_FDCWD, oldpath, AT_FDCWD, newpath);
}

/* linkat: AT_SYMLINK_FOLLOW links to what a symlink names. */
long sys_linkat(int olddirfd, const char *uold, int newdirfd, const char *unew,
                int flags)
{
    if (flags & ~AT_SYMLINK_FOLLOW)
        return -EINVAL;
    struct upath o, n;
    int err = upath_get(olddirfd, uold, &o);
    if (err)
        return err;
    err = upath_get(newdirfd, unew, &n);
    if (err == 0) {
        err = do_linkat(o.base, o.path, n.base, n.path, flags & AT_SYMLINK_FOLLOW);
        upath_put(&n);
    }
    upath_put(&o);
    return err;
}

/* link: does not follow a symlink in oldpath, as on Linux. */
long sys_link(const char *oldpath, const char *newpath)
{
    return sys_linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

/* symlinkat: the target is stored as given, never looked up. */
long sys_symlinkat(const char *utarget, int dirfd, const char *upath)
{
    char *target;
    struct upath p;
    int err = getname(utarget, &target);
    if (err)
        return err;
    err = upath_get(dirfd, upath, &p);
    if (err == 0) {
        err = do_symlinkat(target, p.base, p.path);
        upath_put(&p);
    }
    putname(target);
    return err;
}

/* symlink: symlinkat from the cwd. */
long sys_symlink(const char *target, const char *path)
{
    return sys_symlinkat(target, AT_FDCWD, path);
}

/* mknodat: a regular file (type 0 or S_IFREG), a FIFO, a socket's name or
 * a device node; the mode minus the umask.  Directories are -EPERM and
 * other types -EINVAL, as Linux's may_mknod, before the path is looked
 * at.  Only device nodes keep `dev` (Linux's 32-bit encoding, as st_rdev
 * shows it). */
long sys_mknodat(int dirfd, const char *upath, int mode, uint32_t dev)
{
    uint32_t type = (uint32_t)mode & S_IFMT;
    if (type == S_IFDIR)
        return -EPERM;
    if (type != 0 && type != S_IFREG && type != S_IFIFO && type != S_IFSOCK &&
        type != S_IFCHR && type != S_IFBLK)
        return -EINVAL;
    if (type != S_IFCHR && type != S_IFBLK)
        dev = 0;
    struct upath p;
    int err = upath_get(dirfd, upath, &p);
    if (err)
        return err;
    err = do_mknodat(p.base, p.path, (type ? type : S_IFREG) |
                     ((uint32_t)mode & S_IALLUGO & ~fs_umask), dev);
    upath_put(&p);
    return err;
}

/* mknod: mknodat from the cwd. */
long sys_mknod(const char *path, int mode, uint32_t dev)
{
    return sys_mknodat(AT_FDCWD, path, mode, dev);
}

#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE  2
#define RENAME_WHITEOUT  4

/* renameat2: RENAME_NOREPLACE fails with -EEXIST if the new name exists
 * (nothing sleeps between the look and the rename, so no one can make it
 * in between).  RENAME_EXCHANGE and RENAME_WHITEOUT are not supported:
 * -EINVAL, as from a file system without them. */
long sys_renameat2(int olddirfd, const char *uold, int newdirfd,
                   const char *unew, uint32_t flags)
{
    if (flags & ~(uint32_t)RENAME_NOREPLACE)
        return -EINVAL;
    if (flags & RENAME_NOREPLACE) {
        struct upath n;
        struct inode *ip;
        int err = upath_get(newdirfd, unew, &n);
        if (err)
            return err;
        err = path_lookup(n.base, n.path, 0, &ip);
        upath_put(&n);
        if (err == 0) {
            inode_put(ip);
            return -EEXIST;
        }
        if (err != -ENOENT)
            return err;
    }
    return sys_renameat(olddirfd, uold, newdirfd, unew);
}
