/*
 * mm/fault.c - the page-fault handler.
 *
 * The CPU raises a page fault (vector 14) when a translation fails: the
 * page is not present, or the access breaks the page's U/S or R/W bit.
 * It leaves the faulting address in CR2 and the reason in the error code.
 */
#include "mm/fault.h"
#include "kernel/panic.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "lib/format.h"

void pf_describe(uint32_t err, char *buf, int size)
{
    snprintf(buf, size, "%s, %s, %s mode%s",
             (err & PF_PRESENT) ? "protection violation" : "not-present page",
             (err & PF_WRITE) ? "write" : "read",
             (err & PF_USER) ? "user" : "kernel",
             (err & PF_RSVD) ? ", reserved bit set" : "");
}

void handle_page_fault(struct trapframe *tf)
{
    uint32_t addr = read_cr2();
    char why[80];
    pf_describe(tf->err, why, sizeof(why));
    panic_trap(tf, "page fault at %08x: %s", addr, why);
}
