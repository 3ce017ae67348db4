/*
 * user/sh/builtins.c - the commands the shell runs itself: cd, pwd, exit,
 * export, unset, wait.
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

static const struct builtin builtins[] = {
    { "cd", bi_cd },
    { "pwd", bi_pwd },
    { "exit", bi_exit },
    { "export", bi_export },
    { "unset", bi_unset },
    { "wait", bi_wait },
};

/* The builtin called name, or NULL. */
const struct builtin *find_builtin(const char *name)
{
    for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
        if (strcmp(builtins[i].name, name) == 0)
            return &builtins[i];
    return NULL;
}
