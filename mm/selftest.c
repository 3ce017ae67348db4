/*
 * mm/selftest.c - the memory self-tests run by ktest (kernel/ktest.c).
 */
#include "kernel/ktest.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kheap.h"
#include "mm/layout.h"
#include "mm/paging.h"

/* Allocate every free frame, chaining them through their own first word,
 * check none is reserved memory, then free them all and check the free
 * count is back. */
const char *ktest_frames(void)
{
    uint32_t before = frames_free(), count = 0, head = 0;
    uint32_t pa;
    while ((pa = frame_alloc()) != 0) {
        if (pa < 0x100000 || (pa >= V2P(kernel_start) && pa < V2P(kernel_end)))
            return "handed out a reserved frame";
        if (frame_refcount(pa) != 1)
            return "new frame does not have reference count 1";
        *(uint32_t *)P2V(pa) = head;
        head = pa;
        count++;
    }
    if (count != before)
        return "allocated count differs from the free count";
    if (frames_free() != 0)
        return "free count not zero when exhausted";
    while (head) {
        uint32_t next = *(uint32_t *)P2V(head);
        frame_put(head);
        head = next;
    }
    if (frames_free() != before)
        return "free count not restored after freeing everything";

    pa = frame_alloc();                      /* reference counting */
    frame_get(pa);
    frame_put(pa);
    if (frame_refcount(pa) != 1 || frames_free() != before - 1)
        return "get/put changed the wrong counts";
    frame_put(pa);
    if (frame_refcount(pa) != 0 || frames_free() != before)
        return "last put did not free the frame";
    return NULL;
}

/* Map a frame at a user address in the live page directory, use it,
 * look it up, unmap it. */
const char *ktest_paging(void)
{
    const uintptr_t va = 0x40000000;
    uint32_t before = frames_free();
    uint32_t pa = frame_alloc(), flags;
    if (page_lookup(current_pgdir, va, NULL) != 0)
        return "test address already mapped";
    if (page_map(current_pgdir, va, pa, PTE_W) < 0)
        return "page_map failed";
    *(volatile uint32_t *)va = 0xC0FFEE;     /* write through the new map */
    if (*(uint32_t *)P2V(pa) != 0xC0FFEE)
        return "write through mapping not seen in the frame";
    if (page_lookup(current_pgdir, va + 0x123, &flags) != pa + 0x123)
        return "page_lookup gave the wrong address";
    if ((flags & (PTE_P | PTE_W | PTE_U)) != (PTE_P | PTE_W))
        return "page_lookup gave the wrong flags";
    if (page_lookup(current_pgdir, (uintptr_t)kernel_start, &flags) != V2P(kernel_start) ||
        (flags & PTE_W) || (flags & PTE_U) || !(flags & PTE_G))
        return "kernel text is not mapped read-only, supervisor, global";
    pte_t old = page_unmap(current_pgdir, va);
    if (PTE_ADDR(old) != pa || page_lookup(current_pgdir, va, NULL) != 0)
        return "page_unmap did not remove the mapping";
    frame_put(pa);
    /* The test created a page table; give it back so nothing leaks. */
    frame_put(PTE_ADDR(current_pgdir[PDX(va)]));
    current_pgdir[PDX(va)] = 0;
    if (frames_free() != before)
        return "frames leaked";
    return NULL;
}

/* A small pseudo-random generator (xorshift32), fixed seed. */
static uint32_t rng_state = 2463534242u;
static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

#define STRESS_SLOTS 256
#define STRESS_ROUNDS 4000

/* Random sizes, random frees, every block filled with a pattern that
 * must survive until its free. */
const char *ktest_kmalloc(void)
{
    static uint8_t *ptr[STRESS_SLOTS];
    static uint32_t len[STRESS_SLOTS];
    size_t free_before = kheap_free_bytes(kernel_heap());
    size_t used_before = kernel_heap()->used_bytes;
    uint32_t frames_before = frames_free();
    for (int round = 0; round < STRESS_ROUNDS; round++) {
        int i = rng() % STRESS_SLOTS;
        if (ptr[i]) {
            for (uint32_t k = 0; k < len[i]; k++)
                if (ptr[i][k] != (uint8_t)(i + k))
                    return "a block's contents changed";
            kfree(ptr[i]);
            ptr[i] = NULL;
            continue;
        }
        len[i] = (rng() % 8 == 0) ? 1 + rng() % 65536 : 1 + rng() % 512;
        ptr[i] = kmalloc(len[i]);
        if (!ptr[i])
            return "kmalloc returned NULL";
        if ((uintptr_t)ptr[i] & 15)
            return "kmalloc result not 16-byte aligned";
        for (uint32_t k = 0; k < len[i]; k++)
            ptr[i][k] = (uint8_t)(i + k);
    }
    kheap_check(kernel_heap());
    for (int i = 0; i < STRESS_SLOTS; i++) {
        kfree(ptr[i]);
        ptr[i] = NULL;
    }
    if (kernel_heap()->used_bytes != used_before)
        return "used byte count not restored";
    if (kheap_free_bytes(kernel_heap()) < free_before)
        return "free bytes shrank";
    /* The heap gave its whole free pages back; a few may stay under
     * blocks that lived before the test, or grew the heap's end. */
    if (frames_free() + 4 < frames_before)
        return "freed heap pages did not return to the frame allocator";
    return NULL;
}
