/*
 * libc/dirent.c - reading directories with getdents64.
 *
 * A DIR holds an open directory and a buffer of linux_dirent64 records;
 * readdir hands them out one at a time and refills the buffer when it
 * runs dry.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "libc/libc.h"

struct DIR {
    int fd;
    size_t pos, len;             /* next record and end of valid data */
    char buf[4096] __attribute__((aligned(8)));
};

/* The raw call: fill buf with records; 0 at the end of the directory. */
ssize_t getdents64(int fd, void *buf, size_t size)
{
    return __sysret(sys3(SYS_getdents64, fd, (long)buf, size));
}

/* Start reading the directory open on fd (which the DIR now owns). */
DIR *fdopendir(int fd)
{
    DIR *d = malloc(sizeof(DIR));
    if (!d)
        return NULL;
    d->fd = fd;
    d->pos = d->len = 0;
    return d;
}

/* Open a directory for reading. */
DIR *opendir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    DIR *d = fdopendir(fd);
    if (!d)
        close(fd);
    return d;
}

/* The next entry ("." and ".." included), or NULL at the end or on an
 * error (then errno says which).  The entry lives until the next call. */
struct dirent *readdir(DIR *d)
{
    if (d->pos >= d->len) {
        ssize_t n = getdents64(d->fd, d->buf, sizeof(d->buf));
        if (n <= 0)
            return NULL;
        d->pos = 0;
        d->len = n;
    }
    struct dirent *e = (struct dirent *)(d->buf + d->pos);
    if (e->d_reclen == 0 || d->pos + e->d_reclen > d->len) {
        d->pos = d->len = 0;     /* a malformed record: stop here */
        errno = EIO;
        return NULL;
    }
    d->pos += e->d_reclen;
    return e;
}

/* Go back to the first entry. */
void rewinddir(DIR *d)
{
    lseek(d->fd, 0, SEEK_SET);
    d->pos = d->len = 0;
}

/* Close the directory and free the DIR. */
int closedir(DIR *d)
{
    int r = close(d->fd);
    free(d);
    return r;
}

/* The descriptor a DIR reads from. */
int dirfd(DIR *d)
{
    return d->fd;
}
