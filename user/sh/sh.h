/*
 * user/sh/sh.h - the pieces of the Pagoda shell and how they meet.
 *
 * A command line goes through the files in this order:
 *   input.c    reads a line (and more lines while a construct is open)
 *   edit.c     a line typed at the terminal: libc's line editor, ^C, Tab
 *   lex.c      splits the text into tokens
 *   parse.c    arranges the tokens into lists, pipelines and commands
 *   expand.c   turns each word into fields when its command runs
 *   run.c      runs commands, pipelines and lists; redirections
 *   builtins.c the commands the shell runs itself
 *   vars.c     shell variables and the environment
 *   alloc.c    malloc that cannot fail, the per-line arena, strings
 *   main.c     where the commands come from; the main loop
 * Everything made for one line lives in the arena, thrown away after it.
 */
#ifndef USER_SH_H
#define USER_SH_H

#include <stddef.h>
#include <sys/types.h>

/* ---- alloc.c ---- */

void *xmalloc(size_t n);
char *xstrdup(const char *s);
void *arena_alloc(size_t n);
char *arena_strndup(const char *s, size_t n);
void *arena_grow(void *old, int n, size_t elem);
void arena_free_all(void);

/* A point in the arena to go back to (free what came after it). */
struct arena_mark {
    void *chunk;
    size_t used;
};

struct arena_mark arena_mark(void);
void arena_release(struct arena_mark m);
void *arena_swap(void *other);

/* A growing string (malloc'd). */
struct str {
    char *s;
    size_t len, cap;
};

void str_addc(struct str *b, char c);

/* ---- vars.c: shell state and variables ---- */

extern int last_status;          /* $? */
extern pid_t last_bg;            /* $! */
extern int interactive;          /* prompts, job reports */
extern char *arg0;               /* $0 */
extern char **params;            /* $1, $2, ... */
extern int nparams;              /* $# */

#define MAX_BG 64
extern pid_t bg_pids[MAX_BG];    /* background jobs not yet reaped */
extern int nbg;

struct var {
    char *name;
    char *value;
    int exported;                /* passed to the environment of commands */
};

extern struct var *vars;
extern int nvars;

/* A prefix assignment, NAME=value before a command. */
struct assign {
    char *name;
    char *value;
};

size_t name_len(const char *s);
struct var *var_find(const char *name, size_t len);
const char *var_get(const char *name);
void var_set(const char *name, const char *value, int export);
void var_unset(const char *name);
void vars_init(void);
char **build_env(struct assign *as, int nas);
void var_make_local(const char *name);
int locals_mark(void);
void locals_restore(int mark);

/* ---- input.c ---- */

struct input {
    int fd;                      /* -1: the text of -c */
    int bytewise;                /* read one byte at a time (see input.c) */
    char buf[1024];
    int pos, len;
    const char *text;            /* for -c: all of it */
    int done;
};

char *read_command(struct input *in);

/* ---- edit.c: the terminal, through libc's line editor ---- */

char *read_interactive_line(const char *prompt);
extern int line_interrupted;     /* the last line typed ended with ^C */

/* ---- lex.c: text -> tokens ---- */

enum tok_type {
    T_WORD, T_PIPE, T_AND, T_OR, T_SEMI, T_AMP, T_NEWLINE, T_REDIR,
    T_LPAREN, T_RPAREN, T_DSEMI, T_END
};

enum redir_type { R_IN, R_OUT, R_APPEND, R_DUP, R_HEREDOC };

struct token {
    enum tok_type type;
    char *text;                  /* the word as written, quotes included */
    enum redir_type redir;       /* for T_REDIR */
    int fd;                      /* for T_REDIR: the descriptor redirected */
    char *body;                  /* for <<: the here-document's lines */
    int quoted;                  /* for <<: the delimiter was quoted */
};

enum lex_result { LEX_OK, LEX_INCOMPLETE, LEX_ERROR };

#define MAX_NESTING 50           /* deepest $( ) or ( ) we accept */

extern struct token *toks;
extern int ntoks;

enum lex_result lex(const char *s);
const char *subst_end(const char *s);
const char *brace_end(const char *s);

/* ---- parse.c: tokens -> lists of pipelines of commands ---- */

struct redir {
    enum redir_type type;
    int fd;
    char *target;                /* a word, expanded when it runs */
    char *body;                  /* R_HEREDOC: the text */
    int quoted;                  /* R_HEREDOC: no expansion in it */
};

struct andor;

/* A list: and-or lists run one after the other. */
struct list {
    struct andor *v;
    int n;
};

/* One arm of an if (condition, then-part), of a loop (condition, body)
 * or of a case (patterns, body). */
struct clause {
    struct list cond;
    struct list body;
    char **pats;                 /* case: the patterns as written */
    int npats;
};

enum cmd_kind {
    C_SIMPLE,                    /* words and redirections */
    C_SUBSHELL,                  /* ( list ): in a child shell */
    C_GROUP,                     /* { list; } */
    C_IF,                        /* clauses: if/elif arms; sub: else */
    C_WHILE, C_UNTIL,            /* clauses[0]: condition and body */
    C_FOR,                       /* name, words (in_words: "in" given), sub */
    C_CASE,                      /* words[0]: the word; clauses: the arms */
    C_FUNCDEF,                   /* name() body */
};

struct command {
    enum cmd_kind kind;
    char **words;                /* as written; expanded when it runs */
    int nwords;
    struct redir *redirs;
    int nredirs;
    struct list sub;             /* subshell, group, else-part, for body */
    struct clause *clauses;
    int nclauses;
    char *name;                  /* for: the variable; funcdef: the name */
    int in_words;                /* for NAME in WORDS (else "$@") */
    struct command *body;        /* funcdef: the body (a compound command) */
};

struct pipeline {
    struct command *cmds;
    int ncmds;
    enum tok_type op;            /* T_AND or T_OR before this one */
    int negate;                  /* ! pipeline */
};

/* One entry of a list: pipelines joined by && and ||, maybe with &. */
struct andor {
    struct pipeline *pipes;
    int npipes;
    int background;
};

extern int tpos;                 /* the parser's position in toks */

extern int parse_incomplete;     /* the last parse ran out of tokens */
extern int parse_quiet;          /* do not report syntax errors */

int parse_program(struct list *out);

/* ---- expand.c: a word as written -> zero or more fields ---- */

struct fields {
    char **v;
    int n;
};

void expand_word(const char *s, struct fields *out, int split);
char *expand_one(const char *s, int split);
char *expand_pattern(const char *s);
char *expand_heredoc(const char *s);

/* ---- arith.c ---- */

char *arith_expand(const char *expr);

/* ---- glob.c: * ? [...] patterns ---- */

int pattern_match(const char *pat, const char *s);
int has_glob_chars(const char *pat);
void glob_expand(const char *pat, const char *literal, struct fields *out);
void add_field(struct fields *f, const char *s);

/* ---- run.c ---- */

/* A descriptor saved while a builtin runs with redirections. */
struct saved_fd {
    int fd;
    int copy;                    /* -1: fd was closed before */
};

int wait_child(pid_t pid);
int status_code(int status);
void reap_background(void);
void run_list(struct list *l);
int run_compound(struct command *c, int in_child);
int run_command(struct command *c, int in_child);
int apply_redirs(struct command *c, struct saved_fd *save, int *nsave);
void restore_redirs(struct saved_fd *save, int n);
int run_function(struct command *body, int argc, char **argv);
struct command *find_function(const char *name);

/* break N / continue N / return waiting to be acted on by the loops and
 * functions being run. */
extern int breaking, continuing, returning;
extern int interrupted;           /* a command died of ^C: stop the line */
extern int loop_depth, func_depth;
extern pid_t shell_pid;          /* $$: the pid of the shell itself */
extern int opt_errexit, opt_xtrace;
extern int cond_depth;           /* > 0 while running a condition (set -e) */
void run_text(const char *text);

/* ---- builtins.c ---- */

struct builtin {
    const char *name;
    int (*fn)(int argc, char **argv);
};

const struct builtin *find_builtin(const char *name);
const char *builtin_name(int i);
int bi_test(int argc, char **argv);

#endif
