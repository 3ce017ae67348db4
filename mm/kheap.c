/*
 * mm/kheap.c - a first-fit allocator over an address-sorted free list.
 *
 * The heap is a run of blocks laid end to end:
 *
 *   | header | payload ...  | canary | slack |  header | payload ... |
 *   ^ block                                   ^ block + header.size
 *
 * Allocation takes the first free block big enough and splits off the
 * rest; freeing puts the block back in address order and merges it with
 * free neighbours, so the heap does not fragment into slivers.
 *
 * Memory follows the blocks (see mm/kheap.h): an allocation asks `map`
 * for the pages its block (and the header of the free rest) lies on; a
 * free hands `unmap` the whole pages inside the merged free block, past
 * its header, so they go back to the frame allocator.
 * tests/unit/test_kheap.c runs this file on the host.
 */
#include "mm/kheap.h"
#include "kernel/panic.h"
#include "lib/string.h"

#define KBLOCK_USED   0xA110C8EDu     /* "allocated" */
#define KBLOCK_FREE   0xF4EEB10Cu     /* "free block" */
#define KHEAP_CANARY  0x5AFEC0DEu     /* written after every payload */
#define KHEAP_ALIGN   16
#define POISON_FREE   0x6B            /* freed memory reads as 0x6b6b... */
#define MIN_SPLIT     (2 * sizeof(struct kblock) + KHEAP_ALIGN)

struct kblock {
    uint32_t magic;
    uint32_t size;            /* whole block, header included */
    uint32_t requested;       /* bytes the caller asked for */
    struct kblock *next;      /* next free block (free blocks only) */
} __attribute__((aligned(KHEAP_ALIGN)));

static size_t block_size_for(size_t request)
{
    size_t n = sizeof(struct kblock) + request + sizeof(uint32_t);
    return (n + KHEAP_ALIGN - 1) & ~(size_t)(KHEAP_ALIGN - 1);
}

/* The canary sits right after the requested bytes, so it may be
 * unaligned: read and write it with memcpy. */
static void *canary_of(struct kblock *b)
{
    return (char *)(b + 1) + b->requested;
}

static void set_canary(struct kblock *b)
{
    uint32_t c = KHEAP_CANARY;
    memcpy(canary_of(b), &c, sizeof(c));
}

static int canary_ok(struct kblock *b)
{
    uint32_t c;
    memcpy(&c, canary_of(b), sizeof(c));
    return c == KHEAP_CANARY;
}

/* A heap with nothing in it yet (see mm/kheap.h for the callbacks). */
void kheap_setup(struct kheap *heap, uintptr_t start, uintptr_t limit,
                 int (*map)(struct kheap *, uintptr_t, size_t),
                 void (*unmap)(struct kheap *, uintptr_t, size_t))
{
    *heap = (struct kheap){ .start = start, .end = start, .limit = limit,
                            .map = map, .unmap = unmap };
}

static uintptr_t page_down(uintptr_t a)
{
    return a & ~(uintptr_t)(KHEAP_PAGE_SIZE - 1);
}

static uintptr_t page_up(uintptr_t a)
{
    return page_down(a + KHEAP_PAGE_SIZE - 1);
}

/* Insert a free block in address order, merging with its neighbours;
 * returns the free block that now holds b's bytes. */
static struct kblock *insert_free(struct kheap *heap, struct kblock *b)
{
    b->magic = KBLOCK_FREE;
    struct kblock **link = &heap->free_list, *prev = NULL;
    while (*link && *link < b) {
        prev = *link;
        link = &(*link)->next;
    }
    b->next = *link;
    *link = b;
    if (b->next && (char *)b + b->size == (char *)b->next) {
        b->size += b->next->size;            /* merge with the next block */
        b->next = b->next->next;
    }
    if (prev && (char *)prev + prev->size == (char *)b) {
        prev->size += b->size;               /* merge into the previous one */
        prev->next = b->next;
        return prev;
    }
    return b;
}

/* The bytes [from, to) were just freed into free block `m`: give back
 * the whole pages among them (and the page of a neighbour's header that
 * merged away) that lie inside m, past m's own header. */
static void release_pages(struct kheap *heap, struct kblock *m,
                          uintptr_t from, uintptr_t to)
{
    uintptr_t lo = page_up((uintptr_t)(m + 1));
    uintptr_t hi = page_down((uintptr_t)m + m->size);
    if (lo < page_down(from))
        lo = page_down(from);
    if (hi > page_up(to) + KHEAP_PAGE_SIZE)
        hi = page_up(to) + KHEAP_PAGE_SIZE;
    if (heap->unmap && lo < hi)
        heap->unmap(heap, lo, hi - lo);
}

/* Grow the heap by `bytes` and add the new space as one free block: only
 * its header needs memory now. */
static int extend(struct kheap *heap, size_t bytes)
{
    if (heap->end + bytes > heap->limit || heap->end + bytes < heap->end)
        return -1;
    if (heap->map(heap, heap->end, sizeof(struct kblock)) < 0)
        return -1;
    struct kblock *b = (struct kblock *)heap->end;
    b->size = (uint32_t)bytes;
    heap->end += bytes;
    /* Merged into a free block at the old end, b's header page may now
     * lie inside that block: give it back too. */
    uintptr_t at = (uintptr_t)b;
    release_pages(heap, insert_free(heap, b), at, at + sizeof(*b));
    return 0;
}

/* Size of the free block that ends exactly at the heap's end, if any. */
static size_t tail_free_bytes(struct kheap *heap)
{
    struct kblock *b = heap->free_list;
    while (b && b->next)
        b = b->next;
    return (b && (uintptr_t)b + b->size == heap->end) ? b->size : 0;
}

void *kheap_alloc(struct kheap *heap, size_t size)
{
    if (size == 0 || size > heap->limit - heap->start)
        return NULL;
    size_t need = block_size_for(size);
    for (int attempt = 0; attempt < 2; attempt++) {
        for (struct kblock **link = &heap->free_list; *link; link = &(*link)->next) {
            struct kblock *b = *link;
            if (b->size < need)
                continue;
            int split = b->size - need >= MIN_SPLIT;
            /* The block's pages, and the page of the rest's header; if
             * memory runs out, whatever was mapped goes back. */
            size_t span = split ? need + sizeof(struct kblock) : b->size;
            if (heap->map(heap, (uintptr_t)b, span) < 0) {
                release_pages(heap, b, (uintptr_t)b, (uintptr_t)b + span);
                return NULL;
            }
            if (split) {                         /* split off the tail */
                struct kblock *rest = (struct kblock *)((char *)b + need);
                rest->magic = KBLOCK_FREE;
                rest->size = b->size - (uint32_t)need;
                rest->next = b->next;
                b->size = (uint32_t)need;
                *link = rest;
            } else {
                *link = b->next;
            }
            b->magic = KBLOCK_USED;
            b->requested = (uint32_t)size;
            b->next = NULL;
            set_canary(b);
            heap->used_bytes += size;
            return b + 1;
        }
        /* Nothing fits: grow by whole 64 KiB steps and retry once.  A
         * free block at the very end merges with the new space, so only
         * the rest needs to be added. */
        size_t tail = tail_free_bytes(heap);
        size_t step = (need - tail + 0xFFFF) & ~(size_t)0xFFFF;
        if (extend(heap, step) < 0)
            return NULL;
    }
    return NULL;
}

void kheap_free(struct kheap *heap, void *ptr)
{
    if (!ptr)
        return;
    struct kblock *b = (struct kblock *)ptr - 1;
    if ((uintptr_t)ptr < heap->start + sizeof(*b) || (uintptr_t)ptr >= heap->end ||
        ((uintptr_t)ptr & (KHEAP_ALIGN - 1)))
        panic("kfree: %p is not a heap pointer", ptr);
    if (b->magic == KBLOCK_FREE)
        panic("kfree: double free of %p", ptr);
    if (b->magic != KBLOCK_USED)
        panic("kfree: %p has a damaged header (magic %08x)", ptr, b->magic);
    if (!canary_ok(b))
        panic("kfree: heap overrun: something wrote past the %u bytes at %p",
              b->requested, ptr);
    heap->used_bytes -= b->requested;
    memset(b + 1, POISON_FREE, b->size - sizeof(*b));
    uintptr_t from = (uintptr_t)b, to = from + b->size;
    release_pages(heap, insert_free(heap, b), from, to);
}

void kheap_check(struct kheap *heap)
{
    for (uintptr_t p = heap->start; p < heap->end;) {
        struct kblock *b = (struct kblock *)p;
        if (b->magic == KBLOCK_USED && !canary_ok(b))
            panic("kheap_check: overrun of the block at %p", (void *)(b + 1));
        if ((b->magic != KBLOCK_USED && b->magic != KBLOCK_FREE) || b->size == 0)
            panic("kheap_check: damaged block header at %p", (void *)b);
        p += b->size;
    }
}

size_t kheap_free_bytes(struct kheap *heap)
{
    size_t n = 0;
    for (struct kblock *b = heap->free_list; b; b = b->next)
        n += b->size;
    return n;
}
