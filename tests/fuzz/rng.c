/*
 * tests/fuzz/rng.c - counter-based random numbers: the numbers of call
 * i depend on (seed, i) only, never on the calls before it.
 *
 * The state starts as a hash of (seed, index) and each draw is one step
 * of SplitMix64 (add the golden-ratio constant, then a 64-bit finaliser
 * that mixes every input bit into every output bit).  So any call of a
 * run can be regenerated on its own, in any order.
 */
#include "tests/fuzz/fuzz.h"

#define GOLDEN 0x9E3779B97F4A7C15ull

/* SplitMix64's finaliser: a bijection that scrambles all 64 bits. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* The stream of numbers for call `index` of the run with `seed`. */
void rng_for_call(struct rng *r, uint32_t seed, uint32_t index)
{
    r->state = mix64(((uint64_t)seed << 32 | index) ^ GOLDEN);
}

/* A different stream (tag 1 in the top bit) for a round's setup data. */
void rng_for_round(struct rng *r, uint32_t seed, uint32_t round)
{
    r->state = mix64(((uint64_t)seed << 32 | round) ^ ~GOLDEN);
}

uint32_t rng_next(struct rng *r)
{
    r->state += GOLDEN;
    return (uint32_t)(mix64(r->state) >> 32);
}

/* A number in 0 .. n-1 (n > 0; the tiny modulo bias does not matter). */
uint32_t rng_below(struct rng *r, uint32_t n)
{
    return rng_next(r) % n;
}
