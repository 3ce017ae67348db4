/*
 * kernel/random.c - a xorshift generator stirred with the CPU's cycle
 * counter.  Good enough for glibc's stack canary under QEMU; not for
 * cryptography.
 */
#include "kernel/random.h"
#include "kernel/x86.h"

static uint32_t state = 0x9E3779B9u;

static uint32_t next(void)
{
    state ^= (uint32_t)rdtsc();
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

void get_random_bytes(void *buf, size_t n)
{
    unsigned char *p = buf;
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)next();
}
