/*
 * kernel/gdt.h - segments and the task-state segment.
 *
 * x86 protected mode still needs a Global Descriptor Table even though
 * paging does the real protection: every segment here spans all 4 GiB.
 * Pagoda uses Linux's i386 slot numbers so that programs see the same
 * selectors they would see on Linux (cs 0x73, ds 0x7b, TLS in 6-8).
 */
#ifndef KERNEL_GDT_H
#define KERNEL_GDT_H

#include <stdint.h>

#define GDT_ENTRIES       32
#define GDT_TLS_MIN       6      /* thread-local storage slots 6, 7, 8 */
#define GDT_TLS_COUNT     3
#define GDT_KERNEL_CODE   12
#define GDT_KERNEL_DATA   13
#define GDT_USER_CODE     14
#define GDT_USER_DATA     15
#define GDT_TSS           16
#define GDT_DOUBLE_FAULT  31     /* a second TSS: the #DF handler task */

#define RPL_USER          3
#define SEL(index, rpl)   ((uint16_t)((index) << 3 | (rpl)))
#define KERNEL_CS  SEL(GDT_KERNEL_CODE, 0)            /* 0x60 */
#define KERNEL_DS  SEL(GDT_KERNEL_DATA, 0)            /* 0x68 */
#define USER_CS    SEL(GDT_USER_CODE, RPL_USER)       /* 0x73 */
#define USER_DS    SEL(GDT_USER_DATA, RPL_USER)       /* 0x7b */
#define TSS_SEL    SEL(GDT_TSS, 0)                    /* 0x80 */
#define DF_TSS_SEL SEL(GDT_DOUBLE_FAULT, 0)           /* 0xf8 */

/* A segment descriptor exactly as the CPU reads it (SDM vol. 3, 3.4.5). */
struct seg_desc {
    uint16_t limit_low;
    uint16_t base_low;
    uint8_t  base_mid;
    uint8_t  access;      /* P, DPL, S, type */
    uint8_t  flags_limit; /* G, D/B, L, AVL, limit 19:16 */
    uint8_t  base_high;
} __attribute__((packed));

/* The 32-bit task-state segment (SDM vol. 3, 7.2.1). */
struct tss {
    uint32_t link;
    uint32_t esp0, ss0;          /* kernel stack used on entry from ring 3 */
    uint32_t esp1, ss1, esp2, ss2;
    uint32_t cr3, eip, eflags;
    uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs;
    uint32_t ldt;
    uint16_t trap, iomap_base;
} __attribute__((packed));

void gdt_init(void);
/* The kernel stack the CPU switches to when ring 3 is interrupted. */
void tss_set_kernel_stack(uint32_t esp0);
/* The page directory the double-fault task runs on. */
void tss_set_double_fault_cr3(uint32_t cr3);
/* Write one TLS slot (0..2) of the GDT; used on every context switch. */
void gdt_set_tls(int slot, struct seg_desc desc);

/* The state the CPU saved when it switched to the double-fault task. */
extern struct tss kernel_tss;

#endif
