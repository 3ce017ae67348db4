/*
 * fs/sys_dir.c - the current directory: chdir, fchdir and getcwd.
 */
#include "fs/syscalls.h"
#include "fs/fcntl.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/path.h"
#include "fs/procfs.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "mm/kheap.h"
#include "mm/uaccess.h"
#include "proc/proc.h"

/* Make `ip` (a referenced inode) the cwd, or fail without keeping it. */
static long set_cwd(struct inode *ip)
{
    if (!S_ISDIR(ip->mode)) {
        inode_put(ip);
        return -ENOTDIR;
    }
    if (!current || procfs_stale(ip)) {
        inode_put(ip);
        return current ? -ESRCH : -EINVAL;
    }
    struct inode *old = current->cwd;
    current->cwd = ip;
    inode_put(old);
    return 0;
}

/* chdir: the path must name a directory. */
long sys_chdir(const char *upath)
{
    char *path;
    struct inode *ip;
    int err = getname(upath, &path);
    if (err)
        return err;
    if (path[0] == '\0')
        err = -ENOENT;
    else
        err = path_lookup(cwd_inode(), path, LOOKUP_FOLLOW, &ip);
    putname(path);
    return err ? err : set_cwd(ip);
}

/* fchdir: to the directory open as fd. */
long sys_fchdir(int fd)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    struct inode *ip = f->inode;
    inode_get(ip);
    file_put(f);
    return set_cwd(ip);
}

/* The cwd's absolute path.  Linux returns its length with the NUL. */
long sys_getcwd(char *ubuf, uint32_t size)
{
    if (size == 0)
        return -ERANGE;
    uint32_t room = size < PATH_MAX ? size : PATH_MAX;
    char *kbuf = kmalloc(room);
    if (!kbuf)
        return -ENOMEM;
    long len = inode_path(cwd_inode(), kbuf, room);
    if (len >= 0 && copy_to_user(ubuf, kbuf, (uint32_t)len + 1) < 0)
        len = -EFAULT;
    kfree(kbuf);
    return len < 0 ? len : len + 1;
}
