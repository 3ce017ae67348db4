/*
 * t_mlock - mincore, mlock and its family, msync's flags against locked
 * pages, and the high-water marks of status give Linux's answers.
 *
 * Every call goes through raw_syscall (int $0x80: the kernel's own
 * -errno), so the same binary checks the same numbers on Pagoda and
 * natively.  Sizes are measured as differences (VmLck before and after,
 * one region's smaps block), so the program's own other regions (a vdso
 * natively, none on Pagoda) do not matter.
 *
 * mincore  mincore_unaligned mincore_zero_len mincore_unmapped
 *          mincore_past_top mincore_bad_vec mincore_untouched
 *          mincore_touched mincore_hole mincore_file_cache
 *          mincore_file_eof mincore_shared_anon
 * mlock    mlock_populates mlock_vmlck mlock_smaps mlock_zero_len
 *          mlock_unaligned_splits mlock_unmapped mlock_hole
 *          mlock_protnone munlock_clears munlock_merges mlock2_bad_flags
 *          mlock2_onfault mlock_fork_child mlock_fork_parent map_locked
 *          mremap_locked_grows
 * mmap     map_populate map_populate_file map_growsdown_flags map_growsdown_grows
 * mlockall mlockall_bad_flags mlockall_current munlockall_clears
 *          mlockall_future mlockall_future_brk mlockall_future_onfault
 * msync    msync_invalidate_locked msync_sync_locked msync_gap_sync
 *          msync_gap_async msync_gap_then_locked
 * status   hwm_grows hwm_stays peak_grows peak_stays hwm_fork_child
 *          ctxt_voluntary
 */
#include "check.h"
#include "proctool.h"
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

#define PG 4096u

#define NR_brk        45
#define NR_munmap     91
#define NR_mprotect  125
#define NR_msync     144
#define NR_mlock     150
#define NR_munlock   151
#define NR_mlockall  152
#define NR_munlockall 153
#define NR_mremap    163
#define NR_mmap2     192
#define NR_mincore   218
#define NR_mlock2    376

#define P_READ 1
#define P_WRITE 2
#define M_SHARED 1
#define M_PRIVATE 2
#define M_ANON 0x20
#define M_LOCKED 0x2000
#define MS_ASYNC_ 1
#define MS_INVALIDATE_ 2
#define MS_SYNC_ 4
#define MCL_CURRENT_ 1
#define MCL_FUTURE_ 2
#define MCL_ONFAULT_ 4

/* The kernel's answer to system call nr (Linux i386: args in ebx, ecx,
 * edx, esi, edi, ebp).  A function in assembly so that %ebp is ours. */
long raw_syscall(long nr, long a, long b, long c, long d, long e, long f);
__asm__(".text\n"
        ".globl raw_syscall\n"
        ".type raw_syscall, @function\n"
        "raw_syscall:\n"
        "  push %ebp\n  push %edi\n  push %esi\n  push %ebx\n"
        "  mov 20(%esp), %eax\n  mov 24(%esp), %ebx\n  mov 28(%esp), %ecx\n"
        "  mov 32(%esp), %edx\n  mov 36(%esp), %esi\n  mov 40(%esp), %edi\n"
        "  mov 44(%esp), %ebp\n"
        "  int $0x80\n"
        "  pop %ebx\n  pop %esi\n  pop %edi\n  pop %ebp\n  ret\n");

#define SYS3(nr, a, b, c) raw_syscall(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)

static long k_mmap(uint32_t len, int prot, int flags, int fd)
{
    return raw_syscall(NR_mmap2, 0, len, prot, flags, fd, 0);
}
static uint32_t anon(uint32_t pages)
{
    return (uint32_t)k_mmap(pages * PG, P_READ | P_WRITE, M_PRIVATE | M_ANON, -1);
}
static long k_munmap(uint32_t a, uint32_t len) { return SYS3(NR_munmap, a, len, 0); }
static long k_mincore(uint32_t a, uint32_t len, void *vec) { return SYS3(NR_mincore, a, len, vec); }
static long k_mlock(uint32_t a, uint32_t len) { return SYS3(NR_mlock, a, len, 0); }
static long k_munlock(uint32_t a, uint32_t len) { return SYS3(NR_munlock, a, len, 0); }
static long k_mlock2(uint32_t a, uint32_t len, int f) { return SYS3(NR_mlock2, a, len, f); }
static long k_mlockall(int f) { return SYS3(NR_mlockall, f, 0, 0); }
static long k_munlockall(void) { return SYS3(NR_munlockall, 0, 0, 0); }
static long k_msync(uint32_t a, uint32_t len, int f) { return SYS3(NR_msync, a, len, f); }

/* ---- reading /proc/self ------------------------------------------------ */

/* A "Name:  N kB" line of status, in kB; -1 if missing. */
static long status_kb(const char *name)
{
    const char *t = proc_self("status");
    char key[32];
    snprintf(key, sizeof(key), "\n%s:", name);
    const char *l = strstr(t, key);
    return l ? strtol(l + strlen(key), NULL, 10) : -1;
}

/* The smaps block of the region starting at addr (into block), 0 if none. */
static int smaps_block(uint32_t addr, char *block, int size)
{
    char key[16];
    snprintf(key, sizeof(key), "%08x-", addr);
    const char *t = proc_self("smaps");
    const char *b = NULL;
    for (const char *l = t; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (strncmp(l, key, 9) == 0)
            b = l;
    if (!b) {
        block[0] = '\0';
        return 0;
    }
    const char *end = strstr(b, "VmFlags:");
    end = end && strchr(end, '\n') ? strchr(end, '\n') + 1 : b + strlen(b);
    snprintf(block, size, "%.*s", (int)(end - b), b);
    return 1;
}

/* Does the region starting at addr carry VmFlags `flag`? */
static int has_flag(uint32_t addr, const char *flag)
{
    char block[2048], want[8];
    if (!smaps_block(addr, block, sizeof(block)))
        return 0;
    snprintf(want, sizeof(want), " %s ", flag);
    const char *v = strstr(block, "VmFlags:");
    char line[256];
    snprintf(line, sizeof(line), "%.*s ", v ? (int)strcspn(v, "\n") : 0, v ? v : "");
    return strstr(line, want) != NULL;
}

/* A kB value of the smaps block of the region at addr; -1 if none. */
static long smaps_kb(uint32_t addr, const char *name)
{
    char block[2048], key[32];
    if (!smaps_block(addr, block, sizeof(block)))
        return -1;
    snprintf(key, sizeof(key), "\n%s:", name);
    const char *l = strstr(block, key);
    return l ? strtol(l + strlen(key), NULL, 10) : -1;
}

/* Is there a region starting exactly at addr (a split makes one)? */
static int region_starts(uint32_t addr)
{
    char block[2048];
    return smaps_block(addr, block, sizeof(block));
}

/* mincore's bytes for [a, a + pages pages), as a string of 0/1 ('?' for
 * other values), or the error. */
static const char *residency(uint32_t a, uint32_t pages)
{
    static char out[64];
    unsigned char vec[64];
    long r = k_mincore(a, pages * PG, vec);
    if (r != 0) {
        snprintf(out, sizeof(out), "error %ld", r);
        return out;
    }
    for (uint32_t i = 0; i < pages; i++)
        out[i] = vec[i] == 0 ? '0' : vec[i] == 1 ? '1' : '?';
    out[pages] = '\0';
    return out;
}

/* A file of `pages` pages, written with write() so its pages are in the
 * page cache; an fd open read-write (the file is unlinked). */
static int make_file(uint32_t pages)
{
    char path[64], buf[PG];
    snprintf(path, sizeof(path), "/tmp/t_mlock.%d", (int)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    memset(buf, 'f', sizeof(buf));
    for (uint32_t i = 0; i < pages; i++)
        write(fd, buf, PG);
    unlink(path);
    return fd;
}

/* ---- mincore ------------------------------------------------------------ */

static void test_mincore(void)
{
    unsigned char vec[16];
    uint32_t a = anon(4);
    volatile char *p = (volatile char *)a;
    long r = k_mincore(a + 1, PG, vec);
    CHECK("mincore_unaligned", r == -EINVAL, "got %ld", r);
    r = k_mincore(a + 4 * PG, 0, vec);
    CHECK("mincore_zero_len", r == 0, "got %ld", r);
    k_munmap(a + 3 * PG, PG);                       /* page 3 is a hole now */
    r = k_mincore(a + 3 * PG, PG, vec);
    CHECK("mincore_unmapped", r == -ENOMEM, "got %ld", r);
    r = k_mincore(0x10000, 0xFFFFFFFFu, vec);
    CHECK("mincore_past_top", r == -ENOMEM, "got %ld", r);
    r = k_mincore(a, PG, NULL);
    CHECK("mincore_bad_vec", r == -EFAULT, "got %ld", r);
    const char *s = residency(a, 3);
    CHECK("mincore_untouched", strcmp(s, "000") == 0, "got %s", s);
    p[0] = 1;
    (void)p[2 * PG];                                /* a read maps a zero page */
    s = residency(a, 3);
    CHECK("mincore_touched", strcmp(s, "101") == 0, "got %s", s);
    memset(vec, 0xAA, sizeof(vec));
    k_munmap(a + PG, PG);
    r = k_mincore(a, 3 * PG, vec);
    CHECK("mincore_hole", r == -ENOMEM && vec[0] == 1 && vec[1] == 0xAA,
          "got %ld, vec %d %d", r, vec[0], vec[1]);
    k_munmap(a, 4 * PG);

    int fd = make_file(2);
    uint32_t f = (uint32_t)k_mmap(3 * PG, P_READ, M_PRIVATE, fd);
    s = residency(f, 3);
    CHECK("mincore_file_cache", s[0] == '1' && s[1] == '1', "got %s", s);
    CHECK("mincore_file_eof", s[2] == '0', "got %s", s);
    k_munmap(f, 3 * PG);
    close(fd);

    uint32_t sh = (uint32_t)k_mmap(2 * PG, P_READ | P_WRITE, M_SHARED | M_ANON, -1);
    pid_t pid = fork();
    if (pid == 0) {
        ((volatile char *)sh)[PG] = 7;
        _exit(0);
    }
    int st;
    wait_for(pid, &st);
    s = residency(sh, 2);
    CHECK("mincore_shared_anon", strcmp(s, "01") == 0, "got %s (the child wrote page 1)", s);
    k_munmap(sh, 2 * PG);
}

/* ---- mlock, munlock, mlock2 -------------------------------------------- */

static void test_mlock(void)
{
    uint32_t a = anon(4);
    long lck = status_kb("VmLck");
    long r = k_mlock(a, 4 * PG);
    const char *s = residency(a, 4);
    CHECK("mlock_populates", r == 0 && strcmp(s, "1111") == 0, "got %ld, %s", r, s);
    long now = status_kb("VmLck");
    CHECK("mlock_vmlck", now == lck + 16, "VmLck %ld -> %ld", lck, now);
    long locked = smaps_kb(a, "Locked");
    CHECK("mlock_smaps", locked == 16 && has_flag(a, "lo"), "Locked %ld, lo %d",
          locked, has_flag(a, "lo"));
    r = k_munlock(a, 4 * PG);
    now = status_kb("VmLck");
    CHECK("munlock_clears", r == 0 && now == lck && !has_flag(a, "lo") &&
          smaps_kb(a, "Locked") == 0, "got %ld, VmLck %ld", r, now);

    r = k_mlock(a + 4 * PG, 0);
    CHECK("mlock_zero_len", r == 0, "got %ld", r);
    r = k_mlock(a + PG + 100, 10);                  /* page 1 only */
    CHECK("mlock_unaligned_splits", r == 0 && region_starts(a + PG) &&
          region_starts(a + 2 * PG) && has_flag(a + PG, "lo") && !has_flag(a, "lo") &&
          !has_flag(a + 2 * PG, "lo"), "got %ld", r);
    k_munlock(a + PG, PG);
    CHECK("munlock_merges", region_starts(a) && !region_starts(a + PG) &&
          !region_starts(a + 2 * PG), "the pieces stayed apart");

    k_munmap(a + 2 * PG, PG);                       /* a hole at page 2 */
    r = k_mlock(a + 2 * PG, PG);
    CHECK("mlock_unmapped", r == -ENOMEM, "got %ld", r);
    r = k_mlock(a, 4 * PG);
    CHECK("mlock_hole", r == -ENOMEM && has_flag(a, "lo") && !has_flag(a + 3 * PG, "lo"),
          "got %ld, first lo %d, last lo %d", r, has_flag(a, "lo"),
          has_flag(a + 3 * PG, "lo"));
    k_munlock(a, 2 * PG);
    k_munmap(a, 4 * PG);

    a = (uint32_t)k_mmap(2 * PG, 0, M_PRIVATE | M_ANON, -1);
    r = k_mlock(a, 2 * PG);
    CHECK("mlock_protnone", r == -ENOMEM && has_flag(a, "lo"), "got %ld, lo %d", r,
          has_flag(a, "lo"));
    k_munmap(a, 2 * PG);

    a = anon(4);
    r = k_mlock2(a, PG, 2);
    CHECK("mlock2_bad_flags", r == -EINVAL, "got %ld", r);
    lck = status_kb("VmLck");
    r = k_mlock2(a, 4 * PG, 1);                     /* MLOCK_ONFAULT */
    s = residency(a, 4);
    now = status_kb("VmLck");
    CHECK("mlock2_onfault", r == 0 && strcmp(s, "0000") == 0 && now == lck + 16 &&
          has_flag(a, "lo"), "got %ld, %s, VmLck %ld -> %ld", r, s, lck, now);
    k_munmap(a, 4 * PG);

    a = anon(2);
    k_mlock(a, 2 * PG);
    pid_t pid = fork();
    if (pid == 0)
        _exit(!has_flag(a, "lo") && status_kb("VmLck") == 0 ? 0 : 1);
    int st;
    wait_for(pid, &st);
    CHECK("mlock_fork_child", exited_with(st, 0), "the child is %s", wstr(st));
    CHECK("mlock_fork_parent", has_flag(a, "lo"), "the parent lost its lock");
    k_munmap(a, 2 * PG);

    a = (uint32_t)k_mmap(3 * PG, P_READ | P_WRITE, M_PRIVATE | M_ANON | M_LOCKED, -1);
    s = residency(a, 3);
    CHECK("map_locked", has_flag(a, "lo") && strcmp(s, "111") == 0, "%s", s);
    uint32_t b = (uint32_t)raw_syscall(NR_mremap, a, 3 * PG, 6 * PG, 1, 0, 0);
    s = residency(b, 6);
    CHECK("mremap_locked_grows", strcmp(s, "111111") == 0, "%s", s);
    k_munmap(b, 6 * PG);
}

/* ---- MAP_POPULATE and MAP_GROWSDOWN ------------------------------------- */

static void test_map_flags(void)
{
    uint32_t a = (uint32_t)k_mmap(4 * PG, P_READ | P_WRITE, M_PRIVATE | M_ANON | 0x8000, -1);
    const char *s = residency(a, 4);
    CHECK("map_populate", strcmp(s, "1111") == 0 && !has_flag(a, "lo"), "%s", s);
    k_munmap(a, 4 * PG);
    int fd = make_file(2);
    uint32_t f = (uint32_t)k_mmap(2 * PG, P_READ, M_PRIVATE | 0x8000, fd);
    long rss = smaps_kb(f, "Rss");
    CHECK("map_populate_file", rss == 8, "Rss %ld kB", rss);
    k_munmap(f, 2 * PG);
    close(fd);
    /* A grows-down region: "gd", and a touch just below it extends it. */
    uint32_t g = (uint32_t)k_mmap(2 * PG, P_READ | P_WRITE, M_PRIVATE | M_ANON | 0x100, -1);
    CHECK("map_growsdown_flags", has_flag(g, "gd"), "no gd");
    pid_t pid = fork();
    if (pid == 0) {
        ((volatile char *)g)[-1] = 1;               /* the page below */
        _exit(region_starts(g - PG) && has_flag(g - PG, "gd") ? 0 : 1);
    }
    int st;
    wait_for(pid, &st);
    CHECK("map_growsdown_grows", exited_with(st, 0), "the child is %s", wstr(st));
    k_munmap(g, 2 * PG);
}

/* ---- mlockall ------------------------------------------------------------ */

static void test_mlockall(void)
{
    long r1 = k_mlockall(0), r2 = k_mlockall(8), r3 = k_mlockall(MCL_ONFAULT_);
    CHECK("mlockall_bad_flags", r1 == -EINVAL && r2 == -EINVAL && r3 == -EINVAL,
          "got %ld %ld %ld", r1, r2, r3);
    uint32_t a = anon(3);
    long r = k_mlockall(MCL_CURRENT_);
    const char *s = residency(a, 3);
    CHECK("mlockall_current", r == 0 && has_flag(a, "lo") && strcmp(s, "111") == 0,
          "got %ld, %s", r, s);
    uint32_t b = anon(2);                           /* not MCL_FUTURE: not locked */
    r = k_munlockall();
    CHECK("munlockall_clears", r == 0 && !has_flag(a, "lo") && !has_flag(b, "lo"),
          "got %ld", r);
    k_munmap(a, 3 * PG);
    k_munmap(b, 2 * PG);

    r = k_mlockall(MCL_FUTURE_);
    a = anon(3);
    s = residency(a, 3);
    CHECK("mlockall_future", r == 0 && has_flag(a, "lo") && strcmp(s, "111") == 0,
          "got %ld, %s", r, s);
    uint32_t top = (uint32_t)raw_syscall(NR_brk, 0, 0, 0, 0, 0, 0);
    uint32_t base = (top + PG - 1) & ~(PG - 1);
    raw_syscall(NR_brk, base + 2 * PG, 0, 0, 0, 0, 0);
    s = residency(base, 2);
    CHECK("mlockall_future_brk", strcmp(s, "11") == 0, "%s", s);
    raw_syscall(NR_brk, top, 0, 0, 0, 0, 0);
    k_munlockall();
    k_munmap(a, 3 * PG);

    r = k_mlockall(MCL_FUTURE_ | MCL_ONFAULT_);
    a = anon(3);
    s = residency(a, 3);
    CHECK("mlockall_future_onfault", r == 0 && has_flag(a, "lo") && strcmp(s, "000") == 0,
          "got %ld, %s", r, s);
    k_munlockall();
    k_munmap(a, 3 * PG);
}

/* ---- msync and locks ------------------------------------------------------ */

static void test_msync(void)
{
    uint32_t a = anon(4);
    k_mlock(a + 3 * PG, PG);
    long r1 = k_msync(a + 3 * PG, PG, MS_INVALIDATE_);
    long r2 = k_msync(a + 3 * PG, PG, MS_ASYNC_ | MS_INVALIDATE_);
    CHECK("msync_invalidate_locked", r1 == -EBUSY && r2 == -EBUSY, "got %ld %ld", r1, r2);
    r1 = k_msync(a + 3 * PG, PG, MS_SYNC_);
    CHECK("msync_sync_locked", r1 == 0, "got %ld", r1);
    k_munmap(a + PG, PG);                           /* a gap at page 1 */
    r1 = k_msync(a, 3 * PG, MS_SYNC_);
    CHECK("msync_gap_sync", r1 == -ENOMEM, "got %ld", r1);
    r1 = k_msync(a, 3 * PG, MS_ASYNC_);
    r2 = k_msync(a, 3 * PG, 0);
    CHECK("msync_gap_async", r1 == -ENOMEM && r2 == -ENOMEM, "got %ld %ld", r1, r2);
    r1 = k_msync(a, 4 * PG, MS_INVALIDATE_);
    r2 = k_msync(a, 4 * PG, MS_SYNC_ | MS_INVALIDATE_);
    CHECK("msync_gap_then_locked", r1 == -EBUSY && r2 == -EBUSY, "got %ld %ld", r1, r2);
    k_munlock(a + 3 * PG, PG);
    k_munmap(a, 4 * PG);
}

/* ---- high-water marks and context switches ------------------------------- */

static void test_status(void)
{
    /* Linux's counts lag by the RSS events a task caches (up to 64 per
     * counter, SPLIT_RSS_COUNTING: on Linux 6.1 i386 VmRSS itself trails
     * by 200-odd kB here), and its mark is raised only when RSS shrinks;
     * Pagoda's are exact: no slack. */
    long slack = on_pagoda() ? 0 : 256;
    long rss0 = status_kb("VmRSS");
    uint32_t a = anon(256);
    memset((void *)a, 1, 256 * PG);
    long hwm1 = status_kb("VmHWM"), rss1 = status_kb("VmRSS");
    CHECK("hwm_grows", rss1 + slack >= rss0 + 1024 && hwm1 >= rss1,
          "VmRSS %ld -> %ld, VmHWM %ld", rss0, rss1, hwm1);
    k_munmap(a, 256 * PG);
    long hwm2 = status_kb("VmHWM"), rss2 = status_kb("VmRSS");
    CHECK("hwm_stays", hwm2 + slack >= hwm1 && rss2 <= rss1 - 1024 + slack,
          "VmHWM %ld -> %ld, VmRSS %ld -> %ld", hwm1, hwm2, rss1, rss2);
    pid_t pid = fork();
    if (pid == 0) {
        long h = status_kb("VmHWM");
        _exit(h < hwm2 - 512 ? 0 : 1);              /* its mark began at the fork */
    }
    int st;
    wait_for(pid, &st);
    CHECK("hwm_fork_child", exited_with(st, 0), "the child's VmHWM kept the parent's peak (%s)",
          wstr(st));

    long peak0 = status_kb("VmPeak"), size0 = status_kb("VmSize");
    uint32_t big = (uint32_t)k_mmap(64u << 20, P_READ | P_WRITE, M_PRIVATE | M_ANON, -1);
    long peak1 = status_kb("VmPeak"), size1 = status_kb("VmSize");
    CHECK("peak_grows", size1 == size0 + 65536 && peak1 >= size1, "VmSize %ld -> %ld, VmPeak %ld -> %ld",
          size0, size1, peak0, peak1);
    k_munmap(big, 64u << 20);
    long peak2 = status_kb("VmPeak"), size2 = status_kb("VmSize");
    CHECK("peak_stays", peak2 == peak1 && size2 == size0, "VmPeak %ld -> %ld, VmSize %ld",
          peak1, peak2, size2);

    long v0 = status_kb("voluntary_ctxt_switches");
    usleep(20000);
    long v1 = status_kb("voluntary_ctxt_switches");
    CHECK("ctxt_voluntary", v0 >= 0 && v1 >= v0 + 1, "%ld -> %ld", v0, v1);
}

int main(void)
{
    test_mincore();
    test_mlock();
    test_map_flags();
    test_mlockall();
    test_msync();
    test_status();
    return finish();
}
