/*
 * mm/kmalloc.c - the kernel's heap: a kheap over [KHEAP_START,
 * KHEAP_END) whose pages are mapped from free frames as blocks need them
 * and handed back as whole pages come free.
 */
#include "mm/kheap.h"
#include "mm/frame.h"
#include "mm/layout.h"
#include "mm/paging.h"
#include "lib/string.h"

static struct kheap heap;
static uint32_t heap_pages;          /* frames mapped into the heap now */

/* Back the heap's pages in [va, va + bytes) that have no frame yet.  The
 * page tables for the heap range exist from boot (mm/paging.c), so every
 * address space sees a new page at once.  On failure the pages mapped so
 * far stay: they lie in a free block, which may hold unbacked pages. */
static int kernel_heap_map(struct kheap *h, uintptr_t va, size_t bytes)
{
    (void)h;
    for (uintptr_t p = va & ~(PAGE_SIZE - 1); p < va + bytes; p += PAGE_SIZE) {
        if (page_lookup(kernel_pgdir, p, NULL))
            continue;
        uint32_t pa = frame_alloc();
        if (!pa)
            return -1;
        if (page_map(kernel_pgdir, p, pa, PTE_W | PTE_G) < 0) {
            frame_put(pa);
            return -1;
        }
        heap_pages++;
    }
    return 0;
}

/* Give the frames of whole free pages back: clear each PTE (which also
 * flushes it from the TLB) and drop the frame. */
static void kernel_heap_unmap(struct kheap *h, uintptr_t va, size_t bytes)
{
    (void)h;
    for (uintptr_t p = va; p < va + bytes; p += PAGE_SIZE) {
        pte_t old = page_unmap(kernel_pgdir, p);
        if (old & PTE_P) {
            frame_put(PTE_ADDR(old));
            heap_pages--;
        }
    }
}

void kheap_init(void)
{
    kheap_setup(&heap, KHEAP_START, KHEAP_END, kernel_heap_map, kernel_heap_unmap);
}

/* Frames the heap holds now, for meminfo. */
uint32_t kernel_heap_pages(void)
{
    return heap_pages;
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
