/*
 * mm/kstack.c - kernel stacks with guard pages.
 *
 *   slot 0: [guard][stack ... ]   slot 1: [guard][stack ... ]   ...
 */
#include "mm/kstack.h"
#include "mm/frame.h"
#include "mm/layout.h"
#include "mm/paging.h"
#include "kernel/panic.h"
#include <stddef.h>

#define KSTACK_SLOT_SIZE (4 * PAGE_SIZE)    /* guard + up to 3 stack pages */

void *kstack_alloc(int slot, uint32_t size)
{
    uintptr_t base = KSTACK_AREA + (uintptr_t)slot * KSTACK_SLOT_SIZE + PAGE_SIZE;
    if (size > KSTACK_SLOT_SIZE - PAGE_SIZE || base + size > KSTACK_AREA_END)
        panic("kstack_alloc: slot %d of %u bytes does not fit", slot, size);
    for (uintptr_t va = base; va < base + size; va += PAGE_SIZE) {
        uint32_t pa = frame_alloc();
        if (!pa) {
            kstack_free((void *)base, va - base);
            return NULL;
        }
        page_map(kernel_pgdir, va, pa, PTE_W | PTE_G);
    }
    return (void *)base;
}

void kstack_free(void *stack, uint32_t size)
{
    for (uintptr_t va = (uintptr_t)stack; va < (uintptr_t)stack + size; va += PAGE_SIZE)
        frame_put(PTE_ADDR(page_unmap(kernel_pgdir, va)));
}
