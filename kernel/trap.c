/*
 * kernel/trap.c - where every interrupt, exception and system call lands
 * after kernel/trapentry.asm has saved the registers.
 */
#include "kernel/trap.h"
#include "kernel/gdt.h"
#include "kernel/irq.h"
#include "kernel/console.h"
#include "kernel/fixup.h"
#include "kernel/panic.h"
#include "kernel/syscall.h"
#include "mm/mm.h"
#include "proc/cputime.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/signal.h"

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
    if (trapno == T_BAD_IRET)
        return "iret exception";
    return "unknown";
}

/* The signal a CPU exception in user mode sends (as Linux). */
static int exception_signal(uint32_t trapno)
{
    switch (trapno) {
    case T_DIVIDE: case T_X87: case T_SIMD: return SIGFPE;
    case T_DEBUG: case T_BREAKPOINT: return SIGTRAP;
    case T_INVALID_OP: case T_BAD_IRET: return SIGILL;
    case T_ALIGN: return SIGBUS;
    default: return SIGSEGV;
    }
}

/* The si_code of that signal (as Linux). */
static int exception_code(uint32_t trapno)
{
    switch (trapno) {
    case T_DIVIDE: return 1;        /* FPE_INTDIV */
    case T_INVALID_OP: return 2;    /* ILL_ILLOPN */
    case T_BAD_IRET: return 8;      /* ILL_BADSTK */
    default: return SI_KERNEL;
    }
}

/* A user program caused an exception: report it and signal it.  After a
 * failed iret (kernel/fixup.c) there is no faulting address: si_addr 0. */
static void user_exception(struct trapframe *tf)
{
    kprintf("traps: %s[%d] %s ip:%x sp:%x error:%x\n", current->name, current->pid,
            trap_name(tf->trapno), tf->eip, tf->esp, tf->err);
    uint32_t addr = tf->trapno == T_BAD_IRET ? 0 : tf->eip;
    signal_force(current, exception_signal(tf->trapno), exception_code(tf->trapno), addr);
}

void trap(struct trapframe *tf)
{
    if (trap_from_user(tf))
        cputime_kernel_entry();        /* user time ends here */
    if (tf->trapno == T_SYSCALL) {
        syscall_dispatch(tf);
    } else if (tf->trapno >= IRQ_BASE && tf->trapno < IRQ_BASE + 16) {
        irq_dispatch(tf->trapno - IRQ_BASE);
        /* A timer tick that interrupted a program ends its time slice. */
        if (tf->trapno == IRQ_BASE + IRQ_TIMER && current && trap_from_user(tf))
            yield();
    } else if (tf->trapno == T_PAGE_FAULT) {
        handle_page_fault(tf);
    } else if (trap_from_user(tf)) {
        user_exception(tf);
    } else if (!fixup_exception(tf)) {
        panic_trap(tf, "%s in kernel mode", trap_name(tf->trapno));
    }
    /* Back to user space: act on signals first (this may not return). */
    if (current && trap_from_user(tf)) {
        signal_deliver(tf);
        cputime_kernel_exit();         /* system time ends here */
    }
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
