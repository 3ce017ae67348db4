/*
 * mm/region.h - regions (Linux: vm_area_struct) and the set of them that
 * describes an address space.
 *
 * A region is a run of pages with one meaning: "the program's text, read
 * from /bin/sh at offset 0x1000", "the heap", "the stack".  Page tables
 * say what is present *now*; regions say what is *allowed* and where a
 * missing page should come from.  The page-fault handler (mm/fault.c)
 * reads them to decide what to do.
 *
 * The set is a balanced search tree (an AVL tree keyed by start address,
 * mm/region.c), so that finding, adding and removing a region and finding
 * a free gap for mmap each take O(log n) steps even with tens of
 * thousands of regions; the regions are also chained in address order, so
 * walking them all is O(n).  Outside mm/region.c the links are read-only:
 * walk with region_first()/region_after() (mm_first_region()/
 * mm_next_region() in mm/mm.h).
 */
#ifndef MM_REGION_H
#define MM_REGION_H

#include <stdint.h>

#define VM_READ      0x01
#define VM_WRITE     0x02
#define VM_EXEC      0x04
#define VM_SHARED    0x08     /* writes are seen by every mapper (and the file) */
#define VM_GROWSDOWN 0x10     /* the stack: grows on faults just below it */
#define VM_ACCOUNT   0x20     /* private memory that is or was writable (Linux's
                                 "ac"): kept when mprotect takes write away */
#define VM_PROT_MASK (VM_READ | VM_WRITE | VM_EXEC)

/* What madvise and mmap record about a region (Linux's bits of the same
 * names, shown in smaps's VmFlags as sr rr dc ac nr wf dd hg nh mg). */
#define VM_SEQ_READ   0x1000   /* MADV_SEQUENTIAL */
#define VM_RAND_READ  0x2000   /* MADV_RANDOM */
#define VM_DONTCOPY   0x4000   /* MADV_DONTFORK: a fork's child does not get it */
#define VM_WIPEONFORK 0x8000   /* MADV_WIPEONFORK: the child gets it empty (zeros) */
#define VM_DONTDUMP   0x10000  /* MADV_DONTDUMP */
#define VM_HUGEPAGE   0x20000  /* MADV_HUGEPAGE (Pagoda has no huge pages) */
#define VM_NOHUGEPAGE 0x40000  /* MADV_NOHUGEPAGE */
#define VM_MERGEABLE  0x80000  /* MADV_MERGEABLE (Pagoda merges nothing) */
#define VM_NORESERVE  0x100000 /* MAP_NORESERVE: not accounted (no "ac") */
#define VM_LOCKED     0x200000 /* mlock: faulted in and kept ("lo"; VmLck) */
#define VM_LOCKONFAULT 0x400000 /* mlock2(MLOCK_ONFAULT): locked as they fault in */
#define VM_LOCKED_MASK (VM_LOCKED | VM_LOCKONFAULT)

/* What the region may ever become (Linux's VM_MAY* bits), fixed when it is
 * made: mprotect may not grant a permission whose VM_MAY* bit is clear
 * (-EACCES).  Each is its VM_* bit shifted by VM_MAY_SHIFT, so
 * `flags & VM_PROT_MASK & ~(flags >> VM_MAY_SHIFT)` is what is not allowed.
 * A MAP_SHARED mapping of a read-only descriptor lacks VM_MAYWRITE; it has
 * VM_MAYSHARE but not VM_SHARED (it can never write to the file). */
#define VM_MAY_SHIFT 8
#define VM_MAYREAD   (VM_READ << VM_MAY_SHIFT)
#define VM_MAYWRITE  (VM_WRITE << VM_MAY_SHIFT)
#define VM_MAYEXEC   (VM_EXEC << VM_MAY_SHIFT)
#define VM_MAYSHARE  (VM_SHARED << VM_MAY_SHIFT)  /* mapped MAP_SHARED ('s' in maps) */
#define VM_MAY_RWX   (VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)

#define REGION_NAME_MAX 48

/* Linux's default vm.max_map_count (include/linux/mm.h:
 * DEFAULT_MAX_MAP_COUNT = USHRT_MAX - MAPCOUNT_ELF_CORE_MARGIN = 65530). */
#define DEFAULT_MAX_MAP_COUNT 65530

struct inode;

struct vm_area {
    uintptr_t start, end;       /* [start, end), page aligned */
    uint32_t flags;             /* VM_* */
    struct inode *file;         /* backing file, or NULL: anonymous (zero) */
    uint32_t pgoff;             /* file position of `start`, in pages (Linux's
                                   vm_pgoff: the byte offset may pass 4 GiB) */
    uint32_t file_end;          /* 0, or: addresses >= file_end read as zero
                                   even if the file goes on (exec's .data/.bss
                                   boundary) */
    char name[REGION_NAME_MAX]; /* "/bin/sh", "[heap]", "[stack]" or "" */

    /* The set's links, kept by mm/region.c (read-only elsewhere). */
    struct vm_area *left, *right;   /* tree children: lower, higher starts */
    struct vm_area *prev, *next;    /* neighbours in address order */
    int height;                     /* of the subtree here: a leaf is 1 */
    uintptr_t sub_start, sub_end;   /* the subtree's lowest start, highest end */
    uintptr_t sub_gap;              /* the largest free gap between two regions
                                       of the subtree (Linux's old
                                       rb_subtree_gap, kept per subtree) */
};

/* The regions of one address space: never overlapping, never two
 * neighbours that could be one (they are merged). */
#define REGION_SPARES 6             /* what one call may reserve ahead */

struct region_list {
    struct vm_area *root;           /* the tree */
    struct vm_area *first, *last;   /* the chain's ends */
    int count;                      /* Linux's map_count */
    uint32_t pages;                 /* pages the regions span (Linux's total_vm) */
    uint32_t peak_pages;            /* the most `pages` has been since the list
                                       began or was copied (hiwater_vm: VmPeak) */
    struct vm_area *spare[REGION_SPARES];   /* nodes reserved by region_reserve */
    int nspare;
};

/* The cap on regions per address space (Linux: vm.max_map_count).  Making
 * a new region when `count > max_map_count`, or splitting one so that
 * count would pass it, fails with -ENOMEM, as on Linux. */
extern int max_map_count;

void region_list_init(struct region_list *list);
void region_list_free(struct region_list *list);
/* A copy of every region (files gain a reference): O(n).  0 or -ENOMEM
 * (then dst is empty). */
int region_list_copy(struct region_list *dst, const struct region_list *src);

/* Walking in address order: region_first(), then region_after() until
 * NULL.  O(1) each. */
static inline struct vm_area *region_first(const struct region_list *list)
{
    return list->first;
}
static inline struct vm_area *region_after(const struct vm_area *r)
{
    return r->next;
}

/* The region containing addr, or NULL.  O(log n). */
struct vm_area *region_find(const struct region_list *list, uintptr_t addr);
/* The first region ending above addr (containing it or after it), or NULL. */
struct vm_area *region_next(const struct region_list *list, uintptr_t addr);
/* The last region starting below addr, or NULL. */
struct vm_area *region_prev(const struct region_list *list, uintptr_t addr);

/* Make sure that the next n splits or inserts cannot fail for want of
 * memory (Linux: mas_preallocate): n nodes are allocated now and used
 * first.  So a call can get everything it needs before it changes
 * anything.  0 or -ENOMEM (nothing reserved).  n <= REGION_SPARES. */
int region_reserve(struct region_list *list, int n);

/* Add a region; it must not overlap others (-EINVAL).  Merges it with
 * compatible neighbours.  0, -EINVAL or -ENOMEM (out of memory, or
 * more than max_map_count regions already). */
int region_insert(struct region_list *list, const struct vm_area *area);
/* Remove [start, end) from whatever regions cover it, splitting those
 * that stick out (munmap's semantics).  0 or -ENOMEM (no memory for the
 * split, or cutting a hole in one region would pass max_map_count);
 * on -ENOMEM nothing has changed.  An empty range (start >= end) is 0. */
int region_remove(struct region_list *list, uintptr_t start, uintptr_t end);
/* Set the VM_READ/WRITE/EXEC bits of [start, end) to prot, splitting
 * regions at the edges.  As Linux: the regions from start onwards are
 * changed up to the first unmapped page, and then -ENOMEM says the range
 * had a hole (nothing changes if start itself is unmapped, or if the
 * splits cannot be made: no memory, or max_map_count).  0, -ENOMEM; an
 * empty range (start >= end) is 0. */
int region_protect(struct region_list *list, uintptr_t start, uintptr_t end,
                   uint32_t prot);
/* Set the flags of every region in [start, end) (which must be mapped)
 * to (flags & ~clear) | set, splitting at the edges and merging back what
 * then fits (madvise's hints).  0, or -ENOMEM (no memory for the splits,
 * or max_map_count) with nothing changed. */
int region_set_flags(struct region_list *list, uintptr_t start, uintptr_t end,
                     uint32_t clear, uint32_t set);
/* Is [start, end) free of regions? */
int region_range_free(const struct region_list *list, uintptr_t start, uintptr_t end);
/* Move the start of region r down to new_start (stack growth); the
 * caller has checked that [new_start, r->start) is free. */
void region_expand_down(struct region_list *list, struct vm_area *r,
                        uintptr_t new_start);

/* The highest free range of len bytes inside [floor, ceiling): its start,
 * or 0 if there is none.  O(log n): the top-down gap search. */
uintptr_t region_find_gap(const struct region_list *list, uint32_t len,
                          uintptr_t floor, uintptr_t ceiling);
/* The same, but the lowest such range: the bottom-up search of Linux's
 * legacy layout (arch_get_unmapped_area). */
uintptr_t region_find_gap_up(const struct region_list *list, uint32_t len,
                             uintptr_t floor, uintptr_t ceiling);

/* How the region set holds on to files; mm/mm.c gives the real ones,
 * the host unit tests their own. */
void region_file_get(struct inode *file);
void region_file_put(struct inode *file);

#endif
