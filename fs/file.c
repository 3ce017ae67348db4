/*
 * fs/file.c - open files: creating and dropping them, reading and
 * writing through their operations, and the operations of regular files.
 */
#include "fs/file.h"
#include "fs/fcntl.h"
#include "fs/procfs.h"
#include "fs/ramfs.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "mm/kheap.h"
#include "proc/sched.h"

char poll_chan;

/* Wake every poll() so it looks at its files again. */
void poll_wakeup(void)
{
    wakeup(&poll_chan);
}

/* The operations that fit the inode's type. */
static const struct file_operations *ops_for(struct inode *ip)
{
    if (ip->proc)
        return procfs_ops(ip);
    switch (ip->mode & S_IFMT) {
    case S_IFREG:
        return &ramfs_file_ops;
    case S_IFDIR:
        return &dir_file_ops;
    case S_IFIFO:
        return ip->pipe ? &pipe_file_ops : NULL;  /* no named FIFOs */
    case S_IFCHR:
        return chrdev_ops(ip->rdev);
    default:
        return NULL;             /* symlinks are never opened themselves */
    }
}

/* Make an open file for `ip`, with the operations of its type. */
int file_alloc(struct inode *ip, uint32_t flags, struct file **out)
{
    const struct file_operations *ops = ops_for(ip);
    if (!ops)
        return -ENXIO;
    struct file *f = kzalloc(sizeof *f);
    if (!f)
        return -ENOMEM;
    f->refcount = 1;
    f->flags = flags & O_FILE_FLAGS;
    f->inode = ip;
    inode_get(ip);
    f->ops = ops;
    int err = ops->open ? ops->open(f) : 0;
    if (err < 0) {
        inode_put(ip);
        kfree(f);
        return err;
    }
    if (S_ISREG(ip->mode) && file_writable(f))
        ip->writers++;           /* exec of it is -ETXTBSY meanwhile */
    *out = f;
    return 0;
}

/* One more descriptor (or kernel user) for the file. */
void file_get(struct file *f)
{
    f->refcount++;
}

/* Drop a reference; the last one lets the file's kind clean up (a pipe
 * end tells the other side) and releases the inode. */
void file_put(struct file *f)
{
    if (--f->refcount > 0)
        return;
    if (f->ops->release)
        f->ops->release(f);
    if (S_ISREG(f->inode->mode) && file_writable(f))
        f->inode->writers--;
    inode_put(f->inode);
    kfree(f);
}

/* read() on a file: -EBADF if it was opened write-only. */
long file_read(struct file *f, char *ubuf, uint32_t n, uint32_t *pos)
{
    if (!file_readable(f))
        return -EBADF;
    if (!f->ops->read)
        return -EINVAL;
    return f->ops->read(f, ubuf, n, pos);
}

/* write() on a file: -EBADF if it was opened read-only. */
long file_write(struct file *f, const char *ubuf, uint32_t n, uint32_t *pos)
{
    if (!file_writable(f))
        return -EBADF;
    if (!f->ops->write)
        return -EINVAL;
    return f->ops->write(f, ubuf, n, pos);
}

/* What poll() sees for `f` now. */
int file_poll(struct file *f)
{
    if (!f->ops->poll)
        return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
    return f->ops->poll(f);
}

/* ---- regular files ------------------------------------------------------ */

/* A regular file reads from its pages and moves the position. */
static long reg_read(struct file *f, char *ubuf, uint32_t n, uint32_t *pos)
{
    long r = ramfs_read(f->inode, ubuf, *pos, n, 1);
    if (r > 0)
        *pos += (uint32_t)r;
    return r;
}

/* O_APPEND writes go to the end, whatever the position says. */
static long reg_write(struct file *f, const char *ubuf, uint32_t n, uint32_t *pos)
{
    if (f->flags & O_APPEND)
        *pos = f->inode->size;
    long r = ramfs_write(f->inode, ubuf, *pos, n, 1);
    if (r > 0)
        *pos += (uint32_t)r;
    return r;
}

const struct file_operations ramfs_file_ops = {
    .read = reg_read,
    .write = reg_write,
    .seekable = 1,
};
