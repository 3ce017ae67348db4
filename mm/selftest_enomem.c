/*
 * mm/selftest_enomem.c - the ktest "mm_enomem": a failing call changes
 * nothing (ktest=mm_enomem, and part of ktest=all).
 *
 * munmap, mprotect and mremap of the middle page of a region must split
 * it, and a split needs memory for the new region.  With the kernel heap
 * exhausted all three must fail with -ENOMEM having changed nothing: the
 * region whole, every page still present with its data.  (Before, munmap dropped the
 * pages first and then failed to split: the data was lost.)  With the
 * heap given back, the same munmap works.
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "mm/kheap.h"
#include "mm/layout.h"
#include "mm/mm.h"

#define TEST_VA 0x40000000u
#define MOVE_TO 0x20000000u        /* free: where mremap moves a page */

/* kmalloc until it fails, chaining the blocks through their first word:
 * big blocks first, then ever smaller ones, until even 16 bytes fail. */
static void *exhaust_heap(void)
{
    static const uint32_t sizes[] = { 1u << 20, 1u << 16, 1u << 12, 256, 16 };
    void *head = NULL, *b;
    for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        while ((b = kmalloc(sizes[i])) != NULL) {
            *(void **)b = head;
            head = b;
        }
    return head;
}

static void release_heap(void *head)
{
    while (head) {
        void *next = *(void **)head;
        kfree(head);
        head = next;
    }
}

/* Is page i of the test region present and holding its marker? */
static int page_intact(struct mm *mm, int i)
{
    uint32_t got = 0;
    pte_t *pte = page_walk(mm->pgdir, TEST_VA + i * PAGE_SIZE);
    return pte && (*pte & PTE_P) &&
           mm_copy_in(mm, &got, TEST_VA + i * PAGE_SIZE, 4) == 0 && got == 0x5a5a0000u + i;
}

/* Did page i's marker (and frame) arrive at `to`? */
static int page_moved(struct mm *mm, uintptr_t to, int i)
{
    uint32_t got = 0;
    pte_t *pte = page_walk(mm->pgdir, to);
    return pte && (*pte & PTE_P) && mm_copy_in(mm, &got, to, 4) == 0 &&
           got == 0x5a5a0000u + i && !region_find(&mm->regions, TEST_VA + 2 * PAGE_SIZE);
}

/* Three present pages with markers, then the region set filled up to
 * where its next entry needs memory, with the heap exhausted. */
static const char *setup(struct mm *mm, void **hog)
{
    if (mm_add_region(mm, TEST_VA, TEST_VA + 3 * PAGE_SIZE, VM_READ | VM_WRITE, NULL, 0, 0, "") < 0)
        return "could not add the test region";
    for (uint32_t i = 0; i < 3; i++) {
        uint32_t marker = 0x5a5a0000u + i;
        if (mm_copy_out(mm, TEST_VA + i * PAGE_SIZE, &marker, 4) < 0)
            return "could not write the markers";
    }
    *hog = exhaust_heap();
    uintptr_t va = TEST_VA + 0x100000;
    for (int n = 0; n < 200000; n++, va += 2 * PAGE_SIZE)
        if (mm_add_region(mm, va, va + PAGE_SIZE, VM_READ, NULL, 0, 0, "") < 0)
            return NULL;
    return "the region set never ran out of memory";
}

const char *ktest_mm_enomem(void)
{
    struct mm *mm = mm_create();
    if (!mm)
        return "mm_create failed";
    void *hog = NULL;
    const char *why = setup(mm, &hog);
    int unmapped = mm_unmap(mm, TEST_VA + PAGE_SIZE, TEST_VA + 2 * PAGE_SIZE);
    int protected = mm_protect(mm, TEST_VA + PAGE_SIZE, TEST_VA + 2 * PAGE_SIZE, VM_READ);
    uintptr_t moved_to = 0;
    int remapped = mm_remap(mm, TEST_VA + PAGE_SIZE, PAGE_SIZE, PAGE_SIZE,
                            MREMAP_MAYMOVE | MREMAP_FIXED, MOVE_TO, &moved_to);
    const struct vm_area *r = region_find(&mm->regions, TEST_VA + PAGE_SIZE);
    if (!why && (unmapped != -ENOMEM || protected != -ENOMEM || remapped != -ENOMEM))
        why = "munmap, mprotect or mremap needing a split did not fail with -ENOMEM";
    else if (!why && (!r || r->start != TEST_VA || r->end != TEST_VA + 3 * PAGE_SIZE ||
                      (r->flags & VM_PROT_MASK) != (VM_READ | VM_WRITE) ||
                      region_find(&mm->regions, MOVE_TO)))
        why = "a failed munmap, mprotect or mremap changed the regions";
    else if (!why && !(page_intact(mm, 0) && page_intact(mm, 1) && page_intact(mm, 2)))
        why = "a failed munmap or mremap lost a page";
    release_heap(hog);
    if (!why && mm_unmap(mm, TEST_VA + PAGE_SIZE, TEST_VA + 2 * PAGE_SIZE) != 0)
        why = "munmap failed with memory back";
    else if (!why && (!page_intact(mm, 0) || !page_intact(mm, 2) ||
                      region_find(&mm->regions, TEST_VA + PAGE_SIZE)))
        why = "munmap of the middle page did not leave the outer two";
    else if (!why && (mm_remap(mm, TEST_VA + 2 * PAGE_SIZE, PAGE_SIZE, PAGE_SIZE,
                               MREMAP_MAYMOVE | MREMAP_FIXED, MOVE_TO, &moved_to) != 0 ||
                      moved_to != MOVE_TO || !page_moved(mm, MOVE_TO, 2)))
        why = "mremap with memory back did not move the page and its data";
    mm_destroy(mm);
    return why;
}
