/*
 * fs/sys_select.c - select, pselect6 and ppoll, built on poll's scan.
 *
 * select(2) names descriptors as bits in three sets (readable, writable,
 * exceptional).  Pagoda turns the set bits into poll entries (POLLIN,
 * POLLOUT, POLLPRI), waits as poll does (fs/sys_poll.c: every change
 * that may make a file ready wakes poll_chan, and so does every clock
 * tick), and turns the answers back into bits, with Linux's rules
 * (fs/select.c): a descriptor is readable on POLLIN, POLLHUP or POLLERR,
 * writable on POLLOUT or POLLERR, exceptional on POLLPRI; a set bit for
 * a closed descriptor is EBADF; nfds above the descriptor limit is cut
 * to it.  The time left is written back into the timeout, as Linux does
 * (a failure to write it is ignored, as Linux ignores it).
 *
 * pselect6 and ppoll take a signal mask too, in force only while they
 * wait (proc/signal.h signal_mask_set_temporarily).
 */
#include "fs/syscalls.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "kernel/errno.h"
#include "kernel/tsc.h"
#include "mm/uaccess.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "proc/syscalls.h"

#define NS_PER_SEC   1000000000ll
#define NFD_BITS     32
#define SEL_WORDS    ((NOFILE + NFD_BITS - 1) / NFD_BITS)
#define SEL_IN       (POLLIN | POLLHUP | POLLERR)
#define SEL_OUT      (POLLOUT | POLLERR)
#define SEL_EX       POLLPRI

struct timespec64k { int64_t sec, nsec; };        /* __kernel_timespec */

/* The three sets of one select call, in kernel memory. */
struct fdsets {
    uint32_t in[SEL_WORDS], out[SEL_WORDS], ex[SEL_WORDS];
};

static int bit(const uint32_t *set, int fd)
{
    return (set[fd / NFD_BITS] >> (fd % NFD_BITS)) & 1;
}

static void set_bit_(uint32_t *set, int fd)
{
    set[fd / NFD_BITS] |= 1u << (fd % NFD_BITS);
}

/* Copy one user set of n bits in (a NULL set is empty). */
static int get_set(uint32_t *set, const uint32_t *uset, int n)
{
    for (int i = 0; i < SEL_WORDS; i++)
        set[i] = 0;
    return uset ? copy_from_user(set, uset, (n + NFD_BITS - 1) / NFD_BITS * 4) : 0;
}

static int put_set(uint32_t *uset, const uint32_t *set, int n)
{
    return uset ? copy_to_user(uset, set, (n + NFD_BITS - 1) / NFD_BITS * 4) : 0;
}

/* One look at every descriptor in the sets: fills res with the ready
 * ones and returns how many bits it set, or -EBADF. */
static int select_scan(int n, const struct fdsets *want, struct fdsets *res)
{
    int count = 0;
    *res = (struct fdsets){ 0 };
    for (int fd = 0; fd < n; fd++) {
        int in = bit(want->in, fd), out = bit(want->out, fd), ex = bit(want->ex, fd);
        if (!in && !out && !ex)
            continue;
        struct file *f = fd_get(fd);
        if (!f)
            return -EBADF;
        int mask = file_poll(f);
        file_put(f);
        if (in && (mask & SEL_IN)) { set_bit_(res->in, fd); count++; }
        if (out && (mask & SEL_OUT)) { set_bit_(res->out, fd); count++; }
        if (ex && (mask & SEL_EX)) { set_bit_(res->ex, fd); count++; }
    }
    return count;
}

/* The heart of select: wait up to timeout_ns (-1: for ever) for one of
 * the descriptors below n; the sets are replaced by the ready ones. */
static long do_select(int n, uint32_t *inp, uint32_t *outp, uint32_t *exp,
                      int64_t timeout_ns, int64_t *left_ns)
{
    if (n < 0)
        return -EINVAL;
    if (n > fd_limit())
        n = fd_limit();
    struct fdsets want, res;
    if (get_set(want.in, inp, n) < 0 || get_set(want.out, outp, n) < 0 ||
        get_set(want.ex, exp, n) < 0)
        return -EFAULT;
    uint64_t deadline = ktime_get_ns() + (timeout_ns > 0 ? (uint64_t)timeout_ns : 0);
    long r;
    for (;;) {
        r = select_scan(n, &want, &res);
        if (r != 0 || timeout_ns == 0 || (timeout_ns > 0 && ktime_get_ns() >= deadline))
            break;
        if (sleep_on(&poll_chan) < 0) {
            r = -EINTR;
            break;
        }
    }
    if (timeout_ns > 0) {
        uint64_t now = ktime_get_ns();
        *left_ns = now >= deadline ? 0 : (int64_t)(deadline - now);
    }
    if (r >= 0 && (put_set(inp, res.in, n) < 0 || put_set(outp, res.out, n) < 0 ||
                   put_set(exp, res.ex, n) < 0))
        return -EFAULT;
    return r;
}

/* A timeval or timespec timeout in ns: -1 for NULL (for ever), -EINVAL
 * for a negative or overlong one, -EFAULT for a bad pointer (as the
 * return value, with *ns untouched). */
static int timeval_in(const struct timeval32 *utv, int64_t *ns)
{
    struct timeval32 tv;
    if (!utv) { *ns = -1; return 0; }
    if (copy_from_user(&tv, utv, sizeof(tv)) < 0)
        return -EFAULT;
    /* Linux carries whole seconds out of tv_usec before it checks. */
    int64_t sec = (int64_t)tv.sec + tv.usec / 1000000, usec = tv.usec % 1000000;
    if (sec < 0 || usec < 0)
        return -EINVAL;
    *ns = sec * NS_PER_SEC + usec * 1000;
    return 0;
}

static int timespec_in(const void *uts, int time64, int64_t *ns)
{
    struct timespec64k ts;
    if (!uts) { *ns = -1; return 0; }
    if (time64) {
        if (copy_from_user(&ts, uts, sizeof(ts)) < 0)
            return -EFAULT;
    } else {
        struct timespec32 t32;
        if (copy_from_user(&t32, uts, sizeof(t32)) < 0)
            return -EFAULT;
        ts = (struct timespec64k){ t32.sec, t32.nsec };
    }
    if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= NS_PER_SEC)
        return -EINVAL;
    *ns = ts.sec > 0x7fffffffll ? 0x7fffffffll * NS_PER_SEC : ts.sec * NS_PER_SEC + ts.nsec;
    return 0;
}

/* Write the time left back, ignoring a bad pointer as Linux does. */
static void timespec_out(void *uts, int time64, int64_t left)
{
    if (time64) {
        struct timespec64k ts = { left / NS_PER_SEC, left % NS_PER_SEC };
        copy_to_user(uts, &ts, sizeof(ts));
    } else {
        struct timespec32 ts = { (int32_t)(left / NS_PER_SEC), (int32_t)(left % NS_PER_SEC) };
        copy_to_user(uts, &ts, sizeof(ts));
    }
}

long sys__newselect(int n, uint32_t *inp, uint32_t *outp, uint32_t *exp, void *utv)
{
    int64_t ns, left = 0;
    int err = timeval_in(utv, &ns);
    if (err)
        return err;
    long r = do_select(n, inp, outp, exp, ns, &left);
    if (utv && ns > 0) {
        struct timeval32 tv = { (int32_t)(left / NS_PER_SEC),
                                (int32_t)(left % NS_PER_SEC / 1000) };
        copy_to_user(utv, &tv, sizeof(tv));
    }
    return r;
}

/* The old select (82) takes its five arguments in a block. */
struct sel_arg_struct { uint32_t n, inp, outp, exp, tvp; };

long sys_select(struct sel_arg_struct *uargs)
{
    struct sel_arg_struct a;
    if (copy_from_user(&a, uargs, sizeof(a)) < 0)
        return -EFAULT;
    return sys__newselect((int)a.n, (uint32_t *)(uintptr_t)a.inp, (uint32_t *)(uintptr_t)a.outp,
                          (uint32_t *)(uintptr_t)a.exp, (void *)(uintptr_t)a.tvp);
}

/* pselect6's sixth argument: { const sigset_t *ss; size_t ss_len }. */
static int sigarg_in(const void *usig, int *has_mask, uint64_t *mask)
{
    uint32_t arg[2];
    *has_mask = 0;
    if (!usig)
        return 0;
    if (copy_from_user(arg, usig, sizeof(arg)) < 0)
        return -EFAULT;
    if (!arg[0])
        return 0;
    if (arg[1] != sizeof(uint64_t))
        return -EINVAL;
    if (copy_from_user(mask, (const void *)(uintptr_t)arg[0], sizeof(*mask)) < 0)
        return -EFAULT;
    *has_mask = 1;
    return 0;
}

static long pselect_common(int n, uint32_t *inp, uint32_t *outp, uint32_t *exp,
                           void *uts, void *usig, int time64)
{
    int64_t ns, left = 0;
    int has_mask;
    uint64_t mask;
    int err = timespec_in(uts, time64, &ns);
    if (!err)
        err = sigarg_in(usig, &has_mask, &mask);
    if (err)
        return err;
    if (has_mask)
        signal_mask_set_temporarily(mask);
    long r = do_select(n, inp, outp, exp, ns, &left);
    if (has_mask)
        signal_mask_restore(r == -EINTR);
    if (uts && ns > 0)
        timespec_out(uts, time64, left);
    return r;
}

long sys_pselect6(int n, uint32_t *inp, uint32_t *outp, uint32_t *exp, void *uts,
                  void *usig)
{
    return pselect_common(n, inp, outp, exp, uts, usig, 0);
}

long sys_pselect6_time64(int n, uint32_t *inp, uint32_t *outp, uint32_t *exp,
                         void *uts, void *usig)
{
    return pselect_common(n, inp, outp, exp, uts, usig, 1);
}

static long ppoll_common(struct pollfd *ufds, uint32_t nfds, void *uts,
                         const uint64_t *umask, uint32_t setsize, int time64)
{
    int64_t ns;
    uint64_t mask;
    int err = timespec_in(uts, time64, &ns);
    if (err)
        return err;
    if (umask) {
        if (setsize != sizeof(uint64_t))
            return -EINVAL;
        if (copy_from_user(&mask, umask, sizeof(mask)) < 0)
            return -EFAULT;
        signal_mask_set_temporarily(mask);
    }
    uint64_t start = ktime_get_ns();
    long r = poll_user(ufds, nfds, ns);
    if (umask)
        signal_mask_restore(r == -EINTR);
    if (uts && ns > 0) {
        uint64_t spent = ktime_get_ns() - start;
        timespec_out(uts, time64, spent >= (uint64_t)ns ? 0 : ns - (int64_t)spent);
    }
    return r;
}

long sys_ppoll(struct pollfd *ufds, uint32_t nfds, void *uts, const uint64_t *umask,
               uint32_t setsize)
{
    return ppoll_common(ufds, nfds, uts, umask, setsize, 0);
}

long sys_ppoll_time64(struct pollfd *ufds, uint32_t nfds, void *uts,
                      const uint64_t *umask, uint32_t setsize)
{
    return ppoll_common(ufds, nfds, uts, umask, setsize, 1);
}
