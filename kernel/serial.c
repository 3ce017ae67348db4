/*
 * kernel/serial.c - COM1 at 115200 baud, 8 data bits, no parity, 1 stop
 * bit (8N1).  Register names follow the 16550 data sheet.
 */
#include "kernel/serial.h"
#include "kernel/x86.h"

#define COM1        0x3F8
#define UART_DATA   (COM1 + 0)   /* THR (write) / RBR (read); DLL when DLAB=1 */
#define UART_IER    (COM1 + 1)   /* interrupt enable; DLM when DLAB=1 */
#define UART_FCR    (COM1 + 2)   /* FIFO control */
#define UART_LCR    (COM1 + 3)   /* line control */
#define UART_MCR    (COM1 + 4)   /* modem control */
#define UART_LSR    (COM1 + 5)   /* line status */

#define LCR_8N1     0x03
#define LCR_DLAB    0x80         /* divisor latch access */
#define FCR_ENABLE  0xC7         /* enable + clear FIFOs, 14-byte trigger */
#define MCR_DTR_RTS_OUT2 0x0B    /* OUT2 gates the IRQ line to the PIC */
#define IER_RX      0x01         /* interrupt on received data */
#define LSR_RX_READY 0x01
#define LSR_TX_EMPTY 0x20

#define UART_CLOCK  115200       /* divisor = UART_CLOCK / baud */

void serial_init(void)
{
    outb(UART_IER, 0);
    outb(UART_LCR, LCR_DLAB);
    outb(UART_DATA, UART_CLOCK / 115200);   /* divisor low byte */
    outb(UART_IER, 0);                      /* divisor high byte */
    outb(UART_LCR, LCR_8N1);
    outb(UART_FCR, FCR_ENABLE);
    outb(UART_MCR, MCR_DTR_RTS_OUT2);
}

void serial_putc(char c)
{
    while (!(inb(UART_LSR) & LSR_TX_EMPTY))
        ;
    outb(UART_DATA, (uint8_t)c);
}

int serial_getc(void)
{
    if (!(inb(UART_LSR) & LSR_RX_READY))
        return -1;
    return inb(UART_DATA);
}

void serial_enable_rx_irq(void)
{
    outb(UART_IER, IER_RX);
}
