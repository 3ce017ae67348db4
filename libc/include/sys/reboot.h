/*
 * sys/reboot.h - reboot(2) as glibc offers it: reboot(RB_POWER_OFF).
 * The magic numbers the kernel wants are added by libc/reboot.c.
 */
#ifndef _SYS_REBOOT_H
#define _SYS_REBOOT_H

#define RB_AUTOBOOT     0x01234567
#define RB_HALT_SYSTEM  0xcdef0123
#define RB_ENABLE_CAD   0x89abcdef
#define RB_DISABLE_CAD  0
#define RB_POWER_OFF    0x4321fedc

int reboot(int howto);

#endif
