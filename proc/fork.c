/*
 * proc/fork.c - fork, vfork and clone: a new process that is a copy of
 * the caller.  The address space is copied lazily (mm_fork: copy-on-
 * write); open files are shared; the child returns 0 from the call.
 */
#include "proc/proc.h"
#include "proc/syscalls.h"
#include "proc/tls.h"
#include "kernel/errno.h"
#include "kernel/syscall.h"
#include "kernel/trap.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/fdtable.h"

#define CLONE_VM             0x00000100
#define CLONE_VFORK          0x00004000
#define CLONE_THREAD         0x00010000
#define CLONE_SETTLS         0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID   0x01000000
#define SIGCHLD_EXIT         17

/* Undo a half-made child. */
static void fork_abort(struct proc *child)
{
    if (child->files)
        fdtable_destroy(child->files);
    if (child->cwd)
        inode_put(child->cwd);
    if (child->mm)
        mm_destroy(child->mm);
    proc_free(child);
}

/* The thread-id and TLS duties of clone's flags (clone(2)). */
static int clone_extras(struct proc *child, uint32_t flags, uint32_t ptid,
                        uint32_t tls, uint32_t ctid)
{
    if (flags & CLONE_SETTLS) {
        int err = tls_set_from_user(child, (struct user_desc *)tls, 0);
        if (err)
            return err;
    }
    if ((flags & CLONE_CHILD_SETTID) &&
        mm_copy_out(child->mm, ctid, &child->pid, sizeof(child->pid)) < 0)
        return -EFAULT;
    if (flags & CLONE_CHILD_CLEARTID)
        child->clear_child_tid = ctid;
    if ((flags & CLONE_PARENT_SETTID) && copy_to_user((void *)ptid, &child->pid, 4) < 0)
        return -EFAULT;
    return 0;
}

/* Linux's do_fork: returns the child's pid to the parent, or -errno. */
static long do_fork(uint32_t flags, uint32_t newsp, uint32_t ptid, uint32_t tls,
                    uint32_t ctid)
{
    if (flags & CLONE_THREAD)
        return -EINVAL;                /* threads are not implemented yet */
    struct proc *parent = current, *child = proc_alloc();
    if (!child)
        return -EAGAIN;
    child->mm = mm_fork(parent->mm);
    child->files = child->mm ? fdtable_fork(parent->files) : NULL;
    if (!child->mm || !child->files) {
        fork_abort(child);
        return -ENOMEM;
    }
    child->cwd = parent->cwd;
    inode_get(child->cwd);
    child->parent = parent;
    child->pgid = parent->pgid;        /* the group, session and terminal */
    child->sid = parent->sid;
    child->ctty = parent->ctty;
    memcpy(child->name, parent->name, sizeof(child->name));
    child->personality = parent->personality;
    child->oom_score_adj = parent->oom_score_adj;
    memcpy(child->rlim, parent->rlim, sizeof(child->rlim));
    child->sig = parent->sig;
    child->sig.pending = 0;
    memcpy(child->tls, parent->tls, sizeof(child->tls));
    fpu_save(child->fpu);              /* the parent's live FPU registers */
    *child->tf = *parent->tf;
    child->tf->eax = 0;                /* the child's fork() returns 0 */
    if (newsp)
        child->tf->esp = newsp;
    int err = clone_extras(child, flags, ptid, tls, ctid);
    if (err) {
        fork_abort(child);
        return err;
    }
    child->state = PROC_RUNNABLE;
    return child->pid;
}

long sys_fork(void)
{
    return do_fork(SIGCHLD_EXIT, 0, 0, 0, 0);
}

/* vfork is fork here: with copy-on-write the copy is nearly free, and the
 * parent need not wait for the child to exec. */
long sys_vfork(void)
{
    return do_fork(SIGCHLD_EXIT, 0, 0, 0, 0);
}

/* i386 argument order: flags, newsp, parent_tid, tls, child_tid.
 * CLONE_VM without CLONE_THREAD (posix_spawn's vfork) is run as a fork. */
long sys_clone(uint32_t flags, uint32_t newsp, uint32_t ptid, uint32_t tls, uint32_t ctid)
{
    return do_fork(flags & ~(CLONE_VM | CLONE_VFORK), newsp, ptid, tls, ctid);
}
