/*
 * mm/frame.h - the physical frame allocator.
 *
 * Physical memory is cut into 4 KiB frames.  Each frame has a struct page
 * whose reference count says how many users it has: a page table entry
 * mapping it, the kernel holding it, and (later) the page cache.  A frame
 * is free exactly when its count drops to zero.
 */
#ifndef MM_FRAME_H
#define MM_FRAME_H

#include <stdint.h>
#include "kernel/bootinfo.h"

#define PAGE_RESERVED 0x1      /* never allocatable: BIOS, kernel, modules */

struct page {
    uint32_t refcount;         /* users of the frame; 0 = free */
    uint16_t flags;
    uint16_t unused;
    uint32_t next_free;        /* frame number of the next free frame */
};

/* Set up `nframes` frames, all reserved, whose struct pages live in
 * `pages`. */
void frames_init(struct page *pages, uint32_t nframes);
/* Make the frames of `usable` free, except those that touch any range in
 * `reserved`.  Lower frames are handed out first. */
void frames_release_ranges(const struct mem_range *usable, int nusable,
                           const struct mem_range *reserved, int nreserved);

/* A free frame with reference count 1, or 0 if memory is exhausted
 * (frame 0 is always reserved, so 0 is never a real answer). */
uint32_t frame_alloc(void);
/* Add / drop a reference to the frame at physical address `pa`.  Dropping
 * the last reference frees it. */
void frame_get(uint32_t pa);
void frame_put(uint32_t pa);
uint32_t frame_refcount(uint32_t pa);
struct page *frame_page(uint32_t pa);

uint32_t frames_free(void);    /* free frames now */
uint32_t frames_total(void);   /* frames that were ever free (usable RAM) */
uint32_t frames_count(void);   /* frames covered, reserved ones included */

/* Boot glue (mm/memmap.c): size the frame table from the boot memory map,
 * place it after the kernel and modules, and free all usable RAM. */
void mm_init_frames(const struct boot_info *bi);
/* After the initrd is unpacked: free the modules' frames; returns how many. */
uint32_t mm_free_initrd(const struct boot_info *bi);

#endif
