/*
 * user/sh/compound.c - running compound commands: { }, if, while,
 * until, for, case; defining and calling functions; the state of break,
 * continue and return.
 *
 * break N, continue N and return set a counter (breaking, continuing,
 * returning) and every list being run stops at once (run_list checks
 * them).  Each loop takes one level of break or continue off as the
 * counter passes it; a function call takes the return.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

int breaking, continuing, returning;
int loop_depth, func_depth;
int cond_depth;

/* Run a condition list: set -e does not apply inside it.  Returns $?. */
static int run_cond(struct list *l)
{
    cond_depth++;
    run_list(l);
    cond_depth--;
    return last_status;
}

/* After one pass of a loop's body: 1 if the loop must stop (break, or a
 * continue or return meant for something further out). */
static int loop_should_stop(void)
{
    if (interrupted)
        return 1;
    if (breaking) {
        breaking--;
        return 1;
    }
    if (continuing) {
        continuing--;
        return continuing > 0;   /* continue 2: the next loop out goes on */
    }
    return returning;
}

/* if COND then BODY elif ... else ... fi */
static int run_if(struct command *c)
{
    for (int i = 0; i < c->nclauses; i++) {
        if (run_cond(&c->clauses[i].cond) != 0 || breaking || continuing || returning)
            continue;
        last_status = 0;
        run_list(&c->clauses[i].body);
        return last_status;
    }
    last_status = 0;             /* no arm ran and no else: status 0 */
    run_list(&c->sub);
    return last_status;
}

/* while/until COND do BODY done.  The status is the body's last, or 0
 * if it never ran.  The arena goes back to where it was after each
 * pass, so a long loop does not grow it. */
static int run_loop(struct command *c)
{
    struct clause *cl = &c->clauses[0];
    int status = 0, until = c->kind == C_UNTIL;
    struct arena_mark mark = arena_mark();
    loop_depth++;
    for (;;) {
        int cond = run_cond(&cl->cond);
        if (breaking || continuing || returning || interrupted) {
            if (loop_should_stop())
                break;
            continue;
        }
        if ((cond == 0) == until)
            break;
        last_status = 0;
        run_list(&cl->body);
        status = last_status;
        if (loop_should_stop())
            break;
        arena_release(mark);
    }
    loop_depth--;
    return status;
}

/* for NAME in WORDS; do BODY done (without "in": over "$@"). */
static int run_for(struct command *c)
{
    struct fields f = { 0 };
    if (c->in_words) {
        for (int i = 0; i < c->nwords; i++)
            expand_word(c->words[i], &f, 1);
    } else {
        for (int i = 0; i < nparams; i++)
            add_field(&f, params[i]);
    }
    int status = 0;
    struct arena_mark mark = arena_mark();
    loop_depth++;
    for (int i = 0; i < f.n; i++) {
        var_set(c->name, f.v[i], 0);
        last_status = 0;
        run_list(&c->sub);
        status = last_status;
        if (loop_should_stop())
            break;
        arena_release(mark);
    }
    loop_depth--;
    return status;
}

/* case WORD in PATTERNS) BODY;; ... esac: the first arm with a pattern
 * that matches runs.  The status is its body's, or 0. */
static int run_case(struct command *c)
{
    char *word = expand_one(c->words[0], 0);
    for (int i = 0; i < c->nclauses; i++) {
        struct clause *cl = &c->clauses[i];
        for (int j = 0; j < cl->npats; j++) {
            if (!pattern_match(expand_pattern(cl->pats[j]), word))
                continue;
            last_status = 0;
            run_list(&cl->body);
            return last_status;
        }
    }
    return 0;
}

/* The functions defined so far.  A body lives in the functions' arena
 * (parse.c) and is never freed: redefining a function forgets the old
 * body but keeps its memory, which a running call may still use. */
struct function {
    char *name;
    struct command *body;
};

#define MAX_FUNCTIONS 256
static struct function functions[MAX_FUNCTIONS];
static int nfunctions;

/* The body of the function called name, or NULL. */
struct command *find_function(const char *name)
{
    for (int i = 0; i < nfunctions; i++)
        if (strcmp(functions[i].name, name) == 0)
            return functions[i].body;
    return NULL;
}

/* name() body: define (or redefine) a function. */
static int define_function(struct command *c)
{
    for (int i = 0; i < nfunctions; i++)
        if (strcmp(functions[i].name, c->name) == 0) {
            functions[i].body = c->body;
            return 0;
        }
    if (nfunctions == MAX_FUNCTIONS) {
        fprintf(stderr, "sh: %s: too many functions (at most %d)\n", c->name,
                MAX_FUNCTIONS);
        return 1;
    }
    functions[nfunctions].name = xstrdup(c->name);
    functions[nfunctions].body = c->body;
    nfunctions++;
    return 0;
}

#define MAX_CALL_DEPTH 200       /* f() { f; }; f must not overflow the stack */

/* Call a function: $1... become argv[1...] for the call, $0 stays. */
int run_function(struct command *body, int argc, char **argv)
{
    if (func_depth >= MAX_CALL_DEPTH) {
        fprintf(stderr, "sh: %s: functions nested too deeply\n", argv[0]);
        return 2;
    }
    char **old_params = params;
    int old_nparams = nparams, old_loops = loop_depth;
    int locals = locals_mark();
    params = argv + 1;
    nparams = argc - 1;
    func_depth++;
    loop_depth = 0;              /* break inside a function stays inside */
    last_status = 0;
    int status = run_command(body, 0);
    if (returning) {
        returning = 0;
        status = last_status;
    }
    func_depth--;
    loop_depth = old_loops;
    locals_restore(locals);
    params = old_params;
    nparams = old_nparams;
    return status;
}

/* { list; } and the rest, with their redirections, in this shell
 * (in_child: we are a child already and need not undo them). */
int run_compound(struct command *c, int in_child)
{
    if (c->kind == C_FUNCDEF)
        return define_function(c);
    struct saved_fd save[c->nredirs > 0 ? c->nredirs : 1];
    int nsave = 0, status = 0;
    fflush(stdout);
    if (apply_redirs(c, in_child ? NULL : save, &nsave) < 0) {
        if (!in_child)
            restore_redirs(save, nsave);
        return 1;
    }
    switch (c->kind) {
    case C_GROUP:
        run_list(&c->sub);
        status = last_status;
        break;
    case C_IF: status = run_if(c); break;
    case C_WHILE:
    case C_UNTIL: status = run_loop(c); break;
    case C_FOR: status = run_for(c); break;
    case C_CASE: status = run_case(c); break;
    default: break;
    }
    if (!in_child)
        restore_redirs(save, nsave);
    return status;
}
