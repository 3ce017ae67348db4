/*
 * fs/open.c - open(2) without the system call around it: find or create
 * the inode, check the flags against it, and make the open file.
 */
#include "fs/fcntl.h"
#include "fs/file.h"
#include "fs/path.h"
#include "fs/ramfs.h"
#include "fs/vfs.h"
#include "kernel/errno.h"

/* O_CREAT: the file `path` names, made with `mode` if it does not exist
 * (the system call has applied the umask). */
static int open_create(struct inode *base, const char *path, uint32_t flags,
                       uint32_t mode, struct inode **out)
{
    char name[NAME_MAX + 1];
    struct inode *dir;
    int err = path_lookup_parent(base, path, &dir, name);
    if (err)
        return err;
    struct dentry *d = ramfs_find(dir, name);
    if (name_is_dots(name) || path_has_trailing_slash(path))
        err = -EISDIR;           /* it is, or would have to be, a directory */
    else if (d && (flags & O_EXCL))
        err = -EEXIST;
    else if (d)
        err = path_lookup(dir, name, flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW, out);
    else
        err = ramfs_create(dir, name, S_IFREG | (mode & S_IALLUGO),
                           0, out);
    inode_put(dir);
    return err;
}

/* Flags that make no sense for this inode. */
static int open_check(struct inode *ip, uint32_t flags)
{
    if (S_ISLNK(ip->mode))
        return -ELOOP;           /* O_NOFOLLOW met a symlink */
    if ((flags & O_DIRECTORY) && !S_ISDIR(ip->mode))
        return -ENOTDIR;
    if (S_ISDIR(ip->mode) &&
        ((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT)))
        return -EISDIR;
    if ((flags & O_ACCMODE) != O_RDONLY)
        return inode_write_permission(ip);   /* a running program: ETXTBSY */
    return 0;
}

/* open(2) (see fs/file.h): find or create, check, truncate, open. */
int vfs_open(struct inode *base, const char *path, uint32_t flags,
             uint32_t mode, struct file **out)
{
    struct inode *ip;
    int err;
    if (!base)
        base = cwd_inode();
    if (flags & O_CREAT)
        err = open_create(base, path, flags, mode, &ip);
    else
        err = path_lookup(base, path, flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW, &ip);
    if (err)
        return err;
    err = open_check(ip, flags);
    if (err == 0 && (flags & O_TRUNC) && S_ISREG(ip->mode) &&
        (flags & O_ACCMODE) != O_RDONLY)
        err = ramfs_truncate(ip, 0);
    if (err == 0)
        err = file_alloc(ip, flags, out);
    inode_put(ip);
    return err;
}
