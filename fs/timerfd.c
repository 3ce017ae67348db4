/*
 * fs/timerfd.c - timerfd_create, timerfd_settime, timerfd_gettime: a
 * timer read through a file descriptor.
 *
 * Each timerfd is a nameless file ("anon_inode:[timerfd]") whose private
 * data is a struct timerfd: the ktime of its next expiry (an absolute
 * CLOCK_REALTIME time is turned into one when set), its interval, and the
 * count of expirations not yet read.  The tick (kernel/timer.h) adds the
 * expirations that are due to the count, wakes readers and poll(); a read
 * takes the count as 8 bytes and sets it to 0, blocking while it is 0
 * (-EAGAIN with O_NONBLOCK).  All timerfds are on one list for the tick.
 */
#include "fs/anon_inode.h"
#include "fs/fcntl.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/syscalls.h"
#include "kernel/errno.h"
#include "kernel/timer.h"
#include "kernel/tsc.h"
#include "mm/kheap.h"
#include "mm/uaccess.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/syscalls.h"

#define CLOCK_REALTIME        0
#define CLOCK_MONOTONIC       1
#define CLOCK_BOOTTIME        7
#define CLOCK_REALTIME_ALARM  8
#define CLOCK_BOOTTIME_ALARM  9
#define TFD_NONBLOCK          O_NONBLOCK
#define TFD_CLOEXEC           O_CLOEXEC
#define TFD_TIMER_ABSTIME     1
#define TFD_TIMER_CANCEL_ON_SET 2

struct itimerspec32 {
    struct timespec32 interval, value;
};

struct timerfd {
    struct timerfd *next, *prev;   /* the list of all timerfds */
    int clock;
    uint64_t expires;              /* ktime; 0 = disarmed */
    uint64_t interval;             /* ns; 0 = one shot */
    uint64_t ticks;                /* expirations not yet read */
};

static struct timerfd *all_timerfds;

/* Count t's expirations up to now; re-arm it past now or disarm it.
 * Wakes its readers and poll() when it counted any.  Called at every
 * tick and before t is read, so a read never misses a due expiry. */
static void timerfd_update(struct timerfd *t, uint64_t now)
{
    if (!t->expires || now < t->expires)
        return;
    if (t->interval) {
        uint64_t n = (now - t->expires) / t->interval + 1;
        t->ticks += n;
        t->expires += n * t->interval;
    } else {
        t->ticks++;
        t->expires = 0;
    }
    wakeup(t);
    poll_wakeup();
}

static void timerfd_tick(void)
{
    uint64_t now = ktime_get_ns();
    for (struct timerfd *t = all_timerfds; t; t = t->next)
        timerfd_update(t, now);
}

void timerfd_init(void)
{
    timer_add_tick_hook(timerfd_tick);
}

/* read(): the 8-byte count of expirations since the last read. */
static long timerfd_read(struct file *f, char *ubuf, uint32_t n, uint32_t *pos)
{
    (void)pos;
    struct timerfd *t = f->private;
    if (n < sizeof(uint64_t))
        return -EINVAL;
    for (;;) {
        timerfd_update(t, ktime_get_ns());
        if (t->ticks)
            break;
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (sleep_on(t) < 0)
            return -EINTR;
    }
    if (copy_to_user(ubuf, &t->ticks, sizeof(t->ticks)) < 0)
        return -EFAULT;
    t->ticks = 0;
    return sizeof(uint64_t);
}

static int timerfd_poll(struct file *f)
{
    struct timerfd *t = f->private;
    timerfd_update(t, ktime_get_ns());
    return t->ticks ? POLLIN | POLLRDNORM : 0;
}

static void timerfd_release(struct file *f)
{
    struct timerfd *t = f->private;
    if (t->prev)
        t->prev->next = t->next;
    else
        all_timerfds = t->next;
    if (t->next)
        t->next->prev = t->prev;
    kfree(t);
}

static const struct file_operations timerfd_file_ops = {
    .read = timerfd_read,
    .poll = timerfd_poll,
    .release = timerfd_release,
};

/* timerfd_create(clock, flags): REALTIME, MONOTONIC or BOOTTIME; the
 * alarm clocks need CAP_WAKE_ALARM (-EPERM), others are -EINVAL. */
long sys_timerfd_create(int clk, int flags)
{
    if (flags & ~(TFD_NONBLOCK | TFD_CLOEXEC))
        return -EINVAL;
    if (clk == CLOCK_REALTIME_ALARM || clk == CLOCK_BOOTTIME_ALARM)
        return -EPERM;
    if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC && clk != CLOCK_BOOTTIME)
        return -EINVAL;
    struct timerfd *t = kzalloc(sizeof(*t));
    struct file *f;
    if (!t)
        return -ENOMEM;
    t->clock = clk;
    if (anon_inode_file("[timerfd]", &timerfd_file_ops, t, O_RDWR | (flags & O_NONBLOCK), &f) < 0) {
        kfree(t);
        return -ENOMEM;
    }
    t->next = all_timerfds;
    if (all_timerfds)
        all_timerfds->prev = t;
    all_timerfds = t;
    int fd = fd_install(f, 0, flags & TFD_CLOEXEC);
    if (fd < 0)
        file_put(f);
    return fd;
}

/* The timerfd open as fd, with a reference: -EBADF if fd is not open,
 * -EINVAL if it is not a timerfd. */
static long timerfd_get(int fd, struct file **out)
{
    struct file *f = fd_get(fd);
    if (!f)
        return -EBADF;
    if (f->ops != &timerfd_file_ops) {
        file_put(f);
        return -EINVAL;
    }
    *out = f;
    return 0;
}

static void ns_to_ts(uint64_t ns, struct timespec32 *ts)
{
    ts->sec = (int32_t)(ns / NSEC_PER_SEC);
    ts->nsec = (int32_t)(ns % NSEC_PER_SEC);
}

static int ts_valid(const struct timespec32 *ts)
{
    return ts->sec >= 0 && ts->nsec >= 0 && ts->nsec < (int32_t)NSEC_PER_SEC;
}

/* What is left of t and its interval (armed but due: 1 ns). */
static void timerfd_value(struct timerfd *t, struct itimerspec32 *v)
{
    uint64_t now = ktime_get_ns(), left = 0;
    timerfd_update(t, now);
    if (t->expires)
        left = t->expires > now ? t->expires - now : 1;
    ns_to_ts(left, &v->value);
    ns_to_ts(t->interval, &v->interval);
}

long sys_timerfd_gettime(int fd, struct itimerspec32 *ucur)
{
    struct file *f;
    long err = timerfd_get(fd, &f);
    if (err)
        return err;
    struct itimerspec32 v;
    timerfd_value(f->private, &v);
    file_put(f);
    return copy_to_user(ucur, &v, sizeof(v)) < 0 ? -EFAULT : 0;
}

/* timerfd_settime(fd, flags, new, old): a zero value disarms; setting
 * also drops the expirations not yet read, as on Linux. */
long sys_timerfd_settime(int fd, int flags, const struct itimerspec32 *unew,
                         struct itimerspec32 *uold)
{
    struct itimerspec32 nv, ov;
    struct file *f;
    if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
        return -EINVAL;
    if (copy_from_user(&nv, unew, sizeof(nv)) < 0)
        return -EFAULT;
    if (!ts_valid(&nv.value) || !ts_valid(&nv.interval))
        return -EINVAL;
    long err = timerfd_get(fd, &f);
    if (err)
        return err;
    struct timerfd *t = f->private;
    timerfd_value(t, &ov);
    if (uold && copy_to_user(uold, &ov, sizeof(ov)) < 0) {
        file_put(f);
        return -EFAULT;
    }
    int on = nv.value.sec || nv.value.nsec;
    int clk = t->clock == CLOCK_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC;
    uint64_t at = on ? time_deadline(clk, &nv.value, flags & TFD_TIMER_ABSTIME) : 0;
    t->expires = on ? (at ? at : 1) : 0;
    t->interval = on ? (uint64_t)nv.interval.sec * NSEC_PER_SEC + (uint32_t)nv.interval.nsec : 0;
    t->ticks = 0;
    file_put(f);
    return 0;
}
