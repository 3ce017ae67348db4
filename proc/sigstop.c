/*
 * proc/sigstop.c - stopping and continuing: the job-control half of
 * signals (signal(7): "Stop" and "Cont" default actions).
 *
 * A stop signal whose action is the default (SIGSTOP always) stops the
 * process when it is delivered: signal_deliver calls signal_stop, which
 * leaves it PROC_STOPPED, off the run queue.  The parent learns of it
 * twice, as on Linux: a SIGCHLD with si_code CLD_STOPPED (unless its
 * handler asked for SA_NOCLDSTOP), and a report that wait4 with
 * WUNTRACED (or waitid with WSTOPPED) returns once.
 *
 * SIGCONT acts when it is sent, not when it is delivered: the process is
 * made runnable at once even if it blocks or ignores SIGCONT, and its
 * pending stop signals are dropped; a stop signal sent later drops a
 * pending SIGCONT in turn.  The parent then hears CLD_CONTINUED and
 * wait's WCONTINUED report.  SIGKILL also wakes a stopped process, so it
 * can die.
 */
#include "proc/signal.h"
#include "proc/pgrp.h"
#include "proc/proc.h"
#include "proc/sched.h"

#define SIGBIT(sig)   (1ull << ((sig) - 1))
#define STOP_SIGNALS  (SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))
#define SA_NOCLDSTOP  0x1u
#define W_STOPCODE(sig)  (((sig) << 8) | 0x7f)
#define W_CONTINUED      0xffff

int sig_default_stops(int sig)
{
    return sig >= 1 && sig <= NSIG && (STOP_SIGNALS & SIGBIT(sig)) != 0;
}

/* Tell p's parent that p stopped or continued (code CLD_STOPPED or
 * CLD_CONTINUED), as wait and SIGCHLD report it. */
static void notify_parent(struct proc *p, int code, int sig)
{
    struct proc *parent = p->parent;
    p->jobctl_report = code == CLD_STOPPED ? W_STOPCODE(sig) : W_CONTINUED;
    if (!parent)
        return;
    if (!(parent->sig.action[SIGCHLD].flags & SA_NOCLDSTOP)) {
        struct sig_origin o = { .code = code, .pid = p->pid, .status = sig };
        signal_send_from(parent, SIGCHLD, o);
    }
    wakeup(parent);                    /* a wait4 with WUNTRACED returns */
}

void signal_stop(int sig)
{
    struct proc *p = current;
    p->sig.pending &= ~SIGBIT(SIGCONT);
    notify_parent(p, CLD_STOPPED, sig);
    sched_stop();                      /* returns after SIGCONT or SIGKILL */
}

void signal_continue(struct proc *p)
{
    p->sig.pending &= ~STOP_SIGNALS;
    if (p->state != PROC_STOPPED)
        return;
    sched_make_runnable(p);
    notify_parent(p, CLD_CONTINUED, SIGCONT);
}
