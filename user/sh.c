/*
 * sh - the Pagoda shell.
 *
 *   sh                     read commands from stdin (prompt "$ " on a tty)
 *   sh -i                  the same, with a prompt even if stdin is no tty
 *   sh FILE [ARG...]       run the script FILE ($0 = FILE, $1... = ARGs)
 *   sh -c CMDS [NAME ARG...]   run the string CMDS
 *
 * What it understands:
 *   words with '...', "..." and \ quoting, # comments
 *   $NAME ${NAME} $? $$ $! $# $0..$9 $@ $* and $(command) (unquoted
 *     results are split at blanks), ~ for $HOME at the start of a word
 *   NAME=value (alone: sets a shell variable; before a command: only
 *     for that command's environment)
 *   pipelines a | b | c;  lists with ; & && || and newlines;  ( list )
 *   redirections < > >> N< N> N>> N>&M N<&M N>&- (as in 2> and 2>&1)
 *   builtins cd, pwd, exit, export, unset, wait, exec
 * Not supported: if/while/for/case, functions, globbing (*), `...`,
 * here-documents, job control (fg/bg, Ctrl-Z).
 *
 * How a command line runs: it is split into tokens (lex), the tokens are
 * arranged into lists, pipelines and commands (parse), and each command
 * is expanded and run (run_*) only when its turn comes, so `X=1; echo $X`
 * sees the new X.  Everything made for one line lives in an arena that
 * is thrown away after the line.
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

/* ------------------------------------------------------------------ */
/* Memory: malloc that cannot fail, an arena per command line, strings */

/* malloc, or end the shell: there is no sensible way to go on. */
static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        write(2, "sh: out of memory\n", 18);
        _exit(2);
    }
    return p;
}

/* A copy of s that lives until freed. */
static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

/* The arena: chunks that are all freed at once, after each command line. */
struct chunk {
    struct chunk *next;
    size_t used, size;
    char data[];
};

static struct chunk *arena;

/* n bytes from the arena, 8-byte aligned. */
static void *arena_alloc(size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (!arena || arena->used + n > arena->size) {
        size_t size = n > 4096 ? n : 4096;
        struct chunk *c = xmalloc(sizeof(struct chunk) + size);
        c->next = arena;
        c->used = 0;
        c->size = size;
        arena = c;
    }
    void *p = arena->data + arena->used;
    arena->used += n;
    return p;
}

/* A NUL-terminated copy of s[0..n) in the arena. */
static char *arena_strndup(const char *s, size_t n)
{
    char *p = arena_alloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Make room for element n (0, 1, 2, ...) of an arena array that grows
 * one element at a time.  The capacity doubles whenever n reaches a
 * power of two, so the copies cost O(n) in all. */
static void *arena_grow(void *old, int n, size_t elem)
{
    if (n > 0 && (n & (n - 1)) != 0)
        return old;                  /* still room: capacity is 2^k > n */
    void *p = arena_alloc((n ? 2 * n : 1) * elem);
    if (old && n > 0)
        memcpy(p, old, n * elem);
    return p;
}

/* Free everything in the arena. */
static void arena_free_all(void)
{
    while (arena) {
        struct chunk *next = arena->next;
        free(arena);
        arena = next;
    }
}

/* A growing string (malloc'd). */
struct str {
    char *s;
    size_t len, cap;
};

/* Append one byte. */
static void str_addc(struct str *b, char c)
{
    if (b->len + 2 > b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        char *p = realloc(b->s, b->cap);
        if (!p) {
            write(2, "sh: out of memory\n", 18);
            _exit(2);
        }
        b->s = p;
    }
    b->s[b->len++] = c;
    b->s[b->len] = '\0';
}

/* ------------------------------------------------------------------ */
/* Shell state and variables                                          */

static int last_status;          /* $? */
static pid_t last_bg;            /* $! */
static int interactive;          /* prompts, job reports */
static char *arg0 = "sh";        /* $0 */
static char **params;            /* $1, $2, ... */
static int nparams;              /* $# */

#define MAX_BG 64
static pid_t bg_pids[MAX_BG];    /* background jobs not yet reaped */
static int nbg;

struct var {
    char *name;
    char *value;
    int exported;                /* passed to the environment of commands */
};

static struct var *vars;
static int nvars, capvars;

/* Length of the variable name at the start of s (letters, digits and
 * '_', not starting with a digit); 0 if there is none. */
static size_t name_len(const char *s)
{
    size_t n = 0;
    if (!(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return 0;
    while (s[n] == '_' || (s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z')
           || (s[n] >= '0' && s[n] <= '9'))
        n++;
    return n;
}

/* The variable called name[0..len), or NULL. */
static struct var *var_find(const char *name, size_t len)
{
    for (int i = 0; i < nvars; i++)
        if (strncmp(vars[i].name, name, len) == 0 && vars[i].name[len] == '\0')
            return &vars[i];
    return NULL;
}

/* The value of a variable, or NULL if it is not set. */
static const char *var_get(const char *name)
{
    struct var *v = var_find(name, strlen(name));
    return v ? v->value : NULL;
}

/* Set a variable.  export: 1 to export it, 0 to leave the flag as it is. */
static void var_set(const char *name, const char *value, int export)
{
    struct var *v = var_find(name, strlen(name));
    if (!v) {
        if (nvars == capvars) {
            capvars = capvars ? capvars * 2 : 32;
            struct var *nv = realloc(vars, capvars * sizeof(struct var));
            if (!nv) {
                write(2, "sh: out of memory\n", 18);
                _exit(2);
            }
            vars = nv;
        }
        v = &vars[nvars++];
        v->name = xstrdup(name);
        v->value = NULL;
        v->exported = 0;
    }
    if (value) {
        char *copy = xstrdup(value);
        free(v->value);
        v->value = copy;
    }
    if (export)
        v->exported = 1;
}

/* Forget a variable. */
static void var_unset(const char *name)
{
    struct var *v = var_find(name, strlen(name));
    if (!v)
        return;
    free(v->name);
    free(v->value);
    *v = vars[--nvars];
}

/* Import the environment we were started with; make sure PATH is set. */
static void vars_init(void)
{
    for (char **e = environ; e && *e; e++) {
        char *eq = strchr(*e, '=');
        if (!eq || eq == *e)
            continue;
        char *name = strndup(*e, eq - *e);
        if (name) {
            var_set(name, eq + 1, 1);
            free(name);
        }
    }
    if (!var_get("PATH"))
        var_set("PATH", "/bin", 1);
}

/* A prefix assignment, NAME=value before a command. */
struct assign {
    char *name;
    char *value;
};

/* The environment for a new program: every exported variable, with the
 * command's own assignments taking precedence.  Built in the arena. */
static char **build_env(struct assign *as, int nas)
{
    char **env = arena_alloc((nvars + nas + 1) * sizeof(char *));
    int n = 0;
    for (int i = 0; i < nvars + nas; i++) {
        const char *name, *value;
        if (i < nvars) {
            if (!vars[i].exported || !vars[i].value)
                continue;
            name = vars[i].name;
            value = vars[i].value;
            int overridden = 0;
            for (int j = 0; j < nas; j++)
                if (strcmp(as[j].name, name) == 0)
                    overridden = 1;
            if (overridden)
                continue;
        } else {
            name = as[i - nvars].name;
            value = as[i - nvars].value;
        }
        size_t nl = strlen(name), vl = strlen(value);
        char *e = arena_alloc(nl + vl + 2);
        memcpy(e, name, nl);
        e[nl] = '=';
        memcpy(e + nl + 1, value, vl + 1);
        env[n++] = e;
    }
    env[n] = NULL;
    return env;
}

/* ------------------------------------------------------------------ */
/* Reading input                                                      */

struct input {
    int fd;                      /* -1: the text of -c */
    int bytewise;                /* read one byte at a time (see below) */
    char buf[1024];
    int pos, len;
    const char *text;            /* for -c: all of it */
    int done;
};

/* The next byte of input, or -1 at the end.  Standard input is read one
 * byte at a time, so that the shell never reads past the end of its
 * line: the rest belongs to the commands it runs (think of
 * `echo 'cat; echo done' | sh` - cat must get what follows). */
static int next_byte(struct input *in)
{
    if (in->pos < in->len)
        return (unsigned char)in->buf[in->pos++];
    int want = in->bytewise ? 1 : (int)sizeof(in->buf);
    int n;
    do
        n = read(in->fd, in->buf, want);
    while (n < 0 && errno == EINTR);
    if (n <= 0)
        return -1;
    in->pos = 1;
    in->len = n;
    return (unsigned char)in->buf[0];
}

/* Read one line (without its newline) into a malloc'd string; NULL at
 * the end of the input. */
static char *read_line(struct input *in, const char *prompt)
{
    if (in->fd < 0) {                    /* -c: the whole text, once */
        if (in->done)
            return NULL;
        in->done = 1;
        return xstrdup(in->text);
    }
    if (interactive)
        fputs(prompt, stderr);
    struct str b = { 0 };
    int c;
    while ((c = next_byte(in)) >= 0 && c != '\n')
        str_addc(&b, (char)c);
    if (c < 0 && b.len == 0) {
        free(b.s);
        return NULL;
    }
    if (!b.s)
        return xstrdup("");
    return b.s;
}

/* ------------------------------------------------------------------ */
/* Lexing: text -> tokens                                              */

enum tok_type {
    T_WORD, T_PIPE, T_AND, T_OR, T_SEMI, T_AMP, T_NEWLINE, T_REDIR,
    T_LPAREN, T_RPAREN, T_END
};

enum redir_type { R_IN, R_OUT, R_APPEND, R_DUP };

struct token {
    enum tok_type type;
    char *text;                  /* the word as written, quotes included */
    enum redir_type redir;       /* for T_REDIR */
    int fd;                      /* for T_REDIR: the descriptor redirected */
};

enum lex_result { LEX_OK, LEX_INCOMPLETE, LEX_ERROR };

static struct token *toks;
static int ntoks;

/* Append a token. */
static void add_token(enum tok_type type, char *text, enum redir_type r, int fd)
{
    toks = arena_grow(toks, ntoks, sizeof(struct token));
    toks[ntoks++] = (struct token){ type, text, r, fd };
}

/* Characters that end a word when not quoted. */
static int is_meta(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '|' || c == '&'
        || c == ';' || c == '<' || c == '>' || c == '(' || c == ')' || c == '\0';
}

#define MAX_NESTING 50           /* deepest $( ) or ( ) we accept */

static const char *subst_end(const char *s);
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
        }
    }
    return s + 1;
}

/* s is just after the "$(" of a command substitution: return the ')'
 * that closes it (skipping quotes and nested parentheses), or NULL if
 * the text ends first or nests too deeply. */
static const char *subst_end(const char *s)
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
        } else if (*s == '$' && s[1] == '(') {
            s = subst_end(s + 2);
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
    if (s[0] == '>' && s[1] == '>') {
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

/* Split text into tokens (in toks/ntoks).  LEX_INCOMPLETE means the text
 * stops inside a quote, after a backslash, or after | && || - the caller
 * may read another line and try again. */
static enum lex_result lex(const char *s)
{
    toks = NULL;
    ntoks = 0;
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
        } else if (*s == '|' || *s == '&') {
            int twice = s[1] == s[0];
            enum tok_type t = *s == '|' ? (twice ? T_OR : T_PIPE) : (twice ? T_AND : T_AMP);
            add_token(t, arena_strndup(s, twice + 1), 0, 0);
            s += twice + 1;
        } else if (*s == ';') {
            add_token(T_SEMI, ";", 0, 0);
            s++;
        } else if (*s == '(' || *s == ')') {
            add_token(*s == '(' ? T_LPAREN : T_RPAREN, *s == '(' ? "(" : ")", 0, 0);
            s++;
        } else if (*s == '<' || *s == '>') {
            if (s[0] == '<' && s[1] == '<') {
                fprintf(stderr, "sh: here-documents (<<) are not supported\n");
                return LEX_ERROR;
            }
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
    int last = ntoks - 1;
    while (last >= 0 && toks[last].type == T_NEWLINE)
        last--;
    if (last >= 0 && (toks[last].type == T_PIPE || toks[last].type == T_AND
                      || toks[last].type == T_OR))
        return LEX_INCOMPLETE;
    add_token(T_END, "newline", 0, 0);
    return LEX_OK;
}

/* ------------------------------------------------------------------ */
/* Parsing: tokens -> lists of pipelines of commands                   */

struct redir {
    enum redir_type type;
    int fd;
    char *target;                /* a word, expanded when it runs */
};

struct andor;

struct command {
    char **words;                /* as written; expanded when it runs */
    int nwords;
    struct redir *redirs;
    int nredirs;
    struct andor *sub;           /* ( list ): run in a child shell */
    int nsub;
};

struct pipeline {
    struct command *cmds;
    int ncmds;
    enum tok_type op;            /* T_AND or T_OR before this one */
};

/* One entry of a list: pipelines joined by && and ||, maybe with &. */
struct andor {
    struct pipeline *pipes;
    int npipes;
    int background;
};

static int tpos;                 /* the parser's position in toks */

/* Report a syntax error at the current token.  Returns -1. */
static int syntax_error(void)
{
    fprintf(stderr, "sh: syntax error near unexpected token `%s'\n", toks[tpos].text);
    return -1;
}

static int parse_list(struct andor **out, enum tok_type end);

/* command: (WORD | REDIR WORD)+  or  '(' list ')' (REDIR WORD)* */
static int parse_command(struct command *c)
{
    static int nesting;
    *c = (struct command){ 0 };
    if (toks[tpos].type == T_LPAREN) {
        if (nesting >= MAX_NESTING) {
            fprintf(stderr, "sh: ( ) nested too deeply\n");
            return -1;
        }
        tpos++;
        nesting++;
        c->nsub = parse_list(&c->sub, T_RPAREN);
        nesting--;
        if (c->nsub < 0)
            return -1;
        if (c->nsub == 0 || toks[tpos].type != T_RPAREN)
            return syntax_error();
        tpos++;
    }
    for (;;) {
        struct token *t = &toks[tpos];
        if (t->type == T_WORD && !c->sub) {
            c->words = arena_grow(c->words, c->nwords, sizeof(char *));
            c->words[c->nwords++] = t->text;
            tpos++;
        } else if (t->type == T_REDIR) {
            tpos++;
            if (toks[tpos].type != T_WORD)
                return syntax_error();
            c->redirs = arena_grow(c->redirs, c->nredirs, sizeof(struct redir));
            c->redirs[c->nredirs++] = (struct redir){ t->redir, t->fd, toks[tpos].text };
            tpos++;
        } else {
            break;
        }
    }
    if (c->nwords == 0 && c->nredirs == 0 && !c->sub)
        return syntax_error();
    return 0;
}

/* Skip newlines (allowed after | && ||). */
static void skip_newlines(void)
{
    while (toks[tpos].type == T_NEWLINE)
        tpos++;
}

/* pipeline: command ('|' command)* */
static int parse_pipeline(struct pipeline *p, enum tok_type op)
{
    *p = (struct pipeline){ .op = op };
    for (;;) {
        p->cmds = arena_grow(p->cmds, p->ncmds, sizeof(struct command));
        if (parse_command(&p->cmds[p->ncmds++]) < 0)
            return -1;
        if (toks[tpos].type != T_PIPE)
            return 0;
        tpos++;
        skip_newlines();
    }
}

/* and-or: pipeline (('&&' | '||') pipeline)* */
static int parse_andor(struct andor *a)
{
    *a = (struct andor){ 0 };
    enum tok_type op = T_SEMI;
    for (;;) {
        a->pipes = arena_grow(a->pipes, a->npipes, sizeof(struct pipeline));
        if (parse_pipeline(&a->pipes[a->npipes++], op) < 0)
            return -1;
        op = toks[tpos].type;
        if (op != T_AND && op != T_OR)
            return 0;
        tpos++;
        skip_newlines();
    }
}

/* list: and-or ((';' | '&' | newline) and-or)*, up to the token `end`
 * (T_END, or T_RPAREN inside parentheses), which is not consumed.
 * Returns the number of entries in *out, or -1 after a syntax error. */
static int parse_list(struct andor **out, enum tok_type end)
{
    struct andor *list = NULL;
    int n = 0;
    for (;;) {
        skip_newlines();
        if (toks[tpos].type == end)
            break;
        list = arena_grow(list, n, sizeof(struct andor));
        if (parse_andor(&list[n]) < 0)
            return -1;
        enum tok_type t = toks[tpos].type;
        if (t == T_AMP)
            list[n].background = 1;
        n++;
        if (t == T_AMP || t == T_SEMI || t == T_NEWLINE)
            tpos++;
        else if (t != end)
            return syntax_error();
    }
    *out = list;
    return n;
}

/* ------------------------------------------------------------------ */
/* Expansion: a word as written -> zero or more fields                  */

struct fields {
    char **v;
    int n;
};

/* Append a finished field (copied into the arena). */
static void add_field(struct fields *f, const char *s)
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
    if (*s == '{') {                       /* ${NAME} */
        size_t n = name_len(s + 1);
        if (n == 0 || s[1 + n] != '}')
            return NULL;
        *sp = s + n + 2;
        struct var *v = var_find(s + 1, n);
        return v && v->value ? v->value : "";
    }
    size_t n = name_len(s);
    if (n > 0) {                           /* $NAME */
        *sp = s + n;
        struct var *v = var_find(s, n);
        return v && v->value ? v->value : "";
    }
    *sp = s + 1;
    switch (*s) {
    case '?': snprintf(num, 16, "%d", last_status); return num;
    case '$': snprintf(num, 16, "%d", getpid()); return num;
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
};

/* Close the current field and start a new one. */
static void end_field(struct expander *x)
{
    if (x->have)
        add_field(x->out, x->cur.s ? x->cur.s : "");
    x->cur.len = 0;
    if (x->cur.s)
        x->cur.s[0] = '\0';
    x->have = 0;
}

/* Add the value of an expansion.  Unquoted, blanks in it separate fields. */
static void add_value(struct expander *x, const char *v, int quoted)
{
    for (; *v; v++) {
        if (!quoted && x->split && (*v == ' ' || *v == '\t' || *v == '\n')) {
            end_field(x);
        } else {
            str_addc(&x->cur, *v);
            x->have = 1;
        }
    }
}

static void run_text(const char *text);
static int wait_child(pid_t pid);
static int status_code(int status);

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
    const char *v = param_value(sp, num);
    if (!v) {
        str_addc(&x->cur, '$');
        x->have = 1;
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
static void expand_word(const char *s, struct fields *out, int split)
{
    struct expander x = { .out = out, .split = split };
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
                str_addc(&x.cur, *s);
            if (*s)
                s++;
        } else if (*s == '"') {                  /* "...": only $ and \ */
            x.have = 1;
            for (s++; *s && *s != '"';) {
                if (*s == '\\' && s[1] && strchr("$`\"\\\n", s[1])) {
                    if (s[1] != '\n')
                        str_addc(&x.cur, s[1]);
                    s += 2;
                } else if (*s == '$') {
                    s++;
                    expand_dollar(&x, &s, 1);
                } else {
                    str_addc(&x.cur, *s++);
                }
            }
            if (*s)
                s++;
        } else if (*s == '\\') {                 /* \c: c itself */
            if (s[1] == '\n') {
                s += 2;
            } else if (s[1]) {
                str_addc(&x.cur, s[1]);
                x.have = 1;
                s += 2;
            } else {
                str_addc(&x.cur, *s++);
                x.have = 1;
            }
        } else if (*s == '$') {
            s++;
            expand_dollar(&x, &s, 0);
        } else {
            str_addc(&x.cur, *s++);
            x.have = 1;
        }
    }
    end_field(&x);
    free(x.cur.s);
}

/* Expand a word that must give exactly one string (a redirection
 * target or an assignment's value).  NULL if it does not. */
static char *expand_one(const char *s, int split)
{
    struct fields f = { 0 };
    expand_word(s, &f, split);
    if (f.n == 0 && !split)
        return "";
    return f.n == 1 ? f.v[0] : NULL;
}

/* ------------------------------------------------------------------ */
/* Running commands                                                    */

/* Wait for one child, retrying if a signal interrupts.  Returns the
 * status word, or -1 if there is no such child. */
static int wait_child(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    return status;
}

/* Tell the user how a child died, as dash does: the signal's name,
 * except for SIGINT (the user knows: they pressed ^C) and SIGPIPE (a
 * normal end for the left side of a pipe). */
static void report_signal(int status)
{
    if (!WIFSIGNALED(status))
        return;
    int sig = WTERMSIG(status);
    if (sig == SIGINT) {
        if (interactive)
            fputc('\n', stderr);
    } else if (sig != SIGPIPE) {
        fprintf(stderr, "%s%s\n", strsignal(sig), WCOREDUMP(status) ? " (core dumped)" : "");
    }
}

/* The $? value for a wait status: the exit code, or 128 + the signal. */
static int status_code(int status)
{
    if (status < 0)
        return 127;
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

/* Reap background jobs that have finished, without waiting.  An
 * interactive shell says which. */
static void reap_background(void)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        for (int i = 0; i < nbg; i++)
            if (bg_pids[i] == pid)
                bg_pids[i] = bg_pids[--nbg];
        if (!interactive)
            continue;
        if (WIFSIGNALED(status))
            fprintf(stderr, "[%d] %s\n", pid, strsignal(WTERMSIG(status)));
        else if (WEXITSTATUS(status))
            fprintf(stderr, "[%d] Exit %d\n", pid, WEXITSTATUS(status));
        else
            fprintf(stderr, "[%d] Done\n", pid);
    }
}

/* Remember a background job for `wait` and $!. */
static void add_background(pid_t pid)
{
    last_bg = pid;
    if (nbg < MAX_BG)
        bg_pids[nbg++] = pid;
}

/* A descriptor saved while a builtin runs with redirections. */
struct saved_fd {
    int fd;
    int copy;                    /* -1: fd was closed before */
};

/* Parse a whole-string non-negative decimal number; -1 if it is not. */
static int parse_fd(const char *s)
{
    if (*s == '\0')
        return -1;
    int n = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || n > 100000)
            return -1;
        n = n * 10 + (*s - '0');
    }
    return n;
}

/* Perform a command's redirections, in order.  If save is not NULL,
 * first keep a copy of each descriptor changed so that
 * restore_redirs() can undo it (for builtins run inside the shell).
 * Returns 0, or -1 after printing an error. */
static int apply_redirs(struct command *c, struct saved_fd *save, int *nsave)
{
    for (int i = 0; i < c->nredirs; i++) {
        struct redir *r = &c->redirs[i];
        char *target = expand_one(r->target, 1);
        if (!target) {
            fprintf(stderr, "sh: %s: ambiguous redirect\n", r->target);
            return -1;
        }
        int from = -1;
        if (r->type == R_DUP) {
            if (strcmp(target, "-") != 0) {
                from = parse_fd(target);
                if (from < 0 || fcntl(from, F_GETFD) < 0) {
                    fprintf(stderr, "sh: %s: Bad file descriptor\n", target);
                    return -1;
                }
            }
        } else {
            int flags = r->type == R_IN ? O_RDONLY
                      : r->type == R_OUT ? O_WRONLY | O_CREAT | O_TRUNC
                      : O_WRONLY | O_CREAT | O_APPEND;
            from = open(target, flags, 0666);
            if (from < 0) {
                fprintf(stderr, "sh: %s: %s\n", target, strerror(errno));
                return -1;
            }
        }
        if (save) {
            save[*nsave].fd = r->fd;
            save[*nsave].copy = fcntl(r->fd, F_DUPFD_CLOEXEC, 10);
            (*nsave)++;
        }
        if (from < 0) {
            close(r->fd);                          /* N>&- */
        } else if (from != r->fd) {
            if (dup2(from, r->fd) < 0) {
                fprintf(stderr, "sh: %d: %s\n", r->fd, strerror(errno));
                return -1;
            }
            if (r->type != R_DUP)
                close(from);
        }
    }
    return 0;
}

/* Undo apply_redirs, most recent first. */
static void restore_redirs(struct saved_fd *save, int n)
{
    fflush(stdout);
    while (n-- > 0) {
        if (save[n].copy >= 0) {
            dup2(save[n].copy, save[n].fd);
            close(save[n].copy);
        } else {
            close(save[n].fd);
        }
    }
}

/* ---- builtins ---- */

/* cd [DIR]: change directory (to $HOME, or /, without DIR; "cd -"
 * goes back to the previous one, $OLDPWD, and prints it). */
static int bi_cd(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : var_get("HOME");
    int back = dir && strcmp(dir, "-") == 0;
    if (back)
        dir = var_get("OLDPWD");
    if (!dir || !*dir)
        dir = back ? "." : "/";
    char old[4096], cwd[4096];
    int have_old = getcwd(old, sizeof(old)) != NULL;
    if (chdir(dir) < 0) {
        fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    if (have_old)
        var_set("OLDPWD", old, 0);
    if (getcwd(cwd, sizeof(cwd))) {
        var_set("PWD", cwd, 0);
        if (back)
            printf("%s\n", cwd);
    }
    return 0;
}

/* pwd: print the current directory. */
static int bi_pwd(int argc, char **argv)
{
    (void)argc, (void)argv;
    char cwd[4096];
    if (!getcwd(cwd, sizeof(cwd))) {
        fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
        return 1;
    }
    printf("%s\n", cwd);
    return 0;
}

/* exit [N]: leave the shell with status N (default: $?). */
static int bi_exit(int argc, char **argv)
{
    int code = last_status;
    if (argc > 1) {
        char *end;
        long n = strtol(argv[1], &end, 10);
        if (*end || end == argv[1]) {
            fprintf(stderr, "sh: exit: %s: numeric argument required\n", argv[1]);
            code = 2;
        } else {
            code = (int)(n & 0xff);
        }
    }
    exit(code);
}

/* export [NAME[=VALUE]...]: pass variables to commands; with no
 * arguments, list the exported ones. */
static int bi_export(int argc, char **argv)
{
    if (argc == 1) {
        for (int i = 0; i < nvars; i++)
            if (vars[i].exported && vars[i].value)
                printf("export %s='%s'\n", vars[i].name, vars[i].value);
        return 0;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        size_t n = name_len(argv[i]);
        if (n == 0 || (argv[i][n] != '=' && argv[i][n] != '\0')) {
            fprintf(stderr, "sh: export: `%s': not a valid identifier\n", argv[i]);
            status = 1;
            continue;
        }
        char *name = arena_strndup(argv[i], n);
        var_set(name, argv[i][n] == '=' ? argv[i] + n + 1 : NULL, 1);
    }
    return status;
}

/* unset NAME...: forget variables. */
static int bi_unset(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        var_unset(argv[i]);
    return 0;
}

/* wait [PID...]: wait for background jobs (all of them without PIDs).
 * The status is that of the last one waited for. */
static int bi_wait(int argc, char **argv)
{
    int status = 0;
    if (argc == 1) {
        while (nbg > 0) {
            int s = wait_child(bg_pids[nbg - 1]);
            nbg--;
            status = s < 0 ? 127 : status_code(s);
        }
        return status;
    }
    for (int i = 1; i < argc; i++) {
        pid_t pid = atoi(argv[i]);
        int s = pid > 0 ? wait_child(pid) : -1;
        status = status_code(s);
        for (int j = 0; j < nbg; j++)
            if (bg_pids[j] == pid)
                bg_pids[j] = bg_pids[--nbg];
    }
    return status;
}

static const struct builtin {
    const char *name;
    int (*fn)(int argc, char **argv);
} builtins[] = {
    { "cd", bi_cd },
    { "pwd", bi_pwd },
    { "exit", bi_exit },
    { "export", bi_export },
    { "unset", bi_unset },
    { "wait", bi_wait },
};

/* The builtin called name, or NULL. */
static const struct builtin *find_builtin(const char *name)
{
    for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
        if (strcmp(builtins[i].name, name) == 0)
            return &builtins[i];
    return NULL;
}

/* In a new child: set the signals a command should start with.  The
 * shell ignores SIGINT (and, interactive, SIGQUIT), but commands get the
 * default back, except background ones, which keep ignoring them so
 * that ^C only stops the foreground command. */
static void child_signals(int background)
{
    sighandler_t h = background ? SIG_IGN : SIG_DFL;
    signal(SIGINT, h);
    signal(SIGQUIT, h);
    signal(SIGTERM, SIG_DFL);
}

/* Replace this (child) process with the program argv[0], searched in
 * $PATH.  Only returns... never: on failure it exits 127 or 126. */
static void exec_program(char **argv, struct assign *as, int nas)
{
    environ = build_env(as, nas);
    execvp(argv[0], argv);
    int err = errno;
    if (err == ENOENT)
        fprintf(stderr, "sh: %s: not found\n", argv[0]);
    else
        fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(err));
    _exit(err == ENOENT ? 127 : 126);
}

static void run_list(struct andor *list, int n);

/* Run ( list ) in this process, which must be a child: the parent's
 * variables and current directory stay as they were. */
static int run_subshell(struct command *c)
{
    if (apply_redirs(c, NULL, NULL) < 0)
        return 1;
    run_list(c->sub, c->nsub);
    fflush(stdout);
    return last_status;
}

/* Run one command.  in_child: we are already a forked child (in a
 * pipeline or background job), so external programs are exec'd directly
 * and builtins need not undo their redirections.  Returns the status. */
static int run_command(struct command *c, int in_child)
{
    if (c->sub) {
        if (in_child)
            return run_subshell(c);
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            child_signals(0);
            _exit(run_subshell(c));
        }
        if (pid < 0) {
            fprintf(stderr, "sh: fork: %s\n", strerror(errno));
            return 2;
        }
        int status = wait_child(pid);
        report_signal(status);
        return status_code(status);
    }

    struct assign *as = NULL;
    int nas = 0, w = 0;

    /* Leading NAME=value words are assignments. */
    for (; w < c->nwords; w++) {
        size_t n = name_len(c->words[w]);
        if (n == 0 || c->words[w][n] != '=')
            break;
        as = arena_grow(as, nas, sizeof(struct assign));
        as[nas].name = arena_strndup(c->words[w], n);
        as[nas].value = expand_one(c->words[w] + n + 1, 0);
        nas++;
    }
    struct fields f = { 0 };
    for (; w < c->nwords; w++)
        expand_word(c->words[w], &f, 1);
    f.v = arena_grow(f.v, f.n, sizeof(char *));
    f.v[f.n] = NULL;
    char **argv = f.v;
    int argc = f.n;

    struct saved_fd save[c->nredirs > 0 ? c->nredirs : 1];
    int nsave = 0, status;

    if (argc == 0 || find_builtin(argv[0]) || strcmp(argv[0], "exec") == 0) {
        /* Runs inside this process: assignments, builtins, exec. */
        for (int i = 0; i < nas; i++)
            var_set(as[i].name, as[i].value, 0);
        int keep = argc > 0 && strcmp(argv[0], "exec") == 0;
        fflush(stdout);
        if (apply_redirs(c, (in_child || keep) ? NULL : save, &nsave) < 0) {
            if (!in_child && !keep)
                restore_redirs(save, nsave);
            return 1;
        }
        if (keep) {                               /* exec [CMD...] */
            if (argc > 1)
                exec_program(argv + 1, NULL, 0);
            return 0;
        }
        status = argc == 0 ? 0 : find_builtin(argv[0])->fn(argc, argv);
        fflush(stdout);
        if (!in_child)
            restore_redirs(save, nsave);
        return status;
    }

    if (in_child) {
        if (apply_redirs(c, NULL, NULL) < 0)
            _exit(1);
        exec_program(argv, as, nas);
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "sh: fork: %s\n", strerror(errno));
        return 2;
    }
    if (pid == 0) {
        child_signals(0);
        if (apply_redirs(c, NULL, NULL) < 0)
            _exit(1);
        exec_program(argv, as, nas);
    }
    status = wait_child(pid);
    report_signal(status);
    return status_code(status);
}

/* Make /dev/null the standard input, as POSIX says for background
 * commands of a shell without job control. */
static void stdin_from_null(void)
{
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0) {
        dup2(null, 0);
        close(null);
    }
}

/* Run a pipeline: every command in its own child, each one's output
 * connected to the next one's input.  The status is the last command's.
 * A lone foreground command runs through run_command, so that builtins
 * like cd affect the shell itself.  In the background, we print the
 * last command's pid and do not wait. */
static int run_pipeline(struct pipeline *p, int background)
{
    if (p->ncmds == 1 && !background)
        return run_command(&p->cmds[0], 0);

    pid_t pids[p->ncmds];
    int in = -1;                  /* read end of the previous pipe */
    fflush(stdout);
    for (int i = 0; i < p->ncmds; i++) {
        int fds[2] = { -1, -1 };
        if (i < p->ncmds - 1 && pipe(fds) < 0) {
            fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
            fds[0] = fds[1] = -1;
        }
        pids[i] = fork();
        if (pids[i] == 0) {
            child_signals(background);
            if (background && i == 0)
                stdin_from_null();
            if (in >= 0) {
                dup2(in, 0);
                close(in);
            }
            if (fds[1] >= 0) {
                dup2(fds[1], 1);
                close(fds[1]);
                close(fds[0]);
            }
            int status = run_command(&p->cmds[i], 1);
            fflush(stdout);
            _exit(status);
        }
        if (pids[i] < 0)
            fprintf(stderr, "sh: fork: %s\n", strerror(errno));
        if (in >= 0)
            close(in);
        if (fds[1] >= 0)
            close(fds[1]);
        in = fds[0];
    }
    if (background) {
        add_background(pids[p->ncmds - 1]);
        fprintf(stderr, "[%d]\n", pids[p->ncmds - 1]);
        return 0;
    }
    int status = 0;
    for (int i = 0; i < p->ncmds; i++) {
        if (pids[i] < 0)
            continue;
        int s = wait_child(pids[i]);
        report_signal(s);
        if (i == p->ncmds - 1)
            status = status_code(s);
    }
    return status;
}

/* Run pipelines joined by && and ||: each runs only if the status so
 * far allows it (&& after success, || after failure). */
static int run_andor(struct andor *a)
{
    int status = last_status;
    for (int i = 0; i < a->npipes; i++) {
        struct pipeline *p = &a->pipes[i];
        if ((p->op == T_AND && status != 0) || (p->op == T_OR && status == 0))
            continue;
        status = run_pipeline(p, 0);
        last_status = status;
    }
    return status;
}

/* Start an and-or list in the background.  A single pipeline is started
 * directly; a longer list runs in a forked copy of the shell. */
static void run_background(struct andor *a)
{
    fflush(stdout);
    if (a->npipes == 1) {
        run_pipeline(&a->pipes[0], 1);
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        child_signals(1);
        stdin_from_null();
        int status = run_andor(a);
        fflush(stdout);
        _exit(status);
    }
    if (pid > 0) {
        add_background(pid);
        fprintf(stderr, "[%d]\n", pid);
    }
}

/* Run the entries of a list, one after the other. */
static void run_list(struct andor *list, int n)
{
    for (int i = 0; i < n; i++) {
        if (list[i].background) {
            run_background(&list[i]);
            last_status = 0;
        } else {
            last_status = run_andor(&list[i]);
        }
    }
}

/* Parse and run a complete piece of shell text.  A syntax error stops
 * the whole text from running. */
static void run_text(const char *text)
{
    enum lex_result r = lex(text);
    if (r == LEX_INCOMPLETE)
        fprintf(stderr, "sh: syntax error: unexpected end of input\n");
    struct andor *list;
    tpos = 0;
    int n = r == LEX_OK ? parse_list(&list, T_END) : -1;
    if (n < 0) {
        last_status = 2;
        if (!interactive)
            exit(2);                 /* as dash does: a broken script stops */
        return;
    }
    run_list(list, n);
}

/* Read a complete command: a line, plus more lines while a quote is
 * open or the line ends in \ | && or ||.  Returns malloc'd text, or NULL
 * at the end of the input. */
static char *read_command(struct input *in)
{
    char *text = read_line(in, "$ ");
    if (!text)
        return NULL;
    for (;;) {
        enum lex_result r = lex(text);
        arena_free_all();
        if (r != LEX_INCOMPLETE || in->fd < 0)
            return text;
        char *more = read_line(in, "> ");
        if (!more)
            return text;                 /* run_text will report it */
        char *joined = xmalloc(strlen(text) + strlen(more) + 2);
        strcpy(joined, text);
        strcat(joined, "\n");
        strcat(joined, more);
        free(text);
        free(more);
        text = joined;
    }
}

/* Print usage and fail. */
static int usage(void)
{
    fprintf(stderr, "usage: sh [-i] [FILE [ARG...]] | sh -c COMMANDS [NAME [ARG...]]\n");
    return 2;
}

/* Find out where commands come from, then read and run them one at a
 * time until the input ends. */
int main(int argc, char **argv)
{
    static struct input in = { .fd = 0, .bytewise = 1 };
    int force_interactive = 0;

    vars_init();
    signal(SIGINT, SIG_IGN);

    int a = 1;
    if (a < argc && strcmp(argv[a], "-i") == 0) {
        force_interactive = 1;
        a++;
    }
    if (a < argc && strcmp(argv[a], "-c") == 0) {
        if (a + 1 >= argc)
            return usage();
        in.fd = -1;
        in.text = argv[a + 1];
        if (a + 2 < argc)
            arg0 = argv[a + 2];
        params = argv + a + 3;
        nparams = argc - a - 3 > 0 ? argc - a - 3 : 0;
    } else if (a < argc) {
        if (argv[a][0] == '-' && argv[a][1] != '\0')
            return usage();
        int fd = open(argv[a], O_RDONLY | O_CLOEXEC);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            close(fd);
            fd = -1;
            errno = EISDIR;
        }
        if (fd < 0) {
            fprintf(stderr, "sh: cannot open %s: %s\n", argv[a], strerror(errno));
            return 127;
        }
        in.fd = fcntl(fd, F_DUPFD_CLOEXEC, 10);   /* out of the way of 3>... */
        close(fd);
        in.bytewise = 0;
        arg0 = argv[a];
        params = argv + a + 1;
        nparams = argc - a - 1;
    } else {
        arg0 = argv[0];
        interactive = isatty(0);
    }
    if (force_interactive && in.fd == 0)
        interactive = 1;
    if (interactive) {
        signal(SIGQUIT, SIG_IGN);
        signal(SIGTERM, SIG_IGN);
    }

    char *text;
    while ((text = read_command(&in)) != NULL) {
        run_text(text);
        free(text);
        arena_free_all();
        fflush(stdout);
        reap_background();
    }
    if (interactive)
        fputc('\n', stderr);
    return last_status;
}
