/*
 * libc/stdio_rw.c - reading and writing bytes on FILE streams: fgetc,
 * ungetc, fgets, getline, fread, fputc, fputs, puts, fwrite.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libc/stdio_impl.h"

/* ---- reading ---- */

/* The next byte as an unsigned char, or EOF at end of file or on error.
 * End of file is sticky: clearerr() resets it. */
int fgetc(FILE *f)
{
    if (f->ungot != EOF) {
        int c = f->ungot;
        f->ungot = EOF;
        return c;
    }
    if (f->rpos < f->rlen)
        return f->buf[f->rpos++];
    if ((f->flags & F_EOF) || __stdio_prepare_read(f) == EOF)
        return EOF;
    if (__stdio_fill(f) <= 0)
        return EOF;
    return f->buf[f->rpos++];
}

/* getc is fgetc (no macro tricks). */
int getc(FILE *f)
{
    return fgetc(f);
}

/* The next byte of stdin. */
int getchar(void)
{
    return fgetc(stdin);
}

/* Push one byte back; the next read returns it.  One byte of pushback is
 * guaranteed, as in the standard. */
int ungetc(int c, FILE *f)
{
    if (c == EOF || f->ungot != EOF)
        return EOF;
    f->ungot = (unsigned char)c;
    f->flags &= ~F_EOF;
    return (unsigned char)c;
}

/* Read a line (newline included) into s, at most size-1 bytes, and
 * terminate it.  NULL if nothing could be read. */
char *fgets(char *s, int size, FILE *f)
{
    int n = 0;
    if (size <= 0)
        return NULL;
    while (n < size - 1) {
        int c = fgetc(f);
        if (c == EOF)
            break;
        s[n++] = (char)c;
        if (c == '\n')
            break;
    }
    if (n == 0 || ferror(f))
        return NULL;
    s[n] = '\0';
    return s;
}

/* Read up to and including delim into *line, growing it with realloc as
 * needed (*cap is its size).  Returns the length, or -1 at end of file
 * with nothing read or on error. */
ssize_t getdelim(char **line, size_t *cap, int delim, FILE *f)
{
    size_t n = 0;
    if (!line || !cap) {
        errno = EINVAL;
        return -1;
    }
    if (!*line)
        *cap = 0;
    for (;;) {
        int c = fgetc(f);
        if (c == EOF && n == 0)
            return -1;
        if (n + 2 > *cap) {              /* room for c and the NUL */
            size_t ncap = *cap ? *cap * 2 : 128;
            char *p = realloc(*line, ncap);
            if (!p) {
                f->flags |= F_ERR;
                return -1;
            }
            *line = p;
            *cap = ncap;
        }
        if (c == EOF)
            break;
        (*line)[n++] = (char)c;
        if (c == delim)
            break;
    }
    (*line)[n] = '\0';
    return n;
}

/* getdelim for lines. */
ssize_t getline(char **line, size_t *cap, FILE *f)
{
    return getdelim(line, cap, '\n', f);
}

/* Read n items of `size` bytes.  Returns how many whole items were read. */
size_t fread(void *buf, size_t size, size_t n, FILE *f)
{
    if (size == 0 || n == 0)
        return 0;
    size_t want = size * n, got = 0;
    unsigned char *p = buf;
    if (want / n != size) {
        errno = EOVERFLOW;
        f->flags |= F_ERR;
        return 0;
    }
    if (f->ungot != EOF && want > 0) {
        p[got++] = (unsigned char)f->ungot;
        f->ungot = EOF;
    }
    while (got < want) {
        if (f->rpos < f->rlen) {         /* first use what is buffered */
            size_t k = f->rlen - f->rpos;
            if (k > want - got)
                k = want - got;
            memcpy(p + got, f->buf + f->rpos, k);
            f->rpos += k;
            got += k;
        } else if ((f->flags & F_EOF) || __stdio_prepare_read(f) == EOF
                   || __stdio_fill(f) <= 0) {
            break;
        }
    }
    return got / size;
}

/* ---- writing ---- */

/* Append len bytes to f's output, flushing as its buffering mode says.
 * Returns the number of bytes accepted (len unless there was an error). */
static size_t put_bytes(FILE *f, const void *data, size_t len)
{
    const unsigned char *p = data;
    if (__stdio_prepare_write(f) == EOF)
        return 0;
    if (f->mode == _IONBF) {
        if (__stdio_write_all(f->fd, p, len) < 0) {
            f->flags |= F_ERR;
            return 0;
        }
        return len;
    }
    if (len > f->size - f->wlen) {       /* does not fit: make room */
        if (__stdio_flush(f) == EOF)
            return 0;
        if (len >= f->size) {            /* bigger than the buffer: direct */
            if (__stdio_write_all(f->fd, p, len) < 0) {
                f->flags |= F_ERR;
                return 0;
            }
            return len;
        }
    }
    memcpy(f->buf + f->wlen, p, len);
    f->wlen += len;
    if (f->mode == _IOLBF && memchr(p, '\n', len) && __stdio_flush(f) == EOF)
        return 0;
    return len;
}

/* Write n items of `size` bytes.  Returns how many were written. */
size_t fwrite(const void *buf, size_t size, size_t n, FILE *f)
{
    if (size == 0 || n == 0)
        return 0;
    if ((size * n) / n != size) {
        errno = EOVERFLOW;
        f->flags |= F_ERR;
        return 0;
    }
    return put_bytes(f, buf, size * n) / size;
}

/* Write one byte.  Returns it, or EOF on error. */
int fputc(int c, FILE *f)
{
    unsigned char b = (unsigned char)c;
    return put_bytes(f, &b, 1) == 1 ? b : EOF;
}

/* putc is fputc. */
int putc(int c, FILE *f)
{
    return fputc(c, f);
}

/* Write one byte to stdout. */
int putchar(int c)
{
    return fputc(c, stdout);
}

/* Write a string (no newline added).  Non-negative, or EOF on error. */
int fputs(const char *s, FILE *f)
{
    size_t n = strlen(s);
    return put_bytes(f, s, n) == n ? 0 : EOF;
}

/* Write a string and a newline to stdout. */
int puts(const char *s)
{
    if (fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF)
        return EOF;
    return 0;
}
