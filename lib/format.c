/*
 * lib/format.c - the printf engine.  It knows nothing about where output
 * goes: the caller passes a function that takes one character.
 */
#include "lib/format.h"

#include <stdint.h>

/* What one %-conversion asked for. */
struct spec {
    int left;          /* '-': pad on the right */
    int zero;          /* '0': pad numbers with zeros */
    int plus, space;   /* '+' / ' ': sign for non-negative numbers */
    int alt;           /* '#': 0x prefix for %x, 0 for %o */
    int width;         /* minimum field width */
    int prec;          /* precision, -1 if none */
    int length;        /* 0 int, 1 long, 2 long long, -1 short, -2 char */
};

struct out {
    format_putc_fn put;
    void *arg;
    int count;
};

static void emit(struct out *o, char c)
{
    o->put(c, o->arg);
    o->count++;
}

static void emit_pad(struct out *o, char c, int n)
{
    while (n-- > 0)
        emit(o, c);
}

/* Print a string field: precision limits it, width pads it. */
static void format_string(struct out *o, const struct spec *s, const char *str)
{
    if (!str)
        str = "(null)";
    int len = 0;
    while (str[len] && (s->prec < 0 || len < s->prec))
        len++;
    if (!s->left)
        emit_pad(o, ' ', s->width - len);
    for (int i = 0; i < len; i++)
        emit(o, str[i]);
    if (s->left)
        emit_pad(o, ' ', s->width - len);
}

/* Print an unsigned magnitude with an optional sign/prefix, honouring
 * width, precision and the '-' and '0' flags. */
static void format_number(struct out *o, const struct spec *s,
                          unsigned long long v, int base, int upper,
                          const char *prefix)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[24];
    int n = 0;
    while (v) {
        buf[n++] = digits[v % base];
        v /= base;
    }
    if (n == 0 && s->prec != 0)
        buf[n++] = '0';
    int zeros = s->prec > n ? s->prec - n : 0;
    int plen = 0;
    while (prefix[plen])
        plen++;
    int pad = s->width - n - zeros - plen;
    if (s->zero && !s->left && s->prec < 0) {
        zeros += pad > 0 ? pad : 0;
        pad = 0;
    }
    if (!s->left)
        emit_pad(o, ' ', pad);
    for (int i = 0; i < plen; i++)
        emit(o, prefix[i]);
    emit_pad(o, '0', zeros);
    while (n)
        emit(o, buf[--n]);
    if (s->left)
        emit_pad(o, ' ', pad);
}

static long long fetch_signed(const struct spec *s, va_list *ap)
{
    switch (s->length) {
    case 2:  return va_arg(*ap, long long);
    case 1:  return va_arg(*ap, long);
    case -1: return (short)va_arg(*ap, int);
    case -2: return (signed char)va_arg(*ap, int);
    default: return va_arg(*ap, int);
    }
}

static unsigned long long fetch_unsigned(const struct spec *s, va_list *ap)
{
    switch (s->length) {
    case 2:  return va_arg(*ap, unsigned long long);
    case 1:  return va_arg(*ap, unsigned long);
    case -1: return (unsigned short)va_arg(*ap, unsigned int);
    case -2: return (unsigned char)va_arg(*ap, unsigned int);
    default: return va_arg(*ap, unsigned int);
    }
}

/* Parse flags, width, precision and length after a '%'.  Returns the
 * pointer to the conversion character. */
static const char *parse_spec(const char *f, struct spec *s, va_list *ap)
{
    *s = (struct spec){ .prec = -1 };
    for (;; f++) {
        if (*f == '-') s->left = 1;
        else if (*f == '0') s->zero = 1;
        else if (*f == '+') s->plus = 1;
        else if (*f == ' ') s->space = 1;
        else if (*f == '#') s->alt = 1;
        else break;
    }
    if (*f == '*') {
        s->width = va_arg(*ap, int);
        if (s->width < 0) {
            s->left = 1;
            s->width = -s->width;
        }
        f++;
    }
    while (*f >= '0' && *f <= '9')
        s->width = s->width * 10 + (*f++ - '0');
    if (*f == '.') {
        f++;
        s->prec = 0;
        if (*f == '*') {
            s->prec = va_arg(*ap, int);
            f++;
        }
        while (*f >= '0' && *f <= '9')
            s->prec = s->prec * 10 + (*f++ - '0');
    }
    for (;; f++) {
        if (*f == 'l') s->length = s->length == 1 ? 2 : 1;
        else if (*f == 'h') s->length = s->length == -1 ? -2 : -1;
        else if (*f == 'z' || *f == 't') s->length = 1;   /* 32-bit size_t */
        else if (*f == 'j') s->length = 2;
        else break;
    }
    return f;
}

/* Handle one conversion character with its parsed spec. */
static void convert(struct out *o, struct spec *s, char conv, va_list *ap)
{
    switch (conv) {
    case 'd':
    case 'i': {
        long long v = fetch_signed(s, ap);
        unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
        const char *sign = v < 0 ? "-" : s->plus ? "+" : s->space ? " " : "";
        format_number(o, s, mag, 10, 0, sign);
        break;
    }
    case 'u':
        format_number(o, s, fetch_unsigned(s, ap), 10, 0, "");
        break;
    case 'x':
    case 'X': {
        unsigned long long v = fetch_unsigned(s, ap);
        const char *pre = (s->alt && v) ? (conv == 'x' ? "0x" : "0X") : "";
        format_number(o, s, v, 16, conv == 'X', pre);
        break;
    }
    case 'o': {
        /* '#' asks for a leading 0, unless the digits already start with one. */
        unsigned long long v = fetch_unsigned(s, ap);
        int digits = 1;
        for (unsigned long long t = v >> 3; t; t >>= 3)
            digits++;
        const char *prefix = (s->alt && v != 0 && s->prec <= digits) ? "0" : "";
        if (s->alt && v == 0 && s->prec == 0)
            s->prec = 1;               /* "%#.0o" of 0 still prints "0" */
        format_number(o, s, v, 8, 0, prefix);
        break;
    }
    case 'p':
        s->prec = 8;           /* pointers always show 8 hex digits */
        format_number(o, s, (uintptr_t)va_arg(*ap, void *), 16, 0, "0x");
        break;
    case 's':
        format_string(o, s, va_arg(*ap, const char *));
        break;
    case 'c': {
        char c[2] = { (char)va_arg(*ap, int), 0 };
        struct spec one = *s;
        one.prec = 1;
        if (c[0] == 0) {       /* %c of NUL still prints one character */
            if (!s->left) emit_pad(o, ' ', s->width - 1);
            emit(o, 0);
            if (s->left) emit_pad(o, ' ', s->width - 1);
        } else {
            format_string(o, &one, c);
        }
        break;
    }
    case '%':
        emit(o, '%');
        break;
    default:                   /* unknown: print it as written */
        emit(o, '%');
        if (conv)
            emit(o, conv);
        break;
    }
}

int vformat(format_putc_fn put, void *arg, const char *fmt, va_list ap)
{
    struct out o = { put, arg, 0 };
    va_list args;
    va_copy(args, ap);
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            emit(&o, *f);
            continue;
        }
        struct spec s;
        f = parse_spec(f + 1, &s, &args);
        convert(&o, &s, *f, &args);
        if (!*f)
            break;
    }
    va_end(args);
    return o.count;
}

/* vsnprintf's sink: store while there is room, count always. */
struct bufsink {
    char *buf;
    size_t size, len;
};

static void buf_putc(char c, void *arg)
{
    struct bufsink *b = arg;
    if (b->len + 1 < b->size)
        b->buf[b->len] = c;
    b->len++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct bufsink b = { buf, size, 0 };
    int n = vformat(buf_putc, &b, fmt, ap);
    if (size > 0)
        buf[b.len < size ? b.len : size - 1] = '\0';
    return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
