/* kernel/timer.h - the 8253/8254 programmable interval timer at 100 Hz. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

#define HZ 100                 /* timer interrupts per second (Linux's USER_HZ) */

void timer_init(void);
/* Timer interrupts since boot. */
uint32_t timer_ticks(void);
/* Called on every tick, e.g. by the scheduler; NULL for none. */
void timer_set_tick_hook(void (*hook)(void));

#endif
