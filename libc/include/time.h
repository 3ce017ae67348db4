/*
 * time.h - clocks and sleeping.  There is no time zone: all times are UTC.
 */
#ifndef _TIME_H
#define _TIME_H

#include <sys/types.h>

/* Linux's 32-bit timespec: 8 bytes. */
struct timespec {
    time_t tv_sec;
    long tv_nsec;
};

#define CLOCK_REALTIME          0
#define CLOCK_MONOTONIC         1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW     4
#define CLOCK_REALTIME_COARSE   5
#define CLOCK_MONOTONIC_COARSE  6
#define CLOCK_BOOTTIME          7

int clock_gettime(clockid_t clock, struct timespec *ts);
int clock_getres(clockid_t clock, struct timespec *res);
int nanosleep(const struct timespec *req, struct timespec *rem);
time_t time(time_t *t);

#endif
