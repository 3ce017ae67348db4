/*
 * libc/printf.c - the printf family and perror.  The formatting itself
 * is the kernel's engine, vformat() in lib/format.c (which also provides
 * snprintf and vsnprintf); here we only decide where the characters go.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>

#include "lib/format.h"
#include "libc/stdio_impl.h"

/* Formatted characters are collected in a small array and passed on in
 * chunks, so an unbuffered stream like stderr gets a few write()s per
 * message instead of one per character. */
struct sink {
    FILE *f;                     /* the destination stream, or NULL */
    int fd;                      /* ... else this descriptor */
    int failed;
    size_t len;
    char chunk[128];
};

/* Pass the collected characters on to the stream or descriptor. */
static void drain(struct sink *s)
{
    if (s->len == 0)
        return;
    if (s->f) {
        if (fwrite(s->chunk, 1, s->len, s->f) != s->len)
            s->failed = 1;
    } else if (__stdio_write_all(s->fd, s->chunk, s->len) < 0) {
        s->failed = 1;
    }
    s->len = 0;
}

/* vformat's output function: collect one character. */
static void sink_putc(char c, void *arg)
{
    struct sink *s = arg;
    s->chunk[s->len++] = c;
    if (s->len == sizeof(s->chunk))
        drain(s);
}

/* Format into a sink; the count of characters, or -1 on an error. */
static int sink_format(struct sink *s, const char *fmt, va_list ap)
{
    int n = vformat(sink_putc, s, fmt, ap);
    drain(s);
    return s->failed ? -1 : n;
}

/* printf to a stream. */
int vfprintf(FILE *f, const char *fmt, va_list ap)
{
    struct sink s = { .f = f };
    return sink_format(&s, fmt, ap);
}

/* printf to a stream, with the arguments inline. */
int fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

/* printf to stdout, with a va_list. */
int vprintf(const char *fmt, va_list ap)
{
    return vfprintf(stdout, fmt, ap);
}

/* printf to stdout. */
int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

/* printf straight to a descriptor, bypassing stdio buffers (with a
 * va_list). */
int vdprintf(int fd, const char *fmt, va_list ap)
{
    struct sink s = { .f = NULL, .fd = fd };
    return sink_format(&s, fmt, ap);
}

/* printf straight to a descriptor, bypassing stdio buffers. */
int dprintf(int fd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vdprintf(fd, fmt, ap);
    va_end(ap);
    return n;
}

/* printf into a buffer the caller promises is big enough, with a
 * va_list (prefer vsnprintf, which lib/format.c provides). */
int vsprintf(char *buf, const char *fmt, va_list ap)
{
    return vsnprintf(buf, INT_MAX, fmt, ap);
}

/* printf into a buffer the caller promises is big enough (prefer
 * snprintf, which lib/format.c provides). */
int sprintf(char *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, INT_MAX, fmt, ap);
    va_end(ap);
    return n;
}

/* Print "msg: <text for errno>" on stderr (just the text if msg is NULL
 * or empty). */
void perror(const char *msg)
{
    const char *text = strerror(errno);
    if (msg && *msg)
        fprintf(stderr, "%s: %s\n", msg, text);
    else
        fprintf(stderr, "%s\n", text);
}
