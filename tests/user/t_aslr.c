/*
 * t_aslr - address-space layout randomisation, personality(2) and
 * getrandom(2).
 *
 * The program execs itself as a probe (`t_aslr probe FD`) several times;
 * each probe writes its layout to the pipe FD: the stack top (the end of
 * [stack]), the mmap base (the end of the highest mapping below the
 * stack, after one mmap: on Pagoda that mmap, on Linux its vDSO, both
 * flush with mmap_base), start_brk (/proc/self/stat field 47), the end
 * of the bss (`end`), AT_RANDOM's address, how many [heap] lines maps
 * shows once the heap is used, and the bss region's name.
 *
 *   personality_query      personality(0xffffffff) asks; setting returns the
 *                          old value; /proc/self/personality shows it
 *   personality_inherited  set before fork, it reaches the probe across
 *                          fork and exec
 *   aslr_stack_varies      the stack top differs between probes
 *   aslr_mmap_varies       so does the mmap base
 *   aslr_brk_varies        so does start_brk
 *   aslr_random_varies     so does AT_RANDOM's address inside its page
 *   at_random_bytes        the 16 AT_RANDOM bytes differ in every probe,
 *                          also under ADDR_NO_RANDOMIZE
 *   aslr_one_heap          randomised, maps shows one [heap] line and an
 *                          unnamed bss (unless start_brk happened to be
 *                          the bss's end: 1 in 8192)
 *   norandom_same          under ADDR_NO_RANDOMIZE two probes agree exactly
 *   norandom_brk_after_bss  ... and start_brk is the bss's end
 * With a 3 GiB user space (Pagoda, i386 Linux; a 64-bit kernel gives
 * 32-bit programs 4 GiB and other ranges: SKIP there):
 *   aslr_stack_range       stack top in [0xBF800000, 0xC0000000], page aligned
 *   aslr_mmap_range        mmap base in [0xB7F01000, 0xB8000000], page aligned
 *   aslr_brk_range         start_brk in [bss end, bss end + 32 MiB), page aligned
 *   norandom_fixed         stack top 0xC0000000, mmap base 0xB8000000
 *   norandom_two_heaps     the bss and the brk area are two [heap] lines,
 *                          as Linux 6.1 names them (later kernels, e.g. this
 *                          host's 6.18, test vma_is_initial_heap strictly
 *                          and leave the bss unnamed)
 * getrandom:
 *   getrandom_bytes        16 bytes, and two calls differ
 *   getrandom_flags        unknown flags and INSECURE|RANDOM are EINVAL;
 *                          NONBLOCK, RANDOM and INSECURE alone work
 *   getrandom_zero         length 0 returns 0
 *   getrandom_efault       NULL and a kernel address are EFAULT
 *   exec_many_args         a probe with 8000 more 15-byte arguments (strings
 *                          over 32 pages, 32 KB of pointers below them) runs
 *   getrandom_partial      a buffer running into a hole gets a short count:
 *                          on Pagoda (and this x86-64 host) exactly the bytes
 *                          before the hole; i386 Linux's copy may give up on
 *                          the whole 64-byte block that crosses it, so there
 *                          any count from 1 to those bytes
 *
 * `t_aslr maps` uses its heap, maps one page and prints /proc/self/maps:
 * tests/test_aslr.py compares that layout with Linux's rules.
 *
 * `t_aslr norandmaps` (booted with the norandmaps kernel option) checks
 * instead that every probe gets the fixed layout without asking:
 *   norandmaps_fixed       stack top 0xC0000000, mmap base 0xB8000000,
 *                          start_brk = bss end, two probes alike
 */
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define PAGE              4096u
#define ADDR_NO_RANDOMIZE 0x0040000
#define PERS_QUERY        0xffffffffu
#define NR_GETRANDOM      355
#define GRND_NONBLOCK     1
#define GRND_RANDOM       2
#define GRND_INSECURE     4
#define AT_RANDOM         25
#define NPROBES           6
#define MANY_ARGS         8000               /* 16 bytes each: 125 KiB of strings */

#define STACK_TOP         0xC0000000u        /* TASK_SIZE with 3G/1G */
#define STACK_RND         (0x800u * PAGE)    /* STACK_RND_MASK + 1 pages */
#define MMAP_BASE         0xB8000000u        /* TASK_SIZE - 128 MiB */
#define MMAP_RND          (0x100u * PAGE)    /* 2^mmap_rnd_bits pages */
#define BRK_RND           0x02000000u        /* 32 MiB */

extern char end[];                           /* the linker's end of the bss */
/* A bss bigger than the data segment's last page, so that the bss has an
 * anonymous region of its own whatever the libc's data size. */
static char big_bss[3 * PAGE] __attribute__((used));

struct layout {
    uint32_t stack_top, mmap_base, start_brk, bss_end, at_random;
    uint32_t heaps, bss_named_heap, personality;
    unsigned char random_bytes[16];          /* what AT_RANDOM points at */
};

static long personality(uint32_t p)
{
    return syscall(SYS_personality, p);
}

/* AT_RANDOM's value, from /proc/self/auxv. */
static uint32_t auxv_random(void)
{
    uint32_t pair[2] = { 0, 0 };
    FILE *f = fopen("/proc/self/auxv", "r");
    if (!f)
        return 0;
    while (fread(pair, sizeof(pair), 1, f) == 1 && pair[0] != 0)
        if (pair[0] == AT_RANDOM)
            break;
    fclose(f);
    return pair[0] == AT_RANDOM ? pair[1] : 0;
}

/* Field n (1-based) of /proc/self/stat, counted after the ")". */
static uint32_t stat_field(int n)
{
    char buf[1024];
    FILE *f = fopen("/proc/self/stat", "r");
    if (!f || !fgets(buf, sizeof(buf), f)) {
        if (f)
            fclose(f);
        return 0;
    }
    fclose(f);
    char *p = strrchr(buf, ')');
    for (int field = 2; p && field < n; field++)
        p = strchr(p + 1, ' ');
    return p ? (uint32_t)strtoul(p + 1, NULL, 10) : 0;
}

/* Walk maps: the [stack] end, the highest end below the stack, the
 * number of [heap] lines, and whether the region holding addr is [heap]. */
static void read_maps(struct layout *l, uint32_t addr)
{
    char line[512];
    uint32_t below = 0, stack_start = 0;
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return;
    while (fgets(line, sizeof(line), f)) {
        char *dash;
        uint32_t s = (uint32_t)strtoul(line, &dash, 16);
        uint32_t e = (uint32_t)strtoul(dash + 1, NULL, 16);
        int heap = strstr(line, "[heap]") != NULL;
        if (strstr(line, "[stack]")) {
            l->stack_top = e;
            stack_start = s;
        }
        l->heaps += heap;
        if (s <= addr && addr < e)
            l->bss_named_heap = heap;
        if (!stack_start && !strstr(line, "[stack]"))
            below = e;                       /* regions come in order */
    }
    fclose(f);
    l->mmap_base = below;
}

/* The probe: measure this exec's layout and write it to fd. */
static int probe(int fd)
{
    struct layout l;
    memset(&l, 0, sizeof(l));
    void *m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *h = sbrk(2 * PAGE);               /* the heap in use */
    if (m == MAP_FAILED || h == (char *)-1)
        return 2;
    h[0] = h[PAGE] = 1;
    big_bss[sizeof(big_bss) - 1] = 1;
    l.start_brk = stat_field(47);
    l.bss_end = ((uint32_t)(uintptr_t)end + PAGE - 1) & ~(PAGE - 1);
    l.at_random = auxv_random();
    if (l.at_random)
        memcpy(l.random_bytes, (void *)(uintptr_t)l.at_random, sizeof(l.random_bytes));
    l.personality = (uint32_t)personality(PERS_QUERY);
    read_maps(&l, (uint32_t)(uintptr_t)end - 1);
    return write(fd, &l, sizeof(l)) == (ssize_t)sizeof(l) ? 0 : 3;
}

/* Fork, exec a probe with `extra` more arguments, read its
 * layout.  0 or -1. */
static int run_probe_args(const char *self, struct layout *l, int extra)
{
    int p[2];
    if (pipe(p) < 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        char fd[16];
        snprintf(fd, sizeof(fd), "%d", p[1]);
        close(p[0]);
        static char *argv[3 + MANY_ARGS + 1];
        argv[0] = (char *)self;
        argv[1] = "probe";
        argv[2] = fd;
        for (int i = 0; i < extra && i < MANY_ARGS; i++)
            argv[3 + i] = "fifteen-chars..";
        execv(self, argv);
        _exit(127);
    }
    close(p[1]);
    ssize_t n = pid > 0 ? read(p[0], l, sizeof(*l)) : -1;
    close(p[0]);
    int st = 0;
    if (pid > 0)
        wait_for(pid, &st);
    return n == (ssize_t)sizeof(*l) && exited_with(st, 0) ? 0 : -1;
}

static int run_probe(const char *self, struct layout *l)
{
    return run_probe_args(self, l, 0);
}

static int page_aligned(uint32_t a)
{
    return (a & (PAGE - 1)) == 0;
}

static void check_personality(void)
{
    long old = personality(PERS_QUERY);
    long was = personality((uint32_t)old | ADDR_NO_RANDOMIZE);
    long now = personality(PERS_QUERY);
    char text[32] = "";
    FILE *f = fopen("/proc/self/personality", "r");
    if (f) {
        if (!fgets(text, sizeof(text), f))
            text[0] = '\0';
        fclose(f);
    }
    char want[32];
    snprintf(want, sizeof(want), "%08lx\n", (unsigned long)now);
    personality((uint32_t)old);
    CHECK("personality_query",
          was == old && now == (old | ADDR_NO_RANDOMIZE) && strcmp(text, want) == 0 &&
          personality(PERS_QUERY) == old,
          "old %#lx, set returned %#lx, then %#lx, file \"%s\"", old, was, now, text);
}

/* The randomised probes: everything varies, within Linux's ranges. */
static void check_random(const struct layout *l, int n, int three_gib)
{
    int stack_v = 0, mmap_v = 0, brk_v = 0, rnd_v = 0, one_heap = 1;
    int stack_r = 1, mmap_r = 1, brk_r = 1;
    for (int i = 0; i < n; i++) {
        stack_v |= l[i].stack_top != l[0].stack_top;
        mmap_v |= l[i].mmap_base != l[0].mmap_base;
        brk_v |= l[i].start_brk != l[0].start_brk;
        rnd_v |= (l[i].at_random & (PAGE - 1)) != (l[0].at_random & (PAGE - 1));
        uint32_t adjacent = l[i].start_brk == l[i].bss_end;
        one_heap &= l[i].heaps == 1 + adjacent && l[i].bss_named_heap == adjacent;
        stack_r &= page_aligned(l[i].stack_top) && l[i].stack_top <= STACK_TOP &&
                   l[i].stack_top >= STACK_TOP - STACK_RND;
        mmap_r &= page_aligned(l[i].mmap_base) && l[i].mmap_base <= MMAP_BASE &&
                  l[i].mmap_base > MMAP_BASE - MMAP_RND;
        brk_r &= page_aligned(l[i].start_brk) && l[i].start_brk >= l[i].bss_end &&
                 l[i].start_brk < l[i].bss_end + BRK_RND;
    }
    const struct layout *a = &l[0];
    CHECK("aslr_stack_varies", stack_v, "stack top %#x in all %d probes", a->stack_top, n);
    CHECK("aslr_mmap_varies", mmap_v, "mmap base %#x in all %d probes", a->mmap_base, n);
    CHECK("aslr_brk_varies", brk_v, "start_brk %#x in all %d probes", a->start_brk, n);
    CHECK("aslr_random_varies", rnd_v, "AT_RANDOM %#x: same page offset in all", a->at_random);
    CHECK("aslr_one_heap", one_heap, "%u [heap] lines, bss %s (start_brk %#x, bss end %#x)",
          a->heaps, a->bss_named_heap ? "[heap]" : "unnamed", a->start_brk, a->bss_end);
    if (!three_gib) {
        say("SKIP aslr_stack_range: not a 3 GiB user space (stack top %#x)\n", a->stack_top);
        say("SKIP aslr_mmap_range: not a 3 GiB user space\n");
        say("SKIP aslr_brk_range: not a 3 GiB user space\n");
        return;
    }
    for (int i = 0; i < n; i++)
        say("probe %d: stack top %08x mmap base %08x start_brk %08x (bss end %08x) "
            "AT_RANDOM %08x\n", i, l[i].stack_top, l[i].mmap_base, l[i].start_brk,
            l[i].bss_end, l[i].at_random);
    CHECK("aslr_stack_range", stack_r, "a stack top outside [%#x, %#x]",
          STACK_TOP - STACK_RND, STACK_TOP);
    CHECK("aslr_mmap_range", mmap_r, "an mmap base outside (%#x, %#x]",
          MMAP_BASE - MMAP_RND, MMAP_BASE);
    CHECK("aslr_brk_range", brk_r, "a start_brk outside [bss end, bss end + 32 MiB)");
}

/* Two probes under ADDR_NO_RANDOMIZE (or norandmaps): the fixed layout. */
static int same_layout(const struct layout *a, const struct layout *b)
{
    return a->stack_top == b->stack_top && a->mmap_base == b->mmap_base &&
           a->start_brk == b->start_brk && a->at_random == b->at_random;
}

static int fixed_values(const struct layout *a)
{
    return a->stack_top == STACK_TOP && a->mmap_base == MMAP_BASE &&
           a->start_brk == a->bss_end;
}

static void check_norandom(const char *self, int three_gib, const unsigned char *rnd0)
{
    struct layout l[2];
    uint32_t old = (uint32_t)personality(PERS_QUERY);
    personality(old | ADDR_NO_RANDOMIZE);   /* fork and exec must keep it */
    int ok = run_probe(self, &l[0]) == 0 && run_probe(self, &l[1]) == 0;
    personality(old);
    if (!ok) {
        fail("personality_inherited", "a probe failed");
        return;
    }
    CHECK("personality_inherited",
          old != PERS_QUERY && l[0].personality == (old | ADDR_NO_RANDOMIZE),
          "personality %#x set, the probe's is %#x", old | ADDR_NO_RANDOMIZE,
          l[0].personality);
    CHECK("at_random_bytes", memcmp(l[0].random_bytes, l[1].random_bytes, 16) != 0 &&
          memcmp(l[0].random_bytes, rnd0, 16) != 0,
          "two probes got the same 16 AT_RANDOM bytes");
    CHECK("norandom_same", same_layout(&l[0], &l[1]),
          "stack top %#x/%#x, mmap base %#x/%#x, start_brk %#x/%#x, AT_RANDOM %#x/%#x",
          l[0].stack_top, l[1].stack_top, l[0].mmap_base, l[1].mmap_base,
          l[0].start_brk, l[1].start_brk, l[0].at_random, l[1].at_random);
    CHECK("norandom_brk_after_bss", l[0].start_brk == l[0].bss_end,
          "start_brk %#x, bss end %#x", l[0].start_brk, l[0].bss_end);
    if (!three_gib) {
        say("SKIP norandom_fixed: not a 3 GiB user space\n");
        say("SKIP norandom_two_heaps: not an i386 kernel\n");
        return;
    }
    CHECK("norandom_fixed", fixed_values(&l[0]), "stack top %#x, mmap base %#x",
          l[0].stack_top, l[0].mmap_base);
    CHECK("norandom_two_heaps", l[0].heaps == 2 && l[0].bss_named_heap,
          "%u [heap] lines, bss %s", l[0].heaps, l[0].bss_named_heap ? "[heap]" : "unnamed");
}

static long getrandom_call(void *buf, uint32_t len, uint32_t flags)
{
    long r = syscall(NR_GETRANDOM, buf, len, flags);
    return r < 0 ? -errno : r;
}

static void check_getrandom(int three_gib)
{
    unsigned char a[16], b[16];
    long ra = getrandom_call(a, sizeof(a), 0), rb = getrandom_call(b, sizeof(b), 0);
    CHECK("getrandom_bytes", ra == 16 && rb == 16 && memcmp(a, b, 16) != 0,
          "returned %ld and %ld, bytes %s", ra, rb, memcmp(a, b, 16) ? "differ" : "equal");
    long bad = getrandom_call(a, 8, 0x8), both = getrandom_call(a, 8, GRND_INSECURE | GRND_RANDOM);
    long nb = getrandom_call(a, 8, GRND_NONBLOCK), rnd = getrandom_call(a, 8, GRND_RANDOM);
    long ins = getrandom_call(a, 8, GRND_INSECURE);
    CHECK("getrandom_flags", bad == -EINVAL && both == -EINVAL && nb == 8 && rnd == 8 && ins == 8,
          "0x8: %ld, INSECURE|RANDOM: %ld, NONBLOCK %ld, RANDOM %ld, INSECURE %ld",
          bad, both, nb, rnd, ins);
    long zero = getrandom_call(a, 0, 0);
    CHECK("getrandom_zero", zero == 0, "length 0 gave %ld", zero);
    long null = getrandom_call(NULL, 8, 0), kern = getrandom_call((void *)0xC0000000, 8, 0);
    CHECK("getrandom_efault", null == -EFAULT && kern == -EFAULT,
          "NULL gave %ld, 0xC0000000 gave %ld", null, kern);
    char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long part = -1;
    if (p != MAP_FAILED && munmap(p + PAGE, PAGE) == 0)
        part = getrandom_call(p + PAGE - 100, 200, 0);
    int exact = on_pagoda() || !three_gib;      /* not an i386 Linux kernel */
    CHECK("getrandom_partial", exact ? part == 100 : part > 0 && part <= 100,
          "100 bytes before a hole, asked 200: got %ld", part);
}

/* Booted with norandmaps: fixed without asking. */
static void check_norandmaps(const char *self)
{
    struct layout l[2];
    int ok = run_probe(self, &l[0]) == 0 && run_probe(self, &l[1]) == 0;
    CHECK("norandmaps_fixed", ok && same_layout(&l[0], &l[1]) && fixed_values(&l[0]) &&
          l[0].personality == 0,
          "stack top %#x, mmap base %#x, start_brk %#x (bss end %#x), again %#x %#x %#x",
          l[0].stack_top, l[0].mmap_base, l[0].start_brk, l[0].bss_end,
          l[1].stack_top, l[1].mmap_base, l[1].start_brk);
}

/* t_aslr maps: a heap in use, one anonymous mmap, then the maps file. */
static int print_maps(void)
{
    char *m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *h = sbrk(2 * PAGE);
    if (m == MAP_FAILED || h == (char *)-1)
        return 2;
    m[0] = h[0] = h[PAGE] = 1;
    big_bss[0] = 1;
    char buf[8192];
    FILE *f = fopen("/proc/self/maps", "r");
    size_t n = f ? fread(buf, 1, sizeof(buf), f) : 0;
    if (f)
        fclose(f);
    say("maps begin\n");
    write(1, buf, n);
    say("maps end\n");
    return n > 0 ? 0 : 3;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "maps") == 0)
        return print_maps();
    if (argc >= 3 && strcmp(argv[1], "probe") == 0)
        return probe(atoi(argv[2]));
    if (argc == 2 && strcmp(argv[1], "norandmaps") == 0) {
        check_norandmaps(argv[0]);
        return finish();
    }
    check_personality();
    struct layout l[NPROBES];
    int n = 0;
    while (n < NPROBES && run_probe(argv[0], &l[n]) == 0)
        n++;
    if (n < NPROBES) {
        fail("aslr_probes", "probe %d failed", n);
        return finish();
    }
    int three_gib = l[0].stack_top <= STACK_TOP;
    check_random(l, n, three_gib);
    check_norandom(argv[0], three_gib, l[0].random_bytes);
    check_getrandom(three_gib);
    struct layout big;
    int ok = run_probe_args(argv[0], &big, MANY_ARGS) == 0;
    CHECK("exec_many_args", ok && (!three_gib || big.stack_top <= STACK_TOP),
          "a probe with %d more arguments %s", MANY_ARGS, ok ? "has a bad stack" : "failed");
    return finish();
}
