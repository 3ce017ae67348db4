/*
 * kernel/fpu.c - turn on the FPU and SSE and record the initial state.
 */
#include "kernel/fpu.h"
#include "kernel/x86.h"
#include "lib/string.h"

#define MXCSR_DEFAULT 0x1f80     /* all SSE exceptions masked */

static uint8_t initial_state[FPU_STATE_SIZE] __attribute__((aligned(16)));

void fpu_init(void)
{
    write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP);
    write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
    uint32_t mxcsr = MXCSR_DEFAULT;
    __asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
    fpu_save(initial_state);
}

void fpu_init_state(uint8_t *state)
{
    memcpy(state, initial_state, FPU_STATE_SIZE);
}
