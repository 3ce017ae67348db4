/*
 * kernel/timer.c - channel 0 of the PIT, programmed as a rate generator:
 * the interrupt that ends time slices and wakes sleepers.  The time of
 * day is not counted here (interrupts can be lost while the kernel runs
 * with them off) but read from the TSC (kernel/tsc.c).
 */
#include "kernel/timer.h"
#include "kernel/irq.h"
#include "kernel/panic.h"
#include "kernel/trap.h"
#include "kernel/tsc.h"
#include "kernel/x86.h"

#define PIT_CHANNEL0   0x40
#define PIT_COMMAND    0x43
#define PIT_RATE_GEN   0x34      /* channel 0, lobyte/hibyte, mode 2 */

static volatile uint32_t interrupts;
static void (*tick_hooks[TIMER_MAX_HOOKS])(void);
static int nhooks;

static void timer_interrupt(void)
{
    interrupts++;
    for (int i = 0; i < nhooks; i++)
        tick_hooks[i]();
}

void timer_init(void)
{
    uint32_t divisor = (PIT_FREQUENCY + HZ / 2) / HZ;
    outb(PIT_COMMAND, PIT_RATE_GEN);
    outb(PIT_CHANNEL0, divisor & 0xFF);
    outb(PIT_CHANNEL0, divisor >> 8);
    irq_register(IRQ_TIMER, timer_interrupt);
}

uint32_t timer_ticks(void)
{
    return (uint32_t)(ktime_get_ns() / (NSEC_PER_SEC / HZ));
}

uint32_t timer_interrupts(void)
{
    return interrupts;
}

void timer_add_tick_hook(void (*hook)(void))
{
    if (nhooks == TIMER_MAX_HOOKS)
        panic("timer_add_tick_hook: more than %d hooks", TIMER_MAX_HOOKS);
    tick_hooks[nhooks++] = hook;
}
