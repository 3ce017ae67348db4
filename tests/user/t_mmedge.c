/*
 * t_mmedge - the edges of the memory system calls give Linux's answers.
 *
 * Every call goes through raw_syscall (int $0x80, the kernel's own return
 * value: -errno, never a libc's translation), so the same binary checks
 * the same numbers on Pagoda, natively, and on an i386 Linux kernel.
 * Addresses near the top of user space are computed from TASK_SIZE: 3 GiB
 * on i386 (Pagoda and Linux i386), 0xFFFFE000 for a 32-bit program on a
 * 64-bit kernel (this host), told apart by where the stack is.
 *
 * brk      brk_query brk_wrap brk_below_start brk_grow_shrink brk_gap_page
 *          brk_stack_gap mmap_hint_stack_gap
 * munmap   munmap_unaligned munmap_zero munmap_len_wraps munmap_past_top
 *          munmap_unmapped munmap_split
 * mprotect mprotect_unaligned mprotect_zero mprotect_len_wraps
 *          mprotect_end_wraps mprotect_bad_prot mprotect_unmapped
 *          mprotect_prefix_hole mprotect_past_top mprotect_growsdown_plain
 * mmap     mmap_ebadf_first mmap_len0 mmap_len_wraps mmap_len_over_top
 *          mmap_bad_type mmap_fixed_unaligned mmap_fixed_past_top
 *          mmap_hint_past_top
 *          mmap_hint_free mmap_hint_taken mmap_hint_unaligned mmap_hint_low
 *          mmap_noreplace mmap_pgoff_overflow mmap_old_offset_unaligned
 *          mmap_validate_unknown mmap_shared_unknown_ignored mmap_wronly_fd
 *          mmap_dir_fd mmap_file_growsdown mmap_pgoff_4g_maps
 *          mmap_pgoff_4g_sigbus mmap_fixed_replaces
 * VM_MAY*  may_shared_ro_write may_shared_ro_exec may_shared_ro_flags
 *          may_shared_rw_flags may_private_ro_write
 * SIGBUS   sigbus_partial_page sigbus_private sigbus_shared
 *          sigbus_syscall_efault sigbus_after_truncate
 *          sigbus_truncate_partial sigbus_regrow
 * mremap   mremap_bad_flags mremap_fixed_needs_maymove mremap_unaligned
 *          mremap_new_zero mremap_unmapped mremap_shrink mremap_grow_in_place
 *          mremap_grow_blocked mremap_maymove mremap_fixed mremap_overlap
 *          mremap_fixed_past_top
 *          mremap_past_region mremap_dup_private mremap_dup_shared
 *          mremap_dontunmap mremap_dontunmap_resize
 * madvise  madv_bad_advice madv_unaligned madv_len_wraps madv_zero
 *          madv_unmapped madv_past_top madv_hole madv_dontneed_anon madv_dontneed_private_file
 *          madv_dontneed_shared madv_free_file madv_remove_anon madv_harmless
 *          madv_populate_ro madv_populate_read
 *          (flags) madv_random_splits madv_normal_merges madv_hint_flags
 *          madv_dontfork madv_dofork madv_wipeonfork madv_wipeonfork_shared
 *          mmap_noreserve_flags realloc_big
 * msync    msync_bad_flags msync_async_sync msync_unaligned msync_unmapped
 *          msync_len_wraps msync_end_wraps msync_zero msync_mapped msync_past_top
 */
#include "check.h"
#include "proctool.h"
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define PG 4096u

#define NR_brk       45
#define NR_munmap    91
#define NR_mmap      90
#define NR_mprotect 125
#define NR_msync    144
#define NR_mremap   163
#define NR_mmap2    192
#define NR_madvise  219

#ifndef BUS_ADRERR
#define BUS_ADRERR 2
#endif
#define P_READ 1
#define P_WRITE 2
#define P_EXEC 4
#define M_SHARED 1
#define M_PRIVATE 2
#define M_VALIDATE 3
#define M_FIXED 0x10
#define M_ANON 0x20
#define M_GROWSDOWN 0x100
#define M_SYNC 0x80000
#define M_NOREPLACE 0x100000
#define MRM_MAYMOVE 1
#define MRM_FIXED 2
#define MRM_DONTUNMAP 4

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

static long k_mmap(uint32_t addr, uint32_t len, int prot, int flags, int fd, uint32_t pgoff)
{
    return raw_syscall(NR_mmap2, addr, len, prot, flags, fd, pgoff);
}
static long k_anon(uint32_t len)
{
    return k_mmap(0, len, P_READ | P_WRITE, M_PRIVATE | M_ANON, -1, 0);
}
static long k_munmap(uint32_t addr, uint32_t len) { return raw_syscall(NR_munmap, addr, len, 0, 0, 0, 0); }
static long k_mprotect(uint32_t addr, uint32_t len, uint32_t prot)
{
    return raw_syscall(NR_mprotect, addr, len, prot, 0, 0, 0);
}
static long k_brk(uint32_t addr) { return raw_syscall(NR_brk, addr, 0, 0, 0, 0, 0); }
static long k_mremap(uint32_t addr, uint32_t old, uint32_t new, uint32_t flags, uint32_t to)
{
    return raw_syscall(NR_mremap, addr, old, new, flags, to, 0);
}
static long k_madvise(uint32_t addr, uint32_t len, int advice)
{
    return raw_syscall(NR_madvise, addr, len, advice, 0, 0, 0);
}
static long k_msync(uint32_t addr, uint32_t len, int flags)
{
    return raw_syscall(NR_msync, addr, len, flags, 0, 0, 0);
}

/* A returned address is an error when it is in [-4095, -1]. */
static int is_err(long r) { return (unsigned long)r >= 0xFFFFF001ul; }

static uint32_t task_size;         /* user space ends here */

/* Some checks hold only on an i386 kernel (Linux 6.1 i386 is the
 * reference; Pagoda is one): on this 64-bit host they are skipped, saying
 * why.  tests/test_user.py leaves them out of the native comparison. */
static int i386_kernel(const char *name, const char *why)
{
    if (task_size == 0xC0000000u)
        return 1;
    say("SKIP %s: %s\n", name, why);
    return 0;
}

/* The length edges that wrap past 4 GiB exist only where lengths are 32
 * bits: on a 64-bit kernel the same call does not wrap (and would change
 * everything up to the next hole). */
static int wraps_in_32_bits(const char *name)
{
    return i386_kernel(name, "a 64-bit kernel adds the length in 64 bits (no wrap)");
}

/* Is the page at addr mapped?  msync says ENOMEM for an unmapped one. */
static int mapped(uint32_t addr) { return k_msync(addr, PG, 0) == 0; }

/* Run touch(p) in a child; the signal that killed it (0 if none).  With
 * a SIGBUS/SIGSEGV handler the child reports si_code and whether si_addr
 * was p: exit 100 + si_code if si_addr == p, else exit 99. */
static volatile char *probe_addr;
static int probe_write;

static void probe_handler(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    _exit(si->si_addr == (void *)probe_addr ? 100 + si->si_code + 10 * (sig == SIGBUS) : 99);
}

/* Touch p in a child: 0 if nothing happened, else 100 + si_code
 * (+10 for SIGBUS) when the fault was at p, 99 if si_addr was wrong. */
static int touch_result(volatile char *p, int write)
{
    probe_addr = p;
    probe_write = write;
    pid_t pid = fork();
    if (pid == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_sigaction = probe_handler;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGBUS, &sa, NULL);
        sigaction(SIGSEGV, &sa, NULL);
        if (probe_write)
            *probe_addr = 1;
        else
            (void)*probe_addr;
        _exit(0);
    }
    int st;
    wait_for(pid, &st);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}
#define TOUCH_OK 0
#define TOUCH_SEGV_MAPERR 101
#define TOUCH_SEGV_ACCERR 102
#define TOUCH_SIGBUS_ADRERR 112

/* A file of `size` bytes, each byte its offset & 0x7f; returns an fd
 * opened with `flags` (the file is unlinked once opened). */
static int make_file(const char *name, uint32_t size, int flags)
{
    char path[64];
    snprintf(path, sizeof(path), "/tmp/t_mmedge.%d.%s", (int)getpid(), name);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    char buf[PG];
    for (uint32_t off = 0; off < size; off += PG) {
        uint32_t n = size - off < PG ? size - off : PG;
        for (uint32_t i = 0; i < n; i++)
            buf[i] = (char)((off + i) & 0x7f);
        write(fd, buf, n);
    }
    close(fd);
    fd = open(path, flags);
    unlink(path);
    return fd;
}

/* The maps line of the region starting at addr, copied into line. */
static int maps_line(uint32_t addr, char *line, int size)
{
    char key[16];
    snprintf(key, sizeof(key), "%08x-", addr);
    const char *t = proc_self("maps"), *l = t;
    for (; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (strncmp(l, key, 9) == 0) {
            int n = strchr(l, '\n') ? (int)(strchr(l, '\n') - l) : (int)strlen(l);
            snprintf(line, size, "%.*s", n, l);
            return 1;
        }
    line[0] = '\0';
    return 0;
}

/* The VmFlags line of the smaps block of the region starting at addr. */
static int vmflags_of(uint32_t addr, char *line, int size)
{
    char key[16];
    snprintf(key, sizeof(key), "%08x-", addr);
    const char *t = proc_self("smaps"), *block = NULL;
    for (const char *l = t; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (strncmp(l, key, 9) == 0)
            block = l;
    const char *v = block ? strstr(block, "VmFlags:") : NULL;
    if (!v) {
        line[0] = '\0';
        return 0;
    }
    int n = strchr(v, '\n') ? (int)(strchr(v, '\n') - v) : (int)strlen(v);
    snprintf(line, size, "%.*s ", n, v);    /* ends in a space either way */
    return 1;
}

/* ---- brk ------------------------------------------------------------- */

static void test_brk(void)
{
    long cur = k_brk(0);
    CHECK("brk_query", cur > 0 && !is_err(cur), "brk(0) = %ld", cur);
    long r = k_brk(0xFFFFF001u);
    CHECK("brk_wrap", r == cur && k_brk(0) == cur,
          "brk(0xFFFFF001) = %#lx, break was %#lx", r, cur);
    r = k_brk(0x1000);
    CHECK("brk_below_start", r == cur && k_brk(0) == cur,
          "brk(0x1000) = %#lx, break was %#lx", r, cur);

    uint32_t end = ((uint32_t)cur + PG - 1) & ~(PG - 1);
    r = k_brk(end + 3 * PG);
    int ok = r == (long)(end + 3 * PG);
    if (ok)
        ((volatile char *)end)[3 * PG - 1] = 7;
    long back = k_brk(cur);
    CHECK("brk_grow_shrink", ok && back == cur && !mapped(end),
          "grow gave %#lx, shrink %#lx, old page %s", r, back,
          mapped(end) ? "still mapped" : "gone");

    /* Linux keeps one free page between the break and the next mapping. */
    long m = k_mmap(end + 4 * PG, PG, P_READ, M_PRIVATE | M_ANON | M_NOREPLACE, -1, 0);
    if (m != (long)(end + 4 * PG)) {
        fail("brk_gap_page", "could not map a page at %#x: %ld", end + 4 * PG, m);
        return;
    }
    long too_far = k_brk(end + 3 * PG + 1);
    long fits = k_brk(end + 3 * PG);
    k_brk(cur);
    k_munmap(m, PG);
    CHECK("brk_gap_page", too_far == cur && fits == (long)(end + 3 * PG),
          "brk up to the page before the mapping: %#lx (want %#lx), one byte "
          "more: %#lx (want %#lx)", fits, (long)(end + 3 * PG), too_far, cur);

    /* Below a region that grows down, brk (and an mmap hint) must also
     * keep clear of its 1 MiB guard gap (Linux's stack_guard_gap). */
    uint32_t gd = end + (1u << 20) + 8 * PG;
    m = k_mmap(gd, PG, P_READ | P_WRITE, M_PRIVATE | M_ANON | M_GROWSDOWN | M_NOREPLACE, -1, 0);
    if (m != (long)gd) {
        fail("brk_stack_gap", "could not map a grows-down page at %#x: %ld", gd, m);
        return;
    }
    too_far = k_brk(end + 8 * PG);
    fits = k_brk(end + 7 * PG);
    k_brk(cur);
    long h = k_mmap(gd - (1u << 20) + PG, PG, P_READ, M_PRIVATE | M_ANON, -1, 0);
    k_munmap(m, PG);
    if (!is_err(h))
        k_munmap(h, PG);
    CHECK("brk_stack_gap", too_far == cur && fits == (long)(end + 7 * PG),
          "brk to 1 MiB + 1 page below it: %#lx (want %#lx), 1 MiB: %#lx (want %#lx)",
          fits, (long)(end + 7 * PG), too_far, cur);
    CHECK("mmap_hint_stack_gap", !is_err(h) && h != (long)(gd - (1u << 20) + PG),
          "hint inside the guard gap gave %#lx", h);
}

/* ---- munmap ----------------------------------------------------------- */

static void test_munmap(void)
{
    long a = k_anon(3 * PG);
    CHECK("munmap_unaligned", k_munmap(a + 1, PG) == -EINVAL, "got %ld",
          k_munmap(a + 1, PG));
    CHECK("munmap_zero", k_munmap(a, 0) == -EINVAL, "got %ld", k_munmap(a, 0));
    long r = k_munmap(a, 0xFFFFF001u);
    CHECK("munmap_len_wraps", r == -EINVAL && mapped(a), "got %ld", r);
    long r1 = k_munmap(task_size - PG, 2 * PG), r2 = k_munmap(task_size, PG);
    CHECK("munmap_past_top", r1 == -EINVAL && r2 == -EINVAL,
          "TASK_SIZE %#x: %ld %ld", task_size, r1, r2);
    long hole = k_anon(PG);
    k_munmap(hole, PG);
    CHECK("munmap_unmapped", k_munmap(hole, PG) == 0, "got %ld", k_munmap(hole, PG));
    volatile char *p = (volatile char *)a;
    p[0] = 1, p[PG] = 2, p[2 * PG] = 3;
    r = k_munmap(a + PG, PG);
    CHECK("munmap_split", r == 0 && p[0] == 1 && p[2 * PG] == 3 &&
          touch_result(p + PG, 0) == TOUCH_SEGV_MAPERR,
          "munmap %ld, outer pages %d %d", r, p[0], p[2 * PG]);
    k_munmap(a, 3 * PG);
}

/* ---- mprotect --------------------------------------------------------- */

static void test_mprotect(void)
{
    long a = k_anon(2 * PG);
    volatile char *p = (volatile char *)a;
    p[0] = 1;
    CHECK("mprotect_unaligned", k_mprotect(a + 1, PG, P_READ) == -EINVAL, "got %ld",
          k_mprotect(a + 1, PG, P_READ));
    CHECK("mprotect_zero", k_mprotect(a, 0, P_READ) == 0 &&
          k_mprotect(0x1000, 0, P_READ) == 0, "got %ld", k_mprotect(a, 0, P_READ));
    long r;
    if (wraps_in_32_bits("mprotect_len_wraps")) {
        r = k_mprotect(a, 0xFFFFF001u, P_READ);
        CHECK("mprotect_len_wraps", r == -ENOMEM && touch_result(p, 1) == TOUCH_OK,
              "got %ld", r);
    }
    if (wraps_in_32_bits("mprotect_end_wraps")) {
        r = k_mprotect(a, 0u - (uint32_t)a + PG, P_READ);
        CHECK("mprotect_end_wraps", r == -ENOMEM && touch_result(p, 1) == TOUCH_OK,
              "got %ld", r);
    }
    CHECK("mprotect_bad_prot", k_mprotect(a, PG, 0x10) == -EINVAL, "got %ld",
          k_mprotect(a, PG, 0x10));
    long hole = k_anon(PG);
    k_munmap(hole, PG);
    CHECK("mprotect_unmapped", k_mprotect(hole, PG, P_READ) == -ENOMEM, "got %ld",
          k_mprotect(hole, PG, P_READ));
    /* The mapped prefix changes, then ENOMEM. */
    k_munmap(a + PG, PG);
    r = k_mprotect(a, 3 * PG, P_READ);
    CHECK("mprotect_prefix_hole", r == -ENOMEM && touch_result(p, 1) == TOUCH_SEGV_ACCERR &&
          p[0] == 1, "got %ld, write to the prefix: %d", r, touch_result(p, 1));
    /* Past TASK_SIZE is just unmapped: the prefix (if any) changes, then
     * ENOMEM; never EINVAL. */
    r = k_mprotect(task_size - PG, 2 * PG, P_READ | P_WRITE);
    CHECK("mprotect_past_top", r == -ENOMEM, "got %ld", r);
    CHECK("mprotect_growsdown_plain", k_mprotect(a, PG, P_READ | 0x01000000) == -EINVAL,
          "got %ld", k_mprotect(a, PG, P_READ | 0x01000000));
    k_munmap(a, PG);
}

/* ---- mmap -------------------------------------------------------------- */

static void test_mmap_args(void)
{
    long r = k_mmap(0, 0, P_READ, M_PRIVATE, -1, 0);
    CHECK("mmap_ebadf_first", r == -EBADF, "got %ld", r);
    CHECK("mmap_len0", k_mmap(0, 0, P_READ, M_PRIVATE | M_ANON, -1, 0) == -EINVAL,
          "got %ld", k_mmap(0, 0, P_READ, M_PRIVATE | M_ANON, -1, 0));
    r = k_mmap(0, 0xFFFFF001u, P_READ, M_PRIVATE | M_ANON, -1, 0);
    CHECK("mmap_len_wraps", r == -ENOMEM, "got %ld", r);
    r = k_mmap(0, task_size + PG, P_READ, M_PRIVATE | M_ANON, -1, 0);
    CHECK("mmap_len_over_top", r == -ENOMEM, "got %ld", r);
    r = k_mmap(0, PG, P_READ, M_ANON, -1, 0);
    long v = k_mmap(0, PG, P_READ, M_VALIDATE | M_ANON, -1, 0);
    CHECK("mmap_bad_type", r == -EINVAL && v == -EINVAL, "type 0: %ld, anonymous "
          "MAP_SHARED_VALIDATE: %ld", r, v);
    long a = k_anon(2 * PG);
    r = k_mmap(a + 1, PG, P_READ, M_PRIVATE | M_ANON | M_FIXED, -1, 0);
    CHECK("mmap_fixed_unaligned", r == -EINVAL && mapped(a), "got %ld", r);
    r = k_mmap(task_size - PG, 2 * PG, P_READ, M_PRIVATE | M_ANON | M_FIXED, -1, 0);
    CHECK("mmap_fixed_past_top", r == -ENOMEM, "got %ld", r);
    r = k_mmap(task_size - PG, 2 * PG, P_READ, M_PRIVATE | M_ANON, -1, 0);
    CHECK("mmap_hint_past_top", !is_err(r) && r + 2 * PG <= task_size,
          "hint %#x gave %#lx", task_size - PG, r);
    if (!is_err(r))
        k_munmap(r, 2 * PG);

    k_munmap(a, 2 * PG);                          /* a is free now */
    r = k_mmap(a, PG, P_READ, M_PRIVATE | M_ANON, -1, 0);
    CHECK("mmap_hint_free", r == a, "hint %#lx gave %#lx", a, r);
    long t = k_mmap(a, PG, P_READ, M_PRIVATE | M_ANON, -1, 0);
    CHECK("mmap_hint_taken", !is_err(t) && t != a && mapped(a), "hint %#lx gave %#lx", a, t);
    k_munmap(a, PG);
    k_munmap(t, PG);
    r = k_mmap(a + 0x123, PG, P_READ, M_PRIVATE | M_ANON, -1, 0);
    CHECK("mmap_hint_unaligned", r == a, "hint %#lx gave %#lx", a + 0x123, r);
    k_munmap(r, PG);
    /* A hint below mmap_min_addr (64 KiB) is raised to it. */
    r = k_mmap(0x1000, PG, P_READ, M_PRIVATE | M_ANON, -1, 0);
    CHECK("mmap_hint_low", r == 0x10000, "hint 0x1000 gave %#lx", r);
    k_munmap(r, PG);

    a = k_anon(PG);
    r = k_mmap(a, PG, P_READ, M_PRIVATE | M_ANON | M_NOREPLACE, -1, 0);
    CHECK("mmap_noreplace", r == -EEXIST && mapped(a), "got %ld", r);
    ((volatile char *)a)[0] = 5;
    r = k_mmap(a, PG, P_READ | P_WRITE, M_PRIVATE | M_ANON | M_FIXED, -1, 0);
    CHECK("mmap_fixed_replaces", r == a && ((volatile char *)a)[0] == 0,
          "got %ld, old byte %d", r, ((volatile char *)a)[0]);
    k_munmap(a, PG);
}

static void test_mmap_files(void)
{
    int fd = make_file("args", 3 * PG, O_RDWR);
    /* pgoff + len passes 2^32 pages: EOVERFLOW on i386, whose pgoff is
     * 32 bits.  A 64-bit kernel (this host) computes it in 64 bits and
     * maps the page (beyond EOF). */
    long r = k_mmap(0, 2 * PG, P_READ, M_PRIVATE, fd, 0xFFFFFFFFu);
    long ra = k_mmap(0, 2 * PG, P_READ, M_PRIVATE | M_ANON, -1, 0xFFFFFFFFu);
    int k64 = task_size != 0xC0000000u;
    CHECK("mmap_pgoff_overflow", k64 ? !is_err(r) && !is_err(ra)
                                     : r == -EOVERFLOW && ra == -EOVERFLOW,
          "file %ld, anonymous %ld", r, ra);
    if (!is_err(r))
        k_munmap(r, 2 * PG);
    if (!is_err(ra))
        k_munmap(ra, 2 * PG);
    uint32_t args[6] = { 0, PG, P_READ, M_PRIVATE, (uint32_t)fd, 1 };
    r = raw_syscall(NR_mmap, (long)args, 0, 0, 0, 0, 0);
    CHECK("mmap_old_offset_unaligned", r == -EINVAL, "got %ld", r);
    r = k_mmap(0, PG, P_READ, M_VALIDATE | M_SYNC, fd, 0);
    CHECK("mmap_validate_unknown", r == -EOPNOTSUPP, "got %ld", r);
    if (i386_kernel("mmap_shared_unknown_ignored",
                    "this host's newer kernel refuses MAP_SYNC without MAP_SHARED_VALIDATE")) {
        r = k_mmap(0, PG, P_READ, M_SHARED | M_SYNC, fd, 0);
        CHECK("mmap_shared_unknown_ignored", !is_err(r), "got %ld", r);
        k_munmap(r, PG);
    }
    r = k_mmap(0, PG, P_READ, M_PRIVATE | M_GROWSDOWN, fd, 0);
    CHECK("mmap_file_growsdown", r == -EINVAL, "got %ld", r);

    /* pgoff is a page index: 0x100000 is 4 GiB, beyond this file's end. */
    r = k_mmap(0, PG, P_READ, M_SHARED, fd, 0x100000);
    char line[200];
    int have = !is_err(r) && maps_line(r, line, sizeof(line));
    CHECK("mmap_pgoff_4g_maps", have && strstr(line, " r--s 100000000 "),
          "mmap %ld, maps line '%s'", r, line);
    CHECK("mmap_pgoff_4g_sigbus", !is_err(r) &&
          touch_result((volatile char *)r + 8, 0) == TOUCH_SIGBUS_ADRERR,
          "touch: %d", is_err(r) ? -1 : touch_result((volatile char *)r + 8, 0));
    k_munmap(r, PG);
    close(fd);

    fd = make_file("wronly", PG, O_WRONLY);
    r = k_mmap(0, PG, P_WRITE, M_PRIVATE, fd, 0);
    CHECK("mmap_wronly_fd", r == -EACCES, "got %ld", r);
    close(fd);
    fd = open("/tmp", O_RDONLY);
    r = k_mmap(0, PG, P_READ, M_PRIVATE, fd, 0);
    CHECK("mmap_dir_fd", r == -ENODEV, "got %ld", r);
    close(fd);
}

/* ---- VM_MAY* ---------------------------------------------------------- */

static void test_may_bits(void)
{
    int fd = make_file("ro", 2 * PG, O_RDONLY);
    long m = k_mmap(0, 2 * PG, P_READ, M_SHARED, fd, 0);
    long r = k_mprotect(m, 2 * PG, P_READ | P_WRITE);
    CHECK("may_shared_ro_write", !is_err(m) && r == -EACCES &&
          touch_result((volatile char *)m, 1) == TOUCH_SEGV_ACCERR,
          "mmap %ld, mprotect %ld", m, r);
    r = k_mprotect(m, 2 * PG, P_READ | P_EXEC);
    CHECK("may_shared_ro_exec", r == 0, "mprotect(READ|EXEC) %ld", r);
    k_mprotect(m, 2 * PG, P_READ);
    char line[200], flags[200];
    maps_line(m, line, sizeof(line));
    vmflags_of(m, flags, sizeof(flags));
    CHECK("may_shared_ro_flags", strstr(line, " r--s ") && strstr(flags, " ms ") &&
          strstr(flags, " mr ") && strstr(flags, " me ") && !strstr(flags, " mw ") &&
          !strstr(flags, " sh "), "maps '%s', smaps '%s'", line, flags);
    k_munmap(m, 2 * PG);
    long p = k_mmap(0, PG, P_READ, M_PRIVATE, fd, 0);
    r = k_mprotect(p, PG, P_READ | P_WRITE);
    int t = touch_result((volatile char *)p, 1);
    CHECK("may_private_ro_write", !is_err(p) && r == 0 && t == TOUCH_OK,
          "mmap %ld, mprotect %ld, write %d", p, r, t);
    k_munmap(p, PG);
    close(fd);

    fd = make_file("rw", PG, O_RDWR);
    m = k_mmap(0, PG, P_READ | P_WRITE, M_SHARED, fd, 0);
    vmflags_of(m, flags, sizeof(flags));
    CHECK("may_shared_rw_flags", strstr(flags, " sh ") && strstr(flags, " mw ") &&
          strstr(flags, " ms "), "smaps '%s'", flags);
    k_munmap(m, PG);
    close(fd);
}

/* ---- SIGBUS ------------------------------------------------------------ */

static void test_sigbus(void)
{
    int fd = make_file("short", 100, O_RDWR);
    long p = k_mmap(0, 3 * PG, P_READ, M_PRIVATE, fd, 0);
    long s = k_mmap(0, 3 * PG, P_READ | P_WRITE, M_SHARED, fd, 0);
    volatile char *pp = (volatile char *)p, *sp = (volatile char *)s;
    int zeros = 1;
    for (uint32_t i = 100; i < PG; i++)
        zeros &= pp[i] == 0;
    CHECK("sigbus_partial_page", pp[99] == 99 && zeros, "byte 99 = %d, zeros after: %d",
          pp[99], zeros);
    int tp = touch_result(pp + PG + 5, 0), ts = touch_result(sp + 2 * PG, 1);
    CHECK("sigbus_private", tp == TOUCH_SIGBUS_ADRERR, "touch: %d", tp);
    CHECK("sigbus_shared", ts == TOUCH_SIGBUS_ADRERR, "touch: %d", ts);
    int pfd[2];
    pipe(pfd);
    long w = write(pfd[1], (const void *)(pp + PG), 10);
    CHECK("sigbus_syscall_efault", w == -1 && errno == EFAULT, "write %ld errno %d", w, errno);
    close(pfd[0]);
    close(pfd[1]);
    k_munmap(p, 3 * PG);
    k_munmap(s, 3 * PG);
    close(fd);

    /* Truncated under a mapping whose pages are present. */
    fd = make_file("trunc", 3 * PG, O_RDWR);
    s = k_mmap(0, 3 * PG, P_READ | P_WRITE, M_SHARED, fd, 0);
    sp = (volatile char *)s;
    int before = sp[0] + sp[PG] + sp[2 * PG + 1];       /* all three present */
    ftruncate(fd, PG + 10);
    ts = touch_result(sp + 2 * PG + 1, 0);
    CHECK("sigbus_after_truncate", before == 1 && ts == TOUCH_SIGBUS_ADRERR,
          "before %d, touch %d", before, ts);
    CHECK("sigbus_truncate_partial", sp[PG + 9] == (char)((PG + 9) & 0x7f) &&
          sp[PG + 10] == 0 && sp[2 * PG - 1] == 0, "bytes %d %d %d", sp[PG + 9],
          sp[PG + 10], sp[2 * PG - 1]);
    ftruncate(fd, 3 * PG);
    ts = touch_result(sp + 2 * PG + 1, 0);
    CHECK("sigbus_regrow", ts == TOUCH_OK && sp[2 * PG + 1] == 0, "touch %d", ts);
    k_munmap(s, 3 * PG);
    close(fd);
}

/* ---- mremap ------------------------------------------------------------ */

static void test_mremap(void)
{
    long a = k_anon(3 * PG);
    volatile char *p = (volatile char *)a;
    p[0] = 11, p[PG] = 12, p[2 * PG] = 13;
    CHECK("mremap_bad_flags", k_mremap(a, PG, PG, 8, 0) == -EINVAL, "got %ld",
          k_mremap(a, PG, PG, 8, 0));
    CHECK("mremap_fixed_needs_maymove", k_mremap(a, PG, PG, MRM_FIXED, a + 0x100000) == -EINVAL,
          "got %ld", k_mremap(a, PG, PG, MRM_FIXED, a + 0x100000));
    CHECK("mremap_unaligned", k_mremap(a + 1, PG, PG, 0, 0) == -EINVAL, "got %ld",
          k_mremap(a + 1, PG, PG, 0, 0));
    CHECK("mremap_new_zero", k_mremap(a, PG, 0, 0, 0) == -EINVAL &&
          k_mremap(a, PG, 0xFFFFF001u, MRM_MAYMOVE, 0) == -EINVAL, "got %ld",
          k_mremap(a, PG, 0, 0, 0));
    long hole = k_anon(PG);
    k_munmap(hole, PG);
    CHECK("mremap_unmapped", k_mremap(hole, PG, 2 * PG, MRM_MAYMOVE, 0) == -EFAULT,
          "got %ld", k_mremap(hole, PG, 2 * PG, MRM_MAYMOVE, 0));
    long r = k_mremap(a, 3 * PG, PG, 0, 0);
    CHECK("mremap_shrink", r == a && p[0] == 11 && !mapped(a + PG) && !mapped(a + 2 * PG),
          "got %ld", r);
    /* The pages after a are free now: grow in place. */
    r = k_mremap(a, PG, 2 * PG, 0, 0);
    CHECK("mremap_grow_in_place", r == a && p[0] == 11 && p[PG] == 0, "got %ld", r);
    long b = k_mmap(a + 2 * PG, PG, P_READ, M_PRIVATE | M_ANON | M_NOREPLACE, -1, 0);
    r = k_mremap(a, 2 * PG, 3 * PG, 0, 0);
    CHECK("mremap_grow_blocked", b == a + 2 * (long)PG && r == -ENOMEM && mapped(a + PG),
          "blocker %ld, got %ld", b, r);
    p[PG] = 22;
    r = k_mremap(a, 2 * PG, 4 * PG, MRM_MAYMOVE, 0);
    volatile char *q = (volatile char *)r;
    CHECK("mremap_maymove", !is_err(r) && r != a && q[0] == 11 && q[PG] == 22 &&
          q[3 * PG] == 0 && !mapped(a) && mapped(b), "got %ld", r);
    long to = k_anon(4 * PG);
    k_munmap(to, 4 * PG);
    long r2 = k_mremap(r, 4 * PG, 4 * PG, MRM_MAYMOVE | MRM_FIXED, to);
    q = (volatile char *)to;
    CHECK("mremap_fixed", r2 == to && q[0] == 11 && q[PG] == 22 && !mapped(r),
          "got %ld (wanted %#lx)", r2, to);
    r = k_mremap(to, 2 * PG, 2 * PG, MRM_MAYMOVE | MRM_FIXED, to + PG);
    CHECK("mremap_overlap", r == -EINVAL && q[0] == 11, "got %ld", r);
    r = k_mremap(to, PG, 2 * PG, MRM_MAYMOVE | MRM_FIXED, task_size - PG);
    CHECK("mremap_fixed_past_top", r == -EINVAL && q[0] == 11, "got %ld", r);
    r = k_mremap(to, 5 * PG, 6 * PG, MRM_MAYMOVE, 0);
    CHECK("mremap_past_region", r == -EFAULT, "got %ld", r);
    r = k_mremap(to, 0, PG, MRM_MAYMOVE, 0);
    CHECK("mremap_dup_private", r == -EINVAL, "got %ld", r);
    k_munmap(to, 4 * PG);
    k_munmap(b, PG);

    long s = k_mmap(0, PG, P_READ | P_WRITE, M_SHARED | M_ANON, -1, 0);
    r = k_mremap(s, 0, PG, MRM_MAYMOVE, 0);
    int seen = 0;
    if (!is_err(r)) {
        ((volatile char *)s)[5] = 55;
        seen = ((volatile char *)r)[5] == 55 && r != s;
    }
    CHECK("mremap_dup_shared", seen, "got %ld", r);
    k_munmap(s, PG);
    if (!is_err(r))
        k_munmap(r, PG);

    a = k_anon(PG);
    ((volatile char *)a)[0] = 77;
    r = k_mremap(a, PG, PG, MRM_MAYMOVE | MRM_DONTUNMAP, 0);
    CHECK("mremap_dontunmap", !is_err(r) && r != a && ((volatile char *)r)[0] == 77 &&
          mapped(a) && ((volatile char *)a)[0] == 0, "got %ld", r);
    CHECK("mremap_dontunmap_resize", k_mremap(a, PG, 2 * PG, MRM_MAYMOVE | MRM_DONTUNMAP, 0)
          == -EINVAL, "got %ld", k_mremap(a, PG, 2 * PG, MRM_MAYMOVE | MRM_DONTUNMAP, 0));
    k_munmap(a, PG);
    if (!is_err(r))
        k_munmap(r, PG);
}

/* ---- madvise ----------------------------------------------------------- */

static void test_madvise(void)
{
    long a = k_anon(3 * PG);
    volatile char *p = (volatile char *)a;
    CHECK("madv_bad_advice", k_madvise(a, PG, 5) == -EINVAL && k_madvise(a, PG, 7) == -EINVAL
          && k_madvise(a, PG, 999) == -EINVAL, "5: %ld", k_madvise(a, PG, 5));
    CHECK("madv_unaligned", k_madvise(a + 1, PG, 0) == -EINVAL, "got %ld",
          k_madvise(a + 1, PG, 0));
    if (wraps_in_32_bits("madv_len_wraps"))
        CHECK("madv_len_wraps", k_madvise(a, 0xFFFFF001u, 0) == -EINVAL, "got %ld",
              k_madvise(a, 0xFFFFF001u, 0));
    CHECK("madv_zero", k_madvise(a, 0, 4) == 0, "got %ld", k_madvise(a, 0, 4));
    long hole = k_anon(PG);
    k_munmap(hole, PG);
    CHECK("madv_unmapped", k_madvise(hole, PG, 4) == -ENOMEM, "got %ld",
          k_madvise(hole, PG, 4));
    CHECK("madv_past_top", k_madvise(task_size - PG, 2 * PG, 0) == -ENOMEM, "got %ld",
          k_madvise(task_size - PG, 2 * PG, 0));
    p[0] = 1, p[2 * PG] = 3;
    long r = k_madvise(a, 3 * PG, 4);
    CHECK("madv_dontneed_anon", r == 0 && p[0] == 0 && p[2 * PG] == 0, "got %ld, %d %d",
          r, p[0], p[2 * PG]);
    p[0] = 1, p[2 * PG] = 3;
    k_munmap(a + PG, PG);
    r = k_madvise(a, 3 * PG, 4);
    CHECK("madv_hole", r == -ENOMEM && p[0] == 0 && p[2 * PG] == 0, "got %ld, %d %d",
          r, p[0], p[2 * PG]);
    static const int harmless[] = { 0, 1, 2, 3, 16, 17, 20, 21 };
    int bad = -1;
    for (unsigned i = 0; i < sizeof(harmless) / sizeof(harmless[0]); i++)
        if (k_madvise(a, PG, harmless[i]) != 0)
            bad = harmless[i];
    CHECK("madv_harmless", bad < 0, "advice %d: %ld", bad, bad < 0 ? 0 : k_madvise(a, PG, bad));
    CHECK("madv_remove_anon", k_madvise(a, PG, 9) == -EINVAL, "got %ld", k_madvise(a, PG, 9));
    CHECK("madv_populate_read", k_madvise(a, PG, 22) == 0, "got %ld", k_madvise(a, PG, 22));
    k_mprotect(a, PG, P_READ);
    CHECK("madv_populate_ro", k_madvise(a, PG, 23) == -EINVAL, "got %ld",
          k_madvise(a, PG, 23));
    k_munmap(a, 3 * PG);

    int fd = make_file("madv", PG, O_RDWR);
    long f = k_mmap(0, PG, P_READ | P_WRITE, M_PRIVATE, fd, 0);
    volatile char *fp = (volatile char *)f;
    fp[10] = 99;                                   /* a private copy */
    r = k_madvise(f, PG, 4);
    CHECK("madv_dontneed_private_file", r == 0 && fp[10] == 10, "got %ld, byte %d", r, fp[10]);
    CHECK("madv_free_file", k_madvise(f, PG, 8) == -EINVAL, "got %ld", k_madvise(f, PG, 8));
    k_munmap(f, PG);
    long s = k_mmap(0, PG, P_READ | P_WRITE, M_SHARED, fd, 0);
    ((volatile char *)s)[10] = 98;
    r = k_madvise(s, PG, 4);
    CHECK("madv_dontneed_shared", r == 0 && ((volatile char *)s)[10] == 98, "got %ld", r);
    k_munmap(s, PG);
    close(fd);
}

/* Does the VmFlags line of the region at addr hold (or lack) `flag`? */
static int has_flag(uint32_t addr, const char *flag)
{
    char line[200], key[8];
    snprintf(key, sizeof(key), " %s ", flag);
    return vmflags_of(addr, line, sizeof(line)) && strstr(line, key) != NULL;
}

/* The hints land in the region's flags (smaps), splitting it; DONTFORK
 * and WIPEONFORK decide what a fork's child gets. */
static void test_madvise_flags(void)
{
    long a = k_anon(3 * PG);
    volatile char *p = (volatile char *)a;
    p[0] = 1, p[PG] = 2, p[2 * PG] = 3;
    long r = k_madvise(a + PG, PG, 1);                 /* MADV_RANDOM, middle page */
    CHECK("madv_random_splits", r == 0 && has_flag(a + PG, "rr") && !has_flag(a, "rr") &&
          !has_flag(a + 2 * PG, "rr"), "got %ld", r);
    k_madvise(a + PG, PG, 0);                          /* MADV_NORMAL: merge back */
    char line[200];
    maps_line(a, line, sizeof(line));
    CHECK("madv_normal_merges", strtoul(line + 9, NULL, 16) == (unsigned long)a + 3 * PG,
          "maps line '%s'", line);
    static const struct { int advice; const char *flag; } hints[] = {
        { 2, "sr" }, { 16, "dd" }, { 14, "hg" }, { 15, "nh" }, { 12, "mg" },
    };
    int bad = -1;
    for (unsigned i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
        long b = k_anon(PG);
        if (k_madvise(b, PG, hints[i].advice) != 0 || !has_flag(b, hints[i].flag))
            bad = hints[i].advice;
        k_munmap(b, PG);
    }
    CHECK("madv_hint_flags", bad < 0, "advice %d: flag not in smaps", bad);

    r = k_madvise(a, PG, 10);                          /* MADV_DONTFORK */
    int t = touch_result(p, 0);                        /* the child lacks it */
    CHECK("madv_dontfork", r == 0 && has_flag(a, "dc") && t == TOUCH_SEGV_MAPERR &&
          touch_result(p + PG, 0) == TOUCH_OK, "got %ld, child touch %d", r, t);
    k_madvise(a, PG, 11);                              /* MADV_DOFORK */
    CHECK("madv_dofork", !has_flag(a, "dc") && touch_result(p, 0) == TOUCH_OK,
          "flag or child access");

    r = k_madvise(a + 2 * PG, PG, 18);                 /* MADV_WIPEONFORK */
    pid_t pid = fork();
    if (pid == 0)
        _exit(p[2 * PG] == 0 && p[PG] == 2 ? 0 : 1);
    int st;
    wait_for(pid, &st);
    CHECK("madv_wipeonfork", r == 0 && has_flag(a + 2 * PG, "wf") && exited_with(st, 0) &&
          p[2 * PG] == 3, "got %ld, child %s", r, wstr(st));
    long s = k_mmap(0, PG, P_READ | P_WRITE, M_SHARED | M_ANON, -1, 0);
    CHECK("madv_wipeonfork_shared", k_madvise(s, PG, 18) == -EINVAL, "got %ld",
          k_madvise(s, PG, 18));
    k_munmap(s, PG);
    k_munmap(a, 3 * PG);

    long n = k_mmap(0, PG, P_READ | P_WRITE, M_PRIVATE | M_ANON | 0x4000, -1, 0);
    CHECK("mmap_noreserve_flags", has_flag(n, "nr") && !has_flag(n, "ac"),
          "VmFlags without nr or with ac");
    k_munmap(n, PG);
}

/* glibc's realloc of a large (mmapped) block uses mremap. */
static void test_realloc(void)
{
    size_t small = 256 * 1024, big = 4 * 1024 * 1024;
    unsigned char *b = malloc(small);
    for (size_t i = 0; b && i < small; i++)
        b[i] = (unsigned char)(i * 7);
    unsigned char *c = b ? realloc(b, big) : NULL;
    int ok = c != NULL;
    for (size_t i = 0; ok && i < small; i++)
        ok = c[i] == (unsigned char)(i * 7);
    if (c)
        c[big - 1] = 1;
    CHECK("realloc_big", ok, "realloc %p", (void *)c);
    free(c);
}

/* ---- msync ------------------------------------------------------------- */

static void test_msync(void)
{
    long a = k_anon(2 * PG);
    CHECK("msync_bad_flags", k_msync(a, PG, 8) == -EINVAL, "got %ld", k_msync(a, PG, 8));
    CHECK("msync_async_sync", k_msync(a, PG, 1 | 4) == -EINVAL, "got %ld",
          k_msync(a, PG, 1 | 4));
    CHECK("msync_unaligned", k_msync(a + 1, PG, 4) == -EINVAL, "got %ld",
          k_msync(a + 1, PG, 4));
    if (wraps_in_32_bits("msync_len_wraps"))
        CHECK("msync_len_wraps", k_msync(a, 0xFFFFF001u, 4) == 0, "got %ld",
              k_msync(a, 0xFFFFF001u, 4));
    if (wraps_in_32_bits("msync_end_wraps"))
        CHECK("msync_end_wraps", k_msync(a, 0u - (uint32_t)a + PG, 4) == -ENOMEM,
              "got %ld", k_msync(a, 0u - (uint32_t)a + PG, 4));
    CHECK("msync_zero", k_msync(a, 0, 4) == 0, "got %ld", k_msync(a, 0, 4));
    CHECK("msync_mapped", k_msync(a, 2 * PG, 4) == 0 && k_msync(a, 2 * PG, 2) == 0,
          "got %ld", k_msync(a, 2 * PG, 4));
    CHECK("msync_past_top", k_msync(task_size - PG, 2 * PG, 4) == -ENOMEM, "got %ld",
          k_msync(task_size - PG, 2 * PG, 4));
    k_munmap(a + PG, PG);
    CHECK("msync_unmapped", k_msync(a, 2 * PG, 4) == -ENOMEM &&
          k_msync(a, 2 * PG, 1) == -ENOMEM, "got %ld", k_msync(a, 2 * PG, 4));
    k_munmap(a, PG);
}

int main(void)
{
    int local;
    task_size = (uintptr_t)&local >= 0xC0000000u ? 0xFFFFE000u : 0xC0000000u;
    test_brk();
    test_munmap();
    test_mprotect();
    test_mmap_args();
    test_mmap_files();
    test_may_bits();
    test_sigbus();
    test_mremap();
    test_madvise();
    test_madvise_flags();
    test_realloc();
    test_msync();
    return finish();
}
