/*
 * uptime - how long the system has been up, as procps-ng 4.0.2's uptime(1).
 *
 *    14:03:07 up  1:02,  0 user,  load average: 0.00, 0.01, 0.05
 *   uptime -p:  up 1 hour, 2 minutes
 *   uptime -s:  2026-12-03 13:01:05
 *
 * The time of day is UTC (Pagoda has no time zone); the uptime comes
 * from /proc/uptime, the load from /proc/loadavg.  procps counts users
 * in utmp; Pagoda has no utmp, so the count is 0, which is what procps
 * prints on a Linux without one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

/* /proc/uptime's first number, in hundredths of a second; -1 if unreadable. */
static long long uptime_centis(void)
{
    char buf[128];
    FILE *f = fopen("/proc/uptime", "r");
    if (!f)
        return -1;
    char *ok = fgets(buf, sizeof(buf), f);
    fclose(f);
    if (!ok)
        return -1;
    char *p;
    long long cs = strtoll(buf, &p, 10) * 100;
    if (*p == '.') {
        if (p[1] >= '0' && p[1] <= '9')
            cs += (p[1] - '0') * 10;
        if (p[1] && p[2] >= '0' && p[2] <= '9')
            cs += p[2] - '0';
    }
    return cs;
}

/* The three load averages as /proc/loadavg writes them ("0.15 0.04 0.01"). */
static void load_average(char out[3][16])
{
    char buf[128] = "";
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (!fgets(buf, sizeof(buf), f))
            buf[0] = '\0';
        fclose(f);
    }
    char *p = buf;
    for (int i = 0; i < 3; i++) {
        /* "%.2f" of the number: its whole part and two decimals. */
        char *end;
        long whole = strtol(p, &end, 10);
        long frac = 0;
        if (*end == '.') {
            end++;
            for (int d = 0; d < 2; d++, end++)
                frac = frac * 10 + ((*end >= '0' && *end <= '9') ? *end - '0' : 0);
            while (*end >= '0' && *end <= '9')
                end++;
        }
        snprintf(out[i], 16, "%ld.%02ld", whole, frac);
        p = end;
    }
}

/* The default line: time of day, "up" days and hours:minutes, users, load. */
static void show_uptime(long long cs)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    int secs = (int)(cs / 100);
    int days = secs / 86400, hours = secs / 3600 % 24, minutes = secs / 60 % 60;
    int users = 0;                              /* no utmp */
    char load[3][16];
    printf(" %02d:%02d:%02d up ", tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (days)
        printf("%d %s, ", days, days > 1 ? "days" : "day");
    if (hours)
        printf("%2d:%02d, ", hours, minutes);
    else
        printf("%d min, ", minutes);
    load_average(load);
    printf("%2d %s,  load average: %s, %s, %s\n", users, users > 1 ? "users" : "user",
           load[0], load[1], load[2]);
}

/* -p: "up 2 weeks, 1 day, 3 hours, 5 minutes".  Each unit is taken off
 * only when the time left is strictly more than one of it, as procps
 * does; minutes are shown if non-zero or under a minute is left. */
static void show_pretty(long long cs)
{
    static const struct { long long cs; const char *one, *many; } units[] = {
        { 100LL * 60 * 60 * 24 * 365 * 10, "decade", "decades" },
        { 100LL * 60 * 60 * 24 * 365, "year", "years" },
        { 100LL * 60 * 60 * 24 * 7, "week", "weeks" },
        { 100LL * 60 * 60 * 24, "day", "days" },
        { 100LL * 60 * 60, "hour", "hours" },
    };
    int shown = 0;
    printf("up ");
    for (int i = 0; i < 5; i++) {
        if (cs <= units[i].cs)
            continue;
        int n = (int)(cs / units[i].cs);
        cs -= n * units[i].cs;
        printf("%s%d %s", shown++ ? ", " : "", n, n > 1 ? units[i].many : units[i].one);
    }
    int minutes = 0;
    if (cs > 6000) {
        minutes = (int)(cs / 6000);
        cs -= minutes * 6000LL;
    }
    if (minutes || cs < 6000)
        printf("%s%d %s", shown ? ", " : "", minutes, minutes != 1 ? "minutes" : "minute");
    printf("\n");
}

/* -s: when the system came up, to the nearest second. */
static void show_since(long long cs)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    long long now_us = tv.tv_sec * 1000000LL + tv.tv_usec;
    time_t since = (time_t)((now_us - cs * 10000 + 500000) / 1000000);
    struct tm tm;
    localtime_r(&since, &tm);
    printf("%04d-%02d-%02d %02d:%02d:%02d\n", tm.tm_year + 1900, tm.tm_mon + 1,
           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void usage(FILE *out)
{
    fputs("\nUsage:\n uptime [options]\n\nOptions:\n"
          " -p, --pretty   show uptime in pretty format\n"
          " -h, --help     display this help and exit\n"
          " -s, --since    system up since\n", out);
    exit(out == stderr ? 1 : 0);
}

int main(int argc, char **argv)
{
    int pretty = 0, since = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--pretty"))
            pretty = 1;
        else if (!strcmp(a, "--since"))
            since = 1;
        else if (!strcmp(a, "--help"))
            usage(stdout);
        else if (a[0] == '-' && a[1] && a[1] != '-') {
            for (const char *p = a + 1; *p; p++) {
                if (*p == 'p')
                    pretty = 1;
                else if (*p == 's')
                    since = 1;
                else if (*p == 'h')
                    usage(stdout);
                else {
                    fprintf(stderr, "uptime: invalid option -- '%c'\n", *p);
                    usage(stderr);
                }
            }
        } else
            usage(stderr);
    }
    long long cs = uptime_centis();
    if (cs < 0) {
        fprintf(stderr, "uptime: Cannot get system uptime\n");
        return 1;
    }
    if (since)
        show_since(cs);
    else if (pretty)
        show_pretty(cs);
    else
        show_uptime(cs);
    return 0;
}
