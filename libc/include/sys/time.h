/*
 * sys/time.h - gettimeofday() and struct timeval.
 */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H

#include <sys/types.h>
#include <time.h>

struct timeval {
    time_t tv_sec;
    suseconds_t tv_usec;
};

/* The time zone argument of gettimeofday is obsolete; pass NULL. */
int gettimeofday(struct timeval *tv, void *tz);

#endif
