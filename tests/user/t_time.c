/*
 * t_time - clocks and CPU-time accounting.
 *
 *   - a busy loop in user mode is charged as user time, not system time;
 *   - long system calls (8 MiB pwrites) are charged as system time, and
 *     CLOCK_MONOTONIC advances across them by at least the CPU time they
 *     took (a clock that lost ticks while the kernel had interrupts off
 *     would fall behind);
 *   - CLOCK_MONOTONIC never goes backwards;
 *   - times(), getrusage() and /proc/self/stat agree; times() counts
 *     clock ticks (100 a second) like CLOCK_MONOTONIC;
 *   - a child's times reach the parent's RUSAGE_CHILDREN, times() and
 *     /proc/self/stat only once it has been waited for, and wait4's
 *     rusage reports them;
 *   - wait4 with a bad status or rusage pointer reaps the child all the
 *     same and then says EFAULT (Linux's kernel_wait4); unknown options
 *     are EINVAL and reap nothing.
 *
 * With the argument "wall" it only runs very long system calls between
 * two lines, "WALL_START <ns>" and "WALL_END <ns>" (CLOCK_MONOTONIC), so
 * that tests/test_time.py can compare the guest's clock with the host's.
 *
 * The bad-pointer checks use syscall(): glibc's wrappers for getrusage,
 * times and wait4 copy through buffers of their own, so the bad pointer
 * would fault in user mode instead of reaching the kernel.
 *
 * Every bound is one-sided or generous, so a loaded machine cannot make
 * a check fail: being descheduled adds wall time, never CPU time.
 */
#include "check.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <time.h>

#define CLK_TCK       100                  /* USER_HZ */
#define MS            1000000LL            /* ns */
#define BIG           (8u << 20)           /* bytes per long pwrite (the image leaves room for 8 MiB files) */
#define BUSY_NS       (300 * MS)           /* CPU time each phase burns */
#define WALL_READS    12                   /* readvs in "wall" mode ... */
#define WALL_IOVECS   8                    /* ... of 8 x 8 MiB each */
#define SCRATCH       "/tmp/t_time.data"

static long long now_ns(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long tv_ns(struct timeval tv)
{
    return tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
}

/* Our user and system time so far, in ns (getrusage). */
static void self_times(long long *user, long long *sys)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) < 0) {
        *user = *sys = -1;
        return;
    }
    *user = tv_ns(ru.ru_utime);
    *sys = tv_ns(ru.ru_stime);
}

/* Burn CPU in user mode until this process has used `ns` more CPU time. */
static volatile unsigned sink;
static void busy_user(long long ns)
{
    long long end = now_ns(CLOCK_PROCESS_CPUTIME_ID) + ns;
    while (now_ns(CLOCK_PROCESS_CPUTIME_ID) < end)
        for (unsigned i = 0; i < 200000; i++)
            sink = sink * 33 + i;
}

/* Read a whole (small) /proc file into buf as a string; 0 or -1. */
static int read_proc_file(const char *path, char *buf, int size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    int n = read(fd, buf, size - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    return 0;
}

/* The fields of /proc/self/stat by number (f[10] minflt, f[14] utime,
 * f[15] stime, f[16] cutime, f[17] cstime, f[22] starttime; times in
 * clock ticks); 0 on success. */
#define STAT_FIELDS 53
static int proc_stat(long f[STAT_FIELDS])
{
    char buf[1024];
    if (read_proc_file("/proc/self/stat", buf, sizeof(buf)) < 0)
        return -1;
    char *p = strrchr(buf, ')');           /* the name may hold spaces */
    if (!p)
        return -1;
    int field = 2;
    for (p++; *p && field < STAT_FIELDS - 1; p++)
        if (*p == ' ') {
            field++;
            f[field] = atol(p + 1);
        }
    return field >= 22 ? 0 : -1;
}

/* The state letter of /proc/PID/stat, or '?'. */
static char proc_state(int pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return '?';
    int n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return '?';
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    return p && p[1] == ' ' ? p[2] : '?';
}

/* Long system calls: pwrite 8 MiB at offset 0 until `ns` of CPU time
 * went by (or `count` times, if count > 0).  Returns the pwrites done,
 * or -1 if one failed. */
static char *big_buf;                     /* kept: getrusage_maxrss counts it */
static int long_syscalls(long long ns, int count)
{
    char *buf = big_buf ? big_buf : (big_buf = malloc(BIG));
    int fd = open(SCRATCH, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (!buf || fd < 0)
        return -1;
    memset(buf, 'x', BIG);                 /* fault it in first */
    long long end = now_ns(CLOCK_PROCESS_CPUTIME_ID) + ns;
    int done = 0;
    while (count > 0 ? done < count : now_ns(CLOCK_PROCESS_CPUTIME_ID) < end) {
        if (pwrite(fd, buf, BIG, 0) != (ssize_t)BIG) {
            done = -1;
            break;
        }
        done++;
    }
    close(fd);
    unlink(SCRATCH);
    return done;
}

static void check_user_time(void)
{
    long long u0, s0, u1, s1;
    self_times(&u0, &s0);
    busy_user(BUSY_NS);
    self_times(&u1, &s1);
    long long du = u1 - u0, ds = s1 - s0;
    CHECK("busy_loop_is_user_time", u0 >= 0 && du >= BUSY_NS * 8 / 10 && ds <= BUSY_NS / 5,
          "a %lld ms user-mode loop: utime +%lld ms, stime +%lld ms",
          BUSY_NS / MS, du / MS, ds / MS);
}

static void check_system_time(void)
{
    long long u0, s0, u1, s1;
    self_times(&u0, &s0);
    long long m0 = now_ns(CLOCK_MONOTONIC);
    int n = long_syscalls(BUSY_NS, 0);
    long long m1 = now_ns(CLOCK_MONOTONIC);
    self_times(&u1, &s1);
    long long du = u1 - u0, ds = s1 - s0;
    CHECK("long_syscalls_are_system_time", n > 0 && ds >= (du + ds) / 2 && ds >= 100 * MS,
          "%d pwrites of 8 MiB: utime +%lld ms, stime +%lld ms", n, du / MS, ds / MS);
    /* Wall time is at least the CPU time used (1 ms for rounding). */
    CHECK("monotonic_covers_cpu_time", m1 - m0 + MS >= du + ds,
          "CLOCK_MONOTONIC +%lld ms across %lld ms of CPU time", (m1 - m0) / MS,
          (du + ds) / MS);
}

static void check_monotonic(void)
{
    long long prev = now_ns(CLOCK_MONOTONIC), back = 0;
    for (int i = 0; i < 20000; i++) {
        long long t = now_ns(CLOCK_MONOTONIC);
        if (t < prev)
            back++;
        prev = t;
        if (i % 2000 == 0)
            getppid();                     /* a trap in between */
    }
    CHECK("monotonic_never_backwards", back == 0, "went back %lld times", back);
    long long b = now_ns(CLOCK_BOOTTIME), m = now_ns(CLOCK_MONOTONIC);
    CHECK("boottime_is_monotonic", b > 0 && m >= b && m - b < 1000 * MS,
          "BOOTTIME %lld ms, MONOTONIC %lld ms", b / MS, m / MS);
    long long rc = now_ns(CLOCK_REALTIME_COARSE), r = now_ns(CLOCK_REALTIME);
    CHECK("realtime_coarse_behind", rc <= r && r - rc < 1000 * MS,
          "REALTIME_COARSE %lld, REALTIME %lld", rc, r);
}

/* Sleeps end no earlier than asked; which clocks can be slept on. */
static void check_sleeps(void)
{
    long long shortest = -1;
    for (int i = 0; i < 10; i++) {
        struct timespec req = { 0, 15 * MS };
        long long t0 = now_ns(CLOCK_MONOTONIC);
        nanosleep(&req, NULL);
        long long took = now_ns(CLOCK_MONOTONIC) - t0;
        if (shortest < 0 || took < shortest)
            shortest = took;
    }
    CHECK("nanosleep_not_early", shortest >= 15 * MS, "shortest 15 ms sleep took %lld us",
          shortest / 1000);
    shortest = -1;
    for (int i = 0; i < 10; i++) {
        long long t0 = now_ns(CLOCK_MONOTONIC);
        syscall(SYS_poll, NULL, 0, 15);        /* no descriptors: just the timeout */
        long long took = now_ns(CLOCK_MONOTONIC) - t0;
        if (shortest < 0 || took < shortest)
            shortest = took;
    }
    CHECK("poll_timeout_not_early", shortest >= 15 * MS, "shortest 15 ms poll took %lld us",
          shortest / 1000);
    struct timespec tiny = { 0, 1000 }, ts;
    int unsupported = 0, invalid = 0;
    for (int clk = 3; clk <= 6; clk++)         /* thread CPU, RAW, the COARSE two */
        unsupported += syscall(SYS_clock_nanosleep, clk, 0, &tiny, NULL) == -1 &&
                       errno == EOPNOTSUPP;
    invalid += syscall(SYS_clock_nanosleep, 10, 0, &tiny, NULL) == -1 && errno == EINVAL;
    invalid += syscall(SYS_clock_nanosleep, -1, 0, &tiny, NULL) == -1 && errno == EINVAL;
    CHECK("clock_nanosleep_clocks", unsupported == 4 && invalid == 2 &&
          syscall(SYS_clock_nanosleep, CLOCK_BOOTTIME, 0, &tiny, NULL) == 0,
          "%d of 4 EOPNOTSUPP, %d of 2 EINVAL", unsupported, invalid);
    CHECK("clock_tai", syscall(SYS_clock_gettime, 11, &ts) == 0 && ts.tv_sec > 1000000000,
          "CLOCK_TAI %ld s", (long)ts.tv_sec);
    CHECK("clock_getres", clock_getres(CLOCK_MONOTONIC, &ts) == 0 && ts.tv_sec == 0 &&
          ts.tv_nsec == 1 && clock_getres(CLOCK_MONOTONIC_COARSE, &ts) == 0 &&
          ts.tv_nsec > 1 && ts.tv_nsec <= 10 * MS, "coarse resolution %ld ns",
          (long)ts.tv_nsec);
}

/* The number after `key` in /proc/self/status, or -1. */
static long status_field(const char *key)
{
    static char buf[4096];
    if (read_proc_file("/proc/self/status", buf, sizeof(buf)) < 0)
        return -1;
    char *p = strstr(buf, key);
    return p ? atol(p + strlen(key)) : -1;
}

/* Each sleep is (at least) one voluntary context switch, and
 * /proc/self/status counts the same switches as getrusage. */
static void check_switches(void)
{
    struct rusage a, b;
    getrusage(RUSAGE_SELF, &a);
    for (int i = 0; i < 10; i++)
        usleep(2000);
    getrusage(RUSAGE_SELF, &b);
    long status = status_field("\nvoluntary_ctxt_switches:");
    CHECK("rusage_voluntary_switches", b.ru_nvcsw - a.ru_nvcsw >= 10,
          "10 sleeps: ru_nvcsw +%ld", b.ru_nvcsw - a.ru_nvcsw);
    CHECK("status_switches_match_rusage", status == b.ru_nvcsw,
          "status says %ld, getrusage %ld", status, b.ru_nvcsw);
}

/* times() and getrusage() and /proc/self/stat tell the same story. */
static void check_agreement(void)
{
    struct tms t;
    struct rusage ru;
    long st[STAT_FIELDS] = { 0 };
    clock_t r = times(&t);
    int ok = getrusage(RUSAGE_SELF, &ru) == 0 && proc_stat(st) == 0 && r != (clock_t)-1;
    long ru_u = tv_ns(ru.ru_utime) / (1000000000LL / CLK_TCK);
    long ru_s = tv_ns(ru.ru_stime) / (1000000000LL / CLK_TCK);
    CHECK("times_matches_rusage", ok && labs(t.tms_utime - ru_u) <= 2 && labs(t.tms_stime - ru_s) <= 2,
          "times %ld/%ld, getrusage %ld/%ld ticks", (long)t.tms_utime, (long)t.tms_stime,
          ru_u, ru_s);
    CHECK("proc_stat_matches_rusage", ok && labs(st[14] - ru_u) <= 2 && labs(st[15] - ru_s) <= 2,
          "/proc/self/stat %ld/%ld, getrusage %ld/%ld ticks", st[14], st[15], ru_u, ru_s);
    CHECK("getrusage_einval", getrusage(2, &ru) < 0 && errno == EINVAL &&
          getrusage(-2, &ru) < 0 && errno == EINVAL, "who 2 and -2");
    /* Raw calls: glibc's wrappers copy through a buffer of their own. */
    CHECK("getrusage_efault", syscall(SYS_getrusage, RUSAGE_SELF, 1) < 0 && errno == EFAULT,
          "bad pointer");
    CHECK("getrusage_maxrss", getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_maxrss >= (long)(BIG / 1024),
          "ru_maxrss %ld KiB after touching %u KiB", ru.ru_maxrss, BIG / 1024);
    CHECK("getrusage_minflt", ok && ru.ru_minflt > 0 && ru.ru_minflt >= st[10] &&
          ru.ru_minflt - st[10] <= 16, "ru_minflt %ld, /proc/self/stat minflt %ld",
          ru.ru_minflt, st[10]);

    /* times() counts ticks at CLOCK_MONOTONIC's pace. */
    long long m0 = now_ns(CLOCK_MONOTONIC);
    clock_t a = times(NULL);
    usleep(200 * 1000);
    clock_t b = times(NULL);
    long long m1 = now_ns(CLOCK_MONOTONIC);
    long ticks = (long)(b - a), mono = (long)((m1 - m0) / (1000000000LL / CLK_TCK));
    CHECK("times_counts_ticks", ticks >= 19 && labs(ticks - mono) <= 2,
          "times() +%ld, CLOCK_MONOTONIC +%ld ticks", ticks, mono);
    CHECK("times_efault", syscall(SYS_times, 1) == -1 && errno == EFAULT, "bad buf");
    CHECK("starttime_in_the_past", ok && st[22] >= 0 && st[22] * (1000000000LL / CLK_TCK) <=
          now_ns(CLOCK_BOOTTIME), "starttime %ld ticks", st[22]);
}

/* A child burns CPU in user mode; its parent sees the time only once it
 * has waited for it. */
static void check_children(void)
{
    struct rusage before, zombie, ru, after;
    getrusage(RUSAGE_CHILDREN, &before);
    int pid = fork();
    if (pid == 0) {
        busy_user(BUSY_NS);
        _exit(0);
    }
    long long limit = now_ns(CLOCK_MONOTONIC) + 60000 * MS;
    while (proc_state(pid) != 'Z' && now_ns(CLOCK_MONOTONIC) < limit)
        usleep(10 * 1000);
    getrusage(RUSAGE_CHILDREN, &zombie);
    CHECK("zombie_not_counted", tv_ns(zombie.ru_utime) == tv_ns(before.ru_utime),
          "RUSAGE_CHILDREN utime %lld -> %lld ms before the wait",
          tv_ns(before.ru_utime) / MS, tv_ns(zombie.ru_utime) / MS);
    int st;
    memset(&ru, 0, sizeof(ru));
    int got = wait4(pid, &st, 0, &ru);
    CHECK("wait4_rusage_utime", got == pid && tv_ns(ru.ru_utime) >= BUSY_NS * 8 / 10,
          "wait4 -> %d, child's utime %lld ms", got, tv_ns(ru.ru_utime) / MS);
    CHECK("wait4_rusage_faults", got == pid && ru.ru_minflt > 0 && ru.ru_maxrss > 0,
          "child minflt %ld, maxrss %ld KiB", ru.ru_minflt, ru.ru_maxrss);
    getrusage(RUSAGE_CHILDREN, &after);
    long long added = tv_ns(after.ru_utime) - tv_ns(before.ru_utime);
    CHECK("children_counted_after_wait", added == tv_ns(ru.ru_utime),
          "RUSAGE_CHILDREN utime +%lld ms, wait4 said %lld ms", added / MS,
          tv_ns(ru.ru_utime) / MS);
    struct tms t;
    long stat[STAT_FIELDS] = { 0 };
    times(&t);
    long want = (long)(tv_ns(after.ru_utime) / (1000000000LL / CLK_TCK));
    CHECK("times_cutime", labs(t.tms_cutime - want) <= 1,
          "tms_cutime %ld, RUSAGE_CHILDREN %ld ticks", (long)t.tms_cutime, want);
    CHECK("proc_stat_cutime", proc_stat(stat) == 0 && labs(stat[16] - want) <= 1,
          "/proc/self/stat cutime %ld, RUSAGE_CHILDREN %ld ticks", stat[16], want);
}

/* A child that exits with status 7, ready to be reaped. */
static int zombie_child(void)
{
    int pid = fork();
    if (pid == 0)
        _exit(7);
    long long limit = now_ns(CLOCK_MONOTONIC) + 60000 * MS;
    while (proc_state(pid) != 'Z' && now_ns(CLOCK_MONOTONIC) < limit)
        usleep(5 * 1000);
    return pid;
}

static void check_wait4_bad_pointers(void)
{
    int st = 0;
    int pid = zombie_child();
    int r = wait4(pid, (int *)1, 0, NULL);
    int e = errno;
    int again = waitpid(pid, &st, WNOHANG);
    CHECK("wait4_bad_status_efault", r == -1 && e == EFAULT, "wait4 -> %d errno %d", r, e);
    CHECK("wait4_bad_status_reaped", again == -1 && errno == ECHILD,
          "then waitpid -> %d errno %d", again, errno);

    int *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    pid = zombie_child();
    r = waitpid(pid, ro, 0);
    e = errno;
    again = waitpid(pid, &st, WNOHANG);
    CHECK("waitpid_readonly_status_reaped", r == -1 && e == EFAULT && again == -1 &&
          errno == ECHILD, "waitpid -> %d errno %d, then %d errno %d", r, e, again, errno);

    pid = zombie_child();
    st = 0;
    r = syscall(SYS_wait4, pid, &st, 0, ro);   /* glibc would copy it itself */
    e = errno;
    again = waitpid(pid, NULL, WNOHANG);
    CHECK("wait4_bad_rusage_status_written", r == -1 && e == EFAULT && exited_with(st, 7),
          "wait4 -> %d errno %d, status %s", r, e, wstr(st));
    CHECK("wait4_bad_rusage_reaped", again == -1 && errno == ECHILD,
          "then waitpid -> %d errno %d", again, errno);
    munmap(ro, 4096);

    pid = zombie_child();
    r = wait4(pid, &st, 0x1000, NULL);
    e = errno;
    again = waitpid(pid, &st, 0);
    CHECK("wait4_bad_options_einval", r == -1 && e == EINVAL && again == pid &&
          exited_with(st, 7), "wait4(0x1000) -> %d errno %d; then %d %s", r, e, again,
          wstr(st));
}

/* "wall" mode: very long system calls between two time stamps: each
 * readv clears the 16 MiB buffer WALL_IOVECS times from /dev/zero (raw
 * readv, with Linux's struct iovec: our libc has no sys/uio.h). */
struct iovec32 { void *base; unsigned len; };
static int wall_mode(void)
{
    char *buf = malloc(BIG);
    int fd = open("/dev/zero", O_RDONLY);
    struct iovec32 iov[WALL_IOVECS];
    for (int i = 0; i < WALL_IOVECS; i++)
        iov[i] = (struct iovec32){ buf, BIG };
    if (buf)
        memset(buf, 'x', BIG);             /* fault it in first */
    int n = 0;
    say("WALL_START %lld\n", now_ns(CLOCK_MONOTONIC));
    while (buf && fd >= 0 && n < WALL_READS &&
           syscall(SYS_readv, fd, iov, WALL_IOVECS) == (long)BIG * WALL_IOVECS)
        n++;
    say("WALL_END %lld\n", now_ns(CLOCK_MONOTONIC));
    CHECK("wall_readvs", n == WALL_READS, "%d of %d readvs", n, WALL_READS);
    return finish();
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "wall") == 0)
        return wall_mode();
    check_user_time();
    check_system_time();
    check_monotonic();
    check_sleeps();
    check_switches();
    check_agreement();
    check_children();
    check_wait4_bad_pointers();
    return finish();
}
