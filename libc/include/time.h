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

/* A timer's setting: reloaded with it_interval after each expiry. */
struct itimerspec {
    struct timespec it_interval;
    struct timespec it_value;
};
#define TIMER_ABSTIME 1

/* How a POSIX timer tells of its expiry (Linux's i386 layout, 64
 * bytes).  Pagoda has SIGEV_SIGNAL and SIGEV_NONE. */
#ifndef SIGVAL_DEFINED             /* signal.h defines it too */
#define SIGVAL_DEFINED
union sigval {
    int sival_int;
    void *sival_ptr;
};
#endif
struct sigevent {
    union sigval sigev_value;     /* the handler's si_value */
    int sigev_signo;
    int sigev_notify;
    int __pad[13];
};
#define SIGEV_SIGNAL 0
#define SIGEV_NONE   1

/* POSIX timers (libc/posix_timer.c). */
int timer_create(clockid_t clock, struct sigevent *ev, timer_t *id);
int timer_settime(timer_t id, int flags, const struct itimerspec *new_value,
                  struct itimerspec *old);
int timer_gettime(timer_t id, struct itimerspec *cur);
int timer_getoverrun(timer_t id);
int timer_delete(timer_t id);

/* A broken-down time, as POSIX defines it. */
struct tm {
    int tm_sec;                  /* 0-60 (60: a leap second) */
    int tm_min;                  /* 0-59 */
    int tm_hour;                 /* 0-23 */
    int tm_mday;                 /* day of the month, 1-31 */
    int tm_mon;                  /* months since January, 0-11 */
    int tm_year;                 /* years since 1900 */
    int tm_wday;                 /* days since Sunday, 0-6 */
    int tm_yday;                 /* days since 1 January, 0-365 */
    int tm_isdst;                /* 0: there is no daylight saving time */
    long tm_gmtoff;              /* seconds east of UTC: 0 */
    const char *tm_zone;         /* "UTC" */
};

int clock_gettime(clockid_t clock, struct timespec *ts);
int clock_getres(clockid_t clock, struct timespec *res);
int clock_settime(clockid_t clock, const struct timespec *ts);
int nanosleep(const struct timespec *req, struct timespec *rem);
time_t time(time_t *t);

/* Calendar times (libc/calendar.c).  With no time zone, local time is
 * UTC, so localtime is gmtime and mktime is timegm. */
struct tm *gmtime_r(const time_t *t, struct tm *tm);
struct tm *gmtime(const time_t *t);
struct tm *localtime_r(const time_t *t, struct tm *tm);
struct tm *localtime(const time_t *t);
time_t timegm(struct tm *tm);
time_t mktime(struct tm *tm);
double difftime(time_t end, time_t start);

/* Format a time (libc/strftime.c). */
size_t strftime(char *s, size_t max, const char *format, const struct tm *tm);

#endif
