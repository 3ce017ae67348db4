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
#include "fs/uio.h"
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

/*
 * Linux keeps a pipe's bytes in page-sized buffers and counts a partial
 * transfer in whole buffers (pipe_read and pipe_write in fs/pipe.c): a
 * read stops at the first buffer it cannot copy out whole, leaving that
 * buffer queued; a write stops at the first page-sized piece it cannot
 * copy in whole, and that piece never appears.  So a read or write whose
 * buffer runs into a hole moves the bytes of the whole buffers before
 * it, or fails with -EFAULT.  Pagoda's ring keeps the same boundaries in
 * p->unit[] so that it gives the same counts.
 *
 * A write's pieces: if the pipe is not empty and the write's last
 * n % PIPE_UNIT bytes fit in the newest buffer, that many bytes first go
 * there (merged); then pieces of PIPE_UNIT bytes, each a new buffer, the
 * last one shorter.  Two neighbouring buffers thus hold more than a page.
 */

/* The smallest of the write's piece boundaries at or below x: 0, then
 * `first`, then every PIPE_UNIT bytes, and the end n. */
static uint32_t unit_floor(uint32_t x, uint32_t first, uint32_t n)
{
    if (x >= n)
        return n;
    if (x < first)
        return 0;
    return first + (x - first) / PIPE_UNIT * PIPE_UNIT;
}

/* Account k more bytes, bytes [at, at + k) of a write whose first piece
 * ends at `first` and merges into the newest buffer if `merge`. */
static void units_append(struct pipe *p, uint32_t at, uint32_t k, uint32_t first, int merge)
{
    while (k > 0) {
        uint32_t end = at < first ? first
                                  : first + ((at - first) / PIPE_UNIT + 1) * PIPE_UNIT;
        uint32_t piece = min_u32(k, end - at);
        int boundary = at == 0 ? !merge : at == first || (at - first) % PIPE_UNIT == 0;
        if ((boundary || p->units == 0) && p->units < PIPE_UNITS) {
            p->unit[(p->unit_head + p->units) % PIPE_UNITS] = (uint16_t)piece;
            p->units++;
            p->last_fill = piece;
        } else {
            p->unit[(p->unit_head + p->units - 1) % PIPE_UNITS] += (uint16_t)piece;
            p->last_fill += piece;
        }
        p->count += piece;
        at += piece;
        k -= piece;
    }
}

/* Drop k read bytes from the oldest buffer (k is at most its length). */
static void units_consume(struct pipe *p, uint32_t k)
{
    p->head = (p->head + k) % PIPE_SIZE;
    p->count -= k;
    p->unit[p->unit_head] -= (uint16_t)k;
    if (p->unit[p->unit_head] == 0) {
        p->unit_head = (p->unit_head + 1) % PIPE_UNITS;
        p->units--;
    }
}

/* Copy n queued bytes from the oldest to the request at offset off;
 * returns how many the program's memory took. */
static uint32_t ring_copy_out(struct pipe *p, const struct uio *u, uint32_t off, uint32_t n)
{
    uint32_t first = min_u32(n, PIPE_SIZE - p->head);
    uint32_t got = uio_copy_out(u, off, p->buf + p->head, first);
    if (got < first || first == n)
        return got;
    return first + uio_copy_out(u, off + first, p->buf, n - first);
}

/* Copy n bytes of the request at offset off into the free part of the
 * ring (not yet counted as queued); returns how many were readable. */
static uint32_t ring_copy_in(struct pipe *p, const struct uio *u, uint32_t off, uint32_t n)
{
    uint32_t tail = (p->head + p->count) % PIPE_SIZE;
    uint32_t first = min_u32(n, PIPE_SIZE - tail);
    uint32_t got = uio_copy_in(p->buf + tail, u, off, first);
    if (got < first || first == n)
        return got;
    return first + uio_copy_in(p->buf, u, off + first, n - first);
}

/* Wait for bytes, then take as many as are there (up to the request),
 * buffer by buffer.  Returns 0 once the pipe is empty and every writer
 * has closed. */
static long pipe_read(struct file *f, const struct uio *u, uint32_t *pos)
{
    (void)pos;
    struct pipe *p = f->inode->pipe;
    uint32_t n = u->total;
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
    uint32_t done = 0;
    while (done < n && p->units > 0) {
        uint32_t take = min_u32(p->unit[p->unit_head], n - done);
        if (ring_copy_out(p, u, done, take) < take)
            break;                        /* a hole: this buffer stays */
        units_consume(p, take);
        done += take;
    }
    if (done == 0)
        return -EFAULT;
    wakeup(&p->writers);
    poll_wakeup();
    return done;
}

/* Queue the request, sleeping while the pipe is full.  A write of at
 * most PIPE_BUF bytes is never split.  With no reader left: SIGPIPE and
 * -EPIPE. */
static long pipe_write(struct file *f, const struct uio *u, uint32_t *pos)
{
    (void)pos;
    struct pipe *p = f->inode->pipe;
    uint32_t n = u->total, done = 0;
    uint32_t tail_bytes = n % PIPE_UNIT;
    int merge = p->units > 0 && tail_bytes && p->last_fill + tail_bytes <= PIPE_UNIT;
    uint32_t first = merge ? tail_bytes : PIPE_UNIT;
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
        uint32_t got = ring_copy_in(p, u, done, chunk);
        uint32_t upto = got == chunk ? done + chunk : unit_floor(done + got, first, n);
        if (upto > done)
            units_append(p, done, upto - done, first, merge);
        if (upto > done || got == chunk) {
            done = upto;
            wakeup(&p->readers);
            poll_wakeup();
        }
        if (got < chunk)                  /* a hole: whole pieces only */
            return done ? (long)done : -EFAULT;
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
    .read_iov = pipe_read,
    .write_iov = pipe_write,
    .ioctl = pipe_ioctl,
    .poll = pipe_poll,
    .release = pipe_release,
};
