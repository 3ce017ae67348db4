/*
 * t_elfcorpus DIR - execve every file of the malformed-ELF corpus in DIR
 * and print, for each, one line saying what happened:
 *
 *     ELF name ENOEXEC        execve returned -1 with that errno
 *     ELF name exit0          the program ran and exited 0 (exitN: N)
 *     ELF name SIGSEGV        the exec went through, then a signal killed it
 *     ELF name hung           still running after 5 s (then killed)
 *
 * then `ELF-DONE n` and `survived` (the caller outlived them all).  The
 * corpus is written by tests/badelf/mkcorpus.py, which also says what
 * Linux and Pagoda must answer for each file; tests/test_badelf_corpus.py
 * runs this natively and on Pagoda and compares.  Without DIR it just
 * says so (it is not one of the self-checking programs).
 */
#include "check.h"          /* first: it sets _GNU_SOURCE */
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#define MAX_FILES 128
#define WATCHDOG_MS 5000

static char names[MAX_FILES][256];

static int by_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* The names in dir, sorted, without . .. and expected.txt. */
static int list(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)) && n < MAX_FILES)
        if (e->d_name[0] != '.' && strcmp(e->d_name, "expected.txt"))
            snprintf(names[n++], sizeof(names[0]), "%s", e->d_name);
    if (d)
        closedir(d);
    qsort(names, n, sizeof(names[0]), by_name);
    return n;
}

static const char *errno_name(int e)
{
    static char other[16];
    switch (e) {
    case ENOEXEC: return "ENOEXEC";
    case EACCES:  return "EACCES";
    case ENOENT:  return "ENOENT";
    case EIO:     return "EIO";
    case EINVAL:  return "EINVAL";
    case ENOMEM:  return "ENOMEM";
    case EFAULT:  return "EFAULT";
    case E2BIG:   return "E2BIG";
    case ENOTDIR: return "ENOTDIR";
    case ELOOP:   return "ELOOP";
    case EPERM:   return "EPERM";
    default:      snprintf(other, sizeof(other), "errno%d", e); return other;
    }
}

static const char *signal_name(int s)
{
    static char other[16];
    switch (s) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS:  return "SIGBUS";
    case SIGKILL: return "SIGKILL";
    case SIGILL:  return "SIGILL";
    case SIGFPE:  return "SIGFPE";
    case SIGTRAP: return "SIGTRAP";
    default:      snprintf(other, sizeof(other), "signal%d", s); return other;
    }
}

/* Wait up to WATCHDOG_MS for pid; 0 and kill it if it is still running. */
static int wait_or_kill(pid_t pid, int *st)
{
    for (int waited = 0; waited < WATCHDOG_MS; waited += 10) {
        if (waitpid(pid, st, WNOHANG) == pid)
            return 1;
        usleep(10000);
    }
    kill(pid, SIGKILL);
    wait_for(pid, st);
    return 0;
}

/* Exec one file in a child; the child reports execve's errno as 100 + errno
 * (the corpus programs themselves only ever exit 0). */
static void try_one(const char *dir, const char *name)
{
    char path[300];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = { path, NULL };
        execve(path, argv, (char *[]){ NULL });
        _exit(100 + errno);
    }
    int st = 0;
    if (!wait_or_kill(pid, &st))
        say("ELF %s hung\n", name);
    else if (WIFEXITED(st) && WEXITSTATUS(st) > 100)
        say("ELF %s %s\n", name, errno_name(WEXITSTATUS(st) - 100));
    else if (WIFEXITED(st))
        say("ELF %s exit%d\n", name, WEXITSTATUS(st));
    else
        say("ELF %s %s\n", name, signal_name(WTERMSIG(st)));
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        say("usage: t_elfcorpus DIR (the corpus of tests/badelf/mkcorpus.py)\n");
        return 0;
    }
    int n = list(argv[1]);
    for (int i = 0; i < n; i++)
        try_one(argv[1], names[i]);
    say("ELF-DONE %d\n", n);
    say("survived\n");
    return 0;
}
