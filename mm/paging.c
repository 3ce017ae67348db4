/*
 * mm/paging.c - the kernel's page directory and the page-table API.
 *
 * The kernel half (PDEs 768-1023) is filled in once, here, and copied
 * into every process's page directory; since it never changes afterwards,
 * all address spaces share the kernel mappings for free:
 *   - RAM [0, 4 MiB): 4 KiB pages, so that kernel text and rodata can be
 *     read-only and the page below the boot stack can be left unmapped;
 *   - RAM [4 MiB, end of lowmem): 4 MiB pages;
 *   - the kernel heap and the kernel stacks: page tables allocated here,
 *     pages mapped later by mm/kmalloc.c and mm/kstack.c.
 * Every kernel mapping is supervisor-only and global.
 */
#include "mm/paging.h"
#include "mm/frame.h"
#include "mm/layout.h"
#include "kernel/gdt.h"
#include "kernel/panic.h"
#include "kernel/x86.h"
#include "lib/string.h"

#define KHEAP_TABLES ((KHEAP_END - KHEAP_START) / PDE_SPAN)

static pde_t kpgdir[PGDIR_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static pte_t low_table[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static pte_t kheap_tables[KHEAP_TABLES][PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static pte_t kstack_table[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));

pde_t *kernel_pgdir = kpgdir;
pde_t *current_pgdir;

extern char kernel_rodata_end[];          /* linker.ld */

/* The first 4 MiB, page by page. */
static void map_low_4m(void)
{
    uint32_t ro_start = V2P(kernel_start), ro_end = V2P(kernel_rodata_end);
    uint32_t guard = V2P(boot_stack_guard);
    for (uint32_t i = 0; i < PT_ENTRIES; i++) {
        uint32_t pa = i * PAGE_SIZE;
        uint32_t flags = PTE_P | PTE_G;
        if (pa < ro_start || pa >= ro_end)
            flags |= PTE_W;                 /* text and rodata stay read-only */
        low_table[i] = (pa == guard) ? 0 : (pa | flags);
    }
    kpgdir[KERNEL_PDX] = V2P(low_table) | PTE_P | PTE_W;
}

void paging_init(void)
{
    map_low_4m();
    uint32_t lowmem_end = frames_count() * PAGE_SIZE;
    for (uint32_t pa = PDE_SPAN; pa < lowmem_end; pa += PDE_SPAN)
        kpgdir[PDX(P2V(pa))] = pa | PTE_P | PTE_W | PTE_PS | PTE_G;
    for (uint32_t i = 0; i < KHEAP_TABLES; i++)
        kpgdir[PDX(KHEAP_START) + i] = V2P(kheap_tables[i]) | PTE_P | PTE_W;
    kpgdir[PDX(KSTACK_AREA)] = V2P(kstack_table) | PTE_P | PTE_W;

    write_cr4(read_cr4() | CR4_PSE | CR4_PGE);
    pgdir_switch(kernel_pgdir);             /* the identity map is gone */
    tss_set_double_fault_cr3(V2P(kernel_pgdir));
}

pte_t *page_walk(pde_t *pgdir, uintptr_t va)
{
    pde_t pde = pgdir[PDX(va)];
    if (!(pde & PTE_P) || (pde & PTE_PS))
        return NULL;
    pte_t *table = P2V(PTE_ADDR(pde));
    return &table[PTX(va)];
}

pte_t *page_walk_alloc(pde_t *pgdir, uintptr_t va)
{
    pde_t *pde = &pgdir[PDX(va)];
    if (!(*pde & PTE_P)) {
        uint32_t pa = frame_alloc();
        if (!pa)
            return NULL;
        memset(P2V(pa), 0, PAGE_SIZE);
        /* The PDE allows everything; each PTE decides what is allowed. */
        *pde = pa | PTE_P | PTE_W | PTE_U;
    }
    if (*pde & PTE_PS)
        panic("page_walk_alloc: %08x lies in a 4 MiB page", (uint32_t)va);
    return page_walk(pgdir, va);
}

int page_map(pde_t *pgdir, uintptr_t va, uint32_t pa, uint32_t flags)
{
    pte_t *pte = page_walk_alloc(pgdir, va);
    if (!pte)
        return -1;
    *pte = PTE_ADDR(pa) | (flags & PTE_FLAGS_MASK) | PTE_P;
    tlb_flush_page(pgdir, va);
    return 0;
}

pte_t page_unmap(pde_t *pgdir, uintptr_t va)
{
    pte_t *pte = page_walk(pgdir, va);
    if (!pte || !(*pte & PTE_P))
        return 0;
    pte_t old = *pte;
    *pte = 0;
    tlb_flush_page(pgdir, va);
    return old;
}

uint32_t page_lookup(pde_t *pgdir, uintptr_t va, uint32_t *flags)
{
    pde_t pde = pgdir[PDX(va)];
    if ((pde & PTE_P) && (pde & PTE_PS)) {
        if (flags)
            *flags = pde & PTE_FLAGS_MASK;
        return (pde & ~(PDE_SPAN - 1)) | (va & (PDE_SPAN - 1));
    }
    pte_t *pte = page_walk(pgdir, va);
    if (!pte || !(*pte & PTE_P))
        return 0;
    if (flags)
        *flags = *pte & PTE_FLAGS_MASK;
    return PTE_ADDR(*pte) | (va & (PAGE_SIZE - 1));
}

void tlb_flush_page(pde_t *pgdir, uintptr_t va)
{
    if (pgdir == current_pgdir || va >= KERNEL_VMA)
        invlpg(va);
}

pde_t *pgdir_create(void)
{
    uint32_t pa = frame_alloc();
    if (!pa)
        return NULL;
    pde_t *pgdir = P2V(pa);
    memset(pgdir, 0, KERNEL_PDX * sizeof(pde_t));
    memcpy(pgdir + KERNEL_PDX, kernel_pgdir + KERNEL_PDX,
           (PGDIR_ENTRIES - KERNEL_PDX) * sizeof(pde_t));
    return pgdir;
}

void pgdir_destroy(pde_t *pgdir)
{
    for (uint32_t i = 0; i < KERNEL_PDX; i++)
        if (pgdir[i] & PTE_P)
            frame_put(PTE_ADDR(pgdir[i]));
    frame_put(V2P(pgdir));
}

void pgdir_switch(pde_t *pgdir)
{
    current_pgdir = pgdir;
    write_cr3(V2P(pgdir));
}
