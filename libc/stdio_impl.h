/*
 * libc/stdio_impl.h - what a FILE is, shared by the stdio files
 * (libc/stdio.c, libc/stdio_rw.c, libc/printf.c).
 *
 * A stream is in one of two states: reading (buf[rpos..rlen) holds bytes
 * read ahead from fd) or writing (buf[0..wlen) holds bytes not yet
 * written).  Switching from one to the other flushes or discards the
 * buffer first, so at most one of the two is non-empty.
 */
#ifndef LIBC_STDIO_IMPL_H
#define LIBC_STDIO_IMPL_H

#include <stddef.h>
#include <stdio.h>

/* flags */
#define F_READ   0x01            /* opened for reading */
#define F_WRITE  0x02            /* opened for writing */
#define F_EOF    0x04            /* end of file seen */
#define F_ERR    0x08            /* an I/O error happened */
#define F_OWNBUF 0x10            /* buf came from malloc: free it on close */

struct FILE {
    int fd;
    int flags;
    int mode;                    /* _IOFBF, _IOLBF or _IONBF */
    unsigned char *buf;          /* NULL until the first I/O */
    size_t size;                 /* capacity of buf */
    size_t rpos, rlen;           /* reading: next byte, end of data */
    size_t wlen;                 /* writing: bytes waiting */
    int ungot;                   /* byte pushed back by ungetc, or EOF */
    unsigned char one;           /* the 1-byte buffer of an unbuffered stream */
    FILE *next;                  /* the list of every open stream */
};

/* libc/stdio.c */
int __stdio_flush(FILE *f);         /* write out pending bytes */
int __stdio_prepare_read(FILE *f);  /* get f ready to read; 0 or EOF */
int __stdio_prepare_write(FILE *f); /* get f ready to write; 0 or EOF */
int __stdio_fill(FILE *f);          /* read more; bytes read, 0 or EOF */
ssize_t __stdio_write_all(int fd, const void *buf, size_t n);

#endif
