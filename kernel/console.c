/*
 * kernel/console.c - the kernel console and kprintf.
 */
#include "kernel/console.h"
#include "kernel/serial.h"
#include "kernel/vga.h"
#include "lib/format.h"

void console_init(void)
{
    serial_init();
    vga_init();
}

static void console_putc(char c)
{
    if (c == '\n')
        serial_putc('\r');      /* terminals expect CR LF */
    serial_putc(c);
    vga_putc(c);
}

void console_write(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        console_putc(buf[i]);
}

/* The bytes exactly as given: no CR before each LF.  For a terminal
 * whose termios turned output processing off (OPOST or ONLCR clear). */
void console_write_raw(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        serial_putc(buf[i]);
        vga_putc(buf[i]);
    }
}

static void kprintf_putc(char c, void *arg)
{
    (void)arg;
    console_putc(c);
}

int vkprintf(const char *fmt, va_list ap)
{
    return vformat(kprintf_putc, NULL, fmt, ap);
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vkprintf(fmt, ap);
    va_end(ap);
    return n;
}
