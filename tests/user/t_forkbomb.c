/*
 * t_forkbomb - fork until the kernel says no, then recover.
 *
 * The children block reading a pipe nobody writes to, so they cost no CPU;
 * the parent kills and reaps them all.  On Pagoda the limit is the kernel's
 * (the process table, or memory): fork must fail cleanly with EAGAIN or
 * ENOMEM, not crash or hang.  On Linux the limit is far away, so the program
 * stops at CAP_LINUX children (and says so).  The whole round runs twice,
 * and on Pagoda the second round must reach exactly the same count: killed
 * and reaped processes must give back everything they held.
 *
 * Checks:
 *   forkbomb_limit      fork failed with EAGAIN/ENOMEM (Linux: or the cap was hit)
 *   forkbomb_kill_reap  every child was killed by SIGKILL and reaped
 *   forkbomb_no_children  afterwards wait() gives ECHILD
 *   forkbomb_fork_again   fork works again, the child exits with 3
 *   forkbomb_same_limit   the second round got as many children as the first
 */
#include "check.h"          /* first: it sets _GNU_SOURCE */
#include <signal.h>
#include <stdlib.h>

#define CAP_PAGODA 10000
#define CAP_LINUX  200

static pid_t kids[CAP_PAGODA];

/* Fork until failure or the cap.  Returns the number of children; *err
 * is fork's errno (0 if the cap stopped us). */
static int bomb(int cap, int *err, int block_fd)
{
    int n = 0;
    *err = 0;
    while (n < cap) {
        pid_t pid = fork();
        if (pid < 0) {
            *err = errno;
            break;
        }
        if (pid == 0) {
            char c;
            read(block_fd, &c, 1);       /* blocks: nobody ever writes */
            _exit(0);
        }
        kids[n++] = pid;
    }
    return n;
}

/* One round; returns the number of children it managed to create. */
static int round_trip(int cap, const char *suffix)
{
    char name[64];
    int fds[2];
    pipe(fds);                           /* children block on fds[0] */
    int err;
    int n = bomb(cap, &err, fds[0]);

    snprintf(name, sizeof(name), "forkbomb_limit%s", suffix);
    if (err == EAGAIN || err == ENOMEM)
        PASS_INFO(name, "%d children, then %s", n, err == EAGAIN ? "EAGAIN" : "ENOMEM");
    else if (err == 0 && cap == CAP_LINUX)
        PASS_INFO(name, "stopped at the Linux cap of %d children", n);
    else
        fail(name, "%d children, fork's errno %d (%s)", n, err, strerror(err));

    /* Kill them all, then reap: every one must report SIGKILL. */
    for (int i = 0; i < n; i++)
        kill(kids[i], SIGKILL);
    int reaped = 0, killed = 0, st;
    for (int i = 0; i < n; i++) {
        if (wait_for(kids[i], &st) == kids[i]) {
            reaped++;
            killed += WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
        }
    }
    close(fds[0]);
    close(fds[1]);
    snprintf(name, sizeof(name), "forkbomb_kill_reap%s", suffix);
    CHECK(name, reaped == n && killed == n, "%d children, %d reaped, %d by SIGKILL",
          n, reaped, killed);

    /* As pid 1 nothing else can be our child; otherwise none are left. */
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    errno = 0;
    pid_t r = waitpid(-1, NULL, WNOHANG);
    snprintf(name, sizeof(name), "forkbomb_no_children%s", suffix);
    CHECK(name, r == -1 && errno == ECHILD, "waitpid(-1) gave %d (%s)", r, strerror(errno));

    pid_t pid = fork();
    if (pid == 0)
        _exit(3);
    st = -1;
    r = pid > 0 ? wait_for(pid, &st) : -1;
    snprintf(name, sizeof(name), "forkbomb_fork_again%s", suffix);
    CHECK(name, pid > 0 && r == pid && exited_with(st, 3), "fork gave %d (%s), child %s",
          pid, strerror(errno), wstr(st));
    return n;
}

int main(void)
{
    int pagoda = on_pagoda();
    int cap = pagoda ? CAP_PAGODA : CAP_LINUX;
    int n1 = round_trip(cap, "");
    int n2 = round_trip(cap, "_again");
    CHECK("forkbomb_same_limit", n1 == n2, "first round %d children, second %d", n1, n2);
    return finish();
}
