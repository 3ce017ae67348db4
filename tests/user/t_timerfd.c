/*
 * tests/user/t_timerfd.c - timerfd_create, timerfd_settime,
 * timerfd_gettime, and reading and polling a timerfd; called through
 * syscall() so that both C libraries run the same calls.
 *
 * Timing is never asserted exactly: a timer must expire within a generous
 * bound, remaining times lie in wide windows, counts are "at least".
 */
#include "check.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>

#define SEC_NS        1000000000LL
#define TFD_NONBLOCK_ O_NONBLOCK
#define TFD_CLOEXEC_  O_CLOEXEC
#define ABSTIME_      1

struct kitimerspec { struct timespec interval, value; };
struct kpollfd { int fd; short events, revents; };
#define POLLIN_       1

/* poll(2) itself (Pagoda's libc has no poll wrapper). */
static int kpoll(struct kpollfd *p, int n, int ms)
{
    return (int)syscall(SYS_poll, p, n, ms);
}

static int tcreate(int clk, int flags)
{
    return (int)syscall(SYS_timerfd_create, clk, flags);
}

static long tset(int fd, int flags, long long value_ns, long long interval_ns,
                 struct kitimerspec *old)
{
    struct kitimerspec v = { { interval_ns / SEC_NS, interval_ns % SEC_NS },
                             { value_ns / SEC_NS, value_ns % SEC_NS } };
    return syscall(SYS_timerfd_settime, fd, flags, &v, old);
}

static long long ts_ns(struct timespec t) { return t.tv_sec * SEC_NS + t.tv_nsec; }

static long long now_ns(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return ts.tv_sec * SEC_NS + ts.tv_nsec;
}

static void check_errors(void)
{
    errno = 0;
    int r1 = tcreate(100, 0), e1 = errno;
    int r2 = tcreate(CLOCK_MONOTONIC, 0x10), e2 = errno;
    int r3 = tcreate(CLOCK_PROCESS_CPUTIME_ID, 0), e3 = errno;
    CHECK("create_einval", r1 == -1 && e1 == EINVAL && r2 == -1 && e2 == EINVAL &&
          r3 == -1 && e3 == EINVAL, "clock 100 %d/%d flags %d/%d cputime %d/%d",
          r1, e1, r2, e2, r3, e3);
    int fd = tcreate(CLOCK_MONOTONIC, 0);
    struct kitimerspec bad = { { 0, 0 }, { 1, 1000000000 } }, v;
    long r4 = syscall(SYS_timerfd_settime, fd, 0, &bad, NULL);
    int e4 = errno;
    long r5 = tset(fd, 0x10, SEC_NS, 0, NULL);
    int e5 = errno;
    CHECK("settime_einval", r4 == -1 && e4 == EINVAL && r5 == -1 && e5 == EINVAL,
          "nsec 1e9 %ld/%d flags %ld/%d", r4, e4, r5, e5);
    long r6 = syscall(SYS_timerfd_gettime, 1000, &v);
    int e6 = errno;
    long r7 = syscall(SYS_timerfd_gettime, 0, &v);     /* not a timerfd */
    int e7 = errno;
    long r8 = syscall(SYS_timerfd_gettime, fd, (void *)1);
    int e8 = errno;
    CHECK("gettime_errors", r6 == -1 && e6 == EBADF && r7 == -1 && e7 == EINVAL &&
          r8 == -1 && e8 == EFAULT, "bad fd %ld/%d, stdin %ld/%d, bad buf %ld/%d",
          r6, e6, r7, e7, r8, e8);
    char small[4];
    tset(fd, 0, 1000000, 0, NULL);
    long r9 = read(fd, small, sizeof(small));
    int e9 = errno;
    CHECK("read_small_einval", r9 == -1 && e9 == EINVAL, "read 4: %ld/%d", r9, e9);
    close(fd);
}

static void check_values(void)
{
    int fd = tcreate(CLOCK_MONOTONIC, 0);
    struct kitimerspec v, old;
    syscall(SYS_timerfd_gettime, fd, &v);
    CHECK("new_disarmed", ts_ns(v.value) == 0 && ts_ns(v.interval) == 0, "value %lld",
          ts_ns(v.value));
    tset(fd, 0, 100 * SEC_NS, 2 * SEC_NS, NULL);
    syscall(SYS_timerfd_gettime, fd, &v);
    CHECK("gettime_remaining", ts_ns(v.value) > 90 * SEC_NS && ts_ns(v.value) <= 100 * SEC_NS &&
          ts_ns(v.interval) == 2 * SEC_NS, "value %lld interval %lld", ts_ns(v.value),
          ts_ns(v.interval));
    tset(fd, 0, 0, 0, &old);
    syscall(SYS_timerfd_gettime, fd, &v);
    CHECK("settime_old_and_disarm", ts_ns(old.value) > 90 * SEC_NS && ts_ns(v.value) == 0,
          "old %lld now %lld", ts_ns(old.value), ts_ns(v.value));
    close(fd);
}

static void check_reads(void)
{
    int fd = tcreate(CLOCK_MONOTONIC, TFD_NONBLOCK_);
    uint64_t n = 0;
    long r = read(fd, &n, sizeof(n));
    int e = errno;
    CHECK("nonblock_eagain", r == -1 && e == EAGAIN, "read %ld/%d", r, e);
    int fl = fcntl(fd, F_GETFL);
    CHECK("nonblock_flag", (fl & O_NONBLOCK) && (fl & O_ACCMODE) == O_RDWR, "flags %#x", fl);
    close(fd);

    fd = tcreate(CLOCK_MONOTONIC, 0);
    tset(fd, 0, 10000000, 0, NULL);                    /* 10 ms, once */
    r = read(fd, &n, sizeof(n));
    CHECK("read_blocks_then_one", r == 8 && n == 1, "read %ld n %llu", r,
          (unsigned long long)n);
    struct kitimerspec v;
    syscall(SYS_timerfd_gettime, fd, &v);
    CHECK("one_shot_disarmed", ts_ns(v.value) == 0, "value %lld", ts_ns(v.value));
    tset(fd, 0, 1000000, 1000000, NULL);               /* every 1 ms */
    usleep(200000);
    r = read(fd, &n, sizeof(n));
    CHECK("interval_counts", r == 8 && n >= 100, "read %ld n %llu", r, (unsigned long long)n);
    tset(fd, 0, 0, 0, NULL);
    close(fd);

    fd = tcreate(CLOCK_REALTIME, TFD_NONBLOCK_);
    tset(fd, ABSTIME_, now_ns(CLOCK_REALTIME) + 20000000, 0, NULL);
    struct kpollfd p = { fd, POLLIN_, 0 };
    int pr0 = kpoll(&p, 1, 0);
    int pr = kpoll(&p, 1, 20000);
    r = read(fd, &n, sizeof(n));
    CHECK("poll_abstime_realtime", pr0 == 0 && pr == 1 && (p.revents & POLLIN_) && r == 8 && n == 1,
          "poll %d then %d revents %#x read %ld n %llu", pr0, pr, p.revents, r,
          (unsigned long long)n);
    close(fd);

    fd = tcreate(CLOCK_BOOTTIME, 0);
    tset(fd, ABSTIME_, SEC_NS, 0, NULL);               /* long past */
    r = read(fd, &n, sizeof(n));
    CHECK("abstime_past_expires", r == 8 && n == 1, "read %ld n %llu", r,
          (unsigned long long)n);
    close(fd);
}

static void check_fd(void)
{
    int fd = tcreate(CLOCK_MONOTONIC, TFD_CLOEXEC_);
    CHECK("cloexec", fcntl(fd, F_GETFD) == FD_CLOEXEC, "F_GETFD %d", fcntl(fd, F_GETFD));
    char path[64], link[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    long n = readlink(path, link, sizeof(link) - 1);
    if (n >= 0)
        link[n] = 0;
    CHECK("proc_fd_link", n > 0 && strcmp(link, "anon_inode:[timerfd]") == 0,
          "readlink %ld '%s'", n, n > 0 ? link : "");
    tset(fd, 0, 100 * SEC_NS, 0, NULL);
    int st;
    pid_t pid = fork();
    if (pid == 0) {
        struct kitimerspec v;
        syscall(SYS_timerfd_gettime, fd, &v);
        _exit(ts_ns(v.value) > 0 ? 0 : 1);
    }
    wait_for(pid, &st);
    CHECK("fork_shares", exited_with(st, 0), "child: %s", wstr(st));
    close(fd);
}

/* The C library's wrappers reach the same calls. */
static void check_libc(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    struct itimerspec v = { { 0, 0 }, { 0, 1000000 } }, cur;
    int rs = timerfd_settime(fd, 0, &v, NULL);
    usleep(50000);
    uint64_t n = 0;
    long r = read(fd, &n, sizeof(n));
    int rg = timerfd_gettime(fd, &cur);
    CHECK("libc_wrappers", fd >= 0 && rs == 0 && r == 8 && n == 1 && rg == 0 &&
          cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0,
          "fd %d settime %d read %ld n %llu gettime %d", fd, rs, r,
          (unsigned long long)n, rg);
    close(fd);
}

int main(void)
{
    check_libc();
    check_errors();
    check_values();
    check_reads();
    check_fd();
    return finish();
}
