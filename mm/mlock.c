/*
 * mm/mlock.c - mlock, munlock, mlockall, munlockall: pages that stay.
 *
 * A locked region (VM_LOCKED, "lo" in smaps's VmFlags) has its pages
 * faulted in when it is locked and whenever it grows, and Linux would
 * never page them out.  Pagoda has no swap, so nothing is ever paged out
 * anyway; what locking changes is visible all the same, and the same as
 * on Linux:
 *
 *   - the pages are present at once (mincore says 1, RSS grows), unless
 *     MLOCK_ONFAULT / MCL_ONFAULT asked to lock them only as they fault
 *     in (VM_LOCKONFAULT);
 *   - VmLck in status counts the locked regions' pages (Linux's
 *     locked_vm: virtual pages, resident or not), smaps's Locked their Pss;
 *   - msync(MS_INVALIDATE) over a locked page is EBUSY;
 *   - mlockall(MCL_FUTURE) locks every region made afterwards
 *     (mm->def_flags), brk's and mmap's alike, which are then populated;
 *   - a fork's child holds no locks, and exec starts without any.
 *
 * Everything runs as root, which has CAP_IPC_LOCK, so RLIMIT_MEMLOCK
 * (8 MiB, as Linux's default) never refuses a lock, as on Linux for root.
 *
 * The walk is Linux's apply_vma_lock_flags: from the region holding
 * start (none: -ENOMEM) each region piece gets the new bits, splitting
 * at the ends; a gap stops the walk with -ENOMEM, leaving what came
 * before it changed.  Then __mm_populate faults the range in, and its
 * errors become mlock's as __mlock_posix_error_return says: a page that
 * cannot be had (PROT_NONE, beyond the end of a file) -ENOMEM, no frame
 * -EAGAIN.
 */
#include "kernel/errno.h"
#include "mm/fault.h"
#include "mm/layout.h"
#include "mm/mm.h"

/* Set the lock bits of [start, end) to `lock`, region by region. */
static int apply_lock_flags(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t lock)
{
    const struct vm_area *r = region_find(&mm->regions, start);
    if (!r)
        return -ENOMEM;
    while (start < end) {
        uintptr_t piece_end = r->end < end ? r->end : end;
        if ((r->flags & VM_LOCKED_MASK) != lock) {
            int err = region_set_flags(&mm->regions, start, piece_end,
                                       VM_LOCKED_MASK, lock);
            if (err < 0)
                return err;
        }
        start = piece_end;
        if (start >= end)
            break;
        r = region_find(&mm->regions, start);
        if (!r)
            return -ENOMEM;            /* a gap: Linux stops here */
    }
    return 0;
}

/* Linux's populate_vma_page_range for the piece [start, end) of r:
 * ONFAULT regions are left alone, inaccessible ones fail. */
static int populate_piece(struct mm *mm, const struct vm_area *r, uintptr_t start,
                          uintptr_t end)
{
    if (r->flags & VM_LOCKONFAULT)
        return 0;
    if (!(r->flags & VM_PROT_MASK))
        return -EFAULT;                /* PROT_NONE: gup finds nothing to touch */
    int write = (r->flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;   /* break COW */
    for (uintptr_t va = start; va < end; va += PAGE_SIZE) {
        int err = fault_in(mm, va, write);
        if (err == -ENOMEM)
            return -ENOMEM;
        if (err < 0)
            return -EFAULT;            /* SIGBUS or SIGSEGV territory */
    }
    return 0;
}

int mm_populate(struct mm *mm, uintptr_t start, uintptr_t end)
{
    while (start < end) {
        const struct vm_area *r = region_next(&mm->regions, start);
        if (!r || r->start >= end)
            return 0;
        if (r->start > start)
            start = r->start;
        uintptr_t piece_end = r->end < end ? r->end : end;
        int err = populate_piece(mm, r, start, piece_end);
        if (err < 0)
            return err;
        start = piece_end;
    }
    return 0;
}

int mm_mlock(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t lock)
{
    if (end == start)
        return 0;
    int err = apply_lock_flags(mm, start, end, lock);
    if (err < 0 || !lock)
        return err;
    err = mm_populate(mm, start, end);
    return err == -EFAULT ? -ENOMEM : err == -ENOMEM ? -EAGAIN : err;
}

/* mlockall(MCL_CURRENT)'s mm_populate(0, TASK_SIZE): every region, a
 * failure in one not stopping the others (ignore_errors). */
static void populate_all(struct mm *mm)
{
    for (const struct vm_area *r = mm_first_region(mm); r; ) {
        uintptr_t end = r->end;
        populate_piece(mm, r, r->start, end);
        r = region_next(&mm->regions, end);   /* faults may have grown a stack */
    }
}

/* Linux's apply_mlockall_flags: MCL_FUTURE goes into def_flags; with
 * MCL_CURRENT every region gets the lock, without it every region loses
 * its own (so munlockall, flags 0, unlocks everything). */
static void apply_mlockall_flags(struct mm *mm, int flags)
{
    uint32_t onfault = (flags & MCL_ONFAULT) ? VM_LOCKONFAULT : 0;
    mm->def_flags &= ~VM_LOCKED_MASK;
    if (flags & MCL_FUTURE) {
        mm->def_flags |= VM_LOCKED | onfault;
        if (!(flags & MCL_CURRENT))
            return;
    }
    uint32_t set = (flags & MCL_CURRENT) ? VM_LOCKED | onfault : 0;
    struct vm_area *first = mm_first_region(mm);
    if (first)                         /* whole regions: no split, cannot fail */
        region_set_flags(&mm->regions, first->start, mm->regions.last->end,
                         VM_LOCKED_MASK, set);
}

int mm_mlockall(struct mm *mm, int flags)
{
    apply_mlockall_flags(mm, flags);
    if (flags & MCL_CURRENT)
        populate_all(mm);
    return 0;
}

uint32_t mm_locked_pages(const struct mm *mm)
{
    uint32_t pages = 0;
    for (const struct vm_area *r = mm_first_region(mm); r; r = mm_next_region(mm, r))
        if (r->flags & VM_LOCKED)
            pages += (r->end - r->start) / PAGE_SIZE;
    return pages;
}
