/*
 * libc/signal.c - signal handling: sigaction, signal, sigprocmask, raise
 * and the sigset_t helpers.
 */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "libc/libc.h"

/* libc/sigreturn.asm: where handlers return to. */
void __restore(void);
void __restore_rt(void);

/* The kernel's struct sigaction for rt_sigaction: 20 bytes, in this
 * order (ours has the fields in the order POSIX programs expect). */
struct kernel_sigaction {
    void *handler;
    unsigned long flags;
    void (*restorer)(void);
    sigset_t mask;
};

/* Install a new action for sig and/or fetch the old one.  We always pass
 * our own restorer, so a handler's "ret" leads to sigreturn: the plain
 * one for ordinary handlers, the rt one for SA_SIGINFO handlers. */
int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    struct kernel_sigaction kact, kold;
    if (act) {
        kact.handler = (void *)act->sa_handler;
        kact.flags = act->sa_flags | SA_RESTORER;
        kact.restorer = (act->sa_flags & SA_SIGINFO) ? __restore_rt : __restore;
        kact.mask = act->sa_mask;
    }
    long r = __sysret(sys4(SYS_rt_sigaction, sig, act ? (long)&kact : 0,
                           old ? (long)&kold : 0, sizeof(sigset_t)));
    if (r == 0 && old) {
        old->sa_handler = (void (*)(int))kold.handler;
        old->sa_flags = kold.flags;
        old->sa_restorer = kold.restorer;
        old->sa_mask = kold.mask;
    }
    return r;
}

/* The simple interface: set a handler (or SIG_DFL / SIG_IGN) and return
 * the previous one.  Like glibc, interrupted system calls restart. */
sighandler_t signal(int sig, sighandler_t handler)
{
    struct sigaction act = { .sa_handler = handler, .sa_flags = SA_RESTART };
    struct sigaction old = { .sa_handler = SIG_DFL };
    if (sigaction(sig, &act, &old) < 0)
        return SIG_ERR;
    return old.sa_handler;
}

/* Block, unblock or set the set of blocked signals. */
int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    return __sysret(sys4(SYS_rt_sigprocmask, how, (long)set, (long)old,
                         sizeof(sigset_t)));
}

/* Wait for a signal with mask as the blocked set, atomically: returns
 * -1 with EINTR once a handler has run, and the old mask is back. */
int sigsuspend(const sigset_t *mask)
{
    return __sysret(sys2(SYS_rt_sigsuspend, (long)mask, sizeof(sigset_t)));
}

/* The signals that are blocked and waiting to be delivered. */
int sigpending(sigset_t *set)
{
    return __sysret(sys2(SYS_rt_sigpending, (long)set, sizeof(sigset_t)));
}

/* Sleep until a signal handler runs (or the process dies). */
int pause(void)
{
    return __sysret(sys0(SYS_pause));
}

/* Ask for a SIGALRM in `seconds` (0 cancels); returns the seconds that
 * were left on the previous alarm. */
unsigned int alarm(unsigned int seconds)
{
    return sys1(SYS_alarm, seconds);
}

/* Send a signal to ourselves. */
int raise(int sig)
{
    return kill(getpid(), sig);
}

/* Is sig a valid signal number (1..64)? Sets errno if not. */
static int valid(int sig)
{
    if (sig < 1 || sig >= NSIG) {
        errno = EINVAL;
        return 0;
    }
    return 1;
}

/* The empty set. */
int sigemptyset(sigset_t *set)
{
    *set = 0;
    return 0;
}

/* The set of every signal. */
int sigfillset(sigset_t *set)
{
    *set = ~0ULL;
    return 0;
}

/* Add sig (bit sig-1) to the set. */
int sigaddset(sigset_t *set, int sig)
{
    if (!valid(sig))
        return -1;
    *set |= 1ULL << (sig - 1);
    return 0;
}

/* Remove sig from the set. */
int sigdelset(sigset_t *set, int sig)
{
    if (!valid(sig))
        return -1;
    *set &= ~(1ULL << (sig - 1));
    return 0;
}

/* 1 if sig is in the set, 0 if not, -1 for a bad signal number. */
int sigismember(const sigset_t *set, int sig)
{
    if (!valid(sig))
        return -1;
    return (*set >> (sig - 1)) & 1;
}
