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
#define WCONTINUED  0x00000008
#define __WNOTHREAD 0x20000000
#define __WALL      0x40000000
#define __WCLONE    0x80000000
#define WAIT_OPTIONS (WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE)
#define INT_MIN     (-2147483647 - 1)

/* Wait-status encoding, as Linux's kernel/exit.c makes it and wait(2)'s
 * macros read it. */
#define W_EXITCODE(code)   (((code) & 0xff) << 8)
#define W_EXITED(st)       (((st) & 0x7f) == 0)
#define W_STATUS(st)       (((st) >> 8) & 0xff)
#define W_TERMSIG(st)      ((st) & 0x7f)

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
            .code = W_EXITED(wait_status) ? CLD_EXITED : CLD_KILLED, .pid = p->pid,
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

/* A zombie child matching pid, or NULL; *have_children says whether any
 * child matched at all. */
static struct proc *find_zombie(int pid, int *have_children)
{
    *have_children = 0;
    for (int i = 0; i < NPROC; i++) {
        struct proc *c = &proc_table[i];
        if (c->state == PROC_UNUSED || c->parent != current || !wait_matches(c, pid))
            continue;
        *have_children = 1;
        if (c->state == PROC_ZOMBIE)
            return c;
    }
    return NULL;
}

/*
 * wait4(pid, status, options, rusage), as Linux 6.1's kernel_wait4: the
 * child is reaped first, and only then are the status and the rusage
 * written; if either pointer is bad the call returns -EFAULT, but the
 * child is gone all the same (a second wait4 gets -ECHILD).
 */
long sys_wait4(int pid, int *ustatus, int options, struct rusage32 *urusage)
{
    if ((uint32_t)options & ~(uint32_t)WAIT_OPTIONS)
        return -EINVAL;
    if (pid == INT_MIN)                /* -INT_MIN is no process group */
        return -ESRCH;
    for (;;) {
        int have_children;
        struct proc *c = find_zombie(pid, &have_children);
        if (c) {
            int status;
            struct rusage32 ru;
            int found = reap(c, &status, urusage ? &ru : NULL);
            if (ustatus && copy_to_user(ustatus, &status, sizeof(status)) < 0)
                return -EFAULT;
            if (urusage && copy_to_user(urusage, &ru, sizeof(ru)) < 0)
                return -EFAULT;
            return found;
        }
        if (!have_children)
            return -ECHILD;
        if (options & WNOHANG)
            return 0;
        if (sleep_on(current) < 0)
            return -EINTR;
    }
}

long sys_waitpid(int pid, int *ustatus, int options)
{
    return sys_wait4(pid, ustatus, options, 0);
}
