/*
 * kernel/power.c - the last thing the kernel does, and reboot(2), the
 * way a program (the shell's poweroff) asks for it.
 */
#include "kernel/power.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/syscall.h"
#include "kernel/x86.h"

#define DEBUG_EXIT_PORT  0xf4    /* QEMU -device isa-debug-exit,iobase=0xf4 */
#define QEMU_ACPI_PM1A   0x604   /* PIIX4 PM1a control on QEMU's pc machine */
#define BOCHS_ACPI_PM1A  0xB004  /* older QEMU and Bochs */
#define ACPI_SLP_EN_S5   0x2000  /* SLP_TYP = S5 (soft off) | SLP_EN */

void power_off(int status)
{
    cli();
    kprintf("Pagoda: power off (status %d)\n", status);
    outl(DEBUG_EXIT_PORT, (uint32_t)status);   /* ends QEMU if present */
    outw(QEMU_ACPI_PM1A, ACPI_SLP_EN_S5);       /* otherwise ACPI S5 */
    outw(BOCHS_ACPI_PM1A, ACPI_SLP_EN_S5);
    for (;;)                                    /* real hardware: just stop */
        hlt();
}

/* reboot(2)'s magic numbers and commands (Linux's include/uapi/linux/reboot.h):
 * a stray call with random arguments must not switch the machine off. */
#define LINUX_REBOOT_MAGIC1         0xfee1dead
#define LINUX_REBOOT_MAGIC2         672274793
#define LINUX_REBOOT_MAGIC2A        85072278
#define LINUX_REBOOT_MAGIC2B        369367448
#define LINUX_REBOOT_MAGIC2C        537993216
#define LINUX_REBOOT_CMD_HALT       0xcdef0123
#define LINUX_REBOOT_CMD_POWER_OFF  0x4321fedc
#define LINUX_REBOOT_CMD_CAD_ON     0x89abcdef
#define LINUX_REBOOT_CMD_CAD_OFF    0x00000000

/* reboot(magic1, magic2, cmd, arg): Pagoda can only power off (HALT
 * does the same; with nothing to halt to, Linux's halt also stops the
 * machine).  Ctrl-Alt-Del settings are accepted and ignored; RESTART and
 * the rest are EINVAL.  Everything runs as root, so there is no EPERM. */
static long sys_reboot(uint32_t magic1, uint32_t magic2, uint32_t cmd)
{
    if (magic1 != LINUX_REBOOT_MAGIC1
        || (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A
            && magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
        return -EINVAL;
    if (cmd == LINUX_REBOOT_CMD_CAD_ON || cmd == LINUX_REBOOT_CMD_CAD_OFF)
        return 0;
    if (cmd != LINUX_REBOOT_CMD_POWER_OFF && cmd != LINUX_REBOOT_CMD_HALT)
        return -EINVAL;
    kprintf("reboot: Power down\n");         /* Linux's words */
    power_off(POWER_OK);
}

const struct syscall_entry power_syscalls[] = {
    SYSCALL(reboot, "xxx"),
    { 0, 0, 0, 0 },
};
