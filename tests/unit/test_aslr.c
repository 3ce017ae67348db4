/*
 * tests/unit/test_aslr.c - proc/aslr.c's layout rules on the host, with
 * the random source and the command line stubbed: the extremes of every
 * range (random words 0 and all ones), alignment for many random words,
 * and the fixed layout when randomisation is off.
 */
#include "proc/aslr.c"

#include "tests/unit/unit.h"

/* The random words proc/aslr.c draws: a fixed one, or splitmix64's. */
static int use_fixed;
static uint32_t fixed_word;

uint32_t get_random_u32(void)
{
    return use_fixed ? fixed_word : (uint32_t)rng_next();
}

static int norandmaps;

int cmdline_has(const char *key)
{
    return norandmaps && strcmp(key, "norandmaps") == 0;
}

static int legacy_va_layout;

int cmdline_get_int(const char *key, int fallback)
{
    return strcmp(key, "legacy_va_layout") == 0 ? legacy_va_layout : fallback;
}

#define STACK_MAX_SHIFT  (0x7ffu << 12)      /* 2047 pages */
#define BSS_END          0x080f7000u

/* Randomisation off: Linux's fixed layout, whatever the random source. */
static void test_fixed(void)
{
    group_begin("aslr_fixed");
    use_fixed = 1;
    fixed_word = 0xffffffffu;
    CHECK(randomize_stack_top(0) == 0xC0000000u, "stack top %#x", randomize_stack_top(0));
    CHECK(arch_align_stack(0xbfffffc3u, 0) == 0xbfffffc0u, "align only to 16");
    CHECK(arch_mmap_base(0) == 0xB8000000u, "mmap base %#x", arch_mmap_base(0));
    CHECK(arch_mmap_legacy_base(0) == 0x40000000u, "legacy base %#x",
          arch_mmap_legacy_base(0));
    CHECK(arch_mmap_legacy_base(1) == 0x400ff000u, "legacy base, most random %#x",
          arch_mmap_legacy_base(1));
    group_end();
}

/* The switches: ADDR_NO_RANDOMIZE and norandmaps each turn it off. */
static void test_switches(void)
{
    group_begin("aslr_switches");
    norandmaps = 0;
    CHECK(aslr_enabled(0), "on by default");
    CHECK(!aslr_enabled(ADDR_NO_RANDOMIZE), "ADDR_NO_RANDOMIZE");
    CHECK(aslr_enabled(0x0008000), "another personality flag");
    CHECK(!mmap_is_legacy(0) && mmap_is_legacy(ADDR_COMPAT_LAYOUT), "ADDR_COMPAT_LAYOUT");
    legacy_va_layout = 1;
    CHECK(mmap_is_legacy(0), "legacy_va_layout=1");
    legacy_va_layout = 0;
    norandmaps = 1;
    CHECK(!aslr_enabled(0), "norandmaps");
    norandmaps = 0;
    group_end();
}

/* The two ends of each range. */
static void test_extremes(void)
{
    group_begin("aslr_extremes");
    use_fixed = 1;
    fixed_word = 0;
    CHECK(randomize_stack_top(1) == 0xC0000000u, "shift 0");
    CHECK(arch_align_stack(0xbfffffc3u, 1) == 0xbfffffc0u, "0 bytes down");
    CHECK(arch_mmap_base(1) == 0xB8000000u, "mmap rnd 0: %#x", arch_mmap_base(1));
    CHECK(arch_randomize_brk(BSS_END) == BSS_END, "brk rnd 0");
    fixed_word = 0xffffffffu;
    CHECK(randomize_stack_top(1) == 0xC0000000u - STACK_MAX_SHIFT, "%#x",
          randomize_stack_top(1));
    /* 0xffffffff % 8192 = 8191 bytes down, then to 16. */
    CHECK(arch_align_stack(0xbfffffc3u, 1) == ((0xbfffffc3u - 8191) & ~15u), "%#x",
          arch_align_stack(0xbfffffc3u, 1));
    CHECK(arch_mmap_base(1) == 0xB8000000u - (255u << 12), "%#x", arch_mmap_base(1));
    /* 0xffffffff % 8192 pages = 8191 pages: 32 MiB - 4 KiB up. */
    CHECK(arch_randomize_brk(BSS_END) == BSS_END + 0x2000000u - 0x1000u, "%#x",
          arch_randomize_brk(BSS_END));
    /* An unaligned brk is rounded up and the range shrinks to match. */
    fixed_word = 0;
    CHECK(arch_randomize_brk(BSS_END - 100) == BSS_END, "rounded up");
    group_end();
}

/* Many random words: always inside the range, always aligned. */
static void test_ranges(void)
{
    group_begin("aslr_ranges");
    use_fixed = 0;
    rng_seed(unit_seed(7));
    for (int i = 0; i < 100000; i++) {
        uint32_t top = PAGE_ROUND_UP(arch_align_stack(randomize_stack_top(1), 1));
        CHECK(top % 4096 == 0 && top <= 0xC0000000u &&
              top >= 0xC0000000u - STACK_MAX_SHIFT - 4096, "stack top %#x", top);
        uint32_t base = arch_mmap_base(1);
        CHECK(base % 4096 == 0 && base <= 0xB8000000u && base > 0xB8000000u - (1u << 20),
              "mmap base %#x", base);
        uint32_t brk = arch_randomize_brk(BSS_END);
        CHECK(brk % 4096 == 0 && brk >= BSS_END && brk < BSS_END + 0x2000000u,
              "brk %#x", brk);
        uint32_t sp = arch_align_stack(0xbfffffc3u, 1);
        CHECK(sp % 16 == 0 && sp <= 0xbfffffc0u && sp >= ((0xbfffffc3u - 8191) & ~15u),
              "sp %#x", sp);
    }
    group_end();
}

int main(void)
{
    test_fixed();
    test_switches();
    test_extremes();
    test_ranges();
    return unit_exit();
}
