/*
 * tests/user/t_ptimer.c - POSIX timers: timer_create, timer_settime,
 * timer_gettime, timer_getoverrun, timer_delete, called through
 * syscall() with the kernel's int timer ids (so glibc's own timer_t
 * bookkeeping and SIGEV_THREAD emulation stay out of it).
 *
 * The handler reads siginfo as Linux's i386 layout for SI_TIMER puts it:
 * int 3 is si_timerid, 4 si_overrun, 5 si_value.  Timing is never
 * asserted exactly: timers must fire within a generous bound, remaining
 * times lie in wide windows, the overrun count is "at least".  The cap
 * (32 live timers) is Pagoda's: Linux's depends on RLIMIT_SIGPENDING.
 */
#include "check.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>

#define SEC_NS       1000000000LL
#define WAIT_SEC     20
#define CAP          32               /* Pagoda's POSIX_TIMER_MAX */
#define SI_TIMER_    (-2)
#define SIGEV_SIGNAL_ 0
#define SIGEV_NONE_   1

/* Linux's i386 sigevent and itimerspec, as the kernel reads them. */
struct ksigevent { int value, signo, notify, pad[13]; };
struct kitimerspec { struct timespec interval, value; };

static volatile int fired, got_code, got_id, got_overrun, got_value, got_sig;

static void on_timer(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    int *w = (int *)si;
    got_sig = sig;
    got_code = si->si_code;
    got_id = w[3];
    got_overrun = w[4];
    got_value = w[5];
    fired++;
}

static long tcreate(int clk, struct ksigevent *ev, int *id)
{
    return syscall(SYS_timer_create, clk, ev, id);
}

static long tset(int id, int flags, long long value_ns, long long interval_ns,
                 struct kitimerspec *old)
{
    struct kitimerspec v = { { interval_ns / SEC_NS, interval_ns % SEC_NS },
                             { value_ns / SEC_NS, value_ns % SEC_NS } };
    return syscall(SYS_timer_settime, id, flags, &v, old);
}

static long long ts_ns(struct timespec t) { return t.tv_sec * SEC_NS + t.tv_nsec; }

static long long left_ns(int id)
{
    struct kitimerspec v;
    return syscall(SYS_timer_gettime, id, &v) == 0 ? ts_ns(v.value) : -1;
}

static long long now_ns(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return ts.tv_sec * SEC_NS + ts.tv_nsec;
}

/* Wait until the handler ran `want` times, or WAIT_SEC pass. */
static void wait_fired(int want, int spin)
{
    long long end = now_ns(CLOCK_MONOTONIC) + WAIT_SEC * SEC_NS;
    struct timespec ms = { 0, 1000000 };
    while (fired < want && now_ns(CLOCK_MONOTONIC) < end) {
        if (spin)
            for (volatile int i = 0; i < 100000; i++)
                ;
        else
            nanosleep(&ms, NULL);
    }
}

static int delete_all(void)
{
    int n = 0;
    for (int id = 0; id < 1000; id++)
        if (syscall(SYS_timer_delete, id) == 0)
            n++;
    return n;
}

static void check_ids_and_errors(void)
{
    int id[4] = { -1, -1, -1, -1 };
    for (int i = 0; i < 3; i++)
        tcreate(CLOCK_MONOTONIC, NULL, &id[i]);
    CHECK("ids_from_0", id[0] == 0 && id[1] == 1 && id[2] == 2,
          "ids %d %d %d", id[0], id[1], id[2]);
    syscall(SYS_timer_delete, 1);
    tcreate(CLOCK_MONOTONIC, NULL, &id[3]);
    CHECK("ids_not_reused", id[3] == 3, "after deleting 1 got %d", id[3]);
    int x;
    errno = 0;
    long r1 = tcreate(100, NULL, &x);
    int e1 = errno;
    long r2 = tcreate(CLOCK_MONOTONIC_RAW, NULL, &x);
    int e2 = errno;
    CHECK("bad_clock", r1 == -1 && e1 == EINVAL && r2 == -1 && e2 == EOPNOTSUPP,
          "clock 100 %ld/%d, MONOTONIC_RAW %ld/%d", r1, e1, r2, e2);
    struct ksigevent ev = { 0, SIGUSR1, 99, { 0 } };
    long r3 = tcreate(CLOCK_MONOTONIC, &ev, &x);
    int e3 = errno;
    ev.notify = SIGEV_SIGNAL_;
    ev.signo = 0;
    long r4 = tcreate(CLOCK_MONOTONIC, &ev, &x);
    int e4 = errno;
    ev.signo = 65;
    long r5 = tcreate(CLOCK_MONOTONIC, &ev, &x);
    int e5 = errno;
    CHECK("bad_sigevent", r3 == -1 && e3 == EINVAL && r4 == -1 && e4 == EINVAL &&
          r5 == -1 && e5 == EINVAL, "notify 99 %ld/%d signo 0 %ld/%d signo 65 %ld/%d",
          r3, e3, r4, e4, r5, e5);
    struct kitimerspec v;
    int bad = 0;
    errno = 0;
    if (syscall(SYS_timer_delete, 99) != -1 || errno != EINVAL) bad |= 1;
    if (syscall(SYS_timer_gettime, 99, &v) != -1 || errno != EINVAL) bad |= 2;
    if (tset(99, 0, SEC_NS, 0, NULL) != -1 || errno != EINVAL) bad |= 4;
    if (syscall(SYS_timer_getoverrun, 99) != -1 || errno != EINVAL) bad |= 8;
    if (syscall(SYS_timer_gettime, 1, &v) != -1 || errno != EINVAL) bad |= 16;
    CHECK("bad_id", bad == 0, "mask %d", bad);
    struct kitimerspec badv = { { 0, 0 }, { 1, 1000000000 } };
    long r6 = syscall(SYS_timer_settime, 0, 0, &badv, NULL);
    int e6 = errno;
    CHECK("settime_einval", r6 == -1 && e6 == EINVAL && left_ns(0) == 0,
          "nsec 1e9: %ld/%d, left %lld", r6, e6, left_ns(0));
    long r7 = tcreate(CLOCK_MONOTONIC, (struct ksigevent *)1, &x);
    int e7 = errno;
    long r8 = syscall(SYS_timer_gettime, 0, (void *)1);
    int e8 = errno;
    CHECK("efault", r7 == -1 && e7 == EFAULT && r8 == -1 && e8 == EFAULT,
          "create %ld/%d gettime %ld/%d", r7, e7, r8, e8);
    CHECK("getoverrun_unfired", syscall(SYS_timer_getoverrun, 0) == 0,
          "getoverrun %ld", syscall(SYS_timer_getoverrun, 0));
    delete_all();
}

static void check_values(void)
{
    int id;
    tcreate(CLOCK_MONOTONIC, NULL, &id);
    tset(id, 0, 100 * SEC_NS, SEC_NS, NULL);
    struct kitimerspec v;
    syscall(SYS_timer_gettime, id, &v);
    CHECK("gettime_remaining", ts_ns(v.value) > 90 * SEC_NS && ts_ns(v.value) <= 100 * SEC_NS &&
          ts_ns(v.interval) == SEC_NS, "value %lld interval %lld", ts_ns(v.value),
          ts_ns(v.interval));
    struct kitimerspec old;
    tset(id, 0, 50 * SEC_NS, 0, &old);
    CHECK("settime_old_value", ts_ns(old.value) > 90 * SEC_NS &&
          ts_ns(old.value) <= 100 * SEC_NS && ts_ns(old.interval) == SEC_NS,
          "old %lld", ts_ns(old.value));
    tset(id, 0, 0, SEC_NS, NULL);
    syscall(SYS_timer_gettime, id, &v);
    CHECK("settime_zero_disarms", ts_ns(v.value) == 0 && ts_ns(v.interval) == 0,
          "value %lld interval %lld", ts_ns(v.value), ts_ns(v.interval));
    syscall(SYS_timer_delete, id);
}

/* Arm a fresh timer on clk with sigevent ev for value_ns (flags), wait
 * for its signal, and delete it.  Returns its id. */
static int fire_one(int clk, struct ksigevent *ev, int flags, long long value_ns, int spin)
{
    int id = -1;
    fired = got_code = got_id = got_overrun = got_value = got_sig = 0;
    tcreate(clk, ev, &id);
    tset(id, flags, value_ns, 0, NULL);
    wait_fired(1, spin);
    syscall(SYS_timer_delete, id);
    return id;
}

static void check_signals(void)
{
    struct ksigevent ev = { 0x1234, SIGUSR1, SIGEV_SIGNAL_, { 0 } };
    int id = fire_one(CLOCK_MONOTONIC, &ev, 0, 10000000, 0);
    CHECK("signal_fires", fired == 1 && got_sig == SIGUSR1, "fired %d sig %d", fired, got_sig);
    CHECK("siginfo_timer", got_code == SI_TIMER_ && got_id == id && got_value == 0x1234 &&
          got_overrun == 0, "code %d id %d (want %d) value %#x overrun %d",
          got_code, got_id, id, got_value, got_overrun);
    id = fire_one(CLOCK_MONOTONIC, NULL, 0, 10000000, 0);
    CHECK("default_sigalrm", fired == 1 && got_sig == SIGALRM && got_value == id,
          "fired %d sig %d value %d id %d", fired, got_sig, got_value, id);
    fire_one(CLOCK_MONOTONIC, &ev, 1, now_ns(CLOCK_MONOTONIC) + 20000000, 0);
    CHECK("abstime_monotonic", fired == 1, "fired %d", fired);
    fire_one(CLOCK_REALTIME, &ev, 1, now_ns(CLOCK_REALTIME) + 20000000, 0);
    CHECK("abstime_realtime", fired == 1, "fired %d", fired);
    fire_one(CLOCK_MONOTONIC, &ev, 1, SEC_NS, 0);       /* long past */
    CHECK("abstime_past_fires", fired == 1, "fired %d", fired);
    fire_one(CLOCK_PROCESS_CPUTIME_ID, &ev, 0, 20000000, 1);
    CHECK("cputime_fires", fired == 1 && got_code == SI_TIMER_, "fired %d code %d",
          fired, got_code);
    fire_one(CLOCK_BOOTTIME, &ev, 0, 10000000, 0);
    CHECK("boottime_fires", fired == 1, "fired %d", fired);

    struct ksigevent none = { 0, SIGUSR1, SIGEV_NONE_, { 0 } };
    fired = 0;
    tcreate(CLOCK_MONOTONIC, &none, &id);
    tset(id, 0, 10000000, 0, NULL);
    sleep_ms(100);
    CHECK("sigev_none_silent", fired == 0 && left_ns(id) == 0, "fired %d left %lld",
          fired, left_ns(id));
    syscall(SYS_timer_delete, id);
}

static void check_overrun(void)
{
    struct ksigevent ev = { 7, SIGUSR2, SIGEV_SIGNAL_, { 0 } };
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, &old);
    int id;
    fired = 0;
    tcreate(CLOCK_MONOTONIC, &ev, &id);
    tset(id, 0, 1000000, 1000000, NULL);               /* every 1 ms */
    sleep_ms(300);
    sigprocmask(SIG_SETMASK, &old, NULL);
    syscall(SYS_timer_delete, id);
    CHECK("overrun_counted", fired >= 1 && got_sig == SIGUSR2 && got_overrun >= 100,
          "fired %d overrun %d", fired, got_overrun);
}

static void check_cap(void)
{
    if (!on_pagoda()) {
        say("SKIP cap_eagain: Linux's cap follows RLIMIT_SIGPENDING\n");
        return;
    }
    int n = 0, id;
    long r;
    while ((r = tcreate(CLOCK_MONOTONIC, NULL, &id)) == 0 && n < 1000)
        n++;
    int e = errno;
    int deleted = delete_all();
    long again = tcreate(CLOCK_MONOTONIC, NULL, &id);
    CHECK("cap_eagain", n == CAP && r == -1 && e == EAGAIN && deleted == CAP && again == 0,
          "%d made, then %ld/%d, %d deleted, again %ld", n, r, e, deleted, again);
    delete_all();
}

static int exec_child(void)
{
    struct kitimerspec v;
    return syscall(SYS_timer_gettime, 0, &v) == -1 && errno == EINVAL ? 0 : 1;
}

static void check_fork_exec(const char *self)
{
    int id, st;
    tcreate(CLOCK_MONOTONIC, NULL, &id);
    tset(id, 0, 100 * SEC_NS, 0, NULL);
    pid_t pid = fork();
    if (pid == 0) {
        struct kitimerspec v;
        _exit(syscall(SYS_timer_gettime, id, &v) == -1 && errno == EINVAL ? 0 : 1);
    }
    wait_for(pid, &st);
    CHECK("fork_no_inherit", exited_with(st, 0), "child: %s", wstr(st));
    CHECK("fork_parent_keeps", left_ns(id) > 0, "left %lld", left_ns(id));
    syscall(SYS_timer_delete, id);
    pid = fork();
    if (pid == 0) {
        int cid;
        tcreate(CLOCK_MONOTONIC, NULL, &cid);
        tset(cid, 0, 100 * SEC_NS, 0, NULL);
        char *args[] = { (char *)self, "exec-child", NULL };
        execv(self, args);
        _exit(2);
    }
    wait_for(pid, &st);
    CHECK("exec_deletes", exited_with(st, 0), "exec'd child: %s", wstr(st));
}

/* The C library's wrappers reach the same calls. */
static void check_libc(void)
{
    struct sigevent ev;
    memset(&ev, 0, sizeof(ev));
    ev.sigev_notify = SIGEV_NONE;
    timer_t t;
    int rc = timer_create(CLOCK_MONOTONIC, &ev, &t);
    struct itimerspec v = { { 0, 0 }, { 100, 0 } }, cur;
    int rs = timer_settime(t, 0, &v, NULL);
    int rg = timer_gettime(t, &cur);
    int ro = timer_getoverrun(t);
    int rd = timer_delete(t);
    CHECK("libc_wrappers", rc == 0 && rs == 0 && rg == 0 && cur.it_value.tv_sec >= 90 &&
          cur.it_value.tv_sec <= 100 && ro == 0 && rd == 0,
          "create %d settime %d gettime %d (%ld s) overrun %d delete %d", rc, rs, rg,
          (long)cur.it_value.tv_sec, ro, rd);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "exec-child") == 0)
        return exec_child();
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_timer;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    check_ids_and_errors();
    check_values();
    check_signals();
    check_overrun();
    check_cap();
    check_fork_exec(argv[0]);
    check_libc();
    return finish();
}
