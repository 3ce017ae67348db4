/*
 * mm/madvise.c - madvise: what the program says it will do with a range.
 *
 * Some advice changes memory:
 *
 *   MADV_DONTNEED   drop the pages: private anonymous memory reads as
 *                   zeros again, file pages come back from the file
 *   MADV_FREE       the same, for private anonymous memory only
 *   MADV_POPULATE_* fault every page in now, as a read or a write
 *   MADV_DONTFORK   a fork's child does not get the range (VM_DONTCOPY)
 *   MADV_WIPEONFORK the child gets it, empty (VM_WIPEONFORK)
 *
 * The rest are hints that an in-memory kernel without swap, huge pages
 * or KSM has no use for; they are recorded in the region's flags (smaps
 * shows them: rr sr dd hg nh mg) as Linux records them, splitting the
 * region where needed, or, like WILLNEED, accepted and forgotten.
 *
 * The walk is Linux's (madvise_walk_vmas): each region piece in
 * [start, end) gets the advice; unmapped gaps are skipped but make the
 * answer -ENOMEM; an error from a region stops the walk.
 */
#include "kernel/errno.h"
#include "mm/fault.h"
#include "mm/layout.h"
#include "mm/mm.h"

/* Fault in every page of [start, end) of region r, for reading or
 * writing (Linux's madvise_populate). */
static int populate(struct mm *mm, const struct vm_area *r, uintptr_t start,
                    uintptr_t end, int write)
{
    if (write ? !(r->flags & VM_WRITE) : !(r->flags & VM_READ))
        return -EINVAL;                /* the region does not allow it */
    for (uintptr_t va = start; va < end; va += PAGE_SIZE) {
        int err = fault_in(mm, va, write);
        if (err == -ENOMEM)
            return -ENOMEM;
        if (err < 0)
            return -EFAULT;            /* SIGBUS or SIGSEGV territory */
    }
    return 0;
}

/* The advice that only records something in the region's flags (Linux's
 * madvise_update_vma): which flags it clears and which it sets. */
static const struct flag_advice {
    int advice;
    uint32_t clear, set;
} flag_advice[] = {
    { MADV_NORMAL, VM_SEQ_READ | VM_RAND_READ, 0 },
    { MADV_RANDOM, VM_SEQ_READ, VM_RAND_READ },
    { MADV_SEQUENTIAL, VM_RAND_READ, VM_SEQ_READ },
    { MADV_DONTFORK, 0, VM_DONTCOPY },
    { MADV_DOFORK, VM_DONTCOPY, 0 },
    { MADV_WIPEONFORK, 0, VM_WIPEONFORK },
    { MADV_KEEPONFORK, VM_WIPEONFORK, 0 },
    { MADV_DONTDUMP, 0, VM_DONTDUMP },
    { MADV_DODUMP, VM_DONTDUMP, 0 },
    { MADV_MERGEABLE, 0, VM_MERGEABLE },
    { MADV_UNMERGEABLE, VM_MERGEABLE, 0 },
    { MADV_HUGEPAGE, VM_NOHUGEPAGE, VM_HUGEPAGE },
    { MADV_NOHUGEPAGE, VM_HUGEPAGE, VM_NOHUGEPAGE },
};

/* Record advice fa on [start, end) of region r: split off that piece
 * only if its flags really change (then it may be -ENOMEM). */
static int advise_flags(struct mm *mm, const struct vm_area *r, uintptr_t start,
                        uintptr_t end, const struct flag_advice *fa)
{
    if (fa->advice == MADV_MERGEABLE && (r->flags & VM_MAYSHARE))
        return 0;                      /* KSM leaves shared memory alone */
    uint32_t flags = (r->flags & ~fa->clear) | fa->set;
    if (flags == r->flags)
        return 0;
    return region_set_flags(&mm->regions, start, end, fa->clear, fa->set);
}

/* The advice for the piece [start, end) of region r. */
static int advise_region(struct mm *mm, const struct vm_area *r, uintptr_t start,
                         uintptr_t end, int advice)
{
    switch (advice) {
    case MADV_DONTNEED:
    case MADV_DONTNEED_LOCKED:
        mm_zap_pages(mm, start, end);
        return 0;
    case MADV_FREE:                    /* private anonymous memory only */
        if (r->file || (r->flags & VM_MAYSHARE))
            return -EINVAL;
        mm_zap_pages(mm, start, end);
        return 0;
    case MADV_REMOVE:                  /* punch a hole in a shared writable file */
        if (!r->file)
            return -EINVAL;
        if ((r->flags & (VM_SHARED | VM_WRITE)) != (VM_SHARED | VM_WRITE))
            return -EACCES;
        return -EOPNOTSUPP;            /* as Linux's ramfs: no hole punching */
    case MADV_WIPEONFORK:              /* private anonymous memory only */
        if (r->file || (r->flags & VM_MAYSHARE))
            return -EINVAL;
        break;
    case MADV_COLLAPSE:                /* no huge pages: nothing is eligible */
        return -EINVAL;
    case MADV_POPULATE_READ:
    case MADV_POPULATE_WRITE:
        return populate(mm, r, start, end, advice == MADV_POPULATE_WRITE);
    }
    for (unsigned i = 0; i < sizeof(flag_advice) / sizeof(flag_advice[0]); i++)
        if (flag_advice[i].advice == advice)
            return advise_flags(mm, r, start, end, &flag_advice[i]);
    return 0;                          /* WILLNEED, COLD, PAGEOUT: nothing to do */
}

int mm_madvise(struct mm *mm, uintptr_t start, uintptr_t end, int advice)
{
    int unmapped = 0;
    while (start < end) {
        const struct vm_area *r = region_next(&mm->regions, start);
        if (!r)
            return -ENOMEM;
        if (r->start > start) {        /* a gap: skip it, remember it */
            unmapped = -ENOMEM;
            start = r->start;
            if (start >= end)
                break;
        }
        uintptr_t piece_end = r->end < end ? r->end : end;
        int err = advise_region(mm, r, start, piece_end, advice);
        if (err < 0)
            return err;
        start = piece_end;
    }
    return unmapped;
}

int mm_range_mapped(struct mm *mm, uintptr_t start, uintptr_t end)
{
    while (start < end) {
        const struct vm_area *r = region_find(&mm->regions, start);
        if (!r)
            return 0;
        start = r->end;
    }
    return 1;
}
