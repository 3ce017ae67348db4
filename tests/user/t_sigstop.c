/*
 * t_sigstop.c - job control's signals and the calls that come back after
 * a signal: SIGSTOP/SIGTSTP stop, SIGCONT continues, the parent sees both
 * through wait4 (WUNTRACED, WCONTINUED), waitid and SIGCHLD; SA_RESTART
 * restarts read and wait4, and a stop never shows as EINTR; the core bit.
 *
 * Each check prints PASS/FAIL (tests/user/check.h); the same program runs
 * natively on Linux with the same PASS set.
 */
#include "check.h"
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>

#define NR_waitid    284
#define P_PID        1
#define WEXITED_     4
#define WSTOPPED_    2
#define WNOWAIT_     0x01000000
#define CLD_KILLED_  2
#define CLD_STOPPED_ 5
#define CLD_CONTINUED_ 6
#define NR_prlimit64 340
#define RLIMIT_CORE_ 4

/* setrlimit(RLIMIT_CORE) through prlimit64, which both libcs reach. */
static void set_core_limit(unsigned long long cur)
{
    unsigned long long lim[2] = { cur, ~0ull };
    syscall(NR_prlimit64, 0, RLIMIT_CORE_, lim, 0);
}

/* waitid's siginfo_t, as the kernel writes it (the SIGCHLD fields). */
struct chld_info {
    int signo, errno_, code, pid, uid, status;
    int pad[26];
};

static long waitid_(int idtype, int id, struct chld_info *info, int options)
{
    return syscall(NR_waitid, idtype, id, info, options, 0);
}

static void nap_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* The state letter in /proc/PID/stat ('T' when stopped). */
static char proc_state(pid_t pid)
{
    char path[64], buf[256];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return '?';
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    return p && p[1] == ' ' ? p[2] : '?';
}

static volatile int chld_count, chld_code, chld_status;

/* Counts the SIGCHLDs for stops and continues (not exits). */
static void on_chld(int sig, siginfo_t *si, void *uc)
{
    (void)sig; (void)uc;
    if (si->si_code != CLD_STOPPED_ && si->si_code != CLD_CONTINUED_)
        return;
    chld_count++;
    chld_code = si->si_code;
    chld_status = si->si_status;
}

static void set_handler(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigaction(sig, &sa, NULL);
}

static void set_default(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigaction(sig, &sa, NULL);
}

static void nap_ms(long ms);

/* A child that stops itself with SIGSTOP, then exits 7 a moment after it
 * is continued (so that the parent can see the continue first). */
static pid_t stopping_child(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        kill(getpid(), SIGSTOP);
        nap_ms(100);
        _exit(7);
    }
    return pid;
}

/* wait4's view: WUNTRACED, once; the T state; WCONTINUED; the exit. */
static void check_wait_reports(void)
{
    int st = 0;
    pid_t c = stopping_child();
    pid_t r = waitpid(c, &st, WUNTRACED);
    CHECK("stop_wuntraced", r == c && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP,
          "waitpid %d, %#x", (int)r, st);
    r = waitpid(c, &st, WUNTRACED | WNOHANG);
    CHECK("stop_reported_once", r == 0, "second waitpid %d, %#x", (int)r, st);
    char s = proc_state(c);
    CHECK("stopped_state_T", s == 'T', "state %c", s);
    kill(c, SIGCONT);
    r = waitpid(c, &st, WCONTINUED);
    CHECK("cont_wcontinued", r == c && WIFCONTINUED(st), "waitpid %d, %#x", (int)r, st);
    r = waitpid(c, &st, 0);
    CHECK("cont_then_exit", r == c && exited_with(st, 7), "waitpid %d, %s", (int)r, wstr(st));
}

/* SIGCHLD's si_code says stopped, then continued; SA_NOCLDSTOP hides both. */
static void check_sigchld(void)
{
    int st;
    set_handler(SIGCHLD, on_chld, 0);
    chld_count = 0;
    pid_t c = stopping_child();
    waitpid(c, &st, WUNTRACED);
    nap_ms(20);
    CHECK("sigchld_cld_stopped", chld_count == 1 && chld_code == CLD_STOPPED_ &&
          chld_status == SIGSTOP, "count %d code %d status %d", chld_count, chld_code,
          chld_status);
    kill(c, SIGCONT);
    waitpid(c, &st, WCONTINUED);
    nap_ms(20);
    CHECK("sigchld_cld_continued", chld_count == 2 && chld_code == CLD_CONTINUED_ &&
          chld_status == SIGCONT, "count %d code %d status %d", chld_count, chld_code,
          chld_status);
    waitpid(c, &st, 0);

    set_handler(SIGCHLD, on_chld, SA_NOCLDSTOP);
    chld_count = 0;
    c = stopping_child();
    waitpid(c, &st, WUNTRACED);
    kill(c, SIGCONT);
    waitpid(c, &st, WCONTINUED);
    nap_ms(20);
    int during = chld_count;
    waitpid(c, &st, 0);
    CHECK("nocldstop", during == 0, "%d SIGCHLDs for a stop and a continue", during);
    set_default(SIGCHLD);
}

/* SIGTSTP stops too (in a grandchild whose group is not orphaned, since
 * a group only init's children hold ignores the terminal's stops). */
static void check_tstp(void)
{
    pid_t c = fork();
    if (c == 0) {
        pid_t g = fork();
        if (g == 0) {
            setpgid(0, 0);
            kill(getpid(), SIGTSTP);
            _exit(3);
        }
        int st;
        pid_t r = waitpid(g, &st, WUNTRACED);
        int ok = r == g && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP;
        kill(g, SIGKILL);
        waitpid(g, &st, 0);
        _exit(ok ? 0 : 1);
    }
    int st;
    waitpid(c, &st, 0);
    CHECK("tstp_stops", exited_with(st, 0), "child %s", wstr(st));
}

/* SIGKILL ends a stopped process; SIGCONT drops a pending (blocked) stop. */
static void check_kill_and_discard(void)
{
    int st;
    pid_t c = stopping_child();
    waitpid(c, &st, WUNTRACED);
    kill(c, SIGKILL);
    pid_t r = waitpid(c, &st, 0);
    CHECK("sigkill_stopped", r == c && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
          "waitpid %d, %s", (int)r, wstr(st));

    int p[2];
    pipe(p);
    c = fork();
    if (c == 0) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGTSTP);
        sigprocmask(SIG_BLOCK, &set, NULL);
        write(p[1], "r", 1);
        nap_ms(200);                   /* the parent sends TSTP, then CONT */
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        _exit(0);
    }
    char ch;
    read(p[0], &ch, 1);
    kill(c, SIGTSTP);
    kill(c, SIGCONT);
    r = waitpid(c, &st, WUNTRACED);
    CHECK("cont_discards_stop", r == c && exited_with(st, 0), "waitpid %d, %s", (int)r,
          wstr(st));
    close(p[0]);
    close(p[1]);
}

/* waitid: WSTOPPED, WNOWAIT, WNOHANG with nothing, bad options, a kill. */
static void check_waitid(void)
{
    struct chld_info info;
    pid_t c = stopping_child();
    memset(&info, 0x55, sizeof(info));
    long r = waitid_(P_PID, c, &info, WSTOPPED_);
    CHECK("waitid_stopped", r == 0 && info.signo == SIGCHLD && info.code == CLD_STOPPED_ &&
          info.status == SIGSTOP && info.pid == c, "r %ld code %d status %d pid %d", r,
          info.code, info.status, info.pid);
    kill(c, SIGCONT);
    memset(&info, 0x55, sizeof(info));
    r = waitid_(P_PID, c, &info, WEXITED_ | WNOWAIT_);
    int st;
    pid_t w = waitpid(c, &st, 0);
    CHECK("waitid_wnowait", r == 0 && info.status == 7 && w == c && exited_with(st, 7),
          "waitid %ld status %d, then waitpid %d %s", r, info.status, (int)w, wstr(st));

    int p[2];
    pipe(p);
    c = fork();
    if (c == 0) {
        char ch;
        read(p[0], &ch, 1);
        _exit(0);
    }
    memset(&info, 0x55, sizeof(info));
    r = waitid_(P_PID, c, &info, WEXITED_ | WNOHANG);
    CHECK("waitid_wnohang_zero", r == 0 && info.pid == 0 && info.signo == 0,
          "r %ld pid %d signo %d", r, info.pid, info.signo);
    r = waitid_(P_PID, c, &info, 0);
    CHECK("waitid_no_event_einval", r == -1 && errno == EINVAL, "r %ld errno %d", r, errno);
    kill(c, SIGTERM);
    r = waitid_(P_PID, c, &info, WEXITED_);
    CHECK("waitid_killed", r == 0 && info.code == CLD_KILLED_ && info.status == SIGTERM,
          "r %ld code %d status %d", r, info.code, info.status);
    close(p[0]);
    close(p[1]);
}

static volatile int usr1_count;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
    (void)sig; (void)si; (void)uc;
    usr1_count++;
}

/* A child that signals the parent with SIGUSR1 after a moment, then
 * writes "hello" into fd after another moment and exits 3. */
static pid_t poking_child(int fd)
{
    pid_t parent = getpid();
    pid_t c = fork();
    if (c == 0) {
        nap_ms(100);
        kill(parent, SIGUSR1);
        nap_ms(100);
        if (fd >= 0)
            write(fd, "hello", 5);
        _exit(3);
    }
    return c;
}

/* A blocking read or wait4 interrupted by a handler: EINTR, or (with
 * SA_RESTART) restarted, so the program sees the data or the child. */
static void check_restart(void)
{
    int p[2], st;
    char buf[8];
    pipe(p);
    set_handler(SIGUSR1, on_usr1, 0);
    usr1_count = 0;
    pid_t c = poking_child(p[1]);
    long n = read(p[0], buf, sizeof(buf));
    CHECK("eintr_read", n == -1 && errno == EINTR && usr1_count == 1,
          "read %ld errno %d handler ran %d", n, errno, usr1_count);
    waitpid(c, &st, 0);
    read(p[0], buf, sizeof(buf));          /* the "hello" */

    set_handler(SIGUSR1, on_usr1, SA_RESTART);
    usr1_count = 0;
    c = poking_child(p[1]);
    n = read(p[0], buf, sizeof(buf));
    CHECK("restart_read", n == 5 && usr1_count == 1, "read %ld errno %d handler ran %d",
          n, errno, usr1_count);
    waitpid(c, &st, 0);

    set_handler(SIGUSR1, on_usr1, 0);
    usr1_count = 0;
    c = poking_child(-1);
    pid_t r = waitpid(c, &st, 0);
    CHECK("eintr_wait4", r == -1 && errno == EINTR && usr1_count == 1,
          "waitpid %d errno %d", (int)r, errno);
    waitpid(c, &st, 0);

    set_handler(SIGUSR1, on_usr1, SA_RESTART);
    usr1_count = 0;
    c = poking_child(-1);
    r = waitpid(c, &st, 0);
    CHECK("restart_wait4", r == c && exited_with(st, 3) && usr1_count == 1,
          "waitpid %d %s handler ran %d", (int)r, wstr(st), usr1_count);
    set_default(SIGUSR1);
    close(p[0]);
    close(p[1]);
}

/* A read that a stop and a continue interrupt just goes on: no EINTR. */
static void check_stop_restarts(void)
{
    int p[2], st;
    pipe(p);
    pid_t c = fork();
    if (c == 0) {
        char buf[8];
        long n = read(p[0], buf, sizeof(buf));
        _exit(n == 5 ? 0 : 10 + (n < 0 ? errno % 100 : 99));
    }
    nap_ms(100);
    kill(c, SIGSTOP);
    waitpid(c, &st, WUNTRACED);
    kill(c, SIGCONT);
    nap_ms(50);
    write(p[1], "hello", 5);
    pid_t r = waitpid(c, &st, 0);
    CHECK("stop_restarts_read", r == c && exited_with(st, 0), "child %s", wstr(st));
    close(p[0]);
    close(p[1]);
}

/* WCOREDUMP: never with RLIMIT_CORE 0 (Linux's default); with a limit,
 * Pagoda sets it as Linux does after writing a core (Pagoda writes none). */
static void check_core_bit(void)
{
    pid_t c = fork();
    if (c == 0) {
        set_core_limit(0);
        kill(getpid(), SIGQUIT);
        _exit(0);
    }
    int st;
    waitpid(c, &st, 0);
    CHECK("core_bit_limit0", WIFSIGNALED(st) && WTERMSIG(st) == SIGQUIT && !WCOREDUMP(st),
          "%#x", st);
    if (!on_pagoda())
        return;
    c = fork();
    if (c == 0) {
        set_core_limit(~0ull);
        kill(getpid(), SIGQUIT);
        _exit(0);
    }
    waitpid(c, &st, 0);
    CHECK("core_bit_set", WIFSIGNALED(st) && WTERMSIG(st) == SIGQUIT && WCOREDUMP(st),
          "%#x", st);
}

int main(void)
{
    check_wait_reports();
    check_sigchld();
    check_tstp();
    check_kill_and_discard();
    check_waitid();
    check_restart();
    check_stop_restarts();
    check_core_bit();
    return finish();
}
