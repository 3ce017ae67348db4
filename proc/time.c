/*
 * proc/time.c - clocks and sleeping.
 *
 * Every clock is read from one source, ktime_get_ns() (kernel/tsc.c: the
 * TSC, calibrated against the PIT at boot), so none of them loses time
 * while the kernel keeps interrupts off.  CLOCK_MONOTONIC and
 * CLOCK_BOOTTIME are the nanoseconds since boot (Pagoda never suspends);
 * CLOCK_REALTIME adds the RTC's date at boot.  The COARSE clocks, as on
 * Linux, are the same clocks cut to the last tick (1/HZ s).
 *
 * Sleeps, alarms (proc/itimer.c) and timeouts also keep their deadlines on that clock.
 * The timer interrupt only makes sleepers look at the clock again, so a
 * lost tick makes a sleeper wake late, never early.
 */
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/syscalls.h"
#include "kernel/errno.h"
#include "kernel/rtc.h"
#include "kernel/syscall.h"
#include "kernel/timer.h"
#include "kernel/tsc.h"
#include "mm/uaccess.h"

#define CLOCK_REALTIME          0
#define CLOCK_MONOTONIC         1
#define CLOCK_PROCESS_CPUTIME   2
#define CLOCK_THREAD_CPUTIME    3
#define CLOCK_MONOTONIC_RAW     4
#define CLOCK_REALTIME_COARSE   5
#define CLOCK_MONOTONIC_COARSE  6
#define CLOCK_BOOTTIME          7
#define CLOCK_TAI               11     /* REALTIME: no leap-second offset is set */
#define TIMER_ABSTIME           1
#define NSEC_PER_TICK           (NSEC_PER_SEC / HZ)
#define NSEC_PER_USEC           1000u

static int64_t timespec_ns(const struct timespec32 *ts);
static uint64_t boot_realtime;       /* CLOCK_REALTIME at ktime 0, in ns */
static uint64_t realtime_set_at;     /* ktime of the last clock_settime */
static int sleepers;                 /* the channel nanosleep waits on */

/* Called on every timer tick: sleepers re-check their deadlines, and
 * interval timers that are due send their signals. */
static void time_tick(void)
{
    wakeup(&sleepers);
    sched_wake_expired(ktime_get_ns());
    itimer_tick();
    posix_timer_tick();
}

void time_init(void)
{
    boot_realtime = (uint64_t)rtc_read_epoch() * NSEC_PER_SEC - ktime_get_ns();
    timer_add_tick_hook(time_tick);
}

static void ns_to_timespec(uint64_t ns, struct timespec32 *ts)
{
    ts->sec = (int32_t)(ns / NSEC_PER_SEC);
    ts->nsec = (int32_t)(ns % NSEC_PER_SEC);
}

/* ktime cut to the last tick, but never before the clock was last set:
 * as on Linux, the coarse wall clock shows a new setting at once. */
static uint64_t coarse_since_set(uint64_t now)
{
    uint64_t tick = now - now % NSEC_PER_TICK;
    return tick > realtime_set_at ? tick : realtime_set_at;
}

/* The time on clock `clk` in ns; -EINVAL for unknown clocks. */
static int clock_now_ns(int clk, uint64_t *ns)
{
    uint64_t now = ktime_get_ns();
    switch (clk) {
    case CLOCK_REALTIME:
    case CLOCK_TAI:              *ns = boot_realtime + now; break;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_BOOTTIME:         *ns = now; break;
    case CLOCK_REALTIME_COARSE:  *ns = boot_realtime + coarse_since_set(now); break;
    case CLOCK_MONOTONIC_COARSE: *ns = now - now % NSEC_PER_TICK; break;
    case CLOCK_PROCESS_CPUTIME:
    case CLOCK_THREAD_CPUTIME: {
        struct proc_usage u;
        cputime_self(current, &u);
        *ns = u.utime + u.stime;
        break;
    }
    default:
        return -EINVAL;
    }
    return 0;
}

long sys_clock_gettime(int clk, struct timespec32 *uts)
{
    uint64_t ns;
    int err = clock_now_ns(clk, &ns);
    if (err)
        return err;
    struct timespec32 ts;
    ns_to_timespec(ns, &ts);
    return copy_to_user(uts, &ts, sizeof(ts));
}

/* 1 ns for the clocks read from the TSC, a tick for the coarse ones. */
long sys_clock_getres(int clk, struct timespec32 *uts)
{
    uint64_t ignored;
    if (clock_now_ns(clk, &ignored) < 0)
        return -EINVAL;
    struct timespec32 ts = { 0, 1 };
    if (clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE)
        ts.nsec = NSEC_PER_TICK;
    return uts ? copy_to_user(uts, &ts, sizeof(ts)) : 0;
}

long sys_gettimeofday(struct timeval32 *utv, void *utz)
{
    uint64_t ns;
    clock_now_ns(CLOCK_REALTIME, &ns);
    struct timeval32 tv = { (int32_t)(ns / NSEC_PER_SEC),
                            (int32_t)(ns % NSEC_PER_SEC / NSEC_PER_USEC) };
    if (utv && copy_to_user(utv, &tv, sizeof(tv)) < 0)
        return -EFAULT;
    return utz ? clear_user(utz, 8) : 0;
}

/* Set CLOCK_REALTIME to ns: only the offset from the boot clock moves,
 * so MONOTONIC and every sleep's deadline are untouched. */
static void set_realtime(uint64_t ns)
{
    realtime_set_at = ktime_get_ns();
    boot_realtime = ns - realtime_set_at;
}

/* clock_settime: only CLOCK_REALTIME can be set (Linux: -EINVAL for the
 * others, and for a bad timespec).  Pagoda has no users to refuse. */
long sys_clock_settime(int clk, const struct timespec32 *uts)
{
    struct timespec32 ts;
    if (copy_from_user(&ts, uts, sizeof(ts)) < 0)
        return -EFAULT;
    if (clk != CLOCK_REALTIME)
        return -EINVAL;
    int64_t ns = timespec_ns(&ts);
    if (ns < 0)
        return ns;
    set_realtime(ns);
    return 0;
}

/* settimeofday(tv, tz): tv (if not NULL) sets CLOCK_REALTIME; the time
 * zone is obsolete and ignored.  -EINVAL for a bad timeval. */
long sys_settimeofday(const struct timeval32 *utv, const void *utz)
{
    struct timeval32 tv;
    (void)utz;
    if (!utv)
        return 0;
    if (copy_from_user(&tv, utv, sizeof(tv)) < 0)
        return -EFAULT;
    if (tv.sec < 0 || tv.usec < 0 || tv.usec >= (int32_t)(NSEC_PER_SEC / NSEC_PER_USEC))
        return -EINVAL;
    set_realtime((uint64_t)tv.sec * NSEC_PER_SEC + (uint64_t)tv.usec * NSEC_PER_USEC);
    return 0;
}

/* stime(&t): the old i386 call setting CLOCK_REALTIME to t seconds. */
long sys_stime(const int32_t *ut)
{
    int32_t sec;
    if (copy_from_user(&sec, ut, sizeof(sec)) < 0)
        return -EFAULT;
    if (sec < 0)
        return -EINVAL;
    set_realtime((uint64_t)sec * NSEC_PER_SEC);
    return 0;
}

/* time(): Linux reads the coarse wall clock. */
long sys_time(int32_t *ut)
{
    uint64_t ns;
    clock_now_ns(CLOCK_REALTIME_COARSE, &ns);
    int32_t sec = (int32_t)(ns / NSEC_PER_SEC);
    if (ut && copy_to_user(ut, &sec, sizeof(sec)) < 0)
        return -EFAULT;
    return sec;
}

uint64_t time_deadline(int clk, const struct timespec32 *ts, int absolute)
{
    uint64_t ns = (uint64_t)ts->sec * NSEC_PER_SEC + (uint32_t)ts->nsec, now;
    if (!absolute)
        return ktime_get_ns() + ns;
    clock_now_ns(clk, &now);
    uint64_t left = ns > now ? ns - now : 0;
    return ktime_get_ns() + left;
}

/* Sleep until ktime `deadline`; on a signal, report what was left. */
static long sleep_until(uint64_t deadline, struct timespec32 *urem)
{
    while (ktime_get_ns() < deadline) {
        if (sleep_on(&sleepers) < 0) {
            uint64_t now = ktime_get_ns();
            struct timespec32 rem;
            ns_to_timespec(deadline > now ? deadline - now : 0, &rem);
            if (urem && copy_to_user(urem, &rem, sizeof(rem)) < 0)
                return -EFAULT;
            return -EINTR;
        }
    }
    return 0;
}

/* A timespec as nanoseconds; -EINVAL if it is not a valid one. */
static int64_t timespec_ns(const struct timespec32 *ts)
{
    if (ts->sec < 0 || ts->nsec < 0 || ts->nsec >= (int32_t)NSEC_PER_SEC)
        return -EINVAL;
    return (int64_t)ts->sec * NSEC_PER_SEC + ts->nsec;
}

long sys_nanosleep(const struct timespec32 *ureq, struct timespec32 *urem)
{
    struct timespec32 req;
    if (copy_from_user(&req, ureq, sizeof(req)) < 0)
        return -EFAULT;
    int64_t ns = timespec_ns(&req);
    return ns < 0 ? ns : sleep_until(ktime_get_ns() + ns, urem);
}

/* Sleep for ns of our own CPU time, which a sleeper never uses: until a
 * signal, and then all of it is left. */
static long sleep_on_own_cputime(int64_t ns, struct timespec32 *urem)
{
    while (sleep_on(&sleepers) == 0)
        ;
    struct timespec32 rem;
    ns_to_timespec(ns, &rem);
    if (urem && copy_to_user(urem, &rem, sizeof(rem)) < 0)
        return -EFAULT;
    return -EINTR;
}

/* Can a program sleep on clock clk?  As Linux: the coarse clocks,
 * MONOTONIC_RAW and the thread's CPU clock cannot be slept on
 * (-EOPNOTSUPP, like the alarm clocks 8 and 9), unknown clocks -EINVAL. */
static int nanosleep_clock_ok(int clk)
{
    switch (clk) {
    case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_BOOTTIME: case CLOCK_TAI:
    case CLOCK_PROCESS_CPUTIME:
        return 0;
    case CLOCK_THREAD_CPUTIME: case CLOCK_MONOTONIC_RAW: case CLOCK_REALTIME_COARSE:
    case CLOCK_MONOTONIC_COARSE: case 8: case 9:
        return -EOPNOTSUPP;
    default:
        return -EINVAL;
    }
}

/* clock_nanosleep: relative, or until clock `clk` reads *ureq
 * (TIMER_ABSTIME; then no remainder is reported).  The process's own
 * CPU clock does not advance while it sleeps, so a sleep on it that has
 * not already expired lasts until a signal, as on Linux. */
long sys_clock_nanosleep(int clk, int flags, const struct timespec32 *ureq,
                         struct timespec32 *urem)
{
    struct timespec32 req;
    uint64_t now;
    int err = nanosleep_clock_ok(clk);
    if (err)
        return err;
    if (copy_from_user(&req, ureq, sizeof(req)) < 0)
        return -EFAULT;
    clock_now_ns(clk, &now);
    int64_t ns = timespec_ns(&req);
    if (ns < 0)
        return ns;
    if (flags & TIMER_ABSTIME) {      /* make it relative to now */
        ns = (uint64_t)ns > now ? (int64_t)((uint64_t)ns - now) : 0;
        urem = 0;
    }
    if (clk == CLOCK_PROCESS_CPUTIME && ns > 0)
        return sleep_on_own_cputime(ns, urem);
    return sleep_until(ktime_get_ns() + ns, urem);
}
