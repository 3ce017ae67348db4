/*
 * proc/time.c - clocks and sleeping.  Time comes from the PIT's 100 Hz
 * ticks; the wall clock is the RTC's reading at boot plus the ticks since.
 */
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/syscalls.h"
#include "kernel/errno.h"
#include "kernel/rtc.h"
#include "kernel/syscall.h"
#include "kernel/timer.h"
#include "mm/uaccess.h"

#define CLOCK_REALTIME          0
#define CLOCK_MONOTONIC         1
#define CLOCK_PROCESS_CPUTIME   2
#define CLOCK_THREAD_CPUTIME    3
#define CLOCK_MONOTONIC_RAW     4
#define CLOCK_REALTIME_COARSE   5
#define CLOCK_MONOTONIC_COARSE  6
#define CLOCK_BOOTTIME          7
#define TIMER_ABSTIME           1
#define NSEC_PER_TICK           (1000000000u / HZ)


static uint32_t boot_epoch;
static int sleepers;                 /* the channel nanosleep waits on */

/* Called on every timer tick: sleepers re-check their deadlines, and
 * alarms that are due send SIGALRM. */
static void time_tick(void)
{
    uint32_t now = timer_ticks();
    wakeup(&sleepers);
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proc_table[i];
        if (p->alarm_tick && (int32_t)(now - p->alarm_tick) >= 0 &&
            p->state != PROC_UNUSED && p->state != PROC_ZOMBIE) {
            p->alarm_tick = 0;
            struct sig_origin o = { .code = SI_KERNEL };
            signal_send_from(p, SIGALRM, o);
        }
    }
}

/* alarm(seconds): SIGALRM after that long (0 cancels); returns the
 * seconds that were left of the previous alarm, rounded up. */
long sys_alarm(uint32_t seconds)
{
    uint32_t now = timer_ticks(), left = 0;
    if (current->alarm_tick && (int32_t)(current->alarm_tick - now) > 0)
        left = (current->alarm_tick - now + HZ - 1) / HZ;
    current->alarm_tick = seconds ? now + seconds * HZ : 0;
    if (current->alarm_tick == 0 && seconds)
        current->alarm_tick = 1;       /* 0 means "none" */
    return left;
}

void time_init(void)
{
    boot_epoch = rtc_read_epoch();
    timer_add_tick_hook(time_tick);
}

/* The time on clock `clk` as a timespec; -EINVAL for unknown clocks. */
static int clock_now(int clk, struct timespec32 *ts)
{
    uint32_t t = timer_ticks();
    if (clk == CLOCK_PROCESS_CPUTIME || clk == CLOCK_THREAD_CPUTIME)
        t = current->utime + current->stime;
    else if (clk < 0 || clk > CLOCK_BOOTTIME)
        return -EINVAL;
    ts->sec = t / HZ;
    ts->nsec = (t % HZ) * NSEC_PER_TICK;
    if (clk == CLOCK_REALTIME || clk == CLOCK_REALTIME_COARSE)
        ts->sec += boot_epoch;
    return 0;
}

long sys_clock_gettime(int clk, struct timespec32 *uts)
{
    struct timespec32 ts;
    int err = clock_now(clk, &ts);
    if (err)
        return err;
    return copy_to_user(uts, &ts, sizeof(ts));
}

long sys_clock_getres(int clk, struct timespec32 *uts)
{
    struct timespec32 ts = { 0, NSEC_PER_TICK };
    if (clk < 0 || clk > CLOCK_BOOTTIME)
        return -EINVAL;
    return uts ? copy_to_user(uts, &ts, sizeof(ts)) : 0;
}

long sys_gettimeofday(struct timeval32 *utv, void *utz)
{
    struct timespec32 ts;
    clock_now(CLOCK_REALTIME, &ts);
    struct timeval32 tv = { ts.sec, ts.nsec / 1000 };
    if (utv && copy_to_user(utv, &tv, sizeof(tv)) < 0)
        return -EFAULT;
    return utz ? clear_user(utz, 8) : 0;
}

long sys_time(int32_t *ut)
{
    struct timespec32 ts;
    clock_now(CLOCK_REALTIME, &ts);
    if (ut && copy_to_user(ut, &ts.sec, sizeof(ts.sec)) < 0)
        return -EFAULT;
    return ts.sec;
}

/* Sleep until tick `deadline`; on a signal, report what was left. */
static long sleep_until(uint32_t deadline, struct timespec32 *urem)
{
    while ((int32_t)(deadline - timer_ticks()) > 0) {
        if (sleep_on(&sleepers) < 0) {
            uint32_t left = deadline - timer_ticks();
            struct timespec32 rem = { left / HZ, (left % HZ) * NSEC_PER_TICK };
            if (urem && copy_to_user(urem, &rem, sizeof(rem)) < 0)
                return -EFAULT;
            return -EINTR;
        }
    }
    return 0;
}

/* A relative timespec as a number of ticks, rounded up. */
static long timespec_ticks(const struct timespec32 *ts)
{
    if (ts->sec < 0 || ts->nsec < 0 || ts->nsec >= 1000000000)
        return -EINVAL;
    return (long)ts->sec * HZ + (ts->nsec + NSEC_PER_TICK - 1) / NSEC_PER_TICK;
}

long sys_nanosleep(const struct timespec32 *ureq, struct timespec32 *urem)
{
    struct timespec32 req;
    if (copy_from_user(&req, ureq, sizeof(req)) < 0)
        return -EFAULT;
    long ticks = timespec_ticks(&req);
    return ticks < 0 ? ticks : sleep_until(timer_ticks() + ticks, urem);
}

long sys_clock_nanosleep(int clk, int flags, const struct timespec32 *ureq,
                         struct timespec32 *urem)
{
    struct timespec32 req, now;
    if (copy_from_user(&req, ureq, sizeof(req)) < 0)
        return -EFAULT;
    int err = clock_now(clk, &now);
    if (err)
        return err;
    if (flags & TIMER_ABSTIME) {      /* make it relative to now */
        req.sec -= now.sec;
        req.nsec -= now.nsec;
        if (req.nsec < 0) {
            req.nsec += 1000000000;
            req.sec--;
        }
        if (req.sec < 0)
            return 0;
        urem = 0;
    }
    long ticks = timespec_ticks(&req);
    return ticks < 0 ? ticks : sleep_until(timer_ticks() + ticks, urem);
}
