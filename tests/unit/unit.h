/*
 * tests/unit/unit.h - the little harness every host unit test includes.
 *
 *   group_begin("name");  ... CHECK(cond, "fmt", ...) ...  group_end();
 *
 * group_end() prints "PASS name" when every CHECK of the group held;
 * each failing CHECK prints "FAIL name: file:line: cond: message" (the
 * first few per group, then a count).  unit_exit() returns the process
 * status: 0 only if nothing failed.
 *
 * Random tests use rng_seed/rng_next/rng_range (splitmix64) seeded with
 * unit_seed(default), which $UNIT_SEED overrides, and print the seed when
 * they fail.  UNIT_FN marks helpers a test may leave unused.
 *
 * Define UNIT_PANIC_STUB before including this to get a panic() that
 * records its message and longjmps back into EXPECT_PANIC, so "this must
 * panic" is testable; a panic outside EXPECT_PANIC is a FAIL and exits.
 */
#ifndef TESTS_UNIT_UNIT_H
#define TESTS_UNIT_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNIT_MAX_REPORTS 8      /* FAIL lines printed per group */
#define UNIT_FN static __attribute__((unused))

static const char *unit_group = "(none)";
static int unit_group_fails;    /* failed CHECKs in the current group */
static int unit_total_fails;    /* failed groups + unexpected events */
static int unit_groups_run;

UNIT_FN void group_begin(const char *name)
{
    unit_group = name;
    unit_group_fails = 0;
}

UNIT_FN void group_end(void)
{
    unit_groups_run++;
    if (unit_group_fails == 0) {
        printf("PASS %s\n", unit_group);
    } else {
        if (unit_group_fails > UNIT_MAX_REPORTS)
            printf("FAIL %s: %d failed checks in all (only the first %d shown)\n",
                   unit_group, unit_group_fails, UNIT_MAX_REPORTS);
        unit_total_fails++;
    }
    fflush(stdout);
}

__attribute__((format(printf, 4, 5)))
UNIT_FN void unit_fail(const char *file, int line, const char *cond,
                      const char *fmt, ...)
{
    if (++unit_group_fails > UNIT_MAX_REPORTS)
        return;
    printf("FAIL %s: %s:%d: %s", unit_group, file, line, cond);
    if (fmt[2]) {               /* fmt is ": " followed by the message */
        va_list ap;
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
    }
    printf("\n");
    fflush(stdout);
}

/* CHECK(cond) or CHECK(cond, "format", args...): a message says why. */
#define CHECK(cond, ...)                                                    \
    do {                                                                    \
        if (!(cond))                                                        \
            unit_fail(__FILE__, __LINE__, #cond, ": " __VA_ARGS__);           \
    } while (0)

/* Like CHECK, but returns from the (void) function on failure: for
 * checks after which continuing would only add noise. */
#define REQUIRE(cond, ...)                                                  \
    do {                                                                    \
        if (!(cond)) {                                                      \
            unit_fail(__FILE__, __LINE__, #cond, ": " __VA_ARGS__);           \
            return;                                                         \
        }                                                                   \
    } while (0)

UNIT_FN int group_failed(void)
{
    return unit_group_fails != 0;
}

UNIT_FN int unit_exit(void)
{
    if (unit_total_fails) {
        printf("%d of %d groups FAILED\n", unit_total_fails, unit_groups_run);
        return 1;
    }
    printf("all %d groups passed\n", unit_groups_run);
    return 0;
}

/* A small, fast, seedable PRNG (splitmix64), so random tests replay. */
static uint64_t unit_rng_state;

UNIT_FN void rng_seed(uint64_t seed)
{
    unit_rng_state = seed;
}

UNIT_FN uint64_t rng_next(void)
{
    uint64_t z = (unit_rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi] (inclusive); hi - lo must be small next to 2^64. */
UNIT_FN uint64_t rng_range(uint64_t lo, uint64_t hi)
{
    return lo + rng_next() % (hi - lo + 1);
}

/* The seed for a random test: $UNIT_SEED if set, else a fixed default,
 * so a run is reproducible and a failure can be replayed. */
UNIT_FN uint64_t unit_seed(uint64_t def)
{
    const char *s = getenv("UNIT_SEED");
    return (s && *s) ? strtoull(s, NULL, 0) : def;
}

#ifdef UNIT_PANIC_STUB
static jmp_buf *unit_panic_jmp;     /* where panic() returns to, or NULL */
static char unit_panic_msg[512];    /* message of the last panic */
static int unit_panics;             /* panics seen so far */

/* The kernel's panic(): remember the message and unwind to the
 * EXPECT_PANIC that is waiting for it. */
void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(unit_panic_msg, sizeof(unit_panic_msg), fmt, ap);
    va_end(ap);
    unit_panics++;
    if (unit_panic_jmp)
        longjmp(*unit_panic_jmp, 1);
    printf("FAIL %s: unexpected panic: %s\n", unit_group, unit_panic_msg);
    fflush(stdout);
    exit(1);
}

/* Run `stmt`, which must panic with a message containing `substr`.
 * Locals written inside `stmt` and read afterwards must be volatile. */
#define EXPECT_PANIC(stmt, substr)                                          \
    do {                                                                    \
        jmp_buf unit_jb_;                                                   \
        jmp_buf *unit_saved_ = unit_panic_jmp;                              \
        unit_panic_jmp = &unit_jb_;                                         \
        unit_panic_msg[0] = '\0';                                           \
        if (setjmp(unit_jb_) == 0) {                                        \
            stmt;                                                           \
            unit_panic_jmp = unit_saved_;                                   \
            unit_fail(__FILE__, __LINE__, #stmt, ": did not panic");          \
        } else {                                                            \
            unit_panic_jmp = unit_saved_;                                   \
            CHECK(strstr(unit_panic_msg, (substr)) != NULL,                 \
                  "panic message \"%s\" lacks \"%s\"",                      \
                  unit_panic_msg, (substr));                                \
        }                                                                   \
    } while (0)
#endif

#endif
