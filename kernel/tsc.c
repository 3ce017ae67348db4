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
 * again: the difference is the number of TSC cycles in 10 ms.  A run is
 * wrong only if the CPU was held up (under QEMU: the host did not run
 * us) just before the first or just after the last reading, so we take
 * the median of CALIBRATE_RUNS runs.
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
#define CALIBRATE_RUNS    5
#define CALIBRATE_POLLS   50000000u /* OUT2 never rose: no channel 2 */
#define CPUID_1_EDX_TSC   (1u << 4) /* SDM vol. 2, CPUID leaf 1, EDX bit 4 */

static uint64_t hz;                 /* 0: no TSC, count timer interrupts */
static uint64_t base;               /* the TSC at tsc_init */
static uint32_t mult, shift;        /* ns = cycles * mult >> shift */

/* Does the CPU have a time-stamp counter? */
static int cpu_has_tsc(void)
{
    uint32_t a = 1, b, c = 0, d;
    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    return (d & CPUID_1_EDX_TSC) != 0;
}

/* One calibration run: TSC cycles per second, or 0 if OUT2 never rose. */
static uint64_t calibrate_once(void)
{
    /* Gate on, speaker off; then the mode and the count (low byte first). */
    outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2);
    outb(PIT_COMMAND, PIT_CH2_MODE0);
    outb(PIT_CHANNEL2, CALIBRATE_LATCH & 0xFF);
    outb(PIT_CHANNEL2, CALIBRATE_LATCH >> 8);
    uint64_t start = rdtsc();
    for (uint32_t polls = 0; !(inb(PORT_B) & PORT_B_OUT2); polls++)
        if (polls == CALIBRATE_POLLS)
            return 0;
    uint64_t cycles = rdtsc() - start;
    return cycles * PIT_FREQUENCY / CALIBRATE_LATCH;
}

/* The median of CALIBRATE_RUNS runs (0 if any failed). */
static uint64_t calibrate(void)
{
    uint64_t run[CALIBRATE_RUNS];
    for (int i = 0; i < CALIBRATE_RUNS; i++) {
        uint64_t r = calibrate_once();
        if (r == 0)
            return 0;
        int j = i;                             /* insertion sort */
        for (; j > 0 && run[j - 1] > r; j--)
            run[j] = run[j - 1];
        run[j] = r;
    }
    return run[CALIBRATE_RUNS / 2];
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
    hz = cpu_has_tsc() ? calibrate() : 0;
    if (hz == 0) {
        kprintf("tsc: none usable; the clock counts timer interrupts\n");
        return;
    }
    set_mult_shift();
    base = rdtsc();
    kprintf("tsc: %u.%03u MHz, calibrated against the PIT\n",
            (uint32_t)(hz / 1000000), (uint32_t)(hz / 1000 % 1000));
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
