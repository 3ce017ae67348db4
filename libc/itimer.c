/*
 * libc/itimer.c - the interval timers: setitimer and getitimer
 * (ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF); alarm is in libc/signal.c.
 */
#include <sys/time.h>

#include "libc/libc.h"

/* Arm or disarm timer `which`; the old setting goes to *old if not NULL. */
int setitimer(int which, const struct itimerval *new_value, struct itimerval *old)
{
    return __sysret(sys3(SYS_setitimer, which, (long)new_value, (long)old));
}

/* What is left of timer `which`, and its interval. */
int getitimer(int which, struct itimerval *value)
{
    return __sysret(sys2(SYS_getitimer, which, (long)value));
}
