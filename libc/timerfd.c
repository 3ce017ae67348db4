/*
 * libc/timerfd.c - timerfd_create, timerfd_settime, timerfd_gettime.
 */
#include <sys/timerfd.h>

#include "libc/libc.h"

/* A new timer on `clock` as a descriptor; read it for the count of
 * expirations (8 bytes). */
int timerfd_create(clockid_t clock, int flags)
{
    return __sysret(sys2(SYS_timerfd_create, clock, flags));
}

int timerfd_settime(int fd, int flags, const struct itimerspec *new_value,
                    struct itimerspec *old)
{
    return __sysret(sys4(SYS_timerfd_settime, fd, flags, (long)new_value, (long)old));
}

int timerfd_gettime(int fd, struct itimerspec *cur)
{
    return __sysret(sys2(SYS_timerfd_gettime, fd, (long)cur));
}
