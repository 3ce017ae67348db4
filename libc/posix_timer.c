/*
 * libc/posix_timer.c - POSIX timers: timer_create, timer_settime,
 * timer_gettime, timer_getoverrun, timer_delete.  A timer_t is the
 * kernel's timer id itself.
 */
#include <time.h>

#include "libc/libc.h"

/* A new timer on `clock`, signalling as *ev says (NULL: SIGALRM). */
int timer_create(clockid_t clock, struct sigevent *ev, timer_t *id)
{
    return __sysret(sys3(SYS_timer_create, clock, (long)ev, (long)id));
}

/* Arm (or, with a zero it_value, disarm) a timer; TIMER_ABSTIME in flags
 * makes it_value a time on the timer's clock. */
int timer_settime(timer_t id, int flags, const struct itimerspec *new_value,
                  struct itimerspec *old)
{
    return __sysret(sys4(SYS_timer_settime, id, flags, (long)new_value, (long)old));
}

/* What is left of a timer, and its interval. */
int timer_gettime(timer_t id, struct itimerspec *cur)
{
    return __sysret(sys2(SYS_timer_gettime, id, (long)cur));
}

/* Expirations folded into the timer's last signal. */
int timer_getoverrun(timer_t id)
{
    return __sysret(sys1(SYS_timer_getoverrun, id));
}

int timer_delete(timer_t id)
{
    return __sysret(sys1(SYS_timer_delete, id));
}
