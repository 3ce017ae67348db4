/*
 * fs/sys_fadvise.c - posix_fadvise's calls, fadvise64 and fadvise64_64.
 *
 * All data is in memory, so advice changes nothing; the calls check their
 * arguments as Linux's generic_fadvise does for a file system without a
 * backing device (tmpfs): -EBADF, -ESPIPE for a pipe, -EINVAL for a
 * negative length or an unknown advice.
 */
#include "fs/syscalls.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kernel/errno.h"

#define POSIX_FADV_NOREUSE 5     /* the highest advice (0..5 are valid) */

/* Check the advice against the open file; nothing to do beyond that. */
static long fadvise(int fd, int64_t len, int advice)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    long err = 0;
    if (S_ISFIFO(f->inode->mode))
        err = -ESPIPE;
    else if (len < 0 || advice < 0 || advice > POSIX_FADV_NOREUSE)
        err = -EINVAL;
    file_put(f);
    return err;
}

/* fadvise64_64(fd, offset lo, hi, len lo, hi, advice): i386 splits each
 * 64-bit value into two registers, low first. */
long sys_fadvise64_64(int fd, uint32_t off_lo, uint32_t off_hi,
                      uint32_t len_lo, uint32_t len_hi, int advice)
{
    (void)off_lo;
    (void)off_hi;
    return fadvise(fd, (int64_t)((uint64_t)len_hi << 32 | len_lo), advice);
}

/* fadvise64(fd, offset lo, hi, len, advice): a 32-bit length. */
long sys_fadvise64(int fd, uint32_t off_lo, uint32_t off_hi, uint32_t len,
                   int advice)
{
    (void)off_lo;
    (void)off_hi;
    return fadvise(fd, (int64_t)len, advice);
}
