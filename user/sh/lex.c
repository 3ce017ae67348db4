/*
 * user/sh/lex.c - splitting shell text into tokens: words (quotes and
 * $(...) kept as written), operators, redirections, newlines.
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


struct token *toks;
int ntoks;

/* Append a token. */
static void add_token(enum tok_type type, char *text, enum redir_type r, int fd)
{
    toks = arena_grow(toks, ntoks, sizeof(struct token));
    toks[ntoks++] = (struct token){ type, text, r, fd, NULL, 0 };
}

/* Characters that end a word when not quoted. */
static int is_meta(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '|' || c == '&'
        || c == ';' || c == '<' || c == '>' || c == '(' || c == ')' || c == '\0';
}

static const char *subst_close(const char *s);

/* s is at a double quote: return the end of the quoted part, or NULL if
 * the text ends first. */
static const char *dquote_end(const char *s)
{
    for (s++; *s != '"'; s++) {
        if (*s == '\0')
            return NULL;
        if (*s == '\\' && s[1]) {
            s++;
        } else if (*s == '$' && s[1] == '(') {
            s = subst_end(s + 2);
            if (!s)
                return NULL;
        } else if (*s == '$' && s[1] == '{') {
            s = brace_end(s + 2);
            if (!s)
                return NULL;
        }
    }
    return s + 1;
}

/* s is just after the "${" of a parameter expansion: return the '}'
 * that closes it (past quotes, $(...) and nested ${...}), or NULL if
 * the text ends first or nests too deeply. */
const char *brace_end(const char *s)
{
    static int nesting;
    if (nesting >= MAX_NESTING)
        return NULL;
    nesting++;
    for (; s && *s && *s != '}'; s++) {
        if (*s == '\\' && s[1])
            s++;
        else if (*s == '\'')
            s = strchr(s + 1, '\'');
        else if (*s == '"')
            s = dquote_end(s), s = s ? s - 1 : s;
        else if (*s == '$' && s[1] == '(')
            s = subst_end(s + 2);
        else if (*s == '$' && s[1] == '{')
            s = brace_end(s + 2);
    }
    nesting--;
    return s && *s == '}' ? s : NULL;
}

/* s is just after the "$(" of a command substitution: return the ')'
 * that closes it (skipping quotes and nested parentheses), or NULL if
 * the text ends first or nests too deeply. */
const char *subst_end(const char *s)
{
    static int nesting;          /* limit the recursion: bad input must */
    if (nesting >= MAX_NESTING)  /* not overflow the stack */
        return NULL;
    nesting++;
    const char *end = subst_close(s);
    nesting--;
    return end;
}

/* subst_end's loop: find the ')' at depth 0. */
static const char *subst_close(const char *s)
{
    int depth = 1;
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
        } else if (*s == '\'') {
            s = strchr(s + 1, '\'');
            if (!s)
                return NULL;
        } else if (*s == '"') {
            s = dquote_end(s);
            if (!s)
                return NULL;
            s--;                         /* back onto the closing quote */
        } else if (*s == '(') {
            depth++;
        } else if (*s == ')' && --depth == 0) {
            return s;
        }
    }
    return NULL;
}

/* Find the end of the word starting at s: past quotes, backslash
 * escapes and $(...), up to an unquoted metacharacter.  Returns NULL if
 * a quote or $( is not closed or the text ends in a backslash (more
 * input is needed). */
static const char *word_end(const char *s)
{
    while (!is_meta(*s)) {
        if (*s == '\\') {
            if (s[1] == '\0')
                return NULL;
            s += 2;
        } else if (*s == '\'') {
            s = strchr(s + 1, '\'');
            if (!s)
                return NULL;
            s++;
        } else if (*s == '"') {
            s = dquote_end(s);
            if (!s)
                return NULL;
        } else if (*s == '$' && (s[1] == '(' || s[1] == '{')) {
            s = s[1] == '(' ? subst_end(s + 2) : brace_end(s + 2);
            if (!s)
                return NULL;
            s++;
        } else {
            s++;
        }
    }
    return s;
}

/* Read a redirection operator at s for descriptor fd (-1: the default,
 * 0 for < and 1 for >).  Returns the length of the operator. */
static int lex_redir(const char *s, int fd)
{
    enum redir_type r;
    int len;
    if (s[0] == '<' && s[1] == '<') {
        r = R_HEREDOC;
        len = s[2] == '-' ? 3 : 2;           /* <<- strips leading tabs */
    } else if (s[0] == '>' && s[1] == '>') {
        r = R_APPEND;
        len = 2;
    } else if (s[1] == '&') {
        r = R_DUP;
        len = 2;
    } else {
        r = s[0] == '<' ? R_IN : R_OUT;
        len = 1;
    }
    if (fd < 0)
        fd = s[0] == '<' ? 0 : 1;
    add_token(T_REDIR, arena_strndup(s, len), r, fd);
    return len;
}

/* Here-documents: a << seen on this line, whose body starts after the
 * line's newline.  These are token numbers (toks may move as it grows). */
#define MAX_HEREDOCS 16
static int pending[MAX_HEREDOCS];
static int npending;

/* Remember that the next token is a << for read_heredocs. */
static int note_heredoc(void)
{
    if (npending == MAX_HEREDOCS) {
        fprintf(stderr, "sh: more than %d here-documents on a line\n", MAX_HEREDOCS);
        return -1;
    }
    pending[npending++] = ntoks;
    return 0;
}

/* The delimiter of a here-document as written: quotes removed. */
static char *heredoc_delimiter(const char *w, int *quoted)
{
    char *d = arena_alloc(strlen(w) + 1), *o = d;
    *quoted = 0;
    for (; *w; w++) {
        if (*w == '\'' || *w == '"' || *w == '\\') {
            *quoted = 1;
            if (*w == '\\' && w[1])
                *o++ = *++w;
            continue;
        }
        *o++ = *w;
    }
    *o = '\0';
    return d;
}

/* s is just after a newline: read the bodies of the pending
 * here-documents, each up to a line holding only its delimiter, into
 * their tokens.  Returns where the text goes on, or NULL if it ends
 * before the last delimiter. */
static const char *read_heredocs(const char *s)
{
    for (int i = 0; i < npending; i++) {
        struct token *t = &toks[pending[i]];
        if (pending[i] + 1 >= ntoks || toks[pending[i] + 1].type != T_WORD)
            continue;                        /* the parser will complain */
        const char *delim = heredoc_delimiter(toks[pending[i] + 1].text, &t->quoted);
        int strip = t->text[2] == '-';
        struct str body = { 0 };
        for (;;) {
            if (*s == '\0') {
                free(body.s);
                return NULL;
            }
            const char *eol = strchr(s, '\n');
            if (!eol)
                eol = s + strlen(s);
            const char *line = s;
            while (strip && *line == '\t')
                line++;
            int last = *eol == '\0';
            s = last ? eol : eol + 1;
            if ((size_t)(eol - line) == strlen(delim) && strncmp(line, delim, eol - line) == 0)
                break;
            if (last) {                      /* a partial line: wait for more */
                free(body.s);
                return NULL;
            }
            for (const char *c = line; c <= eol; c++)
                str_addc(&body, *c);
        }
        t->body = arena_strndup(body.s ? body.s : "", body.len);
        free(body.s);
    }
    npending = 0;
    return s;
}

/* Split text into tokens (in toks/ntoks).  LEX_INCOMPLETE means the text
 * stops inside a quote, after a backslash, or after | && || - the caller
 * may read another line and try again. */
enum lex_result lex(const char *s)
{
    toks = NULL;
    ntoks = 0;
    npending = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t' || (*s == '\\' && s[1] == '\n'))
            s += *s == '\\' ? 2 : 1;
        if (*s == '#')
            while (*s && *s != '\n')
                s++;
        if (*s == '\0')
            break;
        if (*s == '\n') {
            add_token(T_NEWLINE, "newline", 0, 0);
            s++;
            if (npending && !(s = read_heredocs(s)))
                return LEX_INCOMPLETE;       /* a body is not complete yet */
        } else if (*s == '|' || *s == '&') {
            int twice = s[1] == s[0];
            enum tok_type t = *s == '|' ? (twice ? T_OR : T_PIPE) : (twice ? T_AND : T_AMP);
            add_token(t, arena_strndup(s, twice + 1), 0, 0);
            s += twice + 1;
        } else if (*s == ';' && s[1] == ';') {
            add_token(T_DSEMI, ";;", 0, 0);
            s += 2;
        } else if (*s == ';') {
            add_token(T_SEMI, ";", 0, 0);
            s++;
        } else if (*s == '(' || *s == ')') {
            add_token(*s == '(' ? T_LPAREN : T_RPAREN, *s == '(' ? "(" : ")", 0, 0);
            s++;
        } else if (*s == '<' || *s == '>') {
            if (s[0] == '<' && s[1] == '<' && note_heredoc() < 0)
                return LEX_ERROR;
            s += lex_redir(s, -1);
        } else {
            const char *end = word_end(s);
            if (!end)
                return LEX_INCOMPLETE;
            int digits = 1;              /* "2>": a descriptor number */
            for (const char *p = s; p < end; p++)
                if (*p < '0' || *p > '9')
                    digits = 0;
            if (digits && (*end == '<' || *end == '>') && end - s < 4) {
                s = end + lex_redir(end, atoi(s));
            } else {
                add_token(T_WORD, arena_strndup(s, end - s), 0, 0);
                s = end;
            }
        }
    }
    if (npending)
        return LEX_INCOMPLETE;                /* << with its body still to come */
    int last = ntoks - 1;
    while (last >= 0 && toks[last].type == T_NEWLINE)
        last--;
    if (last >= 0 && (toks[last].type == T_PIPE || toks[last].type == T_AND
                      || toks[last].type == T_OR))
        return LEX_INCOMPLETE;
    add_token(T_END, "newline", 0, 0);
    return LEX_OK;
}
