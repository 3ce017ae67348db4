/*
 * tests/user/proctool.h - reading /proc files, and running a bundled tool
 * (pmap, layout, ...) from a self-checking program and reading what it
 * printed.  Shared by t_pmap, t_layout, t_mlock and t_mmedge; include
 * after check.h.
 *
 * The tool is found beside the test when it runs natively
 * (build/tests/t_x -> build/user/TOOL), else in /bin as in Pagoda.
 */
#ifndef TESTS_USER_PROCTOOL_H
#define TESTS_USER_PROCTOOL_H

#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The whole of a file into buf (NUL-terminated); its length, or -1. */
UNUSED static int read_all(const char *path, char *buf, int size)
{
    int fd = open(path, O_RDONLY), n = 0, r;
    if (fd < 0)
        return -1;
    while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
        n += r;
    close(fd);
    buf[n] = '\0';
    return n;
}

/* The text of /proc/self/<file> (truncated to the buffer; "" if it
 * cannot be read), in a buffer the next call reuses. */
UNUSED static const char *proc_self(const char *file)
{
    static char proc_text[65536];
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/%s", file);
    if (read_all(path, proc_text, sizeof(proc_text)) < 0)
        proc_text[0] = '\0';
    return proc_text;
}

/* TOOL's path into path[size]: build/user/TOOL beside build/tests/ or
 * build/tests/glibc/ (natively), else /bin/TOOL. */
UNUSED static void find_tool(const char *argv0, const char *tool, char *path, int size)
{
    static const char *const up[] = { "/../user/", "/../../user/" };
    char dir[400];
    snprintf(dir, sizeof dir, "%s", argv0);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    for (int i = 0; i < 2 && slash; i++) {
        snprintf(path, size, "%s%s%s", dir, up[i], tool);
        if (access(path, X_OK) == 0)
            return;
    }
    snprintf(path, size, "/bin/%s", tool);
}

/* Run path with argv (NULL-terminated), stderr to /dev/null: its stdout
 * in out[size] (NUL-terminated), its exit status (128 + signal if killed)
 * returned. */
UNUSED static int run_tool(const char *path, char *const argv[], char *out, int size)
{
    int fds[2], n = 0, r, st = 0;
    if (pipe(fds) < 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0)
            dup2(null, 2);
        execv(path, argv);
        _exit(127);
    }
    close(fds[1]);
    while (n < size - 1 && (r = read(fds[0], out + n, size - 1 - n)) > 0)
        n += r;
    out[n] = '\0';
    close(fds[0]);
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The lines of text, split in place into lines[max]; how many. */
UNUSED static int split_lines(char *text, char **lines, int max)
{
    int n = 0;
    for (char *p = text; *p && n < max; ) {
        lines[n++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    return n;
}

#endif
