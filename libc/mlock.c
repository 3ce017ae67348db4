/*
 * libc/mlock.c - system call wrappers for locking pages in memory and
 * asking which are resident: mlock, mlock2, munlock, mlockall,
 * munlockall, mincore (declared in sys/mman.h).
 */
#include <errno.h>
#include <sys/mman.h>

#include "libc/libc.h"

/* Fault in and lock the pages of [addr, addr + len). */
int mlock(const void *addr, size_t len)
{
    return __sysret(sys2(SYS_mlock, (long)addr, len));
}

/* mlock with flags: MLOCK_ONFAULT locks pages only as they fault in. */
int mlock2(const void *addr, size_t len, unsigned int flags)
{
    return __sysret(sys3(SYS_mlock2, (long)addr, len, flags));
}

/* Unlock the pages of [addr, addr + len). */
int munlock(const void *addr, size_t len)
{
    return __sysret(sys2(SYS_munlock, (long)addr, len));
}

/* Lock every mapping now (MCL_CURRENT) and/or every later one
 * (MCL_FUTURE), optionally only as pages fault in (MCL_ONFAULT). */
int mlockall(int flags)
{
    return __sysret(sys1(SYS_mlockall, flags));
}

/* Unlock everything and stop locking new mappings. */
int munlockall(void)
{
    return __sysret(sys0(SYS_munlockall));
}

/* Which pages of [addr, addr + len) are resident: one byte each in vec. */
int mincore(void *addr, size_t len, unsigned char *vec)
{
    return __sysret(sys3(SYS_mincore, (long)addr, len, (long)vec));
}
