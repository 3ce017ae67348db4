/* kernel/serial.h - the 16550 UART on COM1: the console tests read. */
#ifndef KERNEL_SERIAL_H
#define KERNEL_SERIAL_H

void serial_init(void);
void serial_putc(char c);
/* Returns the next received byte, or -1 if none is waiting. */
int serial_getc(void);
/* Ask the UART to raise IRQ 4 when a byte arrives. */
void serial_enable_rx_irq(void);

#endif
