/*
 * proc/rlimit.c - each process's resource limits and their defaults.
 *
 * The defaults are Linux's for a root login on a machine of Pagoda's
 * size (INIT_RLIMITS in Linux's include/asm-generic/resource.h): the
 * stack 8 MiB soft, locked memory 8 MiB, everything else unlimited,
 * except that core files are off (soft limit 0) and open files are
 * capped by the descriptor table (NOFILE, fs/fdtable.h), which plays
 * the part of Linux's nr_open: no limit may be raised above it.
 *
 * The calls: prlimit64 (any process, 64-bit values), getrlimit and
 * setrlimit (the caller, 32-bit values; the old getrlimit clips
 * infinity to 0x7fffffff as Linux's does), ugetrlimit (32-bit, with
 * infinity as 0xffffffff).  Pagoda's one user is root, so hard limits may
 * be raised as well as lowered.  What is enforced: RLIMIT_NOFILE (fd
 * numbers, fs/fdtable.c) and RLIMIT_CORE (the core bit, proc/signal.c);
 * the others are kept and reported only.
 */
#include "proc/rlimit.h"
#include "proc/proc.h"
#include "mm/mm.h"
#include "fs/fdtable.h"
#include "kernel/errno.h"
#include "mm/uaccess.h"

#define RLIM32_INFINITY     0xffffffffu
#define RLIM32_OLD_INFINITY 0x7fffffffu   /* the old getrlimit's */

void rlimit_init(struct proc *p)
{
    for (int r = 0; r < RLIM_NLIMITS; r++)
        p->rlim[r] = (struct rlimit64){ RLIM64_INFINITY, RLIM64_INFINITY };
    p->rlim[RLIMIT_STACK].cur = STACK_LIMIT;
    p->rlim[RLIMIT_CORE].cur = 0;
    p->rlim[RLIMIT_MEMLOCK] = (struct rlimit64){ 8u << 20, 8u << 20 };
    p->rlim[RLIMIT_NOFILE] = (struct rlimit64){ NOFILE, NOFILE };
}

uint64_t rlimit_cur(const struct proc *p, int resource)
{
    return p->rlim[resource].cur;
}

/* May p's `resource` limits become *new?  0 or -errno (Linux's checks in
 * do_prlimit, with NOFILE as nr_open). */
static int rlimit_check(int resource, const struct rlimit64 *new)
{
    if (new->cur > new->max)
        return -EINVAL;
    if (resource == RLIMIT_NOFILE && new->max > NOFILE)
        return -EPERM;
    return 0;
}

/* prlimit64(pid, resource, new, old): read and/or set another process's
 * (or, with pid 0, one's own) limits; old is filled before new is set. */
long sys_prlimit64(int pid, int resource, const struct rlimit64 *unew,
                   struct rlimit64 *uold)
{
    if (resource < 0 || resource >= RLIM_NLIMITS)
        return -EINVAL;
    struct proc *p = pid == 0 ? current : proc_find(pid);
    if (!p || p->state == PROC_ZOMBIE)
        return -ESRCH;
    struct rlimit64 new;
    if (unew) {
        if (copy_from_user(&new, unew, sizeof(new)) < 0)
            return -EFAULT;
        int err = rlimit_check(resource, &new);
        if (err)
            return err;
    }
    if (uold && copy_to_user(uold, &p->rlim[resource], sizeof(*uold)) < 0)
        return -EFAULT;
    if (unew)
        p->rlim[resource] = new;
    return 0;
}

/* A limit as the 32-bit calls show it: infinity, or anything too big,
 * becomes `infinity32`. */
static uint32_t to_rlim32(uint64_t v, uint32_t infinity32)
{
    return v >= infinity32 ? infinity32 : (uint32_t)v;
}

static long getrlimit32(int resource, uint32_t *ulim, uint32_t infinity32)
{
    if (resource < 0 || resource >= RLIM_NLIMITS)
        return -EINVAL;
    const struct rlimit64 *r = &current->rlim[resource];
    uint32_t lim[2] = { to_rlim32(r->cur, infinity32), to_rlim32(r->max, infinity32) };
    return copy_to_user(ulim, lim, sizeof(lim));
}

long sys_ugetrlimit(int resource, uint32_t *ulim)
{
    return getrlimit32(resource, ulim, RLIM32_INFINITY);
}

long sys_getrlimit(int resource, uint32_t *ulim)
{
    return getrlimit32(resource, ulim, RLIM32_OLD_INFINITY);
}

/* setrlimit(resource, {cur, max}) with 32-bit values; 0xffffffff means
 * infinity. */
long sys_setrlimit(int resource, const uint32_t *ulim)
{
    uint32_t lim[2];
    if (resource < 0 || resource >= RLIM_NLIMITS)
        return -EINVAL;
    if (copy_from_user(lim, ulim, sizeof(lim)) < 0)
        return -EFAULT;
    struct rlimit64 new = {
        lim[0] == RLIM32_INFINITY ? RLIM64_INFINITY : lim[0],
        lim[1] == RLIM32_INFINITY ? RLIM64_INFINITY : lim[1],
    };
    int err = rlimit_check(resource, &new);
    if (err)
        return err;
    current->rlim[resource] = new;
    return 0;
}
