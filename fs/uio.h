/*
 * fs/uio.h - a user buffer in pieces: what read/write (one piece) and
 * readv/writev (up to UIO_MAXIOV pieces) ask a file to fill or drain.
 *
 * Most kinds of file are read and written a piece at a time.  Pipes and
 * terminals see the whole request at once (file_operations' read_iov and
 * write_iov), because Linux counts their partial transfers in units that
 * may span pieces: a pipe buffer (a page), a terminal's 2048-byte write
 * chunk.  A unit that cannot be copied whole is not transferred at all.
 */
#ifndef FS_UIO_H
#define FS_UIO_H

#include <stdint.h>
#include "fs/syscalls.h"         /* struct iovec */

struct uio {
    const struct iovec *iov;     /* kernel copies of the pieces, checked */
    uint32_t cnt;
    uint32_t total;              /* bytes in all pieces (<= MAX_RW_COUNT) */
};

/* Copy n bytes between the kernel and the request's bytes [off, off + n),
 * as far as the program's memory allows; returns the bytes copied. */
uint32_t uio_copy_out(const struct uio *u, uint32_t off, const void *src, uint32_t n);
uint32_t uio_copy_in(void *dst, const struct uio *u, uint32_t off, uint32_t n);

#endif
