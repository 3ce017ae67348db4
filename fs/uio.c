/*
 * fs/uio.c - copying to and from a request's pieces (see fs/uio.h).
 */
#include "fs/uio.h"
#include "mm/uaccess.h"

/* Walk the pieces that hold bytes [off, off + n) of the request, copying
 * each part with the prefix copies of mm/uaccess.h; stop at the first
 * part that could not be copied whole.  Returns the bytes copied. */
static uint32_t uio_copy(const struct uio *u, uint32_t off, char *kbuf, uint32_t n,
                         int to_user)
{
    uint32_t done = 0;
    for (uint32_t i = 0; i < u->cnt && done < n; i++) {
        uint32_t len = (uint32_t)u->iov[i].iov_len;
        if (off >= len) {
            off -= len;
            continue;
        }
        char *base = (char *)u->iov[i].iov_base + off;
        uint32_t want = len - off < n - done ? len - off : n - done;
        uint32_t got = to_user ? copy_to_user_prefix(base, kbuf + done, want)
                               : copy_from_user_prefix(kbuf + done, base, want);
        done += got;
        if (got < want)
            break;
        off = 0;
    }
    return done;
}

uint32_t uio_copy_out(const struct uio *u, uint32_t off, const void *src, uint32_t n)
{
    return uio_copy(u, off, (char *)src, n, 1);     /* src is only read */
}

uint32_t uio_copy_in(void *dst, const struct uio *u, uint32_t off, uint32_t n)
{
    return uio_copy(u, off, dst, n, 0);
}
