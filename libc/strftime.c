/*
 * libc/strftime.c - strftime(3): a time written out as a format says, in
 * the C ("POSIX") locale, the only one Pagoda has.
 *
 * Conversions: %a %A %b %B %h %c %C %d %D %e %F %H %I %j %k %l %m %M %n
 * %p %r %R %s %S %t %T %u %w %x %X %y %Y %z %Z %%.  An unknown one is
 * copied as it stands.  Returns the length written, or 0 (with the
 * buffer's contents undefined) if the result and its NUL do not fit.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const day_name[7] = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
};
static const char *const month_name[12] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
};

/* The output so far: where it goes, and how much room is left. */
struct out {
    char *s;
    size_t len, max;
    int overflow;
};

static void put(struct out *o, const char *text, size_t n)
{
    if (o->len + n >= o->max) {
        o->overflow = 1;
        return;
    }
    memcpy(o->s + o->len, text, n);
    o->len += n;
}

static void put_str(struct out *o, const char *text)
{
    put(o, text, strlen(text));
}

/* A number in a field of width digits, padded with pad ('0' or ' '). */
static void put_num(struct out *o, long v, int width, char pad)
{
    char buf[24];
    int n = pad == '0' ? snprintf(buf, sizeof(buf), "%0*ld", width, v)
                       : snprintf(buf, sizeof(buf), "%*ld", width, v);
    put(o, buf, n);
}

/* The conversions that are shorthands for a longer format. */
static const char *composite(char c)
{
    switch (c) {
    case 'c': return "%a %b %e %H:%M:%S %Y";
    case 'D': return "%m/%d/%y";
    case 'F': return "%Y-%m-%d";
    case 'r': return "%I:%M:%S %p";
    case 'R': return "%H:%M";
    case 'T': return "%H:%M:%S";
    case 'x': return "%m/%d/%y";
    case 'X': return "%H:%M:%S";
    }
    return NULL;
}

static void format(struct out *o, const char *f, const struct tm *tm);

/* One conversion character c. */
static void convert(struct out *o, char c, const struct tm *tm)
{
    int hour12 = tm->tm_hour % 12 ? tm->tm_hour % 12 : 12;
    const char *sub = composite(c);
    if (sub) {
        format(o, sub, tm);
        return;
    }
    switch (c) {
    case 'a': put(o, day_name[tm->tm_wday % 7], 3); break;
    case 'A': put_str(o, day_name[tm->tm_wday % 7]); break;
    case 'b': case 'h': put(o, month_name[tm->tm_mon % 12], 3); break;
    case 'B': put_str(o, month_name[tm->tm_mon % 12]); break;
    case 'C': put_num(o, (1900L + tm->tm_year) / 100, 2, '0'); break;
    case 'd': put_num(o, tm->tm_mday, 2, '0'); break;
    case 'e': put_num(o, tm->tm_mday, 2, ' '); break;
    case 'H': put_num(o, tm->tm_hour, 2, '0'); break;
    case 'I': put_num(o, hour12, 2, '0'); break;
    case 'j': put_num(o, tm->tm_yday + 1, 3, '0'); break;
    case 'k': put_num(o, tm->tm_hour, 2, ' '); break;
    case 'l': put_num(o, hour12, 2, ' '); break;
    case 'm': put_num(o, tm->tm_mon + 1, 2, '0'); break;
    case 'M': put_num(o, tm->tm_min, 2, '0'); break;
    case 'n': put_str(o, "\n"); break;
    case 'p': put_str(o, tm->tm_hour < 12 ? "AM" : "PM"); break;
    case 's': {
        struct tm copy = *tm;
        put_num(o, (long)timegm(&copy), 1, '0');
        break;
    }
    case 'S': put_num(o, tm->tm_sec, 2, '0'); break;
    case 't': put_str(o, "\t"); break;
    case 'u': put_num(o, tm->tm_wday ? tm->tm_wday : 7, 1, '0'); break;
    case 'w': put_num(o, tm->tm_wday, 1, '0'); break;
    case 'y': put_num(o, (1900L + tm->tm_year) % 100, 2, '0'); break;
    case 'Y': put_num(o, 1900L + tm->tm_year, 1, '0'); break;
    case 'z': put_str(o, "+0000"); break;
    case 'Z': put_str(o, "UTC"); break;
    case '%': put_str(o, "%"); break;
    default: {
        char unknown[2] = { '%', c };
        put(o, unknown, 2);
    }
    }
}

static void format(struct out *o, const char *f, const struct tm *tm)
{
    for (; *f && !o->overflow; f++) {
        if (*f != '%' || !f[1])
            put(o, f, 1);
        else
            convert(o, *++f, tm);
    }
}

size_t strftime(char *s, size_t max, const char *fmt, const struct tm *tm)
{
    struct out o = { s, 0, max, 0 };
    format(&o, fmt, tm);
    if (o.overflow || max == 0)
        return 0;
    s[o.len] = '\0';
    return o.len;
}
