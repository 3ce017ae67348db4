/*
 * user/sh/builtins.c - the commands the shell runs itself: cd, pwd, exit,
 * export, unset, wait, true, false, :, echo, shift, set, local, return,
 * break, continue, read, . (source), eval, poweroff; test and [ are in test.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
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

/* true, :  - succeed. */
static int bi_true(int argc, char **argv)
{
    (void)argc, (void)argv;
    return 0;
}

/* false - fail. */
static int bi_false(int argc, char **argv)
{
    (void)argc, (void)argv;
    return 1;
}

/* echo [-n] [ARG...]: as /bin/echo (no backslash escapes), built in so
 * that a loop does not fork a process per line. */
static int bi_echo(int argc, char **argv)
{
    int newline = 1, i = 1;
    while (i < argc && strcmp(argv[i], "-n") == 0) {
        newline = 0;
        i++;
    }
    for (int first = i; i < argc; i++) {
        if (i > first)
            putchar(' ');
        fputs(argv[i], stdout);
    }
    if (newline)
        putchar('\n');
    return fflush(stdout) == 0 ? 0 : 1;
}

/* A count argument of shift, break, continue, return: argv[1] or dflt.
 * Returns -1 (after a message) if it is not a number. */
static int count_arg(int argc, char **argv, int dflt)
{
    if (argc < 2)
        return dflt;
    char *end;
    long n = strtol(argv[1], &end, 10);
    if (*end || end == argv[1] || n < 0 || n > 1000000) {
        fprintf(stderr, "sh: %s: Illegal number: %s\n", argv[0], argv[1]);
        return -1;
    }
    return (int)n;
}

/* shift [N]: drop the first N positional parameters. */
static int bi_shift(int argc, char **argv)
{
    int n = count_arg(argc, argv, 1);
    if (n < 0)
        return 2;
    if (n > nparams) {
        fprintf(stderr, "sh: shift: can't shift that many\n");
        return 2;
    }
    params += n;
    nparams -= n;
    return 0;
}

/* break [N], continue [N]: leave (or go on with) the Nth loop out. */
static int bi_break(int argc, char **argv)
{
    int n = count_arg(argc, argv, 1);
    if (n <= 0) {
        if (n == 0)
            fprintf(stderr, "sh: %s: Illegal number: 0\n", argv[0]);
        return 2;
    }
    if (loop_depth == 0)
        return 0;                        /* not in a loop: nothing to do */
    if (n > loop_depth)
        n = loop_depth;
    if (argv[0][0] == 'b')
        breaking = n;
    else
        continuing = n;
    return 0;
}

/* return [N]: end the function being run, with status N (default $?). */
static int bi_return(int argc, char **argv)
{
    int n = count_arg(argc, argv, last_status);
    if (n < 0)
        return 2;
    if (func_depth == 0) {
        fprintf(stderr, "sh: return: not in a function\n");
        return 1;
    }
    returning = 1;
    last_status = n & 0xff;
    return n & 0xff;
}

/* local NAME[=VALUE]...: variables that go back to their old values
 * when the function returns. */
static int bi_local(int argc, char **argv)
{
    if (func_depth == 0) {
        fprintf(stderr, "sh: local: not in a function\n");
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        size_t n = name_len(argv[i]);
        if (n == 0 || (argv[i][n] != '=' && argv[i][n] != '\0')) {
            fprintf(stderr, "sh: local: `%s': not a valid identifier\n", argv[i]);
            return 1;
        }
        char *name = arena_strndup(argv[i], n);
        var_make_local(name);
        if (argv[i][n] == '=')
            var_set(name, argv[i] + n + 1, 0);
    }
    return 0;
}

int opt_errexit, opt_xtrace;

/* set [-ex] [+ex] [-- ARG...]: options, and new positional parameters.
 * The new parameters are copied out of the arena: they outlive the line. */
static int bi_set(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && (argv[i][0] == '-' || argv[i][0] == '+') && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        for (char *o = argv[i] + 1; *o; o++) {
            int on = argv[i][0] == '-';
            if (*o == 'e')
                opt_errexit = on;
            else if (*o == 'x')
                opt_xtrace = on;
            else {
                fprintf(stderr, "sh: set: %c: bad option\n", *o);
                return 2;
            }
        }
    }
    if (i == argc && (argc == 1 || strcmp(argv[argc - 1], "--") != 0)) {
        if (argc == 1)
            for (int v = 0; v < nvars; v++)
                if (vars[v].value)
                    printf("%s='%s'\n", vars[v].name, vars[v].value);
        return 0;
    }
    char **p = xmalloc((argc - i + 1) * sizeof(char *));
    for (int j = i; j < argc; j++)
        p[j - i] = xstrdup(argv[j]);
    p[argc - i] = NULL;
    params = p;                  /* the old set's copies are not freed: */
    nparams = argc - i;          /* a running function may still use them */
    return 0;
}

/* Read one byte of standard input; -1 at the end. */
static int read_byte(void)
{
    unsigned char c;
    ssize_t n;
    while ((n = read(0, &c, 1)) < 0 && errno == EINTR)
        ;
    return n == 1 ? c : -1;
}

/* read [-r] NAME...: read a line; split it at blanks into the NAMEs,
 * the last one taking the rest.  Without -r, a backslash quotes the
 * next character (and backslash-newline joins lines).  Fails at the
 * end of the input. */
static int bi_read(int argc, char **argv)
{
    int raw = 0, i = 1;
    if (i < argc && strcmp(argv[i], "-r") == 0) {
        raw = 1;
        i++;
    }
    if (i == argc) {
        fprintf(stderr, "sh: read: arg count\n");
        return 2;
    }
    struct str line = { 0 };
    struct str quoted = { 0 };   /* 'q' where a byte was backslash-quoted */
    int c, got = 0;
    while ((c = read_byte()) >= 0) {
        got = 1;
        if (c == '\n')
            break;
        if (c == '\\' && !raw) {
            c = read_byte();
            if (c < 0)
                break;
            if (c == '\n')
                continue;
            str_addc(&line, (char)c);
            str_addc(&quoted, 'q');
            continue;
        }
        str_addc(&line, (char)c);
        str_addc(&quoted, ' ');
    }
    const char *s = line.s ? line.s : "";
    const char *q = quoted.s ? quoted.s : "";
    size_t len = line.len, pos = 0;
    for (; i < argc; i++) {
        while (pos < len && (s[pos] == ' ' || s[pos] == '\t') && q[pos] != 'q')
            pos++;
        size_t start = pos, end;
        if (i == argc - 1) {             /* the last name: all the rest */
            end = len;
            while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t')
                   && q[end - 1] != 'q')
                end--;
        } else {
            while (pos < len && !((s[pos] == ' ' || s[pos] == '\t') && q[pos] != 'q'))
                pos++;
            end = pos;
        }
        var_set(argv[i], arena_strndup(s + start, end - start), 0);
    }
    int status = got && (c == '\n') ? 0 : 1;
    if (got && c < 0 && line.len > 0)
        status = 1;                      /* a last line without newline */
    free(line.s);
    free(quoted.s);
    return status;
}

/* . FILE (or source FILE): run the commands of FILE in this shell. */
static int bi_dot(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "sh: %s: filename argument required\n", argv[0]);
        return 2;
    }
    int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "sh: %s: can't open %s: %s\n", argv[0], argv[1], strerror(errno));
        return 2;
    }
    struct str text = { 0 };
    char buf[512];
    ssize_t n;
    while ((n = read(fd, buf, sizeof(buf))) > 0)
        for (ssize_t k = 0; k < n; k++)
            str_addc(&text, buf[k]);
    close(fd);
    last_status = 0;
    run_text(text.s ? text.s : "");
    free(text.s);
    return last_status;
}

/* eval ARG...: run the arguments, joined by spaces, as shell text. */
static int bi_eval(int argc, char **argv)
{
    struct str text = { 0 };
    for (int i = 1; i < argc; i++) {
        if (i > 1)
            str_addc(&text, ' ');
        for (const char *c = argv[i]; *c; c++)
            str_addc(&text, *c);
    }
    last_status = 0;
    if (text.s)
        run_text(text.s);
    free(text.s);
    return last_status;
}

/* poweroff: switch the machine off, through reboot(2) as Linux's
 * poweroff does (the kernel prints its power-off line and QEMU ends). */
static int bi_poweroff(int argc, char **argv)
{
    (void)argc, (void)argv;
    fflush(stdout);
    reboot(RB_POWER_OFF);
    fprintf(stderr, "sh: poweroff: %s\n", strerror(errno));
    return 1;
}

static const struct builtin builtins[] = {
    { "cd", bi_cd },
    { "pwd", bi_pwd },
    { "exit", bi_exit },
    { "export", bi_export },
    { "unset", bi_unset },
    { "wait", bi_wait },
    { "true", bi_true },
    { ":", bi_true },
    { "false", bi_false },
    { "echo", bi_echo },
    { "shift", bi_shift },
    { "break", bi_break },
    { "continue", bi_break },
    { "return", bi_return },
    { "local", bi_local },
    { "set", bi_set },
    { "read", bi_read },
    { ".", bi_dot },
    { "source", bi_dot },
    { "test", bi_test },
    { "[", bi_test },
    { "eval", bi_eval },
    { "poweroff", bi_poweroff },
};

/* The builtin called name, or NULL. */
const struct builtin *find_builtin(const char *name)
{
    for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
        if (strcmp(builtins[i].name, name) == 0)
            return &builtins[i];
    return NULL;
}

/* The name of builtin number i (0, 1, ...), NULL past the last: for Tab
 * completion (edit.c). */
const char *builtin_name(int i)
{
    if (i < 0 || (size_t)i >= sizeof(builtins) / sizeof(builtins[0]))
        return NULL;
    return builtins[i].name;
}
