/*
 * kernel/panic.c - the kernel's last words: what went wrong, the
 * registers, and the chain of calls that led here.
 */
#include "kernel/panic.h"
#include "kernel/console.h"
#include "kernel/ksyms.h"
#include "kernel/power.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "mm/layout.h"

#define BACKTRACE_MAX 24

static int panicking;

static void print_symbol(uint32_t addr)
{
    uint32_t off;
    const char *name = ksym_lookup(addr, &off);
    if (name)
        kprintf("%s+0x%x", name, off);
    else
        kprintf("?");
}

/* Follow saved frame pointers: with -fno-omit-frame-pointer every C
 * function starts with push %ebp; mov %esp,%ebp, so [ebp] is the caller's
 * ebp and [ebp+4] the return address.  boot/entry.asm sets ebp = 0 at
 * the bottom. */
void backtrace_from(uint32_t eip, uint32_t ebp)
{
    kprintf("backtrace:\n");
    kprintf("  #0  0x%08x ", eip);
    print_symbol(eip);
    kprintf("\n");
    for (int depth = 1; depth < BACKTRACE_MAX; depth++) {
        if (ebp < KERNEL_VMA || ebp >= KHEAP_END || (ebp & 3))
            break;              /* not a kernel stack address: stop */
        uint32_t *frame = (uint32_t *)ebp;
        uint32_t ret = frame[1];
        if (ret < KERNEL_VMA)
            break;
        kprintf("  #%-2d 0x%08x ", depth, ret);
        print_symbol(ret - 1);  /* the call instruction, not the next one */
        kprintf("\n");
        ebp = frame[0];
    }
}

static void print_control_registers(void)
{
    kprintf("  cr0 %08x  cr2 %08x  cr3 %08x  cr4 %08x\n",
            read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

static void print_trapframe(const struct trapframe *tf)
{
    kprintf("  trap %u (%s)  err %08x  eip %08x  cs %04x  eflags %08x\n",
            tf->trapno, trap_name(tf->trapno), tf->err, tf->eip, tf->cs, tf->eflags);
    kprintf("  eax %08x  ebx %08x  ecx %08x  edx %08x\n",
            tf->eax, tf->ebx, tf->ecx, tf->edx);
    kprintf("  esi %08x  edi %08x  ebp %08x  esp %08x\n",
            tf->esi, tf->edi, tf->ebp,
            trap_from_user(tf) ? tf->esp : (uint32_t)&tf->esp);
    kprintf("  ds %04x  es %04x  fs %04x  gs %04x\n", tf->ds, tf->es, tf->fs, tf->gs);
}

/* Guard against panicking inside panic (e.g. a fault while printing). */
static void enter_panic(void)
{
    cli();
    if (panicking++) {
        kprintf("PANIC while panicking\n");
        power_off(POWER_PANIC);
    }
}

void panic(const char *fmt, ...)
{
    enter_panic();
    uint32_t ebp = read_ebp();
    va_list ap;
    va_start(ap, fmt);
    kprintf("\nPANIC: ");
    vkprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
    kprintf("  esp %08x  ebp %08x  eflags %08x\n",
            (uint32_t)__builtin_frame_address(0), ebp, read_eflags());
    print_control_registers();
    backtrace_from((uint32_t)__builtin_return_address(0), ((uint32_t *)ebp)[0]);
    power_off(POWER_PANIC);
}

void panic_trap(const struct trapframe *tf, const char *fmt, ...)
{
    enter_panic();
    va_list ap;
    va_start(ap, fmt);
    kprintf("\nPANIC: ");
    vkprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
    print_trapframe(tf);
    print_control_registers();
    backtrace_from(tf->eip, tf->ebp);
    power_off(POWER_PANIC);
}
