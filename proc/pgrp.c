/*
 * proc/pgrp.c - process groups and sessions: setpgid, setsid and their
 * getters with Linux's rules, the orphaned-group test, and what a
 * process's exit does to its group and session (proc/pgrp.h).
 *
 * Groups and sessions are not objects of their own: a group is the set
 * of processes with one pgid, found by walking the process table, which
 * is small (NPROC).
 */
#include "proc/pgrp.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "fs/tty.h"
#include "kernel/errno.h"

/* A process that takes part in groups: allocated and not yet reaped. */
static int live(const struct proc *p)
{
    return p->state != PROC_UNUSED && p->state != PROC_EMBRYO &&
           p->state != PROC_ZOMBIE;
}

/* Is some process a member of group pgid in session sid? */
static int group_exists_in(int pgid, int sid)
{
    for (int i = 0; i < NPROC; i++) {
        struct proc *q = &proc_table[i];
        if (live(q) && q->pgid == pgid && q->sid == sid)
            return 1;
    }
    return 0;
}

int pgrp_in_session(int pgid, int sid)
{
    int found = -1;
    for (int i = 0; i < NPROC; i++) {
        struct proc *q = &proc_table[i];
        if (!live(q) || q->pgid != pgid)
            continue;
        if (q->sid == sid)
            return 1;
        found = 0;
    }
    return found;
}

/* setpgid(pid, pgid): pid 0 is the caller, pgid 0 is pid.  ESRCH unless
 * the target is the caller or its child; EACCES for a child that has
 * exec'd; EPERM for a child in another session, a session leader, or a
 * group that does not exist in the caller's session (setpgid(2)). */
long sys_setpgid(int pid, int pgid)
{
    if (pid < 0 || pgid < 0)
        return -EINVAL;
    struct proc *p = pid ? proc_find(pid) : current;
    if (!p || !live(p) || (p != current && p->parent != current))
        return -ESRCH;
    if (p != current) {
        if (p->sid != current->sid)
            return -EPERM;
        if (p->did_exec)
            return -EACCES;
    }
    if (p->sid == p->pid)
        return -EPERM;                 /* a session leader stays put */
    if (pgid == 0)
        pgid = p->pid;
    if (pgid != p->pid && !group_exists_in(pgid, current->sid))
        return -EPERM;
    p->pgid = pgid;
    return 0;
}

long sys_getpgid(int pid)
{
    if (pid < 0)
        return -ESRCH;
    struct proc *p = pid ? proc_find(pid) : current;
    return p && p->state != PROC_UNUSED ? p->pgid : -ESRCH;
}

long sys_getpgrp(void) { return current->pgid; }

/* A new session and group led by the caller, with no controlling
 * terminal; EPERM if some group already has the caller's pid as its id
 * (it leads a group, or it once did and members remain). */
long sys_setsid(void)
{
    for (int i = 0; i < NPROC; i++)
        if (live(&proc_table[i]) && proc_table[i].pgid == current->pid)
            return -EPERM;
    current->sid = current->pgid = current->pid;
    current->ctty = 0;
    return current->sid;
}

long sys_getsid(int pid)
{
    if (pid < 0)
        return -ESRCH;
    struct proc *p = pid ? proc_find(pid) : current;
    return p && p->state != PROC_UNUSED ? p->sid : -ESRCH;
}

/* Linux's will_become_orphaned_pgrp with `ignore` leaving (NULL: none). */
static int orphaned_without(int pgid, const struct proc *ignore)
{
    for (int i = 0; i < NPROC; i++) {
        struct proc *q = &proc_table[i];
        if (q == ignore || !live(q) || q->pgid != pgid)
            continue;
        struct proc *parent = q->parent;
        if (!parent || parent->pid == 1 || !live(parent))
            continue;
        if (parent->pgid != pgid && parent->sid == q->sid)
            return 0;
    }
    return 1;
}

int pgrp_is_orphaned(int pgid)
{
    return orphaned_without(pgid, NULL);
}

int pgrp_signal(int pgid, int sig)
{
    int n = 0;
    for (int i = 0; i < NPROC; i++) {
        struct proc *q = &proc_table[i];
        if (live(q) && q->pgid == pgid) {
            signal_send(q, sig);
            n++;
        }
    }
    return n;
}

/* Does group pgid have a stopped member (proc/sigstop.c)? */
static int group_has_stopped(int pgid)
{
    for (int i = 0; i < NPROC; i++)
        if (proc_table[i].state == PROC_STOPPED && proc_table[i].pgid == pgid)
            return 1;
    return 0;
}

/* POSIX: a group orphaned by an exit that has stopped members gets
 * SIGHUP then SIGCONT, since nobody is left to continue it. */
static void hup_if_orphaned(int pgid, int sid, const struct proc *leaving)
{
    if (group_has_stopped(pgid) && group_exists_in(pgid, sid) &&
        orphaned_without(pgid, leaving)) {
        pgrp_signal(pgid, SIGHUP);
        pgrp_signal(pgid, SIGCONT);
    }
}

void pgrp_exit(struct proc *p)
{
    if (p->pid == p->sid && p->ctty)
        tty_session_hangup(p->sid);
    struct proc *parent = p->parent;
    if (parent && parent->pgid != p->pgid && parent->sid == p->sid)
        hup_if_orphaned(p->pgid, p->sid, p);
    for (int i = 0; i < NPROC; i++) {
        struct proc *c = &proc_table[i];
        if (live(c) && c->parent == p && c->pgid != p->pgid && c->sid == p->sid)
            hup_if_orphaned(c->pgid, c->sid, p);
    }
}
