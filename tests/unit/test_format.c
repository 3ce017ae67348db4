/*
 * tests/unit/test_format.c - lib/format.c against the host C library.
 *
 * Every conversion the kernel's printf supports is run through both
 * pagoda_snprintf (ours, renamed so it does not clash with libc) and the
 * host snprintf; output bytes and returned lengths must agree.  %p is
 * ours alone ("0x" and at least 8 hex digits; glibc prints it its own
 * way), so it is checked against fixed strings.
 */
#define vsnprintf pagoda_vsnprintf
#define snprintf pagoda_snprintf
#include "lib/format.h"
#include "lib/format.c"
#undef vsnprintf
#undef snprintf

#include <limits.h>
#include <stddef.h>
#include "tests/unit/unit.h"

static int ncases;

/* NULL for %s, hidden from gcc, which would warn about it. */
static const char *volatile null_str = NULL;

/* Compare one formatting: ours produced `n1` into `a`, the host `n2`
 * into `b` (both buffers large enough for the whole output). */
static void compare(int line, const char *fmt, const char *a, int n1,
                    const char *b, int n2)
{
    ncases++;
    CHECK(n1 == n2, "line %d: \"%s\": we returned %d, host %d", line, fmt, n1, n2);
    if (n1 == n2 && n1 >= 0)
        CHECK(memcmp(a, b, (size_t)n1 + 1) == 0,
              "line %d: \"%s\": we printed \"%s\", host \"%s\"", line, fmt, a, b);
}

/* F(fmt, args...): format with both and compare. */
#define F(fmt, ...)                                                         \
    do {                                                                    \
        char ours_[512], host_[512];                                        \
        memset(ours_, 'X', sizeof(ours_));                                  \
        memset(host_, 'Y', sizeof(host_));                                  \
        int n1_ = pagoda_snprintf(ours_, sizeof(ours_), fmt, ##__VA_ARGS__);\
        int n2_ = snprintf(host_, sizeof(host_), fmt, ##__VA_ARGS__);       \
        compare(__LINE__, fmt, ours_, n1_, host_, n2_);                     \
    } while (0)

/* P(expected, fmt, args...): ours alone must print `expected`. */
#define P(expected, fmt, ...)                                               \
    do {                                                                    \
        char ours_[512];                                                    \
        int n_ = pagoda_snprintf(ours_, sizeof(ours_), fmt, ##__VA_ARGS__); \
        ncases++;                                                           \
        CHECK(n_ == (int)strlen(expected) && strcmp(ours_, expected) == 0,  \
              "line %d: \"%s\": got \"%s\" (%d), want \"%s\"",              \
              __LINE__, fmt, ours_, n_, expected);                          \
    } while (0)

static void test_integers(void)
{
    group_begin("format_integers");
    F("%d", 0);
    F("%d", 1);
    F("%d", -1);
    F("%d", 42);
    F("%d", INT_MAX);
    F("%d", INT_MIN);
    F("%i", -12345);
    F("%i", INT_MIN);
    F("%u", 0u);
    F("%u", 3000000000u);
    F("%u", UINT_MAX);
    F("%x", 0u);
    F("%x", 0xdeadbeefu);
    F("%X", 0xdeadbeefu);
    F("%x", UINT_MAX);
    F("%o", 0u);
    F("%o", 8u);
    F("%o", 0777u);
    F("%o", UINT_MAX);
    F("[%d|%u|%x|%o]", -7, 7u, 255u, 9u);
    F("%d%d%d", 1, 22, 333);
    group_end();
}

static void test_flags_width_precision(void)
{
    group_begin("format_flags");
    F("[%5d]", 42);
    F("[%-5d]", 42);
    F("[%05d]", 42);
    F("[%05d]", -42);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"   /* the combinations gcc frowns at */
    F("[%-05d]", -42);          /* '-' beats '0' */
    F("[%+d]", 42);
    F("[%+d]", -42);
    F("[%+d]", 0);
    F("[% d]", 42);
    F("[% d]", -42);
    F("[%+ d]", 42);            /* '+' beats ' ' */
#pragma GCC diagnostic pop
    F("[% 5d]", 42);
    F("[%+05d]", 42);
    F("[% 05d]", 7);
    F("[%2d]", 12345);          /* width smaller than the number */
    F("[%1d]", INT_MIN);
    F("[%12d]", INT_MIN);
    F("[%012d]", INT_MIN);
    F("[%#x]", 255u);
    F("[%#X]", 255u);
    F("[%#x]", 0u);             /* no 0x for zero */
    F("[%#10x]", 255u);
    F("[%#010x]", 255u);
    F("[%-#10x]", 255u);
    F("[%#o]", 8u);
    F("[%08x]", 0xbeefu);
    F("[%-8X]", 0xbeefu);
    F("[%3u]", 7u);
    F("[%-3u]", 7u);
    F("[%03u]", 7u);
    F("[%20u]", UINT_MAX);
    group_end();

    group_begin("format_precision");
    F("[%.0d]", 0);             /* no digits at all */
    F("[%.0d]", 1);
    F("[%5.0d]", 0);
    F("[%-5.0d]", 0);
    F("[%+.0d]", 0);
    F("[% .0d]", 0);
    F("[%.0u]", 0u);
    F("[%.0x]", 0u);
    F("[%#.0x]", 0u);
    F("[%.3d]", 7);
    F("[%.3d]", -7);
    F("[%.3d]", 12345);
    F("[%8.3d]", -7);
    F("[%-8.3d]", -7);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
    F("[%08.3d]", -7);          /* precision turns off '0' */
#pragma GCC diagnostic pop
    F("[%+.3d]", 7);
    F("[%.5x]", 0xabu);
    F("[%#.5x]", 0xabu);
    F("[%#10.5x]", 0xabu);
    F("[%.10u]", 123u);
    F("[%.d]", 0);              /* "." alone means precision 0 */
    F("[%.d]", 5);
    F("[%.3s]", "abcdef");
    F("[%.0s]", "abcdef");
    F("[%.10s]", "abc");
    F("[%5.2s]", "abcdef");
    F("[%-5.2s]", "abcdef");
    F("[%.3s]", "ab");
    group_end();

    group_begin("format_star");
    F("[%*d]", 6, 42);
    F("[%*d]", -6, 42);         /* negative width: left-justify */
    F("[%-*d]", 6, 42);
    F("[%0*d]", 6, -42);
    F("[%-*s]", 7, "hi");
    F("[%*s]", 7, "hi");
    F("[%*s]", -7, "hi");
    F("[%.*s]", 2, "hello");
    F("[%.*s]", 0, "hello");
    F("[%.*s]", -1, "hello");   /* negative precision: as if none */
    F("[%.*d]", 4, 42);
    F("[%.*d]", -1, 42);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
    F("[%0.*d]", -1, 42);       /* negative precision: '0' applies again */
#pragma GCC diagnostic pop
    F("[%*.*d]", 8, 4, -42);
    F("[%-*.*s]", 8, 3, "abcdef");
    F("[%*.*x]", 10, 6, 0x1fu);
    F("[%*d|%*d]", 3, 1, -3, 2);
    group_end();
}

static void test_lengths(void)
{
    group_begin("format_lengths");
    F("%hhd", 127);
    F("%hhd", -128);
    F("%hhd", 200);             /* wraps to -56 */
    F("%hhu", 255);
    F("%hhu", 256 + 5);         /* truncated to 5 */
    F("%hhx", 0x1234);
    F("%hd", 32767);
    F("%hd", -32768);
    F("%hd", 40000);
    F("%hu", 65535);
    F("%hu", 65536 + 9);
    F("%hx", 0xdeadbeef);
    F("%ld", 0L);
    F("%ld", LONG_MAX);
    F("%ld", LONG_MIN);
    F("%lu", ULONG_MAX);
    F("%lx", 0x123456789abcdefUL);
    F("%lld", 0LL);
    F("%lld", LLONG_MAX);
    F("%lld", LLONG_MIN);
    F("%llu", ULLONG_MAX);
    F("%llx", ULLONG_MAX);
    F("%llX", 0xFEDCBA9876543210ULL);
    F("%llo", ULLONG_MAX);      /* 22 octal digits: the longest number */
    F("%#llo", ULLONG_MAX);
    F("%zu", (size_t)0);
    F("%zu", (size_t)123456789);
    F("%zx", (size_t)0xabcdef);
    F("%zd", (ptrdiff_t)-5);
    F("%+lld", 5LL);
    F("%030lld", LLONG_MIN);
    F("%-30lld|", LLONG_MIN);
    F("%.25llu", ULLONG_MAX);
    F("%5hhd|%5hd|%5ld|%5lld", 1, 2, 3L, 4LL);
    group_end();
}

static void test_strings_chars(void)
{
    group_begin("format_strings");
    F("%s", "");
    F("%s", "hello");
    F("[%10s]", "hello");
    F("[%-10s]", "hello");
    F("[%2s]", "hello");
    F("%s", null_str);      /* both print "(null)" */
    F("[%10s]", null_str);
    F("[%-8s]", null_str);
    F("%s and %s", "this", "that");
    F("%c", 'a');
    F("%c%c%c", 'x', 'y', 'z');
    F("[%3c]", 'a');
    F("[%-3c]", 'a');
    F("[%c]", '\0');            /* NUL is still one character */
    F("[%3c]", '\0');
    F("[%-3c]", '\0');
    F("[%c]", 255);
    F("100%%");
    F("%%d");
    F("%d%%", 50);
    F("plain text, no conversions");
    F("%s=%d (%#x) %c", "key", -3, 0x10u, '!');
    group_end();
}

static void test_pointers(void)
{
    group_begin("format_pointer");
    P("0x00000000", "%p", (void *)0);
    P("0x00001234", "%p", (void *)0x1234);
    P("0xdeadbeef", "%p", (void *)0xdeadbeefUL);
    P("0xc0100000", "%p", (void *)0xc0100000UL);
    P("[  0x0000abcd]", "[%12p]", (void *)0xabcd);
    P("[0x0000abcd  ]", "[%-12p]", (void *)0xabcd);
    P("[0x0000abcd]", "[%5p]", (void *)0xabcd);
    P("p=0x00000010 d=5", "p=%p d=%d", (void *)16, 5);
    group_end();
}

/* Unknown conversions are printed as written (the kernel must not go
 * off the rails on a typo); a lone '%' at the end is printed too. */
static void test_odd_formats(void)
{
    group_begin("format_odd");
    char buf[64];
    int n;
    /* Built at run time so gcc's format checker does not object. */
    const char *unknown = "a%qb", *trailing = "abc%";
    n = pagoda_snprintf(buf, sizeof(buf), unknown, 0);
    CHECK(n == 4 && strcmp(buf, "a%qb") == 0, "got \"%s\" (%d)", buf, n);
    n = pagoda_snprintf(buf, sizeof(buf), trailing, 0);
    CHECK(n == 4 && strcmp(buf, "abc%") == 0, "got \"%s\" (%d)", buf, n);
    ncases += 2;
    group_end();
}

/* Octal with '#': C wants just enough to make the first digit a 0
 * (C11 7.21.6.1p6), so "%#o" of 0 is "0" and "%#.3o" of 8 is "010". */
static void test_octal_alt(void)
{
    group_begin("format_octal_alt");
    F("[%#o]", 0u);
    F("[%#.0o]", 0u);
    F("[%#5o]", 0u);
    F("[%#.3o]", 8u);
    F("[%#.2o]", 8u);
    F("[%#.4o]", 8u);
    F("[%#08o]", 8u);           /* '0' still pads: no precision was given */
    F("[%#08o]", 0u);
    F("[%#8o]", 8u);
    F("[%-#8o]", 8u);
    F("[%#o]", 01234567u);
    F("[%#llo]", 0ULL);
    group_end();
}

/* Truncation: C99 snprintf stores at most size-1 characters plus the
 * NUL, never touches buf[size] and beyond, and returns the full length. */
static void check_truncation(const char *expect, size_t size, int line)
{
    char buf[64];
    memset(buf, 'X', sizeof(buf));
    int n = pagoda_snprintf(size ? buf : NULL, size, "%s-%d", "abc", 12345);
    int len = (int)strlen(expect);
    ncases++;
    CHECK(n == len, "line %d: size %zu returned %d, want %d", line, size, n, len);
    if (size == 0)
        return;
    size_t kept = (size_t)len < size - 1 ? (size_t)len : size - 1;
    CHECK(memcmp(buf, expect, kept) == 0 && buf[kept] == '\0',
          "line %d: size %zu stored \"%.*s\"", line, size, (int)kept, buf);
    for (size_t i = size; i < sizeof(buf); i++)
        if (buf[i] != 'X') {
            CHECK(buf[i] == 'X', "line %d: size %zu wrote byte %zu", line, size, i);
            break;
        }
}

static void test_truncation(void)
{
    group_begin("format_truncation");
    const char *full = "abc-12345";                  /* 9 characters */
    check_truncation(full, 0, __LINE__);            /* NULL buffer is fine */
    check_truncation(full, 1, __LINE__);            /* just the NUL */
    check_truncation(full, 2, __LINE__);
    check_truncation(full, 5, __LINE__);
    check_truncation(full, 9, __LINE__);            /* one short */
    check_truncation(full, 10, __LINE__);           /* exact */
    check_truncation(full, 11, __LINE__);
    check_truncation(full, 64, __LINE__);

    /* Against the host, for every size up to the full length. */
    for (size_t size = 0; size <= 40; size++) {
        char a[64], b[64];
        memset(a, 'X', sizeof(a));
        memset(b, 'X', sizeof(b));
        int n1 = pagoda_snprintf(a, size, "[%-8s|%+06d|%#x]", "str", -17, 0xabcu);
        int n2 = snprintf(b, size, "[%-8s|%+06d|%#x]", "str", -17, 0xabcu);
        CHECK(n1 == n2 && memcmp(a, b, sizeof(a)) == 0,
              "size %zu: ours \"%.*s\" (%d), host \"%.*s\" (%d)",
              size, (int)size, a, n1, (int)size, b, n2);
        ncases++;
    }

    /* A long field through a small buffer: the width is still counted. */
    char small[8];
    int n = pagoda_snprintf(small, sizeof(small), "%300d", 1);
    CHECK(n == 300 && strlen(small) == 7 && strspn(small, " ") == 7,
          "n %d, \"%s\"", n, small);
    ncases++;
    group_end();
}

/* vformat itself: every character goes through the callback, NULs
 * included, and the count matches. */
struct collect {
    char buf[64];
    int n;
};

static void collect_putc(char c, void *arg)
{
    struct collect *c2 = arg;
    if (c2->n < (int)sizeof(c2->buf))
        c2->buf[c2->n] = c;
    c2->n++;
}

static int call_vformat(struct collect *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int call_vformat(struct collect *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vformat(collect_putc, c, fmt, ap);
    va_end(ap);
    return n;
}

static void test_vformat(void)
{
    group_begin("format_vformat");
    struct collect c = { .n = 0 };
    int n = call_vformat(&c, "a%cb%5s", '\0', "xy");
    CHECK(n == 8 && c.n == 8 && memcmp(c.buf, "a\0b   xy", 8) == 0,
          "n %d, callback saw %d characters", n, c.n);
    c.n = 0;
    n = call_vformat(&c, "%s", "");
    CHECK(n == 0 && c.n == 0, "n %d, callback saw %d characters", n, c.n);
    ncases += 2;
    group_end();
}

int main(void)
{
    test_integers();
    test_flags_width_precision();
    test_lengths();
    test_strings_chars();
    test_pointers();
    test_odd_formats();
    test_truncation();
    test_vformat();
    test_octal_alt();

    group_begin("format_case_count");
    CHECK(ncases >= 80, "only %d cases ran", ncases);
    group_end();
    printf("%d formatting cases\n", ncases);
    return unit_exit();
}
