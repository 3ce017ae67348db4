/*
 * mm/mm.h - an address space (Linux: mm_struct): a page directory, the
 * regions that say what may be mapped, and the boundaries /proc reports.
 *
 * This is mm/'s public surface.  Other folders include mm/mm.h and
 * mm/uaccess.h (user memory), plus small headers that stand alone:
 * mm/layout.h (the address layout), mm/kheap.h (kmalloc), mm/frame.h
 * (physical frames, for the page cache), mm/stats.h (the page
 * statistics /proc shows), mm/truncate.h (what the file system tells mm
 * when a file shrinks) and mm/region.h (struct vm_area and the VM_*
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
#include "mm/truncate.h"

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
    int mmap_legacy;                       /* ... or upwards from it: the legacy
                                              layout (legacy_va_layout=1) */
    uint32_t rss;                          /* pages with a frame (Linux's
                                              get_mm_rss), kept as PTEs change */
    uint32_t hiwater_rss;                  /* the most rss has been: VmHWM */
    uint32_t def_flags;                    /* VM_* every new region gets
                                              (mlockall(MCL_FUTURE)) */
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
/* The most pages mm's regions have spanned (Linux's hiwater_vm: VmPeak),
 * kept exact as they grow (mm/region.c). */
static inline uint32_t mm_hiwater_vm(const struct mm *mm)
{
    return mm->regions.peak_pages;
}
/* How many regions mm has (Linux's map_count). */
static inline int mm_region_count(const struct mm *mm)
{
    return mm->regions.count;
}

/* Add a region (no pages are mapped: they arrive on first touch).  file
 * and pgoff (a page index: the byte offset may pass 4 GiB) say where its
 * pages come from; file_end, if not 0, is where the file's bytes stop and
 * zeros begin (exec's .data/.bss).  When flags holds no VM_MAY* bit, the
 * region may later be given any protection (VM_MAY_RWX). */
int mm_add_region(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t flags,
                  struct inode *file, uint32_t pgoff, uint32_t file_end,
                  const char *name);
/* munmap: remove the regions of [start, end), then drop their pages.
 * 0, or -ENOMEM (a split failed) with nothing changed. */
int mm_unmap(struct mm *mm, uintptr_t start, uintptr_t end);
/* Drop the pages of [start, end) but keep the regions: the next touch
 * faults them in again (zeros, or the file's page). */
void mm_zap_pages(struct mm *mm, uintptr_t start, uintptr_t end);
/* mprotect: new rwx for [start, end), pages included.  As Linux, the
 * regions from start are changed up to the first hole (then -ENOMEM) or
 * the first region whose VM_MAY* bits forbid prot (then -EACCES). */
int mm_protect(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t prot);
/* mremap (mm/mremap.c): resize or move the mapping at addr (sizes page
 * aligned, new_size not 0); the new address in *out, or -errno with
 * nothing changed.  flags are Linux's: */
#define MREMAP_MAYMOVE   1     /* may move it if it cannot grow in place */
#define MREMAP_FIXED     2     /* move it to exactly new_addr */
#define MREMAP_DONTUNMAP 4     /* move, but leave the old range mapped (empty) */
int mm_remap(struct mm *mm, uintptr_t addr, uint32_t old_size, uint32_t new_size,
             uint32_t flags, uintptr_t new_addr, uintptr_t *out);
/* madvise (mm/madvise.c): the advice for every region in [start, end),
 * Linux's answer (0, -ENOMEM for a gap, -EINVAL, -EACCES ...).  The
 * advice values are Linux's: */
#define MADV_NORMAL          0
#define MADV_RANDOM          1
#define MADV_SEQUENTIAL      2
#define MADV_WILLNEED        3
#define MADV_DONTNEED        4
#define MADV_FREE            8
#define MADV_REMOVE          9
#define MADV_DONTFORK       10
#define MADV_DOFORK         11
#define MADV_MERGEABLE      12
#define MADV_UNMERGEABLE    13
#define MADV_HUGEPAGE       14
#define MADV_NOHUGEPAGE     15
#define MADV_DONTDUMP       16
#define MADV_DODUMP         17
#define MADV_WIPEONFORK     18
#define MADV_KEEPONFORK     19
#define MADV_COLD           20
#define MADV_PAGEOUT        21
#define MADV_POPULATE_READ  22
#define MADV_POPULATE_WRITE 23
#define MADV_DONTNEED_LOCKED 24
#define MADV_COLLAPSE       25
int mm_madvise(struct mm *mm, uintptr_t start, uintptr_t end, int advice);
/* mlock, munlock (mm/mlock.c): set the lock bits of every region in
 * [start, end) to `lock` (0, VM_LOCKED, or VM_LOCKED | VM_LOCKONFAULT)
 * and fault in what is locked now; Linux's answers (0, -ENOMEM for a
 * gap, -EAGAIN when no frame was left). */
int mm_mlock(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t lock);
/* mlockall's flags (Linux's) and munlockall (flags 0). */
#define MCL_CURRENT 1
#define MCL_FUTURE  2
#define MCL_ONFAULT 4
int mm_mlockall(struct mm *mm, int flags);
/* The VM_LOCKED pages: VmLck (Linux's locked_vm). */
uint32_t mm_locked_pages(const struct mm *mm);
/* Fault in the pages of [start, end) as mlock does (writes break COW in
 * private writable regions); regions without access are skipped.
 * 0, -EFAULT (a page would be SIGSEGV or SIGBUS) or -ENOMEM. */
int mm_populate(struct mm *mm, uintptr_t start, uintptr_t end);
/* mincore (mm/mincore.c): one byte per page of [start, start + pages
 * pages) into the user buffer vec, bit 0 set when the page is resident
 * (mapped here, or in the page cache of the region's file). */
int mm_mincore(struct mm *mm, uintptr_t start, uint32_t pages, uint8_t *vec);
/* A frame now maps a page that had none: count it in rss and its
 * high-water mark. */
static inline void mm_rss_add(struct mm *mm, uint32_t pages)
{
    mm->rss += pages;
    if (mm->rss > mm->hiwater_rss)
        mm->hiwater_rss = mm->rss;
}
/* Is every page of [start, end) inside some region? */
int mm_range_mapped(struct mm *mm, uintptr_t start, uintptr_t end);
/* mm_truncate_file: in mm/truncate.h, included above. */
/* Set the program break; returns the new break (the old on failure). */
uint32_t mm_brk(struct mm *mm, uint32_t new_brk);
/* A free range of `len` bytes for mmap, searched downwards from
 * mm->mmap_base; 0 if there is none. */
uintptr_t mm_find_free(struct mm *mm, uint32_t len);
/* Where a mapping of `len` bytes without MAP_FIXED goes (mm/mmap.c):
 * at the hint (rounded down to a page) if it is free there, else where
 * mm_find_free says; 0 if nowhere. */
uintptr_t mm_get_unmapped_area(struct mm *mm, uintptr_t hint, uint32_t len);

/* Copy to/from any address space (exec builds the new stack with it):
 * 0, -EFAULT, or -ENOMEM when no frame could be had for a page. */
int mm_copy_out(struct mm *mm, uintptr_t uaddr, const void *src, uint32_t n);
int mm_copy_in(struct mm *mm, void *dst, uintptr_t uaddr, uint32_t n);

#endif
