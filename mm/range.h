/*
 * mm/range.h - checking the (address, length) pair of a memory system call.
 *
 * brk, mmap, munmap, mprotect, mremap, madvise and msync all take a start
 * address and a length from the program, and every edge of that pair has
 * a Linux answer: an unaligned start, a zero length, a length that rounds
 * up past 4 GiB, a range that runs past TASK_SIZE (USER_END, 3 GiB).  The
 * calls do not all give the same answer for the same edge (munmap says
 * EINVAL where mprotect says ENOMEM, msync even 0), so one helper,
 * user_range_check(), measures the pair once and each call then tests the
 * facts in its own order, which is Linux's order (see each call in
 * mm/syscalls.c).  All arithmetic is done so that nothing wraps unseen.
 */
#ifndef MM_RANGE_H
#define MM_RANGE_H

#include <stdint.h>

struct user_range {
    uintptr_t start;       /* the address as given */
    uintptr_t end;         /* start + len rounded up to a page (when !wraps) */
    uint32_t size;         /* len rounded up to a page (0 if it wrapped) */
    int unaligned;         /* start is not page aligned */
    int empty;             /* len == 0 */
    int len_wraps;         /* len != 0 but rounds up to 0 (len > 0xFFFFF000) */
    int end_wraps;         /* start + size passes 4 GiB (end would be <= start) */
    int past_user;         /* some of it lies at or above USER_END */
};

/* Measure [start, start + len): fills in *r, never fails. */
void user_range_check(uintptr_t start, uint32_t len, struct user_range *r);

/* Is [start, start + size) wholly inside user space (Linux's
 * "addr > TASK_SIZE - len" test, which cannot wrap)? */
int user_range_fits(uintptr_t start, uint32_t size);

#endif
