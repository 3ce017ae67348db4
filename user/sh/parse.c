/*
 * user/sh/parse.c - arranging tokens into lists, and-or lists, pipelines
 * and commands, compound commands (if, while, until, for, case, { }, ( ))
 * and function definitions.  Reserved words are words like any other to
 * the lexer; they are reserved only where a command starts.
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

int tpos;                        /* the parser's position in toks */
int parse_incomplete;            /* the last error was running out of tokens */
int parse_quiet;                 /* do not report syntax errors */

static int persist;              /* copying words into a function's arena */
static void *function_arena;     /* where function bodies live */

/* Report a syntax error at the current token.  Returns -1.  At the end
 * of the tokens it is no error yet if more input may come: the caller
 * (read_command) sees parse_incomplete and reads another line. */
static int syntax_error(void)
{
    if (toks[tpos].type == T_END)
        parse_incomplete = 1;
    if (parse_quiet)
        return -1;
    if (toks[tpos].type == T_END)
        fprintf(stderr, "sh: syntax error: unexpected end of file\n");
    else
        fprintf(stderr, "sh: syntax error near unexpected token `%s'\n", toks[tpos].text);
    return -1;
}

/* Is the current token the word w, unquoted? */
static int at_word(const char *w)
{
    return toks[tpos].type == T_WORD && strcmp(toks[tpos].text, w) == 0;
}

/* Consume the reserved word w, or report a syntax error. */
static int expect_word(const char *w)
{
    if (!at_word(w))
        return syntax_error();
    tpos++;
    return 0;
}

/* The words that end a list where a command would start. */
static int at_stop(const char *const *stops)
{
    for (; stops && *stops; stops++)
        if (at_word(*stops))
            return 1;
    return 0;
}

/* Words that can only appear after the start of a compound command. */
static int at_reserved_end(void)
{
    static const char *const ends[] = { "then", "elif", "else", "fi", "do", "done",
                                        "esac", "}", NULL };
    return at_stop(ends);
}

/* A token's text as the tree keeps it: a function's body outlives the
 * line it was typed on, so its words are copied into its arena. */
static char *tok_text(struct token *t)
{
    return persist ? arena_strndup(t->text, strlen(t->text)) : t->text;
}

/* Skip newlines (allowed after | && || and in many places of compound
 * commands). */
static void skip_newlines(void)
{
    while (toks[tpos].type == T_NEWLINE)
        tpos++;
}

static int parse_list(struct list *out, enum tok_type end, const char *const *stops);
static int parse_command(struct command *c);

/* REDIR WORD, at the current token, added to c. */
static int parse_redir(struct command *c)
{
    struct token *t = &toks[tpos++];
    if (toks[tpos].type != T_WORD)
        return syntax_error();
    c->redirs = arena_grow(c->redirs, c->nredirs, sizeof(struct redir));
    char *body = t->body && persist ? arena_strndup(t->body, strlen(t->body)) : t->body;
    c->redirs[c->nredirs++] = (struct redir){ t->redir, t->fd, tok_text(&toks[tpos]),
                                              body ? body : "", t->quoted };
    tpos++;
    return 0;
}

/* A simple command: (WORD | REDIR WORD)+ */
static int parse_simple(struct command *c)
{
    for (;;) {
        struct token *t = &toks[tpos];
        if (t->type == T_WORD) {
            c->words = arena_grow(c->words, c->nwords, sizeof(char *));
            c->words[c->nwords++] = tok_text(t);
            tpos++;
        } else if (t->type == T_REDIR) {
            if (parse_redir(c) < 0)
                return -1;
        } else {
            break;
        }
    }
    if (c->nwords == 0 && c->nredirs == 0)
        return syntax_error();
    return 0;
}

/* Add a clause (condition or patterns, and a body) to c. */
static struct clause *new_clause(struct command *c)
{
    c->clauses = arena_grow(c->clauses, c->nclauses, sizeof(struct clause));
    struct clause *cl = &c->clauses[c->nclauses++];
    *cl = (struct clause){ 0 };
    return cl;
}

/* A list inside a compound command, up to one of the stop words: POSIX
 * wants at least one command there (`if true; then fi` is an error). */
static int parse_compound_list(struct list *l, const char *const *stops)
{
    int n = parse_list(l, T_END, stops);
    if (n == 0)
        return syntax_error();
    return n < 0 ? -1 : 0;
}

/* if LIST then LIST (elif LIST then LIST)* [else LIST] fi */
static int parse_if(struct command *c)
{
    static const char *const then_[] = { "then", NULL };
    static const char *const arms[] = { "elif", "else", "fi", NULL };
    static const char *const fi[] = { "fi", NULL };
    c->kind = C_IF;
    do {
        tpos++;                                  /* if or elif */
        struct clause *cl = new_clause(c);
        if (parse_compound_list(&cl->cond, then_) < 0 || expect_word("then") < 0
            || parse_compound_list(&cl->body, arms) < 0)
            return -1;
    } while (at_word("elif"));
    if (at_word("else")) {
        tpos++;
        if (parse_list(&c->sub, T_END, fi) < 0)
            return -1;
    }
    return expect_word("fi");
}

/* while LIST do LIST done, and until. */
static int parse_loop(struct command *c)
{
    static const char *const do_[] = { "do", NULL };
    static const char *const done[] = { "done", NULL };
    c->kind = at_word("while") ? C_WHILE : C_UNTIL;
    tpos++;
    struct clause *cl = new_clause(c);
    if (parse_compound_list(&cl->cond, do_) < 0 || expect_word("do") < 0
        || parse_compound_list(&cl->body, done) < 0)
        return -1;
    return expect_word("done");
}

/* for NAME [in WORD...] ; do LIST done */
static int parse_for(struct command *c)
{
    static const char *const done[] = { "done", NULL };
    c->kind = C_FOR;
    tpos++;
    struct token *t = &toks[tpos];
    if (t->type != T_WORD || name_len(t->text) != strlen(t->text))
        return syntax_error();
    c->name = tok_text(t);
    tpos++;
    skip_newlines();
    if (at_word("in")) {
        tpos++;
        c->in_words = 1;
        while (toks[tpos].type == T_WORD) {
            c->words = arena_grow(c->words, c->nwords, sizeof(char *));
            c->words[c->nwords++] = tok_text(&toks[tpos++]);
        }
        if (toks[tpos].type != T_SEMI && toks[tpos].type != T_NEWLINE)
            return syntax_error();
        tpos++;
    } else if (toks[tpos].type == T_SEMI) {
        tpos++;
    }
    skip_newlines();
    if (expect_word("do") < 0 || parse_compound_list(&c->sub, done) < 0)
        return -1;
    return expect_word("done");
}

/* case WORD in [(] PAT [| PAT]... ) LIST ;; ... esac */
static int parse_case(struct command *c)
{
    static const char *const esac[] = { "esac", NULL };
    c->kind = C_CASE;
    tpos++;
    if (toks[tpos].type != T_WORD)
        return syntax_error();
    c->words = arena_alloc(sizeof(char *));
    c->words[0] = tok_text(&toks[tpos++]);
    c->nwords = 1;
    skip_newlines();
    if (expect_word("in") < 0)
        return -1;
    for (;;) {
        skip_newlines();
        if (at_word("esac"))
            break;
        struct clause *cl = new_clause(c);
        if (toks[tpos].type == T_LPAREN)
            tpos++;
        for (;;) {
            if (toks[tpos].type != T_WORD)
                return syntax_error();
            cl->pats = arena_grow(cl->pats, cl->npats, sizeof(char *));
            cl->pats[cl->npats++] = tok_text(&toks[tpos++]);
            if (toks[tpos].type != T_PIPE)
                break;
            tpos++;
        }
        if (toks[tpos].type != T_RPAREN)
            return syntax_error();
        tpos++;
        if (parse_list(&cl->body, T_DSEMI, esac) < 0)
            return -1;
        if (toks[tpos].type == T_DSEMI)
            tpos++;
        else if (!at_word("esac"))
            return syntax_error();
    }
    tpos++;                                      /* esac */
    return 0;
}

/* NAME ( ) COMPOUND-COMMAND: the body is parsed into the functions'
 * own arena, so that it survives the line that defined it. */
static int parse_funcdef(struct command *c)
{
    c->kind = C_FUNCDEF;
    /* A trial parse (read_command's, quiet) keeps the body in the line's
     * arena: only the parse that runs needs it to last. */
    int outer = !persist && !parse_quiet;
    void *line_arena = outer ? arena_swap(function_arena) : NULL;
    persist = !parse_quiet;
    c->name = tok_text(&toks[tpos]);
    tpos += 3;                                   /* NAME ( ) */
    skip_newlines();
    struct command *body = arena_alloc(sizeof(struct command));
    int r = parse_command(body);
    if (r == 0 && body->kind == C_SIMPLE)
        r = syntax_error();              /* POSIX: the body is compound */
    c->body = body;
    if (outer)
        function_arena = arena_swap(line_arena);
    if (outer || parse_quiet)
        persist = 0;
    return r;
}

/* Is the current token the start of NAME ( ) ? */
static int at_funcdef(void)
{
    struct token *t = &toks[tpos];
    return t->type == T_WORD && name_len(t->text) == strlen(t->text)
        && toks[tpos + 1].type == T_LPAREN && toks[tpos + 2].type == T_RPAREN;
}

/* The compound commands and simple commands, by their first token. */
static int parse_command_kind(struct command *c)
{
    static const char *const close_brace[] = { "}", NULL };
    if (toks[tpos].type == T_LPAREN) {
        tpos++;
        c->kind = C_SUBSHELL;
        if (parse_list(&c->sub, T_RPAREN, NULL) < 0)
            return -1;
        if (c->sub.n == 0 || toks[tpos].type != T_RPAREN)
            return syntax_error();
        tpos++;
    } else if (at_word("{")) {
        tpos++;
        c->kind = C_GROUP;
        if (parse_list(&c->sub, T_END, close_brace) < 0)
            return -1;
        if (c->sub.n == 0)
            return syntax_error();
        if (expect_word("}") < 0)
            return -1;
    } else if (at_word("if")) {
        return parse_if(c);
    } else if (at_word("while") || at_word("until")) {
        return parse_loop(c);
    } else if (at_word("for")) {
        return parse_for(c);
    } else if (at_word("case")) {
        return parse_case(c);
    } else if (at_reserved_end()) {
        return syntax_error();
    } else if (at_funcdef()) {
        return parse_funcdef(c);
    } else {
        return parse_simple(c);
    }
    return 0;
}

/* command: a simple command, or a compound command followed by its
 * redirections (which apply to all of it). */
static int parse_command(struct command *c)
{
    static int nesting;
    *c = (struct command){ .kind = C_SIMPLE };
    if (nesting >= MAX_NESTING) {
        fprintf(stderr, "sh: commands nested too deeply\n");
        return -1;
    }
    nesting++;
    int r = parse_command_kind(c);
    nesting--;
    if (r < 0 || c->kind == C_SIMPLE || c->kind == C_FUNCDEF)
        return r;
    while (toks[tpos].type == T_REDIR)
        if (parse_redir(c) < 0)
            return -1;
    return 0;
}

/* pipeline: ['!'] command ('|' command)* */
static int parse_pipeline(struct pipeline *p, enum tok_type op)
{
    *p = (struct pipeline){ .op = op };
    if (at_word("!")) {
        p->negate = 1;
        tpos++;
    }
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
 * or one of the reserved words in stops (where a command would start),
 * neither of which is consumed; the caller checks what ends it. */
static int parse_list(struct list *out, enum tok_type end, const char *const *stops)
{
    *out = (struct list){ 0 };
    for (;;) {
        skip_newlines();
        if (toks[tpos].type == end || toks[tpos].type == T_END || at_stop(stops))
            break;
        out->v = arena_grow(out->v, out->n, sizeof(struct andor));
        if (parse_andor(&out->v[out->n]) < 0)
            return -1;
        enum tok_type t = toks[tpos].type;
        if (t == T_AMP)
            out->v[out->n].background = 1;
        out->n++;
        if (t == T_AMP || t == T_SEMI || t == T_NEWLINE)
            tpos++;
        else
            break;
    }
    if (stops && toks[tpos].type == T_END)
        return syntax_error();           /* inside a construct: more to come */
    return out->n;
}

/* A whole program: a list up to the end of the tokens. */
int parse_program(struct list *out)
{
    tpos = 0;
    parse_incomplete = 0;
    if (parse_list(out, T_END, NULL) < 0)
        return -1;
    if (toks[tpos].type != T_END)
        return syntax_error();
    return 0;
}
