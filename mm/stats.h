/*
 * mm/stats.h - what the pages of an address space look like right now:
 * the numbers /proc reports (smaps, status, statm, pagemap, meminfo).
 *
 * Regions say what may be mapped; these functions look at the page
 * tables to say what *is* mapped, page by page, without changing
 * anything (no fault is taken, no frame allocated).
 *
 * How many page tables map a frame (Linux's "mapcount") is not stored
 * anywhere, so it is derived from the frame's reference count, using the
 * rule of mm/frame.h: every present PTE holds one reference and a file's
 * page cache holds one more.  So
 *
 *     mapcount = refcount - (1 if the frame is the page cache's copy of
 *                            that page of the region's file, else 0)
 *
 * which is exact as long as nothing else holds user frames while /proc
 * is read (true: the kernel holds frames only inside a system call, and
 * it is not preemptible).
 */
#ifndef MM_STATS_H
#define MM_STATS_H

#include <stdint.h>

struct mm;
struct vm_area;

/* One virtual page. */
struct page_state {
    uint32_t frame;          /* physical address of its frame; 0: none */
    uint32_t mapcount;       /* page tables mapping the frame (>= 1) */
    uint8_t present;         /* has a frame (a PROT_NONE page may, too) */
    uint8_t dirty;           /* PTE_D: written through this mapping */
    uint8_t accessed;        /* PTE_A */
    uint8_t anonymous;       /* not the page cache's frame: zero-filled,
                                or a private copy (COW, .data tail) */
};

/* The state of the page holding `va`, which lies in region `r` of mm
 * (r may be NULL when va is in no region: then only the page table is
 * consulted and the page counts as anonymous). */
void mm_page_state(struct mm *mm, const struct vm_area *r, uintptr_t va,
                   struct page_state *ps);

/* Proportional set size is kept in bytes << PSS_SHIFT, as Linux does, so
 * that a page shared three ways adds a third without rounding early. */
#define PSS_SHIFT 12

/* Totals over the pages of one region. */
struct region_stats {
    uint32_t resident;       /* pages with a frame: Rss */
    uint32_t shared_clean;   /* mapped by two or more page tables ... */
    uint32_t shared_dirty;
    uint32_t private_clean;  /* ... or by this one alone */
    uint32_t private_dirty;
    uint32_t referenced;     /* accessed bit set */
    uint32_t anonymous;      /* resident and anonymous (see page_state) */
    uint64_t pss;            /* sum of PAGE_SIZE/mapcount, << PSS_SHIFT */
    uint64_t pss_dirty;      /* the same over dirty pages */
    uint64_t pss_anon;       /* the same over anonymous pages */
};

/* Add region r's pages to *st (which the caller zeroes first, so that
 * several regions can be summed, as smaps_rollup does). */
void mm_region_stats(struct mm *mm, const struct vm_area *r,
                     struct region_stats *st);

/* Page tables (not counting the page directory) that mm has: VmPTE. */
uint32_t mm_page_tables(struct mm *mm);
/* Present user pages: the resident set size in pages. */
uint32_t mm_resident_pages(struct mm *mm);

/* System-wide: the distinct frames that the address spaces mms[0..n)
 * map, anonymous ones and page-cache ones (meminfo's AnonPages and
 * Mapped).  A frame mapped by several of them counts once.  0, or
 * -ENOMEM. */
struct mapped_totals {
    uint32_t anon, file;
};
int mm_mapped_totals(struct mm **mms, int n, struct mapped_totals *t);

#endif
