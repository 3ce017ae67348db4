/*
 * fs/pipe.c - pipes.
 *
 * A pipe is an inode of type FIFO with no name, and two open files on it:
 * the read end and the write end.  The bytes wait in a ring buffer.
 * Readers sleep on &p->readers until bytes arrive; writers sleep on
 * &p->writers until there is room.  Every change wakes the other side,
 * and poll().
 */
#include "fs/pipe.h"
#include "fs/fcntl.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "mm/kheap.h"
#include "mm/uaccess.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/signal.h"

#define FIONREAD 0x541B

/* The smaller of two counts. */
static uint32_t min_u32(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

/* Make the pipe's buffer, its nameless FIFO inode, and the two ends. */
int pipe_create(struct file **rf, struct file **wf)
{
    struct pipe *p = kzalloc(sizeof *p);
    char *buf = p ? kmalloc(PIPE_SIZE) : NULL;
    struct inode *ip = buf ? inode_alloc(S_IFIFO | 0600) : NULL;
    if (!ip) {
        kfree(buf);
        kfree(p);
        return -ENOMEM;
    }
    p->buf = buf;
    ip->pipe = p;
    int err = file_alloc(ip, O_RDONLY, rf);
    if (err == 0) {
        p->readers = 1;
        err = file_alloc(ip, O_WRONLY, wf);
        if (err == 0)
            p->writers = 1;
        else
            file_put(*rf);
    }
    inode_put(ip);               /* the files hold the pipe now */
    return err;
}

/* The pipe's inode is being freed: both ends are closed. */
void pipe_free(struct pipe *p)
{
    kfree(p->buf);
    kfree(p);
}

/* Wait for bytes, then take as many as are there (up to n).  Returns 0
 * once the pipe is empty and every writer has closed. */
static long pipe_read(struct file *f, char *ubuf, uint32_t n, uint32_t *pos)
{
    (void)pos;
    struct pipe *p = f->inode->pipe;
    if (n == 0)
        return 0;
    while (p->count == 0) {
        if (p->writers == 0)
            return 0;
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (sleep_on(&p->readers) < 0)
            return -EINTR;
    }
    n = min_u32(n, p->count);
    uint32_t done = 0;
    while (done < n) {
        uint32_t piece = min_u32(n - done, PIPE_SIZE - p->head);
        if (copy_to_user(ubuf + done, p->buf + p->head, piece) < 0) {
            if (done == 0)
                return -EFAULT;
            break;
        }
        p->head = (p->head + piece) % PIPE_SIZE;
        p->count -= piece;
        done += piece;
    }
    wakeup(&p->writers);
    poll_wakeup();
    return done;
}

/* Queue n bytes, sleeping while the pipe is full.  A write of at most
 * PIPE_BUF bytes is never split.  With no reader left: SIGPIPE and
 * -EPIPE. */
static long pipe_write(struct file *f, const char *ubuf, uint32_t n, uint32_t *pos)
{
    (void)pos;
    struct pipe *p = f->inode->pipe;
    uint32_t done = 0;
    while (done < n) {
        if (p->readers == 0) {
            signal_send(current, SIGPIPE);
            return done ? (long)done : -EPIPE;
        }
        uint32_t room = PIPE_SIZE - p->count, want = n - done;
        if (room == 0 || (n <= PIPE_BUF && room < want)) {
            if (f->flags & O_NONBLOCK)
                return done ? (long)done : -EAGAIN;
            if (sleep_on(&p->writers) < 0)
                return done ? (long)done : -EINTR;
            continue;
        }
        uint32_t chunk = min_u32(room, want);
        while (chunk > 0) {
            uint32_t tail = (p->head + p->count) % PIPE_SIZE;
            uint32_t piece = min_u32(chunk, PIPE_SIZE - tail);
            if (copy_from_user(p->buf + tail, ubuf + done, piece) < 0)
                return done ? (long)done : -EFAULT;
            p->count += piece;
            done += piece;
            chunk -= piece;
        }
        wakeup(&p->readers);
        poll_wakeup();
    }
    return done;
}

/* Readable with bytes queued; writable with room for PIPE_BUF;
 * POLLHUP when the writers are gone, POLLERR when the readers are. */
static int pipe_poll(struct file *f)
{
    struct pipe *p = f->inode->pipe;
    int mask = 0;
    if (file_readable(f)) {
        if (p->count > 0)
            mask |= POLLIN | POLLRDNORM;
        if (p->writers == 0)
            mask |= POLLHUP;
    }
    if (file_writable(f)) {
        if (PIPE_SIZE - p->count >= PIPE_BUF)
            mask |= POLLOUT | POLLWRNORM;
        if (p->readers == 0)
            mask |= POLLERR;
    }
    return mask;
}

/* FIONREAD: how many bytes are queued. */
static long pipe_ioctl(struct file *f, uint32_t cmd, unsigned long arg)
{
    if (cmd != FIONREAD)
        return -ENOTTY;
    int n = (int)f->inode->pipe->count;
    return copy_to_user((void *)arg, &n, sizeof n);
}

/* One end is closed for good: wake the other side so it can see it. */
static void pipe_release(struct file *f)
{
    struct pipe *p = f->inode->pipe;
    if (file_readable(f))
        p->readers--;
    if (file_writable(f))
        p->writers--;
    wakeup(&p->readers);
    wakeup(&p->writers);
    poll_wakeup();
}

const struct file_operations pipe_file_ops = {
    .read = pipe_read,
    .write = pipe_write,
    .ioctl = pipe_ioctl,
    .poll = pipe_poll,
    .release = pipe_release,
};
