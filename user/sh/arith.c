/*
 * user/sh/arith.c - arithmetic expansion, $((EXPR)) (POSIX 2.6.4): C's
 * integer operators on longs, with C's precedence:
 *
 *   ( )   unary - + ! ~   * / %   + -   << >>   < <= > >=   == !=
 *   &   ^   |   &&   ||   and NAME = EXPR (assignment)
 *
 * Numbers are decimal, 0x hex or 0 octal; a NAME is its variable's
 * value (unset or empty: 0).  Parameters ($x) were expanded before we
 * see the text.  A recursive-descent parser, one function per level.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

struct arith {
    const char *s;               /* where we are in the expression */
    int error;
};

/* Report an error once; the expression's value is then 0. */
static long arith_error(struct arith *a, const char *what)
{
    if (!a->error)
        fprintf(stderr, "sh: arithmetic expression: %s\n", what);
    a->error = 1;
    return 0;
}

/* Skip blanks. */
static void blanks(struct arith *a)
{
    while (*a->s == ' ' || *a->s == '\t' || *a->s == '\n')
        a->s++;
}

/* If the operator op comes next (and not as the start of a longer one
 * in notafter), consume it. */
static int take(struct arith *a, const char *op, const char *notafter)
{
    blanks(a);
    size_t n = strlen(op);
    if (strncmp(a->s, op, n) != 0)
        return 0;
    if (notafter && a->s[n] && strchr(notafter, a->s[n]))
        return 0;
    a->s += n;
    return 1;
}

/* The number a string holds (a variable's value); 0 if empty. */
static long number_of(struct arith *a, const char *v)
{
    if (!v || !*v)
        return 0;
    char *end;
    long n = strtol(v, &end, 0);
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end)
        return arith_error(a, "not a number");
    return n;
}

static long assignment(struct arith *a);

/* primary: NUMBER | NAME | ( expr ) | unary-op primary */
static long primary(struct arith *a)
{
    blanks(a);
    if (take(a, "(", NULL)) {
        long v = assignment(a);
        if (!take(a, ")", NULL))
            return arith_error(a, "expecting ')'");
        return v;
    }
    if (take(a, "-", NULL)) return -primary(a);
    if (take(a, "+", NULL)) return primary(a);
    if (take(a, "!", "=")) return !primary(a);
    if (take(a, "~", NULL)) return ~primary(a);
    if (*a->s >= '0' && *a->s <= '9') {
        char *end;
        long v = strtol(a->s, &end, 0);
        a->s = end;
        return v;
    }
    size_t n = name_len(a->s);
    if (n == 0)
        return arith_error(a, *a->s ? "syntax error" : "missing operand");
    struct var *v = var_find(a->s, n);
    a->s += n;
    return number_of(a, v ? v->value : NULL);
}

/* One level of left-associative binary operators, from strongest. */
static long binary(struct arith *a, int level)
{
    if (level == 0)
        return primary(a);
    long v = binary(a, level - 1);
    for (;;) {
        if (level == 1) {
            if (take(a, "*", "=")) v *= binary(a, 0);
            else if (take(a, "/", "=") || take(a, "%", "=")) {
                int mod = a->s[-1] == '%';
                long r = binary(a, 0);
                if (r == 0)
                    return arith_error(a, "division by zero");
                v = mod ? v % r : v / r;
            } else return v;
        } else if (level == 2) {
            if (take(a, "+", "=")) v += binary(a, 1);
            else if (take(a, "-", "=")) v -= binary(a, 1);
            else return v;
        } else if (level == 3) {
            if (take(a, "<<", "=")) v <<= binary(a, 2);
            else if (take(a, ">>", "=")) v >>= binary(a, 2);
            else return v;
        } else if (level == 4) {
            if (take(a, "<=", NULL)) v = v <= binary(a, 3);
            else if (take(a, ">=", NULL)) v = v >= binary(a, 3);
            else if (take(a, "<", "<")) v = v < binary(a, 3);
            else if (take(a, ">", ">")) v = v > binary(a, 3);
            else return v;
        } else if (level == 5) {
            if (take(a, "==", NULL)) v = v == binary(a, 4);
            else if (take(a, "!=", NULL)) v = v != binary(a, 4);
            else return v;
        } else if (level == 6) {
            if (take(a, "&", "&=")) v &= binary(a, 5); else return v;
        } else if (level == 7) {
            if (take(a, "^", "=")) v ^= binary(a, 6); else return v;
        } else if (level == 8) {
            if (take(a, "|", "|=")) v |= binary(a, 7); else return v;
        } else if (level == 9) {
            if (take(a, "&&", NULL)) { long r = binary(a, 8); v = v && r; }
            else return v;
        } else {
            if (take(a, "||", NULL)) { long r = binary(a, 9); v = v || r; }
            else return v;
        }
    }
}

#define ARITH_LEVELS 10          /* binary(a, 10) is ||, the weakest */

/* assignment: NAME = assignment | binary */
static long assignment(struct arith *a)
{
    blanks(a);
    size_t n = name_len(a->s);
    const char *after = a->s + n;
    while (*after == ' ' || *after == '\t')
        after++;
    if (n > 0 && after[0] == '=' && after[1] != '=') {
        char *name = arena_strndup(a->s, n);
        a->s = after + 1;
        long v = assignment(a);
        char num[24];
        snprintf(num, sizeof(num), "%ld", v);
        if (!a->error)
            var_set(name, num, 0);
        return v;
    }
    return binary(a, ARITH_LEVELS);
}

/* The value of an arithmetic expression as a decimal string (in the
 * arena); "0" after an error, which sets $? to 2. */
char *arith_expand(const char *expr)
{
    struct arith a = { expr, 0 };
    long v = assignment(&a);
    blanks(&a);
    if (*a.s && !a.error)
        arith_error(&a, "syntax error");
    if (a.error) {
        last_status = 2;
        v = 0;
    }
    char num[24];
    snprintf(num, sizeof(num), "%ld", v);
    return arena_strndup(num, strlen(num));
}
