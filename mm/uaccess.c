/*
 * mm/uaccess.c - copying between the kernel and a user address space.
 *
 * The kernel never dereferences a user pointer.  For each page it checks
 * the process's page table; if the page is missing or read-only it asks
 * fault_in() to do what a real access would (demand paging, copy-on-
 * write, stack growth), and then copies through the kernel's own mapping
 * of the frame (P2V).  A bad address becomes -EFAULT, never a kernel
 * page fault.
 */
#include "mm/uaccess.h"
#include "mm/frame.h"
#include "mm/layout.h"
#include "mm/mm.h"
#include "kernel/errno.h"
#include "lib/string.h"
#include "proc/proc.h"

/* The kernel address of user byte `uaddr` in mm, made present for the
 * access; NULL if the program could not access it. */
static void *user_byte(struct mm *mm, uintptr_t uaddr, int write)
{
    pte_t *pte = page_walk(mm->pgdir, uaddr);
    uint32_t need = PTE_P | PTE_U | (write ? PTE_W : 0);
    if (!pte || (*pte & need) != need) {
        if (fault_in(mm, uaddr, write) < 0)
            return NULL;
        pte = page_walk(mm->pgdir, uaddr);
    }
    return (char *)P2V(PTE_ADDR(*pte)) + (uaddr & (PAGE_SIZE - 1));
}

/* Is [uaddr, uaddr + n) inside user space (and not wrapping around)? */
static int user_range_ok(uintptr_t uaddr, uint32_t n)
{
    return uaddr + n >= uaddr && uaddr + n <= USER_END;
}

int mm_copy_out(struct mm *mm, uintptr_t uaddr, const void *src, uint32_t n)
{
    if (!user_range_ok(uaddr, n))
        return -EFAULT;
    while (n > 0) {
        uint32_t chunk = PAGE_SIZE - (uaddr & (PAGE_SIZE - 1));
        if (chunk > n)
            chunk = n;
        void *dst = user_byte(mm, uaddr, 1);
        if (!dst)
            return -EFAULT;
        memcpy(dst, src, chunk);
        uaddr += chunk;
        src = (const char *)src + chunk;
        n -= chunk;
    }
    return 0;
}

int mm_copy_in(struct mm *mm, void *dst, uintptr_t uaddr, uint32_t n)
{
    if (!user_range_ok(uaddr, n))
        return -EFAULT;
    while (n > 0) {
        uint32_t chunk = PAGE_SIZE - (uaddr & (PAGE_SIZE - 1));
        if (chunk > n)
            chunk = n;
        const void *src = user_byte(mm, uaddr, 0);
        if (!src)
            return -EFAULT;
        memcpy(dst, src, chunk);
        uaddr += chunk;
        dst = (char *)dst + chunk;
        n -= chunk;
    }
    return 0;
}

int copy_from_user(void *dst, const void *usrc, size_t n)
{
    return mm_copy_in(current->mm, dst, (uintptr_t)usrc, n);
}

int copy_to_user(void *udst, const void *src, size_t n)
{
    return mm_copy_out(current->mm, (uintptr_t)udst, src, n);
}

long strncpy_from_user(char *dst, const char *usrc, size_t max)
{
    uintptr_t u = (uintptr_t)usrc;
    for (size_t i = 0; i < max; i++, u++) {
        if (u >= USER_END)
            return -EFAULT;
        const char *c = user_byte(current->mm, u, 0);
        if (!c)
            return -EFAULT;
        dst[i] = *c;
        if (*c == '\0')
            return (long)i;
    }
    return -ENAMETOOLONG;
}

int clear_user(void *udst, size_t n)
{
    static const char zeros[256];
    uintptr_t u = (uintptr_t)udst;
    while (n > 0) {
        size_t chunk = n < sizeof(zeros) ? n : sizeof(zeros);
        if (copy_to_user((void *)u, zeros, chunk) < 0)
            return -EFAULT;
        u += chunk;
        n -= chunk;
    }
    return 0;
}
