/*
 * kernel/tsc.c - the kernel's clock, from the CPU's time-stamp counter.
 *
 * The kernel runs with interrupts off, so timer interrupts that fall due
 * during a long system call are not delivered one by one: the PIC holds
 * at most one pending, and the rest are lost.  A clock that counted
 * interrupts would fall behind.  The time-stamp counter (RDTSC, Intel SDM
 * vol. 3, 18.17) counts CPU clock cycles whatever the interrupt flag
 * says, so the time is read from it instead.  Its rate is not written
 * anywhere we can read (and under QEMU's TCG it is whatever the host's
 * counter does), so it is measured once at boot against a clock whose
 * rate is known: the PIT's input clock, 1,193,182 Hz on every PC.
 *
 * Calibration (the idea of Linux's pit_calibrate_tsc in
 * arch/x86/kernel/tsc.c): PIT channel 2 is the one whose GATE input and
 * OUT pin software can reach, through bits 0 and 5 of system control
 * port B (0x61).  Program it in mode 0, "interrupt on terminal count"
 * (Intel 8254 datasheet): OUT goes low when the mode is written, the
 * counter counts down from the value loaded, one per input clock, and
 * OUT goes high when it reaches zero.  Load CALIBRATE_LATCH (10 ms worth
 * of PIT clocks), read the TSC, spin until OUT goes high, read the TSC
 * again: the difference is the number of TSC cycles in 10 ms.  Each end
 * is known only to within an interval: the start lies between the TSC
 * readings around the write that starts the count, the end between the
 * start of the last poll that saw OUT low and the end of the first that
 * saw it high.  Those intervals are short unless the CPU was held up
 * there (under QEMU: the host did not run us, or a port access waited),
 * so we keep the run with the shortest intervals, trying again while
 * none is within CALIBRATE_PPM, and print its error bound.
 *
 * From then on, nanoseconds = cycles * 10^9 / hz, done as Linux's
 * clocksources do, cycles * mult >> shift with mult = (10^9 << shift) / hz,
 * so reading the clock needs only multiplications.
 */
#include "kernel/tsc.h"
#include "kernel/console.h"
#include "kernel/timer.h"
#include "kernel/x86.h"

#define PIT_CHANNEL2      0x42
#define PIT_COMMAND       0x43
#define PIT_CH2_MODE0     0xB0      /* channel 2, lobyte then hibyte, mode 0, binary */
#define PORT_B            0x61      /* system control port B */
#define PORT_B_GATE2      0x01      /*   bit 0: PIT channel 2's GATE input */
#define PORT_B_SPEAKER    0x02      /*   bit 1: OUT2 drives the speaker */
#define PORT_B_OUT2       0x20      /*   bit 5 (read): PIT channel 2's OUT pin */

#define CALIBRATE_MS      10
#define CALIBRATE_LATCH   (PIT_FREQUENCY / (1000 / CALIBRATE_MS))
#define CALIBRATE_RUNS    3         /* at least */
#define CALIBRATE_MAX_RUNS 100       /* at most: 1 s */
#define CALIBRATE_PPM     200        /* good enough: 0.02 % */
#define CALIBRATE_POLLS   50000000u /* OUT2 never rose: no channel 2 */
#define CPUID_1_EDX_TSC   (1u << 4) /* SDM vol. 2, CPUID leaf 1, EDX bit 4 */

static uint64_t hz;                 /* 0: no TSC, count timer interrupts */
static uint64_t base;               /* the TSC at tsc_init */
static uint32_t mult, shift;        /* ns = cycles * mult >> shift */

/* Does the CPU have a time-stamp counter? */
static int cpu_has_tsc(void)
{
    uint32_t r[4];
    cpuid(1, r);
    return (r[3] & CPUID_1_EDX_TSC) != 0;
}

/* One calibration run: the TSC cycles in CALIBRATE_LATCH PIT clocks
 * (from the middle of the interval in which counting began to the middle
 * of the one in which OUT2 rose), and in *error the widths of those two
 * intervals: how far off the run can be.  0 if OUT2 never rose. */
static uint64_t calibrate_once(uint64_t *error)
{
    /* Gate on, speaker off; then the mode and the count (low byte first):
     * the counter starts counting when the high byte is written. */
    outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2);
    outb(PIT_COMMAND, PIT_CH2_MODE0);
    outb(PIT_CHANNEL2, CALIBRATE_LATCH & 0xFF);
    uint64_t start0 = rdtsc();
    outb(PIT_CHANNEL2, CALIBRATE_LATCH >> 8);
    uint64_t start1 = rdtsc();
    /* OUT2 rose after the last poll that saw it low began (before) and
     * before the first poll that sees it high ended (after). */
    uint64_t before = start1, after;
    for (uint32_t polls = 0;; polls++) {
        uint64_t t = rdtsc();
        int high = inb(PORT_B) & PORT_B_OUT2;
        after = rdtsc();
        if (high)
            break;
        before = t;
        if (polls == CALIBRATE_POLLS)
            return 0;
    }
    *error = (start1 - start0) + (after - before);
    return (before + after) / 2 - (start0 + start1) / 2;
}

/* The TSC's frequency from the best calibration run (the one that can
 * be off the least); 0 if channel 2 does not count.  It takes at least
 * CALIBRATE_RUNS runs, and more, up to CALIBRATE_MAX_RUNS, until one is
 * within CALIBRATE_PPM: under a loaded host most runs can be spoiled.
 * *ppm: the error bound of the run kept. */
static uint64_t calibrate(uint32_t *ppm)
{
    uint64_t best = 0, best_error = 0;
    for (int i = 0; i < CALIBRATE_MAX_RUNS; i++) {
        uint64_t error, cycles = calibrate_once(&error);
        if (cycles == 0)
            return 0;
        if (best == 0 || error < best_error) {
            best = cycles;
            best_error = error;
        }
        if (i + 1 >= CALIBRATE_RUNS && best_error * 1000000 / best <= CALIBRATE_PPM)
            break;
    }
    *ppm = (uint32_t)(best_error * 1000000 / best);
    return best * PIT_FREQUENCY / CALIBRATE_LATCH;
}

/* Pick shift as large as possible with mult = (10^9 << shift) / hz below
 * 2^32: the most precise 32-bit multiplier. */
static void set_mult_shift(void)
{
    for (shift = 32; shift > 0; shift--) {
        uint64_t m = (NSEC_PER_SEC << shift) / hz;
        if (m <= 0xFFFFFFFFu) {
            mult = (uint32_t)m;
            return;
        }
    }
}

void tsc_init(void)
{
    uint32_t ppm = 0;
    hz = cpu_has_tsc() ? calibrate(&ppm) : 0;
    if (hz == 0) {
        kprintf("tsc: none usable; the clock counts timer interrupts\n");
        return;
    }
    set_mult_shift();
    base = rdtsc();
    kprintf("tsc: %u.%03u MHz (within %u ppm), calibrated against the PIT\n",
            (uint32_t)(hz / 1000000), (uint32_t)(hz / 1000 % 1000), ppm);
}

uint64_t tsc_hz(void)
{
    return hz;
}

/* cycles * mult >> shift without losing the top bits: split the 64-bit
 * count in halves; the high half's product is exact after the shift
 * because shift <= 32. */
static uint64_t cycles_to_ns(uint64_t cycles)
{
    uint32_t hi = (uint32_t)(cycles >> 32), lo = (uint32_t)cycles;
    return (((uint64_t)hi * mult) << (32 - shift)) + (((uint64_t)lo * mult) >> shift);
}

uint64_t ktime_get_ns(void)
{
    if (hz == 0)
        return (uint64_t)timer_interrupts() * (NSEC_PER_SEC / HZ);
    return cycles_to_ns(rdtsc() - base);
}
