/*
 * mm/paging.h - two-level x86 page tables (SDM vol. 3, section 4.3).
 *
 * A virtual address splits into three parts:
 *     31          22 21          12 11            0
 *    | PDX: index   | PTX: index   | offset in page |
 *    | in pgdir     | in page table|                |
 * CR3 holds the physical address of the page directory (pgdir); each of
 * its 1024 entries (PDEs) points to a page table of 1024 PTEs, each of
 * which maps one 4 KiB page.  A PDE with PS set maps 4 MiB directly.
 */
#ifndef MM_PAGING_H
#define MM_PAGING_H

#include <stdint.h>

typedef uint32_t pde_t;
typedef uint32_t pte_t;

#define PTE_P    0x001   /* present */
#define PTE_W    0x002   /* writable */
#define PTE_U    0x004   /* user may access */
#define PTE_PWT  0x008   /* write-through */
#define PTE_PCD  0x010   /* cache disable */
#define PTE_A    0x020   /* accessed (set by the CPU) */
#define PTE_D    0x040   /* dirty (set by the CPU on a write) */
#define PTE_PS   0x080   /* in a PDE: 4 MiB page */
#define PTE_G    0x100   /* global: kept in the TLB across CR3 loads */
#define PTE_FLAGS_MASK 0xFFF
#define PTE_ADDR(e) ((e) & ~0xFFFu)

#define PDX(va)  (((uintptr_t)(va) >> 22) & 0x3FF)
#define PTX(va)  (((uintptr_t)(va) >> 12) & 0x3FF)
#define PGDIR_ENTRIES 1024
#define PT_ENTRIES    1024
#define KERNEL_PDX    PDX(0xC0000000u)   /* first kernel pgdir slot (768) */
#define PDE_SPAN      (4u << 20)         /* bytes mapped by one PDE */

extern pde_t *kernel_pgdir;    /* the kernel-only address space */
extern pde_t *current_pgdir;   /* the one in CR3 now (virtual address) */

/* Build the kernel page directory, switch to it and drop the boot map. */
void paging_init(void);

/* Map one page `va` -> `pa` with `flags` (PTE_W, PTE_U, ...) in `pgdir`,
 * making a page table if needed.  Returns 0, or -1 if no frame was free
 * for the page table.  Replaces any previous mapping without touching
 * its frame. */
int page_map(pde_t *pgdir, uintptr_t va, uint32_t pa, uint32_t flags);
/* Remove the mapping of `va` and return the old PTE (0 if none); the
 * frame is the caller's business. */
pte_t page_unmap(pde_t *pgdir, uintptr_t va);
/* The PTE mapping `va`, or NULL when its page table does not exist.  For
 * a 4 MiB kernel page, NULL too: use page_lookup. */
pte_t *page_walk(pde_t *pgdir, uintptr_t va);
/* Like page_walk, but make the page table if it is missing; NULL only
 * when no frame is free for it. */
pte_t *page_walk_alloc(pde_t *pgdir, uintptr_t va);
/* The physical address `va` maps to, or 0 if unmapped; `*flags` (if not
 * NULL) gets the entry's flag bits. */
uint32_t page_lookup(pde_t *pgdir, uintptr_t va, uint32_t *flags);
/* Forget a stale translation if `pgdir` is the live one. */
void tlb_flush_page(pde_t *pgdir, uintptr_t va);

/* A new page directory: empty user half, shared kernel half. */
pde_t *pgdir_create(void);
/* Free a page directory and its user page tables (not the pages). */
void pgdir_destroy(pde_t *pgdir);
/* Load `pgdir` into CR3. */
void pgdir_switch(pde_t *pgdir);

#endif
