/*
 * user/sh/glob.c - patterns: * (any string), ? (any character), [...]
 * (one of a set: a-z ranges, ! or ^ to negate), \c (c itself), for case
 * and for pathname expansion.
 *
 * Pathname expansion (POSIX 2.13.3): a word with an unquoted * ? or [
 * becomes the sorted list of existing paths it matches; a leading '.'
 * of a name is matched only by a '.' written in the pattern; a pattern
 * that matches nothing stays as it was written.  expand.c hands us the
 * pattern with every quoted special character backslash-escaped.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sh.h"

/* Match the bracket expression at p (just past '[') against c.  Returns
 * the pattern position after ']' and sets *ok, or NULL if there is no
 * closing ']' (then '[' is an ordinary character). */
static const char *match_bracket(const char *p, char c, int *ok)
{
    int negate = *p == '!' || *p == '^';
    if (negate)
        p++;
    int found = 0;
    const char *start = p;
    while (*p && (*p != ']' || p == start)) {
        char lo = *p;
        if (lo == '\\' && p[1])
            lo = *++p;
        char hi = lo;
        if (p[1] == '-' && p[2] && p[2] != ']') {
            hi = p[2];
            p += 2;
        }
        if ((unsigned char)c >= (unsigned char)lo && (unsigned char)c <= (unsigned char)hi)
            found = 1;
        p++;
    }
    if (*p != ']')
        return NULL;
    *ok = found != negate;
    return p + 1;
}

/* Does the whole string s match the pattern pat? */
int pattern_match(const char *pat, const char *s)
{
    const char *star = NULL, *resume = NULL;    /* backtracking for '*' */
    for (;;) {
        if (*pat == '*') {
            while (*pat == '*')
                pat++;
            star = pat;
            resume = s;
            continue;
        }
        if (*s == '\0' && *pat == '\0')
            return 1;
        int ok = 0;
        const char *next = NULL;
        if (*s != '\0') {
            if (*pat == '?') {
                ok = 1;
                next = pat + 1;
            } else if (*pat == '[' && (next = match_bracket(pat + 1, *s, &ok)) != NULL) {
                /* ok says whether *s is in the set */
            } else if (*pat == '\\' && pat[1]) {
                ok = pat[1] == *s;
                next = pat + 2;
            } else if (*pat) {
                ok = *pat == *s;
                next = pat + 1;
            }
        }
        if (ok) {
            pat = next;
            s++;
        } else if (star && *resume) {
            pat = star;                 /* let the last '*' take one more */
            s = ++resume;
        } else {
            return 0;
        }
    }
}

/* Does pat have an unescaped * or ?, or a [ with a ] after it? */
int has_glob_chars(const char *pat)
{
    for (; *pat; pat++) {
        if (*pat == '\\' && pat[1])
            pat++;
        else if (*pat == '*' || *pat == '?')
            return 1;
        else if (*pat == '[' && pat[1] && strchr(pat + 2, ']'))
            return 1;                    /* a lone [ (the command) is not */
    }
    return 0;
}

/* pat[0..n) without its backslash escapes, in the arena. */
static char *unescape(const char *pat, size_t n)
{
    char *out = arena_alloc(n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (pat[i] == '\\' && i + 1 < n)
            i++;
        *o++ = pat[i];
    }
    *o = '\0';
    return out;
}

/* Join dir and name with a '/' (dir "" is the current directory). */
static char *join(const char *dir, const char *name, size_t nlen)
{
    size_t dl = strlen(dir);
    char *p = arena_alloc(dl + nlen + 2);
    memcpy(p, dir, dl);
    if (dl && dir[dl - 1] != '/')
        p[dl++] = '/';
    memcpy(p + dl, name, nlen);
    p[dl + nlen] = '\0';
    return p;
}

/* Expand the path pattern rest below the directory prefix (which
 * exists), adding every match to out. */
static void glob_below(const char *prefix, const char *rest, struct fields *out)
{
    while (*rest == '/')
        rest++;
    if (*rest == '\0') {
        add_field(out, prefix);
        return;
    }
    size_t n = strcspn(rest, "/");
    char *comp = arena_strndup(rest, n);
    if (!has_glob_chars(comp)) {                 /* a plain name: no readdir */
        char *name = unescape(comp, n);
        char *path = join(prefix, name, strlen(name));
        struct stat st;
        if (lstat(path, &st) == 0)
            glob_below(path, rest + n, out);
        return;
    }
    DIR *d = opendir(*prefix ? prefix : ".");
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && comp[0] != '.')
            continue;                            /* hidden: only by '.' */
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            if (comp[0] != '.')
                continue;
        if (!pattern_match(comp, e->d_name))
            continue;
        char *path = join(prefix, e->d_name, strlen(e->d_name));
        struct stat st;
        if (rest[n] == '/' && (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)))
            continue;
        glob_below(path, rest + n, out);
    }
    closedir(d);
}

/* For qsort: strings in strcmp order (the C locale's). */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Pathname expansion of pat: the matches, sorted, or literal (the word
 * with its quotes removed) if there are none. */
void glob_expand(const char *pat, const char *literal, struct fields *out)
{
    struct fields m = { 0 };
    glob_below(pat[0] == '/' ? "/" : "", pat, &m);
    if (m.n == 0) {
        add_field(out, literal);
        return;
    }
    qsort(m.v, m.n, sizeof(char *), cmp_str);
    for (int i = 0; i < m.n; i++)
        add_field(out, m.v[i]);
}
