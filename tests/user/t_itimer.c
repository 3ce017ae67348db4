/*
 * tests/user/t_itimer.c - the interval timers (setitimer, getitimer,
 * alarm) and setting the wall clock (clock_settime, settimeofday).
 *
 * Timing is never asserted exactly: a timer must fire (within a generous
 * wall-clock bound), the values read back must lie in a wide window below
 * what was set (or a tick above it for the CPU timers: Linux rounds
 * those up to its jiffy), and counts are "at least".  Setting CLOCK_REALTIME is
 * checked on Pagoda only (natively it would move the host's clock); its
 * error cases are checked everywhere.
 */
#include "check.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

#define SEC_NS       1000000000LL
#define WAIT_SEC     20              /* give up on a timer after this long */

static volatile int alarms, vtalrms, profs;

static void on_signal(int sig)
{
    if (sig == SIGALRM)
        alarms++;
    else if (sig == SIGVTALRM)
        vtalrms++;
    else if (sig == SIGPROF)
        profs++;
}

static long long now_ns(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return ts.tv_sec * SEC_NS + ts.tv_nsec;
}

static long long tv_ns(struct timeval tv)
{
    return tv.tv_sec * SEC_NS + tv.tv_usec * 1000LL;
}

/* Arm timer `which` for value_us, reloading every interval_us. */
static int arm(int which, long long value_us, long long interval_us)
{
    struct itimerval v = { { interval_us / 1000000, interval_us % 1000000 },
                           { value_us / 1000000, value_us % 1000000 } };
    return setitimer(which, &v, NULL);
}

/* The ns left on timer `which` (-1 if getitimer failed). */
static long long left_ns(int which)
{
    struct itimerval v;
    return getitimer(which, &v) == 0 ? tv_ns(v.it_value) : -1;
}

static long long interval_ns(int which)
{
    struct itimerval v;
    return getitimer(which, &v) == 0 ? tv_ns(v.it_interval) : -1;
}

/* Wait (sleeping, or spinning in user mode if spin) until *count reaches
 * want or WAIT_SEC of wall time pass. */
static void wait_count(volatile int *count, int want, int spin)
{
    long long end = now_ns(CLOCK_MONOTONIC) + WAIT_SEC * SEC_NS;
    struct timespec ms = { 0, 1000000 };
    while (*count < want && now_ns(CLOCK_MONOTONIC) < end) {
        if (spin)
            for (volatile int i = 0; i < 100000; i++)
                ;
        else
            nanosleep(&ms, NULL);
    }
}

static void check_errors(void)
{
    struct itimerval v, bad = { { 0, 0 }, { 1, 1000000 } };
    int all_zero = 1;
    for (int w = ITIMER_REAL; w <= ITIMER_PROF; w++)
        if (getitimer(w, &v) != 0 || v.it_value.tv_sec || v.it_value.tv_usec ||
            v.it_interval.tv_sec || v.it_interval.tv_usec)
            all_zero = 0;
    CHECK("initial_disarmed", all_zero, "a timer was armed at start");
    errno = 0;
    int r1 = getitimer(3, &v), e1 = errno;
    errno = 0;
    int r2 = setitimer(-1, &bad, NULL), e2 = errno;
    CHECK("einval_which", r1 == -1 && e1 == EINVAL && r2 == -1 && e2 == EINVAL,
          "getitimer(3) %d/%d, setitimer(-1) %d/%d", r1, e1, r2, e2);
    errno = 0;
    int r3 = setitimer(ITIMER_REAL, &bad, NULL), e3 = errno;
    bad.it_value.tv_usec = -1;
    int r4 = setitimer(ITIMER_REAL, &bad, NULL), e4 = errno;
    struct itimerval badint = { { 0, 1000000 }, { 10, 0 } };
    int r5 = setitimer(ITIMER_REAL, &badint, NULL), e5 = errno;
    struct itimerval negsec = { { 0, 0 }, { -1, 0 } };
    int r6 = setitimer(ITIMER_VIRTUAL, &negsec, NULL), e6 = errno;
    CHECK("einval_timeval", r3 == -1 && e3 == EINVAL && r4 == -1 && e4 == EINVAL &&
          r5 == -1 && e5 == EINVAL && r6 == -1 && e6 == EINVAL,
          "usec 1e6 %d/%d, usec -1 %d/%d, interval usec 1e6 %d/%d, sec -1 %d/%d",
          r3, e3, r4, e4, r5, e5, r6, e6);
    CHECK("einval_changes_nothing", left_ns(ITIMER_REAL) == 0 && left_ns(ITIMER_VIRTUAL) == 0,
          "a failed setitimer armed a timer");
    long r7 = syscall(SYS_getitimer, ITIMER_REAL, (void *)1);
    int e7 = errno;
    long r8 = syscall(SYS_setitimer, ITIMER_REAL, (void *)1, NULL);
    int e8 = errno;
    CHECK("efault", r7 == -1 && e7 == EFAULT && r8 == -1 && e8 == EFAULT,
          "getitimer %ld/%d setitimer %ld/%d", r7, e7, r8, e8);
}

static void check_real_values(void)
{
    arm(ITIMER_REAL, 100000000, 0);                 /* 100 s */
    long long left = left_ns(ITIMER_REAL);
    CHECK("real_remaining", left > 90 * SEC_NS && left <= 100 * SEC_NS &&
          interval_ns(ITIMER_REAL) == 0, "left %lld ns", left);
    struct itimerval nv = { { 2, 0 }, { 50, 0 } }, ov;
    setitimer(ITIMER_REAL, &nv, &ov);
    CHECK("real_old_value", tv_ns(ov.it_value) > 90 * SEC_NS &&
          tv_ns(ov.it_value) <= 100 * SEC_NS && tv_ns(ov.it_interval) == 0,
          "old %lld ns", tv_ns(ov.it_value));
    left = left_ns(ITIMER_REAL);
    CHECK("real_interval_kept", interval_ns(ITIMER_REAL) == 2 * SEC_NS &&
          left > 40 * SEC_NS && left <= 50 * SEC_NS, "interval %lld left %lld",
          interval_ns(ITIMER_REAL), left);

    arm(ITIMER_REAL, 10700000, 0);                  /* 10.7 s */
    unsigned a = alarm(0);
    CHECK("alarm_rounds_up", a == 11, "alarm returned %u for 10.7 s", a);
    CHECK("alarm_disarms_real", left_ns(ITIMER_REAL) == 0, "left %lld", left_ns(ITIMER_REAL));
    arm(ITIMER_REAL, 10200000, 3000000);            /* 10.2 s, every 3 s */
    a = alarm(5);
    left = left_ns(ITIMER_REAL);
    CHECK("alarm_rounds_down", a == 10, "alarm returned %u for 10.2 s", a);
    CHECK("alarm_sets_real", left > 4 * SEC_NS && left <= 5 * SEC_NS &&
          interval_ns(ITIMER_REAL) == 0, "left %lld interval %lld", left,
          interval_ns(ITIMER_REAL));
    arm(ITIMER_REAL, 300000, 0);                    /* 0.3 s */
    a = alarm(0);
    CHECK("alarm_under_second", a == 1, "alarm returned %u for 0.3 s", a);
}

static void check_real_fires(void)
{
    alarms = 0;
    arm(ITIMER_REAL, 10000, 0);                     /* 10 ms, once */
    wait_count(&alarms, 1, 0);
    struct timespec t = { 0, 100000000 };
    nanosleep(&t, NULL);
    CHECK("real_fires_once", alarms == 1 && left_ns(ITIMER_REAL) == 0,
          "%d SIGALRMs, left %lld", alarms, left_ns(ITIMER_REAL));
    alarms = 0;
    arm(ITIMER_REAL, 10000, 10000);                 /* every 10 ms */
    wait_count(&alarms, 3, 0);
    int seen = alarms;
    long long left = left_ns(ITIMER_REAL);
    arm(ITIMER_REAL, 0, 0);
    CHECK("real_interval_reloads", seen >= 3 && left > 0 && left <= 10000000,
          "%d SIGALRMs, left %lld", seen, left);
    alarms = 0;
    alarm(1);
    wait_count(&alarms, 1, 0);
    CHECK("alarm_fires", alarms == 1, "%d SIGALRMs", alarms);
}

static void check_cpu_timers(void)
{
    arm(ITIMER_VIRTUAL, 10000000, 0);               /* 10 s of user time */
    struct timespec t = { 0, 100000000 };
    nanosleep(&t, NULL);
    long long left = left_ns(ITIMER_VIRTUAL);
    CHECK("virtual_not_while_sleeping", left > 9500000000LL && left <= 10100000000LL,
          "left %lld after sleeping 0.1 s", left);
    long long start = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    while (now_ns(CLOCK_PROCESS_CPUTIME_ID) - start < 200000000)
        for (volatile int i = 0; i < 100000; i++)
            ;
    left = left_ns(ITIMER_VIRTUAL);
    CHECK("virtual_counts_user", left > 0 && left < 9900000000LL,
          "left %lld after 0.2 s of CPU", left);
    arm(ITIMER_VIRTUAL, 0, 0);
    vtalrms = 0;
    arm(ITIMER_VIRTUAL, 20000, 20000);              /* every 20 ms of user time */
    wait_count(&vtalrms, 2, 1);
    int seen = vtalrms;
    arm(ITIMER_VIRTUAL, 0, 0);
    CHECK("virtual_fires", seen >= 2, "%d SIGVTALRMs", seen);
    profs = 0;
    arm(ITIMER_PROF, 20000, 20000);
    wait_count(&profs, 2, 1);
    seen = profs;
    arm(ITIMER_PROF, 0, 0);
    CHECK("prof_fires", seen >= 2, "%d SIGPROFs", seen);
}

/* The exec'd copy: its ITIMER_REAL must still be armed. */
static int exec_child(void)
{
    long long left = left_ns(ITIMER_REAL);
    return left > 0 && left <= 100 * SEC_NS ? 0 : 1;
}

static void check_fork_exec(const char *self)
{
    arm(ITIMER_REAL, 100000000, 0);
    arm(ITIMER_VIRTUAL, 100000000, 0);
    arm(ITIMER_PROF, 100000000, 0);
    int st;
    pid_t pid = fork();
    if (pid == 0)
        _exit(left_ns(ITIMER_REAL) == 0 && left_ns(ITIMER_VIRTUAL) == 0 &&
              left_ns(ITIMER_PROF) == 0 ? 0 : 1);
    wait_for(pid, &st);
    CHECK("fork_clears", exited_with(st, 0), "child: %s", wstr(st));
    CHECK("fork_parent_keeps", left_ns(ITIMER_REAL) > 0 && left_ns(ITIMER_PROF) > 0,
          "the parent's timers went");
    arm(ITIMER_REAL, 0, 0);
    arm(ITIMER_VIRTUAL, 0, 0);
    arm(ITIMER_PROF, 0, 0);
    pid = fork();
    if (pid == 0) {
        arm(ITIMER_REAL, 100000000, 0);
        char *args[] = { (char *)self, "exec-child", NULL };
        execv(self, args);
        _exit(2);
    }
    wait_for(pid, &st);
    CHECK("exec_keeps", exited_with(st, 0), "exec'd child: %s", wstr(st));
}

static void check_settime(void)
{
    struct timespec ts = { 1000, 0 };
    errno = 0;
    int r1 = clock_settime(CLOCK_MONOTONIC, &ts), e1 = errno;
    ts.tv_nsec = 1000000000;
    errno = 0;
    int r2 = clock_settime(CLOCK_REALTIME, &ts), e2 = errno;
    struct timeval bad = { 1000, 1000000 };
    errno = 0;
    int r3 = settimeofday(&bad, NULL), e3 = errno;
    CHECK("settime_einval", r1 == -1 && e1 == EINVAL && r2 == -1 && e2 == EINVAL &&
          r3 == -1 && e3 == EINVAL, "monotonic %d/%d, nsec 1e9 %d/%d, usec 1e6 %d/%d",
          r1, e1, r2, e2, r3, e3);
    if (!on_pagoda()) {
        say("SKIP settime_realtime: would set the host's clock\n");
        return;
    }
    long long mono = now_ns(CLOCK_MONOTONIC), real = now_ns(CLOCK_REALTIME);
    struct timespec later = { real / SEC_NS + 86400, 0 };
    clock_settime(CLOCK_REALTIME, &later);
    long long moved = now_ns(CLOCK_REALTIME) - real;
    struct timeval back = { real / SEC_NS, 0 };
    settimeofday(&back, NULL);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    long long mono_moved = now_ns(CLOCK_MONOTONIC) - mono;
    long st_later = back.tv_sec + 3600;
    long rs = syscall(25 /* stime */, &st_later);
    long after_stime = (long)time(NULL);
    settimeofday(&back, NULL);
    CHECK("settime_realtime", moved > 86399 * SEC_NS && moved < 86410 * SEC_NS &&
          tv.tv_sec >= back.tv_sec && tv.tv_sec < back.tv_sec + 10 &&
          time(NULL) < back.tv_sec + 10 && mono_moved < 10 * SEC_NS &&
          rs == 0 && after_stime >= st_later && after_stime < st_later + 10,
          "moved %lld, back to %ld got %ld, stime %ld -> %ld", moved, (long)back.tv_sec,
          (long)tv.tv_sec, rs, after_stime);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "exec-child") == 0)
        return exec_child();
    signal(SIGALRM, on_signal);
    signal(SIGVTALRM, on_signal);
    signal(SIGPROF, on_signal);
    check_errors();
    check_real_values();
    check_real_fires();
    check_cpu_timers();
    check_fork_exec(argv[0]);
    check_settime();
    return finish();
}
