/*
 * kernel/trap.h - what the CPU and kernel/trapentry.asm leave on the
 * kernel stack when an interrupt, exception or system call arrives.
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <stdint.h>

/* CPU exception vectors (SDM vol. 3, table 6-1). */
#define T_DIVIDE      0
#define T_DEBUG       1
#define T_NMI         2
#define T_BREAKPOINT  3
#define T_OVERFLOW    4
#define T_BOUND       5
#define T_INVALID_OP  6
#define T_NO_DEVICE   7
#define T_DOUBLE      8
#define T_INVALID_TSS 10
#define T_NO_SEGMENT  11
#define T_STACK       12
#define T_GPF         13
#define T_PAGE_FAULT  14
#define T_X87         16
#define T_ALIGN       17
#define T_MACHINE     18
#define T_SIMD        19
#define T_EXCEPTIONS  32

#define IRQ_BASE      32   /* the PICs are remapped to vectors 32..47 */
#define IRQ_TIMER     0
#define IRQ_COM1      4
#define T_SYSCALL     0x80 /* int $0x80: Linux's system-call vector */
/* Not a CPU vector: the number kernel/trapentry.asm's trap_bad_iret puts
 * in a program's trap frame when the iret back to it faulted
 * (kernel/fixup.c).  Linux i386 calls it X86_TRAP_IRET. */
#define T_BAD_IRET    0x100

/* Lowest address first, i.e. the reverse of the order things were pushed. */
struct trapframe {
    /* pushed by trapentry.asm (segment pushes store 16 bits) */
    uint16_t gs, pad_gs;
    uint16_t fs, pad_fs;
    uint16_t es, pad_es;
    uint16_t ds, pad_ds;
    uint32_t edi, esi, ebp, kernel_esp;   /* pushad */
    uint32_t ebx, edx, ecx, eax;
    uint32_t trapno;
    uint32_t err;          /* CPU error code, or 0 */
    /* pushed by the CPU */
    uint32_t eip;
    uint16_t cs, pad_cs;
    uint32_t eflags;
    /* pushed by the CPU only when coming from ring 3 */
    uint32_t esp;
    uint16_t ss, pad_ss;
};

static inline int trap_from_user(const struct trapframe *tf)
{
    return (tf->cs & 3) == 3;
}

void idt_init(void);
/* Install a gate: dpl 3 lets user code reach it with `int`. */
void idt_set_gate(int vector, int dpl);
const char *trap_name(uint32_t trapno);
void trap(struct trapframe *tf);

#endif
