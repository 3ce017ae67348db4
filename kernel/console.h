/*
 * kernel/console.h - kernel output: every byte goes to the serial port
 * (what tests read) and to the VGA screen (what a student watches).
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>
#include <stdarg.h>

void console_init(void);
void console_write(const char *buf, size_t len);
/* The same without turning each LF into CR LF (a raw terminal's output). */
void console_write_raw(const char *buf, size_t len);

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vkprintf(const char *fmt, va_list ap);

#endif
