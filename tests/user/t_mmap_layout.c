/*
 * t_mmap_layout - where mmap puts new regions: top-down below the stack (the
 * default), or bottom-up from TASK_UNMAPPED_BASE (the legacy layout that
 * personality(ADDR_COMPAT_LAYOUT), `setarch -L`, or Pagoda's
 * legacy_va_layout=1 select), as Linux does.
 *
 * The program checks the default layout, then re-executes itself with
 * ADDR_COMPAT_LAYOUT | ADDR_NO_RANDOMIZE in its personality and checks
 * the legacy one.  TASK_UNMAPPED_BASE is PAGE_ALIGN(TASK_SIZE / 3):
 * 0x40000000 on i386 (Pagoda and Linux i386), 0x55555000 for a 32-bit
 * program on this 64-bit host, told apart by where the stack is.
 * `t_mmap_layout legacy` (Pagoda booted with legacy_va_layout=1) checks only
 * the legacy layout, without touching the personality.
 *
 * default   default_top_down default_fills_highest
 * legacy    legacy_at_base legacy_bottom_up legacy_fills_lowest
 *           legacy_below_stack legacy_personality_kept
 */
#include "check.h"
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define PG 4096u
#define ADDR_NO_RANDOMIZE  0x0040000
#define ADDR_COMPAT_LAYOUT 0x0200000

static uint32_t task_size;

static uint32_t map(uint32_t pages)
{
    void *p = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? 0 : (uint32_t)p;
}

/* Top-down: each new region lies below the last; a hole left by munmap
 * is taken again when it is the highest fit. */
static void test_default(void)
{
    uint32_t a = map(4), b = map(4);
    CHECK("default_top_down", a && b && b < a, "a %08x, b %08x", a, b);
    munmap((void *)b, 4 * PG);
    uint32_t c = map(2);
    CHECK("default_fills_highest", c == b + 2 * PG, "b %08x, then c %08x", b, c);
    munmap((void *)a, 4 * PG);
    munmap((void *)c, 2 * PG);
}

/* Bottom-up from the base: the lowest fit above it, every time. */
static void test_legacy(int randomized)
{
    int local;
    uint32_t base = ((task_size / 3) + PG - 1) & ~(PG - 1);
    uint32_t a = map(4), b = map(4);
    uint32_t slack = randomized ? 256 * PG : 0;
    CHECK("legacy_at_base", a >= base && a <= base + slack + 64 * PG,
          "first mapping at %08x, base %08x", a, base);
    CHECK("legacy_bottom_up", b > a, "a %08x, then b %08x", a, b);
    munmap((void *)a, 4 * PG);
    uint32_t c = map(3);
    CHECK("legacy_fills_lowest", c == a, "a %08x freed, then c %08x", a, c);
    uint32_t big = map(16384);                  /* 64 MiB: still far below the stack */
    CHECK("legacy_below_stack", big && big > b && big + 16384 * PG < (uint32_t)&local,
          "64 MiB at %08x, stack at %08x", big, (uint32_t)&local);
    munmap((void *)big, 16384 * PG);
    munmap((void *)b, 4 * PG);
    munmap((void *)c, 3 * PG);
}

int main(int argc, char **argv)
{
    int local;
    task_size = (uintptr_t)&local >= 0xC0000000u ? 0xFFFFE000u : 0xC0000000u;
    if (argc > 1 && strcmp(argv[1], "legacy") == 0) {
        test_legacy(0);
        return finish();
    }
    if (argc > 2 && strcmp(argv[1], "child") == 0) {
        check_failures = atoi(argv[2]);         /* the default layout's */
        long pers = syscall(SYS_personality, 0xffffffffUL);
        CHECK("legacy_personality_kept", (pers & ADDR_COMPAT_LAYOUT) != 0,
              "personality %lx", pers);
        test_legacy(0);
        return finish();
    }
    test_default();
    long pers = syscall(SYS_personality, 0xffffffffUL);
    syscall(SYS_personality, (unsigned long)pers | ADDR_COMPAT_LAYOUT | ADDR_NO_RANDOMIZE);
    char failed[16];
    snprintf(failed, sizeof(failed), "%d", check_failures);
    char *args[] = { argv[0], "child", failed, NULL };
    fflush(stdout);
    execv(argv[0], args);
    fail("legacy_exec", "execv %s: %s", argv[0], strerror(errno));
    return finish();
}
