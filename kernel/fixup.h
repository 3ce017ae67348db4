/*
 * kernel/fixup.h - recovering from the faults the kernel expects to take
 * while it returns to user mode.
 */
#ifndef KERNEL_FIXUP_H
#define KERNEL_FIXUP_H

#include "kernel/trap.h"

/* tf is an exception the kernel itself took.  If it struck one of
 * trap_return's instructions that load a program's selectors, repair the
 * frame so that returning from this trap recovers, and return 1; return 0
 * for any other kernel fault (a bug: the caller panics). */
int fixup_exception(struct trapframe *tf);

#endif
