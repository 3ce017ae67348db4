/*
 * vmstat - processes, memory, paging and CPU at a glance, as procps-ng
 * 4.0.2's vmstat(8).
 *
 *   vmstat              one line: averages since boot
 *   vmstat N [COUNT]    then a line every N seconds of what changed
 *   vmstat -a           inact/active instead of buff/cache
 *   vmstat -s           the table of counters and totals
 *   -w wide, -n one header only, -t a timestamp, -y skip the first line,
 *   -S k|K|m|M the unit.
 *
 * Sources: /proc/stat (cpu ticks, intr, ctxt, procs_running/blocked,
 * btime, processes), /proc/meminfo (kB) and /proc/vmstat (pgpgin,
 * pgpgout, pswpin, pswpout; 0 where Pagoda has no such line).  The
 * columns and their widths are procps's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define HZ 100                           /* sysconf(_SC_CLK_TCK) */

/* One reading of the three files. */
struct sample {
    unsigned long long user, nice, sys, idle, iowait, irq, softirq, steal, guest, guest_nice;
    unsigned long intr, ctxt, running, blocked, btime, processes;
    unsigned long mem_total, mem_free, mem_available, buffers, cached, sreclaimable;
    unsigned long active, inactive, swap_total, swap_free;
    unsigned long pgpgin, pgpgout, pswpin, pswpout;
};

static int a_option, w_option, t_option, y_option, more_headers = 1;
static unsigned long data_unit = 1024;
static char unit_name[3] = "K";

/* The value after "name" in the first line that starts with it. */
static unsigned long long field(const char *text, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, name, len) == 0 && (p[len] == ' ' || p[len] == ':'))
            return strtoull(p + len + 1 + (p[len] == ':'), NULL, 10);
    return 0;
}

/* A whole /proc file into buf ("" if unreadable). */
static void slurp(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, size - 1, f) : 0;
    buf[n] = '\0';
    if (f)
        fclose(f);
}

/* Read /proc/stat, /proc/meminfo and /proc/vmstat into s. */
static void read_sample(struct sample *s)
{
    static char buf[16384];
    memset(s, 0, sizeof(*s));
    slurp("/proc/stat", buf, sizeof(buf));
    unsigned long long *tick[] = { &s->user, &s->nice, &s->sys, &s->idle, &s->iowait,
                                   &s->irq, &s->softirq, &s->steal, &s->guest, &s->guest_nice };
    if (strncmp(buf, "cpu ", 4) == 0) {
        char *p = buf + 4;
        for (int i = 0; i < 10; i++)
            *tick[i] = strtoull(p, &p, 10);
    }
    s->intr = field(buf, "intr");
    s->ctxt = field(buf, "ctxt");
    s->running = field(buf, "procs_running");
    s->blocked = field(buf, "procs_blocked");
    s->btime = field(buf, "btime");
    s->processes = field(buf, "processes");
    slurp("/proc/meminfo", buf, sizeof(buf));
    s->mem_total = field(buf, "MemTotal");
    s->mem_free = field(buf, "MemFree");
    s->mem_available = field(buf, "MemAvailable");
    s->buffers = field(buf, "Buffers");
    s->cached = field(buf, "Cached");
    s->sreclaimable = field(buf, "SReclaimable");
    s->active = field(buf, "Active");
    s->inactive = field(buf, "Inactive");
    s->swap_total = field(buf, "SwapTotal");
    s->swap_free = field(buf, "SwapFree");
    slurp("/proc/vmstat", buf, sizeof(buf));
    s->pgpgin = field(buf, "pgpgin");
    s->pgpgout = field(buf, "pgpgout");
    s->pswpin = field(buf, "pswpin");
    s->pswpout = field(buf, "pswpout");
}

/* procps's derived memory numbers (library/meminfo.c). */
static unsigned long swap_used(const struct sample *s)
{
    return s->swap_free < s->swap_total ? s->swap_total - s->swap_free : 0;
}

static unsigned long mem_used(const struct sample *s)
{
    unsigned long avail = s->mem_available;
    if (avail == 0 || avail > s->mem_total)
        avail = s->mem_free;
    long used = (long)(s->mem_total - avail);
    return used < 0 ? s->mem_total - s->mem_free : (unsigned long)used;
}

/* kB to the chosen unit, as procps's unitConvert: (float)size / unit *
 * 1024.  procps is built for the x87, which keeps the intermediate
 * values in 80-bit registers; what gets rounded to a float depends on
 * where the compiler spills.  In the table lines nothing is (the exact
 * quotient, truncated); in -s's list every step is (volatile makes us
 * store, and so round, each one), so large sizes lose their low digits
 * there as procps's do. */
static unsigned long unit(unsigned long kb)
{
    long double size = (long double)kb / data_unit * 1024;
    return (unsigned long)size;
}

static unsigned long unit_float(unsigned long kb)
{
    volatile float size = (float)kb;
    size = size / (float)data_unit;
    size = size * 1024;
    return (unsigned long)size;
}

/* The two header lines (and the time zone over the timestamps). */
static void header(void)
{
    printf("%s", w_option
           ? "--procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- ----------cpu----------"
           : "procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----");
    if (t_option)
        printf(" -----timestamp-----");
    printf("\n");
    printf(w_option ? "%4s %4s %12s %12s %12s %12s %4s %4s %5s %5s %4s %4s %3s %3s %3s %3s %3s %3s"
                    : "%2s %2s %6s %6s %6s %6s %4s %4s %5s %5s %4s %4s %2s %2s %2s %2s %2s",
           "r", "b", "swpd", "free", a_option ? "inact" : "buff", a_option ? "active" : "cache",
           "si", "so", "bi", "bo", "in", "cs", "us", "sy", "id", "wa", "st", "gu");
    if (t_option) {
        char zone[32];
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        if (!strftime(zone, sizeof(zone), "%Z", &tm))
            zone[0] = '\0';
        printf(" %19s", zone);
    }
    printf("\n");
}

/* The rates and percentages of one line, already worked out. */
struct line {
    unsigned si, so, bi, bo, in, cs, us, sy, id, wa, st, gu;
};

/* Print one line: the memory columns now, then the given rates. */
static void print_line(const struct sample *s, const struct line *l)
{
    printf(w_option ? "%4lu %4lu %12lu %12lu %12lu %12lu %4u %4u %5u %5u %4u %4u %3u %3u %3u %3u %3u %3u"
                    : "%2lu %2lu %6lu %6lu %6lu %6lu %4u %4u %5u %5u %4u %4u %2u %2u %2u %2u %2u",
           s->running, s->blocked, unit(swap_used(s)), unit(s->mem_free),
           unit(a_option ? s->inactive : s->buffers),
           unit(a_option ? s->active : s->cached + s->sreclaimable),
           l->si, l->so, l->bi, l->bo, l->in, l->cs, l->us, l->sy, l->id, l->wa, l->st, l->gu);
    if (t_option) {
        char when[32];
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
        printf(" %s", when);
    }
    printf("\n");
}

/* CPU percentages of tick counts (user, system, idle ...), rounded as
 * procps: (100 * part + total / 2) / total. */
static void cpu_percent(struct line *l, long long use, long long sys, long long idl,
                        long long iow, long long sto, long long gue)
{
    long long div = use + sys + idl + iow + sto;
    if (!div)
        div = 1, idl = 1;
    long long half = div / 2;
    use = use >= gue ? use - gue : 0;
    l->us = (unsigned)((100 * use + half) / div);
    l->sy = (unsigned)((100 * sys + half) / div);
    l->id = (unsigned)((100 * idl + half) / div);
    l->wa = (unsigned)((100 * iow + half) / div);
    l->st = (unsigned)((100 * sto + half) / div);
    l->gu = (unsigned)((100 * gue + half) / div);
}

/* The first line: everything since boot, per second of CPU time. */
static void first_line(const struct sample *s)
{
    struct line l;
    long long use = s->user + s->nice, sys = s->sys + s->irq + s->softirq;
    long long div = use + sys + s->idle + s->iowait + s->steal;
    cpu_percent(&l, use, sys, s->idle, s->iowait, s->steal, s->guest + s->guest_nice);
    if (!div)
        div = 1;
    long long half = div / 2;
    unsigned long kb_per_page = 4;
    l.si = (unsigned)((unit(s->pswpin * kb_per_page) * (long long)HZ + half) / div);
    l.so = (unsigned)((unit(s->pswpout * kb_per_page) * (long long)HZ + half) / div);
    l.bi = (unsigned)((s->pgpgin * (long long)HZ + half) / div);
    l.bo = (unsigned)((s->pgpgout * (long long)HZ + half) / div);
    l.in = (unsigned)((s->intr * (long long)HZ + half) / div);
    l.cs = (unsigned)((s->ctxt * (long long)HZ + half) / div);
    print_line(s, &l);
}

/* A later line: what changed since the previous sample, per second. */
static void next_line(const struct sample *old, const struct sample *s, unsigned delay,
                      int *debt)
{
    struct line l;
    unsigned half = delay / 2;
    long long use = (long)(s->user - old->user) + (long)(s->nice - old->nice);
    long long sys = (long)(s->sys - old->sys) + (long)(s->irq - old->irq) +
                    (long)(s->softirq - old->softirq);
    long long idl = (long)(s->idle - old->idle);
    /* Idle can run backwards for a moment: carry the debt to next time. */
    if (*debt) {
        idl = (int)idl + *debt;
        *debt = 0;
    }
    if ((int)idl < 0) {
        *debt = (int)idl;
        idl = 0;
    }
    cpu_percent(&l, use, sys, idl, (long)(s->iowait - old->iowait),
                (long)(s->steal - old->steal),
                (long)(s->guest - old->guest) + (long)(s->guest_nice - old->guest_nice));
    l.si = (unsigned)((unit((s->pswpin - old->pswpin) * 4) + half) / delay);
    l.so = (unsigned)((unit((s->pswpout - old->pswpout) * 4) + half) / delay);
    l.bi = (unsigned)((s->pgpgin - old->pgpgin + half) / delay);
    l.bo = (unsigned)((s->pgpgout - old->pgpgout + half) / delay);
    l.in = (unsigned)(((int)(s->intr - old->intr) + half) / delay);
    l.cs = (unsigned)(((int)(s->ctxt - old->ctxt) + half) / delay);
    print_line(s, &l);
}

/* -s: the counters and totals, one a line. */
static void sum_format(void)
{
    struct sample s;
    read_sample(&s);
    const char *u = unit_name;
    printf("%13lu %s total memory\n", unit_float(s.mem_total), u);
    printf("%13lu %s used memory\n", unit_float(mem_used(&s)), u);
    printf("%13lu %s active memory\n", unit_float(s.active), u);
    printf("%13lu %s inactive memory\n", unit_float(s.inactive), u);
    printf("%13lu %s free memory\n", unit_float(s.mem_free), u);
    printf("%13lu %s buffer memory\n", unit_float(s.buffers), u);
    printf("%13lu %s swap cache\n", unit_float(s.cached + s.sreclaimable), u);
    printf("%13lu %s total swap\n", unit_float(s.swap_total), u);
    printf("%13lu %s used swap\n", unit_float(swap_used(&s)), u);
    printf("%13lu %s free swap\n", unit_float(s.swap_free), u);
    printf("%13lld non-nice user cpu ticks\n", s.user);
    printf("%13lld nice user cpu ticks\n", s.nice);
    printf("%13lld system cpu ticks\n", s.sys);
    printf("%13lld idle cpu ticks\n", s.idle);
    printf("%13lld IO-wait cpu ticks\n", s.iowait);
    printf("%13lld IRQ cpu ticks\n", s.irq);
    printf("%13lld softirq cpu ticks\n", s.softirq);
    printf("%13lld stolen cpu ticks\n", s.steal);
    printf("%13lld non-nice guest cpu ticks\n", s.guest);
    printf("%13lld nice guest cpu ticks\n", s.guest_nice);
    printf("%13lu K paged in\n", s.pgpgin);
    printf("%13lu K paged out\n", s.pgpgout);
    printf("%13lu pages swapped in\n", s.pswpin);
    printf("%13lu pages swapped out\n", s.pswpout);
    printf("%13lu interrupts\n", s.intr);
    printf("%13lu CPU context switches\n", s.ctxt);
    printf("%13lu boot time\n", s.btime);
    printf("%13lu forks\n", s.processes);
}

/* The terminal's height, 24 if unknown. */
static int window_rows(void)
{
    struct winsize w;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) != -1 && w.ws_row > 0)
        return w.ws_row;
    return 24;
}

static void usage(FILE *out)
{
    fputs("\nUsage:\n vmstat [options] [delay [count]]\n\nOptions:\n"
          " -a, --active           active/inactive memory\n"
          " -n, --one-header       do not redisplay header\n"
          " -s, --stats            event counter statistics\n"
          " -S, --unit <char>      define display unit\n"
          " -w, --wide             wide output\n"
          " -t, --timestamp        show timestamp\n"
          " -y, --no-first         skips first line of output\n\n"
          " -h, --help     display this help and exit\n", out);
    exit(out == stderr ? 1 : 0);
}

/* -S's letter: b/B bytes, k 1000, K 1024, m 10^6, M 2^20. */
static void set_unit(const char *arg)
{
    switch (arg[0]) {
    case 'b': case 'B': data_unit = 1; break;
    case 'k': data_unit = 1000; break;
    case 'K': data_unit = 1024; break;
    case 'm': data_unit = 1000000; break;
    case 'M': data_unit = 1048576; break;
    default:
        fprintf(stderr, "vmstat: -S requires k, K, m or M (default is KiB)\n");
        exit(1);
    }
    unit_name[0] = arg[0];
}

/* A positive number argument, or exit with procps's message. */
static long number(const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (*end || end == arg) {
        fprintf(stderr, "vmstat: failed to parse argument: '%s'\n", arg);
        exit(1);
    }
    return v;
}

int main(int argc, char **argv)
{
    int stats = 0, nargs = 0;
    const char *args[3];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--active")) a_option = 1;
        else if (!strcmp(a, "--one-header")) more_headers = 0;
        else if (!strcmp(a, "--stats")) stats = 1;
        else if (!strcmp(a, "--wide")) w_option = 1;
        else if (!strcmp(a, "--timestamp")) t_option = 1;
        else if (!strcmp(a, "--no-first")) y_option = 1;
        else if (!strcmp(a, "--help")) usage(stdout);
        else if (!strncmp(a, "--unit=", 7)) set_unit(a + 7);
        else if (!strcmp(a, "--unit") && i + 1 < argc) set_unit(argv[++i]);
        else if (a[0] == '-' && a[1]) {
            for (const char *p = a + 1; *p; p++) {
                switch (*p) {
                case 'a': a_option = 1; break;
                case 'n': more_headers = 0; break;
                case 's': stats = 1; break;
                case 'w': w_option = 1; break;
                case 't': t_option = 1; break;
                case 'y': y_option = 1; break;
                case 'h': usage(stdout); break;
                case 'S':
                    if (p[1]) set_unit(p + 1);
                    else if (i + 1 < argc) set_unit(argv[++i]);
                    else usage(stderr);
                    goto next_word;       /* the rest of the word was the unit */
                default:
                    fprintf(stderr, "vmstat: invalid option -- '%c'\n", *p);
                    usage(stderr);
                }
            }
        next_word:;
        } else if (nargs < 2)
            args[nargs++] = a;
        else
            usage(stderr);
    }
    unsigned delay = 1;
    unsigned long updates = 1;
    int forever = 0;
    if (nargs >= 1) {
        long d = number(args[0]);
        if (d < 1) {
            fprintf(stderr, "vmstat: delay must be positive integer\n");
            return 1;
        }
        delay = (unsigned)d;
        forever = 1;
    }
    if (nargs == 2) {
        updates = (unsigned long)number(args[1]);
        forever = 0;
    }
    if (stats) {
        sum_format();
        return 0;
    }
    int height = window_rows() - 3;
    if (height <= 0)
        height = 22;
    struct sample s[2];
    int tog = 0, debt = 0;
    header();
    read_sample(&s[tog]);
    if (!y_option)
        first_line(&s[tog]);
    else
        updates++;
    fflush(stdout);
    for (unsigned long i = 1; forever || i < updates; i++) {
        sleep(delay);
        if (more_headers && i % height == 0)
            header();
        tog = !tog;
        read_sample(&s[tog]);
        next_line(&s[!tog], &s[tog], delay, &debt);
        fflush(stdout);
    }
    return 0;
}
