/*
 * libc/exec.c - running programs: execv, execvp (with a $PATH search)
 * and system().
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Run path with the current environment. */
int execv(const char *path, char *const argv[])
{
    return execve(path, argv, environ);
}

/* A file that is not an executable format (ENOEXEC) is taken to be a
 * shell script, as POSIX says: run /bin/sh with the file as its script. */
static void exec_script(const char *path, char *const argv[])
{
    int argc = 0;
    while (argv[argc])
        argc++;
    char **args = malloc((argc + 2) * sizeof(char *));
    if (!args)
        return;
    args[0] = "sh";
    args[1] = (char *)path;
    for (int i = 1; i <= argc; i++)      /* argv[1..] and the NULL */
        args[i + 1] = argv[i];
    execve("/bin/sh", args, environ);
    free(args);
}

/* Try one candidate path; returns only if it could not be run. */
static void try_exec(const char *path, char *const argv[])
{
    execve(path, argv, environ);
    if (errno == ENOEXEC) {
        exec_script(path, argv);
        errno = ENOEXEC;
    }
}

/* Run file, looking for it in each directory of $PATH (default /bin)
 * unless it contains a '/'.  Returns -1 if nothing could be run; errno
 * is EACCES if some candidate existed but was not executable. */
int execvp(const char *file, char *const argv[])
{
    if (file[0] == '\0') {
        errno = ENOENT;
        return -1;
    }
    if (strchr(file, '/')) {
        try_exec(file, argv);
        return -1;
    }
    const char *path = getenv("PATH");
    if (!path)
        path = "/bin";
    size_t flen = strlen(file);
    int denied = 0;
    char buf[PATH_MAX];
    for (;;) {
        const char *end = strchr(path, ':');
        size_t dlen = end ? (size_t)(end - path) : strlen(path);
        if (dlen + 1 + flen + 1 <= sizeof(buf)) {
            if (dlen == 0) {
                buf[0] = '.';           /* an empty entry means "." */
                dlen = 1;
            } else {
                memcpy(buf, path, dlen);
            }
            buf[dlen] = '/';
            memcpy(buf + dlen + 1, file, flen + 1);
            try_exec(buf, argv);
            if (errno == EACCES)
                denied = 1;
            else if (errno != ENOENT && errno != ENOTDIR)
                return -1;              /* it exists but failed: report that */
        }
        if (!end)
            break;
        path = end + 1;
    }
    errno = denied ? EACCES : ENOENT;
    return -1;
}

/* Run command with "/bin/sh -c" and wait for it.  Returns the wait
 * status, or -1 if no child could be made.  system(NULL) asks whether a
 * shell exists. */
int system(const char *command)
{
    if (!command)
        return access("/bin/sh", X_OK) == 0;
    sigset_t block = 0, old;
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &old);
    struct sigaction ign = { .sa_handler = SIG_IGN }, oldint, oldquit;
    sigaction(SIGINT, &ign, &oldint);
    sigaction(SIGQUIT, &ign, &oldquit);

    int status = -1;
    pid_t pid = fork();
    if (pid == 0) {
        sigaction(SIGINT, &oldint, NULL);
        sigaction(SIGQUIT, &oldquit, NULL);
        sigprocmask(SIG_SETMASK, &old, NULL);
        char *argv[] = { "sh", "-c", (char *)command, NULL };
        execve("/bin/sh", argv, environ);
        _exit(127);
    }
    if (pid > 0) {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
    }
    sigaction(SIGINT, &oldint, NULL);
    sigaction(SIGQUIT, &oldquit, NULL);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return status;
}
