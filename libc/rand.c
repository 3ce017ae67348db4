/*
 * libc/rand.c - pseudo-random numbers: a 64-bit linear congruential
 * generator (Knuth's MMIX constants) whose top 31 bits are the result.
 * Not for cryptography.
 */
#include <stdlib.h>

static unsigned long long state = 1;

/* Start a new sequence; the same seed gives the same sequence. */
void srand(unsigned int seed)
{
    state = seed;
}

/* The next number in 0..RAND_MAX. */
int rand(void)
{
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int)(state >> 33);
}
