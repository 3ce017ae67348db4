/*
 * mm/mremap.c - mremap: shrink a mapping, grow it in place, or move it
 * (glibc's realloc of a large block uses it).
 *
 * The rules are Linux's (mm/mremap.c): shrinking always works (it is a
 * munmap of the tail); growing works in place when the mapping ends at
 * the end of its region and the pages after it are free; otherwise, with
 * MREMAP_MAYMOVE, the region moves to a free range, and with
 * MREMAP_FIXED to exactly new_addr.  Moving moves the page-table
 * entries, not the data: the frames (and their reference counts and
 * copy-on-write state) go with them.
 *
 * Unlike Linux, which may unmap the destination before it finds that the
 * move is impossible, every check here comes first and everything that
 * could fail for want of memory (region slots, page tables) is reserved
 * before anything changes: a failing mremap changes nothing.
 */
#include "kernel/errno.h"
#include "mm/mm.h"
#include "mm/layout.h"
#include "mm/range.h"

/* Linux's vma_to_resize: may the part of region r from addr grow from
 * old_size to new_size bytes?  0 or -errno. */
static int check_resize(const struct vm_area *r, uintptr_t addr, uint32_t old_size,
                        uint32_t new_size)
{
    if (old_size == 0 && !(r->flags & VM_MAYSHARE))
        return -EINVAL;                /* "duplicating" a private mapping */
    if (old_size > r->end - addr)
        return -EFAULT;                /* the old range runs past its region */
    if (new_size == old_size)
        return 0;
    uint32_t pgoff = r->pgoff + (addr - r->start) / PAGE_SIZE;
    if (r->file && pgoff + new_size / PAGE_SIZE < pgoff)
        return -EINVAL;                /* the file position would wrap */
    return 0;
}

/* Can region r grow by delta bytes where it is (Linux's vma_expandable)? */
static int can_expand(struct mm *mm, const struct vm_area *r, uint32_t delta)
{
    uintptr_t end = r->end + delta;
    return end > r->end && region_range_free(&mm->regions, r->end, end) &&
           user_range_fits(r->start, end - r->start);
}

/* Grow region r by delta bytes in place: a region continuing it, which
 * region_insert merges into it. */
static int expand_in_place(struct mm *mm, const struct vm_area *r, uint32_t delta)
{
    struct vm_area ext = *r;
    ext.start = r->end;
    ext.end = r->end + delta;
    if (ext.file)
        ext.pgoff = r->pgoff + (r->end - r->start) / PAGE_SIZE;
    return region_insert(&mm->regions, &ext);
}

/* Make the page tables of [start, end) exist, so that moving entries
 * into them cannot fail half way.  0 or -ENOMEM (empty tables left are
 * harmless and freed with the address space). */
static int prepare_tables(struct mm *mm, uintptr_t start, uintptr_t end)
{
    for (uintptr_t va = start; va < end; va = (va & ~(PDE_SPAN - 1)) + PDE_SPAN)
        if (!page_walk_alloc(mm->pgdir, va))
            return -ENOMEM;
    return 0;
}

/* Move the page-table entries of [from, from + size) to [to, to + size). */
static void move_ptes(struct mm *mm, uintptr_t from, uintptr_t to, uint32_t size)
{
    for (uint32_t off = 0; off < size; off += PAGE_SIZE) {
        pte_t *src = page_walk(mm->pgdir, from + off);
        if (!src || !(*src & (PTE_P | PTE_PROTNONE)))
            continue;
        pte_t *dst = page_walk(mm->pgdir, to + off);
        *dst = *src;
        *src = 0;
        tlb_flush_page(mm->pgdir, from + off);
        tlb_flush_page(mm->pgdir, to + off);
    }
}

/* Move [addr, addr + old_size) of region r to a new region of new_size
 * bytes at dst (free, reserved for by the caller), pages included; with
 * MREMAP_DONTUNMAP the old region stays, empty. */
static int move_mapping(struct mm *mm, const struct vm_area *r, uintptr_t addr,
                        uint32_t old_size, uint32_t new_size, uintptr_t dst,
                        uint32_t flags)
{
    struct vm_area moved = *r;
    moved.start = dst;
    moved.end = dst + new_size;
    if (moved.file)
        moved.pgoff = r->pgoff + (addr - r->start) / PAGE_SIZE;
    if (moved.file_end)
        moved.file_end = r->file_end - addr + dst;
    int err = prepare_tables(mm, dst, dst + old_size);
    if (!err)
        err = region_insert(&mm->regions, &moved);
    if (err < 0)
        return err;
    move_ptes(mm, addr, dst, old_size);
    if (old_size && !(flags & MREMAP_DONTUNMAP))
        region_remove(&mm->regions, addr, addr + old_size);   /* reserved: cannot fail */
    return 0;
}

/* Linux's mremap_to: MREMAP_FIXED (to exactly new_addr) or
 * MREMAP_DONTUNMAP (new_addr is a hint). */
static int remap_to(struct mm *mm, uintptr_t addr, uint32_t old_size, uint32_t new_size,
                    uint32_t flags, uintptr_t new_addr, uintptr_t *out)
{
    if ((new_addr & (PAGE_SIZE - 1)) || !user_range_fits(new_addr, new_size))
        return -EINVAL;
    if ((uint64_t)addr + old_size > new_addr && new_addr + new_size > addr)
        return -EINVAL;                /* old and new overlap */
    uint32_t move = old_size < new_size ? old_size : new_size;
    if (old_size > new_size && !user_range_fits(addr, old_size))
        return -EINVAL;                /* the tail to unmap runs past USER_END */
    int err = check_resize(region_find(&mm->regions, addr), addr, move, new_size);
    if (err < 0)
        return err;
    uintptr_t dst = new_addr;
    if (!(flags & MREMAP_FIXED) && !(dst = mm_get_unmapped_area(mm, new_addr, new_size)))
        return -ENOMEM;
    if (region_reserve(&mm->regions, 6) < 0)    /* two unmaps and the move */
        return -ENOMEM;
    if (flags & MREMAP_FIXED)
        mm_unmap(mm, new_addr, new_addr + new_size);
    if (old_size > new_size)
        mm_unmap(mm, addr + new_size, addr + old_size);
    err = move_mapping(mm, region_find(&mm->regions, addr), addr, move, new_size,
                       dst, flags);
    if (!err)
        *out = dst;
    return err;
}

int mm_remap(struct mm *mm, uintptr_t addr, uint32_t old_size, uint32_t new_size,
             uint32_t flags, uintptr_t new_addr, uintptr_t *out)
{
    const struct vm_area *r = region_find(&mm->regions, addr);
    if (!r)
        return -EFAULT;
    if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
        return remap_to(mm, addr, old_size, new_size, flags, new_addr, out);
    *out = addr;
    if (old_size >= new_size) {        /* shrinking: unmap the tail */
        if (old_size == new_size)
            return 0;
        if (!user_range_fits(addr, old_size))
            return -EINVAL;            /* the tail runs past USER_END (or wraps) */
        return mm_unmap(mm, addr + new_size, addr + old_size);
    }
    int err = check_resize(r, addr, old_size, new_size);
    if (err < 0)
        return err;
    if (old_size == r->end - addr && can_expand(mm, r, new_size - old_size))
        return expand_in_place(mm, r, new_size - old_size);
    if (!(flags & MREMAP_MAYMOVE))
        return -ENOMEM;
    uintptr_t dst = mm_get_unmapped_area(mm, 0, new_size);
    if (!dst || region_reserve(&mm->regions, 3) < 0)
        return -ENOMEM;
    err = move_mapping(mm, region_find(&mm->regions, addr), addr, old_size, new_size,
                       dst, flags);
    if (!err)
        *out = dst;
    return err;
}
