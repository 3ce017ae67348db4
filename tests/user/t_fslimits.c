/*
 * tests/user/t_fslimits.c - what files cost and where they stop: sparse
 * files, the file system's size limit, memory coming back, and the
 * limits of truncate and write.
 *
 * It works in a directory of its own on /dev/shm (tmpfs on Linux, the
 * root file system on Pagoda), so the same binary run natively shows
 * Linux's tmpfs answers: tests/test_user.py compares the PASS sets.  The
 * checks of free memory are exact only on Pagoda (SKIP natively).
 *
 *   sparse_size          one byte written at 2 GiB - 2: st_size 2 GiB - 1,
 *                        st_blocks 8 (one page)
 *   sparse_hole_reads_zero  4 KiB read from the hole: zeros, no new block
 *   sparse_fault_allocates  a read fault on a hole of a MAP_SHARED mapping
 *                        fills it (st_blocks 16), as tmpfs's shmem_fault
 *   sparse_cost          31 such files cost at most 4 pages each of free
 *                        memory (Pagoda only)
 *   sparse_memory_back   after unlinking them MemFree is back within 2
 *                        pages (Pagoda only)
 *   fs_full_enospc       writing until the file system is full ends in
 *                        ENOSPC near half of RAM, and unlinking gives it
 *                        all back (Pagoda only: tmpfs here is bigger)
 *   truncate_negative    ftruncate(-1), ftruncate64(-2^63), truncate(-1),
 *                        truncate of a missing file with -1: EINVAL
 *   ftruncate32_2g       32-bit ftruncate(fd, 0x80000000): EINVAL
 *   ftruncate_non_lfs    without O_LARGEFILE: ftruncate64 to 2 GiB - 1
 *                        works, to 2 GiB is EINVAL
 *   pwrite_non_lfs       without O_LARGEFILE: pwrite at 2 GiB - 1 EFBIG,
 *                        two bytes at 2 GiB - 2 write one
 *   ftruncate_not_file   pipe ends, a directory, /dev/null, an O_RDONLY
 *                        fd: EINVAL; a closed fd EBADF
 *   truncate_by_name     a directory EISDIR, /dev/null EINVAL, a missing
 *                        file ENOENT, "file/" ENOTDIR, a symlink: its target
 *   truncate_beyond_max  ftruncate64 to 2 GiB with O_LARGEFILE: EFBIG on
 *                        Pagoda, whose files stop at 2 GiB - 1 (Linux's
 *                        tmpfs takes up to 16 TiB: SKIP natively)
 */
#include "check.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define PAGE      4096
#define TWO_GIB   0x80000000u
#define NSPARSE   31
#ifndef O_LARGEFILE
#define O_LARGEFILE 0x8000
#endif

static char dir[64];
static int pagoda;

/* A meminfo line, in kB; -1 if missing. */
static long meminfo(const char *label)
{
    static char buf[4096];
    int fd = open("/proc/meminfo", O_RDONLY);
    long n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    size_t len = strlen(label);
    for (char *p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
        if (strncmp(p, label, len) == 0 && p[len] == ':')
            return strtol(p + len + 1, NULL, 10);
    return -1;
}

/* The calls with 64-bit lengths and offsets, split low word first as the
 * i386 ABI has it, so both C libraries pass exactly these values. */
static long ftruncate64_raw(int fd, uint64_t len)
{
    return syscall(SYS_ftruncate64, fd, (uint32_t)len, (uint32_t)(len >> 32));
}

static long truncate64_raw(const char *path, uint64_t len)
{
    return syscall(SYS_truncate64, path, (uint32_t)len, (uint32_t)(len >> 32));
}

static long pwrite64_raw(int fd, const void *buf, uint32_t n, uint64_t off)
{
    return syscall(SYS_pwrite64, fd, buf, n, (uint32_t)off, (uint32_t)(off >> 32));
}

/* The errno of a failed call, 0 if it worked. */
static int err_of(long r)
{
    return r < 0 ? errno : 0;
}

/* st_blocks of an fd, or -1. */
static long blocks_of(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 ? (long)st.st_blocks : -1;
}

/* A file holding one byte at 2 GiB - 2 (so its size is 2 GiB - 1). */
static int make_sparse(const char *name)
{
    int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0 && pwrite64_raw(fd, "x", 1, TWO_GIB - 2) != 1) {
        close(fd);
        return -1;
    }
    return fd;
}

static void test_sparse_file(void)
{
    int fd = make_sparse("sparse");
    struct stat st;
    int ok = fd >= 0 && fstat(fd, &st) == 0;
    CHECK("sparse_size", ok && st.st_size == (off_t)TWO_GIB - 1 &&
          st.st_blocks == 8, "size %lld, blocks %lld",
          ok ? (long long)st.st_size : -1LL, ok ? (long long)st.st_blocks : -1LL);

    static char buf[PAGE];
    memset(buf, 'q', sizeof buf);
    long n = pread(fd, buf, PAGE, 1 << 30);
    int zeros = n == PAGE;
    for (int i = 0; zeros && i < PAGE; i++)
        zeros = buf[i] == 0;
    CHECK("sparse_hole_reads_zero", zeros && blocks_of(fd) == 8,
          "read %ld, zeros %d, blocks %ld", n, zeros, blocks_of(fd));

    char *m = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 1 << 30);
    volatile char c = m != MAP_FAILED ? m[100] : 1;
    CHECK("sparse_fault_allocates", m != MAP_FAILED && c == 0 &&
          blocks_of(fd) == 16, "mmap %s, byte %d, blocks %ld",
          m == MAP_FAILED ? strerror(errno) : "ok", c, blocks_of(fd));
    if (m != MAP_FAILED)
        munmap(m, PAGE);
    close(fd);
    unlink("sparse");
}

/* The case: 31 sparse files used to cost 2 MiB of kernel heap
 * each, never given back. */
static void test_sparse_cost(void)
{
    if (!pagoda) {
        say("SKIP sparse_cost: free memory is not exact on Linux\n");
        say("SKIP sparse_memory_back: free memory is not exact on Linux\n");
        return;
    }
    char name[32];
    long before = meminfo("MemFree");
    int made = 0;
    for (int i = 0; i < NSPARSE; i++) {
        snprintf(name, sizeof name, "sparse%d", i);
        int fd = make_sparse(name);
        made += fd >= 0;
        close(fd);
    }
    long during = meminfo("MemFree");
    if (made == NSPARSE && before - during <= NSPARSE * 4 * 4)
        PASS_INFO("sparse_cost", "%d files cost %ld kB", made, before - during);
    else
        fail("sparse_cost", "%d files cost %ld kB", made, before - during);
    for (int i = 0; i < NSPARSE; i++) {
        snprintf(name, sizeof name, "sparse%d", i);
        unlink(name);
    }
    long after = meminfo("MemFree");
    if (after >= before - 2 * 4 && after <= before + 2 * 4)
        PASS_INFO("sparse_memory_back", "MemFree %ld kB before, %ld after",
                  before, after);
    else
        fail("sparse_memory_back", "MemFree %ld kB before, %ld after", before,
             after);
}

/* Fill the file system: the write that finds it full fails with ENOSPC;
 * the bytes written add up to about half of RAM, less what files held
 * already. */
static void test_fs_full(void)
{
    if (!pagoda) {
        say("SKIP fs_full_enospc: tmpfs here holds half of this host's RAM\n");
        return;
    }
    static char chunk[64 * 1024];
    memset(chunk, 'f', sizeof chunk);          /* its pages are ours first */
    long total = meminfo("MemTotal"), shmem = meminfo("Shmem");
    long free_before = meminfo("MemFree");
    int fd = open("big", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    long written = 0, r;
    while ((r = write(fd, chunk, sizeof chunk)) > 0)
        written += r;
    int e = errno;
    close(fd);
    long kb = written / 1024, limit = total / 2 - shmem;
    unlink("big");
    long free_after = meminfo("MemFree");
    if (r < 0 && e == ENOSPC && kb <= limit && kb >= limit - 64 &&
        free_after >= free_before - 8 && free_after <= free_before + 8)
        PASS_INFO("fs_full_enospc", "%ld kB of %ld; MemFree %ld -> %ld kB", kb,
                  limit, free_before, free_after);
    else
        fail("fs_full_enospc", "stopped with %s after %ld kB (limit %ld kB); "
             "MemFree %ld -> %ld kB", strerror(e), kb, limit, free_before,
             free_after);
}

static void test_truncate_limits(void)
{
    int fd = open("file", O_RDWR | O_CREAT | O_TRUNC, 0644);
    int a = err_of(syscall(SYS_ftruncate, fd, -1));
    int b = err_of(ftruncate64_raw(fd, 1ull << 63));
    int c = err_of(syscall(SYS_truncate, "file", -1));
    int d = err_of(syscall(SYS_truncate, "missing", -1));
    int e = err_of(syscall(SYS_ftruncate, 99, -1));
    CHECK("truncate_negative", a == EINVAL && b == EINVAL && c == EINVAL &&
          d == EINVAL && e == EINVAL, "%s %s %s %s %s", strerror(a), strerror(b),
          strerror(c), strerror(d), strerror(e));
    a = err_of(syscall(SYS_ftruncate, fd, TWO_GIB));
    CHECK("ftruncate32_2g", a == EINVAL, "%s", strerror(a));

    int small = (int)syscall(SYS_open, "nolfs", O_RDWR | O_CREAT | O_TRUNC, 0644);
    a = err_of(ftruncate64_raw(small, TWO_GIB - 1));
    b = err_of(ftruncate64_raw(small, TWO_GIB));
    CHECK("ftruncate_non_lfs", small >= 0 && a == 0 && b == EINVAL, "%s, %s",
          strerror(a), strerror(b));
    ftruncate64_raw(small, 0);
    long w1 = pwrite64_raw(small, "x", 1, TWO_GIB - 1);
    int w1e = errno;
    long w2 = pwrite64_raw(small, "xy", 2, TWO_GIB - 2);
    CHECK("pwrite_non_lfs", w1 == -1 && w1e == EFBIG && w2 == 1,
          "at 2 GiB - 1: %ld (%s); two bytes at 2 GiB - 2: %ld", w1,
          strerror(w1e), w2);
    close(small);
    unlink("nolfs");

    int p[2];
    pipe(p);
    int dfd = open(".", O_RDONLY);
    int null = open("/dev/null", O_WRONLY);
    int ro = open("file", O_RDONLY);
    int r[5] = { err_of(ftruncate64_raw(p[0], 0)), err_of(ftruncate64_raw(p[1], 0)),
                 err_of(ftruncate64_raw(dfd, 0)), err_of(ftruncate64_raw(null, 0)),
                 err_of(ftruncate64_raw(ro, 0)) };
    int bad = err_of(ftruncate64_raw(99, 0));
    CHECK("ftruncate_not_file", r[0] == EINVAL && r[1] == EINVAL && r[2] == EINVAL &&
          r[3] == EINVAL && r[4] == EINVAL && bad == EBADF,
          "pipe %s/%s, dir %s, null %s, rdonly %s, closed %s", strerror(r[0]),
          strerror(r[1]), strerror(r[2]), strerror(r[3]), strerror(r[4]),
          strerror(bad));
    close(p[0]);
    close(p[1]);
    close(dfd);
    close(null);
    close(ro);

    symlink("file", "link");
    struct stat st;
    a = err_of(truncate64_raw(".", 0));
    b = err_of(truncate64_raw("/dev/null", 0));
    c = err_of(truncate64_raw("missing", 0));
    d = err_of(truncate64_raw("file/", 0));
    e = err_of(truncate64_raw("link", 5));
    int size = stat("file", &st) == 0 ? (int)st.st_size : -1;
    CHECK("truncate_by_name", a == EISDIR && b == EINVAL && c == ENOENT &&
          d == ENOTDIR && e == 0 && size == 5, "dir %s, null %s, missing %s, "
          "file/ %s, link %s (size %d)", strerror(a), strerror(b), strerror(c),
          strerror(d), strerror(e), size);
    unlink("link");

    if (pagoda) {
        a = err_of(ftruncate64_raw(fd, TWO_GIB));
        CHECK("truncate_beyond_max", a == EFBIG, "%s", strerror(a));
    } else {
        say("SKIP truncate_beyond_max: Linux's tmpfs takes files of 16 TiB\n");
    }
    close(fd);
    unlink("file");
}

int main(void)
{
    pagoda = on_pagoda();
    snprintf(dir, sizeof dir, "/dev/shm/t_fslimits.%d", (int)getpid());
    if (mkdir(dir, 0755) < 0 || chdir(dir) < 0) {
        fail("setup", "%s: %s", dir, strerror(errno));
        return finish();
    }
    test_sparse_file();
    test_sparse_cost();
    test_fs_full();
    test_truncate_limits();
    chdir("/");
    rmdir(dir);
    return finish();
}
