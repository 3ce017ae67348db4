/*
 * sys/resource.h - getrusage(): the resources a process has used.
 */
#ifndef _SYS_RESOURCE_H
#define _SYS_RESOURCE_H

#include <sys/time.h>
#include <sys/types.h>

#define RUSAGE_SELF      0
#define RUSAGE_CHILDREN  (-1)
#define RUSAGE_THREAD    1

/* Linux's i386 layout: 72 bytes. */
struct rusage {
    struct timeval ru_utime;    /* user time */
    struct timeval ru_stime;    /* system time */
    long ru_maxrss;             /* largest resident set, KiB */
    long ru_ixrss, ru_idrss, ru_isrss;   /* unused (0) */
    long ru_minflt;             /* page faults without I/O */
    long ru_majflt;             /* page faults with I/O */
    long ru_nswap;              /* unused (0) */
    long ru_inblock, ru_oublock;         /* block I/O (0: no disks) */
    long ru_msgsnd, ru_msgrcv, ru_nsignals;  /* unused (0) */
    long ru_nvcsw;              /* voluntary context switches */
    long ru_nivcsw;             /* involuntary context switches */
};

int getrusage(int who, struct rusage *usage);

#endif
