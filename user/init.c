/*
 * init - the first process (pid 1).
 *
 * The kernel starts init with descriptors 0, 1 and 2 open on the
 * console.  init then
 *   1. runs the start-up script: /bin/sh /etc/rc, if /etc/rc exists,
 *      and waits for it;
 *   2. runs a shell, /bin/sh, on the console;
 *   3. waits, reaping every child that ends: the kernel makes pid 1 the
 *      parent of every orphan, and only a wait() frees a dead process;
 *   4. when the shell exits (`exit`, or ^D at its prompt), exits with
 *      the shell's status: the kernel prints `init exited with status N`
 *      and switches the machine off (QEMU ends).  Logging out of the
 *      console is switching the machine off, as on a single-user box.
 *      A shell killed by a signal is replaced by a new one instead.
 *
 * `init --once` is accepted for old command lines: it is what init does
 * anyway now.
 *
 * init ignores SIGINT so that ^C on the console cannot kill it; the shell
 * gives its commands the default action back.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Start /bin/sh with the given arguments; returns its pid, or -1. */
static pid_t spawn_shell(char *script)
{
    char *argv[] = { "sh", script, NULL };
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "init: fork: %s\n", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        execve("/bin/sh", argv, environ);
        fprintf(stderr, "init: cannot run /bin/sh: %s\n", strerror(errno));
        _exit(127);
    }
    return pid;
}

/* Wait until the child pid ends, reaping any other child (orphans
 * included) that ends first.  Returns pid's wait status. */
static int wait_for(pid_t pid)
{
    for (;;) {
        int status;
        pid_t got = wait(&status);
        if (got == pid)
            return status;
        if (got < 0 && errno == ECHILD)
            return -1;                    /* pid is not ours: give up */
    }
}

/* The kernel should start us with 0, 1 and 2 open on the console; if it
 * did not, open them ourselves so that the shell has a terminal. */
static void open_console(void)
{
    if (fcntl(0, F_GETFD) >= 0)
        return;
    int fd = open("/dev/console", O_RDWR);
    if (fd < 0)
        return;
    for (int i = 0; i < 3; i++)
        if (fd != i && fcntl(i, F_GETFD) < 0)
            dup2(fd, i);
    if (fd > 2)
        close(fd);
}

/* Set an environment variable unless the kernel already passed it. */
static void default_env(const char *name, const char *value)
{
    if (!getenv(name))
        setenv(name, value, 0);
}

/* Run the start-up script, then keep a shell running on the console. */
int main(int argc, char **argv)
{
    (void)argc, (void)argv;          /* --once: the default now */

    open_console();
    signal(SIGINT, SIG_IGN);
    default_env("PATH", "/bin");
    default_env("HOME", "/");
    default_env("TERM", "linux");
    chdir("/");

    if (access("/etc/rc", F_OK) == 0) {
        pid_t rc = spawn_shell("/etc/rc");
        if (rc > 0)
            wait_for(rc);
    }

    for (;;) {
        time_t started = time(NULL);
        pid_t sh = spawn_shell(NULL);
        int status = sh > 0 ? wait_for(sh) : -1;
        if (status >= 0 && WIFEXITED(status))
            return WEXITSTATUS(status);   /* the console logged out: power off */
        if (status >= 0 && WIFSIGNALED(status))
            fprintf(stderr, "init: shell killed by signal %d (%s)\n",
                    WTERMSIG(status), strsignal(WTERMSIG(status)));
        /* A shell that dies at once (say, /bin/sh is broken) would make
         * us loop flat out: wait a little before trying again. */
        if (sh < 0 || time(NULL) - started < 1)
            sleep(1);
    }
}
