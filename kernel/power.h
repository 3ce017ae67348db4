/*
 * kernel/power.h - switching QEMU (or a PC) off.
 *
 * Under test, QEMU has an isa-debug-exit device at port 0xf4: writing v
 * there ends QEMU with exit code (v << 1) | 1, so the host sees why we
 * stopped.  Without it we use QEMU's ACPI power-off port.
 */
#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

#define POWER_OK       0      /* all well: QEMU exits 1 */
#define POWER_FAILED   1      /* a self-test failed: QEMU exits 3 */
#define POWER_PANIC    0x7f   /* the kernel panicked: QEMU exits 255 */
#define POWER_STATUS_MAX 126  /* init's exit status is clamped to this */

void power_off(int status) __attribute__((noreturn));

#endif
