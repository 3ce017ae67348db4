/*
 * fs/sys_rw.c - read, write and their variants (at an offset, scattered
 * over several buffers), and moving the file position.
 */
#include "fs/syscalls.h"
#include "fs/fcntl.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "fs/uio.h"
#include "kernel/errno.h"
#include "mm/kheap.h"
#include "mm/uaccess.h"

#define UIO_MAXIOV  1024          /* Linux's cap on readv/writev's pieces */
#define UIO_FASTIOV 8             /* this many are copied onto the stack */

/*
 * read, write and their variants check in Linux's order (vfs_read and
 * do_iter_read in fs/read_write.c): the descriptor (-EBADF), its access
 * mode (-EBADF), whether its kind can do it (-EINVAL), then that the
 * whole buffer lies in user space (-EFAULT, before anything moves).  A
 * buffer that runs into a hole (an unmapped, PROT_NONE, or for reads a
 * read-only page) then transfers what comes before the hole and returns
 * that count; -EFAULT only if that is nothing.  How much "before the
 * hole" is depends on the kind of file (fs/uio.h): every byte for files,
 * devices and /proc; whole pipe buffers and terminal chunks for those.
 */

/* One buffer at *pos: checked, capped at MAX_RW_COUNT, transferred. */
static long rw_buffer(struct file *f, int write, char *ubuf, uint32_t n, uint32_t *pos)
{
    long err = file_rw_check(f, write);
    if (err)
        return err;
    if (!access_ok(ubuf, n))
        return -EFAULT;
    struct iovec piece = { ubuf, n < MAX_RW_COUNT ? n : MAX_RW_COUNT };
    struct uio u = { &piece, 1, (uint32_t)piece.iov_len };
    return file_transfer(f, write, &u, pos);
}

/* read/write at the file's own position. */
static long rw_fd(int fd, int write, char *ubuf, uint32_t n)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    long r = rw_buffer(f, write, ubuf, n, &f->pos);
    file_put(f);
    return r;
}

/* read: short counts are normal (pipes, the console, EOF). */
long sys_read(int fd, char *buf, uint32_t n)
{
    return rw_fd(fd, 0, buf, n);
}

/* write: at the position (or the end, with O_APPEND). */
long sys_write(int fd, const char *buf, uint32_t n)
{
    return rw_fd(fd, 1, (char *)buf, n);
}

/* pread64/pwrite64: at a given offset, leaving the position alone. */
static long prw_fd(int fd, int write, char *ubuf, uint32_t n, uint32_t lo,
                   uint32_t hi)
{
    int64_t off = (int64_t)((uint64_t)hi << 32 | lo);
    if (off < 0)
        return -EINVAL;
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    /* Linux's order (ksys_pread64, vfs_read): -ESPIPE, then the checks
     * of read/write, then the offset. */
    long r = f->ops->seekable ? file_rw_check(f, write) : -ESPIPE;
    if (r == 0 && !access_ok(ubuf, n))
        r = -EFAULT;
    if (r == 0 && off > MAX_FILE_SIZE) {
        r = write ? -EFBIG : 0;            /* past the largest file */
    } else if (r == 0) {
        uint32_t pos = (uint32_t)off;
        r = rw_buffer(f, write, ubuf, n, &pos);
    }
    file_put(f);
    return r;
}

/* pread64: the offset in two halves, low first. */
long sys_pread64(int fd, char *buf, uint32_t n, uint32_t lo, uint32_t hi)
{
    return prw_fd(fd, 0, buf, n, lo, hi);
}

/* pwrite64: the offset in two halves, low first. */
long sys_pwrite64(int fd, const char *buf, uint32_t n, uint32_t lo, uint32_t hi)
{
    return prw_fd(fd, 1, (char *)buf, n, lo, hi);
}

/*
 * Copy readv/writev's pieces in and check them all before any transfer,
 * as Linux's import_iovec does (lib/iov_iter.c): more than UIO_MAXIOV
 * (a negative count is a huge one) is -EINVAL; an unreadable array is
 * -EFAULT; a length that is negative as an ssize_t is -EINVAL; a piece
 * that leaves user space is -EFAULT; and a total past MAX_RW_COUNT is
 * cut there (the piece that reaches it is shortened, the rest emptied).
 * The copies go in `stack` or, for more than UIO_FASTIOV, a kmalloc'd
 * array left in *heap for the caller to free.
 */
static long import_iovec(const struct iovec *uiov, uint32_t cnt, struct iovec *stack,
                         struct iovec **heap, struct uio *u)
{
    *heap = NULL;
    if (cnt > UIO_MAXIOV)
        return -EINVAL;
    struct iovec *iov = stack;
    if (cnt > UIO_FASTIOV && !(iov = *heap = kmalloc(cnt * sizeof *iov)))
        return -ENOMEM;
    if (cnt && copy_from_user(iov, uiov, cnt * sizeof *iov) < 0)
        return -EFAULT;              /* (no pieces: the array is not read) */
    uint32_t total = 0;
    for (uint32_t i = 0; i < cnt; i++) {
        uint32_t len = (uint32_t)iov[i].iov_len;
        if ((int32_t)len < 0)
            return -EINVAL;
        if (!access_ok(iov[i].iov_base, len))
            return -EFAULT;
        if (len > MAX_RW_COUNT - total)
            iov[i].iov_len = len = MAX_RW_COUNT - total;
        total += len;
    }
    *u = (struct uio){ iov, cnt, total };
    return 0;
}

/* readv/writev: the pieces in order, as one request. */
static long rwv_fd(int fd, int write, const struct iovec *uiov, uint32_t cnt)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    struct iovec stack[UIO_FASTIOV], *heap;
    struct uio u;
    long r = import_iovec(uiov, cnt, stack, &heap, &u);
    if (r == 0)
        r = file_rw_check(f, write);
    if (r == 0 && u.total > 0)
        r = file_transfer(f, write, &u, &f->pos);
    kfree(heap);
    file_put(f);
    return r;
}

/* readv: fill the buffers in order. */
long sys_readv(int fd, const struct iovec *iov, int cnt)
{
    return rwv_fd(fd, 0, iov, (uint32_t)cnt);
}

/* writev: glibc writes its fatal messages with it. */
long sys_writev(int fd, const struct iovec *iov, int cnt)
{
    return rwv_fd(fd, 1, iov, (uint32_t)cnt);
}

/* The new position for lseek, or -errno.  Pipes and terminals have no
 * position: -ESPIPE (ash checks this on stdin). */
static int64_t file_seek(struct file *f, int64_t off, int whence)
{
    if (!f->ops->seekable)
        return -ESPIPE;
    int64_t base;
    if (whence == SEEK_SET)
        base = 0;
    else if (whence == SEEK_CUR)
        base = f->pos;
    else if (whence == SEEK_END)
        base = f->inode->size;
    else
        return -EINVAL;
    int64_t pos = base + off;
    if (pos < 0 || pos > MAX_FILE_SIZE)
        return -EINVAL;
    f->pos = (uint32_t)pos;
    return pos;
}

/* lseek: a 32-bit offset; returns the new position. */
long sys_lseek(int fd, int32_t off, int whence)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    int64_t r = file_seek(f, off, whence);
    file_put(f);
    return (long)r;
}

/* _llseek: a 64-bit offset in two halves; the result goes to *result. */
long sys_llseek(int fd, uint32_t hi, uint32_t lo, int64_t *result, int whence)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    uint32_t old = f->pos;
    int64_t r = file_seek(f, (int64_t)((uint64_t)hi << 32 | lo), whence);
    if (r >= 0 && copy_to_user(result, &r, sizeof r) < 0) {
        f->pos = old;
        r = -EFAULT;
    }
    file_put(f);
    return r < 0 ? (long)r : 0;
}
