/*
 * proc/signal.h - signals: Linux's numbers and default actions.
 */
#ifndef PROC_SIGNAL_H
#define PROC_SIGNAL_H

#include <stdint.h>

#define NSIG      64
#define SIGHUP     1
#define SIGINT     2
#define SIGQUIT    3
#define SIGILL     4
#define SIGTRAP    5
#define SIGABRT    6
#define SIGBUS     7
#define SIGFPE     8
#define SIGKILL    9
#define SIGUSR1   10
#define SIGSEGV   11
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGTTIN   21
#define SIGTTOU   22

#define SIG_DFL   0u
#define SIG_IGN   1u

/* The kernel's struct sigaction for rt_sigaction (20 bytes on i386). */
struct k_sigaction {
    uint32_t handler;
    uint32_t flags;
    uint32_t restorer;
    uint64_t mask;
} __attribute__((packed));

/* si_code values (Linux's). */
#define SI_USER      0         /* kill() */
#define SI_KERNEL    0x80
#define SI_TKILL     (-6)      /* tkill(), tgkill(), raise() */
#define SI_TIMER     (-2)      /* a POSIX timer expired */
#define SI_QUEUE     (-1)      /* sigqueue(), rt_sigqueueinfo() */
#define SEGV_MAPERR  1         /* no region at the address */
#define SEGV_ACCERR  2         /* the region forbids the access */
#define BUS_ADRERR   2         /* SIGBUS: no such address in the object (past EOF) */
#define CLD_EXITED   1
#define CLD_KILLED   2
#define CLD_DUMPED   3         /* killed, and the core bit set */
#define CLD_STOPPED  5
#define CLD_CONTINUED 6

/* Why a pending signal was sent: what the handler's siginfo_t shows. */
struct sig_origin {
    int32_t code;              /* si_code */
    int32_t pid;               /* sender (kill, SIGCHLD: the child) */
    uint32_t addr;             /* faults: the address */
    int32_t status;            /* SIGCHLD: exit code or signal */
    uint32_t value;            /* si_value: rt_sigqueueinfo's, a POSIX timer's */
    int32_t timer_id;          /* SI_TIMER: which timer */
    int32_t overrun;           /* SI_TIMER: expirations missed */
};

struct signals {
    struct k_sigaction action[NSIG + 1];   /* indexed by signal number */
    struct sig_origin origin[NSIG + 1];    /* of each pending signal */
    uint64_t pending;                      /* bit sig-1 */
    uint64_t blocked;
    uint64_t saved_blocked;                /* rt_sigsuspend's mask to restore */
    int restore_saved;                     /* ...after the next handler */
    int restart;                           /* the call just interrupted may
                                              restart: RESTART_* (proc/sigrestart.c) */
    uint32_t restart_nr;                   /* ...and its number */
    uint32_t altstack_sp, altstack_size;   /* sigaltstack; size 0 = none */
};

struct proc;

struct trapframe;

/* Post `sig` to `p`; it acts when p next returns to user space.  The
 * origin is SI_USER from the current process (kill's). */
void signal_send(struct proc *p, int sig);
/* The same with an explicit origin (what siginfo_t will say). */
void signal_send_from(struct proc *p, int sig, struct sig_origin origin);
/* A fault's signal (SIGSEGV, SIGILL, ...): delivered even if the program
 * blocked or ignored it, since returning would only fault again. */
void signal_force(struct proc *p, int sig, int code, uint32_t addr);
/* On the way back to user space: act on pending signals (run a handler,
 * or the default action, which may end the process). */
void signal_deliver(struct trapframe *tf);
/* exec: handlers go back to SIG_DFL, ignored signals stay ignored. */
void signal_exec_reset(struct signals *s);
/* proc/sigrestart.c: restarting a call a signal interrupted. */
/* syscall_dispatch: call nr returned -EINTR; note whether it may be
 * restarted once the signal has been dealt with. */
void syscall_note_eintr(uint32_t nr);
/* signal_deliver, before a handler's frame is built (act) or when no
 * handler runs (NULL): restart the noted call, by backing up to its int
 * $0x80 with eax = its number, or leave -EINTR in eax. */
void syscall_restart_or_eintr(struct trapframe *tf, const struct k_sigaction *act);

/* Write the 128-byte siginfo_t for sig sent with origin to user memory
 * (proc/sigframe.c); 0 or -EFAULT. */
int siginfo_to_user(void *uinfo, int sig, const struct sig_origin *origin);

/* proc/sigaltstack.c: the alternate signal stack. */
/* Where a handler with sa_flags should have its frame built, for a
 * program whose stack pointer is esp: the top of the alternate stack
 * for SA_ONSTACK handlers (unless already on it), else esp. */
uint32_t signal_stack_top(uint32_t esp, uint32_t sa_flags);
/* The alternate stack as a handler's ucontext shows it (uc_stack). */
void sigaltstack_describe(uint32_t esp, uint32_t *sp, int32_t *flags, uint32_t *size);
int sigaltstack_flags(uint32_t esp);

/* proc/sigstop.c: job control's stop and continue. */
/* Is stopping the default action of sig (SIGSTOP, SIGTSTP, SIGTTIN,
 * SIGTTOU)? */
int sig_default_stops(int sig);
/* The current process stops on `sig`: tell the parent (SIGCHLD with
 * CLD_STOPPED, a report for wait's WUNTRACED) and leave the CPU until
 * SIGCONT or SIGKILL comes. */
void signal_stop(int sig);
/* Sending SIGCONT to p: it continues at once (whatever its handler),
 * and its pending stop signals are dropped; the parent hears
 * CLD_CONTINUED if p had stopped. */
void signal_continue(struct proc *p);
/* Is a signal pending that would interrupt a sleep? */
int signal_pending(struct proc *p);
/* Take the lowest-numbered pending signal in `mask` off current's
 * pending set, filling *origin (if not NULL) with why it was sent:
 * rt_sigtimedwait and signalfd read signals this way instead of having
 * a handler run.  Returns the signal number, or 0 if none is pending. */
int signal_dequeue(uint64_t mask, struct sig_origin *origin);
/* pselect6/ppoll/epoll_pwait: block `mask` instead of the current mask
 * while the call waits; signal_mask_restore(interrupted) puts the old
 * mask back, at once or (when a signal interrupted the wait) after its
 * handler has run with the temporary mask, as Linux does. */
void signal_mask_set_temporarily(uint64_t mask);
void signal_mask_restore(int interrupted);
/* Does p set sig to SIG_IGN or block it?  The terminal then does not
 * send SIGTTIN/SIGTTOU (Linux's is_ignored in drivers/tty/tty_jobctrl.c). */
int signal_ignored_or_blocked(const struct proc *p, int sig);

#endif
