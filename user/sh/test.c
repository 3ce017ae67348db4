/*
 * user/sh/test.c - the test and [ builtins (POSIX test(1)):
 *
 *   -e -f -d -r -w -x -s FILE    it exists / is a regular file /
 *                                a directory / may be read, written,
 *                                executed / is not empty
 *   -z S, -n S, S                S is empty / is not / is not
 *   S = T, S != T                strings
 *   A -eq -ne -lt -le -gt -ge B  integers
 *   ! E, E -a E, E -o E, ( E )   not, and (binds tighter), or
 *
 * Status 0 for true, 1 for false, 2 (with a message) for a bad
 * expression.  A recursive-descent parser over the arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"

struct texpr {
    char **argv;
    int pos, argc;
    int error;
};

/* Report a bad expression once; returns 0 (false). */
static int test_error(struct texpr *t, const char *what, const char *arg)
{
    if (!t->error)
        fprintf(stderr, "sh: test: %s%s%s\n", arg ? arg : "", arg ? ": " : "", what);
    t->error = 1;
    return 0;
}

/* The next argument, or NULL at the end (not consumed). */
static const char *peek(struct texpr *t, int ahead)
{
    return t->pos + ahead < t->argc ? t->argv[t->pos + ahead] : NULL;
}

/* A whole decimal integer (with an optional sign and blanks around it). */
static int to_int(struct texpr *t, const char *s, long *out)
{
    char *end;
    while (*s == ' ' || *s == '\t')
        s++;
    *out = strtol(s, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == s || *end)
        return test_error(t, "bad number", s);
    return 1;
}

/* The unary file tests. */
static int file_test(char op, const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return 0;
    switch (op) {
    case 'e': return 1;
    case 'f': return S_ISREG(st.st_mode);
    case 'd': return S_ISDIR(st.st_mode);
    case 's': return st.st_size > 0;
    case 'r': return access(path, R_OK) == 0;
    case 'w': return access(path, W_OK) == 0;
    case 'x': return access(path, X_OK) == 0;
    }
    return 0;
}

/* Is s a binary operator test knows? */
static int is_binary(const char *s)
{
    static const char *const ops[] = { "=", "!=", "-eq", "-ne", "-lt", "-le", "-gt",
                                       "-ge", NULL };
    for (int i = 0; s && ops[i]; i++)
        if (strcmp(s, ops[i]) == 0)
            return 1;
    return 0;
}

/* A binary test: a OP b. */
static int binary_test(struct texpr *t, const char *a, const char *op, const char *b)
{
    if (strcmp(op, "=") == 0)
        return strcmp(a, b) == 0;
    if (strcmp(op, "!=") == 0)
        return strcmp(a, b) != 0;
    long x, y;
    if (!to_int(t, a, &x) || !to_int(t, b, &y))
        return 0;
    if (strcmp(op, "-eq") == 0) return x == y;
    if (strcmp(op, "-ne") == 0) return x != y;
    if (strcmp(op, "-lt") == 0) return x < y;
    if (strcmp(op, "-le") == 0) return x <= y;
    if (strcmp(op, "-gt") == 0) return x > y;
    return x >= y;
}

static int or_expr(struct texpr *t);

/* primary: ( E ) | ! primary | -op ARG | ARG OP ARG | ARG */
static int primary(struct texpr *t)
{
    const char *a = peek(t, 0);
    if (!a)
        return test_error(t, "argument expected", NULL);
    if (is_binary(peek(t, 1)) && peek(t, 2)) {
        t->pos += 3;
        return binary_test(t, a, t->argv[t->pos - 2], t->argv[t->pos - 1]);
    }
    if (strcmp(a, "!") == 0) {
        t->pos++;
        return !primary(t);
    }
    if (strcmp(a, "(") == 0) {
        t->pos++;
        int v = or_expr(t);
        if (!peek(t, 0) || strcmp(peek(t, 0), ")") != 0)
            return test_error(t, "')' expected", NULL);
        t->pos++;
        return v;
    }
    if (a[0] == '-' && a[1] && !a[2] && strchr("efdrwxszn", a[1]) && peek(t, 1)) {
        const char *arg = peek(t, 1);
        t->pos += 2;
        if (a[1] == 'z')
            return arg[0] == '\0';
        if (a[1] == 'n')
            return arg[0] != '\0';
        return file_test(a[1], arg);
    }
    t->pos++;
    return a[0] != '\0';                 /* a lone string: not empty */
}

/* and: primary (-a primary)* */
static int and_expr(struct texpr *t)
{
    int v = primary(t);
    while (peek(t, 0) && strcmp(peek(t, 0), "-a") == 0) {
        t->pos++;
        v = primary(t) && v;
    }
    return v;
}

/* or: and (-o and)* */
static int or_expr(struct texpr *t)
{
    int v = and_expr(t);
    while (peek(t, 0) && strcmp(peek(t, 0), "-o") == 0) {
        t->pos++;
        v = and_expr(t) || v;
    }
    return v;
}

/* test EXPR, [ EXPR ] */
int bi_test(int argc, char **argv)
{
    if (strcmp(argv[0], "[") == 0) {
        if (strcmp(argv[argc - 1], "]") != 0) {
            fprintf(stderr, "sh: [: missing ]\n");
            return 2;
        }
        argc--;
    }
    struct texpr t = { argv, 1, argc, 0 };
    if (argc == 1)
        return 1;                        /* no expression: false */
    int v = or_expr(&t);
    if (!t.error && t.pos < t.argc)
        test_error(&t, "unexpected operator", t.argv[t.pos]);
    return t.error ? 2 : !v;
}
