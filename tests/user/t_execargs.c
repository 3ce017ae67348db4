/*
 * t_execargs - execve's limits on arguments, as Linux sets them (fs/exec.c,
 * with the usual 8 MiB stack limit): the argument and environment strings
 * with their pointers may fill a quarter of the stack (2 MiB), no single
 * string may be longer than 32 pages (MAX_ARG_STRLEN, 131072 bytes with
 * its NUL), and there is no limit on the number of strings as such.
 *
 * The program execs itself with argv[1] = "child"; the child exits 0 at
 * once, so a successful exec shows as exit status 0.
 *
 * Checks:
 *   many_empty_args     40,000 empty arguments: exec works
 *   many_env_strings    20,000 environment strings: exec works
 *   longest_string      one argument of 131,071 characters: exec works
 *   string_too_long     one of 131,072 characters: E2BIG
 *   total_1_5_mib       12 arguments of 128 KiB (1.5 MiB): exec works
 *   total_2_5_mib       20 of them (2.5 MiB): E2BIG
 *   env_shares_budget   1.25 MiB of arguments and 1.25 MiB of environment: E2BIG
 *   e2big_keeps_running after each E2BIG the caller runs on unchanged
 */
#include "check.h"
#include <stdlib.h>

#define MAX_ARG_STRLEN (32 * 4096)

static const char *self;

/* Fork, exec self with `argv` (after "child") and `envp`; the exec's
 * result: 0 when the child ran, or the child's errno from execve. */
static int try_exec(char **extra, int nextra, char **envp)
{
    char **argv = malloc((nextra + 3) * sizeof(char *));
    if (!argv)
        return -1;
    argv[0] = (char *)self;
    argv[1] = "child";
    for (int i = 0; i < nextra; i++)
        argv[2 + i] = extra[i];
    argv[2 + nextra] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        execve(self, argv, envp);
        _exit(100 + (errno & 0x7f));      /* report the errno */
    }
    free(argv);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return -1;
    int code = WEXITSTATUS(status);
    return code == 0 ? 0 : code >= 100 ? code - 100 : -1;
}

/* n strings of len characters each, all the same letter. */
static char **strings(int n, int len)
{
    char **v = malloc((n + 1) * sizeof(char *));
    char *block = malloc((size_t)n * (len + 1));
    if (!v || !block)
        return NULL;
    memset(block, 'a', (size_t)n * (len + 1));
    for (int i = 0; i < n; i++) {
        v[i] = block + (size_t)i * (len + 1);
        v[i][len] = '\0';
    }
    v[n] = NULL;
    return v;
}

static void free_strings(char **v)
{
    if (v) {
        free(v[0]);
        free(v);
    }
}

static char *no_env[] = { NULL };

static void check_counts(void)
{
    char **empty = strings(40000, 0);
    int r = empty ? try_exec(empty, 40000, no_env) : -1;
    CHECK("many_empty_args", r == 0, "exec with 40,000 empty arguments: %d (%s)", r,
          r > 0 ? strerror(r) : "failed");
    free_strings(empty);

    char **env = strings(20000, 7);
    char *none[1] = { NULL };
    r = env ? try_exec(none, 0, env) : -1;
    CHECK("many_env_strings", r == 0, "exec with 20,000 environment strings: %d", r);
    free_strings(env);
}

static void check_sizes(void)
{
    char **one = strings(1, MAX_ARG_STRLEN - 1);
    int r = one ? try_exec(one, 1, no_env) : -1;
    CHECK("longest_string", r == 0, "a %d-character argument: %d", MAX_ARG_STRLEN - 1, r);
    free_strings(one);

    int e2big_seen = 0, survived = 1;
    one = strings(1, MAX_ARG_STRLEN);
    r = one ? try_exec(one, 1, no_env) : -1;
    CHECK("string_too_long", r == E2BIG, "a %d-character argument: %d", MAX_ARG_STRLEN, r);
    e2big_seen += r == E2BIG;
    free_strings(one);

    char **big = strings(20, MAX_ARG_STRLEN - 1);
    r = big ? try_exec(big, 12, no_env) : -1;
    CHECK("total_1_5_mib", r == 0, "12 arguments of 128 KiB: %d", r);
    r = big ? try_exec(big, 20, no_env) : -1;
    CHECK("total_2_5_mib", r == E2BIG, "20 arguments of 128 KiB: %d", r);
    e2big_seen += r == E2BIG;

    /* 10 + 10 strings of 128 KiB: each half alone would fit. */
    r = big ? try_exec(big, 10, big + 10) : -1;
    CHECK("env_shares_budget", r == E2BIG, "10 arguments + 10 environment strings: %d", r);
    e2big_seen += r == E2BIG;
    free_strings(big);

    /* The caller (this process) is untouched: it still runs, and a small
     * exec still works afterwards. */
    char *small[1] = { "x" };
    survived = try_exec(small, 1, no_env) == 0;
    CHECK("e2big_keeps_running", e2big_seen == 3 && survived,
          "%d E2BIGs; a small exec afterwards %s", e2big_seen, survived ? "works" : "fails");
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child") == 0)
        return 0;
    self = argv[0];
    check_counts();
    check_sizes();
    return finish();
}
