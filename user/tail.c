/*
 * tail - the last lines (or bytes) of files.
 *
 *   tail [-n N | -N] [FILE...]     the last N lines (default 10)
 *   tail -n +N [FILE...]           everything from line N on
 *   tail -c N [FILE...]            the last N bytes
 *
 * The input may be a pipe (pmap -x PID | tail -1), so tail cannot seek
 * back from the end: it reads everything and keeps only the last N
 * lines, in a ring of N slots.  With several files, each is introduced by
 * "==> NAME <==", as GNU tail does.  (No -f: Pagoda's files do not grow
 * behind a reader's back often enough to need it.)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct options {
    long count;      /* lines or bytes */
    int bytes;       /* -c: count bytes, not lines */
    int from_start;  /* -n +N: print from line (or byte) N on */
};

/* Print f from its count'th line (or byte) on, counting from 1. */
static void from_start(FILE *f, const struct options *o)
{
    long n = 1;
    int c;
    while ((c = getc(f)) != EOF) {
        if (n >= o->count)
            putchar(c);
        if (o->bytes || c == '\n')
            n++;
    }
}

/* Print the last count bytes of f, kept in a ring of count bytes. */
static void last_bytes(FILE *f, long count)
{
    if (count == 0)
        return;
    char *ring = malloc(count);
    long seen = 0;
    int c;
    if (!ring) {
        fprintf(stderr, "tail: out of memory\n");
        exit(1);
    }
    while ((c = getc(f)) != EOF)
        ring[seen++ % count] = c;
    for (long i = seen > count ? seen - count : 0; i < seen; i++)
        putchar(ring[i % count]);
    free(ring);
}

/* Print the last count lines of f, kept in a ring of count lines: each
 * line read replaces the oldest one kept. */
static void last_lines(FILE *f, long count)
{
    if (count == 0)
        return;
    char **ring = calloc(count, sizeof(char *));
    ssize_t *len = calloc(count, sizeof(ssize_t));
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long seen = 0;
    if (!ring || !len) {
        fprintf(stderr, "tail: out of memory\n");
        exit(1);
    }
    while ((n = getline(&line, &cap, f)) > 0) {
        long slot = seen++ % count;
        free(ring[slot]);
        ring[slot] = line;           /* the slot takes the line read... */
        len[slot] = n;
        line = NULL;                 /* ...and getline gets a new buffer */
        cap = 0;
    }
    for (long i = seen > count ? seen - count : 0; i < seen; i++)
        fwrite(ring[i % count], 1, len[i % count], stdout);
    for (long i = 0; i < count; i++)
        free(ring[i]);
    free(ring);
    free(len);
    free(line);
}

static void tail(FILE *f, const struct options *o)
{
    if (o->from_start)
        from_start(f, o);
    else if (o->bytes)
        last_bytes(f, o->count);
    else
        last_lines(f, o->count);
}

/* "N" or "+N" into *o, or exit with GNU tail's message. */
static void parse_count(const char *s, struct options *o, const char *what)
{
    char *end;
    o->from_start = *s == '+';
    if (*s == '+' || *s == '-')
        s++;
    errno = 0;
    o->count = strtol(s, &end, 10);
    if (!*s || *end || o->count < 0 || errno || o->count > (1L << 24)) {
        fprintf(stderr, "tail: invalid number of %s: '%s'\n", what, s);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    struct options o = { 10, 0, 0 };
    int opt;
    /* The old forms, tail -5 and tail +5. */
    if (argc > 1 && (argv[1][0] == '-' || argv[1][0] == '+') &&
        argv[1][1] >= '0' && argv[1][1] <= '9') {
        parse_count(argv[1][0] == '+' ? argv[1] : argv[1] + 1, &o, "lines");
        argv[1] = argv[0];
        argv++;
        argc--;
    }
    while ((opt = getopt(argc, argv, "n:c:")) != -1) {
        if (opt == 'n' || opt == 'c') {
            parse_count(optarg, &o, opt == 'n' ? "lines" : "bytes");
            o.bytes = opt == 'c';
        } else {
            fprintf(stderr, "usage: tail [-n [+]LINES | -c [+]BYTES] [FILE...]\n");
            return 1;
        }
    }
    int files = argc - optind, status = 0;
    if (files == 0)
        tail(stdin, &o);
    for (int i = optind; i < argc; i++) {
        int is_stdin = strcmp(argv[i], "-") == 0;
        FILE *f = is_stdin ? stdin : fopen(argv[i], "r");
        if (!f) {
            fprintf(stderr, "tail: cannot open '%s' for reading: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (files > 1)
            printf("%s==> %s <==\n", i > optind ? "\n" : "",
                   is_stdin ? "standard input" : argv[i]);
        tail(f, &o);
        if (!is_stdin)
            fclose(f);
    }
    return status;
}
