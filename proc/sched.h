/*
 * proc/sched.h - the scheduler: who runs next, and sleeping.
 */
#ifndef PROC_SCHED_H
#define PROC_SCHED_H

#include <stdint.h>

struct proc;

/* Sleep until someone calls wakeup(chan).  Returns 0, or -EINTR when a
 * signal arrived instead.  Callers re-check their condition in a loop:
 *     while (pipe_is_empty(p))
 *         if (sleep_on(p) < 0) return -EINTR;
 */
int sleep_on(void *chan);
/* sleep_on with a deadline (a ktime, ns since boot): 0 when woken,
 * -EINTR on a signal, -ETIMEDOUT when the deadline came first (the timer
 * tick wakes it then: proc/time.c). */
int sleep_on_until(void *chan, uint64_t deadline);
/* Leave the CPU stopped (PROC_STOPPED) until SIGCONT or SIGKILL makes
 * the process runnable again (proc/sigstop.c). */
void sched_stop(void);
/* Make every process sleeping on `chan` runnable. */
void wakeup(void *chan);
/* Give up the CPU to the next runnable process. */
void yield(void);
/* Pick processes forever; the boot CPU ends up here. */
void scheduler(void) __attribute__((noreturn));
void sched_make_runnable(struct proc *p);
/* Context switches since boot (/proc/stat's ctxt). */
unsigned int sched_context_switches(void);
/* An exiting process leaves the CPU for good (proc/exit.c). */
void sched_exit(void) __attribute__((noreturn));

#endif
