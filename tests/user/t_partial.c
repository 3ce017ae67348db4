/*
 * t_partial - read and write whose buffer runs into a hole transfer what
 * comes before the hole, in the units Linux counts for each kind of file;
 * readv/writev's limits; futex's address and argument checks.
 *
 * A "hole" is the first byte of a page the program cannot use that way:
 * unmapped, PROT_NONE, or (for a read into it) read-only.  Linux's rules,
 * measured with this program on Linux 6.1 i386 and on this host:
 *   - regular files, /dev/zero, /proc files: every byte before the hole,
 *     and the position moves by exactly that; -EFAULT only if none.
 *   - pipes: whole pipe buffers (pages) only.  A write stops at the first
 *     page-sized piece it cannot copy whole (none of which appears); a
 *     read stops at the first queued buffer it cannot copy out whole,
 *     which stays queued.  So a partly bad buffer is often -EFAULT.
 *   - terminals: 2048-byte chunks; a chunk with a hole is not written.
 *   - /dev/null: a write never reads the buffer, so it succeeds.
 * The buffers start 8-aligned and the good parts are multiples of 16, so
 * that Linux i386's copy routine (which can stop short of a hole by up
 * to 64 bytes when source and destination are misaligned) agrees too.
 *
 * Checks:
 *   file_read_hole file_read_readonly file_read_protnone file_read_efault
 *   file_write_hole file_write_protnone pread_hole pwrite_hole
 *   readv_hole readv_null_piece writev_hole readv_maxiov readv_negative_len
 *   readv_total_capped readv_bad_array
 *   pipe_write_efault pipe_write_whole_pages pipe_write_merged
 *   pipe_write_merge_efault pipe_writev_units pipe_read_keeps_buffer
 *   pipe_read_whole_buffers pipe_read_merged_buffer
 *   tty_write_chunks tty_writev_chunks
 *   zero_read_hole null_write_unread proc_read_hole
 *   futex_efault futex_unaligned futex_eagain futex_enosys futex_bitset_zero
 *   futex_timeout_checks futex_wake_private futex_wake_shared_efault
 *   futex_timeout_expires futex_bitset_deadline futex_woken_before_timeout
 *   readlink_hole_efault
 */
#include "check.h"          /* first: it sets _GNU_SOURCE */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>

#define PAGE 4096
#define FILE_LEN 9000
#ifndef FIONREAD
#define FIONREAD 0x541B
#endif
#ifndef TIOCGPTN
#define TIOCGPTN   0x80045430
#define TIOCSPTLCK 0x40045431
#endif
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256

/* readv/writev's struct iovec, spelled out (our libc has no sys/uio.h). */
struct piece { void *base; size_t len; };

static char *hole;          /* an unmapped page; the two before it are RW */
static char *ro;            /* a read-only page after a RW one */
static char *pn;            /* a PROT_NONE page after a RW one */
static char path[64], wpath[64];
static char contents[FILE_LEN];
static char big[16384];
static int fd;              /* FILE_LEN bytes of `contents`, read-only */

/* The calls under test, returning -errno on failure, so that each
 * result carries its own error. */
static long res(long r) { return r == -1 ? -errno : r; }
static long rd(int f, void *b, size_t n) { return res(read(f, b, n)); }
static long wr(int f, const void *b, size_t n) { return res(write(f, b, n)); }
static long prd(int f, void *b, size_t n, off_t o) { return res(pread(f, b, n, o)); }
static long pwr(int f, const void *b, size_t n, off_t o) { return res(pwrite(f, b, n, o)); }
static long readv_(int f, struct piece *v, int n) { return res(syscall(SYS_readv, f, v, n)); }
static long writev_(int f, struct piece *v, int n) { return res(syscall(SYS_writev, f, v, n)); }
static int efault(long r) { return r == -EFAULT; }
static int einval(long r) { return r == -EINVAL; }
static void *volatile null_ptr;
static long pos_of(int f) { return (long)lseek(f, 0, SEEK_CUR); }

/* A RW page followed by one with protection `prot`; returns the second. */
static char *page_after_rw(int prot)
{
    char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(m, 'r', 2 * PAGE);
    mprotect(m + PAGE, PAGE, prot);
    return m + PAGE;
}

static void setup(void)
{
    char *m = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(m, 'a', 3 * PAGE);
    munmap(m + 2 * PAGE, PAGE);
    hole = m + 2 * PAGE;
    ro = page_after_rw(PROT_READ);
    pn = page_after_rw(PROT_NONE);
    for (int i = 0; i < FILE_LEN; i++)
        contents[i] = (char)('A' + i % 26);
    snprintf(path, sizeof path, "/tmp/t_partial.%d", (int)getpid());
    snprintf(wpath, sizeof wpath, "/tmp/t_partial.%d.w", (int)getpid());
    int w = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    wr(w, contents, FILE_LEN);
    close(w);
    fd = open(path, O_RDONLY);
}

/* A fresh empty file to write to. */
static int new_file(void)
{
    return open(wpath, O_RDWR | O_CREAT | O_TRUNC, 0600);
}

static long size_of(int f)
{
    struct stat st;
    return fstat(f, &st) == 0 ? (long)st.st_size : -1;
}

static void check_files(void)
{
    lseek(fd, 0, SEEK_SET);
    long r = rd(fd, hole - 16, 100);
    CHECK("file_read_hole", r == 16 && pos_of(fd) == 16 && !memcmp(hole - 16, contents, 16),
          "read gave %ld, position %ld", r, pos_of(fd));
    lseek(fd, 0, SEEK_SET);
    r = rd(fd, ro - 16, 100);
    CHECK("file_read_readonly", r == 16 && pos_of(fd) == 16, "read gave %ld, position %ld",
          r, pos_of(fd));
    lseek(fd, 0, SEEK_SET);
    r = rd(fd, pn - 32, 100);
    CHECK("file_read_protnone", r == 32 && pos_of(fd) == 32, "read gave %ld, position %ld",
          r, pos_of(fd));
    lseek(fd, 0, SEEK_SET);
    r = rd(fd, hole, 10);
    CHECK("file_read_efault", efault(r) && pos_of(fd) == 0, "read gave %ld, position %ld",
          r, pos_of(fd));

    int w = new_file();
    r = wr(w, hole - 16, 100);
    CHECK("file_write_hole", r == 16 && pos_of(w) == 16 && size_of(w) == 16,
          "write gave %ld, position %ld, size %ld", r, pos_of(w), size_of(w));
    close(w);
    w = new_file();
    r = wr(w, pn - 48, 100);
    CHECK("file_write_protnone", r == 48 && size_of(w) == 48, "write gave %ld, size %ld", r,
          size_of(w));

    lseek(fd, 100, SEEK_SET);
    r = prd(fd, hole - 64, 100, 0);
    CHECK("pread_hole", r == 64 && pos_of(fd) == 100 && !memcmp(hole - 64, contents, 64),
          "pread gave %ld, position %ld", r, pos_of(fd));
    r = pwr(w, hole - 64, 100, 1000);
    CHECK("pwrite_hole", r == 64 && size_of(w) == 1064 && pos_of(w) == 48,
          "pwrite gave %ld, size %ld, position %ld", r, size_of(w), pos_of(w));
    close(w);
    unlink(wpath);
}

static void check_vectors(void)
{
    char *good = hole - 2 * PAGE;
    struct piece v[3] = { { good, 16 }, { hole - 16, 100 }, { good, 16 } };
    lseek(fd, 0, SEEK_SET);
    long r = readv_(fd, v, 3);
    CHECK("readv_hole", r == 32 && pos_of(fd) == 32, "readv gave %ld, position %ld", r,
          pos_of(fd));
    struct piece vn[2] = { { good, 16 }, { NULL, 10 } };
    lseek(fd, 0, SEEK_SET);
    r = readv_(fd, vn, 2);
    CHECK("readv_null_piece", r == 16, "readv gave %ld", r);
    int w = new_file();
    r = writev_(w, v, 3);
    CHECK("writev_hole", r == 32 && size_of(w) == 32, "writev gave %ld, size %ld", r,
          size_of(w));
    close(w);
    unlink(wpath);

    static struct piece many[1025];
    for (int i = 0; i < 1025; i++)
        many[i] = (struct piece){ big, 1 };
    lseek(fd, 0, SEEK_SET);
    long r1025 = readv_(fd, many, 1025), r1024 = readv_(fd, many, 1024);
    long rneg = readv_(fd, many, -1), r0 = readv_(fd, many, 0);
    CHECK("readv_maxiov", einval(r1025) && r1024 == 1024 && einval(rneg) && r0 == 0,
          "1025 pieces: %ld, 1024: %ld, -1: %ld, 0: %ld", r1025, r1024, rneg, r0);
    struct piece neg = { big, 0x80000000u };
    r = readv_(fd, &neg, 1);
    CHECK("readv_negative_len", einval(r), "a piece of 2 GiB gave %ld", r);
    struct piece huge[2] = { { big, 0x7fffffff }, { big, 0x7fffffff } };
    lseek(fd, 0, SEEK_SET);
    r = readv_(fd, huge, 2);
    CHECK("readv_total_capped", r == FILE_LEN, "two pieces of 2 GiB - 1 gave %ld", r);
    r = readv_(fd, (struct piece *)hole, 1);
    CHECK("readv_bad_array", efault(r), "readv(unmapped array) gave %ld", r);
}

static int queued(int rfd)
{
    int n = -1;
    ioctl(rfd, FIONREAD, &n);
    return n;
}

/* A new pipe for each case (non-blocking reads): after a faulted write
 * Linux 6.1 leaves an empty buffer queued that later writes merge into,
 * a leftover that newer kernels do not have, so no case follows another
 * on the same pipe. */
static void fresh_pipe(int p[2])
{
    if (p[0] >= 0) {
        close(p[0]);
        close(p[1]);
    }
    pipe2(p, O_NONBLOCK);
}

static void check_pipe_writes(int p[2])
{
    long r = wr(p[1], hole - 16, 100);
    CHECK("pipe_write_efault", efault(r) && queued(p[0]) == 0,
          "write gave %ld, %d queued", r, queued(p[0]));
    fresh_pipe(p);
    r = wr(p[1], hole - 4112, 5000);
    CHECK("pipe_write_whole_pages", r == 4096 && queued(p[0]) == 4096,
          "write gave %ld, %d queued", r, queued(p[0]));
    fresh_pipe(p);
    wr(p[1], contents, 100);
    r = wr(p[1], hole - 4096 - 64, 4096 + 100);    /* 100 bytes merge, then a page */
    CHECK("pipe_write_merged", r == 100 && queued(p[0]) == 200,
          "write gave %ld, %d queued", r, queued(p[0]));
    fresh_pipe(p);
    wr(p[1], contents, 4000);
    long r1 = wr(p[1], hole - 16, 48), r2 = wr(p[1], hole - 16, 16);
    CHECK("pipe_write_merge_efault", efault(r1) && r2 == 16 && queued(p[0]) == 4016,
          "writes gave %ld and %ld, %d queued", r1, r2, queued(p[0]));
    fresh_pipe(p);
    struct piece v1[2] = { { contents, 16 }, { hole, 100 } };
    struct piece v2[3] = { { contents, 4096 }, { contents, 16 }, { hole, 100 } };
    r1 = writev_(p[1], v1, 2);
    int q1 = queued(p[0]);
    fresh_pipe(p);
    r2 = writev_(p[1], v2, 3);
    CHECK("pipe_writev_units", efault(r1) && q1 == 0 && r2 == 4096 && queued(p[0]) == 4096,
          "writevs gave %ld (%d queued) and %ld (%d queued)", r1, q1, r2, queued(p[0]));
    fresh_pipe(p);
}

static void check_pipe_reads(int p[2])
{
    wr(p[1], contents, 100);
    long r = rd(p[0], hole - 16, 100);
    int q = queued(p[0]);
    long again = rd(p[0], big, sizeof big);
    CHECK("pipe_read_keeps_buffer", efault(r) && q == 100 && again == 100 &&
          !memcmp(big, contents, 100), "read gave %ld, %d queued, then %ld", r, q, again);
    fresh_pipe(p);
    wr(p[1], contents, 4096);
    wr(p[1], contents, 100);
    r = rd(p[0], hole - 4112, 4196);
    CHECK("pipe_read_whole_buffers", r == 4096 && queued(p[0]) == 100,
          "read gave %ld, %d queued", r, queued(p[0]));
    fresh_pipe(p);
    wr(p[1], contents, 4000);
    rd(p[0], big, 3000);
    wr(p[1], contents, 96);                   /* joins the first buffer */
    r = rd(p[0], hole - 16, 1096);
    CHECK("pipe_read_merged_buffer", efault(r) && queued(p[0]) == 1096,
          "read gave %ld, %d queued", r, queued(p[0]));
    fresh_pipe(p);
}

/* A terminal to write to: Pagoda's console, or a pseudo-terminal on
 * Linux (whose /dev/console is not ours to scribble on). */
static int open_tty(void)
{
    if (on_pagoda())
        return open("/dev/console", O_WRONLY);
    int m = open("/dev/ptmx", O_RDWR | O_NOCTTY), unlock = 0, n = -1;
    if (m < 0 || ioctl(m, TIOCSPTLCK, &unlock) < 0 || ioctl(m, TIOCGPTN, &n) < 0)
        return -1;
    char name[32];
    snprintf(name, sizeof name, "/dev/pts/%d", n);
    return open(name, O_WRONLY | O_NOCTTY);       /* m stays open: the other side */
}

static void check_tty(void)
{
    int t = open_tty();
    if (t < 0) {
        fail("tty_write_chunks", "no terminal to write to");
        fail("tty_writev_chunks", "no terminal to write to");
        return;
    }
    char *chunk = hole - 2048 - 16;               /* one whole chunk, then 16 bytes */
    memset(chunk, '.', 2048 + 16);
    chunk[2047] = '\n';
    chunk[2048 + 15] = '\n';
    long r1 = wr(t, chunk, 2048 + 100), r2 = wr(t, hole - 16, 100);
    CHECK("tty_write_chunks", r1 == 2048 && efault(r2), "writes gave %ld and %ld", r1, r2);
    struct piece v1[2] = { { hole - 16, 16 }, { hole, 100 } };
    struct piece v2[2] = { { chunk, 2048 }, { hole, 100 } };
    r1 = writev_(t, v1, 2);
    r2 = writev_(t, v2, 2);
    CHECK("tty_writev_chunks", efault(r1) && r2 == 2048, "writevs gave %ld and %ld", r1, r2);
    close(t);
}

static void check_devices(void)
{
    int z = open("/dev/zero", O_RDONLY);
    memset(hole - 16, 'x', 16);
    long r = rd(z, hole - 16, 100), r0 = rd(z, hole, 10);
    CHECK("zero_read_hole", r == 16 && hole[-1] == 0 && efault(r0),
          "read gave %ld, then at the hole %ld", r, r0);
    close(z);
    int n = open("/dev/null", O_WRONLY);
    long a = wr(n, hole - 16, 100), b = wr(n, null_ptr, 10);
    CHECK("null_write_unread", a == 100 && b == 10, "writes gave %ld and %ld", a, b);
    close(n);
    int s = open("/proc/self/status", O_RDONLY);
    r = rd(s, hole - 16, 100);
    long at = pos_of(s);
    char first[16];
    int s2 = open("/proc/self/status", O_RDONLY);
    rd(s2, first, 16);
    CHECK("proc_read_hole", r == 16 && at == 16 && !memcmp(first, hole - 16, 16),
          "read gave %ld, position %ld", r, at);
    close(s);
    close(s2);
}

static long futex(void *addr, int op, uint32_t val, void *timeout, uint32_t val3)
{
    return res(syscall(SYS_futex, addr, op, val, timeout, NULL, val3));
}

static void check_futex(void)
{
    static int word = 5;
    char *w = (char *)&word;
    long a = futex(NULL, FUTEX_WAIT, 0, NULL, 0), b = futex(hole, FUTEX_WAIT, 0, NULL, 0);
    long c = futex(hole, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, 0);
    CHECK("futex_efault", efault(a) && efault(b) && efault(c),
          "WAIT on NULL %ld, on a hole %ld, private %ld", a, b, c);
    a = futex(w + 1, FUTEX_WAIT, 5, NULL, 0);
    b = futex(hole + 1, FUTEX_WAIT, 0, NULL, 0);
    c = futex(w + 2, FUTEX_WAKE, 1, NULL, 0);
    CHECK("futex_unaligned", einval(a) && einval(b) && einval(c),
          "WAIT +1 %ld, WAIT hole+1 %ld, WAKE +2 %ld", a, b, c);
    a = futex(&word, FUTEX_WAIT, 4, NULL, 0);
    b = futex(&word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 4, NULL, 0);
    CHECK("futex_eagain", a == -EAGAIN && b == -EAGAIN, "WAIT with a stale value: %ld, %ld",
          a, b);
    a = futex(&word, 99, 1, NULL, 0);
    b = futex(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 5, NULL, 0);
    c = futex(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, 0);
    CHECK("futex_enosys", a == -ENOSYS && b == -ENOSYS && c == -ENOSYS,
          "op 99 %ld, WAIT|REALTIME %ld, WAKE|REALTIME %ld", a, b, c);
    a = futex(&word, FUTEX_WAIT_BITSET, 5, NULL, 0);
    b = futex(&word, FUTEX_WAKE_BITSET, 1, NULL, 0);
    CHECK("futex_bitset_zero", einval(a) && einval(b), "WAIT_BITSET %ld, WAKE_BITSET %ld", a, b);
    int32_t bad_nsec[2] = { 0, 2000000000 }, neg[2] = { -1, 0 };
    a = futex(&word, FUTEX_WAIT, 5, hole, 0);
    b = futex(&word, FUTEX_WAIT, 5, bad_nsec, 0);
    c = futex(&word, FUTEX_WAIT, 5, neg, 0);
    long d = futex(hole + 1, FUTEX_WAIT, 5, bad_nsec, 0);   /* the timeout comes first */
    long e = futex(&word, FUTEX_WAKE, 1, hole, 0);          /* WAKE has no timeout */
    CHECK("futex_timeout_checks", efault(a) && einval(b) && einval(c) && einval(d) && e == 0,
          "bad pointer %ld, nsec 2e9 %ld, sec -1 %ld, unaligned %ld, WAKE %ld", a, b, c, d, e);
    a = futex(hole, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, 0);
    b = futex(NULL, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, 0);
    CHECK("futex_wake_private", a == 0 && b == 0, "WAKE_PRIVATE on a hole %ld, NULL %ld", a, b);
    a = futex(hole, FUTEX_WAKE, 1, NULL, 0);
    CHECK("futex_wake_shared_efault", efault(a), "WAKE on a hole %ld ", a);
}

/* readlink copies its answer out all at once: a buffer that runs into a
 * hole is EFAULT, not a short count (unlike read). */
static void check_readlink(void)
{
    char link[80], got[32];
    snprintf(link, sizeof link, "%s.link", path);
    const char *target = "/a/target/of/thirty/two/bytes/xx";
    int made = symlink(target, link) == 0;
    long a = readlink(link, hole - 16, 32) < 0 ? -errno : 0;
    long b = readlink(link, got, sizeof got);
    CHECK("readlink_hole_efault", made && a == -EFAULT && b == 32 &&
          memcmp(got, target, 32) == 0,
          "symlink %s; into a hole %ld; into a buffer %ld", made ? "made" : "failed", a, b);
    unlink(link);
}

/* CLOCK_MONOTONIC in ns. */
static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Timed waits: FUTEX_WAIT's timeout is relative, FUTEX_WAIT_BITSET's an
 * absolute CLOCK_MONOTONIC time; either ends in ETIMEDOUT, no earlier
 * than asked, unless a WAKE comes first. */
static void check_futex_timeouts(void)
{
    static int word = 7;
    int32_t ms50[2] = { 0, 50000000 }, zero[2] = { 0, 0 }, past[2] = { 0, 1 };
    int64_t t0 = mono_ns();
    long a = futex(&word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 7, ms50, 0);
    int64_t waited = mono_ns() - t0;
    long b = futex(&word, FUTEX_WAIT, 7, zero, 0);
    CHECK("futex_timeout_expires", a == -ETIMEDOUT && waited >= 50000000 && b == -ETIMEDOUT,
          "50 ms wait: %ld after %lld ns; zero timeout: %ld", a, (long long)waited, b);

    int64_t due = mono_ns() + 30000000;
    int32_t at[2] = { (int32_t)(due / 1000000000), (int32_t)(due % 1000000000) };
    a = futex(&word, FUTEX_WAIT_BITSET, 7, at, 0xffffffff);
    int64_t late = mono_ns() - due;
    b = futex(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 7, past, 0xffffffff);
    CHECK("futex_bitset_deadline", a == -ETIMEDOUT && late >= 0 && b == -ETIMEDOUT,
          "absolute deadline: %ld, %lld ns after it; one long past: %ld", a,
          (long long)late, b);

    int *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) {
        CHECK("futex_woken_before_timeout", 0, "mmap: %s", strerror(errno));
        return;
    }
    *shared = 1;
    pid_t pid = fork();
    if (pid == 0) {                      /* the waker */
        usleep(20000);
        *shared = 0;
        futex(shared, FUTEX_WAKE, 1, NULL, 0);
        _exit(0);
    }
    int32_t s5[2] = { 5, 0 };
    t0 = mono_ns();
    a = futex(shared, FUTEX_WAIT, 1, s5, 0);      /* -EAGAIN if the child was first */
    waited = mono_ns() - t0;
    int status = -1;
    waitpid(pid, &status, 0);
    CHECK("futex_woken_before_timeout", (a == 0 || a == -EAGAIN) && waited < 4000000000LL &&
          status == 0, "WAIT with 5 s: %ld after %lld ns, waker status %d", a,
          (long long)waited, status);
    munmap(shared, PAGE);
}

int main(void)
{
    setup();
    check_files();
    check_vectors();
    int p[2] = { -1, -1 };
    fresh_pipe(p);
    check_pipe_writes(p);
    check_pipe_reads(p);
    close(p[0]);
    close(p[1]);
    check_tty();
    check_devices();
    check_futex();
    check_futex_timeouts();
    check_readlink();
    close(fd);
    unlink(path);
    return finish();
}
