/*
 * sh - the Pagoda shell (user/sh/main.c: where commands come from).
 *
 *   sh                     read commands from stdin (prompt "$ " on a tty)
 *   sh -i                  the same, with a prompt even if stdin is no tty
 *   sh FILE [ARG...]       run the script FILE ($0 = FILE, $1... = ARGs)
 *   sh -c CMDS [NAME ARG...]   run the string CMDS
 *
 * What it understands (docs/shell.md has the whole list):
 *   quoting, parameters ($NAME ${NAME:-word} ${NAME%pat} $$ $@ ...), $(command),
 *   $((arithmetic)), field splitting, globbing of * ? [...]
 *   pipelines, ! , && ||, ; & and newlines, ( list ), { list; }, <<here-documents
 *   if/elif/else/fi, while/until, for, case, functions with local and
 *   return, break/continue N; redirections, also on compound commands
 *   builtins cd pwd exit export unset wait exec true false : echo shift
 *     break continue return local set read . source eval test [ poweroff
 * Not supported: `...`, trap, job control.
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
#include <unistd.h>

#include "sh.h"

/* Print usage and fail. */
static int usage(void)
{
    fprintf(stderr, "usage: sh [-i] [FILE [ARG...]] | sh -c COMMANDS [NAME [ARG...]]\n");
    return 2;
}

/* Find out where commands come from, then read and run them one at a
 * time until the input ends. */
pid_t shell_pid;

int main(int argc, char **argv)
{
    static struct input in = { .fd = 0, .bytewise = 1 };
    int force_interactive = 0;

    vars_init();
    shell_pid = getpid();        /* $$, the same in subshells (POSIX) */
    char ppid[16];
    snprintf(ppid, sizeof(ppid), "%d", getppid());
    var_set("PPID", ppid, 0);
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
        interrupted = 0;
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
