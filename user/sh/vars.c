/*
 * user/sh/vars.c - the shell's state ($? $! $0 $1...), its variables and
 * the environment it gives commands.
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


int last_status;          /* $? */
pid_t last_bg;            /* $! */
int interactive;          /* prompts, job reports */
char *arg0 = "sh";        /* $0 */
char **params;            /* $1, $2, ... */
int nparams;              /* $# */

pid_t bg_pids[MAX_BG];    /* background jobs not yet reaped */
int nbg;

struct var *vars;
int nvars;
static int capvars;

/* Length of the variable name at the start of s (letters, digits and
 * '_', not starting with a digit); 0 if there is none. */
size_t name_len(const char *s)
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
struct var *var_find(const char *name, size_t len)
{
    for (int i = 0; i < nvars; i++)
        if (strncmp(vars[i].name, name, len) == 0 && vars[i].name[len] == '\0')
            return &vars[i];
    return NULL;
}

/* The value of a variable, or NULL if it is not set. */
const char *var_get(const char *name)
{
    struct var *v = var_find(name, strlen(name));
    return v ? v->value : NULL;
}

/* Set a variable.  export: 1 to export it, 0 to leave the flag as it is. */
void var_set(const char *name, const char *value, int export)
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
void var_unset(const char *name)
{
    struct var *v = var_find(name, strlen(name));
    if (!v)
        return;
    free(v->name);
    free(v->value);
    *v = vars[--nvars];
}

/* Import the environment we were started with; make sure PATH is set. */
void vars_init(void)
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

/* The environment for a new program: every exported variable, with the
 * command's own assignments taking precedence.  Built in the arena. */
char **build_env(struct assign *as, int nas)
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

/* The variables a function made local with `local`, and what they were
 * before, so that the function's return can put them back. */
struct saved_var {
    char *name;
    char *value;                 /* NULL: it was not set */
    int exported;
};

static struct saved_var *saved;
static int nsaved, capsaved;

/* local NAME: remember NAME's value, to be restored when the function
 * that is running returns. */
void var_make_local(const char *name)
{
    if (nsaved == capsaved) {
        capsaved = capsaved ? capsaved * 2 : 16;
        struct saved_var *ns = realloc(saved, capsaved * sizeof(*ns));
        if (!ns) {
            write(2, "sh: out of memory\n", 18);
            _exit(2);
        }
        saved = ns;
    }
    struct var *v = var_find(name, strlen(name));
    saved[nsaved].name = xstrdup(name);
    saved[nsaved].value = v && v->value ? xstrdup(v->value) : NULL;
    saved[nsaved].exported = v ? v->exported : 0;
    nsaved++;
}

/* How many saved variables there are now: a function call's mark. */
int locals_mark(void)
{
    return nsaved;
}

/* Put back the variables saved since the mark, newest first. */
void locals_restore(int mark)
{
    while (nsaved > mark) {
        struct saved_var *s = &saved[--nsaved];
        if (s->value) {
            var_set(s->name, s->value, 0);
            struct var *v = var_find(s->name, strlen(s->name));
            v->exported = s->exported;
        } else {
            var_unset(s->name);
        }
        free(s->name);
        free(s->value);
    }
}
