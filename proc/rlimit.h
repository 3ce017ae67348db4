/*
 * proc/rlimit.h - resource limits (getrlimit(2), prlimit64), Linux's
 * numbers.  Each process has a soft ("cur") and a hard ("max") value
 * per resource; fork copies them and exec keeps them.
 */
#ifndef PROC_RLIMIT_H
#define PROC_RLIMIT_H

#include <stdint.h>

#define RLIMIT_CPU         0
#define RLIMIT_FSIZE       1
#define RLIMIT_DATA        2
#define RLIMIT_STACK       3
#define RLIMIT_CORE        4
#define RLIMIT_RSS         5
#define RLIMIT_NPROC       6
#define RLIMIT_NOFILE      7
#define RLIMIT_MEMLOCK     8
#define RLIMIT_AS          9
#define RLIMIT_LOCKS      10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE   12
#define RLIMIT_NICE       13
#define RLIMIT_RTPRIO     14
#define RLIMIT_RTTIME     15
#define RLIM_NLIMITS      16

#define RLIM64_INFINITY   0xffffffffffffffffull

struct rlimit64 {
    uint64_t cur;              /* the soft limit: what the kernel enforces */
    uint64_t max;              /* the hard limit: the ceiling for cur */
};

struct proc;

/* Fill in the first process's limits (Linux's defaults). */
void rlimit_init(struct proc *p);
/* p's soft limit for `resource`. */
uint64_t rlimit_cur(const struct proc *p, int resource);

/* The system calls (proc/rlimit.c). */
long sys_prlimit64(int pid, int resource, const struct rlimit64 *unew,
                   struct rlimit64 *uold);
long sys_ugetrlimit(int resource, uint32_t *ulim);
long sys_getrlimit(int resource, uint32_t *ulim);
long sys_setrlimit(int resource, const uint32_t *ulim);

#endif
