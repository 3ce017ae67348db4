/*
 * sys/time.h - gettimeofday(), settimeofday(), struct timeval, and the
 * interval timers of setitimer().
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
int settimeofday(const struct timeval *tv, const void *tz);

/* The interval timers (libc/itimer.c), as Linux numbers them. */
#define ITIMER_REAL     0      /* wall-clock time: SIGALRM */
#define ITIMER_VIRTUAL  1      /* user CPU time: SIGVTALRM */
#define ITIMER_PROF     2      /* user + system CPU time: SIGPROF */

struct itimerval {
    struct timeval it_interval;    /* reloaded at each expiry (0: once) */
    struct timeval it_value;       /* left until the next expiry (0: off) */
};

int setitimer(int which, const struct itimerval *new_value, struct itimerval *old);
int getitimer(int which, struct itimerval *value);

#endif
