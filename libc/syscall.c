/*
 * libc/syscall.c - errno, and the step shared by every system call
 * wrapper: turning the kernel's -errno result into -1 and errno.
 */
#include <errno.h>
#include <stdarg.h>
#include <unistd.h>

#include "libc/libc.h"

int errno;

/* The kernel reports failure as a value in [-4095, -1] (never a valid
 * result: mmap2 addresses stay below 0xfffff000).  Convert that to the C
 * convention of returning -1 and leaving the error number in errno. */
long __sysret(long raw)
{
    if (raw < 0 && raw >= -4095) {
        errno = -raw;
        return -1;
    }
    return raw;
}

/* syscall(SYS_xxx, ...): make any system call by number with up to six
 * arguments.  Unused argument slots are read but ignored by the kernel. */
long syscall(long number, ...)
{
    va_list ap;
    long a[6];
    va_start(ap, number);
    for (int i = 0; i < 6; i++)
        a[i] = va_arg(ap, long);
    va_end(ap);
    return __sysret(__syscall6(number, a[0], a[1], a[2], a[3], a[4], a[5]));
}
