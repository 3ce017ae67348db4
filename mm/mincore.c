/*
 * mm/mincore.c - mincore: which pages of a range are in memory.
 *
 * One byte per page, bit 0 set when the page is resident, as Linux's
 * do_mincore answers it: a page mapped here (present, or kept while
 * PROT_NONE) is resident; a page not mapped here is resident if the
 * region is backed by a file (or shared anonymous memory, which is a
 * nameless file) whose page cache holds that page, since touching it
 * would need no I/O; an untouched page of private anonymous memory is
 * not.  Pagoda has no swap, so that is the whole story.
 *
 * The range is walked region by region; a page outside every region
 * ends the call with -ENOMEM after the bytes for the pages before it
 * have been stored, as Linux stores them (a region at a time).
 */
#include "kernel/errno.h"
#include "fs/vfs.h"
#include "mm/layout.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

#define CHUNK 256                      /* bytes of vec built at a time */

/* The byte for the page at va of region r. */
static uint8_t page_resident(struct mm *mm, const struct vm_area *r, uintptr_t va)
{
    struct page_state ps;
    mm_page_state(mm, r, va, &ps);
    if (ps.present)
        return 1;
    if (!r->file)
        return 0;
    uint32_t index = r->pgoff + (va - r->start) / PAGE_SIZE;
    return inode_cached_page(r->file, index) != 0;
}

int mm_mincore(struct mm *mm, uintptr_t start, uint32_t pages, uint8_t *vec)
{
    uint8_t buf[CHUNK];
    while (pages) {
        const struct vm_area *r = region_find(&mm->regions, start);
        if (!r)
            return -ENOMEM;
        uint32_t n = (r->end - start) / PAGE_SIZE;
        if (n > pages)
            n = pages;
        for (uint32_t done = 0; done < n;) {
            uint32_t k = n - done < CHUNK ? n - done : CHUNK;
            for (uint32_t i = 0; i < k; i++)
                buf[i] = page_resident(mm, r, start + (done + i) * PAGE_SIZE);
            if (copy_to_user(vec, buf, k) < 0)
                return -EFAULT;
            vec += k;
            done += k;
        }
        start += n * PAGE_SIZE;
        pages -= n;
    }
    return 0;
}
