/*
 * tests/unit/test_tsc.c - kernel/tsc.c's cycles-to-nanoseconds arithmetic:
 * the mult/shift pair chosen for a TSC frequency, and cycles * mult >>
 * shift done in 32-bit halves, compared with exact 128-bit arithmetic
 * for frequencies from 1 MHz to 10 GHz and counts up to 2^56 cycles.
 * (Calibration itself needs the PIT: the boot tests see its result.)
 */
#include <stdarg.h>
#include <stdint.h>

/* What kernel/tsc.c uses from the rest of the kernel. */
static uint32_t fake_interrupts;
uint32_t timer_interrupts(void) { return fake_interrupts; }
int kprintf(const char *fmt, ...) { (void)fmt; return 0; }

#include "kernel/tsc.c"

#include "tests/unit/unit.h"

/* The exact value, rounded down: cycles * 10^9 / hz (in 128 bits). */
static unsigned __int128 exact_ns(uint64_t cycles, uint64_t freq)
{
    return (unsigned __int128)cycles * NSEC_PER_SEC / freq;
}

static void use_frequency(uint64_t freq)
{
    hz = freq;
    set_mult_shift();
}

/* mult fits 32 bits and is as precise as it can be: doubling it (one
 * more bit of shift) would overflow, unless shift is already 32. */
static void test_mult_shift(void)
{
    group_begin("tsc_mult_shift");
    static const uint64_t freqs[] = { 1000000, 14318180, 999999999, 1000000000,
                                      2596150000ull, 3999999999ull, 10000000000ull };
    for (unsigned i = 0; i < sizeof(freqs) / sizeof(freqs[0]); i++) {
        use_frequency(freqs[i]);
        uint64_t m = (NSEC_PER_SEC << shift) / freqs[i];
        CHECK(m == mult && m <= 0xFFFFFFFFu, "hz %llu: mult %u shift %u",
              (unsigned long long)freqs[i], mult, shift);
        CHECK(shift == 32 || (NSEC_PER_SEC << (shift + 1)) / freqs[i] > 0xFFFFFFFFu,
              "hz %llu: shift %u could be larger", (unsigned long long)freqs[i], shift);
    }
    group_end();
}

/* Within one part in mult (what rounding mult down costs: under 10^-9
 * up to 2.1 GHz, 2.3 * 10^-9 at 10 GHz) plus the 1 ns of rounding the
 * product down, for counts of every size up to 2^63 ns (292 years); and
 * never decreasing. */
static void test_conversion(void)
{
    group_begin("tsc_cycles_to_ns");
    static const uint64_t freqs[] = { 1000000, 1193182, 999999999, 2596150000ull,
                                      3999999999ull, 10000000000ull };
    rng_seed(unit_seed(7));
    for (unsigned i = 0; i < sizeof(freqs) / sizeof(freqs[0]); i++) {
        use_frequency(freqs[i]);
        for (int k = 0; k < 20000; k++) {
            int bits = (int)rng_range(0, 57);
            uint64_t c = bits ? rng_next() >> (64 - bits) : 0;
            if (exact_ns(c, freqs[i]) >> 63)
                continue;
            uint64_t want = (uint64_t)exact_ns(c, freqs[i]), got = cycles_to_ns(c);
            uint64_t diff = got > want ? got - want : want - got;
            CHECK(diff <= want / mult + 1, "hz %llu, %llu cycles: %llu ns, exact %llu",
                  (unsigned long long)freqs[i], (unsigned long long)c,
                  (unsigned long long)got, (unsigned long long)want);
        }
        /* Across the carry out of the low 32 bits. */
        for (uint64_t c = 0xFFFFFF00ull; c < 0x100000100ull; c++)
            CHECK(cycles_to_ns(c + 1) >= cycles_to_ns(c), "hz %llu: %llu -> %llu went back",
                  (unsigned long long)freqs[i], (unsigned long long)c,
                  (unsigned long long)c + 1);
    }
    group_end();
}

/* Without a TSC the clock counts timer interrupts, 10 ms each. */
static void test_fallback(void)
{
    group_begin("tsc_fallback_ticks");
    hz = 0;
    fake_interrupts = 250;
    CHECK(ktime_get_ns() == 2500000000ull, "%llu ns", (unsigned long long)ktime_get_ns());
    CHECK(tsc_hz() == 0, "hz %llu", (unsigned long long)tsc_hz());
    group_end();
}

int main(void)
{
    test_mult_shift();
    test_conversion();
    test_fallback();
    return unit_exit();
}
