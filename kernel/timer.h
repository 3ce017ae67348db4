/* kernel/timer.h - the 8253/8254 programmable interval timer at 100 Hz. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

#define HZ 100                 /* timer interrupts per second (Linux's USER_HZ) */
#define PIT_FREQUENCY 1193182  /* Hz of the PIT's input clock (8254 datasheet) */

void timer_init(void);
/* Clock ticks (1/HZ s) since boot, read from the kernel's clock
 * (kernel/tsc.h), so none are lost while interrupts are off. */
uint32_t timer_ticks(void);
/* Timer interrupts actually taken since boot (fewer than timer_ticks()
 * when the kernel kept interrupts off for longer than a tick). */
uint32_t timer_interrupts(void);
/* Call `hook` on every tick (in interrupt context: it may only wake
 * sleepers, never sleep).  Up to TIMER_MAX_HOOKS hooks. */
#define TIMER_MAX_HOOKS 8
void timer_add_tick_hook(void (*hook)(void));

#endif
