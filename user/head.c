/*
 * head - the first lines (or bytes) of files.
 *
 *   head [-n N | -N] [-c N] [FILE...]     N lines (default 10) or N bytes
 *
 * With several files, each is introduced by "==> NAME <==", as GNU head
 * does.  "-" or no FILE means standard input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Copy the first count lines (or bytes, if bytes is set) of f. */
static void head(FILE *f, long count, int bytes)
{
    int c;
    while (count > 0 && (c = getc(f)) != EOF) {
        putchar(c);
        if (bytes || c == '\n')
            count--;
    }
}

/* A count from the command line, or exit with GNU head's message. */
static long parse_count(const char *s, const char *what)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (!*s || *end || n < 0 || errno) {
        fprintf(stderr, "head: invalid number of %s: '%s'\n", what, s);
        exit(1);
    }
    return n;
}

int main(int argc, char **argv)
{
    long count = 10;
    int bytes = 0, opt;
    /* The old form, head -5, means -n 5. */
    if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' && argv[1][1] <= '9') {
        count = parse_count(argv[1] + 1, "lines");
        argv[1] = argv[0];
        argv++;
        argc--;
    }
    while ((opt = getopt(argc, argv, "n:c:")) != -1) {
        if (opt == 'n') {
            count = parse_count(optarg, "lines");
            bytes = 0;
        } else if (opt == 'c') {
            count = parse_count(optarg, "bytes");
            bytes = 1;
        } else {
            fprintf(stderr, "usage: head [-n LINES | -c BYTES] [FILE...]\n");
            return 1;
        }
    }
    int files = argc - optind, status = 0;
    if (files == 0)
        head(stdin, count, bytes);
    for (int i = optind; i < argc; i++) {
        int is_stdin = strcmp(argv[i], "-") == 0;
        FILE *f = is_stdin ? stdin : fopen(argv[i], "r");
        if (!f) {
            fprintf(stderr, "head: cannot open '%s' for reading: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (files > 1)
            printf("%s==> %s <==\n", i > optind ? "\n" : "",
                   is_stdin ? "standard input" : argv[i]);
        head(f, count, bytes);
        if (!is_stdin)
            fclose(f);
    }
    return status;
}
