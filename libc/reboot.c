/*
 * libc/reboot.c - reboot(howto): the kernel's reboot(2) with Linux's two
 * magic numbers (include/uapi/linux/reboot.h), as glibc calls it.
 */
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LINUX_REBOOT_MAGIC1  0xfee1dead
#define LINUX_REBOOT_MAGIC2  672274793

int reboot(int howto)
{
    return (int)syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, howto, 0);
}
