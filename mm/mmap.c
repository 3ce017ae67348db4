/*
 * mm/mmap.c - where a new mapping goes (Linux's get_unmapped_area), for
 * mmap and for mremap when it moves a mapping.
 */
#include "kernel/errno.h"
#include "mm/mm.h"
#include "mm/layout.h"
#include "mm/range.h"

/* Is [start, start + len) free, and clear of the guard gap below a
 * stack above it (Linux: addr + len <= vm_start_gap(next))? */
static int hint_fits(struct mm *mm, uintptr_t start, uint32_t len)
{
    if (!user_range_fits(start, len))
        return 0;
    const struct vm_area *next = region_next(&mm->regions, start);
    if (!next)
        return 1;
    uintptr_t limit = next->start;
    if (next->flags & VM_GROWSDOWN)
        limit = limit > STACK_GUARD_GAP ? limit - STACK_GUARD_GAP : 0;
    return start + len <= limit;
}

uintptr_t mm_get_unmapped_area(struct mm *mm, uintptr_t hint, uint32_t len)
{
    if (len == 0 || len > USER_END)
        return 0;
    hint = PAGE_ROUND_DOWN(hint);
    if (hint && hint_fits(mm, hint, len))
        return hint;
    return mm_find_free(mm, len);
}
