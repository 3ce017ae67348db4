/*
 * fs/sys_poll.c - poll: wait until one of several files is ready.
 *
 * Every change that can make a file ready (console input, pipe data or
 * room, a pipe end closing) calls poll_wakeup(), so a poll with no time
 * poll simply sleeps on poll_chan and looks again when woken.  Every
 * clock tick wakes poll_chan too, so a poll with a time limit notices
 * when its time is up.
 */
#include "fs/syscalls.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "kernel/errno.h"
#include "kernel/timer.h"
#include "kernel/tsc.h"
#include "mm/kheap.h"
#include "mm/uaccess.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/signal.h"

#define POLL_MAX 1024            /* entries in one call */

/* Fill in every revents; returns how many entries have something.
 * Errors and hang-ups are reported whether asked for or not. */
static int poll_scan(struct pollfd *pfds, uint32_t n)
{
    int ready = 0;
    for (uint32_t i = 0; i < n; i++) {
        pfds[i].revents = 0;
        if (pfds[i].fd < 0)
            continue;
        struct file *f = fd_get(pfds[i].fd);
        if (!f) {
            pfds[i].revents = POLLNVAL;
        } else {
            int mask = file_poll(f);
            file_put(f);
            pfds[i].revents = (short)(mask & (pfds[i].events | POLLERR | POLLHUP));
        }
        if (pfds[i].revents)
            ready++;
    }
    return ready;
}

/* Every clock tick wakes the pollers, so that those with a time limit
 * can look at the clock (and the others re-check their files). */
static void poll_tick(void)
{
    wakeup(&poll_chan);
}

void poll_init(void)
{
    timer_add_tick_hook(poll_tick);
}

long poll_wait(struct pollfd *pfds, uint32_t n, int64_t timeout_ns)
{
    /* The deadline is on the kernel's clock (kernel/tsc.h): the timeout
     * is never cut short by rounding to ticks. */
    uint64_t deadline = ktime_get_ns() + (timeout_ns > 0 ? (uint64_t)timeout_ns : 0);
    for (;;) {
        int ready = poll_scan(pfds, n);
        if (ready || timeout_ns == 0 || (timeout_ns > 0 && ktime_get_ns() >= deadline))
            return ready;
        if (sleep_on(&poll_chan) < 0)
            return -EINTR;
    }
}

/* poll(fds, nfds, timeout in ms): -1 waits for ever, 0 does not wait.
 * Returns how many entries have events, 0 on timeout, or -EINTR. */
long sys_poll(struct pollfd *ufds, uint32_t nfds, int timeout)
{
    return poll_user(ufds, nfds, timeout < 0 ? -1 : (int64_t)timeout * 1000000);
}

long poll_user(struct pollfd *ufds, uint32_t nfds, int64_t timeout_ns)
{
    if (nfds > POLL_MAX)
        return -EINVAL;
    struct pollfd *pfds = kmalloc(nfds ? nfds * sizeof *pfds : 1);
    if (!pfds)
        return -ENOMEM;
    long r = copy_from_user(pfds, ufds, nfds * sizeof *pfds);
    if (r == 0)
        r = poll_wait(pfds, nfds, timeout_ns);
    if (r >= 0 && copy_to_user(ufds, pfds, nfds * sizeof *pfds) < 0)
        r = -EFAULT;
    kfree(pfds);
    return r;
}
