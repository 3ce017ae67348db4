/*
 * proc/sigaltstack.c - the alternate signal stack (sigaltstack(2)).
 *
 * A handler normally runs on the stack the program was using.  That is
 * no good for a handler of the SIGSEGV a stack overflow raises: there
 * is no room left to build its frame.  So a program may give the kernel
 * a second stack, and mark handlers SA_ONSTACK; their frames are then
 * built at the top of that stack, unless the program is already running
 * on it (a signal inside such a handler stays on the alternate stack).
 * fork keeps the setting; exec forgets it, as Linux does.
 */
#include "proc/signal.h"
#include "proc/proc.h"
#include "proc/syscalls.h"
#include "kernel/errno.h"
#include "kernel/trap.h"
#include "mm/uaccess.h"

#define SA_ONSTACK     0x08000000u
#define SS_ONSTACK     1
#define SS_DISABLE     2
#define SS_AUTODISARM  (1u << 31)
#define MINSIGSTKSZ    2048           /* Linux's i386 minimum */

/* stack_t (12 bytes on i386). */
struct user_stack {
    uint32_t sp;
    int32_t flags;
    uint32_t size;
};

/* Is esp inside current's alternate stack? */
static int on_altstack(uint32_t esp)
{
    const struct signals *s = &current->sig;
    return s->altstack_size && esp - s->altstack_sp <= s->altstack_size;
}

int sigaltstack_flags(uint32_t esp)
{
    if (!current->sig.altstack_size)
        return SS_DISABLE;
    return on_altstack(esp) ? SS_ONSTACK : 0;
}

uint32_t signal_stack_top(uint32_t esp, uint32_t sa_flags)
{
    const struct signals *s = &current->sig;
    if ((sa_flags & SA_ONSTACK) && s->altstack_size && !on_altstack(esp))
        return s->altstack_sp + s->altstack_size;
    return esp;
}

void sigaltstack_describe(uint32_t esp, uint32_t *sp, int32_t *flags, uint32_t *size)
{
    *sp = current->sig.altstack_sp;
    *size = current->sig.altstack_size;
    *flags = sigaltstack_flags(esp);
}

/* sigaltstack(ss, old): report the current setting in old, then (if ss
 * is not NULL) replace it.  EPERM while running on the alternate stack,
 * EINVAL for unknown flags, ENOMEM below MINSIGSTKSZ; a failing call
 * changes nothing. */
long sys_sigaltstack(const struct user_stack *uss, struct user_stack *uold)
{
    uint32_t esp = current->tf->esp;
    struct user_stack old = { current->sig.altstack_sp, sigaltstack_flags(esp),
                              current->sig.altstack_size }, ss;
    if (uss) {
        if (copy_from_user(&ss, uss, sizeof(ss)) < 0)
            return -EFAULT;
        if (on_altstack(esp))
            return -EPERM;
        uint32_t mode = (uint32_t)ss.flags & ~SS_AUTODISARM;
        if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
            return -EINVAL;
        if (mode != SS_DISABLE && ss.size < MINSIGSTKSZ)
            return -ENOMEM;
    }
    if (uold && copy_to_user(uold, &old, sizeof(old)) < 0)
        return -EFAULT;
    if (uss) {
        int disable = ((uint32_t)ss.flags & ~SS_AUTODISARM) == SS_DISABLE;
        current->sig.altstack_sp = disable ? 0 : ss.sp;
        current->sig.altstack_size = disable ? 0 : ss.size;
    }
    return 0;
}
