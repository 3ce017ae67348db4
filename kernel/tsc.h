/*
 * kernel/tsc.h - the kernel's clock: the CPU's time-stamp counter,
 * calibrated against the PIT at boot.
 */
#ifndef KERNEL_TSC_H
#define KERNEL_TSC_H

#include <stdint.h>

#define NSEC_PER_SEC 1000000000ull

/* Measure the TSC's frequency against PIT channel 2 (called once, early
 * in boot, with interrupts off).  Without a usable TSC the clock falls
 * back to counting timer interrupts. */
void tsc_init(void);
/* The measured TSC frequency in Hz (0: none, the fallback is in use). */
uint64_t tsc_hz(void);
/* Nanoseconds since tsc_init: CLOCK_MONOTONIC.  Never goes backwards and
 * keeps counting while interrupts are off. */
uint64_t ktime_get_ns(void);

#endif
