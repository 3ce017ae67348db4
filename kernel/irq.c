/*
 * kernel/irq.c - the 8259A programmable interrupt controllers.
 *
 * At power-on the master PIC delivers IRQs 0-7 on vectors 8-15, which
 * collide with CPU exceptions; we move IRQs 0-15 to vectors 32-47.
 */
#include "kernel/irq.h"
#include "kernel/trap.h"
#include "kernel/x86.h"

#define PIC1_CMD   0x20
#define PIC1_DATA  0x21
#define PIC2_CMD   0xA0
#define PIC2_DATA  0xA1
#define ICW1_INIT_ICW4 0x11      /* initialise, ICW4 follows */
#define ICW4_8086  0x01
#define PIC_EOI    0x20          /* end of interrupt */
#define PIC_CASCADE_IRQ 2        /* the slave PIC hangs off master IRQ 2 */

static irq_handler_t handlers[16];
static uint16_t irq_mask = 0xFFFF & ~(1u << PIC_CASCADE_IRQ);

static void write_mask(void)
{
    outb(PIC1_DATA, irq_mask & 0xFF);
    outb(PIC2_DATA, irq_mask >> 8);
}

void irq_init(void)
{
    outb(PIC1_CMD, ICW1_INIT_ICW4);
    outb(PIC2_CMD, ICW1_INIT_ICW4);
    outb(PIC1_DATA, IRQ_BASE);                /* ICW2: vector offsets */
    outb(PIC2_DATA, IRQ_BASE + 8);
    outb(PIC1_DATA, 1u << PIC_CASCADE_IRQ);   /* ICW3: slave on IRQ 2 */
    outb(PIC2_DATA, PIC_CASCADE_IRQ);
    outb(PIC1_DATA, ICW4_8086);
    outb(PIC2_DATA, ICW4_8086);
    write_mask();                             /* all lines masked for now */
}

void irq_register(int irq, irq_handler_t handler)
{
    handlers[irq] = handler;
    irq_mask &= ~(1u << irq);
    write_mask();
}

void irq_dispatch(int irq)
{
    /* Acknowledge first: a handler may switch to another process. */
    if (irq >= 8)
        outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
    if (handlers[irq])
        handlers[irq]();
}
