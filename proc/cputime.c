/*
 * proc/cputime.c - CPU-time accounting, and the calls that report it:
 * times(), getrusage(), and the rusage wait4 fills in (proc/exit.c).
 *
 * Each process has a mark, the clock time when its time was last
 * charged.  Every edge moves the mark and charges what lay behind it:
 *
 *     user mode --trap/interrupt/int 0x80--> kernel    charge user time
 *     kernel --return to user mode-------->  user      charge system time
 *     kernel --sched(): sleep, yield, exit-> other     charge system time
 *     other --scheduler picks it---------->  kernel    mark = now
 *
 * The kernel is not preemptible and interrupts are off in it, so nothing
 * else can run between two edges: every nanosecond a process is on the
 * CPU is charged to it exactly once.  The scheduler's idle halt is idle
 * time.  A zombie's times are final (it charged them in its last
 * sched()), and its parent adds them to its children's times at reap,
 * as Linux does: only waited-for children count.
 */
#include "proc/cputime.h"
#include "proc/proc.h"
#include "proc/syscalls.h"
#include "kernel/errno.h"
#include "kernel/timer.h"
#include "kernel/tsc.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

#define RUSAGE_SELF      0
#define RUSAGE_CHILDREN  (-1)
#define RUSAGE_THREAD    1         /* one thread per process: same as SELF */
/* times() counts from Linux's INITIAL_JIFFIES, 300 s before the 32-bit
 * tick counter wraps, so that wrap bugs show up five minutes after boot
 * (include/linux/jiffies.h; times(2): "(2^32/HZ) - 300 seconds before
 * system boot time"). */
#define INITIAL_JIFFIES  ((uint32_t)-300 * HZ)

static uint64_t total_user, total_idle;

/* Charge the time since p's mark to its user or system time. */
static void charge(struct proc *p, int user)
{
    uint64_t now = ktime_get_ns(), ns = now - p->cputime_mark;
    p->cputime_mark = now;
    if (user) {
        p->usage.utime += ns;
        total_user += ns;
    } else {
        p->usage.stime += ns;
    }
}

void cputime_kernel_entry(void)
{
    if (current)
        charge(current, 1);
}

void cputime_kernel_exit(void)
{
    if (current)
        charge(current, 0);
}

void cputime_switch_in(struct proc *p)
{
    p->cputime_mark = ktime_get_ns();
}

void cputime_switch_out(void)
{
    charge(current, 0);
}

void cputime_idle(uint64_t ns)
{
    total_idle += ns;
}

uint64_t cputime_total_user(void) { return total_user; }
/* The one CPU was either in user mode, idle, or in the kernel: booting,
 * scheduling, or working for a process. */
uint64_t cputime_total_system(void)
{
    uint64_t busy = ktime_get_ns() - total_idle;
    return busy > total_user ? busy - total_user : 0;
}
uint64_t cputime_total_idle(void) { return total_idle; }

uint32_t ns_to_clock_t(uint64_t ns)
{
    return (uint32_t)(ns / (NSEC_PER_SEC / HZ));
}

/* Raise *max to the resident set size of mm if that is larger. */
static void note_rss(uint32_t *max, struct mm *mm)
{
    uint32_t rss = mm ? mm_resident_pages(mm) : 0;
    if (rss > *max)
        *max = rss;
}

void cputime_mm_gone(struct proc *p, struct mm *mm)
{
    if (!mm)
        return;
    p->usage.minflt += mm->counters.minor_faults;
    p->usage.majflt += mm->counters.major_faults;
    note_rss(&p->usage.maxrss, mm);
}

void cputime_self(struct proc *p, struct proc_usage *u)
{
    if (p == current)
        charge(p, 0);                      /* up to this moment */
    *u = p->usage;
    if (p->mm) {
        u->minflt += p->mm->counters.minor_faults;
        u->majflt += p->mm->counters.major_faults;
        note_rss(&u->maxrss, p->mm);
        p->usage.maxrss = u->maxrss;
    }
}

/* Add b's counts to a's (times and counters summed, maxrss the larger). */
static void usage_add(struct proc_usage *a, const struct proc_usage *b)
{
    a->utime += b->utime;
    a->stime += b->stime;
    a->minflt += b->minflt;
    a->majflt += b->majflt;
    a->nvcsw += b->nvcsw;
    a->nivcsw += b->nivcsw;
    if (b->maxrss > a->maxrss)
        a->maxrss = b->maxrss;
}

void cputime_reap(struct proc *parent, struct proc *c)
{
    usage_add(&parent->cusage, &c->usage);
    usage_add(&parent->cusage, &c->cusage);
}

/* ns as a timeval's seconds and microseconds. */
static void ns_to_timeval(uint64_t ns, int32_t *sec, int32_t *usec)
{
    *sec = (int32_t)(ns / NSEC_PER_SEC);
    *usec = (int32_t)(ns % NSEC_PER_SEC / 1000);
}

/* Fill Linux's struct rusage from a usage (the fields Pagoda has no
 * source for, like block I/O and IPC messages, stay 0). */
static void fill_rusage(const struct proc_usage *u, struct rusage32 *ru)
{
    memset(ru, 0, sizeof(*ru));
    ns_to_timeval(u->utime, &ru->utime_sec, &ru->utime_usec);
    ns_to_timeval(u->stime, &ru->stime_sec, &ru->stime_usec);
    ru->maxrss = u->maxrss * (PAGE_SIZE / 1024);
    ru->minflt = u->minflt;
    ru->majflt = u->majflt;
    ru->nvcsw = u->nvcsw;
    ru->nivcsw = u->nivcsw;
}

void cputime_child_rusage(struct proc *c, struct rusage32 *ru)
{
    struct proc_usage both = c->usage;
    usage_add(&both, &c->cusage);
    fill_rusage(&both, ru);
}

/* getrusage(who, ru): the caller's usage or its waited-for children's. */
long sys_getrusage(int who, struct rusage32 *uru)
{
    struct proc_usage u;
    struct rusage32 ru;
    if (who == RUSAGE_SELF || who == RUSAGE_THREAD)
        cputime_self(current, &u);
    else if (who == RUSAGE_CHILDREN)
        u = current->cusage;
    else
        return -EINVAL;
    fill_rusage(&u, &ru);
    return copy_to_user(uru, &ru, sizeof(ru)) < 0 ? -EFAULT : 0;
}

/* times(buf): fill buf (if not NULL) with the caller's and its children's
 * times in clock ticks; return the clock ticks since times()'s epoch.
 * The value may look like an error code (-4095..-1): on i386 the C
 * library, not the kernel, has to sort that out, as on Linux. */
long sys_times(struct tms32 *ubuf)
{
    if (ubuf) {
        struct proc_usage u;
        cputime_self(current, &u);
        struct tms32 t = {
            ns_to_clock_t(u.utime), ns_to_clock_t(u.stime),
            ns_to_clock_t(current->cusage.utime), ns_to_clock_t(current->cusage.stime),
        };
        if (copy_to_user(ubuf, &t, sizeof(t)) < 0)
            return -EFAULT;
    }
    return (long)(INITIAL_JIFFIES + timer_ticks());
}
