/*
 * proc/futex.c - futex(2): sleeping on a word of user memory.
 *
 * Enough for single-threaded programs and fork()ed ones sharing memory:
 * WAIT sleeps while the word still holds `val`; WAKE wakes those sleeping
 * on the same word.  The key of a word is its frame's physical address,
 * the same in every process that maps it (Linux keys private futexes by
 * address space and address instead; for these programs that is the
 * same thing).  A WAIT may have a timeout: relative for FUTEX_WAIT,
 * an absolute time on CLOCK_MONOTONIC (or, with FUTEX_CLOCK_REALTIME,
 * CLOCK_REALTIME) for FUTEX_WAIT_BITSET, as Linux; when it passes the
 * WAIT returns -ETIMEDOUT.
 *
 * The errors follow Linux's order (kernel/futex/syscalls.c, core.c,
 * waitwake.c): a bad timeout pointer -EFAULT and a bad timeout -EINVAL;
 * FUTEX_CLOCK_REALTIME on anything but WAIT_BITSET -ENOSYS; a zero bitset
 * -EINVAL; a word not 4-aligned -EINVAL; outside user space -EFAULT; then
 * a WAIT (and a shared WAKE) reads the word: -EFAULT if it cannot.  A
 * private WAKE never touches the word, so it wakes nobody (0) even at a
 * bad address.  Other operations (requeue, wake-op, priority inheritance)
 * are -ENOSYS here.
 */
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/syscalls.h"
#include "kernel/errno.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

#define FUTEX_WAIT            0
#define FUTEX_WAKE            1
#define FUTEX_LOCK_PI         6
#define FUTEX_WAIT_BITSET     9
#define FUTEX_WAKE_BITSET     10
#define FUTEX_WAIT_REQUEUE_PI 11
#define FUTEX_LOCK_PI2        13
#define FUTEX_PRIVATE_FLAG    128
#define FUTEX_CLOCK_REALTIME  256
#define CLOCK_REALTIME        0         /* the clocks a timeout is read on */
#define CLOCK_MONOTONIC       1
#define FUTEX_CMD_MASK        0x7f   /* the op without the two flags */
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

/* Does the operation take a timeout in its fourth argument? */
static int has_timeout(int cmd)
{
    return cmd == FUTEX_WAIT || cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2 ||
           cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAIT_REQUEUE_PI;
}

/* Read the timeout into *out and check it: -EFAULT, -EINVAL (a negative
 * or out-of-range field), or 0. */
static long check_timeout(const struct timespec32 *utime, struct timespec32 *out)
{
    struct timespec32 ts;
    if (copy_from_user(&ts, utime, sizeof ts) < 0)
        return -EFAULT;
    *out = ts;
    if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
        return -EINVAL;
    return 0;
}

/* The word's key, after Linux's checks of its address: alignment, then
 * range.  *key is 0 for a word with no frame yet. */
static long futex_key(uint32_t uaddr, void **key)
{
    if (uaddr % 4)
        return -EINVAL;
    if (!access_ok((void *)uaddr, 4))
        return -EFAULT;
    *key = (void *)(uintptr_t)page_lookup(current->mm->pgdir, uaddr, NULL);
    return 0;
}

/* Read the word at uaddr, which makes its frame present, then take the
 * key of that frame.  0 or -EFAULT. */
static long read_word(uint32_t uaddr, uint32_t *word, void **key)
{
    if (copy_from_user(word, (void *)uaddr, 4) < 0)
        return -EFAULT;
    return futex_key(uaddr, key);
}

/* FUTEX_WAIT(_BITSET): sleep if *uaddr == val, until a WAKE, a signal
 * or the ktime `deadline` (0: no timeout). */
static long futex_wait(uint32_t uaddr, uint32_t val, uint32_t bitset, uint64_t deadline)
{
    if (!bitset)
        return -EINVAL;
    void *key;
    long err = futex_key(uaddr, &key);
    if (err)
        return err;
    uint32_t now;
    if (read_word(uaddr, &now, &key) < 0)
        return -EFAULT;
    if (now != val)
        return -EAGAIN;
    long slept = deadline ? sleep_on_until(key, deadline) : sleep_on(key);
    return slept == -ETIMEDOUT ? -ETIMEDOUT : slept < 0 ? -EINTR : 0;
}

/* FUTEX_WAKE(_BITSET): wake up to `val` sleepers on the word. */
static long futex_wake(uint32_t uaddr, int shared, uint32_t val, uint32_t bitset)
{
    if (!bitset)
        return -EINVAL;
    void *key;
    long err = futex_key(uaddr, &key);
    if (err)
        return err;
    uint32_t word;
    if (shared && read_word(uaddr, &word, &key) < 0)
        return -EFAULT;
    int woken = 0;
    for (int i = 0; i < NPROC && woken < (int)val && key; i++)
        if (proc_table[i].state == PROC_SLEEPING && proc_table[i].chan == key) {
            proc_table[i].state = PROC_RUNNABLE;
            woken++;
        }
    return woken;
}

long sys_futex(uint32_t uaddr, int op, uint32_t val, const struct timespec32 *utime,
               uint32_t uaddr2, uint32_t val3)
{
    (void)uaddr2;
    int cmd = op & FUTEX_CMD_MASK;
    struct timespec32 timeout;
    int timed = utime && has_timeout(cmd);
    if (timed) {
        long err = check_timeout(utime, &timeout);
        if (err)
            return err;
    }
    if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET &&
        cmd != FUTEX_WAIT_REQUEUE_PI && cmd != FUTEX_LOCK_PI2)
        return -ENOSYS;
    int shared = !(op & FUTEX_PRIVATE_FLAG);
    /* FUTEX_WAIT's timeout is relative; WAIT_BITSET's an absolute time. */
    int clk = (op & FUTEX_CLOCK_REALTIME) ? CLOCK_REALTIME : CLOCK_MONOTONIC;
    uint64_t deadline = timed ? time_deadline(clk, &timeout, cmd != FUTEX_WAIT) : 0;
    if (timed && deadline == 0)
        deadline = 1;                    /* 0 means "none": already due */
    switch (cmd) {
    case FUTEX_WAIT:
        return futex_wait(uaddr, val, FUTEX_BITSET_MATCH_ANY, deadline);
    case FUTEX_WAIT_BITSET:
        return futex_wait(uaddr, val, val3, deadline);
    case FUTEX_WAKE:
        return futex_wake(uaddr, shared, val, FUTEX_BITSET_MATCH_ANY);
    case FUTEX_WAKE_BITSET:
        return futex_wake(uaddr, shared, val, val3);
    default:
        return -ENOSYS;
    }
}
