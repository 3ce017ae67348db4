/*
 * mm/stats.c - counting the pages of address spaces for /proc (see
 * mm/stats.h for the mapcount rule).  Nothing here changes a page table
 * or takes a fault: these are read-only walks.
 */
#include "mm/stats.h"
#include "mm/frame.h"
#include "mm/kheap.h"
#include "mm/layout.h"
#include "mm/mm.h"
#include "fs/vfs.h"
#include "kernel/errno.h"

/* A PTE that holds a frame: present, or kept while PROT_NONE. */
static int pte_holds_frame(pte_t pte)
{
    return (pte & PTE_P) || (pte & PTE_PROTNONE);
}

/* Is `frame` the page cache's frame for the page at `va` of region r?
 * Only a file-backed region can map one, at the index its pgoff says. */
static int is_cache_frame(const struct vm_area *r, uintptr_t va, uint32_t frame)
{
    if (!r || !r->file)
        return 0;
    uint32_t index = r->pgoff + (PAGE_ROUND_DOWN(va) - r->start) / PAGE_SIZE;
    return inode_cached_page(r->file, index) == frame;
}

/* Read the PTE of `va` and classify its frame. */
void mm_page_state(struct mm *mm, const struct vm_area *r, uintptr_t va,
                   struct page_state *ps)
{
    *ps = (struct page_state){ 0 };
    pte_t *pte = page_walk(mm->pgdir, va);
    if (!pte || !pte_holds_frame(*pte))
        return;
    ps->present = 1;
    ps->frame = PTE_ADDR(*pte);
    ps->accessed = (*pte & PTE_A) != 0;
    int cached = is_cache_frame(r, va, ps->frame);
    /* Dirty: written through this PTE, or a page of an in-memory file.
     * Such a page has no copy on a disk, so it is never clean; Linux
     * counts ramfs and tmpfs pages dirty the same way (the page's own
     * dirty flag), so a process that only reads a page another process
     * wrote sees it Shared_Dirty too. */
    ps->dirty = (*pte & PTE_D) != 0 || cached;
    ps->anonymous = !cached;
    uint32_t refs = frame_refcount(ps->frame);
    ps->mapcount = refs > (uint32_t)cached ? refs - cached : 1;
}

/* The first address at or after *va, below end, whose page table exists
 * (stretches of 4 MiB without one hold no pages): 1 if there is one. */
static int next_with_table(struct mm *mm, uintptr_t *va, uintptr_t end)
{
    while (*va < end) {
        if (page_walk(mm->pgdir, *va))
            return 1;
        uintptr_t next = (*va + PDE_SPAN) & ~(PDE_SPAN - 1);
        if (next <= *va)
            return 0;                        /* wrapped past 4 GiB */
        *va = next;
    }
    return 0;
}

/* Walk region r page by page and add each resident page to the totals
 * as smaps counts it. */
void mm_region_stats(struct mm *mm, const struct vm_area *r,
                     struct region_stats *st)
{
    for (uintptr_t va = r->start; next_with_table(mm, &va, r->end); va += PAGE_SIZE) {
        struct page_state ps;
        mm_page_state(mm, r, va, &ps);
        if (!ps.present)
            continue;
        uint64_t share = ((uint64_t)PAGE_SIZE << PSS_SHIFT) / ps.mapcount;
        st->resident++;
        st->pss += share;
        if (ps.dirty)
            st->pss_dirty += share;
        if (ps.anonymous) {
            st->anonymous++;
            st->pss_anon += share;
        }
        if (ps.accessed)
            st->referenced++;
        if (ps.mapcount >= 2)
            ps.dirty ? st->shared_dirty++ : st->shared_clean++;
        else
            ps.dirty ? st->private_dirty++ : st->private_clean++;
    }
}

/* Count the user half's page-directory entries that point to a table. */
uint32_t mm_page_tables(struct mm *mm)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < KERNEL_PDX; i++)
        if (mm->pgdir[i] & PTE_P)
            n++;
    return n;
}

/* Pages of the user half that have a frame mapped (the resident set
 * size, counted from the page tables): getrusage's ru_maxrss samples it. */
uint32_t mm_resident_pages(struct mm *mm)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < KERNEL_PDX; i++) {
        if (!(mm->pgdir[i] & PTE_P))
            continue;
        const pte_t *table = P2V(PTE_ADDR(mm->pgdir[i]));
        for (uint32_t k = 0; k < PT_ENTRIES; k++)
            n += (table[k] & PTE_P) != 0;
    }
    return n;
}

/* Mark each mapped frame in a bitmap the first time it is seen, so that
 * frames shared by several processes (text, COW pages) count once. */
int mm_mapped_totals(struct mm **mms, int n, struct mapped_totals *t)
{
    uint32_t nframes = frames_count();
    uint8_t *seen = kzalloc(nframes / 8 + 1);
    if (!seen)
        return -ENOMEM;
    *t = (struct mapped_totals){ 0 };
    for (int i = 0; i < n; i++) {
        struct mm *mm = mms[i];
        for (const struct vm_area *r = mm_first_region(mm); r;
             r = mm_next_region(mm, r)) {
            for (uintptr_t va = r->start; next_with_table(mm, &va, r->end);
                 va += PAGE_SIZE) {
                struct page_state ps;
                mm_page_state(mm, r, va, &ps);
                uint32_t pfn = ps.frame >> PAGE_SHIFT;
                if (!ps.present || pfn >= nframes || (seen[pfn / 8] & (1u << (pfn % 8))))
                    continue;
                seen[pfn / 8] |= (uint8_t)(1u << (pfn % 8));
                if (ps.anonymous)
                    t->anon++;
                else
                    t->file++;
            }
        }
    }
    kfree(seen);
    return 0;
}
