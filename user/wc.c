/*
 * wc - count lines, words and bytes.
 *
 *   wc [-l] [-w] [-c] [FILE...]      no option means all three
 *
 * The columns line up as GNU wc's do: a single count of a single input
 * is printed bare; otherwise every number gets the width of the largest
 * file's size (so it fits), or 7 when an input is not a regular file
 * and its size cannot be known before reading it (a file that does not
 * exist only gets its error message).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct counts {
    unsigned long lines, words, bytes;
};

/* Count everything in fd. */
static int count(int fd, struct counts *c)
{
    char buf[4096];
    int in_word = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR)) {
        for (ssize_t i = 0; i < n; i++) {
            unsigned char ch = buf[i];
            c->lines += ch == '\n';
            if (isspace(ch))
                in_word = 0;
            else if (!in_word) {
                in_word = 1;
                c->words++;
            }
        }
        c->bytes += n > 0 ? n : 0;
    }
    return n < 0 ? -1 : 0;
}

static int show_lines, show_words, show_bytes;

static void print(const struct counts *c, int width, const char *name)
{
    const char *sep = "";
    if (show_lines) {
        printf("%*lu", width, c->lines);
        sep = " ";
    }
    if (show_words) {
        printf("%s%*lu", sep, width, c->words);
        sep = " ";
    }
    if (show_bytes)
        printf("%s%*lu", sep, width, c->bytes);
    printf(name ? " %s\n" : "\n", name);
}

/* GNU's column width: enough digits for the total size of the regular
 * files, or 7 if any input is something else. */
static int column_width(int argc, char **argv, int first)
{
    unsigned long total = 0;
    if (first == argc)
        return 7;
    for (int i = first; i < argc; i++) {
        struct stat st;
        if (strcmp(argv[i], "-") == 0)
            return 7;
        if (stat(argv[i], &st) < 0)      /* reported when it is opened */
            continue;
        if (!S_ISREG(st.st_mode))
            return 7;
        total += st.st_size;
    }
    int width = 1;
    for (; total >= 10; total /= 10)
        width++;
    return width;
}

int main(int argc, char **argv)
{
    int opt;
    while ((opt = getopt(argc, argv, "lwc")) != -1) {
        if (opt == 'l') show_lines = 1;
        else if (opt == 'w') show_words = 1;
        else if (opt == 'c') show_bytes = 1;
        else {
            fprintf(stderr, "usage: wc [-lwc] [FILE...]\n");
            return 1;
        }
    }
    if (!show_lines && !show_words && !show_bytes)
        show_lines = show_words = show_bytes = 1;
    int files = argc - optind, status = 0;
    int width = show_lines + show_words + show_bytes == 1 && files <= 1
                ? 1 : column_width(argc, argv, optind);
    struct counts total = { 0, 0, 0 };
    if (files == 0) {
        count(0, &total);
        print(&total, width, NULL);
        return 0;
    }
    for (int i = optind; i < argc; i++) {
        struct counts c = { 0, 0, 0 };
        int is_stdin = strcmp(argv[i], "-") == 0;
        int fd = is_stdin ? 0 : open(argv[i], O_RDONLY);
        if (fd < 0 || count(fd, &c) < 0) {
            fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        } else {
            print(&c, width, argv[i]);
        }
        if (fd > 0)
            close(fd);
        total.lines += c.lines;
        total.words += c.words;
        total.bytes += c.bytes;
    }
    if (files > 1)
        print(&total, width, "total");
    return status;
}
