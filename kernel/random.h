/*
 * kernel/random.h - random numbers for the kernel (ASLR, AT_RANDOM) and
 * for programs (getrandom): a ChaCha20 generator seeded at boot from
 * RDRAND and RDTSC jitter (kernel/random.c explains the construction).
 */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include <stddef.h>
#include <stdint.h>

/* Seed the generator; once, at boot, before the first process. */
void random_init(void);
/* n unpredictable bytes. */
void get_random_bytes(void *buf, size_t n);
/* One unpredictable 32-bit word (Linux's get_random_u32). */
uint32_t get_random_u32(void);

#endif
