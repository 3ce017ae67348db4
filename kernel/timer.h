/* kernel/timer.h - the 8253/8254 programmable interval timer at 100 Hz. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

#define HZ 100                 /* timer interrupts per second (Linux's USER_HZ) */

void timer_init(void);
/* Timer interrupts since boot. */
uint32_t timer_ticks(void);
/* Call `hook` on every tick (in interrupt context: it may only wake
 * sleepers, never sleep).  Up to TIMER_MAX_HOOKS hooks. */
#define TIMER_MAX_HOOKS 4
void timer_add_tick_hook(void (*hook)(void));

#endif
