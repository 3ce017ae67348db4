/*
 * t_fork - fork, exit and wait: what a parent learns about its children.
 *
 * Checks (wait4(2), kill(2), and the status macros of wait(2)):
 *   exit_0 exit_1 exit_42 exit_255   _exit(n) gives WIFEXITED, WEXITSTATUS n
 *   killed_sigkill killed_sigterm    kill() of an idle child: WIFSIGNALED + WTERMSIG
 *   killed_sigsegv                   a child that writes through NULL dies of SIGSEGV
 *   waitpid_specific                 waitpid(A) returns A even though B ended first
 *   wnohang_running                  WNOHANG gives 0 while the child still runs
 *   echild_no_children               wait() with no children: -1/ECHILD
 *   echild_reaped_pid                a second waitpid on a reaped pid: -1/ECHILD
 *   kill0_zombie kill0_reaped        kill(pid, 0) is 0 for a zombie, ESRCH after the reap
 *   fork_returns                     the child sees 0, the parent the child's pid,
 *                                    and the child's getppid() is the parent
 *   memory_copied                    the child's writes do not show in the parent
 *
 * Works as pid 1 (init=/tests/t_fork) and as an ordinary process.
 */
#include "check.h"          /* first: it sets _GNU_SOURCE */
#include <signal.h>
#include <stdlib.h>

/* Fork a child that runs fn(arg) and then _exit()s with its result. */
static pid_t spawn(int (*fn)(int), int arg)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(fn(arg));
    return pid;
}

static int exit_with(int code) { return code; }
static int idle(int unused) { (void)unused; idle_forever(); }

static int segfault(int unused)
{
    (void)unused;
    *(volatile int *)0 = 1;        /* no page at address 0: SIGSEGV */
    return 99;                     /* not reached */
}

/* Sleep ms milliseconds, then exit with 7. */
static int slow_exit(int ms) { sleep_ms(ms); return 7; }

static void check_exit_codes(void)
{
    static const int codes[] = { 0, 1, 42, 255 };
    for (unsigned i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        char name[32];
        int st = -1;
        snprintf(name, sizeof(name), "exit_%d", codes[i]);
        pid_t pid = spawn(exit_with, codes[i]);
        if (pid < 0) { fail(name, "fork: %s", strerror(errno)); continue; }
        pid_t got = wait_for(pid, &st);
        CHECK(name, got == pid && exited_with(st, codes[i]),
              "waitpid gave %d, status %s (0x%x)", got, wstr(st), st);
    }
}

/* An idle child killed by sig must be reported as WIFSIGNALED with sig. */
static void check_killed(const char *name, int sig)
{
    int st = -1;
    pid_t pid = spawn(idle, 0);
    if (pid < 0) { fail(name, "fork: %s", strerror(errno)); return; }
    sleep_ms(20);                   /* let it start (either order must work) */
    int k = kill(pid, sig);
    pid_t got = wait_for(pid, &st);
    CHECK(name, k == 0 && got == pid && WIFSIGNALED(st) && !WIFEXITED(st)
                && WTERMSIG(st) == sig,
          "kill=%d waitpid=%d status %s (0x%x), wanted signal %d",
          k, got, wstr(st), st, sig);
}

static void check_segv(void)
{
    int st = -1;
    pid_t pid = spawn(segfault, 0);
    pid_t got = wait_for(pid, &st);
    CHECK("killed_sigsegv", got == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
          "status %s (0x%x)", wstr(st), st);
}

static void check_waitpid_specific(void)
{
    int sta = -1, stb = -1;
    pid_t a = spawn(slow_exit, 100);     /* ends after 100 ms with 7 */
    pid_t b = spawn(exit_with, 8);       /* ends at once with 8 */
    sleep_ms(20);                        /* b is (very likely) a zombie now */
    pid_t got_a = wait_for(a, &sta);
    pid_t got_b = wait_for(b, &stb);
    CHECK("waitpid_specific",
          got_a == a && exited_with(sta, 7) && got_b == b && exited_with(stb, 8),
          "waitpid(a=%d) gave %d %s; waitpid(b=%d) gave %d %s",
          a, got_a, wstr(sta), b, got_b, wstr(stb));
}

static void check_wnohang(void)
{
    int st = -1;
    pid_t pid = spawn(idle, 0);
    pid_t r1 = waitpid(pid, &st, WNOHANG);       /* still running: 0 */
    pid_t r2 = waitpid(-1, &st, WNOHANG);        /* any child: still 0 */
    kill(pid, SIGKILL);
    pid_t r3 = wait_for(pid, &st);
    CHECK("wnohang_running", r1 == 0 && r2 == 0 && r3 == pid,
          "WNOHANG gave %d and %d (want 0, 0), final waitpid %d", r1, r2, r3);
}

static void check_echild(void)
{
    /* As pid 1 there could be orphans from earlier checks: reap them first. */
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    errno = 0;
    pid_t r = wait(NULL);
    CHECK("echild_no_children", r == -1 && errno == ECHILD,
          "wait() gave %d errno %d (%s)", r, errno, strerror(errno));

    int st;
    pid_t pid = spawn(exit_with, 3);
    pid_t first = wait_for(pid, &st);
    errno = 0;
    pid_t second = waitpid(pid, &st, 0);
    CHECK("echild_reaped_pid", first == pid && second == -1 && errno == ECHILD,
          "first waitpid %d, second %d errno %d (%s)", first, second, errno,
          strerror(errno));
}

static void check_kill0(void)
{
    /* The child ends at once; its pipe end closing tells us it exited. */
    int fds[2], st;
    char c;
    if (pipe(fds) < 0) { fail("kill0_zombie", "pipe: %s", strerror(errno)); return; }
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);                    /* exit closes the child's copy of fds[1] */
    close(fds[1]);
    while (read(fds[0], &c, 1) > 0)  /* EOF: the child is exiting or a zombie */
        ;
    close(fds[0]);
    sleep_ms(50);                    /* now certainly a zombie */
    errno = 0;
    int z = kill(pid, 0);
    CHECK("kill0_zombie", z == 0, "kill(zombie, 0) gave %d errno %d (%s)",
          z, errno, strerror(errno));
    wait_for(pid, &st);
    errno = 0;
    int r = kill(pid, 0);
    CHECK("kill0_reaped", r == -1 && errno == ESRCH,
          "kill(reaped, 0) gave %d errno %d (%s)", r, errno, strerror(errno));
}

static void check_fork_basics(void)
{
    /* The child reports in its exit status: 0 = fork gave it 0 and its
     * parent is us; 1 = wrong getppid. */
    static volatile int shared_looking = 5;
    pid_t me = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        shared_looking = 6;              /* a private copy: parent keeps 5 */
        _exit(getppid() == me ? 0 : 1);
    }
    int st = -1;
    pid_t got = wait_for(pid, &st);
    CHECK("fork_returns", pid > 0 && pid != me && got == pid && exited_with(st, 0),
          "fork gave %d (self %d), child status %s", pid, me, wstr(st));
    CHECK("memory_copied", shared_looking == 5,
          "the child's write showed up in the parent (%d)", shared_looking);
}

int main(void)
{
    check_fork_basics();
    check_exit_codes();
    check_killed("killed_sigkill", SIGKILL);
    check_killed("killed_sigterm", SIGTERM);
    check_segv();
    check_waitpid_specific();
    check_wnohang();
    check_kill0();
    check_echild();          /* last: needs no children left */
    return finish();
}
