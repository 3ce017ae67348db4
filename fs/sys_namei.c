/*
 * fs/sys_namei.c - calls that make, remove, link and rename names.  Each
 * copies its paths in, finds the base directory, and hands the work to
 * fs/namei.c.
 */
#include "fs/syscalls.h"
#include "fs/fcntl.h"
#include "fs/namei.h"
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
