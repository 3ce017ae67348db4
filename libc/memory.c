/*
 * libc/memory.c - system call wrappers for the address space: brk,
 * sbrk, mmap, munmap, mprotect.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "libc/libc.h"

/* The current program break, learned from the kernel on first use. */
static uintptr_t cur_brk;

/* The brk system call returns the new break on success and the old one
 * on failure (never -errno), so success is "we got what we asked for". */
int brk(void *addr)
{
    uintptr_t got = sys1(SYS_brk, (long)addr);
    cur_brk = got;
    if (got != (uintptr_t)addr) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

/* Grow (or shrink) the break by increment bytes; returns the old break,
 * which is the start of the new memory, or (void *)-1. */
void *sbrk(long increment)
{
    if (cur_brk == 0)
        cur_brk = sys1(SYS_brk, 0);       /* brk(0) reports the break */
    uintptr_t old = cur_brk;
    if (increment == 0)
        return (void *)old;
    uintptr_t want = old + increment;
    if ((increment > 0 && want < old) || (increment < 0 && want > old)) {
        errno = ENOMEM;                   /* wrapped around */
        return (void *)-1;
    }
    if (brk((void *)want) < 0)
        return (void *)-1;
    return (void *)old;
}

/* Map memory.  mmap2 takes the file offset in 4096-byte pages. */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    if (off & 4095) {
        errno = EINVAL;
        return MAP_FAILED;
    }
    long r = __syscall6(SYS_mmap2, (long)addr, len, prot, flags, fd,
                        (long)(off >> 12));
    return (void *)__sysret(r);
}

/* Unmap [addr, addr+len). */
int munmap(void *addr, size_t len)
{
    return __sysret(sys2(SYS_munmap, (long)addr, len));
}

/* Change the protection of [addr, addr+len). */
int mprotect(void *addr, size_t len, int prot)
{
    return __sysret(sys3(SYS_mprotect, (long)addr, len, prot));
}
