/*
 * mm/layout.h - the map of Pagoda's 4 GiB virtual address space.
 *
 *   0x00000000 +--------------------------+
 *              | user space (3 GiB)       |  one per process
 *   0xC0000000 +--------------------------+  KERNEL_VMA = USER_END
 *              | all RAM, up to 896 MiB   |  virtual = physical + KERNEL_VMA
 *   0xF8000000 +--------------------------+  KHEAP_START
 *              | kernel heap (64 MiB)     |  pages mapped as kmalloc grows
 *   0xFC000000 +--------------------------+  KHEAP_END = KSTACK_AREA
 *              | kernel stacks, each with |  one slot per process
 *              | an unmapped guard page   |
 *   0xFC400000 +--------------------------+
 *              | unused                   |
 *   0xFFFFFFFF +--------------------------+
 *
 * The top gigabyte is the same in every address space and is supervisor
 * only: a user program touching it takes a page fault.
 */
#ifndef MM_LAYOUT_H
#define MM_LAYOUT_H

#include <stdint.h>

#define PAGE_SIZE     4096u
#define PAGE_SHIFT    12
#define PAGE_MASK     (~(PAGE_SIZE - 1))
#define PAGE_ROUND_DOWN(a) ((uintptr_t)(a) & PAGE_MASK)
#define PAGE_ROUND_UP(a)   (((uintptr_t)(a) + PAGE_SIZE - 1) & PAGE_MASK)

#define KERNEL_VMA    0xC0000000u
#define USER_END      KERNEL_VMA          /* user addresses are below this */
#define LOWMEM_MAX    (896u << 20)        /* RAM we map directly (as Linux) */
#define KHEAP_START   0xF8000000u
#define KHEAP_END     0xFC000000u
#define KSTACK_AREA   0xFC000000u
#define KSTACK_AREA_END 0xFC400000u

/* Physical <-> kernel virtual, valid for RAM below LOWMEM_MAX. */
#define P2V(pa) ((void *)((uintptr_t)(pa) + KERNEL_VMA))
#define V2P(va) ((uintptr_t)(va) - KERNEL_VMA)

/* Symbols placed by linker.ld and boot/entry.asm. */
extern char kernel_start[], kernel_text_end[], kernel_end[];
extern char boot_stack_guard[], boot_stack_top[];

#endif
