/*
 * mm/frame.c - free frames on a linked list threaded through struct page.
 *
 * Allocation pops the head of the list and freeing pushes onto it, so both
 * are O(1).  Pure bookkeeping: tests/unit/test_frame.c runs it on the host.
 */
#include "mm/frame.h"
#include "mm/layout.h"
#include "kernel/panic.h"

#define NO_FRAME 0xFFFFFFFFu

static struct page *pages;
static uint32_t nframes, free_head = NO_FRAME, nfree, ntotal;

void frames_init(struct page *array, uint32_t count)
{
    pages = array;
    nframes = count;
    free_head = NO_FRAME;
    nfree = ntotal = 0;
    for (uint32_t i = 0; i < count; i++)
        pages[i] = (struct page){ .flags = PAGE_RESERVED, .next_free = NO_FRAME };
}

static void push_free(uint32_t pfn)
{
    pages[pfn].refcount = 0;
    pages[pfn].next_free = free_head;
    free_head = pfn;
    nfree++;
}

static int overlaps_any(uint64_t start, uint64_t end,
                        const struct mem_range *r, int n)
{
    for (int i = 0; i < n; i++)
        if (start < r[i].end && r[i].start < end)
            return 1;
    return 0;
}

void frames_release_ranges(const struct mem_range *usable, int nusable,
                           const struct mem_range *reserved, int nreserved)
{
    /* Walk frames from the top down so the lowest ends up at the head. */
    for (uint32_t pfn = nframes; pfn-- > 0;) {
        uint64_t start = (uint64_t)pfn << PAGE_SHIFT, end = start + PAGE_SIZE;
        if (!(pages[pfn].flags & PAGE_RESERVED))
            continue;                       /* already released */
        int inside = 0;
        for (int i = 0; i < nusable && !inside; i++)
            inside = usable[i].start <= start && end <= usable[i].end;
        if (!inside || overlaps_any(start, end, reserved, nreserved))
            continue;
        pages[pfn].flags &= ~PAGE_RESERVED;
        push_free(pfn);
        ntotal++;
    }
}

uint32_t frame_alloc(void)
{
    if (free_head == NO_FRAME)
        return 0;
    uint32_t pfn = free_head;
    free_head = pages[pfn].next_free;
    pages[pfn].next_free = NO_FRAME;
    pages[pfn].refcount = 1;
    nfree--;
    return pfn << PAGE_SHIFT;
}

/* The struct page of an allocated frame; panics on a bad address. */
static struct page *in_use_page(uint32_t pa, const char *who)
{
    uint32_t pfn = pa >> PAGE_SHIFT;
    if ((pa & (PAGE_SIZE - 1)) || pfn >= nframes ||
        (pages[pfn].flags & PAGE_RESERVED) || pages[pfn].refcount == 0)
        panic("%s: frame %08x is not allocated", who, pa);
    return &pages[pfn];
}

void frame_get(uint32_t pa)
{
    in_use_page(pa, "frame_get")->refcount++;
}

void frame_put(uint32_t pa)
{
    struct page *p = in_use_page(pa, "frame_put");
    if (--p->refcount == 0)
        push_free(pa >> PAGE_SHIFT);
}

uint32_t frame_refcount(uint32_t pa)
{
    uint32_t pfn = pa >> PAGE_SHIFT;
    return pfn < nframes ? pages[pfn].refcount : 0;
}

struct page *frame_page(uint32_t pa)
{
    uint32_t pfn = pa >> PAGE_SHIFT;
    return pfn < nframes ? &pages[pfn] : 0;
}

uint32_t frames_free(void) { return nfree; }
uint32_t frames_total(void) { return ntotal; }
uint32_t frames_count(void) { return nframes; }
