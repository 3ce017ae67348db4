/*
 * kernel/irq.h - hardware interrupts through the two 8259 PICs.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

typedef void (*irq_handler_t)(void);

void irq_init(void);
/* Run `handler` on each interrupt of line `irq` (0-15) and unmask it. */
void irq_register(int irq, irq_handler_t handler);
/* Called by trap() for vectors IRQ_BASE..IRQ_BASE+15. */
void irq_dispatch(int irq);

#endif
