/*
 * proc/cputime.h - where the CPU's time goes: each process's user and
 * system time, the idle time, and what getrusage/times/wait4 report.
 *
 * Time is charged at the edges of kernel mode (as Linux's
 * VIRT_CPU_ACCOUNTING_GEN does), not sampled at timer ticks: a program
 * runs in user mode from the moment it returns from the kernel until its
 * next trap, interrupt or system call, and in the kernel from then until
 * it returns or gives up the CPU.  The clock is kernel/tsc.h's, in
 * nanoseconds.
 */
#ifndef PROC_CPUTIME_H
#define PROC_CPUTIME_H

#include <stdint.h>

struct proc;

/* What one process used (proc->usage), or the waited-for children of one
 * process, summed (proc->cusage). */
struct proc_usage {
    uint64_t utime, stime;         /* ns in user mode, in the kernel */
    uint32_t minflt, majflt;       /* page faults of address spaces gone
                                      (exec'd away, exited) */
    uint32_t nvcsw, nivcsw;        /* voluntary, involuntary context switches */
    uint32_t maxrss;               /* largest resident set seen, pages */
};

/* Linux's i386 struct rusage (72 bytes) and struct tms (16 bytes). */
struct rusage32 {
    int32_t utime_sec, utime_usec, stime_sec, stime_usec;
    int32_t maxrss, ixrss, idrss, isrss, minflt, majflt, nswap;
    int32_t inblock, oublock, msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};
struct tms32 {
    int32_t utime, stime, cutime, cstime;
};

/* The two edges of kernel mode, from trap(): on entry from user mode
 * (user time ends) and just before returning to it (system time ends). */
void cputime_kernel_entry(void);
void cputime_kernel_exit(void);
/* The scheduler: p starts running now; current stops running now. */
void cputime_switch_in(struct proc *p);
void cputime_switch_out(void);
/* The CPU was idle (halted, nobody to run) for ns. */
void cputime_idle(uint64_t ns);

/* Before p's address space mm goes (exec, exit): keep its fault counts
 * and its resident set size in p->usage. */
struct mm;
void cputime_mm_gone(struct proc *p, struct mm *mm);
/* p's own usage, the live address space included. */
void cputime_self(struct proc *p, struct proc_usage *u);
/* At reap (wait4): add child c's usage and its children's to the
 * parent's cusage (Linux's wait_task_zombie). */
void cputime_reap(struct proc *parent, struct proc *c);
/* The rusage wait4 reports for child c: its own plus its children's. */
void cputime_child_rusage(struct proc *c, struct rusage32 *ru);

/* System-wide totals since boot, in ns: /proc/stat and /proc/uptime.
 * System time is all the rest of the uptime (boot and scheduling too). */
uint64_t cputime_total_user(void);
uint64_t cputime_total_system(void);
uint64_t cputime_total_idle(void);

/* Nanoseconds as clock ticks (USER_HZ = 100): /proc and times(). */
uint32_t ns_to_clock_t(uint64_t ns);

#endif
