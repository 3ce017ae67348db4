/*
 * user/sh/expand.c - expanding a word as written into fields: quotes,
 * parameters, $(command), ~, field splitting.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"


/* Append a finished field (copied into the arena). */
void add_field(struct fields *f, const char *s)
{
    f->v = arena_grow(f->v, f->n, sizeof(char *));
    f->v[f->n++] = arena_strndup(s, strlen(s));
}

/* The value of the parameter after a '$' at *sp, advancing *sp past its
 * name.  Returns NULL (and leaves *sp) if no name follows: the '$' is
 * then an ordinary character.  Unset variables expand to "". */
static const char *param_value(const char **sp, char *num)
{
    const char *s = *sp;
    size_t n = name_len(s);
    if (n > 0) {                           /* $NAME */
        *sp = s + n;
        struct var *v = var_find(s, n);
        return v && v->value ? v->value : "";
    }
    *sp = s + 1;
    switch (*s) {
    case '?': snprintf(num, 16, "%d", last_status); return num;
    case '$': snprintf(num, 16, "%d", shell_pid); return num;
    case '!':
        if (!last_bg)
            return "";
        snprintf(num, 16, "%d", last_bg);
        return num;
    case '#': snprintf(num, 16, "%d", nparams); return num;
    case '0': return arg0;
    default:
        if (*s >= '1' && *s <= '9')
            return *s - '1' < nparams ? params[*s - '1'] : "";
    }
    *sp = s;
    return NULL;
}

/* Is the parameter at s set?  (Variables: set at all; $1..: that many
 * parameters; the special ones always.) */
static int param_is_set(const char *s, size_t n)
{
    if (n > 0) {
        struct var *v = var_find(s, n);
        return v && v->value;
    }
    if (*s >= '1' && *s <= '9')
        return *s - '1' < nparams;
    return *s != '!' || last_bg;
}

/* ${NAME#PAT} ${NAME##PAT} (remove the shortest or longest prefix PAT
 * matches) and ${NAME%PAT} ${NAME%%PAT} (suffix); op points at the
 * operator, end at the '}'. */
static const char *remove_affix(const char *v, const char *op, const char *end)
{
    int suffix = *op == '%', longest = op[1] == op[0];
    const char *w = op + 1 + longest;
    char *pat = expand_pattern(arena_strndup(w, end - w));
    size_t len = strlen(v);
    char *copy = arena_strndup(v, len);
    for (size_t k = 0; k <= len; k++) {
        size_t i = longest ? len - k : k;        /* the length taken off */
        if (suffix) {
            if (pattern_match(pat, copy + len - i)) {
                copy[len - i] = '\0';
                return copy;
            }
        } else {
            char saved = copy[i];
            copy[i] = '\0';
            int m = pattern_match(pat, copy);
            copy[i] = saved;
            if (m)
                return copy + i;
        }
    }
    return v;
}

/* ${NAME}, ${#NAME} and ${NAME op WORD} with op one of - = + ? (with
 * a ':' before it, an empty value counts as unset), s just after the
 * '{' and end at the '}'.  Returns the value, or NULL if the braces do
 * not hold a parameter (then "${" is left as it was written). */
static const char *braced_param(const char *s, const char *end, char *num)
{
    int length = *s == '#' && s + 1 < end;
    if (length)
        s++;
    size_t n = name_len(s);
    const char *p = s;
    const char *v = param_value(&p, num);
    if (!v || p > end)
        return NULL;
    int set = param_is_set(s, n);
    if (length) {
        if (p != end)
            return NULL;
        snprintf(num, 16, "%zu", strlen(v));
        return num;
    }
    if (p == end)
        return v;
    if (*p == '#' || *p == '%')
        return remove_affix(v, p, end);
    int colon = *p == ':';
    if (colon)
        p++;
    char op = *p++;
    if (!strchr("-=+?", op) || p > end)
        return NULL;
    int use = set && !(colon && *v == '\0');   /* the parameter counts */
    char *word = expand_one(arena_strndup(p, end - p), 0);
    if (op == '+')
        return use ? word : "";
    if (use)
        return v;
    if (op == '=' && n > 0) {
        char *name = arena_strndup(s, n);
        var_set(name, word, 0);
    } else if (op == '?') {
        fprintf(stderr, "sh: %.*s: %s\n", n ? (int)n : 1, s,
                *word ? word : "parameter not set");
        last_status = 2;
        if (!interactive)
            exit(2);
    }
    return word;
}

/* All the positional parameters joined by spaces, for $* and $@. */
static const char *all_params(void)
{
    size_t len = 1;
    for (int i = 0; i < nparams; i++)
        len += strlen(params[i]) + 1;
    char *s = arena_alloc(len), *p = s;
    for (int i = 0; i < nparams; i++) {
        if (i)
            *p++ = ' ';
        strcpy(p, params[i]);
        p += strlen(p);
    }
    *p = '\0';
    return s;
}

/* The expansion of one word, being built. */
struct expander {
    struct fields *out;
    struct str cur;              /* the field being built */
    int have;                    /* cur is a field even if empty ("") */
    int split;                   /* split unquoted expansions at blanks */
    struct str pat;              /* cur as a pattern: quoted * ? [ \ escaped */
    int magic;                   /* an unquoted * ? [ is in pat */
    int glob;                    /* expand fields with magic as paths */
};

/* Add one character to the field, quoted or not: cur gets it as it is,
 * pat (for globbing and case) escapes it if it is quoted and special. */
static void add_char(struct expander *x, char c, int quoted)
{
    str_addc(&x->cur, c);
    if (quoted && (c == '*' || c == '?' || c == '[' || c == '\\' || c == ']'))
        str_addc(&x->pat, '\\');
    else if (!quoted && (c == '*' || c == '?' || c == '['))
        x->magic = 1;
    str_addc(&x->pat, c);
    x->have = 1;
}

/* Close the current field and start a new one. */
static void end_field(struct expander *x)
{
    if (x->have && x->glob && x->magic && has_glob_chars(x->pat.s))
        glob_expand(x->pat.s, x->cur.s, x->out);
    else if (x->have)
        add_field(x->out, x->cur.s ? x->cur.s : "");
    x->cur.len = x->pat.len = 0;
    if (x->cur.s)
        x->cur.s[0] = '\0';
    if (x->pat.s)
        x->pat.s[0] = '\0';
    x->have = x->magic = 0;
}

/* Add the value of an expansion.  Unquoted, blanks in it separate fields. */
static void add_value(struct expander *x, const char *v, int quoted)
{
    for (; *v; v++) {
        if (!quoted && x->split && (*v == ' ' || *v == '\t' || *v == '\n')) {
            end_field(x);
        } else {
            add_char(x, *v, quoted);
        }
    }
}

/* Command substitution: run text in a child shell and return what it
 * wrote to its standard output, without trailing newlines.  $? becomes
 * its status. */
static char *command_output(const char *text)
{
    int fds[2];
    struct str out = { 0 };
    if (pipe(fds) < 0) {
        fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
        return "";
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 1);
        close(fds[1]);
        interactive = 0;
        run_text(text);
        fflush(stdout);
        _exit(last_status);
    }
    close(fds[1]);
    char buf[512];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
        for (ssize_t i = 0; i < n; i++)
            str_addc(&out, buf[i]);
    close(fds[0]);
    if (pid > 0)
        last_status = status_code(wait_child(pid));
    while (out.len > 0 && out.s[out.len - 1] == '\n')
        out.s[--out.len] = '\0';
    char *result = arena_strndup(out.s ? out.s : "", out.len);
    free(out.s);
    return result;
}

/* Handle a '$' at *sp (just past it).  "$@" in double quotes gives one
 * field per parameter. */
static void expand_dollar(struct expander *x, const char **sp, int quoted)
{
    char num[16];
    if ((*sp)[0] == '(' && (*sp)[1] == '(') {    /* $((arithmetic)) */
        const char *end = subst_end(*sp + 1);
        if (end && end > *sp + 2 && end[-1] == ')') {
            char *inner = arena_strndup(*sp + 2, end - 1 - (*sp + 2));
            *sp = end + 1;
            if (quoted)
                x->have = 1;
            add_value(x, arith_expand(expand_one(inner, 0)), quoted);
            return;
        }
    }
    if (**sp == '(') {                           /* $(command) */
        const char *end = subst_end(*sp + 1);
        if (end) {
            char *inner = arena_strndup(*sp + 1, end - (*sp + 1));
            *sp = end + 1;
            if (quoted)
                x->have = 1;
            add_value(x, command_output(inner), quoted);
            return;
        }
    }
    if (**sp == '@' || **sp == '*') {
        int each = quoted && **sp == '@';
        (*sp)++;
        if (!each) {
            add_value(x, all_params(), quoted);
            return;
        }
        for (int i = 0; i < nparams; i++) {
            if (i > 0)
                end_field(x);
            add_value(x, params[i], 1);
            x->have = 1;
        }
        return;
    }
    const char *v;
    const char *close = **sp == '{' ? brace_end(*sp + 1) : NULL;
    if (close) {
        v = braced_param(*sp + 1, close, num);
        if (v)
            *sp = close + 1;
    } else {
        v = param_value(sp, num);
    }
    if (!v) {
        add_char(x, '$', quoted);
        return;
    }
    if (quoted)
        x->have = 1;
    add_value(x, v, quoted);
}

/* Expand one word: quotes are removed, parameters replaced and (if
 * split) unquoted expansions split into fields, which are appended to
 * out.  A word like "" gives one empty field; an unquoted empty
 * expansion gives none. */
static void expand_fields(const char *s, struct fields *out, int split, int glob,
                          char **pattern)
{
    struct expander x = { .out = out, .split = split, .glob = glob };
    if (strcmp(s, "\"$@\"") == 0 && nparams == 0)
        return;                                  /* "$@" of nothing: no field */
    if (s[0] == '~' && (s[1] == '/' || s[1] == '\0') && var_get("HOME")) {
        add_value(&x, var_get("HOME"), 1);
        x.have = 1;
        s++;
    }
    while (*s) {
        if (*s == '\'') {                        /* '...': all literal */
            x.have = 1;
            for (s++; *s && *s != '\''; s++)
                add_char(&x, *s, 1);
            if (*s)
                s++;
        } else if (*s == '"') {                  /* "...": only $ and \ */
            x.have = 1;
            for (s++; *s && *s != '"';) {
                if (*s == '\\' && s[1] && strchr("$`\"\\\n", s[1])) {
                    if (s[1] != '\n')
                        add_char(&x, s[1], 1);
                    s += 2;
                } else if (*s == '$') {
                    s++;
                    expand_dollar(&x, &s, 1);
                } else {
                    add_char(&x, *s++, 1);
                }
            }
            if (*s)
                s++;
        } else if (*s == '\\') {                 /* \c: c itself */
            if (s[1] == '\n') {
                s += 2;
            } else if (s[1]) {
                add_char(&x, s[1], 1);
                s += 2;
            } else {
                add_char(&x, *s++, 1);
            }
        } else if (*s == '$') {
            s++;
            expand_dollar(&x, &s, 0);
        } else {
            add_char(&x, *s++, 0);
        }
    }
    if (pattern) {
        *pattern = arena_strndup(x.pat.s ? x.pat.s : "", x.pat.len);
        x.have = 0;
    }
    end_field(&x);
    free(x.cur.s);
    free(x.pat.s);
}

/* Expand a word of a command: fields, split at blanks if split, and
 * pathname expansion of those with unquoted * ? [ (when split: not for
 * an assignment's value or a redirection's target). */
void expand_word(const char *s, struct fields *out, int split)
{
    expand_fields(s, out, split, split, NULL);
}

/* Expand a here-document's text: parameters, $(...) and $((...)), and
 * backslash before $ ` \ or newline, as between double quotes, but a "
 * is an ordinary character. */
char *expand_heredoc(const char *s)
{
    struct fields f = { 0 };
    struct expander x = { .out = &f };
    while (*s) {
        if (*s == '\\' && s[1] && strchr("$`\\\n", s[1])) {
            if (s[1] != '\n')
                add_char(&x, s[1], 1);
            s += 2;
        } else if (*s == '$') {
            s++;
            expand_dollar(&x, &s, 1);
        } else {
            add_char(&x, *s++, 1);
        }
    }
    char *text = arena_strndup(x.cur.s ? x.cur.s : "", x.cur.len);
    free(x.cur.s);
    free(x.pat.s);
    return text;
}

/* Expand a case pattern: one string, quoted characters escaped so that
 * they match only themselves. */
char *expand_pattern(const char *s)
{
    struct fields f = { 0 };
    char *pattern = "";
    expand_fields(s, &f, 0, 0, &pattern);
    return pattern;
}

/* Expand a word that must give exactly one string (a redirection
 * target or an assignment's value).  NULL if it does not. */
char *expand_one(const char *s, int split)
{
    struct fields f = { 0 };
    expand_word(s, &f, split);
    if (f.n == 0 && !split)
        return "";
    return f.n == 1 ? f.v[0] : NULL;
}
