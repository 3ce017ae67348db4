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

/* Fill the user buffer [ubuf, ubuf + len) with random bytes, as
 * getrandom and reads of /dev/urandom and /dev/random do: the count of
 * bytes stored (a buffer running into a hole gets the bytes before it),
 * or -EFAULT if none could be. */
long random_read_user(uint32_t ubuf, uint32_t len);
/* Mix the user's bytes into the generator's key, as a write to
 * /dev/random or /dev/urandom does on Linux (no entropy is credited;
 * none is needed once seeded): the count taken, or -EFAULT. */
long random_write_user(uint32_t ubuf, uint32_t len);

#endif
