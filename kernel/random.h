/* kernel/random.h - unpredictable-enough bytes (AT_RANDOM, not crypto). */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include <stddef.h>

void get_random_bytes(void *buf, size_t n);

#endif
