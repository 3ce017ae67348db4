/*
 * tests/unit/test_frame.c - mm/frame.c, the physical frame allocator.
 *
 * The frame table is an ordinary array here; nothing touches the frames
 * themselves (no P2V), only their bookkeeping.
 */
#define UNIT_PANIC_STUB
#include "mm/frame.c"

#include "tests/unit/unit.h"

#define MIB (1024 * 1024)
#define NFRAMES 4096                     /* 16 MiB of "physical memory" */

static struct page table[NFRAMES];
static uint8_t handed_out[NFRAMES];      /* test's view: allocated by us */

/* Is frame `pfn` allowed to be free given these ranges? */
static int may_be_free(uint32_t pfn, const struct mem_range *u, int nu,
                       const struct mem_range *r, int nr)
{
    uint64_t s = (uint64_t)pfn * PAGE_SIZE, e = s + PAGE_SIZE;
    int inside = 0;
    for (int i = 0; i < nu; i++)
        if (u[i].start <= s && e <= u[i].end)
            inside = 1;
    for (int i = 0; i < nr; i++)
        if (s < r[i].end && r[i].start < e)
            return 0;
    return inside;
}

/* Allocate everything, checking each frame against the ranges, that
 * addresses come out lowest first, and that the count is `expect`. */
static void drain_and_check(const struct mem_range *u, int nu,
                            const struct mem_range *r, int nr)
{
    uint32_t expect = 0;
    for (uint32_t pfn = 0; pfn < NFRAMES; pfn++)
        expect += may_be_free(pfn, u, nu, r, nr);
    CHECK(frames_free() == expect, "%u free, model says %u", frames_free(), expect);
    CHECK(frames_total() == expect, "total %u, model says %u", frames_total(), expect);
    CHECK(frames_count() == NFRAMES);

    memset(handed_out, 0, sizeof(handed_out));
    uint32_t n = 0, last = 0;
    for (;;) {
        uint32_t pa = frame_alloc();
        if (!pa)
            break;
        uint32_t pfn = pa >> PAGE_SHIFT;
        REQUIRE((pa & (PAGE_SIZE - 1)) == 0, "unaligned frame %08x", pa);
        REQUIRE(pfn < NFRAMES, "frame %08x beyond the table", pa);
        REQUIRE(may_be_free(pfn, u, nu, r, nr), "frame %08x must not be handed out", pa);
        REQUIRE(!handed_out[pfn], "frame %08x handed out twice", pa);
        REQUIRE(n == 0 || pa > last, "frame %08x after %08x: not lowest first", pa, last);
        CHECK(frame_refcount(pa) == 1);
        handed_out[pfn] = 1;
        last = pa;
        n++;
    }
    CHECK(n == expect, "allocated %u frames, want %u", n, expect);
    CHECK(frames_free() == 0);
    CHECK(frame_alloc() == 0, "allocation after exhaustion succeeded");

    /* Give them all back, highest first so that the lowest is at the
     * head again: the count is restored. */
    for (uint32_t pfn = NFRAMES; pfn-- > 0;)
        if (handed_out[pfn])
            frame_put(pfn << PAGE_SHIFT);
    CHECK(frames_free() == expect, "%u free after freeing all, want %u",
          frames_free(), expect);
    CHECK(frames_total() == expect);
}

static void test_basic_ranges(void)
{
    group_begin("frame_ranges");
    /* A PC-like map: low memory up to 640 KiB, RAM from 1 MiB, a hole. */
    const struct mem_range usable[] = {
        { 0, 0x9FC00 },                          /* ends mid-frame */
        { 1 * MIB, 8 * MIB },
        { 8 * MIB + 0x800, 12 * MIB },           /* starts mid-frame */
        { 13 * MIB, 13 * MIB + 0x1800 },         /* 1.5 frames */
        { 15 * MIB, 64 * MIB },                  /* beyond the table */
    };
    const struct mem_range reserved[] = {
        { 0, 0x100000 },                         /* the first MiB */
        { 0x100000, 0x1a3456 },                  /* "kernel", ends mid-frame */
        { 0x300001, 0x300002 },                  /* one byte: its frame goes */
        { 0x500000, 0x500000 + 3 * PAGE_SIZE },
    };
    frames_init(table, NFRAMES);
    CHECK(frames_free() == 0 && frames_total() == 0, "frames free before release");
    CHECK(frame_alloc() == 0, "allocation before release succeeded");
    frames_release_ranges(usable, 5, reserved, 4);
    CHECK(!frame_page(0x100000) || (frame_page(0x100000)->flags & PAGE_RESERVED));
    CHECK(frame_page(0x1a3000)->flags & PAGE_RESERVED, "partly reserved frame freed");
    CHECK(!(frame_page(0x1a4000)->flags & PAGE_RESERVED), "frame after the kernel kept");
    CHECK(frame_page(0x300000)->flags & PAGE_RESERVED);
    CHECK(frame_page(0x800000)->flags & PAGE_RESERVED, "partly usable frame freed");
    CHECK(!(frame_page(0x801000)->flags & PAGE_RESERVED));
    CHECK(!(frame_page(13 * MIB)->flags & PAGE_RESERVED));
    CHECK(frame_page(13 * MIB + PAGE_SIZE)->flags & PAGE_RESERVED, "half frame freed");
    CHECK(frame_page(NFRAMES * PAGE_SIZE) == NULL, "page beyond the table");
    CHECK(frame_refcount(NFRAMES * PAGE_SIZE) == 0);
    drain_and_check(usable, 5, reserved, 4);
    /* The first frame out is the lowest allowed one. */
    uint32_t pa = frame_alloc();
    CHECK(pa == 0x1a4000, "first frame %08x, want 001a4000", pa);
    frame_put(pa);
    group_end();

    group_begin("frame_no_reserved");
    const struct mem_range all[] = { { PAGE_SIZE, (uint64_t)NFRAMES * PAGE_SIZE } };
    frames_init(table, NFRAMES);
    frames_release_ranges(all, 1, NULL, 0);
    CHECK(frames_free() == NFRAMES - 1);
    drain_and_check(all, 1, NULL, 0);
    group_end();

    group_begin("frame_release_twice");
    /* A second release of the same range does not free frames twice. */
    const struct mem_range some[] = { { 2 * MIB, 3 * MIB } };
    frames_init(table, NFRAMES);
    frames_release_ranges(some, 1, NULL, 0);
    frames_release_ranges(some, 1, NULL, 0);
    CHECK(frames_free() == 256 && frames_total() == 256, "free %u total %u",
          frames_free(), frames_total());
    drain_and_check(some, 1, NULL, 0);
    group_end();

    group_begin("frame_empty");
    frames_init(table, NFRAMES);
    frames_release_ranges(NULL, 0, NULL, 0);
    CHECK(frames_free() == 0 && frame_alloc() == 0);
    const struct mem_range tiny[] = { { 0x10001, 0x11fff } };  /* no whole frame */
    frames_release_ranges(tiny, 1, NULL, 0);
    CHECK(frames_free() == 0 && frame_alloc() == 0);
    group_end();
}

/* Random range sets against the model. */
static void test_random_ranges(void)
{
    group_begin("frame_random_ranges");
    uint64_t seed = unit_seed(0xF4A3E5);
    rng_seed(seed);
    for (int round = 0; round < 200 && !group_failed(); round++) {
        struct mem_range u[6], r[7];    /* r: one more for frame 0 */
        int nu = (int)rng_range(0, 6), nr = (int)rng_range(0, 6);
        for (int i = 0; i < nu; i++) {
            uint64_t s = rng_range(0, (uint64_t)NFRAMES * PAGE_SIZE + 0x10000);
            u[i] = (struct mem_range){ s, s + rng_range(0, 4 * MIB) };
        }
        for (int i = 0; i < nr; i++) {
            uint64_t s = rng_range(0, (uint64_t)NFRAMES * PAGE_SIZE);
            r[i] = (struct mem_range){ s, s + rng_range(1, MIB) };
        }
        /* Frame 0 stays reserved, as mm/memmap.c guarantees: a frame at
         * physical 0 could not be told apart from "no memory". */
        r[nr++] = (struct mem_range){ 0, PAGE_SIZE };
        frames_init(table, NFRAMES);
        frames_release_ranges(u, nu, r, nr);
        drain_and_check(u, nu, r, nr);
    }
    if (group_failed())
        printf("(random seed 0x%llx: rerun with UNIT_SEED=0x%llx)\n",
               (unsigned long long)seed, (unsigned long long)seed);
    group_end();
}

static void test_refcounts(void)
{
    group_begin("frame_refcounts");
    const struct mem_range usable[] = { { 1 * MIB, 2 * MIB } };
    frames_init(table, NFRAMES);
    frames_release_ranges(usable, 1, NULL, 0);
    uint32_t free0 = frames_free();
    uint32_t a = frame_alloc(), b = frame_alloc();
    CHECK(a == 1 * MIB && b == 1 * MIB + PAGE_SIZE, "a %08x b %08x", a, b);
    CHECK(frames_free() == free0 - 2);
    frame_get(a);
    frame_get(a);
    CHECK(frame_refcount(a) == 3);
    CHECK(frame_page(a)->refcount == 3);
    frame_put(a);
    frame_put(a);
    CHECK(frame_refcount(a) == 1 && frames_free() == free0 - 2);
    frame_put(a);                                  /* last one: freed */
    CHECK(frame_refcount(a) == 0 && frames_free() == free0 - 1);
    /* Freed frames are reused first (LIFO). */
    uint32_t c = frame_alloc();
    CHECK(c == a, "reallocated %08x, want %08x", c, a);
    frame_put(c);
    frame_put(b);
    CHECK(frames_free() == free0);
    CHECK(frames_total() == free0, "total changed by alloc/free");
    group_end();

    group_begin("frame_bad_put_panics");
    const struct mem_range low[] = { { 0, 2 * MIB } };
    const struct mem_range res[] = { { 0, MIB } };
    frames_init(table, NFRAMES);
    frames_release_ranges(low, 1, res, 1);
    uint32_t f = frame_alloc();
    uint32_t nfree = frames_free();
    EXPECT_PANIC(frame_put(f + 1), "not allocated");           /* unaligned */
    EXPECT_PANIC(frame_put(f + PAGE_SIZE - 1), "not allocated");
    EXPECT_PANIC(frame_put(0x1000), "not allocated");          /* reserved */
    EXPECT_PANIC(frame_put(0), "not allocated");               /* frame 0 */
    EXPECT_PANIC(frame_put(f + PAGE_SIZE), "not allocated");   /* free */
    EXPECT_PANIC(frame_put(NFRAMES * PAGE_SIZE), "not allocated");  /* beyond */
    EXPECT_PANIC(frame_put(0xFFFFF000u), "not allocated");
    EXPECT_PANIC(frame_get(f + PAGE_SIZE), "not allocated");   /* get of free */
    EXPECT_PANIC(frame_get(0x2000), "not allocated");          /* get of reserved */
    EXPECT_PANIC(frame_get(f + 4), "not allocated");
    CHECK(frame_refcount(f) == 1 && frames_free() == nfree,
          "a refused put changed the state");
    frame_put(f);
    EXPECT_PANIC(frame_put(f), "not allocated");               /* double put */
    CHECK(frames_free() == nfree + 1, "double put changed the free count");
    /* The free list survived all that: everything still allocates once. */
    drain_and_check(low, 1, res, 1);
    group_end();
}

int main(void)
{
    test_basic_ranges();
    test_random_ranges();
    test_refcounts();
    return unit_exit();
}
