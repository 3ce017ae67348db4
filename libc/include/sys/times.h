/*
 * sys/times.h - times(): the CPU time of this process and its children.
 */
#ifndef _SYS_TIMES_H
#define _SYS_TIMES_H

#include <sys/types.h>

/* In clock ticks: sysconf(_SC_CLK_TCK) = 100 per second. */
struct tms {
    clock_t tms_utime;      /* user mode */
    clock_t tms_stime;      /* the kernel, on our behalf */
    clock_t tms_cutime;     /* waited-for children: user mode */
    clock_t tms_cstime;     /* waited-for children: the kernel */
};

/* Fill *buf (if not NULL); return the clock ticks since an arbitrary
 * point in the past (on Linux, 2^32/HZ - 300 s before boot). */
clock_t times(struct tms *buf);

#endif
