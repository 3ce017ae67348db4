/*
 * libc/time.c - clocks and sleeping: clock_gettime, time, gettimeofday,
 * clock_getres, clock_settime, settimeofday, nanosleep, sleep, usleep, times.  All of them use the two clock calls that
 * static glibc uses, clock_gettime and clock_nanosleep.
 */
#include <errno.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "libc/libc.h"

/* Read a clock (CLOCK_REALTIME, CLOCK_MONOTONIC, ...). */
int clock_gettime(clockid_t clock, struct timespec *ts)
{
    return __sysret(sys2(SYS_clock_gettime, clock, (long)ts));
}

/* How finely a clock counts (1 ns for the fine ones, a tick for the
 * coarse ones). */
int clock_getres(clockid_t clock, struct timespec *res)
{
    return __sysret(sys2(SYS_clock_getres, clock, (long)res));
}

/* Set a clock: only CLOCK_REALTIME can be set. */
int clock_settime(clockid_t clock, const struct timespec *ts)
{
    return __sysret(sys2(SYS_clock_settime, clock, (long)ts));
}

/* Set the time of day (the time zone argument is obsolete). */
int settimeofday(const struct timeval *tv, const void *tz)
{
    return __sysret(sys2(SYS_settimeofday, (long)tv, (long)tz));
}

/* Seconds since the epoch; also stored in *t if t is not NULL. */
time_t time(time_t *t)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
        return -1;
    if (t)
        *t = ts.tv_sec;
    return ts.tv_sec;
}

/* The time of day in seconds and microseconds. */
int gettimeofday(struct timeval *tv, void *tz)
{
    struct timespec ts;
    (void)tz;                       /* obsolete: always NULL on Linux */
    if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
        return -1;
    if (tv) {
        tv->tv_sec = ts.tv_sec;
        tv->tv_usec = ts.tv_nsec / 1000;
    }
    return 0;
}

/* Sleep for *req.  If a signal handler interrupts the sleep, fail with
 * EINTR and store the time left in *rem. */
int nanosleep(const struct timespec *req, struct timespec *rem)
{
    return __sysret(sys4(SYS_clock_nanosleep, CLOCK_REALTIME, 0,
                         (long)req, (long)rem));
}

/* Sleep whole seconds; returns the seconds left if interrupted. */
unsigned int sleep(unsigned int seconds)
{
    struct timespec req = { (time_t)seconds, 0 }, rem;
    if (nanosleep(&req, &rem) < 0 && errno == EINTR)
        return rem.tv_sec + (rem.tv_nsec > 0);
    return 0;
}

/* Sleep for usec microseconds. */
int usleep(useconds_t usec)
{
    struct timespec req = { usec / 1000000, (usec % 1000000) * 1000 };
    return nanosleep(&req, NULL);
}

/* The CPU times of this process and its children.  The kernel's result
 * is a clock value that may fall in [-4095, -1], where errors live, so
 * only -EFAULT with a buffer is taken as an error (as glibc does). */
clock_t times(struct tms *buf)
{
    long r = sys1(SYS_times, (long)buf);
    if (r == -EFAULT && buf) {
        errno = EFAULT;
        return (clock_t)-1;
    }
    return (clock_t)r;
}
