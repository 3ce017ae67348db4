/*
 * grep - print the lines that match a pattern.
 *
 *   grep [-vicnlqHhF] [-e] PATTERN [FILE...]
 *
 * The pattern is a small basic regular expression: a character matches
 * itself, . any character, [abc] [a-z] [^abc] one of a set (or not),
 * X* any number of X (X is one of the above), ^ the start and $ the end
 * of the line, and \ makes the next character ordinary.  -F takes the
 * pattern as a plain string.  The exit status is 0 if a line matched,
 * 1 if none did, 2 on an error, as POSIX grep's is.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One element of a compiled pattern: the set of characters it accepts,
 * and whether it may repeat (X*). */
struct atom {
    unsigned char set[32];   /* bit c: character c is accepted */
    int star;
};

static struct atom atoms[256];
static int natoms, anchored_start, anchored_end;
static int ignore_case, invert, count_only, list_files, quiet, line_numbers, fixed;
static int show_names;

static void set_add(struct atom *a, unsigned char c)
{
    a->set[c / 8] |= 1 << (c % 8);
    if (ignore_case && isalpha(c)) {
        unsigned char other = islower(c) ? toupper(c) : tolower(c);
        a->set[other / 8] |= 1 << (other % 8);
    }
}

static int set_has(const struct atom *a, unsigned char c)
{
    return a->set[c / 8] & (1 << (c % 8));
}

/* [...] starting at p (just after the '['): fill a's set; return the
 * character after the closing ']', or NULL if there is none. */
static const char *compile_class(const char *p, struct atom *a)
{
    int negate = *p == '^';
    p += negate;
    const char *first = p;
    for (; *p && (*p != ']' || p == first); p++) {
        if (p[1] == '-' && p[2] && p[2] != ']') {
            for (int c = (unsigned char)p[0]; c <= (unsigned char)p[2]; c++)
                set_add(a, c);
            p += 2;
        } else {
            set_add(a, *p);
        }
    }
    if (*p != ']')
        return NULL;
    if (negate)
        for (int i = 0; i < 32; i++)
            a->set[i] = ~a->set[i];
    a->set['\n' / 8] &= ~(1 << ('\n' % 8));
    return p + 1;
}

/* Compile pattern into atoms[]; exit with status 2 if it is malformed. */
static void compile(const char *p)
{
    if (!fixed && *p == '^') {
        anchored_start = 1;
        p++;
    }
    while (*p) {
        if (natoms == (int)(sizeof(atoms) / sizeof(atoms[0]))) {
            fprintf(stderr, "grep: pattern too long\n");
            exit(2);
        }
        struct atom *a = &atoms[natoms++];
        memset(a, 0, sizeof(*a));
        if (fixed) {
            set_add(a, *p++);
            continue;
        }
        if (*p == '$' && !p[1]) {
            anchored_end = 1;
            natoms--;
            break;
        }
        if (*p == '.') {
            memset(a->set, 0xff, sizeof(a->set));
            p++;
        } else if (*p == '[') {
            p = compile_class(p + 1, a);
            if (!p) {
                fprintf(stderr, "grep: Unmatched [, [^, [:, [., or [=\n");
                exit(2);
            }
        } else if (*p == '\\' && p[1]) {
            set_add(a, p[1]);
            p += 2;
        } else {
            set_add(a, *p++);
        }
        if (*p == '*') {
            a->star = 1;
            p++;
        }
    }
}

/* Does atoms[i..] match text at its start?  A starred atom tries the
 * longest run first, then shorter ones (backtracking). */
static int match_here(int i, const char *text)
{
    if (i == natoms)
        return !anchored_end || *text == '\0';
    const struct atom *a = &atoms[i];
    if (!a->star)
        return *text && set_has(a, *text) && match_here(i + 1, text + 1);
    const char *t = text;
    while (*t && set_has(a, *t))
        t++;
    for (; t >= text; t--)
        if (match_here(i + 1, t))
            return 1;
    return 0;
}

static int matches(const char *line)
{
    if (anchored_start)
        return match_here(0, line);
    for (const char *t = line;; t++) {
        if (match_here(0, t))
            return 1;
        if (!*t)
            return 0;
    }
}

/* Search one file; returns the number of selected lines. */
static long grep(FILE *f, const char *name)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long selected = 0, number = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        number++;
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        if (!matches(line) == !invert)
            continue;
        selected++;
        if (quiet || list_files || count_only)
            continue;
        if (show_names)
            printf("%s:", name);
        if (line_numbers)
            printf("%ld:", number);
        printf("%s\n", line);
    }
    free(line);
    if (count_only) {
        if (show_names)
            printf("%s:", name);
        printf("%ld\n", selected);
    }
    if (list_files && selected)
        printf("%s\n", name);
    return selected;
}

int main(int argc, char **argv)
{
    const char *pattern = NULL;
    int opt, no_names = 0, with_names = 0;
    while ((opt = getopt(argc, argv, "vicnlqHhFe:")) != -1) {
        switch (opt) {
        case 'v': invert = 1; break;
        case 'i': ignore_case = 1; break;
        case 'c': count_only = 1; break;
        case 'n': line_numbers = 1; break;
        case 'l': list_files = 1; break;
        case 'q': quiet = 1; break;
        case 'H': with_names = 1; break;
        case 'h': no_names = 1; break;
        case 'F': fixed = 1; break;
        case 'e': pattern = optarg; break;
        default:
            fprintf(stderr, "usage: grep [-vicnlqHhF] [-e] PATTERN [FILE...]\n");
            return 2;
        }
    }
    if (!pattern && optind < argc)
        pattern = argv[optind++];
    if (!pattern) {
        fprintf(stderr, "usage: grep [-vicnlqHhF] [-e] PATTERN [FILE...]\n");
        return 2;
    }
    compile(pattern);
    int files = argc - optind, status = 1;
    show_names = (files > 1 || with_names) && !no_names;
    if (files == 0 && grep(stdin, "(standard input)"))
        status = 0;
    for (int i = optind; i < argc; i++) {
        int is_stdin = strcmp(argv[i], "-") == 0;
        FILE *f = is_stdin ? stdin : fopen(argv[i], "r");
        if (!f) {
            fprintf(stderr, "grep: %s: %s\n", argv[i], strerror(errno));
            status = 2;
            continue;
        }
        if (grep(f, is_stdin ? "(standard input)" : argv[i]) && status == 1)
            status = 0;
        if (!is_stdin)
            fclose(f);
        if (quiet && status == 0)
            break;
    }
    return status;
}
