/*
 * fs/sys_rw.c - read, write and their variants (at an offset, scattered
 * over several buffers), and moving the file position.
 */
#include "fs/syscalls.h"
#include "fs/fcntl.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "mm/uaccess.h"

#define MAX_RW_COUNT 0x7ffff000u /* Linux's cap on one transfer */
#define UIO_MAXIOV   1024

/* One transfer through the file's operations at *pos. */
static long do_rw(struct file *f, int write, char *ubuf, uint32_t n, uint32_t *pos)
{
    if (n > MAX_RW_COUNT)
        n = MAX_RW_COUNT;
    if (write)
        return file_write(f, ubuf, n, pos);
    return file_read(f, ubuf, n, pos);
}

/* read/write at the file's own position. */
static long rw_fd(int fd, int write, char *ubuf, uint32_t n)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    long r = do_rw(f, write, ubuf, n, &f->pos);
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
    long r;
    if (!f->ops->seekable) {
        r = -ESPIPE;
    } else if (off > MAX_FILE_SIZE) {
        r = write ? -EFBIG : 0;
    } else {
        uint32_t pos = (uint32_t)off;
        r = do_rw(f, write, ubuf, n, &pos);
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

/* readv/writev: one buffer after the other, stopping at a short count. */
static long rwv_fd(int fd, int write, const struct iovec *uiov, int cnt)
{
    if (cnt < 0 || cnt > UIO_MAXIOV)
        return -EINVAL;
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    long total = 0;
    for (int i = 0; i < cnt; i++) {
        struct iovec iov;
        if (copy_from_user(&iov, uiov + i, sizeof iov) < 0) {
            if (total == 0)
                total = -EFAULT;
            break;
        }
        uint32_t len = (uint32_t)iov.iov_len;
        if (len > MAX_RW_COUNT - (uint32_t)total)
            len = MAX_RW_COUNT - (uint32_t)total;
        if (len == 0)
            continue;
        long r = do_rw(f, write, iov.iov_base, len, &f->pos);
        if (r < 0) {
            if (total == 0)
                total = r;
            break;
        }
        total += r;
        if ((uint32_t)r < len)
            break;
    }
    file_put(f);
    return total;
}

/* readv: fill the buffers in order. */
long sys_readv(int fd, const struct iovec *iov, int cnt)
{
    return rwv_fd(fd, 0, iov, cnt);
}

/* writev: glibc writes its fatal messages with it. */
long sys_writev(int fd, const struct iovec *iov, int cnt)
{
    return rwv_fd(fd, 1, iov, cnt);
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
