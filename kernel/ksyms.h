/*
 * kernel/ksyms.h - the kernel's own function names, for backtraces.
 *
 * The build links the kernel twice: tools/mksyms.sh turns the first
 * link's function symbols into a table (section .ksyms) that the second
 * link includes.  .text comes first in linker.ld, so function addresses
 * are the same in both links.
 */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include <stdint.h>

/* The name of the function containing `addr`, and the offset into it;
 * NULL if unknown. */
const char *ksym_lookup(uint32_t addr, uint32_t *offset);

#endif
