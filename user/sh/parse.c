/*
 * user/sh/parse.c - arranging tokens into lists, and-or lists, pipelines
 * and commands.
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

int tpos;
                 /* the parser's position in toks */

/* Report a syntax error at the current token.  Returns -1. */
static int syntax_error(void)
{
    fprintf(stderr, "sh: syntax error near unexpected token `%s'\n", toks[tpos].text);
    return -1;
}

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
int parse_list(struct andor **out, enum tok_type end)
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
