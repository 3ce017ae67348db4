/*
 * kernel/timer.c - channel 0 of the PIT, programmed as a rate generator.
 */
#include "kernel/timer.h"
#include "kernel/irq.h"
#include "kernel/panic.h"
#include "kernel/trap.h"
#include "kernel/x86.h"

#define PIT_CHANNEL0   0x40
#define PIT_COMMAND    0x43
#define PIT_RATE_GEN   0x34      /* channel 0, lobyte/hibyte, mode 2 */
#define PIT_FREQUENCY  1193182   /* Hz of the PIT's input clock */

static volatile uint32_t ticks;
static void (*tick_hooks[TIMER_MAX_HOOKS])(void);
static int nhooks;

static void timer_interrupt(void)
{
    ticks++;
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
    return ticks;
}

void timer_add_tick_hook(void (*hook)(void))
{
    if (nhooks == TIMER_MAX_HOOKS)
        panic("timer_add_tick_hook: more than %d hooks", TIMER_MAX_HOOKS);
    tick_hooks[nhooks++] = hook;
}
