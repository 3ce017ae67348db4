/*
 * sys/timerfd.h - timers read through a file descriptor (libc/timerfd.c).
 */
#ifndef _SYS_TIMERFD_H
#define _SYS_TIMERFD_H

#include <time.h>

#define TFD_TIMER_ABSTIME 1
#define TFD_NONBLOCK      0x800       /* O_NONBLOCK */
#define TFD_CLOEXEC       0x80000     /* O_CLOEXEC */

int timerfd_create(clockid_t clock, int flags);
int timerfd_settime(int fd, int flags, const struct itimerspec *new_value,
                    struct itimerspec *old);
int timerfd_gettime(int fd, struct itimerspec *cur);

#endif
