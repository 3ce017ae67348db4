/*
 * mm/kheap.h - the kernel heap: kmalloc and kfree for small objects.
 *
 * Whole pages (page tables, process memory) come from the frame
 * allocator; kmalloc is for kernel structures of any size.  Every block
 * carries a header with a magic number and a canary after the bytes the
 * caller asked for, so kfree catches double frees, frees of pointers
 * kmalloc never returned, and writes past the end of a block.
 */
#ifndef MM_KHEAP_H
#define MM_KHEAP_H

#include <stddef.h>
#include <stdint.h>

/* A heap: one contiguous virtual range [start, end) that grows upwards
 * through `grow`, which must make [end, end + bytes) usable and return
 * 0, or -1 when it cannot. */
struct kheap {
    uintptr_t start, end, limit;
    struct kblock *free_list;     /* free blocks, sorted by address */
    int (*grow)(struct kheap *heap, size_t bytes);
    size_t used_bytes;            /* payload bytes handed out */
};

void kheap_setup(struct kheap *heap, uintptr_t start, uintptr_t limit,
                 int (*grow)(struct kheap *, size_t));
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

#endif
