/*
 * fs/file.c - open files: creating and dropping them, reading and
 * writing through their operations, and the operations of regular files.
 */
#include "fs/file.h"
#include "fs/fcntl.h"
#include "fs/procfs.h"
#include "fs/uio.h"
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
    if (ip->anon_ops)
        return ip->anon_ops;
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

/* -EBADF against the open mode, -EINVAL if the kind has no such op. */
long file_rw_check(const struct file *f, int write)
{
    if (!(write ? file_writable(f) : file_readable(f)))
        return -EBADF;
    if (write ? !f->ops->write && !f->ops->write_iov : !f->ops->read && !f->ops->read_iov)
        return -EINVAL;
    return 0;
}

/* The request piece by piece, for the kinds that count bytes one by one
 * (regular files, devices, /proc): stop after a short piece, keeping
 * what the earlier pieces did; an error counts only if it came first. */
static long transfer_pieces(struct file *f, int write, const struct uio *u, uint32_t *pos)
{
    long total = 0;
    for (uint32_t i = 0; i < u->cnt; i++) {
        char *buf = u->iov[i].iov_base;
        uint32_t len = (uint32_t)u->iov[i].iov_len;
        if (len == 0)
            continue;
        long r = write ? f->ops->write(f, buf, len, pos) : f->ops->read(f, buf, len, pos);
        if (r < 0)
            return total ? total : r;
        total += r;
        if ((uint32_t)r < len)
            break;
    }
    return total;
}

long file_transfer(struct file *f, int write, const struct uio *u, uint32_t *pos)
{
    if (write && f->ops->write_iov)
        return f->ops->write_iov(f, u, pos);
    if (!write && f->ops->read_iov)
        return f->ops->read_iov(f, u, pos);
    return transfer_pieces(f, write, u, pos);
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
