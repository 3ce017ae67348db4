/*
 * tests/user/check.h - the tiny reporting kit shared by the self-checking
 * programs in tests/user/.
 *
 * Every check prints exactly one line:
 *
 *     PASS name                  (optionally followed by " (detail)")
 *     FAIL name: why
 *     SKIP name: why             (only where a check cannot apply)
 *
 * and main() ends with `return finish();`, which exits 0 only when nothing
 * failed.  The names are fixed tokens, so tests/test_user.py can compare
 * the set of PASS names seen on Pagoda with the set seen natively on Linux.
 *
 * Output goes straight to fd 1 with write(), never through stdio: these
 * programs fork a lot, and a stdio buffer copied into a child would print
 * its contents twice.  Children report failures to the parent through
 * their exit status, or print their own lines (each line is one write(),
 * so lines from different processes never interleave inside a line).
 *
 * The programs build against both Pagoda's libc and glibc, so only plain
 * POSIX/C is used here.
 */
#ifndef TESTS_USER_CHECK_H
#define TESTS_USER_CHECK_H

/* glibc declares dup3, pipe2 and F_DUPFD_CLOEXEC only with _GNU_SOURCE
 * (our libc always does).  It must come before the first #include. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

/* Not every program uses every helper; keep -Wall quiet about that. */
#define UNUSED __attribute__((unused))

static int check_failures;   /* FAIL lines printed by this process */

/* printf to fd 1 in a single write(). */
__attribute__((format(printf, 1, 2)))
UNUSED static void say(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (n >= (int)sizeof(line))
        n = sizeof(line) - 1;
    write(1, line, n);
}

UNUSED static void pass(const char *name)
{
    say("PASS %s\n", name);
}

/* FAIL name: why (why is printf-style). */
__attribute__((format(printf, 2, 3)))
UNUSED static void fail(const char *name, const char *fmt, ...)
{
    char why[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    say("FAIL %s: %s\n", name, why);
    check_failures++;
}

/* One check: PASS if cond holds, else FAIL with the printf-style reason. */
#define CHECK(name, cond, ...) \
    do { if (cond) pass(name); else fail(name, __VA_ARGS__); } while (0)

/* A PASS that says how it passed (e.g. which of two accepted outcomes). */
#define PASS_INFO(name, ...) \
    do { char info_[300]; snprintf(info_, sizeof(info_), __VA_ARGS__); \
         say("PASS %s (%s)\n", name, info_); } while (0)

/* The exit status of main: 0 only if every check passed. */
UNUSED static int finish(void)
{
    return check_failures ? 1 : 0;
}

/* Are we on Pagoda?  Its uname().release contains "pagoda"; Linux's not. */
UNUSED static int on_pagoda(void)
{
    struct utsname u;
    return uname(&u) == 0 && strstr(u.release, "pagoda") != NULL;
}

/* A wait status, decoded for failure messages: "exit 3", "signal 11". */
UNUSED static const char *wstr(int st)
{
    static char buf[4][40];
    static int next;
    char *b = buf[next++ % 4];
    if (WIFEXITED(st))
        snprintf(b, sizeof(buf[0]), "exit %d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        snprintf(b, sizeof(buf[0]), "signal %d", WTERMSIG(st));
    else
        snprintf(b, sizeof(buf[0]), "status 0x%x", st);
    return b;
}

/* Did the child exit normally with `code`? */
UNUSED static int exited_with(int st, int code)
{
    return WIFEXITED(st) && WEXITSTATUS(st) == code;
}

/*
 * waitpid that retries on EINTR (a signal handler may interrupt it).
 * Returns what waitpid returned; *st is the status.
 */
UNUSED static pid_t wait_for(pid_t pid, int *st)
{
    pid_t r;
    do
        r = waitpid(pid, st, 0);
    while (r < 0 && errno == EINTR);
    return r;
}

/*
 * Reap every child that is left (as pid 1, that includes orphans the
 * kernel handed to us).  Returns how many were reaped.  Blocks until the
 * last child has exited, so only call it when all children are ending.
 */
UNUSED static int reap_all(void)
{
    int n = 0, st;
    while (wait_for(-1, &st) > 0)
        n++;
    return n;
}

/* Sleep for ms milliseconds (sleep() alone is too coarse). */
UNUSED static void sleep_ms(int ms)
{
    usleep(ms * 1000);
}

/* Block (without using the CPU) until a signal kills us. */
static void idle_forever(void) __attribute__((noreturn, unused));
UNUSED static void idle_forever(void)
{
    for (;;)
        sleep(1000);
}

#endif
