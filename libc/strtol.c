/*
 * libc/strtol.c - converting text to integers: strtol, strtoul,
 * strtoll, strtoull, atoi, atol, atoll, and abs.
 *
 * All four strto* functions share parse(), which reads the magnitude;
 * each then applies its own range, setting errno = ERANGE and returning
 * the nearest limit when the number does not fit.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

/* The value of digit c in any base up to 36, or 99 if c is no digit. */
static int digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* Parse "  -0x1f..." : white space, a sign, a base prefix (for base 0 or
 * 16) and digits.  Returns the magnitude (ULLONG_MAX with *overflow set
 * if it is too big), stores the sign in *neg, and points *end just past
 * the last digit, or at s if there were no digits. */
static unsigned long long parse(const char *s, char **end, int base,
                                int *neg, int *overflow)
{
    const char *p = s;
    unsigned long long v = 0;
    int any = 0;

    *neg = 0;
    *overflow = 0;
    if (base < 0 || base == 1 || base > 36) {
        errno = EINVAL;
        if (end)
            *end = (char *)s;
        return 0;
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '+' || *p == '-')
        *neg = (*p++ == '-');
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')
        && digit_value((unsigned char)p[2]) < 16) {
        p += 2;                          /* "0x" followed by a hex digit */
        base = 16;
    } else if (base == 0) {
        base = p[0] == '0' ? 8 : 10;
    }
    for (;; p++) {
        int d = digit_value((unsigned char)*p);
        if (d >= base)
            break;
        any = 1;
        if (v > (ULLONG_MAX - d) / base)
            *overflow = 1;
        else
            v = v * base + d;
    }
    if (end)
        *end = (char *)(any ? p : s);
    return *overflow ? ULLONG_MAX : v;
}

/* Text to long long, clamping to [LLONG_MIN, LLONG_MAX]. */
long long strtoll(const char *s, char **end, int base)
{
    int neg, overflow;
    unsigned long long v = parse(s, end, base, &neg, &overflow);
    unsigned long long limit = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
    if (overflow || v > limit) {
        errno = ERANGE;
        return neg ? LLONG_MIN : LLONG_MAX;
    }
    return neg ? (long long)(0 - v) : (long long)v;
}

/* Text to long, clamping to [LONG_MIN, LONG_MAX]. */
long strtol(const char *s, char **end, int base)
{
    int neg, overflow;
    unsigned long long v = parse(s, end, base, &neg, &overflow);
    unsigned long long limit = neg ? (unsigned long long)LONG_MAX + 1 : LONG_MAX;
    if (overflow || v > limit) {
        errno = ERANGE;
        return neg ? LONG_MIN : LONG_MAX;
    }
    return neg ? (long)(0 - v) : (long)v;
}

/* Text to unsigned long long.  As the standard says, a '-' negates the
 * result in unsigned arithmetic ("-1" gives ULLONG_MAX). */
unsigned long long strtoull(const char *s, char **end, int base)
{
    int neg, overflow;
    unsigned long long v = parse(s, end, base, &neg, &overflow);
    if (overflow) {
        errno = ERANGE;
        return ULLONG_MAX;
    }
    return neg ? 0 - v : v;
}

/* Text to unsigned long; magnitudes above ULONG_MAX are out of range. */
unsigned long strtoul(const char *s, char **end, int base)
{
    int neg, overflow;
    unsigned long long v = parse(s, end, base, &neg, &overflow);
    if (overflow || v > ULONG_MAX) {
        errno = ERANGE;
        return ULONG_MAX;
    }
    return neg ? 0 - (unsigned long)v : (unsigned long)v;
}

/* Decimal text to int; no error reporting. */
int atoi(const char *s)
{
    return (int)strtol(s, NULL, 10);
}

/* Decimal text to long. */
long atol(const char *s)
{
    return strtol(s, NULL, 10);
}

/* Decimal text to long long. */
long long atoll(const char *s)
{
    return strtoll(s, NULL, 10);
}

/* Absolute value.  abs(INT_MIN) is undefined in C (it does not fit). */
int abs(int x)
{
    return x < 0 ? -x : x;
}

/* Absolute value of a long. */
long labs(long x)
{
    return x < 0 ? -x : x;
}

/* Absolute value of a long long. */
long long llabs(long long x)
{
    return x < 0 ? -x : x;
}
