/*
 * mm/kstack.h - kernel stacks for processes.  Each sits in its own slot
 * of the KSTACK_AREA with an unmapped guard page below it, so a kernel
 * stack overflow faults (a double fault, reported by panic) instead of
 * silently overwriting whatever lies below.
 */
#ifndef MM_KSTACK_H
#define MM_KSTACK_H

#include <stdint.h>

/* Map a stack of `size` bytes for slot `slot`; returns its lowest
 * address, or NULL if memory ran out. */
void *kstack_alloc(int slot, uint32_t size);
void kstack_free(void *stack, uint32_t size);

#endif
