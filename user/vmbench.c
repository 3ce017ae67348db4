/*
 * vmbench - time the virtual-memory paths of the kernel with rdtsc.
 *
 *   vmbench            run every benchmark, one line each:
 *                          bench NAME median_cycles=N
 *                      (fault_64M adds a second line, cycles_per_page=N)
 *   vmbench --exit     exit at once (the trivial program `spawn` runs)
 *
 * The benchmarks, in the order they run:
 *   getpid          one int $0x80 round trip (median of many)
 *   spawn           fork + execve(vmbench --exit) + wait (median of 20)
 *   fault_64M       grow the heap by 64 MiB with sbrk and touch every page
 *                   once: the whole touch, and the cost per page fault
 *                   (median of 5, the memory given back in between)
 *   fork_1M         with 1 MiB of heap touched: fork, the child _exits at
 *                   once, wait (median of 20)
 *   fork_16M        the same with 16 MiB of heap
 *   fork_touch_16M  with 16 MiB, the child first writes every page: the
 *                   copy-on-write faults (median of 20)
 *   fork_64M        the same as fork_1M with 64 MiB of heap
 *   regions_10000   10,000 one-page mmaps that cannot merge (alternating
 *                   protections), one read of /proc/self/maps, then a
 *                   munmap of each: cycles per region for each phase,
 *                       bench regions_10000_mmap cycles_per_region=N
 *                   (and _maps, _munmap; median of 3)
 *
 *   vmbench --tool NAME SETUP PROGRAM [ARGS...] [--tool ...]
 *                   time a tool of procps's kind, fork + execve + wait
 *                   (median of 10, its output to /dev/null), reported as
 *                   `bench NAME median_cycles=N`.  SETUP is regions=N (this
 *                   process first maps N one-page regions that cannot
 *                   merge: pmap -x's 1,000) or procs=N (N - 1 children
 *                   sleep meanwhile: top -b -n 1's 60 processes).  The
 *                   word PID in ARGS becomes this process's pid; a
 *                   PROGRAM that is missing reports `bench NAME failed`.
 *
 * The same static binary runs on Pagoda and on Linux (tools/bench.sh
 * compares them, both under QEMU TCG) and natively on the host.  The
 * system calls that are timed are made with int $0x80 directly, so the
 * C library adds nothing to them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIB        (1024 * 1024)
#define PAGE       4096
#define NR_exit_group 252
#define NR_getpid   20
#define NR_fork      2
#define NR_execve   11
#define NR_wait4   114
#define NR_munmap   91
#define NR_mmap2   192
#define PROT_READ   0x1
#define PROT_WRITE  0x2
#define MAP_PRIVATE 0x02
#define MAP_ANONYMOUS 0x20

/* ---- the clock and the system calls ---------------------------------- */

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline long sys0(long nr)
{
    long r;
    __asm__ volatile("int $0x80" : "=a"(r) : "0"(nr) : "memory");
    return r;
}

static inline long sys3(long nr, long a, long b, long c)
{
    long r;
    __asm__ volatile("int $0x80" : "=a"(r) : "0"(nr), "b"(a), "c"(b), "d"(c) : "memory");
    return r;
}

/* wait4(pid, &status, 0, NULL): the rusage pointer goes in %esi. */
static inline long sys_wait(long pid)
{
    long r;
    int status;
    __asm__ volatile("int $0x80" : "=a"(r)
                     : "0"(NR_wait4), "b"(pid), "c"(&status), "d"(0), "S"(0)
                     : "memory");
    return r;
}

/* mmap2(0, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0): the sixth
 * argument (pgoff) goes in %ebp, which is saved around the call. */
static inline long sys_mmap_anon(long len, long prot)
{
    long r;
    __asm__ volatile("push %%ebp\n\t"
                     "xor %%ebp, %%ebp\n\t"        /* pgoff 0 */
                     "int $0x80\n\t"
                     "pop %%ebp"
                     : "=a"(r)
                     : "0"(NR_mmap2), "b"(0), "c"(len), "d"(prot),
                       "S"(MAP_PRIVATE | MAP_ANONYMOUS), "D"(-1)
                     : "memory");
    return r;
}

static void sys_exit(int code) __attribute__((noreturn));
static void sys_exit(int code)
{
    for (;;)
        sys3(NR_exit_group, code, 0, 0);
}

/* ---- statistics -------------------------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, int n)
{
    qsort(v, n, sizeof(*v), cmp_u64);
    return v[n / 2];
}

static void report(const char *name, uint64_t cycles)
{
    printf("bench %s median_cycles=%llu\n", name, (unsigned long long)cycles);
    fflush(stdout);
}

/* ---- the benchmarks ------------------------------------------------------- */

static void bench_getpid(void)
{
    enum { N = 2001 };
    static uint64_t t[N];
    for (int i = 0; i < 100; i++)          /* warm up */
        sys0(NR_getpid);
    for (int i = 0; i < N; i++) {
        uint64_t t0 = rdtsc();
        sys0(NR_getpid);
        t[i] = rdtsc() - t0;
    }
    report("getpid", median(t, N));
}

static void bench_spawn(const char *self)
{
    enum { N = 20 };
    uint64_t t[N];
    char *argv[] = { (char *)self, "--exit", NULL };
    char *envp[] = { NULL };
    for (int i = 0; i < N; i++) {
        uint64_t t0 = rdtsc();
        long pid = sys0(NR_fork);
        if (pid == 0) {
            sys3(NR_execve, (long)self, (long)argv, (long)envp);
            sys_exit(127);
        }
        sys_wait(pid);
        t[i] = rdtsc() - t0;
    }
    report("spawn", median(t, N));
}

/* Write one byte in every page of [p, p + len). */
static void touch(char *p, long len)
{
    for (long off = 0; off < len; off += PAGE)
        ((volatile char *)p)[off] = 1;
}

static void bench_fault(void)
{
    enum { N = 5 };
    const long len = 64L * MIB;
    uint64_t t[N];
    for (int i = 0; i < N; i++) {
        char *p = sbrk(len);
        if (p == (void *)-1) {
            printf("bench fault_64M failed: sbrk(64 MiB)\n");
            return;
        }
        uint64_t t0 = rdtsc();
        touch(p, len);
        t[i] = rdtsc() - t0;
        sbrk(-len);                        /* give it back for the next run */
    }
    uint64_t m = median(t, N);
    report("fault_64M", m);
    printf("bench fault_64M cycles_per_page=%llu\n",
           (unsigned long long)(m / (len / PAGE)));
    fflush(stdout);
}

/* Fork N times with the current heap; the child touches `child_touch`
 * bytes of it (from `heap`) before it exits. */
static void bench_fork(const char *name, char *heap, long child_touch)
{
    enum { N = 20 };
    uint64_t t[N];
    for (int i = 0; i < N; i++) {
        uint64_t t0 = rdtsc();
        long pid = sys0(NR_fork);
        if (pid == 0) {
            if (child_touch)
                touch(heap, child_touch);
            sys_exit(0);
        }
        sys_wait(pid);
        t[i] = rdtsc() - t0;
    }
    report(name, median(t, N));
}

/* regions_10000: the cost of many regions.  Alternating protections
 * keep neighbouring one-page mappings apart, so each is its own region
 * and mmap's gap search, the region insert, /proc/PID/maps and munmap's
 * lookup all see NREGIONS of them. */
#define NREGIONS 10000
#define MAPS_BUF (4 * MIB)

static char maps_buf[MAPS_BUF];

/* Read all of /proc/self/maps into maps_buf: its length, or -1. */
static long read_maps(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return -1;
    long len = (long)fread(maps_buf, 1, sizeof(maps_buf) - 1, f);
    fclose(f);
    return len;
}

static long count_lines(long len)
{
    long n = 0;
    for (long i = 0; i < len; i++)
        n += maps_buf[i] == '\n';
    return n;
}

static void bench_regions(void)
{
    enum { N = 3 };
    static long addr[NREGIONS];
    uint64_t t_mmap[N], t_maps[N], t_munmap[N];
    touch(maps_buf, sizeof(maps_buf));     /* no page faults while timing */
    for (int run = 0; run < N; run++) {
        uint64_t t0 = rdtsc();
        for (int i = 0; i < NREGIONS; i++) {
            long prot = (i & 1) ? PROT_READ : PROT_READ | PROT_WRITE;
            addr[i] = sys_mmap_anon(PAGE, prot);
            if ((unsigned long)addr[i] >= -4095UL) {
                printf("bench regions_10000 failed: mmap %d: error %ld\n", i, -addr[i]);
                return;
            }
        }
        uint64_t t1 = rdtsc();
        long len = read_maps();
        uint64_t t2 = rdtsc();
        for (int i = 0; i < NREGIONS; i++)
            sys3(NR_munmap, addr[i], PAGE, 0);
        uint64_t t3 = rdtsc();
        if (len < 0 || count_lines(len) < NREGIONS) {
            printf("bench regions_10000 failed: maps has %ld lines\n",
                   len < 0 ? -1 : count_lines(len));
            return;
        }
        t_mmap[run] = (t1 - t0) / NREGIONS;
        t_maps[run] = (t2 - t1) / NREGIONS;
        t_munmap[run] = (t3 - t2) / NREGIONS;
    }
    printf("bench regions_10000_mmap cycles_per_region=%llu\n",
           (unsigned long long)median(t_mmap, N));
    printf("bench regions_10000_maps cycles_per_region=%llu\n",
           (unsigned long long)median(t_maps, N));
    printf("bench regions_10000_munmap cycles_per_region=%llu\n",
           (unsigned long long)median(t_munmap, N));
    fflush(stdout);
}

/* ---- the tools: pmap -x with 1,000 regions, top -b -n 1 with 60 processes */

/* Map n one-page regions that cannot merge (alternating protections);
 * they stay until the process exits.  Returns 0, or -1 if one failed. */
static int make_regions(int n)
{
    for (int i = 0; i < n; i++) {
        long prot = (i & 1) ? PROT_READ : PROT_READ | PROT_WRITE;
        if ((unsigned long)sys_mmap_anon(PAGE, prot) >= -4095UL)
            return -1;
    }
    return 0;
}

/* Start n children that sleep until killed; their pids go in pids. */
static int make_sleepers(int n, int *pids)
{
    for (int i = 0; i < n; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            for (;;)
                pause();
        }
        if (pids[i] < 0)
            return i;
    }
    return n;
}

/* Kill and reap the sleeping children. */
static void stop_sleepers(const int *pids, int n)
{
    for (int i = 0; i < n; i++) {
        kill(pids[i], SIGKILL);
        sys_wait(pids[i]);
    }
}

/* One --tool: set up, then time PROGRAM ARGS (PID replaced) N times. */
static void bench_tool(const char *name, const char *setup, char **cmd, int ncmd)
{
    enum { N = 10, MAXARGS = 16 };
    static int sleepers[256];
    int nsleepers = 0;
    uint64_t t[N];
    char pid[16], *argv[MAXARGS + 1];
    char *envp[] = { "PATH=/bin", "TERM=dumb", "COLUMNS=80", "LINES=24", NULL };
    snprintf(pid, sizeof(pid), "%d", getpid());
    for (int i = 0; i < ncmd && i < MAXARGS; i++)
        argv[i] = strcmp(cmd[i], "PID") == 0 ? pid : cmd[i];
    argv[ncmd < MAXARGS ? ncmd : MAXARGS] = NULL;
    if (access(argv[0], X_OK) != 0) {
        printf("bench %s failed: no %s\n", name, argv[0]);
        return;
    }
    if (strncmp(setup, "regions=", 8) == 0 && make_regions(atoi(setup + 8)) < 0) {
        printf("bench %s failed: mmap\n", name);
        return;
    }
    if (strncmp(setup, "procs=", 6) == 0) {
        int want = atoi(setup + 6) - 1;
        if (want > 256)
            want = 256;
        nsleepers = make_sleepers(want, sleepers);
    }
    int devnull = open("/dev/null", O_WRONLY);
    /* One untimed run first: it must succeed, or the times mean nothing. */
    int status = -1;
    pid_t first = fork();
    if (first == 0) {
        if (devnull >= 0)
            dup2(devnull, 1);
        execve(argv[0], argv, envp);
        _exit(127);
    }
    if (first < 0 || waitpid(first, &status, 0) != first || status != 0) {
        printf("bench %s failed: %s exited with status %#x\n", name, argv[0], status);
        stop_sleepers(sleepers, nsleepers);
        return;
    }
    for (int i = 0; i < N; i++) {
        uint64_t t0 = rdtsc();
        long child = sys0(NR_fork);
        if (child == 0) {
            if (devnull >= 0)
                dup2(devnull, 1);
            sys3(NR_execve, (long)argv[0], (long)argv, (long)envp);
            sys_exit(127);
        }
        sys_wait(child);
        t[i] = rdtsc() - t0;
    }
    if (devnull >= 0)
        close(devnull);
    stop_sleepers(sleepers, nsleepers);
    report(name, median(t, N));
}

/* vmbench --tool NAME SETUP CMD... [--tool ...]: each in a fresh child,
 * so one tool's regions or sleepers are not the next one's. */
static int run_tools(int argc, char **argv)
{
    for (int i = 1; i < argc;) {
        int end = i + 1;
        while (end < argc && strcmp(argv[end], "--tool") != 0)
            end++;
        if (end - i >= 4) {
            long child = sys0(NR_fork);
            if (child == 0) {
                bench_tool(argv[i + 1], argv[i + 2], argv + i + 3, end - i - 3);
                fflush(stdout);
                sys_exit(0);
            }
            sys_wait(child);
        }
        i = end;
    }
    printf("bench done\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--exit") == 0)
        sys_exit(0);
    if (argc > 1 && strcmp(argv[1], "--tool") == 0)
        return run_tools(argc, argv);

    bench_getpid();
    bench_spawn(argv[0]);
    bench_fault();
    bench_regions();

    /* The heap grows from 1 to 16 to 64 MiB, every page touched. */
    char *heap = sbrk(0), *end = heap;
    long sizes[] = { 1, 16, 16, 64 };
    const char *names[] = { "fork_1M", "fork_16M", "fork_touch_16M", "fork_64M" };
    for (int i = 0; i < 4; i++) {
        long want = sizes[i] * MIB;
        if (end - heap < want) {
            if (sbrk(want - (end - heap)) == (void *)-1) {
                printf("bench %s failed: sbrk\n", names[i]);
                break;
            }
            touch(end, want - (end - heap));
            end = heap + want;
        }
        bench_fork(names[i], heap, i == 2 ? 16L * MIB : 0);
    }
    printf("bench done\n");
    return 0;
}
