/*
 * proc/posix_timer.c - POSIX per-process timers: timer_create,
 * timer_settime, timer_gettime, timer_getoverrun, timer_delete.
 *
 * A process's timers live in one kmalloc'd table (proc->ptimers) of
 * POSIX_TIMER_MAX slots, made at its first timer_create.  Ids count up
 * from 0 per process and are not reused, as Linux 6.x numbers them.
 * A timer counts on a clock: REALTIME, MONOTONIC and BOOTTIME keep their
 * expiry as a ktime (an absolute REALTIME time is turned into one when
 * it is set, so a later clock_settime does not move it), the CPU-time
 * clocks as a reading of the process's user + system time.
 *
 * At expiry (checked each tick) a SIGEV_SIGNAL timer sends its signal
 * with si_code SI_TIMER, its si_value and id.  While that signal is still
 * pending, further expirations are not queued again but counted as its
 * overrun (si_overrun; timer_getoverrun), as on Linux.  SIGEV_NONE timers
 * only count down.  SIGEV_THREAD_ID is -EINVAL: Pagoda has no threads.
 * fork does not inherit timers (the child's slot starts zeroed); exec
 * and exit delete them (posix_timers_free).
 */
#include "proc/proc.h"
#include "proc/syscalls.h"
#include "kernel/errno.h"
#include "kernel/tsc.h"
#include "mm/kheap.h"
#include "mm/uaccess.h"

#define CLOCK_REALTIME           0
#define CLOCK_MONOTONIC          1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID  3
#define CLOCK_MONOTONIC_RAW      4
#define CLOCK_MONOTONIC_COARSE   6
#define CLOCK_BOOTTIME           7
#define CLOCK_TAI                11
#define SIGEV_SIGNAL             0
#define SIGEV_NONE               1
#define SIGEV_THREAD             2     /* glibc's; the kernel treats it as SIGNAL */
#define SIGEV_THREAD_ID          4
#define TIMER_ABSTIME            1
#define SIG_MASK(sig)            (1ull << ((sig) - 1))   /* in sig.pending */
#define DELAYTIMER_MAX           0x7fffffff   /* overrun counts stop here */

/* Linux's i386 struct sigevent (64 bytes) and struct itimerspec. */
struct sigevent32 {
    uint32_t value;
    int32_t signo, notify;
    int32_t pad[13];
};
struct itimerspec32 {
    struct timespec32 interval, value;
};

struct posix_timer {
    int used;
    int id;
    int cpu;                   /* counts CPU time, not wall time */
    int clock;
    int notify, signo;
    uint32_t value;            /* sigev_value */
    uint64_t expires;          /* ktime or CPU ns; 0 = disarmed */
    uint64_t interval;         /* ns; 0 = one shot */
    int overrun;               /* expirations folded into the pending signal */
    int last_overrun;          /* the overrun of the last signal sent */
};

struct posix_timers {
    int next_id;
    struct posix_timer t[POSIX_TIMER_MAX];
};

/* p's CPU time so far (user + system), ns. */
static uint64_t cpu_ns(struct proc *p)
{
    return p->usage.utime + p->usage.stime;
}

static uint64_t timer_now(struct proc *p, const struct posix_timer *t)
{
    return t->cpu ? cpu_ns(p) : ktime_get_ns();
}

/* Saturating add to an overrun count. */
static int overrun_add(int a, uint64_t b)
{
    return b >= (uint64_t)(DELAYTIMER_MAX - a) ? DELAYTIMER_MAX : a + (int)b;
}

/* Timer t of p expired at now: signal (or count an overrun if its signal
 * is still pending), and re-arm it past now if it has an interval. */
static void timer_fire(struct proc *p, struct posix_timer *t, uint64_t now)
{
    uint64_t missed = 0;
    if (t->interval) {
        missed = (now - t->expires) / t->interval;
        t->expires += (missed + 1) * t->interval;
    } else {
        t->expires = 0;
    }
    if (t->notify == SIGEV_NONE)
        return;
    struct sig_origin *o = &p->sig.origin[t->signo];
    if ((p->sig.pending & SIG_MASK(t->signo)) && o->code == SI_TIMER &&
        o->timer_id == t->id) {
        t->overrun = overrun_add(t->overrun, missed + 1);
        o->overrun = t->overrun;
        t->last_overrun = t->overrun;
        return;
    }
    t->overrun = overrun_add(0, missed);
    t->last_overrun = t->overrun;
    struct sig_origin so = { .code = SI_TIMER, .value = t->value,
                             .timer_id = t->id, .overrun = t->overrun };
    signal_send_from(p, t->signo, so);
}

void posix_timer_tick(void)
{
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proc_table[i];
        if (!p->ptimers || p->state == PROC_UNUSED || p->state == PROC_ZOMBIE)
            continue;
        for (int k = 0; k < POSIX_TIMER_MAX; k++) {
            struct posix_timer *t = &p->ptimers->t[k];
            if (!t->used || !t->expires)
                continue;
            uint64_t now = timer_now(p, t);
            if (now >= t->expires)
                timer_fire(p, t, now);
        }
    }
}

void posix_timers_free(struct proc *p)
{
    kfree(p->ptimers);
    p->ptimers = 0;
}

/* Which clocks a timer may count on: as Linux, the raw and coarse
 * clocks cannot (-EOPNOTSUPP), unknown ones are -EINVAL. */
static int timer_clock_ok(int clk)
{
    switch (clk) {
    case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_BOOTTIME: case CLOCK_TAI:
    case CLOCK_PROCESS_CPUTIME_ID: case CLOCK_THREAD_CPUTIME_ID:
        return 0;
    case CLOCK_MONOTONIC_RAW: case 5: case CLOCK_MONOTONIC_COARSE: case 8: case 9:
        return -EOPNOTSUPP;
    default:
        return -EINVAL;
    }
}

/* Check a sigevent as Linux's good_sigevent does. */
static int sigevent_ok(const struct sigevent32 *ev)
{
    if (ev->notify == SIGEV_NONE)
        return 0;
    if (ev->notify != SIGEV_SIGNAL && ev->notify != SIGEV_THREAD)
        return -EINVAL;            /* SIGEV_THREAD_ID too: no threads */
    return ev->signo >= 1 && ev->signo <= NSIG ? 0 : -EINVAL;
}

/* A free slot in current's table (made on first use), or NULL. */
static struct posix_timer *timer_slot(void)
{
    if (!current->ptimers && !(current->ptimers = kzalloc(sizeof(struct posix_timers))))
        return 0;
    for (int k = 0; k < POSIX_TIMER_MAX; k++)
        if (!current->ptimers->t[k].used)
            return &current->ptimers->t[k];
    return 0;
}

/* timer_create(clock, sigevent, &id): with no sigevent, SIGALRM carrying
 * the id as its value.  -EAGAIN past POSIX_TIMER_MAX live timers. */
long sys_timer_create(int clk, const struct sigevent32 *uev, int32_t *uid)
{
    struct sigevent32 ev = { 0, SIGALRM, SIGEV_SIGNAL, { 0 } };
    int err = timer_clock_ok(clk);
    if (err)
        return err;
    if (uev && copy_from_user(&ev, uev, sizeof(ev)) < 0)
        return -EFAULT;
    if ((err = sigevent_ok(&ev)))
        return err;
    struct posix_timer *t = timer_slot();
    if (!t)
        return current->ptimers ? -EAGAIN : -ENOMEM;
    int id = current->ptimers->next_id;
    if (!uev)
        ev.value = id;
    if (copy_to_user(uid, &id, sizeof(id)) < 0)
        return -EFAULT;
    current->ptimers->next_id++;
    *t = (struct posix_timer){ .used = 1, .id = id, .clock = clk,
        .cpu = clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID,
        .notify = ev.notify, .signo = ev.signo, .value = ev.value };
    return 0;
}

/* Current's timer with this id, or NULL. */
static struct posix_timer *timer_find(int id)
{
    if (!current->ptimers || id < 0)
        return 0;
    for (int k = 0; k < POSIX_TIMER_MAX; k++)
        if (current->ptimers->t[k].used && current->ptimers->t[k].id == id)
            return &current->ptimers->t[k];
    return 0;
}

static void ns_to_ts(uint64_t ns, struct timespec32 *ts)
{
    ts->sec = (int32_t)(ns / NSEC_PER_SEC);
    ts->nsec = (int32_t)(ns % NSEC_PER_SEC);
}

static int64_t ts_to_ns(const struct timespec32 *ts)
{
    if (ts->sec < 0 || ts->nsec < 0 || ts->nsec >= (int32_t)NSEC_PER_SEC)
        return -EINVAL;
    return (int64_t)ts->sec * NSEC_PER_SEC + ts->nsec;
}

/* What is left of t, and its interval.  Armed but due shows 1 ns. */
static void timer_get(struct posix_timer *t, struct itimerspec32 *v)
{
    uint64_t now = timer_now(current, t), left = 0;
    if (t->expires)
        left = t->expires > now ? t->expires - now : 1;
    ns_to_ts(left, &v->value);
    ns_to_ts(t->interval, &v->interval);
}

long sys_timer_gettime(int id, struct itimerspec32 *ucur)
{
    struct posix_timer *t = timer_find(id);
    if (!t)
        return -EINVAL;
    struct itimerspec32 v;
    timer_get(t, &v);
    return copy_to_user(ucur, &v, sizeof(v)) < 0 ? -EFAULT : 0;
}

/* The expiry, on t's own clock base, of a value set with these flags.
 * An absolute time already past expires at once (on the next tick). */
static uint64_t timer_expiry(struct posix_timer *t, const struct timespec32 *ts,
                             int64_t ns, int flags)
{
    if (!(flags & TIMER_ABSTIME))
        return timer_now(current, t) + ns;
    if (t->cpu)
        return ns ? (uint64_t)ns : 1;
    int clk = t->clock == CLOCK_REALTIME || t->clock == CLOCK_TAI
              ? CLOCK_REALTIME : CLOCK_MONOTONIC;
    return time_deadline(clk, ts, 1);
}

/* timer_settime(id, flags, new, old): a zero value disarms.  Everything
 * is checked before the timer changes. */
long sys_timer_settime(int id, int flags, const struct itimerspec32 *unew,
                       struct itimerspec32 *uold)
{
    struct posix_timer *t = timer_find(id);
    struct itimerspec32 nv, ov;
    if (!t)
        return -EINVAL;
    if (copy_from_user(&nv, unew, sizeof(nv)) < 0)
        return -EFAULT;
    int64_t value = ts_to_ns(&nv.value), interval = ts_to_ns(&nv.interval);
    if (value < 0 || interval < 0 || (flags & ~TIMER_ABSTIME))
        return -EINVAL;
    timer_get(t, &ov);
    if (uold && copy_to_user(uold, &ov, sizeof(ov)) < 0)
        return -EFAULT;
    t->expires = value ? timer_expiry(t, &nv.value, value, flags) : 0;
    t->interval = value ? interval : 0;
    t->overrun = 0;
    return 0;
}

long sys_timer_getoverrun(int id)
{
    struct posix_timer *t = timer_find(id);
    return t ? t->last_overrun : -EINVAL;
}

long sys_timer_delete(int id)
{
    struct posix_timer *t = timer_find(id);
    if (!t)
        return -EINVAL;
    t->used = 0;
    t->expires = 0;
    return 0;
}
