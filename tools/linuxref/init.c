/*
 * tools/linuxref/init.c - the first process of the Linux reference guest
 * (tools/linuxref/run).
 *
 * The guest's initramfs holds this program as /init, the program under
 * test in /bin, and its argument list in /linuxref.argv (the arguments one
 * after another, each ended by a NUL byte, so that any argument survives,
 * spaces and newlines included).  init gives the program the same world
 * Pagoda's init gives its first program (proc/init.c): /proc, /dev, /tmp
 * and /dev/shm mounted, the environment HOME=/ PATH=/bin TERM=linux, the
 * console on fds 0-2 (and /dev/pts, for pseudo-terminals).  It then waits for the program, says how it ended
 * on a line of its own, and powers the machine off.
 *
 * The lines it prints, which tests and tools/bench.sh look for:
 *     linux-ref: running /bin/PROG ARG...
 *     linux-ref: exit status N          (the program called exit(N))
 *     linux-ref: killed by signal N     (a signal ended it)
 *
 * It is built with glibc, statically (i686-linux-gnu-gcc -static), and
 * writes with write(2) only, so nothing waits in a stdio buffer when the
 * power goes off.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define ARGV_FILE "/linuxref.argv"
#define MAX_ARGS  256
#define ARGV_MAX  65536

/* printf to the console in one write(2). */
__attribute__((format(printf, 1, 2)))
static void say(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof line - 1)
        n = sizeof line - 1;
    if (n > 0)
        write(1, line, (size_t)n);
}

/* Make the directory (if missing) and mount a file system of `type` on
 * it; a failure is reported and the run goes on without it. */
static void mount_at(const char *dir, mode_t mode, const char *type)
{
    mkdir(dir, mode);
    if (mount(type, dir, type, 0, NULL) < 0)
        say("linux-ref: mount %s on %s: %s\n", type, dir, strerror(errno));
}

/* The kernel opens /dev/console for init when the initramfs has it; if
 * it did not, open it ourselves now that devtmpfs provides it. */
static void console_on_fds(void)
{
    if (fcntl(1, F_GETFD) >= 0)
        return;
    int fd = open("/dev/console", O_RDWR);
    if (fd < 0)
        return;
    while (fd < 2)
        fd = dup(fd);
    if (fd > 2)
        close(fd);
}

/* Read the NUL-separated argument list into buf and point argv at it;
 * returns argc (0 when the file is missing or empty). */
static int read_argv(char *buf, size_t size, char **argv)
{
    int fd = open(ARGV_FILE, O_RDONLY);
    if (fd < 0)
        return 0;
    size_t len = 0;
    ssize_t r;
    while (len < size - 1 && (r = read(fd, buf + len, size - 1 - len)) > 0)
        len += (size_t)r;
    close(fd);
    buf[len] = '\0';
    int argc = 0;
    for (size_t at = 0; at < len && argc < MAX_ARGS; at += strlen(buf + at) + 1)
        argv[argc++] = buf + at;
    argv[argc] = NULL;
    return argc;
}

/* Start the program in a child; returns its pid, or -1. */
static pid_t start(char **argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        char *envp[] = { "HOME=/", "PATH=/bin", "TERM=linux", NULL };
        chdir("/");
        execve(argv[0], argv, envp);
        say("linux-ref: execve %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    return pid;
}

/* Wait for `pid`, reaping any other child on the way (as pid 1, orphans
 * come to us); 0 with its wait status in *st, or -1 if it was lost. */
static int wait_for(pid_t pid, int *st)
{
    for (;;) {
        pid_t r = wait(st);
        if (r == pid)
            return 0;
        if (r < 0 && errno != EINTR)
            return -1;
    }
}

int main(void)
{
    mount_at("/proc", 0555, "proc");
    mount_at("/sys", 0555, "sysfs");
    mount_at("/dev", 0755, "devtmpfs");
    console_on_fds();
    mount_at("/dev/pts", 0755, "devpts");
    mount_at("/tmp", 01777, "tmpfs");
    mount_at("/dev/shm", 01777, "tmpfs");

    static char buf[ARGV_MAX];
    static char *argv[MAX_ARGS + 1];
    int argc = read_argv(buf, sizeof buf, argv);
    if (argc == 0) {
        say("linux-ref: no program (%s is missing or empty)\n", ARGV_FILE);
    } else {
        char line[1024] = "linux-ref: running";
        for (int i = 0; i < argc; i++)
            snprintf(line + strlen(line), sizeof line - strlen(line), " %s", argv[i]);
        say("%s\n", line);
        pid_t pid = start(argv);
        if (pid < 0) {
            say("linux-ref: fork: %s\n", strerror(errno));
        } else {
            int st;
            if (wait_for(pid, &st) < 0)
                say("linux-ref: wait: %s\n", strerror(errno));
            else if (WIFSIGNALED(st))
                say("linux-ref: killed by signal %d\n", WTERMSIG(st));
            else
                say("linux-ref: exit status %d\n", WEXITSTATUS(st));
        }
    }
    sync();
    reboot(RB_POWER_OFF);
    return 0;
}
