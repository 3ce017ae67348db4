/*
 * kernel/panic.h - stopping the kernel with an explanation.
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <stdint.h>

struct trapframe;

/* Print "PANIC: <message>", the registers and a backtrace, then power
 * off with POWER_PANIC.  Never returns. */
void panic(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));
/* The same for a trap: the registers and backtrace are the trapped code's. */
void panic_trap(const struct trapframe *tf, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));

/* Print the call chain that starts at frame pointer `ebp`. */
void backtrace_from(uint32_t eip, uint32_t ebp);

#define assert(cond)                                                    \
    do {                                                                \
        if (!(cond))                                                    \
            panic("assertion failed: %s at %s:%d", #cond, __FILE__, __LINE__); \
    } while (0)

#endif
