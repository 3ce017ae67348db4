/*
 * mm/kheap.h - the kernel heap: kmalloc and kfree for small objects.
 *
 * Whole pages (page tables, process memory) come from the frame
 * allocator; kmalloc is for kernel structures of any size.  Every block
 * carries a header with a magic number and a canary after the bytes the
 * caller asked for, so kfree catches double frees, frees of pointers
 * kmalloc never returned, and writes past the end of a block.
 *
 * The heap is backed page by page, and only where blocks need it: a page
 * lying wholly inside a free block (past its header) is given back to
 * the frame allocator when the block is freed, and backed again when an
 * allocation reaches it, so memory the kernel frees returns to MemFree.
 */
#ifndef MM_KHEAP_H
#define MM_KHEAP_H

#include <stddef.h>
#include <stdint.h>

#define KHEAP_PAGE_SIZE 4096

/* A heap: one contiguous virtual range [start, end), end growing towards
 * limit, with two callbacks for its memory:
 *   map    back [va, va + bytes) with memory, leaving pages that are
 *          backed already as they are; 0, or -1 when out of memory;
 *   unmap  give back the memory of the whole pages [va, va + bytes)
 *          (page-aligned), some of which may be unbacked already.
 * Every page of [start, end) that is not wholly inside a free block
 * (past its header) is backed. */
struct kheap {
    uintptr_t start, end, limit;
    struct kblock *free_list;     /* free blocks, sorted by address */
    int (*map)(struct kheap *heap, uintptr_t va, size_t bytes);
    void (*unmap)(struct kheap *heap, uintptr_t va, size_t bytes);
    size_t used_bytes;            /* payload bytes handed out */
};

void kheap_setup(struct kheap *heap, uintptr_t start, uintptr_t limit,
                 int (*map)(struct kheap *, uintptr_t, size_t),
                 void (*unmap)(struct kheap *, uintptr_t, size_t));
void *kheap_alloc(struct kheap *heap, size_t size);
void kheap_free(struct kheap *heap, void *ptr);
/* Panics if any block's header or canary is damaged. */
void kheap_check(struct kheap *heap);
size_t kheap_free_bytes(struct kheap *heap);   /* in free blocks */

/* The kernel's heap, in [KHEAP_START, KHEAP_END). */
void kheap_init(void);
void *kmalloc(size_t size);
void *kzalloc(size_t size);                    /* zero-filled */
void kfree(void *ptr);
struct kheap *kernel_heap(void);
/* Frames backing the kernel's heap now (meminfo's Slab). */
uint32_t kernel_heap_pages(void);

#endif
