/*
 * proc/proc.h - processes.
 *
 * A process is an address space (struct mm), open files, a kernel stack
 * and the saved state of its user registers.  Pagoda's kernel is not
 * preemptible: it runs with interrupts disabled, so kernel code is never
 * interrupted by another process; it gives up the CPU only by sleeping
 * (sleep_on) or when it returns to user space after a timer tick.
 */
#ifndef PROC_PROC_H
#define PROC_PROC_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/fpu.h"
#include "kernel/gdt.h"
#include "proc/cputime.h"
#include "proc/rlimit.h"
#include "proc/signal.h"

#define NPROC        64          /* process table size */
#define KSTACK_SIZE  8192        /* per-process kernel stack */
#define PROC_NAME_MAX 16         /* Linux's TASK_COMM_LEN */

enum proc_state {
    PROC_UNUSED,
    PROC_EMBRYO,                 /* being created */
    PROC_RUNNABLE,
    PROC_RUNNING,
    PROC_SLEEPING,
    PROC_STOPPED,                /* by SIGSTOP/SIGTSTP/...: until SIGCONT */
    PROC_ZOMBIE,                 /* exited, waiting for its parent's wait */
};

/* Callee-saved registers kept across a kernel context switch
 * (proc/switch.asm); the return address is on top of the stack. */
struct context {
    uint32_t edi, esi, ebx, ebp, eip;
};

struct trapframe;
struct mm;
struct fdtable;
struct inode;

/* One setitimer(2) timer: expires at this reading of its clock (ns;
 * 0 = disarmed), then re-armed interval ns later (0 = once). */
#define NR_ITIMERS 3
struct itimer {
    uint64_t expires, interval;
};
/* Live POSIX timers one process may have (Linux bounds them by
 * RLIMIT_SIGPENDING; Pagoda by this): timer_create is -EAGAIN past it. */
#define POSIX_TIMER_MAX 32
struct posix_timers;

struct proc {
    int pid;
    enum proc_state state;
    struct proc *parent;
    int pgid, sid;               /* process group and session (proc/pgrp.h) */
    int ctty;                    /* the console is its controlling terminal */
    int did_exec;                /* has exec'd since fork (setpgid's EACCES) */
    char name[PROC_NAME_MAX];    /* the program's basename (Linux's comm) */
    uint32_t personality;        /* personality(2): ADDR_NO_RANDOMIZE, ...;
                                    kept across fork and exec */
    int oom_score_adj;           /* /proc/PID/oom_score_adj, -1000..1000;
                                    kept across fork and exec */

    uint8_t *kstack;             /* bottom of the kernel stack */
    struct context *context;     /* where swtch() left this process */
    struct trapframe *tf;        /* user registers, at the top of kstack */

    struct mm *mm;               /* address space (mm/mm.h) */
    struct fdtable *files;       /* open files (fs/fdtable.h) */
    struct inode *cwd;           /* current directory */

    void *chan;                  /* what a sleeping process waits for */
    int wait_status;             /* Linux's encoding, once a zombie */
    int jobctl_report;           /* for the parent's wait: 0, a stop
                                    (sig << 8 | 0x7f) or 0xffff (continued)
                                    not yet reported (proc/sigstop.c) */
    struct signals sig;          /* handlers, pending, blocked */

    struct seg_desc tls[3];      /* GDT entries 6-8 for this process */
    uint32_t clear_child_tid;    /* set_tid_address / CLONE_CHILD_CLEARTID */
    uint64_t start_time;         /* when it was created: ns since boot */
    struct proc_usage usage;     /* its CPU time and faults (proc/cputime.h) */
    struct proc_usage cusage;    /* those of its waited-for children */
    uint64_t cputime_mark;       /* when its CPU time was last charged */
    struct itimer itimer[NR_ITIMERS];   /* setitimer, alarm (proc/itimer.c) */
    struct posix_timers *ptimers;       /* timer_create's (proc/posix_timer.c) */
    uint64_t wake_at;            /* sleep_on_until(): woken at this ns; 0 = none */
    struct rlimit64 rlim[RLIM_NLIMITS];   /* getrlimit: copied by fork (proc/rlimit.h) */
    uint8_t fpu[512] __attribute__((aligned(16)));   /* fxsave area */
};

extern struct proc *current;     /* the process running on the CPU */
extern struct proc proc_table[NPROC];

/* The process with `pid`, or NULL (zombies included). */
struct proc *proc_find(int pid);
/* A fresh slot with a pid and a kernel stack ready for its first run
 * (through trap_return into user space), or NULL if the table is full. */
struct proc *proc_alloc(void);
/* Free a reaped zombie's slot and kernel stack. */
void proc_free(struct proc *p);
/* Set p->name to the last component of `path`. */
void proc_set_name(struct proc *p, const char *path);
/* The pid handed out most recently (0 before the first): /proc/loadavg's
 * last pid, and /proc/stat's count of processes created since boot. */
int proc_last_pid(void);

/* execve's limits, Linux's with the 8 MiB stack limit (fs/exec.c,
 * bprm_stack_limits): the argument and environment strings and their
 * pointers together fill at most a quarter of the stack (2 MiB), and no
 * one string is longer than 32 pages (MAX_ARG_STRLEN); else -E2BIG. */
#define EXEC_ARGS_LIMIT  (2u << 20)
#define MAX_ARG_STRLEN   (32u * 4096)

/* proc/time.c: the wall clock and sleeping. */
void time_init(void);
/* On every tick (interrupt context): send the setitimer/alarm signals
 * that are due (proc/itimer.c). */
void itimer_tick(void);
/* On every tick: fire the POSIX timers that are due; at exec and exit,
 * delete p's (proc/posix_timer.c). */
void posix_timer_tick(void);
void posix_timers_free(struct proc *p);
struct timespec32;
/* The ktime (ns since boot) at which a timeout ends: *ts from now, or,
 * when absolute, the moment clock clk (CLOCK_REALTIME or CLOCK_MONOTONIC)
 * reads *ts.  *ts must already be a valid timespec. */
uint64_t time_deadline(int clk, const struct timespec32 *ts, int absolute);
/* Make runnable every process whose sleep_on_until() deadline has come. */
void sched_wake_expired(uint64_t now);

/* proc/init.c, proc/exec.c, proc/exit.c */
/* Start the first user process, `path` with `argv`, and run the
 * scheduler forever. */
void start_init(const char *path, char *const argv[]) __attribute__((noreturn));
/* execve with kernel-space arguments; 0 or -errno (then nothing changed). */
int do_execve(const char *path, char *const argv[], char *const envp[]);
/* End the current process with a wait status (Linux encoding). */
void do_exit(int wait_status) __attribute__((noreturn));

#endif
