/*
 * lib/format.h - printf-style formatting shared by the kernel (kprintf),
 * the user C library (printf) and the host unit tests.
 *
 * Supported: %d %i %u %x %X %o %p %s %c %%, flags '-' '0' '+' ' ' '#',
 * width and precision (numbers or '*'), length modifiers hh h l ll z.
 */
#ifndef LIB_FORMAT_H
#define LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Called once per output character. */
typedef void (*format_putc_fn)(char c, void *arg);

/* Format `fmt` with `ap`, passing each character to put(c, arg).
 * Returns the number of characters produced. */
int vformat(format_putc_fn put, void *arg, const char *fmt, va_list ap);

/* snprintf/vsnprintf with C99 semantics: always NUL-terminates when
 * size > 0, returns the length the full output would have had. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
