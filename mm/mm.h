/*
 * mm/mm.h - an address space (Linux: mm_struct): a page directory, the
 * regions that say what may be mapped, and the boundaries /proc reports.
 *
 * This is mm/'s public surface.  Other folders include mm/mm.h and
 * mm/uaccess.h (user memory), plus small headers that stand alone:
 * mm/layout.h (the address layout), mm/kheap.h (kmalloc), mm/frame.h
 * (physical frames, for the page cache), mm/stats.h (the page
 * statistics /proc shows) and mm/region.h (struct vm_area and the VM_*
 * flags; walk regions with mm_first_region/mm_next_region below, never
 * through the tree).  Page tables (mm/paging.h) and kernel stacks
 * (mm/kstack.h) come only through mm/mm.h; the rest (mm/fault.h's
 * fault_in, the heap's insides) is mm's own.  tests/test_interfaces.py
 * checks that this holds.
 */
#ifndef MM_MM_H
#define MM_MM_H

#include <stdint.h>
#include "mm/frame.h"
#include "mm/kstack.h"
#include "mm/layout.h"
#include "mm/paging.h"
#include "mm/region.h"
#include "mm/stats.h"

#define STACK_LIMIT     (8u << 20)    /* RLIMIT_STACK: 8 MiB, as Linux */
#define STACK_GUARD_GAP (1u << 20)    /* stack keeps 1 MiB above the next region */
#define MMAP_MIN_ADDR   0x10000u      /* nothing is ever mapped below 64 KiB */

/* A software bit in a not-present PTE: "this page has a frame, but the
 * region is PROT_NONE".  The CPU ignores the other bits when P is 0. */
#define PTE_PROTNONE    0x200

/* What the page-fault handler did, counted per process and system-wide
 * (shown in /proc and by the demos). */
struct vm_counters {
    uint32_t minor_faults;     /* resolved without I/O (all of ours today) */
    uint32_t major_faults;     /* needed I/O: none until there is swap */
    uint32_t zero_fills;       /* fresh zeroed page */
    uint32_t file_pages;       /* page taken from a file's page cache */
    uint32_t cow_copies;       /* write to a shared page: copied */
    uint32_t cow_reuses;       /* write to a page we alone held: just made writable */
    uint32_t stack_grows;      /* [stack] extended downwards */
    uint32_t segfaults;        /* faults that became SIGSEGV */
};

struct mm {
    pde_t *pgdir;
    struct region_list regions;
    uint32_t start_code, end_code, start_data, end_data;
    uint32_t start_brk, brk;
    uint32_t mmap_base;                    /* mmap searches downwards from here
                                              (set by exec: proc/aslr.c) */
    uint32_t start_stack;                  /* initial %esp: &argc */
    uint32_t arg_start, arg_end, env_start, env_end;
    struct vm_counters counters;
    int pftrace;                           /* log each fault (pftrace=1) */
};

extern struct vm_counters vm_global_counters;

struct trapframe;
/* The page-fault handler (mm/fault.c): trap() calls it for vector 14,
 * with CR2 still holding the address. */
void handle_page_fault(struct trapframe *tf);

struct mm *mm_create(void);
/* The child's copy of `parent` for fork: private pages are shared
 * read-only and copied on the first write (or copied now if cow=0). */
struct mm *mm_fork(struct mm *parent);
void mm_destroy(struct mm *mm);

/* Walking the regions of mm in address order (O(1) a step):
 *     for (r = mm_first_region(mm); r; r = mm_next_region(mm, r))
 * Other folders see regions only this way and through mm_find_region. */
static inline struct vm_area *mm_first_region(const struct mm *mm)
{
    return region_first(&mm->regions);
}
static inline struct vm_area *mm_next_region(const struct mm *mm,
                                             const struct vm_area *r)
{
    (void)mm;
    return region_after(r);
}
/* The region holding addr, or NULL: O(log n). */
static inline struct vm_area *mm_find_region(const struct mm *mm, uintptr_t addr)
{
    return region_find(&mm->regions, addr);
}
/* The first region ending above addr (holding it, or the next one up),
 * or NULL: Linux's find_vma().  O(log n). */
static inline struct vm_area *mm_region_from(const struct mm *mm, uintptr_t addr)
{
    return region_next(&mm->regions, addr);
}
/* How many regions mm has (Linux's map_count). */
static inline int mm_region_count(const struct mm *mm)
{
    return mm->regions.count;
}

/* Add a region (no pages are mapped: they arrive on first touch). */
int mm_add_region(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t flags,
                  struct inode *file, uint32_t offset, uint32_t file_end,
                  const char *name);
/* munmap: drop the pages and regions of [start, end). */
int mm_unmap(struct mm *mm, uintptr_t start, uintptr_t end);
/* mprotect: new rwx for [start, end), pages included. */
int mm_protect(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t prot);
/* Set the program break; returns the new break (the old on failure). */
uint32_t mm_brk(struct mm *mm, uint32_t new_brk);
/* A free range of `len` bytes for mmap, searched downwards from
 * mm->mmap_base; 0 if there is none. */
uintptr_t mm_find_free(struct mm *mm, uint32_t len);

/* Copy to/from any address space (exec builds the new stack with it). */
int mm_copy_out(struct mm *mm, uintptr_t uaddr, const void *src, uint32_t n);
int mm_copy_in(struct mm *mm, void *dst, uintptr_t uaddr, uint32_t n);

#endif
