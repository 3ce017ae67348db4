/*
 * signal.h - signals, with Linux's numbers.  A sigset_t is the kernel's
 * own 64-bit mask: signal n is bit n-1.
 */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <sys/types.h>

#define SIGHUP     1
#define SIGINT     2
#define SIGQUIT    3
#define SIGILL     4
#define SIGTRAP    5
#define SIGABRT    6
#define SIGIOT     SIGABRT
#define SIGBUS     7
#define SIGFPE     8
#define SIGKILL    9
#define SIGUSR1   10
#define SIGSEGV   11
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGSTKFLT 16
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGTTIN   21
#define SIGTTOU   22
#define SIGURG    23
#define SIGXCPU   24
#define SIGXFSZ   25
#define SIGVTALRM 26
#define SIGPROF   27
#define SIGWINCH  28
#define SIGIO     29
#define SIGPOLL   SIGIO
#define SIGPWR    30
#define SIGSYS    31
#define SIGRTMIN  34       /* glibc keeps 32 and 33 for itself; so do we */
#define SIGRTMAX  64
#define NSIG      65       /* one more than the largest signal number */

typedef void (*sighandler_t)(int);
typedef unsigned long long sigset_t;

#define SIG_DFL ((sighandler_t)0)    /* the default action */
#define SIG_IGN ((sighandler_t)1)    /* ignore the signal */
#define SIG_ERR ((sighandler_t)-1)   /* signal() failed */

/* sa_flags */
#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO   0x00000004
#define SA_RESTORER  0x04000000  /* set by the library, not by programs */
#define SA_ONSTACK   0x08000000
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000

/* sigprocmask() how */
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* The value sigqueue and timers pass along with a signal. */
#ifndef SIGVAL_DEFINED
#define SIGVAL_DEFINED
union sigval {
    int sival_int;
    void *sival_ptr;
};
#endif

/* What a SA_SIGINFO handler learns about a signal (128 bytes). */
typedef struct {
    int si_signo;                /* signal number */
    int si_errno;
    int si_code;                 /* why: SI_USER, SEGV_MAPERR, CLD_EXITED... */
    union {
        struct {
            pid_t si_pid;        /* sender (kill) or child (SIGCHLD) */
            uid_t si_uid;
            union {
                int si_status;   /* SIGCHLD: exit code or signal */
                union sigval si_value;   /* sigqueue's (SI_QUEUE), a timer's */
            };
        };
        void *si_addr;           /* SIGSEGV, SIGBUS: the faulting address */
        int __pad[29];
    };
} siginfo_t;

#define SI_USER      0
#define SI_KERNEL    0x80
#define SI_TKILL     (-6)
#define SEGV_MAPERR  1
#define SEGV_ACCERR  2
#define BUS_ADRERR   2            /* SIGBUS: past the end of a mapped file */
#define CLD_EXITED   1
#define CLD_KILLED   2
#define CLD_DUMPED   3
#define CLD_STOPPED  5
#define CLD_CONTINUED 6

struct sigaction {
    union {
        void (*sa_handler)(int);
        void (*sa_sigaction)(int, siginfo_t *, void *);   /* with SA_SIGINFO */
    };
    sigset_t sa_mask;            /* also blocked while the handler runs */
    int sa_flags;
    void (*sa_restorer)(void);   /* filled in by the library */
};

sighandler_t signal(int sig, sighandler_t handler);
int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
int sigprocmask(int how, const sigset_t *set, sigset_t *old);
int sigsuspend(const sigset_t *mask);
int sigpending(sigset_t *set);
int kill(pid_t pid, int sig);
int raise(int sig);

int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);

/* Signal names without "SIG" ("INT", "KILL", "RTMIN+3"), as in POSIX
 * 2024: sig2str writes at most SIG2STR_MAX bytes; str2sig also takes a
 * plain number.  Both return 0 on success and -1 on failure. */
#define SIG2STR_MAX 32
int sig2str(int sig, char *name);
int str2sig(const char *name, int *sig);

#endif
