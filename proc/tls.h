/*
 * proc/tls.h - thread-local storage descriptors (set_thread_area).
 */
#ifndef PROC_TLS_H
#define PROC_TLS_H

#include <stdint.h>

struct proc;

/* Linux's struct user_desc (16 bytes). */
struct user_desc {
    uint32_t entry_number;
    uint32_t base_addr;
    uint32_t limit;
    uint32_t flags;   /* seg_32bit 0x1, contents 0x6, read_exec_only 0x8,
                         limit_in_pages 0x10, seg_not_present 0x20, useable 0x40 */
};

/* Linux's do_set_thread_area: read a user_desc from uptr, check it, and
 * install it in p's TLS slots (and the GDT if p is running).  With
 * can_allocate, an entry_number of -1 picks a free slot and writes its
 * number back to uptr (set_thread_area); clone(CLONE_SETTLS) passes 0, so
 * there -1 is EINVAL.  Returns 0 or -EFAULT/-EINVAL/-ESRCH, and changes
 * nothing when it fails. */
int tls_set_from_user(struct proc *p, struct user_desc *uptr, int can_allocate);

#endif
