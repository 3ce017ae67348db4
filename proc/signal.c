/*
 * proc/signal.c - sending and delivering signals.
 *
 * Sending only sets a bit in the target's pending set (and wakes it if
 * it sleeps).  The signal acts when the target next returns to user
 * space (signal_deliver, called at the end of trap()): either the
 * default action (end the process, or nothing) or a call of the
 * program's handler, arranged by building a signal frame on the user
 * stack (proc/sigframe.c).
 */
#include "proc/signal.h"
#include "proc/pgrp.h"
#include "proc/proc.h"
#include "proc/syscalls.h"
#include "proc/sched.h"
#include "kernel/errno.h"
#include "kernel/syscall.h"
#include "kernel/trap.h"
#include "mm/uaccess.h"
#include "lib/string.h"

#define SIGBIT(sig)  (1ull << ((sig) - 1))
#define UNBLOCKABLE  (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
#define SA_NODEFER   0x40000000u
#define SA_RESETHAND 0x80000000u
#define SIG_BLOCK    0
#define SIG_UNBLOCK  1
#define SIG_SETMASK  2

int sigframe_setup(struct trapframe *tf, int sig, const struct k_sigaction *act,
                   const struct sig_origin *origin, uint64_t old_mask);  /* proc/sigframe.c */

/* Signals whose default action is to do nothing (signal(7)).  SIGCONT's
 * work (continuing) is done when it is sent (proc/sigstop.c). */
static int default_ignored(int sig)
{
    return sig == SIGCHLD || sig == SIGCONT || sig == 23 /* URG */ ||
           sig == 28 /* WINCH */;
}

/* Signals whose default action also dumps core (signal(7) "Core"). */
static int default_core(int sig)
{
    return sig == SIGQUIT || sig == SIGILL || sig == SIGTRAP || sig == SIGABRT ||
           sig == SIGBUS || sig == SIGFPE || sig == SIGSEGV ||
           sig == 24 /* XCPU */ || sig == 25 /* XFSZ */ || sig == 31 /* SYS */;
}

/* The wait status of a process killed by sig.  Linux sets the core bit
 * (0x80, WCOREDUMP) when it wrote a core file, which it does only if
 * RLIMIT_CORE allows one (the default soft limit is 0).  Pagoda writes
 * no core file, but sets the bit under the same rule, so that a shell
 * prints "(core dumped)" exactly when Linux's would. */
static int killed_status(int sig)
{
    if (default_core(sig) && rlimit_cur(current, RLIMIT_CORE) != 0)
        return sig | 0x80;
    return sig;
}

static int is_ignored(const struct proc *p, int sig)
{
    uint32_t h = p->sig.action[sig].handler;
    return h == SIG_IGN || (h == SIG_DFL && default_ignored(sig));
}

void signal_send_from(struct proc *p, int sig, struct sig_origin origin)
{
    if (p->state == PROC_ZOMBIE || p->state == PROC_UNUSED)
        return;
    if (sig == SIGCONT)
        signal_continue(p);            /* even if blocked or ignored */
    else if (sig_default_stops(sig))
        p->sig.pending &= ~SIGBIT(SIGCONT);
    if (sig == SIGKILL && p->state == PROC_STOPPED)
        sched_make_runnable(p);        /* so that it can die */
    if (is_ignored(p, sig) && !(p->sig.blocked & SIGBIT(sig)))
        return;                        /* discarded at once, as Linux */
    if (p->pid == 1 && p->sig.action[sig].handler == SIG_DFL && origin.code <= 0)
        return;                        /* init ignores kill() unless it has a handler */
    p->sig.pending |= SIGBIT(sig);
    p->sig.origin[sig] = origin;
    if (p->state == PROC_SLEEPING && !(p->sig.blocked & SIGBIT(sig)))
        sched_make_runnable(p);        /* its sleep_on returns -EINTR */
}

void signal_send(struct proc *p, int sig)
{
    struct sig_origin o = { .code = SI_USER, .pid = current ? current->pid : 0 };
    signal_send_from(p, sig, o);
}

void signal_force(struct proc *p, int sig, int code, uint32_t addr)
{
    if ((p->sig.blocked & SIGBIT(sig)) || p->sig.action[sig].handler == SIG_IGN)
        p->sig.action[sig].handler = SIG_DFL;
    p->sig.blocked &= ~SIGBIT(sig);
    struct sig_origin o = { .code = code, .addr = addr };
    signal_send_from(p, sig, o);
}

int signal_pending(struct proc *p)
{
    return (p->sig.pending & ~p->sig.blocked) != 0;
}

void signal_mask_set_temporarily(uint64_t mask)
{
    current->sig.saved_blocked = current->sig.blocked;
    current->sig.blocked = mask & ~UNBLOCKABLE;
}

void signal_mask_restore(int interrupted)
{
    if (interrupted)
        current->sig.restore_saved = 1;      /* signal_deliver restores it */
    else
        current->sig.blocked = current->sig.saved_blocked;
}

int signal_dequeue(uint64_t mask, struct sig_origin *origin)
{
    uint64_t ready = current->sig.pending & mask;
    if (!ready)
        return 0;
    int sig = __builtin_ctzll(ready) + 1;
    current->sig.pending &= ~SIGBIT(sig);
    if (origin)
        *origin = current->sig.origin[sig];
    return sig;
}

int signal_ignored_or_blocked(const struct proc *p, int sig)
{
    return p->sig.action[sig].handler == SIG_IGN || (p->sig.blocked & SIGBIT(sig));
}

void signal_exec_reset(struct signals *s)
{
    for (int sig = 1; sig <= NSIG; sig++)
        if (s->action[sig].handler != SIG_IGN)
            s->action[sig] = (struct k_sigaction){ 0 };
    s->altstack_sp = s->altstack_size = 0;   /* the old stack is gone */
}

void signal_deliver(struct trapframe *tf)
{
    struct signals *s = &current->sig;
    uint64_t ready;
    while ((ready = s->pending & ~s->blocked) != 0) {
        int sig = __builtin_ctzll(ready) + 1;
        s->pending &= ~SIGBIT(sig);
        struct k_sigaction *act = &s->action[sig];
        if (is_ignored(current, sig))
            continue;
        if (act->handler == SIG_DFL && sig_default_stops(sig)) {
            /* A group nobody can continue ignores the terminal's stops
             * (POSIX; Linux's get_signal). */
            if (sig == SIGSTOP || !pgrp_is_orphaned(current->pgid))
                signal_stop(sig);
            continue;
        }
        if (act->handler == SIG_DFL)
            do_exit(killed_status(sig));
        syscall_restart_or_eintr(tf, act);      /* before the frame saves eax, eip */
        uint64_t old = s->restore_saved ? s->saved_blocked : s->blocked;
        s->restore_saved = 0;
        if (sigframe_setup(tf, sig, act, &s->origin[sig], old) < 0)
            do_exit(SIGSEGV);          /* no room for the frame */
        s->blocked |= act->mask | ((act->flags & SA_NODEFER) ? 0 : SIGBIT(sig));
        s->blocked &= ~UNBLOCKABLE;
        if (act->flags & SA_RESETHAND)
            act->handler = SIG_DFL;
        return;                        /* one handler per return */
    }
    syscall_restart_or_eintr(tf, NULL);     /* no handler ran: restart */
    if (s->restore_saved) {            /* sigsuspend woke without a handler */
        s->blocked = s->saved_blocked;
        s->restore_saved = 0;
    }
}

/* ---- system calls ------------------------------------------------------ */

static int valid_signal(int sig)
{
    return sig >= 1 && sig <= NSIG;
}

/* kill's targets: pid > 0 one process, 0 the caller's group, -1 all but
 * init, < -1 the group -pid.  Signal 0 only checks they exist. */
long sys_kill(int pid, int sig)
{
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    int found = 0;
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proc_table[i];
        if (p->state == PROC_UNUSED)
            continue;
        int match = pid > 0 ? p->pid == pid :
                    pid == -1 ? p->pid > 1 :
                    p->pgid == (pid == 0 ? current->pgid : -pid);
        if (!match)
            continue;
        found = 1;
        if (sig)
            signal_send(p, sig);
    }
    return found ? 0 : -ESRCH;
}

long sys_tkill(int tid, int sig)
{
    if (tid <= 0 || sig < 0 || sig > NSIG)
        return -EINVAL;
    struct proc *p = proc_find(tid);
    if (!p)
        return -ESRCH;
    struct sig_origin o = { .code = SI_TKILL, .pid = current->pid };
    if (sig)
        signal_send_from(p, sig, o);
    return 0;
}

long sys_tgkill(int tgid, int tid, int sig)
{
    (void)tgid;
    return sys_tkill(tid, sig);
}

long sys_rt_sigaction(int sig, const struct k_sigaction *act,
                      struct k_sigaction *oact, uint32_t setsize)
{
    if (setsize != 8 || !valid_signal(sig))
        return -EINVAL;
    struct k_sigaction old = current->sig.action[sig], new;
    if (act) {
        if (sig == SIGKILL || sig == SIGSTOP)
            return -EINVAL;
        if (copy_from_user(&new, act, sizeof(new)) < 0)
            return -EFAULT;
    }
    if (oact && copy_to_user(oact, &old, sizeof(old)) < 0)
        return -EFAULT;
    if (act) {
        current->sig.action[sig] = new;
        if (is_ignored(current, sig))
            current->sig.pending &= ~SIGBIT(sig);
    }
    return 0;
}

long sys_rt_sigprocmask(int how, const uint64_t *set, uint64_t *oset, uint32_t setsize)
{
    if (setsize != 8)
        return -EINVAL;
    uint64_t old = current->sig.blocked, mask;
    if (set) {
        if (copy_from_user(&mask, set, sizeof(mask)) < 0)
            return -EFAULT;
        if (how == SIG_BLOCK)
            current->sig.blocked |= mask;
        else if (how == SIG_UNBLOCK)
            current->sig.blocked &= ~mask;
        else if (how == SIG_SETMASK)
            current->sig.blocked = mask;
        else
            return -EINVAL;
        current->sig.blocked &= ~UNBLOCKABLE;
    }
    if (oset && copy_to_user(oset, &old, sizeof(old)) < 0)
        return -EFAULT;
    return 0;
}

/* The signals that are pending but blocked. */
long sys_rt_sigpending(uint64_t *uset, uint32_t setsize)
{
    if (setsize != 8)
        return -EINVAL;
    uint64_t set = current->sig.pending & current->sig.blocked;
    return copy_to_user(uset, &set, sizeof(set));
}

/* Sleep until a signal is delivered. */
long sys_pause(void)
{
    while (sleep_on(&current->sig) == 0)
        ;
    return -EINTR;
}

/* Wait with a temporary mask until a signal is delivered; the old mask
 * comes back after the handler (signal_deliver). */
long sys_rt_sigsuspend(const uint64_t *umask, uint32_t setsize)
{
    uint64_t mask;
    if (setsize != 8)
        return -EINVAL;
    if (copy_from_user(&mask, umask, sizeof(mask)) < 0)
        return -EFAULT;
    current->sig.saved_blocked = current->sig.blocked;
    current->sig.restore_saved = 1;
    current->sig.blocked = mask & ~UNBLOCKABLE;
    while (sleep_on(&current->sig) == 0)
        ;
    return -EINTR;
}
