/*
 * libc/stdio.c - FILE streams: the three standard streams, opening,
 * closing, buffering, flushing and seeking.  Reading and writing bytes
 * is in libc/stdio_rw.c, printf in libc/printf.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libc/libc.h"
#include "libc/stdio_impl.h"

static unsigned char stdin_buf[BUFSIZ], stdout_buf[BUFSIZ];

/* The standard streams, chained into the list of open streams.  stdout
 * is line-buffered, stderr unbuffered. */
static FILE std_streams[3] = {
    { .fd = 0, .flags = F_READ, .mode = _IOFBF, .buf = stdin_buf,
      .size = BUFSIZ, .ungot = EOF, .next = &std_streams[1] },
    { .fd = 1, .flags = F_WRITE, .mode = _IOLBF, .buf = stdout_buf,
      .size = BUFSIZ, .ungot = EOF, .next = &std_streams[2] },
    { .fd = 2, .flags = F_WRITE, .mode = _IONBF, .buf = &std_streams[2].one,
      .size = 1, .ungot = EOF, .next = NULL },
};

FILE *stdin = &std_streams[0];
FILE *stdout = &std_streams[1];
FILE *stderr = &std_streams[2];

static FILE *all_streams = &std_streams[0];

/* Write all n bytes, retrying after short writes and signals.  Returns
 * n, or -1 on error. */
ssize_t __stdio_write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, p + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        done += w;
    }
    return n;
}

/* Give f a buffer if it has none yet (setvbuf may have chosen a mode). */
static int ensure_buffer(FILE *f)
{
    if (f->buf)
        return 0;
    if (f->mode == _IONBF) {
        f->buf = &f->one;
        f->size = 1;
        return 0;
    }
    f->buf = malloc(BUFSIZ);
    if (!f->buf) {
        f->flags |= F_ERR;
        return EOF;
    }
    f->size = BUFSIZ;
    f->flags |= F_OWNBUF;
    return 0;
}

/* Write out the bytes waiting in f's buffer. */
int __stdio_flush(FILE *f)
{
    if (f->wlen == 0)
        return 0;
    ssize_t r = __stdio_write_all(f->fd, f->buf, f->wlen);
    f->wlen = 0;
    if (r < 0) {
        f->flags |= F_ERR;
        return EOF;
    }
    return 0;
}

/* Throw away read-ahead, moving the file position back to where the
 * program thinks it is (this fails harmlessly on pipes and terminals). */
static void drop_read_ahead(FILE *f)
{
    off_t unread = (off_t)(f->rlen - f->rpos) + (f->ungot != EOF);
    if (unread)
        lseek(f->fd, -unread, SEEK_CUR);
    f->rpos = f->rlen = 0;
    f->ungot = EOF;
}

/* Switch f to reading: it must be readable, and pending output goes
 * out first. */
int __stdio_prepare_read(FILE *f)
{
    if (!(f->flags & F_READ)) {
        f->flags |= F_ERR;
        errno = EBADF;
        return EOF;
    }
    if (f->wlen && __stdio_flush(f) == EOF)
        return EOF;
    return ensure_buffer(f);
}

/* Switch f to writing: it must be writable, and read-ahead is dropped. */
int __stdio_prepare_write(FILE *f)
{
    if (!(f->flags & F_WRITE)) {
        f->flags |= F_ERR;
        errno = EBADF;
        return EOF;
    }
    if (f->rlen || f->ungot != EOF)
        drop_read_ahead(f);
    return ensure_buffer(f);
}

/* Refill f's read buffer with one read().  A prompt written to stdout
 * without a newline must be visible before we wait for input, so stdout
 * is flushed first.  Returns the bytes read, 0 at end of file, EOF on
 * error. */
int __stdio_fill(FILE *f)
{
    if (f != stdout && stdout->wlen)
        __stdio_flush(stdout);
    ssize_t n;
    do
        n = read(f->fd, f->buf, f->size);
    while (n < 0 && errno == EINTR);
    f->rpos = 0;
    f->rlen = n > 0 ? n : 0;
    if (n == 0)
        f->flags |= F_EOF;
    if (n < 0) {
        f->flags |= F_ERR;
        return EOF;
    }
    return n;
}

/* Translate an fopen mode ("r", "w+", "ab", "re"...) to open() flags
 * and stream flags.  Returns -1 for a bad mode. */
static int parse_mode(const char *mode, int *oflags, int *sflags)
{
    switch (mode[0]) {
    case 'r': *oflags = O_RDONLY; *sflags = F_READ; break;
    case 'w': *oflags = O_WRONLY | O_CREAT | O_TRUNC; *sflags = F_WRITE; break;
    case 'a': *oflags = O_WRONLY | O_CREAT | O_APPEND; *sflags = F_WRITE; break;
    default:
        errno = EINVAL;
        return -1;
    }
    for (const char *m = mode + 1; *m; m++) {
        if (*m == '+') {
            *oflags = (*oflags & ~O_ACCMODE) | O_RDWR;
            *sflags = F_READ | F_WRITE;
        } else if (*m == 'e') {
            *oflags |= O_CLOEXEC;
        } else if (*m == 'x') {
            *oflags |= O_EXCL;
        }                           /* 'b' and others: ignored */
    }
    return 0;
}

/* A new stream on fd, added to the list of open streams. */
static FILE *new_stream(int fd, int sflags)
{
    FILE *f = calloc(1, sizeof(FILE));
    if (!f)
        return NULL;
    f->fd = fd;
    f->flags = sflags;
    f->mode = _IOFBF;
    f->ungot = EOF;
    f->next = all_streams;
    all_streams = f;
    return f;
}

/* Open the file at path as a stream. */
FILE *fopen(const char *path, const char *mode)
{
    int oflags, sflags;
    if (parse_mode(mode, &oflags, &sflags) < 0)
        return NULL;
    int fd = open(path, oflags, 0666);
    if (fd < 0)
        return NULL;
    FILE *f = new_stream(fd, sflags);
    if (!f)
        close(fd);
    return f;
}

/* A stream on a descriptor that is already open. */
FILE *fdopen(int fd, const char *mode)
{
    int oflags, sflags;
    if (parse_mode(mode, &oflags, &sflags) < 0)
        return NULL;
    if (fcntl(fd, F_GETFL) < 0)
        return NULL;                /* fd is not open: EBADF */
    return new_stream(fd, sflags);
}

/* Flush and close a stream.  The standard streams are static, so they
 * are only marked closed; other FILEs are freed. */
int fclose(FILE *f)
{
    int r = 0;
    if (f->flags & F_WRITE)
        r = __stdio_flush(f);
    else if (f->rlen || f->ungot != EOF)
        drop_read_ahead(f);        /* leave the fd where we read up to */
    if (close(f->fd) < 0)
        r = EOF;
    if (f->flags & F_OWNBUF)
        free(f->buf);
    f->flags = 0;
    f->buf = NULL;
    f->rpos = f->rlen = f->wlen = 0;
    for (FILE **p = &all_streams; *p; p = &(*p)->next) {
        if (*p == f) {
            *p = f->next;
            break;
        }
    }
    if (f < &std_streams[0] || f > &std_streams[2])
        free(f);
    return r;
}

/* Write out a stream's pending output; fflush(NULL) does every stream. */
int fflush(FILE *f)
{
    if (f)
        return __stdio_flush(f);
    int r = 0;
    for (FILE *s = all_streams; s; s = s->next)
        if (__stdio_flush(s) == EOF)
            r = EOF;
    return r;
}

/* Called by exit(). */
void __stdio_flush_all(void)
{
    fflush(NULL);
}

/* Choose a stream's buffering before its first I/O: _IOFBF, _IOLBF or
 * _IONBF, with the caller's buffer or (buf NULL) one of ours. */
int setvbuf(FILE *f, char *buf, int mode, size_t size)
{
    if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) {
        errno = EINVAL;
        return -1;
    }
    __stdio_flush(f);
    if (f->flags & F_OWNBUF)
        free(f->buf);
    f->flags &= ~F_OWNBUF;
    f->mode = mode;
    f->buf = NULL;
    f->size = 0;
    f->rpos = f->rlen = 0;
    if (mode != _IONBF && buf && size > 0) {
        f->buf = (unsigned char *)buf;
        f->size = size;
    }
    return 0;
}

/* setvbuf with a BUFSIZ buffer, or unbuffered if buf is NULL. */
void setbuf(FILE *f, char *buf)
{
    setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

/* The descriptor under a stream. */
int fileno(FILE *f)
{
    return f->fd;
}

/* Move the stream's position; the buffer is flushed or discarded. */
int fseek(FILE *f, long off, int whence)
{
    if (__stdio_flush(f) == EOF)
        return -1;
    if (whence == SEEK_CUR)
        off -= (long)(f->rlen - f->rpos) + (f->ungot != EOF);
    f->rpos = f->rlen = 0;
    f->ungot = EOF;
    if (lseek(f->fd, off, whence) < 0)
        return -1;
    f->flags &= ~F_EOF;
    return 0;
}

/* The stream's position as the program sees it. */
long ftell(FILE *f)
{
    off_t pos = lseek(f->fd, 0, SEEK_CUR);
    if (pos < 0)
        return -1;
    pos += f->wlen;
    pos -= (off_t)(f->rlen - f->rpos) + (f->ungot != EOF);
    return (long)pos;
}

/* Back to the start, clearing the error flag. */
void rewind(FILE *f)
{
    fseek(f, 0, SEEK_SET);
    f->flags &= ~F_ERR;
}

/* Has the stream hit end of file? */
int feof(FILE *f)
{
    return (f->flags & F_EOF) != 0;
}

/* Has the stream had an error? */
int ferror(FILE *f)
{
    return (f->flags & F_ERR) != 0;
}

/* Clear the end-of-file and error flags. */
void clearerr(FILE *f)
{
    f->flags &= ~(F_EOF | F_ERR);
}
