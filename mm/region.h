/*
 * mm/region.h - regions (Linux: vm_area_struct) and the sorted list of
 * them that describes an address space.
 *
 * A region is a run of pages with one meaning: "the program's text, read
 * from /bin/sh at offset 0x1000", "the heap", "the stack".  Page tables
 * say what is present *now*; regions say what is *allowed* and where a
 * missing page should come from.  The page-fault handler (mm/fault.c)
 * reads them to decide what to do.
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

#define REGION_NAME_MAX 48

struct inode;

struct vm_area {
    uintptr_t start, end;       /* [start, end), page aligned */
    uint32_t flags;             /* VM_* */
    struct inode *file;         /* backing file, or NULL: anonymous (zero) */
    uint32_t offset;            /* file offset of `start` */
    uint32_t file_end;          /* addresses >= file_end read as zero even if
                                   the file goes on (the .data/.bss boundary) */
    char name[REGION_NAME_MAX]; /* "/bin/sh", "[heap]", "[stack]" or "" */
};

/* The regions of one address space, sorted by address, never overlapping. */
struct region_list {
    struct vm_area *areas;
    int count, capacity;
};

void region_list_init(struct region_list *list);
void region_list_free(struct region_list *list);
/* A copy of every region (files gain a reference); 0 or -ENOMEM. */
int region_list_copy(struct region_list *dst, const struct region_list *src);

/* The region containing addr, or NULL.  Binary search: O(log n). */
struct vm_area *region_find(const struct region_list *list, uintptr_t addr);
/* The first region ending above addr (containing it or after it), or NULL. */
struct vm_area *region_next(const struct region_list *list, uintptr_t addr);
/* The last region starting below addr, or NULL. */
struct vm_area *region_prev(const struct region_list *list, uintptr_t addr);

/* Add a region; it must not overlap others (-EINVAL).  Merges it with
 * compatible neighbours.  0, -EINVAL or -ENOMEM. */
int region_insert(struct region_list *list, const struct vm_area *area);
/* Remove [start, end) from whatever regions cover it, splitting those
 * that stick out (munmap's semantics).  0 or -ENOMEM. */
int region_remove(struct region_list *list, uintptr_t start, uintptr_t end);
/* Set the VM_READ/WRITE/EXEC bits of [start, end) to prot, splitting
 * regions at the edges.  As Linux: the regions from start onwards are
 * changed up to the first unmapped page, and then -ENOMEM says the range
 * had a hole (nothing changes if start itself is unmapped).  0, -ENOMEM. */
int region_protect(struct region_list *list, uintptr_t start, uintptr_t end,
                   uint32_t prot);
/* Is [start, end) free of regions? */
int region_range_free(const struct region_list *list, uintptr_t start, uintptr_t end);

/* How the region list holds on to files; mm/mm.c gives the real ones,
 * the host unit tests their own. */
void region_file_get(struct inode *file);
void region_file_put(struct inode *file);

#endif
