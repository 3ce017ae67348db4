/*
 * free - how much memory is used and free, as procps-ng 4.0.2's free(1).
 *
 *                  total        used        free      shared  buff/cache   available
 *   Mem:          260096       12340      240000        4100        7756      240000
 *   Swap:              0           0           0
 *
 * Every number comes from /proc/meminfo (kB), with procps's rules
 * (library/meminfo.c): used = MemTotal - MemAvailable (MemTotal - MemFree
 * if that goes negative or MemAvailable is missing or too big),
 * buff/cache = Buffers + Cached + SReclaimable, shared = Shmem, swap used
 * = SwapTotal - SwapFree.  Options as procps: -b/-k/-m/-g, --kilo ...
 * --peta, --tebi/--pebi, -h (human: 3 significant characters and a unit
 * letter), --si (powers of 1000), -l (low and high memory), -t (a Total
 * line), -v (commit limit), -w (buffers and cache apart), -s SECS and
 * -c COUNT (repeat).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FREE_HUMAN      (1 << 1)
#define FREE_LOHI       (1 << 2)
#define FREE_WIDE       (1 << 3)
#define FREE_TOTAL      (1 << 4)
#define FREE_SI         (1 << 5)
#define FREE_REPEAT     (1 << 6)
#define FREE_COUNT      (1 << 7)
#define FREE_COMMITTED  (1 << 8)

/* The meminfo lines free uses, in kB, and what procps derives from them. */
struct meminfo {
    unsigned long total, free, available, buffers, cached, sreclaimable, shmem;
    unsigned long low_total, low_free, high_total, high_free;
    unsigned long swap_total, swap_free, commit_limit, committed_as;
    unsigned long used, cache_all, low_used, high_used, swap_used;
};

static int flags;
static int exponent;                /* 0 default (KiB), 1 bytes, 2 K, 3 M ... */

/* Read /proc/meminfo and derive used, cache, low/high and swap used as
 * procps's meminfo_read_failed does.  0 on success, -1 if unreadable. */
static int read_meminfo(struct meminfo *m)
{
    static const struct { const char *name; size_t off; } keys[] = {
#define K(n, f) { n, __builtin_offsetof(struct meminfo, f) }
        K("MemTotal", total), K("MemFree", free), K("MemAvailable", available),
        K("Buffers", buffers), K("Cached", cached), K("SReclaimable", sreclaimable),
        K("Shmem", shmem), K("LowTotal", low_total), K("LowFree", low_free),
        K("HighTotal", high_total), K("HighFree", high_free),
        K("SwapTotal", swap_total), K("SwapFree", swap_free),
        K("CommitLimit", commit_limit), K("Committed_AS", committed_as),
#undef K
    };
    static char buf[8192];
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f)
        return -1;
    memset(m, 0, sizeof(*m));
    while (fgets(buf, sizeof(buf), f)) {
        char *colon = strchr(buf, ':');
        if (!colon)
            continue;
        *colon = '\0';
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
            if (strcmp(buf, keys[i].name) == 0)
                *(unsigned long *)((char *)m + keys[i].off) = strtoul(colon + 1, NULL, 10);
    }
    fclose(f);
    if (m->available == 0 || m->available > m->total)
        m->available = m->free;
    m->cache_all = m->cached + m->sreclaimable;
    long used = (long)(m->total - m->available);
    m->used = used < 0 ? m->total - m->free : (unsigned long)used;
    if (m->high_free < m->high_total)
        m->high_used = m->high_total - m->high_free;
    if (m->low_total == 0) {
        m->low_total = m->total;
        m->low_free = m->free;
    }
    if (m->low_free < m->low_total)
        m->low_used = m->low_total - m->low_free;
    if (m->swap_free < m->swap_total)
        m->swap_used = m->swap_total - m->swap_free;
    return 0;
}

/* base to the power expo, in floating point as procps computes it. */
static double power(unsigned base, unsigned expo)
{
    double r = 1;
    while (expo--)
        r *= base;
    return r;
}

/* printf's "%.1f" of a float's value: v * 10 is exact in a double (a
 * float has 24 significant bits), so rounding it to an integer, halves
 * to even, is the correctly rounded tenth that glibc prints. */
static int format_tenths(char *out, size_t size, float f, const char *unit)
{
    double t = (double)f * 10;
    long long n = (long long)t;           /* t >= 0: truncation is floor */
    double frac = t - (double)n;
    if (frac > 0.5 || (frac == 0.5 && (n & 1)))
        n++;
    return snprintf(out, size, "%lld.%lld%s", n / 10, n % 10, unit);
}

/* A size in kB as free prints it: in the chosen unit, or human-readable
 * (the shortest of "1.5Gi", "15Gi" ... that fits 4 characters and the
 * 'i', or 4 with --si), as procps's scale_size. */
static const char *scale_size(unsigned long kb)
{
    static const char up[] = { 'B', 'K', 'M', 'G', 'T', 'P', 0 };
    static char buf[64];
    char unit[3];
    double base = (flags & FREE_SI) ? 1000.0 : 1024.0;
    long long bytes = kb * 1024LL;
    if (!(flags & FREE_HUMAN)) {
        if (exponent == 0)              /* the default: kibibytes, or kB with --si */
            snprintf(buf, sizeof(buf), "%ld", (long)(bytes / (long long)base));
        else if (exponent == 1)
            snprintf(buf, sizeof(buf), "%lld", bytes);
        else
            snprintf(buf, sizeof(buf), "%ld", (long)(bytes / power(base, exponent - 1)));
        return buf;
    }
    if (snprintf(buf, sizeof(buf), "%lldB", bytes) <= 4)
        return buf;
    int limit = (flags & FREE_SI) ? 4 : 5;
    for (int i = 1; up[i]; i++) {
        unit[0] = up[i];
        unit[1] = (flags & FREE_SI) ? '\0' : 'i';
        unit[2] = '\0';
        double scaled = bytes / power(base, i);
        if (format_tenths(buf, sizeof(buf), (float)scaled, unit) <= limit)
            return buf;
        if (snprintf(buf, sizeof(buf), "%ld%s", (long)scaled, unit) <= limit)
            return buf;
    }
    return buf;
}

/* A row's label, padded to 9 columns ("Mem:     "). */
static void head_col(const char *label)
{
    printf("%-9s", label);
}

/* One row: the label, then the numbers right-aligned in 11 columns. */
static void row(const char *label, int n, const unsigned long *kb)
{
    head_col(label);
    for (int i = 0; i < n; i++)
        printf(i ? " %11s" : "%11s", scale_size(kb[i]));
    printf("\n");
}

/* The whole table, once. */
static void show(const struct meminfo *m)
{
    if (flags & FREE_WIDE)
        printf("               total        used        free      shared     buffers       cache   available\n");
    else
        printf("               total        used        free      shared  buff/cache   available\n");
    if (flags & FREE_WIDE) {
        unsigned long v[] = { m->total, m->used, m->free, m->shmem, m->buffers,
                              m->cache_all, m->available };
        row("Mem:", 7, v);
    } else {
        unsigned long v[] = { m->total, m->used, m->free, m->shmem,
                              m->buffers + m->cache_all, m->available };
        row("Mem:", 6, v);
    }
    if (flags & FREE_LOHI) {
        unsigned long lo[] = { m->low_total, m->low_used, m->low_free };
        unsigned long hi[] = { m->high_total, m->high_used, m->high_free };
        row("Low:", 3, lo);
        row("High:", 3, hi);
    }
    unsigned long sw[] = { m->swap_total, m->swap_used, m->swap_free };
    row("Swap:", 3, sw);
    if (flags & FREE_TOTAL) {
        unsigned long t[] = { m->total + m->swap_total, m->used + m->swap_used,
                              m->free + m->swap_free };
        row("Total:", 3, t);
    }
    if (flags & FREE_COMMITTED) {
        unsigned long c[] = { m->commit_limit, m->committed_as,
                              m->commit_limit - m->committed_as };
        row("Comm:", 3, c);
    }
}

static void usage(FILE *out)
{
    fputs("\nUsage:\n free [options]\n\nOptions:\n"
          " -b, --bytes         show output in bytes\n"
          "     --kilo          show output in kilobytes\n"
          "     --mega          show output in megabytes\n"
          "     --giga          show output in gigabytes\n"
          "     --tera          show output in terabytes\n"
          "     --peta          show output in petabytes\n"
          " -k, --kibi          show output in kibibytes\n"
          " -m, --mebi          show output in mebibytes\n"
          " -g, --gibi          show output in gibibytes\n"
          "     --tebi          show output in tebibytes\n"
          "     --pebi          show output in pebibytes\n"
          " -h, --human         show human-readable output\n"
          "     --si            use powers of 1000 not 1024\n"
          " -l, --lohi          show detailed low and high memory statistics\n"
          " -t, --total         show total for RAM + swap\n"
          " -v, --committed     show committed memory and commit limit\n"
          " -s N, --seconds N   repeat printing every N seconds\n"
          " -c N, --count N     repeat printing N times, then exit\n"
          " -w, --wide          wide output\n\n"
          "     --help     display this help and exit\n", out);
    exit(out == stderr ? 1 : 0);
}

/* Die with procps's "free: MESSAGE". */
static void die(const char *msg, const char *arg)
{
    fprintf(stderr, "free: %s%s\n", msg, arg ? arg : "");
    exit(1);
}

/* Choose a unit once only. */
static void set_unit(int e, int si)
{
    static int unit_set;
    if (unit_set)
        die("Multiple unit options don't make sense.", NULL);
    unit_set = 1;
    exponent = e;
    if (si)
        flags |= FREE_SI;
}

/* "1", "0.5", "2.25" seconds -> microseconds; -1 if not a number. */
static long parse_seconds(const char *s)
{
    long whole = 0, frac = 0, scale = 1000000;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++)
        whole = whole * 10 + (*p - '0');
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            if (scale > 1) {
                scale /= 10;
                frac += (*p - '0') * scale;
            }
    if (*p || p == s || whole > 2000)
        return -1;
    return whole * 1000000 + frac;
}

/* The long options, by name: each is one of the short letters, or a
 * unit (exponent, si). */
static int long_option(const char *name, char **value)
{
    static const struct { const char *name; char letter; int exp, si; } opts[] = {
        { "bytes", 'b', 0, 0 }, { "kilo", 0, 2, 1 }, { "mega", 0, 3, 1 },
        { "giga", 0, 4, 1 }, { "tera", 0, 5, 1 }, { "peta", 0, 6, 1 },
        { "kibi", 'k', 0, 0 }, { "mebi", 'm', 0, 0 }, { "gibi", 'g', 0, 0 },
        { "tebi", 0, 5, 0 }, { "pebi", 0, 6, 0 }, { "human", 'h', 0, 0 },
        { "si", 'S', 0, 0 }, { "lohi", 'l', 0, 0 }, { "total", 't', 0, 0 },
        { "committed", 'v', 0, 0 }, { "seconds", 's', 0, 0 }, { "count", 'c', 0, 0 },
        { "wide", 'w', 0, 0 }, { "help", 'H', 0, 0 },
    };
    char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
        if (strlen(opts[i].name) != len || strncmp(opts[i].name, name, len) != 0)
            continue;
        if (eq)
            *value = eq + 1;
        if (!opts[i].letter) {
            set_unit(opts[i].exp, opts[i].si);
            return 0;
        }
        return opts[i].letter;
    }
    fprintf(stderr, "free: unrecognized option '--%s'\n", name);
    usage(stderr);
    return 0;
}

/* Act on one option letter; arg is its value for -s and -c. */
static void option(int c, const char *arg, long *interval, long *count)
{
    switch (c) {
    case 'b': set_unit(1, 0); break;
    case 'k': set_unit(2, 0); break;
    case 'm': set_unit(3, 0); break;
    case 'g': set_unit(4, 0); break;
    case 'h': flags |= FREE_HUMAN; break;
    case 'S': flags |= FREE_SI; break;
    case 'l': flags |= FREE_LOHI; break;
    case 't': flags |= FREE_TOTAL; break;
    case 'v': flags |= FREE_COMMITTED; break;
    case 'w': flags |= FREE_WIDE; break;
    case 'H': usage(stdout); break;
    case 's':
        flags |= FREE_REPEAT;
        *interval = parse_seconds(arg);
        if (*interval < 0)
            fprintf(stderr, "free: seconds argument failed: '%s': Invalid argument\n", arg), exit(1);
        if (*interval < 1) {
            fprintf(stderr, "free: seconds argument `%s' is not positive number\n", arg);
            exit(1);
        }
        break;
    case 'c': {
        char *end;
        flags |= FREE_REPEAT | FREE_COUNT;
        *count = strtol(arg, &end, 10);
        if (*end || end == arg)
            fprintf(stderr, "free: failed to parse count argument: '%s': Invalid argument\n", arg), exit(1);
        if (*count < 1)
            fprintf(stderr, "free: failed to parse count argument: '%s': Numerical result out of range\n",
                    arg), exit(1);
        break;
    }
    default:
        usage(stderr);
    }
}

int main(int argc, char **argv)
{
    long interval = 1000000, count = 0;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0')
            usage(stderr);
        if (a[1] == '-') {
            char *value = NULL;
            int c = long_option(a + 2, &value);
            if ((c == 's' || c == 'c') && !value) {
                if (++i >= argc)
                    usage(stderr);
                value = argv[i];
            }
            if (c)
                option(c, value, &interval, &count);
            continue;
        }
        for (char *p = a + 1; *p; p++) {
            if (*p == 's' || *p == 'c') {
                char *value = p[1] ? p + 1 : (++i < argc ? argv[i] : NULL);
                if (!value) {
                    fprintf(stderr, "free: option requires an argument -- '%c'\n", *p);
                    usage(stderr);
                }
                option(*p, value, &interval, &count);
                break;
            }
            if (!strchr("bkmghltvw", *p)) {
                fprintf(stderr, "free: invalid option -- '%c'\n", *p);
                usage(stderr);
            }
            option(*p, NULL, &interval, &count);
        }
    }
    struct meminfo m;
    for (;;) {
        if (read_meminfo(&m) < 0)
            die("Memory information file /proc/meminfo does not exist", NULL);
        show(&m);
        fflush(stdout);
        if ((flags & FREE_COUNT) && --count < 1)
            return 0;
        if (!(flags & FREE_REPEAT))
            return 0;
        printf("\n");
        usleep(interval);
    }
}
