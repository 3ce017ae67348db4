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

/* Drop every page in [start, end). */
static void unmap_pages(struct mm *mm, uintptr_t start, uintptr_t end)
{
    for (uintptr_t va = start, stop; va < end; va = stop) {
        pte_t *pte = pte_run(mm->pgdir, va, end, &stop);
        for (; pte && va < stop; va += PAGE_SIZE, pte++) {
            if (pte_has_frame(*pte)) {
                frame_put(PTE_ADDR(*pte));
                *pte = 0;
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
        for (; va < stop; va += PAGE_SIZE, pte++, cpte++)
            if (pte_has_frame(*pte) && fork_page(r, pte, cpte, eager) < 0)
                return -ENOMEM;
    }
    return 0;
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
    int err = region_list_copy(&child->regions, &parent->regions);
    int eager = eager_fork();
    for (struct vm_area *r = mm_first_region(parent); r && !err;
         r = mm_next_region(parent, r))
        err = fork_region(child, parent, r, eager);
    if (parent->pgdir == current_pgdir)
        pgdir_switch(parent->pgdir);   /* drop the parent's stale writable TLB entries */
    if (err) {
        mm_destroy(child);
        return NULL;
    }
    return child;
}

int mm_add_region(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t flags,
                  struct inode *file, uint32_t offset, uint32_t file_end,
                  const char *name)
{
    if ((flags & VM_WRITE) && !(flags & VM_SHARED))
        flags |= VM_ACCOUNT;
    struct vm_area a = {
        .start = start, .end = end, .flags = flags, .file = file,
        .offset = offset, .file_end = file ? file_end : 0,
    };
    strlcpy(a.name, name ? name : "", sizeof(a.name));
    return region_insert(&mm->regions, &a);
}

int mm_unmap(struct mm *mm, uintptr_t start, uintptr_t end)
{
    unmap_pages(mm, start, end);
    return region_remove(&mm->regions, start, end);
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

int mm_protect(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t prot)
{
    /* The regions first; then every page with a frame in the range takes
     * its region's (possibly new) protection. */
    int err = region_protect(&mm->regions, start, end, prot);
    for (uintptr_t va = start, stop; va < end; va = stop) {
        pte_t *pte = pte_run(mm->pgdir, va, end, &stop);
        for (; pte && va < stop; va += PAGE_SIZE, pte++) {
            struct vm_area *r = region_find(&mm->regions, va);
            if (!r || !pte_has_frame(*pte))
                continue;
            *pte = pte_for_prot(*pte, r->flags);
            tlb_flush_page(mm->pgdir, va);
        }
    }
    return err;
}

uint32_t mm_brk(struct mm *mm, uint32_t new_brk)
{
    if (new_brk < mm->start_brk)
        return mm->brk;
    uintptr_t old_end = PAGE_ROUND_UP(mm->brk), new_end = PAGE_ROUND_UP(new_brk);
    if (new_end > old_end) {
        /* Room up to the next region, which must stay clear of us. */
        struct vm_area *next = region_next(&mm->regions, old_end);
        uintptr_t limit = next ? next->start : USER_END;
        if (next && (next->flags & VM_GROWSDOWN))
            limit = next->start > STACK_GUARD_GAP ? next->start - STACK_GUARD_GAP : 0;
        if (new_end > limit || new_end < old_end)
            return mm->brk;
        if (mm_add_region(mm, old_end, new_end, VM_READ | VM_WRITE, NULL, 0, 0,
                          "[heap]") < 0)
            return mm->brk;
    } else if (new_end < old_end) {
        mm_unmap(mm, new_end, old_end);
    }
    mm->brk = new_brk;
    return new_brk;
}

uintptr_t mm_find_free(struct mm *mm, uint32_t len)
{
    /* The highest gap below mm->mmap_base (set by exec: proc/aslr.c) that
     * holds len bytes: the tree's top-down gap search (mm/region.c),
     * O(log n). */
    return region_find_gap(&mm->regions, len, MMAP_MIN_ADDR, mm->mmap_base);
}
