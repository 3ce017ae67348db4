/*
 * mm/fault.h - inside the page-fault handler: the error code's bits and
 * fault_in(), which mm/uaccess.c shares with it.  (The handler itself,
 * handle_page_fault, is public: mm/mm.h.)
 */
#ifndef MM_FAULT_H
#define MM_FAULT_H

#include <stdint.h>
#include "kernel/errno.h"

struct mm;

/* Page-fault error code bits pushed by the CPU (SDM vol. 3, 4.7). */
#define PF_PRESENT  (1u << 0)   /* 0: page not present; 1: protection */
#define PF_WRITE    (1u << 1)   /* the access was a write */
#define PF_USER     (1u << 2)   /* the access came from ring 3 */
#define PF_RSVD     (1u << 3)   /* a reserved bit was set in a PTE */
#define PF_FETCH    (1u << 4)   /* instruction fetch (NX hardware only) */

/* Make the page holding `addr` present in `mm` for a read or a write, as
 * if the program had touched it: the same steps as a fault from the CPU.
 * 0, -EFAULT (the program would get SIGSEGV), FAULT_SIGBUS (a page of a
 * file mapping beyond the end of the file: SIGBUS) or -ENOMEM.
 * mm/uaccess.c calls it when a system call touches user memory (any
 * error is -EFAULT there); madvise and MAP_POPULATE to fault pages in. */
#define FAULT_SIGBUS (-EIO)
int fault_in(struct mm *mm, uintptr_t addr, int write);

/* "not-present page, write, user mode" for an error code. */
void pf_describe(uint32_t err, char *buf, int size);

#endif
