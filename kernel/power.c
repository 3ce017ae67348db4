/*
 * kernel/power.c - the last thing the kernel does.
 */
#include "kernel/power.h"
#include "kernel/console.h"
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
