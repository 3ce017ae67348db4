/*
 * kernel/idt.c - the Interrupt Descriptor Table: for each vector, the
 * code to run and who may invoke it with `int`.
 */
#include "kernel/trap.h"
#include "kernel/gdt.h"

/* An IDT gate descriptor (SDM vol. 3, figure 6-2). */
struct gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t  zero;
    uint8_t  type_attr;   /* P, DPL, type */
    uint16_t offset_high;
} __attribute__((packed));

#define GATE_PRESENT   0x80
#define GATE_DPL(n)    ((n) << 5)
#define GATE_INT32     0x0E   /* interrupt gate: clears IF on entry */
#define GATE_TASK      0x05   /* task gate: switch to a TSS */

#define IDT_ENTRIES 256

static struct gate idt[IDT_ENTRIES];
extern uint32_t trap_vectors[];        /* kernel/trapentry.asm */
extern uint32_t trap_vector_syscall[];

static uint32_t stub_for(int vector)
{
    return vector == T_SYSCALL ? trap_vector_syscall[0] : trap_vectors[vector];
}

void idt_set_gate(int vector, int dpl)
{
    uint32_t off = stub_for(vector);
    idt[vector] = (struct gate){
        .offset_low = off & 0xFFFF,
        .selector = KERNEL_CS,
        .type_attr = GATE_PRESENT | GATE_DPL(dpl) | GATE_INT32,
        .offset_high = off >> 16,
    };
}

void idt_init(void)
{
    for (int v = 0; v < IRQ_BASE + 16; v++)
        idt_set_gate(v, 0);
    /* int3 and into may be used by user programs. */
    idt_set_gate(T_BREAKPOINT, 3);
    idt_set_gate(T_OVERFLOW, 3);
    /* A double fault switches to its own task and stack (kernel/gdt.c). */
    idt[T_DOUBLE] = (struct gate){
        .selector = DF_TSS_SEL,
        .type_attr = GATE_PRESENT | GATE_TASK,
    };

    struct { uint16_t limit; uint32_t base; } __attribute__((packed))
        idtr = { sizeof(idt) - 1, (uint32_t)idt };
    __asm__ volatile("lidt %0" : : "m"(idtr));
}
