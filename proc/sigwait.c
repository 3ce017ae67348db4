/*
 * proc/sigwait.c - taking signals without a handler, and sending them
 * with data: rt_sigtimedwait (sigwait, sigwaitinfo, sigtimedwait) and
 * rt_sigqueueinfo (sigqueue).
 *
 * rt_sigtimedwait waits until one of a set of signals is pending and
 * takes it off the pending set, returning its number and its siginfo_t;
 * no handler runs.  The program normally blocks those signals first, so
 * that they stay pending; while it waits, the kernel unblocks them (as
 * Linux does) so that their arrival wakes it, and blocks them again
 * before returning.  A signal outside the set that has a handler ends
 * the wait with EINTR.
 *
 * rt_sigqueueinfo sends a signal with a siginfo_t of the sender's
 * making, which is how sigqueue passes si_value.  A process may not
 * pretend to be the kernel or kill() when signalling another process:
 * si_code must be negative (SI_QUEUE and the like) and not SI_TKILL.
 * Standard signals do not queue: a second one sent while the first is
 * pending replaces its siginfo (real-time signals queue on Linux;
 * Pagoda keeps one instance of each: a known difference).
 */
#include "proc/signal.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/syscalls.h"
#include "kernel/errno.h"
#include "mm/uaccess.h"

#define SIGBIT(sig)  (1ull << ((sig) - 1))
#define UNBLOCKABLE  (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

/* Wait for one of mask, until deadline (0: for ever); the signal or
 * -EAGAIN (time up) or -EINTR (another signal). */
static int wait_for_signal(uint64_t mask, uint64_t deadline, struct sig_origin *o)
{
    uint64_t blocked = current->sig.blocked;
    int sig;
    current->sig.blocked &= ~mask;
    for (;;) {
        if ((sig = signal_dequeue(mask, o)) != 0)
            break;
        int err = deadline ? sleep_on_until(&current->sig, deadline)
                           : sleep_on(&current->sig);
        if (err == -ETIMEDOUT || (err == -EINTR && (current->sig.pending & mask) == 0)) {
            sig = err == -ETIMEDOUT ? -EAGAIN : -EINTR;
            break;
        }
    }
    current->sig.blocked = blocked;
    return sig;
}

long sys_rt_sigtimedwait(const uint64_t *uset, void *uinfo, const struct timespec32 *uts,
                         uint32_t setsize)
{
    uint64_t mask;
    struct timespec32 ts;
    uint64_t deadline = 0;
    if (setsize != sizeof(mask))
        return -EINVAL;
    if (copy_from_user(&mask, uset, sizeof(mask)) < 0)
        return -EFAULT;
    mask &= ~UNBLOCKABLE;
    if (uts) {
        if (copy_from_user(&ts, uts, sizeof(ts)) < 0)
            return -EFAULT;
        if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
            return -EINVAL;
        deadline = time_deadline(1 /* CLOCK_MONOTONIC */, &ts, 0);
    }
    struct sig_origin o;
    int sig = signal_dequeue(mask, &o);
    if (!sig && uts && ts.sec == 0 && ts.nsec == 0)
        return -EAGAIN;                /* a poll: do not wait */
    if (!sig)
        sig = wait_for_signal(mask, deadline, &o);
    if (sig > 0 && uinfo && siginfo_to_user(uinfo, sig, &o) < 0)
        return -EFAULT;
    return sig;
}

/* The fields of the sender's siginfo_t that travel (the _rt member). */
struct queued_info {
    int32_t signo, errno_, code;
    int32_t pid;
    uint32_t uid;
    uint32_t value;
    uint8_t pad[128 - 24];
};

long sys_rt_sigqueueinfo(int pid, int sig, const struct queued_info *uinfo)
{
    struct queued_info info;
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    if (copy_from_user(&info, uinfo, sizeof(info)) < 0)
        return -EFAULT;
    struct proc *p = proc_find(pid);
    if (!p || p->state == PROC_ZOMBIE)
        return -ESRCH;
    if ((info.code >= 0 || info.code == SI_TKILL) && p != current)
        return -EPERM;
    if (sig) {
        struct sig_origin o = { .code = info.code, .pid = info.pid, .value = info.value };
        signal_send_from(p, sig, o);
    }
    return 0;
}
