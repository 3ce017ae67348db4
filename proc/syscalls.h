/*
 * proc/syscalls.h - the process system calls, one prototype each, so the
 * compiler checks that proc/syscalls.c's table and the files that define
 * them agree.  Pointer arguments are user addresses.
 */
#ifndef PROC_SYSCALLS_H
#define PROC_SYSCALLS_H

#include <stdint.h>
#include "proc/signal.h"
#include "proc/tls.h"
#include "proc/cputime.h"

/* Linux's 32-bit struct timespec and struct timeval. */
struct timespec32 { int32_t sec, nsec; };
struct timeval32 { int32_t sec, usec; };

/* proc/fork.c */
long sys_fork(void);
long sys_vfork(void);
long sys_clone(uint32_t flags, uint32_t newsp, uint32_t ptid, uint32_t tls, uint32_t ctid);
/* proc/exit.c */
long sys_exit(int code);
long sys_exit_group(int code);
long sys_wait4(int pid, int *ustatus, int options, struct rusage32 *rusage);
long sys_waitpid(int pid, int *ustatus, int options);
struct waitid_info;
struct user_stack;
struct queued_info;
long sys_rt_sigtimedwait(const uint64_t *uset, void *uinfo, const struct timespec32 *uts,
                         uint32_t setsize);
long sys_rt_sigqueueinfo(int pid, int sig, const struct queued_info *uinfo);
long sys_sigaltstack(const struct user_stack *uss, struct user_stack *uold);
long sys_waitid(int idtype, int id, struct waitid_info *info, int options,
                struct rusage32 *rusage);
/* proc/signal.c */
long sys_kill(int pid, int sig);
long sys_tkill(int tid, int sig);
long sys_tgkill(int tgid, int tid, int sig);
long sys_rt_sigaction(int sig, const struct k_sigaction *act,
                      struct k_sigaction *oact, uint32_t setsize);
long sys_rt_sigprocmask(int how, const uint64_t *set, uint64_t *oset, uint32_t setsize);
long sys_rt_sigpending(uint64_t *uset, uint32_t setsize);
long sys_rt_sigsuspend(const uint64_t *umask, uint32_t setsize);
long sys_pause(void);
/* proc/sigframe.c */
long sys_sigreturn(void);
long sys_rt_sigreturn(void);
/* proc/futex.c */
long sys_futex(uint32_t uaddr, int op, uint32_t val, const struct timespec32 *utime,
               uint32_t uaddr2, uint32_t val3);
/* proc/tls.c */
long sys_set_thread_area(struct user_desc *uptr);
long sys_get_thread_area(struct user_desc *uptr);
/* proc/time.c */
long sys_alarm(uint32_t seconds);
struct itimerval32;
struct sigevent32;
struct itimerspec32;
long sys_timer_create(int clk, const struct sigevent32 *uev, int32_t *uid);
long sys_timer_settime(int id, int flags, const struct itimerspec32 *unew,
                       struct itimerspec32 *uold);
long sys_timer_gettime(int id, struct itimerspec32 *ucur);
long sys_timer_getoverrun(int id);
long sys_timer_delete(int id);
long sys_getitimer(int which, struct itimerval32 *uv);
long sys_setitimer(int which, const struct itimerval32 *unew, struct itimerval32 *uold);
long sys_clock_gettime(int clk, struct timespec32 *uts);
long sys_clock_getres(int clk, struct timespec32 *uts);
long sys_clock_settime(int clk, const struct timespec32 *uts);
long sys_settimeofday(const struct timeval32 *utv, const void *utz);
long sys_stime(const int32_t *ut);
long sys_clock_nanosleep(int clk, int flags, const struct timespec32 *ureq,
                         struct timespec32 *urem);
long sys_nanosleep(const struct timespec32 *ureq, struct timespec32 *urem);
long sys_gettimeofday(struct timeval32 *utv, void *utz);
long sys_time(int32_t *ut);
/* proc/cputime.c */
long sys_getrusage(int who, struct rusage32 *uru);
long sys_times(struct tms32 *ubuf);

#endif
