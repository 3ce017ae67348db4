/*
 * kernel/trap.c - where every interrupt, exception and system call lands
 * after kernel/trapentry.asm has saved the registers.
 */
#include "kernel/trap.h"
#include "kernel/gdt.h"
#include "kernel/irq.h"
#include "kernel/panic.h"
#include "mm/fault.h"

static const char *const exception_names[T_EXCEPTIONS] = {
    "divide error", "debug", "non-maskable interrupt", "breakpoint",
    "overflow", "bound range exceeded", "invalid opcode", "device not available",
    "double fault", "coprocessor segment overrun", "invalid TSS",
    "segment not present", "stack-segment fault", "general protection fault",
    "page fault", "reserved (15)", "x87 floating-point error", "alignment check",
    "machine check", "SIMD floating-point exception", "virtualization exception",
    "control protection exception", "reserved (22)", "reserved (23)",
    "reserved (24)", "reserved (25)", "reserved (26)", "reserved (27)",
    "hypervisor injection", "VMM communication", "security exception",
    "reserved (31)",
};

const char *trap_name(uint32_t trapno)
{
    if (trapno < T_EXCEPTIONS)
        return exception_names[trapno];
    if (trapno >= IRQ_BASE && trapno < IRQ_BASE + 16)
        return "hardware interrupt";
    if (trapno == T_SYSCALL)
        return "system call";
    return "unknown";
}

void trap(struct trapframe *tf)
{
    if (tf->trapno >= IRQ_BASE && tf->trapno < IRQ_BASE + 16) {
        irq_dispatch(tf->trapno - IRQ_BASE);
        return;
    }
    if (tf->trapno == T_PAGE_FAULT) {
        handle_page_fault(tf);
        return;
    }
    panic_trap(tf, "%s in %s mode", trap_name(tf->trapno),
               trap_from_user(tf) ? "user" : "kernel");
}

/*
 * The double-fault handler runs as its own task (see gdt.c): a double
 * fault usually means the kernel stack overflowed, so the normal handler
 * could not even push its frame.  The CPU saved the faulting state in
 * kernel_tss when it switched tasks.
 */
void double_fault_task(void)
{
    struct trapframe tf = {
        .trapno = T_DOUBLE,
        .eip = kernel_tss.eip, .cs = (uint16_t)kernel_tss.cs,
        .eflags = kernel_tss.eflags, .ebp = kernel_tss.ebp,
        .eax = kernel_tss.eax, .ebx = kernel_tss.ebx,
        .ecx = kernel_tss.ecx, .edx = kernel_tss.edx,
        .esi = kernel_tss.esi, .edi = kernel_tss.edi,
        .esp = kernel_tss.esp,
        .ds = (uint16_t)kernel_tss.ds, .es = (uint16_t)kernel_tss.es,
        .fs = (uint16_t)kernel_tss.fs, .gs = (uint16_t)kernel_tss.gs,
    };
    panic_trap(&tf, "double fault (kernel stack overflow? esp was %08x)",
               kernel_tss.esp);
}
