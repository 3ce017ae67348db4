/*
 * mm/kmalloc.c - the kernel's heap: a kheap over [KHEAP_START,
 * KHEAP_END) whose pages are mapped from free frames as it grows.
 */
#include "mm/kheap.h"
#include "mm/frame.h"
#include "mm/layout.h"
#include "mm/paging.h"
#include "lib/string.h"

static struct kheap heap;

/* Map fresh frames at the heap's end.  The page tables for the heap
 * range exist from boot (mm/paging.c), so every address space sees
 * the new pages at once. */
static int kernel_heap_grow(struct kheap *h, size_t bytes)
{
    for (uintptr_t va = h->end; va < h->end + bytes; va += PAGE_SIZE) {
        uint32_t pa = frame_alloc();
        if (!pa || page_map(kernel_pgdir, va, pa, PTE_W | PTE_G) < 0) {
            if (pa)
                frame_put(pa);
            while (va > h->end) {            /* undo the partial growth */
                va -= PAGE_SIZE;
                frame_put(PTE_ADDR(page_unmap(kernel_pgdir, va)));
            }
            return -1;
        }
    }
    return 0;
}

void kheap_init(void)
{
    kheap_setup(&heap, KHEAP_START, KHEAP_END, kernel_heap_grow);
}

void *kmalloc(size_t size)
{
    return kheap_alloc(&heap, size);
}

void *kzalloc(size_t size)
{
    void *p = kheap_alloc(&heap, size);
    if (p)
        memset(p, 0, size);
    return p;
}

void kfree(void *ptr)
{
    kheap_free(&heap, ptr);
}

struct kheap *kernel_heap(void)
{
    return &heap;
}
