/*
 * t_orphan - zombies and orphans.
 *
 * When a process exits, its children are given to pid 1 ("reparented"),
 * and whoever is their parent must reap them with wait.  This program
 * behaves correctly in both of the situations it runs in:
 *   - as pid 1 (init=/tests/t_orphan on Pagoda): orphans become OUR
 *     children, so we must see them in wait() and reap every one;
 *   - as an ordinary process (natively on Linux): orphans leave us for
 *     the system's init (or a subreaper), and wait() must not see them.
 *
 * Checks:
 *   zombie_kept          a child that exited stays (kill(pid,0) == 0) until reaped
 *   zombie_status        ...and waitpid then returns its exit status
 *   orphan_reparented    a grandchild whose parent exited sees getppid() == 1
 *                        (Linux natively: a pid other than the dead parent's,
 *                        since the host may have a subreaper)
 *   middle_exit_status   the middle process's exit status reaches us
 *   orphans_reaped       as pid 1: we reap all 5 orphaned grandchildren with
 *                        their exit statuses; otherwise: wait() gives ECHILD,
 *                        they are not ours
 *   zombie_orphan        a grandchild that was already a zombie when its
 *                        parent died: as pid 1 we reap it; otherwise it is
 *                        not our child (and the system reaps it)
 *   no_children_left     finally wait() reports ECHILD
 */
#include "check.h"          /* first: it sets _GNU_SOURCE */
#include <signal.h>
#include <stdlib.h>

#define NGRAND 5

static void check_zombie(void)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(17);
    sleep_ms(100);                       /* it has exited; we did not wait */
    errno = 0;
    int k = kill(pid, 0);
    CHECK("zombie_kept", k == 0, "kill(zombie, 0) = %d (%s)", k, strerror(errno));
    int st = -1;
    pid_t got = wait_for(pid, &st);
    CHECK("zombie_status", got == pid && exited_with(st, 17), "waitpid %d, %s",
          got, wstr(st));
}

/*
 * Middle process: fork NGRAND grandchildren, tell our parent their pids
 * through `out`, then exit 0 without waiting for them.  Each grandchild
 * waits until its parent is gone, writes its new getppid() to `out`, and
 * exits with 10 + its index.
 */
static void middle(int out)
{
    pid_t me = getpid(), kids[NGRAND];
    for (int i = 0; i < NGRAND; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            for (int tries = 0; getppid() == me && tries < 500; tries++)
                sleep_ms(10);            /* wait (up to 5 s) to be orphaned */
            pid_t ppid = getppid();
            write(out, &ppid, sizeof(ppid));
            _exit(10 + i);
        }
    }
    write(out, kids, sizeof(kids));
    _exit(0);
}

static void check_orphans(int am_init)
{
    int fds[2];
    pipe(fds);
    pid_t mid = fork();
    if (mid == 0) {
        close(fds[0]);
        middle(fds[1]);
    }
    close(fds[1]);
    pid_t kids[NGRAND];
    int n = read(fds[0], kids, sizeof(kids));     /* one write, all pids */
    int st = -1;
    pid_t got = wait_for(mid, &st);
    CHECK("middle_exit_status", n == sizeof(kids) && got == mid && exited_with(st, 0),
          "read %d bytes of pids, waitpid %d %s", n, got, wstr(st));

    /* Each grandchild reports its new parent. */
    int bad = 0;
    pid_t ppid = 0, seen = 0;
    for (int i = 0; i < NGRAND; i++) {
        if (read(fds[0], &ppid, sizeof(ppid)) != sizeof(ppid)) { bad = 1; break; }
        seen = ppid;
        if (ppid == mid || (ppid != 1 && (am_init || on_pagoda())))
            bad = 1;
    }
    close(fds[0]);
    if (!bad && ppid != 1)
        PASS_INFO("orphan_reparented", "ppid %d: the host has a subreaper", (int)seen);
    else
        CHECK("orphan_reparented", !bad, "a grandchild's parent is %d, dead middle %d",
              (int)seen, (int)mid);

    if (am_init) {
        /* They are ours now: reap each one, by pid, with its status. */
        int ok = 1;
        for (int i = 0; i < NGRAND; i++) {
            got = wait_for(kids[i], &st);
            if (got != kids[i] || !exited_with(st, 10 + i)) {
                fail("orphans_reaped", "grandchild %d: waitpid %d %s", kids[i],
                     got, wstr(st));
                ok = 0;
                break;
            }
        }
        if (ok)
            pass("orphans_reaped");
    } else {
        errno = 0;
        got = waitpid(-1, &st, WNOHANG);
        CHECK("orphans_reaped", got == -1 && errno == ECHILD,
              "waitpid(-1) gave %d (%s): someone else's orphan is our child?",
              got, strerror(errno));
    }
}

/* A grandchild that is already a zombie when its parent exits. */
static void check_zombie_orphan(int am_init)
{
    int fds[2];
    pipe(fds);
    pid_t mid = fork();
    if (mid == 0) {
        close(fds[0]);
        pid_t g = fork();
        if (g == 0)
            _exit(33);
        sleep_ms(50);                    /* g is a zombie now */
        write(fds[1], &g, sizeof(g));
        _exit(0);                        /* ...and now an orphaned zombie */
    }
    close(fds[1]);
    pid_t g = -1;
    read(fds[0], &g, sizeof(g));
    close(fds[0]);
    int st = -1;
    wait_for(mid, &st);
    if (am_init) {
        pid_t got = wait_for(g, &st);
        CHECK("zombie_orphan", got == g && exited_with(st, 33), "waitpid(%d) %d %s",
              g, got, wstr(st));
    } else {
        errno = 0;
        pid_t got = waitpid(g, &st, WNOHANG);
        CHECK("zombie_orphan", got == -1 && errno == ECHILD,
              "waitpid(%d) gave %d (%s)", g, got, strerror(errno));
    }
}

int main(void)
{
    int am_init = getpid() == 1;
    say("INFO t_orphan runs as pid %d%s\n", getpid(), am_init ? " (init)" : "");
    check_zombie();
    check_orphans(am_init);
    check_zombie_orphan(am_init);
    errno = 0;
    pid_t r = waitpid(-1, NULL, WNOHANG);
    CHECK("no_children_left", r == -1 && errno == ECHILD, "waitpid(-1) gave %d (%s)",
          r, strerror(errno));
    return finish();
}
