/*
 * proc/exit.c - exit and wait.
 *
 * An exiting process frees everything it can at once (memory, files) and
 * becomes a zombie: a slot holding only its pid and wait status, until
 * the parent collects them with wait4.  Children of an exiting process
 * are handed to init (pid 1), which reaps them.  When init itself exits,
 * there is nothing left to run: the kernel powers off.
 */
#include "proc/pgrp.h"
#include "proc/proc.h"
#include "proc/syscalls.h"
#include "proc/sched.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/power.h"
#include "kernel/syscall.h"
#include "mm/mm.h"
#include "mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/fdtable.h"

#define WNOHANG     0x00000001
#define WUNTRACED   0x00000002
#define WSTOPPED    WUNTRACED   /* waitid's name for it */
#define WEXITED     0x00000004
#define WCONTINUED  0x00000008
#define WNOWAIT     0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL      0x40000000
#define __WCLONE    0x80000000
#define WAIT_OPTIONS (WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE)
#define WAITID_OPTIONS (WAIT_OPTIONS | WEXITED | WNOWAIT)
#define P_ALL  0
#define P_PID  1
#define P_PGID 2
#define INT_MIN     (-2147483647 - 1)

/* Wait-status encoding, as Linux's kernel/exit.c makes it and wait(2)'s
 * macros read it. */
#define W_EXITCODE(code)   (((code) & 0xff) << 8)
#define W_EXITED(st)       (((st) & 0x7f) == 0)
#define W_STATUS(st)       (((st) >> 8) & 0xff)
#define W_TERMSIG(st)      ((st) & 0x7f)
#define W_CONTINUED        0xffff

/* pid 1 is gone: report how, and switch the machine off with its status. */
static void init_exited(int st)
{
    if (W_EXITED(st)) {
        kprintf("init exited with status %d\n", W_STATUS(st));
        power_off(W_STATUS(st) > POWER_STATUS_MAX ? POWER_STATUS_MAX : W_STATUS(st));
    }
    kprintf("init killed by signal %d\n", W_TERMSIG(st));
    power_off(POWER_STATUS_MAX);
}

/* Give p's children to init, waking init if one is already a zombie. */
static void reparent_children(struct proc *p)
{
    struct proc *init = proc_find(1);
    for (int i = 0; i < NPROC; i++) {
        struct proc *c = &proc_table[i];
        if (c->state == PROC_UNUSED || c->parent != p)
            continue;
        c->parent = init;
        if (c->state == PROC_ZOMBIE)
            wakeup(init);
    }
}

void do_exit(int wait_status)
{
    struct proc *p = current;
    if (p->pid == 1)
        init_exited(wait_status);
    if (p->files) {
        fdtable_destroy(p->files);
        p->files = NULL;
    }
    posix_timers_free(p);
    if (p->cwd) {
        inode_put(p->cwd);
        p->cwd = NULL;
    }
    pgdir_switch(kernel_pgdir);        /* stop using the pages we free */
    cputime_mm_gone(p, p->mm);
    mm_destroy(p->mm);
    p->mm = NULL;
    pgrp_exit(p);
    reparent_children(p);
    p->wait_status = wait_status;
    p->state = PROC_ZOMBIE;
    if (p->parent) {
        struct sig_origin o = {
            .code = W_EXITED(wait_status) ? CLD_EXITED :
                    (wait_status & 0x80) ? CLD_DUMPED : CLD_KILLED,
            .pid = p->pid,
            .status = W_EXITED(wait_status) ? W_STATUS(wait_status) : W_TERMSIG(wait_status),
        };
        signal_send_from(p->parent, SIGCHLD, o);
        wakeup(p->parent);
    }
    sched_exit();
}

long sys_exit_group(int code)
{
    do_exit(W_EXITCODE(code));
}

/* Without threads, exit and exit_group are the same. */
long sys_exit(int code)
{
    do_exit(W_EXITCODE(code));
}

/* Does child c match wait4's pid argument: > 0 that child, -1 any child,
 * 0 any in the caller's process group, < -1 any in group -pid? */
static int wait_matches(const struct proc *c, int pid)
{
    if (pid > 0)
        return c->pid == pid;
    if (pid == -1)
        return 1;
    return c->pgid == (pid == 0 ? current->pgid : -pid);
}

/* Reap zombie child c: take its status and usage (the rusage wait4
 * reports, if asked), add its times to ours, free its slot. */
static int reap(struct proc *c, int *status, struct rusage32 *ru)
{
    int pid = c->pid;
    *status = c->wait_status;
    if (ru)
        cputime_child_rusage(c, ru);
    cputime_reap(current, c);
    proc_free(c);
    return pid;
}

/* What a wait may collect from a child (Linux's wait_task_zombie,
 * wait_task_stopped and wait_task_continued). */
enum wait_event { EV_NONE, EV_EXIT, EV_STOP, EV_CONT };

static enum wait_event child_event(const struct proc *c, int options)
{
    if (c->state == PROC_ZOMBIE)
        return (options & WEXITED) ? EV_EXIT : EV_NONE;
    if ((options & WUNTRACED) && c->state == PROC_STOPPED &&
        (c->jobctl_report & 0xff) == 0x7f)
        return EV_STOP;
    if ((options & WCONTINUED) && c->jobctl_report == W_CONTINUED)
        return EV_CONT;
    return EV_NONE;
}

/* A child matching pid with something to collect under options, or
 * NULL; *have_children says whether any child matched at all. */
static struct proc *find_waitable(int pid, int options, int *have_children,
                                  enum wait_event *ev)
{
    *have_children = 0;
    for (int i = 0; i < NPROC; i++) {
        struct proc *c = &proc_table[i];
        if (c->state == PROC_UNUSED || c->parent != current || !wait_matches(c, pid))
            continue;
        *have_children = 1;
        if ((*ev = child_event(c, options)) != EV_NONE)
            return c;
    }
    return NULL;
}

/* Sleep until a child matching pid has something for options; 0 with
 * *out set, -ECHILD, -EINTR, or 1 for WNOHANG with nothing yet. */
static int wait_for_child(int pid, int options, struct proc **out, enum wait_event *ev)
{
    for (;;) {
        int have_children;
        if ((*out = find_waitable(pid, options, &have_children, ev)) != NULL)
            return 0;
        if (!have_children)
            return -ECHILD;
        if (options & WNOHANG)
            return 1;
        if (sleep_on(current) < 0)
            return -EINTR;
    }
}

/* Take what wait found in c: a zombie is reaped (unless WNOWAIT); a stop
 * or continue report is used up (unless WNOWAIT).  Gives c's status as
 * wait4 encodes it, and its resource usage if ru is not NULL. */
static int collect(struct proc *c, enum wait_event ev, int options, int *status,
                   struct rusage32 *ru)
{
    int pid = c->pid;
    if (ev == EV_EXIT && !(options & WNOWAIT))
        return reap(c, status, ru);
    *status = ev == EV_EXIT ? c->wait_status : c->jobctl_report;
    if (ru)
        cputime_child_rusage(c, ru);
    if (ev != EV_EXIT && !(options & WNOWAIT))
        c->jobctl_report = 0;
    return pid;
}

/*
 * wait4(pid, status, options, rusage), as Linux 6.1's kernel_wait4: the
 * child is reaped first, and only then are the status and the rusage
 * written; if either pointer is bad the call returns -EFAULT, but the
 * child is gone all the same (a second wait4 gets -ECHILD).  WUNTRACED
 * also reports a child that stopped, WCONTINUED one that continued.
 */
long sys_wait4(int pid, int *ustatus, int options, struct rusage32 *urusage)
{
    if ((uint32_t)options & ~(uint32_t)WAIT_OPTIONS)
        return -EINVAL;
    if (pid == INT_MIN)                /* -INT_MIN is no process group */
        return -ESRCH;
    struct proc *c;
    enum wait_event ev;
    int err = wait_for_child(pid, options | WEXITED, &c, &ev);
    if (err)
        return err == 1 ? 0 : err;
    int status;
    struct rusage32 ru;
    int found = collect(c, ev, options, &status, urusage ? &ru : NULL);
    if (ustatus && copy_to_user(ustatus, &status, sizeof(status)) < 0)
        return -EFAULT;
    if (urusage && copy_to_user(urusage, &ru, sizeof(ru)) < 0)
        return -EFAULT;
    return found;
}

/* The siginfo_t waitid fills in (the SIGCHLD fields of Linux's). */
struct waitid_info {
    int32_t signo, errno_, code;
    int32_t pid;
    uint32_t uid;
    int32_t status;
    uint8_t pad[128 - 24];
};

/* waitid's si_code and si_status for a wait4-style status. */
static void waitid_fill(struct waitid_info *info, int pid, int status)
{
    info->signo = SIGCHLD;
    info->pid = pid;
    if (status == W_CONTINUED) {
        info->code = CLD_CONTINUED;
        info->status = SIGCONT;
    } else if ((status & 0xff) == 0x7f) {
        info->code = CLD_STOPPED;
        info->status = W_STATUS(status);
    } else if (W_EXITED(status)) {
        info->code = CLD_EXITED;
        info->status = W_STATUS(status);
    } else {
        info->code = (status & 0x80) ? CLD_DUMPED : CLD_KILLED;
        info->status = W_TERMSIG(status);
    }
}

/* waitid(idtype, id, infop, options, rusage): like wait4, but the events
 * to wait for are named (WEXITED, WSTOPPED, WCONTINUED), WNOWAIT leaves
 * the child waitable, and the answer is a siginfo_t; returns 0.  With
 * WNOHANG and nothing to report, the siginfo is all zeros. */
long sys_waitid(int idtype, int id, struct waitid_info *uinfo, int options,
                struct rusage32 *urusage)
{
    int pid;
    if ((uint32_t)options & ~(uint32_t)(WAITID_OPTIONS))
        return -EINVAL;
    if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
        return -EINVAL;
    if (idtype == P_ALL)
        pid = -1;
    else if (idtype == P_PID && id > 0)
        pid = id;
    else if (idtype == P_PGID && id >= 0)
        pid = id == 0 ? 0 : -id;       /* 0: the caller's own group */
    else
        return -EINVAL;
    struct proc *c;
    enum wait_event ev;
    int err = wait_for_child(pid, options, &c, &ev);
    if (err < 0)
        return err;
    struct waitid_info info = { 0 };
    struct rusage32 ru = { 0 };
    if (err == 0) {
        int status;
        int found = collect(c, ev, options, &status, &ru);
        waitid_fill(&info, found, status);
    }
    if (uinfo && copy_to_user(uinfo, &info, sizeof(info)) < 0)
        return -EFAULT;
    if (urusage && copy_to_user(urusage, &ru, sizeof(ru)) < 0)
        return -EFAULT;
    return 0;
}

long sys_waitpid(int pid, int *ustatus, int options)
{
    return sys_wait4(pid, ustatus, options, 0);
}
