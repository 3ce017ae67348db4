/*
 * mm/uaccess.c - copying between the kernel and a user address space.
 *
 * The kernel never dereferences a user pointer.  For each page it checks
 * the process's page table; if the page is missing or read-only it asks
 * fault_in() to do what a real access would (demand paging, copy-on-
 * write, stack growth), and then copies through the kernel's own mapping
 * of the frame (P2V).  A bad address becomes -EFAULT, never a kernel
 * page fault.
 *
 * Two flavours: copy_to_user and friends are all or nothing (0 or
 * -EFAULT: for structs and arguments), while the *_prefix ones copy the
 * accessible start of a buffer and say how much that was (for read and
 * write, which return the bytes transferred before a hole, as Linux's
 * copy_to_user, which returns what it could not copy, lets them).
 */
#include "mm/uaccess.h"
#include "mm/fault.h"
#include "mm/frame.h"
#include "mm/layout.h"
#include "mm/mm.h"
#include "kernel/errno.h"
#include "lib/string.h"
#include "proc/proc.h"

/* The kernel address of user byte `uaddr` in mm, made present for the
 * access; NULL if that failed, with fault_in's reason in *why (-EFAULT:
 * the program may not access it; -ENOMEM: no frame for it) if why is
 * not NULL. */
static void *user_byte(struct mm *mm, uintptr_t uaddr, int write, int *why)
{
    pte_t *pte = page_walk(mm->pgdir, uaddr);
    uint32_t need = PTE_P | PTE_U | (write ? PTE_W : 0);
    if (!pte || (*pte & need) != need) {
        int err = fault_in(mm, uaddr, write);
        if (err < 0) {
            if (why)
                *why = err;
            return NULL;
        }
        pte = page_walk(mm->pgdir, uaddr);
    }
    return (char *)P2V(PTE_ADDR(*pte)) + (uaddr & (PAGE_SIZE - 1));
}

/* Is [uaddr, uaddr + n) inside user space (and not wrapping around)? */
static int user_range_ok(uintptr_t uaddr, uint32_t n)
{
    return uaddr + n >= uaddr && uaddr + n <= USER_END;
}

int access_ok(const void *uaddr, size_t n)
{
    return user_range_ok((uintptr_t)uaddr, n);
}

/* The bytes of [uaddr, uaddr + n) that lie in uaddr's page. */
static uint32_t in_page(uintptr_t uaddr, uint32_t n)
{
    uint32_t left = PAGE_SIZE - (uaddr & (PAGE_SIZE - 1));
    return n < left ? n : left;
}

/* Copy up to n bytes between user address uaddr of mm and the kernel
 * buffer kbuf, one page at a time (into user memory if to_user, else out
 * of it), stopping at the first page the program could not access in
 * that way.  kbuf NULL with to_user clears instead.  Returns the bytes
 * copied; a range that leaves user space copies nothing.  If why is not
 * NULL, a stop sets it to -EFAULT or (no frame for a page) -ENOMEM. */
static uint32_t copy_user_prefix(struct mm *mm, uintptr_t uaddr, char *kbuf, uint32_t n,
                                 int to_user, int *why)
{
    if (why)
        *why = -EFAULT;
    if (!user_range_ok(uaddr, n))
        return 0;
    uint32_t done = 0;
    while (done < n) {
        uint32_t chunk = in_page(uaddr + done, n - done);
        char *u = user_byte(mm, uaddr + done, to_user, why);
        if (!u)
            break;
        if (!kbuf)
            memset(u, 0, chunk);
        else if (to_user)
            memcpy(u, kbuf + done, chunk);
        else
            memcpy(kbuf + done, u, chunk);
        done += chunk;
    }
    return done;
}

/* All of it, or why it stopped: -EFAULT or -ENOMEM. */
static int copy_user(struct mm *mm, uintptr_t uaddr, char *kbuf, uint32_t n, int to_user)
{
    int why;
    return copy_user_prefix(mm, uaddr, kbuf, n, to_user, &why) == n ? 0 : why;
}

int mm_copy_out(struct mm *mm, uintptr_t uaddr, const void *src, uint32_t n)
{
    return copy_user(mm, uaddr, (char *)src, n, 1);   /* src is only read */
}

int mm_copy_in(struct mm *mm, void *dst, uintptr_t uaddr, uint32_t n)
{
    return copy_user(mm, uaddr, dst, n, 0);
}

/* For system calls any failure is -EFAULT, as Linux's copy_*_user. */
int copy_from_user(void *dst, const void *usrc, size_t n)
{
    return mm_copy_in(current->mm, dst, (uintptr_t)usrc, n) < 0 ? -EFAULT : 0;
}

int copy_to_user(void *udst, const void *src, size_t n)
{
    return mm_copy_out(current->mm, (uintptr_t)udst, src, n) < 0 ? -EFAULT : 0;
}

long strncpy_from_user(char *dst, const char *usrc, size_t max)
{
    uintptr_t u = (uintptr_t)usrc;
    size_t copied = 0;
    while (copied < max) {
        if (u >= USER_END)
            return -EFAULT;
        uint32_t chunk = in_page(u, max - copied);
        const char *src = user_byte(current->mm, u, 0, NULL);
        if (!src)
            return -EFAULT;
        const char *nul = memchr(src, '\0', chunk);
        uint32_t take = nul ? (uint32_t)(nul - src) + 1 : chunk;
        memcpy(dst + copied, src, take);
        if (nul)
            return (long)(copied + take - 1);     /* the length, without the NUL */
        copied += take;
        u += take;
    }
    return -ENAMETOOLONG;
}

int clear_user(void *udst, size_t n)
{
    return copy_user(current->mm, (uintptr_t)udst, NULL, n, 1) < 0 ? -EFAULT : 0;
}

size_t copy_to_user_prefix(void *udst, const void *src, size_t n)
{
    return copy_user_prefix(current->mm, (uintptr_t)udst, (char *)src, n, 1, NULL);
}

size_t copy_from_user_prefix(void *dst, const void *usrc, size_t n)
{
    return copy_user_prefix(current->mm, (uintptr_t)usrc, dst, n, 0, NULL);
}

size_t clear_user_prefix(void *udst, size_t n)
{
    return copy_user_prefix(current->mm, (uintptr_t)udst, NULL, n, 1, NULL);
}
