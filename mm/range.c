/*
 * mm/range.c - the one place the memory system calls measure an
 * (address, length) pair: see mm/range.h.
 */
#include "kernel/errno.h"
#include "mm/range.h"
#include "mm/layout.h"

void user_range_check(uintptr_t start, uint32_t len, struct user_range *r)
{
    *r = (struct user_range){ .start = start };
    r->unaligned = (start & (PAGE_SIZE - 1)) != 0;
    r->empty = len == 0;
    r->size = PAGE_ROUND_UP(len);              /* 0 when len > 0xFFFFF000 */
    r->len_wraps = len != 0 && r->size == 0;
    r->end = start + r->size;
    r->end_wraps = !r->empty && r->end <= start;
    r->past_user = r->end_wraps || !user_range_fits(start, r->size);
}

int user_range_fits(uintptr_t start, uint32_t size)
{
    return size <= USER_END && start <= USER_END - size;
}
