/*
 * kernel/fpu.h - the x87 FPU and SSE registers of user programs.
 *
 * Static glibc picks SSE2 string functions, so SSE must be enabled
 * (CR4.OSFXSR) and each process's FPU/SSE state saved and restored on a
 * context switch (fxsave/fxrstor: a 512-byte, 16-aligned image).  The
 * kernel itself never uses these registers (-mgeneral-regs-only).
 */
#ifndef KERNEL_FPU_H
#define KERNEL_FPU_H

#include <stdint.h>

#define FPU_STATE_SIZE 512

void fpu_init(void);
/* The state a new program starts with: FNINIT, MXCSR 0x1f80. */
void fpu_init_state(uint8_t *state);

static inline void fpu_save(uint8_t *state)
{
    __asm__ volatile("fxsave (%0)" : : "r"(state) : "memory");
}

static inline void fpu_restore(const uint8_t *state)
{
    __asm__ volatile("fxrstor (%0)" : : "r"(state) : "memory");
}

#endif
