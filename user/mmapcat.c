/*
 * mmapcat - cat without read(): a file seen as an array of bytes.
 *
 * mmap puts the file's pages into the address space; after that the
 * file *is* memory: data[0] is its first byte, data[size - 1] its last,
 * and the first touch of each page is a page fault that maps the page
 * cache's frame (no copy).  mmapcat writes the array to stdout, or with
 * -x prints it as `hexdump -C` does.  With -v it says on stderr where
 * the file was mapped and how many of its pages the reading made
 * resident (`mmapcat -v FILE > /dev/null`: none, since writing to
 * /dev/null never reads the buffer).
 *
 * A file of 0 bytes is an empty array, and mmap cannot map it
 * (a length of 0 is EINVAL): mmapcat prints nothing for it and says so
 * on stderr.  A missing file or a directory is an error (status 1).
 *
 * Usage: mmapcat [-x] [-v] FILE...
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "procmaps.h"

#define LINE_BYTES 16                 /* hexdump -C: 16 bytes a line */
#define PAGE       4096

static int hex, verbose;

/* Write n bytes to stdout, however many write() calls it takes. */
static int write_all(const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(1, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* One `hexdump -C` line for the n (1..16) bytes at data[off]. */
static void hex_line(const unsigned char *data, size_t off, size_t n)
{
    char line[96];
    int len = snprintf(line, sizeof(line), "%08zx  ", off);
    for (size_t i = 0; i < LINE_BYTES; i++) {
        if (i < n)
            len += snprintf(line + len, sizeof(line) - len, "%02x ", data[off + i]);
        else
            len += snprintf(line + len, sizeof(line) - len, "   ");
        if (i == 7)
            line[len++] = ' ';
    }
    line[len++] = ' ';
    line[len++] = '|';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = data[off + i];
        line[len++] = c >= 0x20 && c < 0x7f ? (char)c : '.';
    }
    line[len++] = '|';
    line[len] = '\0';
    printf("%s\n", line);
}

/* The whole array as `hexdump -C` shows it: a run of lines equal to
 * the one before is one "*", and the last line is the size. */
static void hex_dump(const unsigned char *data, size_t size)
{
    int starred = 0;
    for (size_t off = 0; off < size; off += LINE_BYTES) {
        size_t n = size - off < LINE_BYTES ? size - off : LINE_BYTES;
        if (off > 0 && n == LINE_BYTES &&
            memcmp(data + off, data + off - LINE_BYTES, LINE_BYTES) == 0) {
            if (!starred)
                printf("*\n");
            starred = 1;
            continue;
        }
        starred = 0;
        hex_line(data, off, n);
    }
    printf("%08zx\n", size);
}

/* -v: where the file lies in memory, and how much of it the page
 * faults of the reading brought in. */
static void describe(const char *path, const void *data, size_t size)
{
    struct maps_region r;
    struct smaps_counts c;
    size_t pages = (size + PAGE - 1) / PAGE;
    fprintf(stderr, "mmapcat: %s: %zu bytes mapped at %p, data[0] to data[%zu]\n",
            path, size, data, size - 1);
    if (smaps_find("/proc/self/smaps", (unsigned long)data, &r, &c) == 0) {
        fprintf(stderr, "mmapcat:   %s\n", r.line);
        fprintf(stderr, "mmapcat:   resident: %ld of %zu pages (smaps Rss %ld kB), "
                "each faulted in at its first touch\n", c.rss / (PAGE / 1024),
                pages, c.rss);
    }
}

/* Print one file; returns 0, or 1 after saying what went wrong. */
static int mmapcat(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "mmapcat: %s: %s\n", path, strerror(errno));
        return 1;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
        fprintf(stderr, "mmapcat: %s: %s\n", path,
                S_ISDIR(st.st_mode) ? "Is a directory" : strerror(errno));
        close(fd);
        return 1;
    }
    if (st.st_size == 0) {            /* an empty array: nothing to print */
        fprintf(stderr, "mmapcat: %s: empty file, nothing to map "
                "(mmap of 0 bytes is EINVAL)\n", path);
        close(fd);
        return 0;
    }
    if ((unsigned long long)st.st_size > (size_t)-1) {
        fprintf(stderr, "mmapcat: %s: too big for the address space\n", path);
        close(fd);
        return 1;
    }
    size_t size = (size_t)st.st_size;
    unsigned char *data = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);                        /* the mapping keeps the file */
    if (data == MAP_FAILED) {
        fprintf(stderr, "mmapcat: %s: mmap: %s\n", path, strerror(errno));
        return 1;
    }
    int bad = 0;
    if (hex)
        hex_dump(data, size);
    else
        bad = write_all(data, size) < 0;
    fflush(stdout);
    if (verbose)
        describe(path, data, size);
    munmap(data, size);
    if (bad)
        fprintf(stderr, "mmapcat: write: %s\n", strerror(errno));
    return bad;
}

int main(int argc, char **argv)
{
    int c;
    while ((c = getopt(argc, argv, "xv")) != -1) {
        if (c == 'x')
            hex = 1;
        else if (c == 'v')
            verbose = 1;
        else
            optind = argc + 1;
    }
    if (optind >= argc) {
        fprintf(stderr, "usage: mmapcat [-x] [-v] FILE...\n");
        return 2;
    }
    int status = 0;
    for (int i = optind; i < argc; i++)
        status |= mmapcat(argv[i]);
    return status;
}
