/*
 * proc/itimer.c - the interval timers of setitimer(2) and alarm(2).
 *
 * Each process has three (struct itimer, proc/proc.h):
 *
 *     ITIMER_REAL     counts wall-clock time        -> SIGALRM
 *     ITIMER_VIRTUAL  counts the process's user time -> SIGVTALRM
 *     ITIMER_PROF     counts its user + system time  -> SIGPROF
 *
 * A timer holds the reading of its clock at which it expires (ktime for
 * REAL, the process's CPU time from proc/cputime.h for the others), and
 * its interval: at expiry the signal is sent and, if the interval is not
 * 0, the timer is re-armed one interval later.  alarm() is ITIMER_REAL
 * in whole seconds with no interval, exactly as in Linux.  The timer tick
 * (kernel/timer.h) checks every process; the values are kept in ns, so
 * getitimer reports what Pagoda really uses (to the µs), not jiffies.
 * fork gives the child no timers (its slot starts zeroed); exec keeps them.
 */
#include "proc/proc.h"
#include "proc/syscalls.h"
#include "kernel/errno.h"
#include "kernel/tsc.h"
#include "mm/uaccess.h"

#define ITIMER_REAL     0
#define ITIMER_VIRTUAL  1
#define ITIMER_PROF     2
#define SIGVTALRM       26
#define SIGPROF         27
#define USEC_PER_SEC    1000000
#define NSEC_PER_USEC   1000u

/* Linux's i386 struct itimerval: it_interval, then it_value. */
struct itimerval32 {
    struct timeval32 interval, value;
};

static const int itimer_signal[NR_ITIMERS] = { SIGALRM, SIGVTALRM, SIGPROF };

/* The current reading of p's clock for timer `which`, in ns. */
static uint64_t itimer_clock(struct proc *p, int which)
{
    if (which == ITIMER_REAL)
        return ktime_get_ns();
    if (which == ITIMER_VIRTUAL)
        return p->usage.utime;
    return p->usage.utime + p->usage.stime;
}

/* Has timer `which` of p expired at clock reading now?  Then signal, and
 * re-arm it an interval on (past now, skipping the periods missed). */
static void itimer_check(struct proc *p, int which, uint64_t now)
{
    struct itimer *t = &p->itimer[which];
    if (!t->expires || now < t->expires)
        return;
    if (t->interval) {
        t->expires += t->interval;
        if (t->expires <= now)
            t->expires = now + t->interval - (now - t->expires) % t->interval;
    } else {
        t->expires = 0;
    }
    struct sig_origin o = { .code = SI_KERNEL };
    signal_send_from(p, itimer_signal[which], o);
}

void itimer_tick(void)
{
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proc_table[i];
        if (p->state == PROC_UNUSED || p->state == PROC_ZOMBIE)
            continue;
        for (int w = 0; w < NR_ITIMERS; w++)
            itimer_check(p, w, itimer_clock(p, w));
    }
}

/* ns as a timeval (truncated to the µs, as Linux's ns_to_timeval). */
static struct timeval32 ns_to_timeval(uint64_t ns)
{
    struct timeval32 tv = { (int32_t)(ns / NSEC_PER_SEC),
                            (int32_t)(ns % NSEC_PER_SEC / NSEC_PER_USEC) };
    return tv;
}

/* A timeval as ns; -EINVAL unless 0 <= sec and 0 <= usec < 1e6. */
static int64_t timeval_ns(const struct timeval32 *tv)
{
    if (tv->sec < 0 || tv->usec < 0 || tv->usec >= USEC_PER_SEC)
        return -EINVAL;
    return (int64_t)tv->sec * NSEC_PER_SEC + (int64_t)tv->usec * NSEC_PER_USEC;
}

/* What is left of current's timer `which` and its interval.  A timer
 * that is armed but due this very moment shows 1 µs, never 0 (Linux's
 * itimer_get_remtime), so that 0 always means "disarmed". */
static void itimer_get(int which, struct itimerval32 *v)
{
    struct itimer *t = &current->itimer[which];
    uint64_t now = itimer_clock(current, which), left = 0;
    if (t->expires)
        left = t->expires > now + NSEC_PER_USEC ? t->expires - now : NSEC_PER_USEC;
    v->value = ns_to_timeval(left);
    v->interval = ns_to_timeval(t->interval);
}

/* Arm (value_ns > 0) or disarm current's timer `which`. */
static void itimer_set(int which, uint64_t value_ns, uint64_t interval_ns)
{
    struct itimer *t = &current->itimer[which];
    t->expires = value_ns ? itimer_clock(current, which) + value_ns : 0;
    t->interval = value_ns ? interval_ns : 0;
}

long sys_getitimer(int which, struct itimerval32 *uv)
{
    if (which < 0 || which >= NR_ITIMERS)
        return -EINVAL;
    struct itimerval32 v;
    itimer_get(which, &v);
    return copy_to_user(uv, &v, sizeof(v)) < 0 ? -EFAULT : 0;
}

/* setitimer(which, new, old): everything is checked before anything
 * changes, so a failing call leaves the timer as it was.  A NULL new
 * value disarms, as Linux (with a warning) still allows. */
long sys_setitimer(int which, const struct itimerval32 *unew, struct itimerval32 *uold)
{
    if (which < 0 || which >= NR_ITIMERS)
        return -EINVAL;
    struct itimerval32 nv = { { 0, 0 }, { 0, 0 } }, ov;
    if (unew && copy_from_user(&nv, unew, sizeof(nv)) < 0)
        return -EFAULT;
    int64_t value = timeval_ns(&nv.value), interval = timeval_ns(&nv.interval);
    if (value < 0 || interval < 0)
        return -EINVAL;
    itimer_get(which, &ov);
    if (uold && copy_to_user(uold, &ov, sizeof(ov)) < 0)
        return -EFAULT;
    itimer_set(which, value, interval);
    return 0;
}

/* alarm(seconds): ITIMER_REAL set to that many seconds with no interval
 * (0 disarms); returns the seconds left of the previous timer rounded to
 * the nearest, but 1 if less than that was left (Linux's alarm_setitimer). */
long sys_alarm(uint32_t seconds)
{
    struct itimerval32 ov;
    itimer_get(ITIMER_REAL, &ov);
    itimer_set(ITIMER_REAL, (uint64_t)seconds * NSEC_PER_SEC, 0);
    uint32_t left = (uint32_t)ov.value.sec;
    if ((left == 0 && ov.value.usec) || ov.value.usec >= USEC_PER_SEC / 2)
        left++;
    return left;
}
