/*
 * mm/truncate.c - a file shrinks under its mappings.
 *
 * When truncate(2) or O_TRUNC cuts a file, the pages beyond the new end
 * must vanish from every address space that maps them, private copies
 * included (Linux's truncate_pagecache, with even_cows set): the next
 * touch there faults, finds the page beyond the end of the file and
 * raises SIGBUS (mm/fault.c, case 6).  The page that holds the new last
 * byte stays; the file system zeroes its tail.
 */
#include "kernel/errno.h"
#include "mm/mm.h"
#include "mm/layout.h"
#include "proc/proc.h"

/* Unmap the pages of region r (in mm) whose file index is >= keep. */
static void zap_region_beyond(struct mm *mm, const struct vm_area *r, uint32_t keep)
{
    uint32_t npages = (r->end - r->start) / PAGE_SIZE;
    if (r->pgoff + npages <= keep)
        return;                            /* wholly inside the file */
    uintptr_t from = r->start;
    if (keep > r->pgoff)
        from += (keep - r->pgoff) * PAGE_SIZE;
    mm_zap_pages(mm, from, r->end);
}

void mm_truncate_file(struct inode *file, uint32_t size)
{
    uint32_t keep = size / PAGE_SIZE + (size % PAGE_SIZE != 0);
    for (int i = 0; i < NPROC; i++) {
        struct mm *mm = proc_table[i].mm;
        if (proc_table[i].state == PROC_UNUSED || !mm)
            continue;
        const struct vm_area *r;
        for (r = region_next(&mm->regions, 0); r; r = region_next(&mm->regions, r->end))
            if (r->file == file)
                zap_region_beyond(mm, r, keep);
    }
}
