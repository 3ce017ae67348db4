/*
 * proc/rlimit.c - each process's resource limits and their defaults.
 *
 * The defaults are Linux's for a root login on a machine of Pagoda's
 * size (INIT_RLIMITS in Linux's include/asm-generic/resource.h): the
 * stack 8 MiB soft, locked memory 8 MiB, everything else unlimited,
 * except that core files are off (soft limit 0).
 */
#include "proc/rlimit.h"
#include "proc/proc.h"
#include "mm/mm.h"

void rlimit_init(struct proc *p)
{
    for (int r = 0; r < RLIM_NLIMITS; r++)
        p->rlim[r] = (struct rlimit64){ RLIM64_INFINITY, RLIM64_INFINITY };
    p->rlim[RLIMIT_STACK].cur = STACK_LIMIT;
    p->rlim[RLIMIT_CORE].cur = 0;
    p->rlim[RLIMIT_MEMLOCK] = (struct rlimit64){ 8u << 20, 8u << 20 };
}

uint64_t rlimit_cur(const struct proc *p, int resource)
{
    return p->rlim[resource].cur;
}
