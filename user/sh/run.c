/*
 * user/sh/run.c - running commands, pipelines, and-or lists and lists;
 * waiting for children; redirections.
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


/* Wait for one child, retrying if a signal interrupts.  Returns the
 * status word, or -1 if there is no such child. */
static void errexit_check(int status);
static void trace_command(struct assign *as, int nas, char **argv, int argc);

int interrupted;

int wait_child(pid_t pid)
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
        interrupted = 1;         /* ^C: abandon the rest of the line */
        if (!interactive) {
            fflush(stdout);
            exit(128 + SIGINT);  /* a script dies with it, as dash's does */
        }
        fputc('\n', stderr);
    } else if (sig != SIGPIPE) {
        fprintf(stderr, "%s%s\n", strsignal(sig), WCOREDUMP(status) ? " (core dumped)" : "");
    }
}

/* The $? value for a wait status: the exit code, or 128 + the signal. */
int status_code(int status)
{
    if (status < 0)
        return 127;
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

/* Reap background jobs that have finished, without waiting.  An
 * interactive shell says which. */
void reap_background(void)
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
/* A here-document's text in an unlinked file in /tmp, open for reading
 * at its start (a file, not a pipe: a long text cannot block us). */
static int heredoc_file(const char *text)
{
    static int serial;
    char path[64];
    snprintf(path, sizeof(path), "/tmp/.sh-heredoc-%d-%d", (int)getpid(), serial++);
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_TRUNC, 0600);
    if (fd < 0) {
        fprintf(stderr, "sh: here-document: %s: %s\n", path, strerror(errno));
        return -1;
    }
    unlink(path);
    size_t len = strlen(text), done = 0;
    while (done < len) {
        ssize_t n = write(fd, text + done, len - done);
        if (n <= 0) {
            fprintf(stderr, "sh: here-document: %s\n", strerror(errno));
            close(fd);
            return -1;
        }
        done += n;
    }
    lseek(fd, 0, SEEK_SET);
    return fd;
}

int apply_redirs(struct command *c, struct saved_fd *save, int *nsave)
{
    for (int i = 0; i < c->nredirs; i++) {
        struct redir *r = &c->redirs[i];
        char *target = r->type == R_HEREDOC ? r->target : expand_one(r->target, 1);
        if (!target) {
            fprintf(stderr, "sh: %s: ambiguous redirect\n", r->target);
            return -1;
        }
        int from = -1;
        if (r->type == R_HEREDOC) {
            from = heredoc_file(r->quoted ? r->body : expand_heredoc(r->body));
            if (from < 0)
                return -1;
        } else if (r->type == R_DUP) {
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
void restore_redirs(struct saved_fd *save, int n)
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

/* Run ( list ) in this process, which must be a child: the parent's
 * variables and current directory stay as they were. */
static int run_subshell(struct command *c)
{
    if (apply_redirs(c, NULL, NULL) < 0)
        return 1;
    run_list(&c->sub);
    fflush(stdout);
    return last_status;
}

/* Run one command.  in_child: we are already a forked child (in a
 * pipeline or background job), so external programs are exec'd directly
 * and builtins need not undo their redirections.  Returns the status. */
int run_command(struct command *c, int in_child)
{
    if (c->kind == C_SUBSHELL) {
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
    if (c->kind != C_SIMPLE)
        return run_compound(c, in_child);

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
    if (opt_xtrace)
        trace_command(as, nas, argv, argc);

    struct saved_fd save[c->nredirs > 0 ? c->nredirs : 1];
    int nsave = 0, status;
    struct command *fn = argc > 0 ? find_function(argv[0]) : NULL;

    if (fn) {                    /* a function runs in this shell */
        if (apply_redirs(c, in_child ? NULL : save, &nsave) < 0) {
            if (!in_child)
                restore_redirs(save, nsave);
            return 1;
        }
        status = run_function(fn, argc, argv);
        if (!in_child)
            restore_redirs(save, nsave);
        return status;
    }

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
            if (argc > 1) {
                if (!in_child)            /* the shell's own SIG_IGN: */
                    child_signals(0);     /* not for the new program */
                exec_program(argv + 1, NULL, 0);
            }
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
        int last = i == a->npipes - 1;
        if (!last || p->negate)
            cond_depth++;        /* set -e does not look at these */
        status = run_pipeline(p, 0);
        if (!last || p->negate)
            cond_depth--;
        if (p->negate)
            status = status == 0;
        last_status = status;
        if (last && status != 0 && !p->negate)
            errexit_check(status);
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
void run_list(struct list *l)
{
    for (int i = 0; i < l->n && !breaking && !continuing && !returning && !interrupted; i++) {
        if (l->v[i].background) {
            run_background(&l->v[i]);
            last_status = 0;
        } else {
            last_status = run_andor(&l->v[i]);
        }
    }
}

/* set -e: a command that failed, outside a condition, ends the shell. */
static void errexit_check(int status)
{
    if (opt_errexit && cond_depth == 0) {
        fflush(stdout);
        exit(status);
    }
}

/* set -x: show a command, after expansion, before it runs. */
static void trace_command(struct assign *as, int nas, char **argv, int argc)
{
    fputc('+', stderr);
    for (int i = 0; i < nas; i++)
        fprintf(stderr, " %s=%s", as[i].name, as[i].value);
    for (int i = 0; i < argc; i++)
        fprintf(stderr, " %s", argv[i]);
    fputc('\n', stderr);
}

/* Parse and run a complete piece of shell text.  A syntax error stops
 * the whole text from running. */
void run_text(const char *text)
{
    enum lex_result r = lex(text);
    if (r == LEX_INCOMPLETE)
        fprintf(stderr, "sh: syntax error: unexpected end of input\n");
    struct list list;
    int n = r == LEX_OK ? parse_program(&list) : -1;
    if (n < 0) {
        last_status = 2;
        if (!interactive)
            exit(2);                 /* as dash does: a broken script stops */
        return;
    }
    run_list(&list);
}
