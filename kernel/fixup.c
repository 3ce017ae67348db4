/*
 * kernel/fixup.c - the kernel's exception table: faults it expects.
 *
 * On the way back to user mode trap_return (kernel/trapentry.asm) loads
 * the program's segment selectors: `pop gs`, `pop fs`, `pop es`, `pop ds`,
 * then `iret` for cs and ss.  Those values come from the program: it may
 * have loaded any selector itself, passed any in a sigreturn frame, or
 * cleared the TLS descriptor a selector refers to.  The CPU checks a
 * selector when it is loaded (SDM vol. 3, 5.4 and the IRET page of vol. 2),
 * so a hostile one faults right there, with CPL 0 and the kernel's eip:
 * #GP for a bad index or type, #NP for a not-present segment, #SS for a
 * not-present stack segment.  Any other kernel fault would be a bug, but
 * these five instructions are expected to fault, and the fix is known:
 *
 *   pop gs/fs/es/ds  The selector on the stack is replaced by 0 and the pop
 *                    retried: a null selector always loads.  The program
 *                    resumes with that register null, as on Linux (its
 *                    entry_32.S marks these pops EX_TYPE_POP_ZERO); a
 *                    null %ds or %es faults at its next memory access.
 *   iret             The program cannot resume at all (its cs or ss is
 *                    unusable).  trap_bad_iret rebuilds its trap frame and
 *                    it gets SIGILL with si_code ILL_BADSTK, as from
 *                    Linux i386's iret_error.
 *
 * Such a table of "instruction that may fault -> where to go instead" is
 * what Linux calls the exception table (__ex_table); Pagoda needs only
 * these five entries, because user memory is reached through fault_in
 * (mm/uaccess.c) rather than through instructions that may fault.
 */
#include "kernel/fixup.h"

/* The labelled instructions of kernel/trapentry.asm. */
extern char trap_return_pop_gs[], trap_return_pop_fs[], trap_return_pop_es[];
extern char trap_return_pop_ds[], trap_return_iret[], trap_bad_iret[];

/* What the CPU left on the interrupted stack.  A trap from ring 0 pushes
 * no esp/ss, so the interrupted code's stack pointer is the address just
 * past eflags: where tf->esp would be. */
static uint32_t *interrupted_stack(struct trapframe *tf)
{
    return &tf->esp;
}

/* `pop sreg` faulted: the selector it was popping is the word on top of
 * the interrupted stack.  Make it null and let the pop run again. */
static int fixup_pop_zero(struct trapframe *tf)
{
    uint32_t *slot = interrupted_stack(tf);
    *slot = 0;
    return 1;
}

/* `iret` faulted: resume at trap_bad_iret, which finds the stack pointer
 * on the program's iret frame (iret pops nothing when it faults).  Only a
 * return to ring 3 can fault; a failing return into the kernel is a bug. */
static int fixup_bad_iret(struct trapframe *tf)
{
    uint32_t *frame = interrupted_stack(tf);     /* eip, cs, eflags, esp, ss */
    if ((frame[1] & 3) != 3)
        return 0;
    tf->eip = (uint32_t)trap_bad_iret;
    return 1;
}

int fixup_exception(struct trapframe *tf)
{
    char *ip = (char *)tf->eip;
    if (ip == trap_return_pop_gs || ip == trap_return_pop_fs ||
        ip == trap_return_pop_es || ip == trap_return_pop_ds)
        return fixup_pop_zero(tf);
    if (ip == trap_return_iret)
        return fixup_bad_iret(tf);
    return 0;
}
