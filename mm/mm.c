/*
 * mm/mm.c - address spaces: creating, forking (copy-on-write), changing
 * and destroying them.
 *
 * Ownership rule: every present user PTE holds one reference on its
 * frame (mm/frame.h).  A frame shared by a parent and child after fork
 * has count 2; a page of a file's page cache has one more, held by the
 * file.  Dropping a mapping always means frame_put.
 */
#include "mm/mm.h"
#include "mm/frame.h"
#include "mm/kheap.h"
#include "mm/layout.h"
#include "mm/range.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "fs/vfs.h"
#include "lib/string.h"

struct vm_counters vm_global_counters;

/* The region set keeps files alive through the VFS's reference counts. */
void region_file_get(struct inode *file) { inode_get(file); }
void region_file_put(struct inode *file) { inode_put(file); }

static int pte_has_frame(pte_t pte)
{
    return (pte & PTE_P) || (pte & PTE_PROTNONE);
}

/* The PTEs of [va, end) that lie in one page table: returns the first
 * (NULL when that page table does not exist) and sets *stop to where the
 * table's 4 MiB (or the range) ends.  Loops walk a range table by table:
 *     for (va = start; va < end; va = stop)
 *         for (pte = pte_run(pgdir, va, end, &stop); pte && va < stop; ...)
 */
static pte_t *pte_run(pde_t *pgdir, uintptr_t va, uintptr_t end, uintptr_t *stop)
{
    uintptr_t table_end = (va & ~(PDE_SPAN - 1)) + PDE_SPAN;
    *stop = (table_end != 0 && table_end < end) ? table_end : end;
    return page_walk(pgdir, va);
}

struct mm *mm_create(void)
{
    struct mm *mm = kzalloc(sizeof(*mm));
    if (!mm)
        return NULL;
    mm->pgdir = pgdir_create();
    if (!mm->pgdir) {
        kfree(mm);
        return NULL;
    }
    region_list_init(&mm->regions);
    mm->pftrace = cmdline_get_int("pftrace", 0);
    return mm;
}

/* Drop every page in [start, end): the regions stay, so the next touch
 * faults the page in afresh (munmap after its regions are gone; madvise
 * MADV_DONTNEED; truncate). */
void mm_zap_pages(struct mm *mm, uintptr_t start, uintptr_t end)
{
    for (uintptr_t va = start, stop; va < end; va = stop) {
        pte_t *pte = pte_run(mm->pgdir, va, end, &stop);
        for (; pte && va < stop; va += PAGE_SIZE, pte++) {
            if (pte_has_frame(*pte)) {
                frame_put(PTE_ADDR(*pte));
                *pte = 0;
                mm->rss--;
                tlb_flush_page(mm->pgdir, va);
            }
        }
    }
}

/* Free the whole address space.  Every user PTE holding a frame holds a
 * reference to it, so a walk over the user page tables finds them all. */
void mm_destroy(struct mm *mm)
{
    for (uint32_t i = 0; i < KERNEL_PDX; i++) {
        if (!(mm->pgdir[i] & PTE_P))
            continue;
        pte_t *table = P2V(PTE_ADDR(mm->pgdir[i]));
        for (int j = 0; j < PT_ENTRIES; j++)
            if (pte_has_frame(table[j]))
                frame_put(PTE_ADDR(table[j]));
    }
    pgdir_destroy(mm->pgdir);
    region_list_free(&mm->regions);
    kfree(mm);
}

/* fork with cow=0 on the command line copies every private writable
 * page at once, as xv6 does: the benchmark shows what COW saves. */
static int eager_fork(void)
{
    return cmdline_get_int("cow", 1) == 0;
}

/* Share (or copy) the page behind parent_pte into the child's PTE. */
static int fork_page(const struct vm_area *r, pte_t *parent_pte, pte_t *child_pte,
                     int eager)
{
    uint32_t pa = PTE_ADDR(*parent_pte);
    int private_writable = !(r->flags & VM_SHARED) && (r->flags & VM_WRITE);
    if (private_writable && eager && (*parent_pte & PTE_P)) {
        uint32_t copy = frame_alloc();
        if (!copy)
            return -ENOMEM;
        memcpy(P2V(copy), P2V(pa), PAGE_SIZE);
        *child_pte = copy | (*parent_pte & PTE_FLAGS_MASK);
        return 0;
    }
    if (!(r->flags & VM_SHARED))
        *parent_pte &= ~PTE_W;        /* both sides read-only: copy on write */
    frame_get(pa);
    *child_pte = *parent_pte;
    return 0;
}

/* Copy region r's page table entries into the child, table by table. */
static int fork_region(struct mm *child, struct mm *parent, const struct vm_area *r,
                       int eager)
{
    for (uintptr_t va = r->start, stop; va < r->end; va = stop) {
        pte_t *pte = pte_run(parent->pgdir, va, r->end, &stop);
        if (!pte)
            continue;
        pte_t *cpte = page_walk_alloc(child->pgdir, va);
        if (!cpte)
            return -ENOMEM;
        for (; va < stop; va += PAGE_SIZE, pte++, cpte++) {
            if (!pte_has_frame(*pte))
                continue;
            if (fork_page(r, pte, cpte, eager) < 0)
                return -ENOMEM;
            child->rss++;
        }
    }
    return 0;
}

/* fork: the child's regions are not locked (region flags are the
 * region set's to change; clearing a bit of every region changes no
 * region's extent, and region_set_flags then merges what now fits). */
static void unlock_all(struct mm *child)
{
    struct vm_area *first = mm_first_region(child), *last = child->regions.last;
    if (first)
        region_set_flags(&child->regions, first->start, last->end, VM_LOCKED_MASK, 0);
}

/* MADV_DONTFORK: the child has no such regions.  (Removing whole
 * regions needs no memory.) */
static void drop_dontcopy(struct mm *child)
{
    uintptr_t at = 0;
    for (struct vm_area *r; (r = region_next(&child->regions, at)) != NULL; ) {
        at = r->end;
        if (r->flags & VM_DONTCOPY)
            region_remove(&child->regions, r->start, r->end);
    }
}

struct mm *mm_fork(struct mm *parent)
{
    struct mm *child = mm_create();
    if (!child)
        return NULL;
    pde_t *pgdir = child->pgdir;
    *child = *parent;                  /* boundaries, pftrace */
    child->pgdir = pgdir;
    memset(&child->counters, 0, sizeof(child->counters));
    child->rss = 0;                    /* counted as fork_region copies PTEs */
    child->def_flags = 0;              /* mlockall(MCL_FUTURE) is not inherited */
    int err = region_list_copy(&child->regions, &parent->regions);
    int eager = eager_fork();
    for (struct vm_area *r = mm_first_region(parent); r && !err;
         r = mm_next_region(parent, r))
        if (!(r->flags & (VM_DONTCOPY | VM_WIPEONFORK)))
            err = fork_region(child, parent, r, eager);
    if (!err)
        drop_dontcopy(child);
    unlock_all(child);                 /* the child holds no locks (Linux: dup_mmap) */
    child->hiwater_rss = child->rss;   /* the child's peaks start here (dup_mm) */
    child->regions.peak_pages = child->regions.pages;
    if (parent->pgdir == current_pgdir)
        pgdir_switch(parent->pgdir);   /* drop the parent's stale writable TLB entries */
    if (err) {
        mm_destroy(child);
        return NULL;
    }
    return child;
}

int mm_add_region(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t flags,
                  struct inode *file, uint32_t pgoff, uint32_t file_end,
                  const char *name)
{
    flags |= mm->def_flags;           /* mlockall(MCL_FUTURE): locked from birth */
    if ((flags & VM_WRITE) && !(flags & (VM_SHARED | VM_NORESERVE)))
        flags |= VM_ACCOUNT;
    if (!(flags & (VM_MAY_RWX | VM_MAYSHARE)))
        flags |= VM_MAY_RWX;          /* the kernel's own regions may become anything */
    struct vm_area a = {
        .start = start, .end = end, .flags = flags, .file = file,
        .pgoff = file ? pgoff : 0, .file_end = file ? file_end : 0,
    };
    strlcpy(a.name, name ? name : "", sizeof(a.name));
    return region_insert(&mm->regions, &a);
}

/* Split first, then unmap: region_remove either fails having changed
 * nothing (-ENOMEM) or succeeds, and only then are the pages dropped, so
 * a failed munmap loses no data. */
int mm_unmap(struct mm *mm, uintptr_t start, uintptr_t end)
{
    int err = region_remove(&mm->regions, start, end);
    if (err < 0)
        return err;
    mm_zap_pages(mm, start, end);
    return 0;
}

/* The PTE a page with a frame gets under protection `flags`.  Private
 * pages never become writable here: the first write takes the
 * copy-on-write path in mm/fault.c, which knows whether to copy. */
static pte_t pte_for_prot(pte_t old, uint32_t flags)
{
    uint32_t pa = PTE_ADDR(old);
    if (!(flags & (VM_READ | VM_WRITE | VM_EXEC)))
        return pa | PTE_PROTNONE;
    pte_t pte = pa | PTE_P | PTE_U | (old & (PTE_A | PTE_D));
    if ((flags & VM_WRITE) && (flags & VM_SHARED))
        pte |= PTE_W;
    if ((flags & VM_WRITE) && (old & PTE_W))
        pte |= PTE_W;                  /* already private to us */
    return pte;
}

/* How far from `start` (up to `end`) mprotect may go, as Linux walks it:
 * region by region, stopping at the first hole (*why = -ENOMEM) or at
 * the first region whose VM_MAY* bits forbid prot (*why = -EACCES). */
static uintptr_t protect_prefix(struct mm *mm, uintptr_t start, uintptr_t end,
                                uint32_t prot, int *why)
{
    uintptr_t upto = start;
    *why = 0;
    while (upto < end) {
        struct vm_area *r = region_find(&mm->regions, upto);
        if (!r) {
            *why = -ENOMEM;
            break;
        }
        if (prot & VM_PROT_MASK & ~(r->flags >> VM_MAY_SHIFT)) {
            *why = -EACCES;
            break;
        }
        upto = r->end < end ? r->end : end;
    }
    return upto;
}

int mm_protect(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t prot)
{
    /* The regions first (all the splits or none); then every page with
     * a frame in the range takes its region's new protection. */
    int why;
    uintptr_t upto = protect_prefix(mm, start, end, prot, &why);
    if (upto == start)
        return why;
    int err = region_protect(&mm->regions, start, upto, prot);
    if (err < 0)
        return err;
    for (uintptr_t va = start, stop; va < upto; va = stop) {
        pte_t *pte = pte_run(mm->pgdir, va, upto, &stop);
        for (; pte && va < stop; va += PAGE_SIZE, pte++) {
            struct vm_area *r = region_find(&mm->regions, va);
            if (!r || !pte_has_frame(*pte))
                continue;
            *pte = pte_for_prot(*pte, r->flags);
            tlb_flush_page(mm->pgdir, va);
        }
    }
    return why;
}

/* Where a region that starts at r->start may reach up to: Linux's
 * vm_start_gap, which keeps STACK_GUARD_GAP clear below a stack. */
static uintptr_t start_gap(const struct vm_area *r)
{
    if (!(r->flags & VM_GROWSDOWN))
        return r->start;
    return r->start > STACK_GUARD_GAP ? r->start - STACK_GUARD_GAP : 0;
}

/* Shrink the heap to new_end: Linux refuses when nothing is mapped
 * there any more (the program unmapped it). */
static int brk_shrink(struct mm *mm, uintptr_t new_end, uintptr_t old_end)
{
    struct vm_area *r = region_next(&mm->regions, new_end);
    if (!r || r->start >= old_end)
        return -ENOMEM;
    return mm_unmap(mm, new_end, old_end);
}

/* Grow the heap to new_end: it must fit below USER_END and keep one free
 * page (and a stack's guard gap) before the next region. */
static int brk_grow(struct mm *mm, uintptr_t old_end, uintptr_t new_end)
{
    if (new_end < old_end || !user_range_fits(old_end, new_end - old_end))
        return -ENOMEM;               /* brk(0xFFFFF001): new_end wrapped to 0 */
    struct vm_area *next = region_next(&mm->regions, old_end);
    if (next && new_end + PAGE_SIZE > start_gap(next))
        return -ENOMEM;
    return mm_add_region(mm, old_end, new_end, VM_READ | VM_WRITE, NULL, 0, 0,
                         "[heap]");
}

/* Linux's brk: below start_brk, wrapping, into the next region or the
 * stack's gap, it fails and returns the old break, changing nothing. */
uint32_t mm_brk(struct mm *mm, uint32_t new_brk)
{
    if (new_brk < mm->start_brk)
        return mm->brk;
    uintptr_t old_end = PAGE_ROUND_UP(mm->brk), new_end = PAGE_ROUND_UP(new_brk);
    int err = 0;
    if (new_end != old_end)
        err = new_brk <= mm->brk ? brk_shrink(mm, new_end, old_end)
                                 : brk_grow(mm, old_end, new_end);
    if (err < 0)
        return mm->brk;
    mm->brk = new_brk;
    return new_brk;
}

uintptr_t mm_find_free(struct mm *mm, uint32_t len)
{
    /* The highest gap below mm->mmap_base (set by exec: proc/aslr.c) that
     * holds len bytes: the tree's top-down gap search (mm/region.c),
     * O(log n).  In the legacy layout, the lowest gap above it, and
     * below the stack's guard gap (the stack is the highest region). */
    if (!mm->mmap_legacy)
        return region_find_gap(&mm->regions, len, MMAP_MIN_ADDR, mm->mmap_base);
    uintptr_t ceiling = USER_END;
    const struct vm_area *top = mm->regions.last;
    if (top && (top->flags & VM_GROWSDOWN))
        ceiling = top->start > STACK_GUARD_GAP ? top->start - STACK_GUARD_GAP : 0;
    return region_find_gap_up(&mm->regions, len, mm->mmap_base, ceiling);
}
