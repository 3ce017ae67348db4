/*
 * proc/aslr.h - where exec puts a new program's stack, mmap area and
 * heap: Linux 6.1 i386's address-space layout randomisation, or its
 * fixed layout when randomisation is off (proc/aslr.c explains).
 */
#ifndef PROC_ASLR_H
#define PROC_ASLR_H

#include <stdint.h>

/* personality(2)'s flag that turns address-space randomisation off for
 * the programs a process execs (include/uapi/linux/personality.h). */
#define ADDR_NO_RANDOMIZE 0x0040000
/* ... and the flag that gives them the legacy (bottom-up) mmap layout. */
#define ADDR_COMPAT_LAYOUT 0x0200000

/* Does an exec by a process with this personality randomise (Linux's
 * PF_RANDOMIZE): yes, unless ADDR_NO_RANDOMIZE or norandmaps. */
int aslr_enabled(uint32_t personality);
/* The top of the new stack: STACK_TOP minus up to 8 MiB, page aligned. */
uint32_t randomize_stack_top(int randomize);
/* sp moved down by up to 8 KiB, then 16-byte aligned. */
uint32_t arch_align_stack(uint32_t sp, int randomize);
/* Where mmap's top-down search starts: below the stack's room. */
uint32_t arch_mmap_base(int randomize);
/* Linux's mmap_is_legacy (arch/x86/mm/mmap.c): the process's
 * personality has ADDR_COMPAT_LAYOUT, or the kernel command line says
 * legacy_va_layout=1 (Linux's sysctl vm.legacy_va_layout). */
int mmap_is_legacy(uint32_t personality);
/* The legacy layout's mmap base, where its bottom-up search starts:
 * TASK_UNMAPPED_BASE (a third of user space, 0x40000000) plus the same
 * 0..255 random pages (mmap_legacy_base). */
uint32_t arch_mmap_legacy_base(int randomize);
/* The start of the brk area: up to 32 MiB above the end of the bss. */
uint32_t arch_randomize_brk(uint32_t brk);

#endif
