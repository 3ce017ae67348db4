/*
 * libc/calendar.c - seconds since the epoch <-> a calendar date.
 *
 * time_t counts seconds since 1970-01-01 00:00:00 UTC, ignoring leap
 * seconds, so every day is 86,400 seconds and converting is arithmetic
 * on the Gregorian calendar: a year is a leap year when it divides by 4,
 * except centuries that do not divide by 400.  Pagoda has no time zone
 * database, so local time is UTC.
 */
#include <time.h>

#define SECS_PER_DAY 86400L

static const int days_in_month[12] = {
    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
};

static int is_leap(long year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int month_length(long year, int mon)
{
    return days_in_month[mon] + (mon == 1 && is_leap(year));
}

/* Leap years in [1, year): for counting days between two years. */
static long leaps_before(long year)
{
    year--;
    return year / 4 - year / 100 + year / 400;
}

/* Days from 1970-01-01 to 1 January of year (negative before 1970). */
static long days_before_year(long year)
{
    return 365 * (year - 1970) + leaps_before(year) - leaps_before(1970);
}

/* Break *t into UTC fields. */
struct tm *gmtime_r(const time_t *t, struct tm *tm)
{
    long days = *t / SECS_PER_DAY, secs = *t % SECS_PER_DAY;
    if (secs < 0) {                       /* before 1970: borrow a day */
        secs += SECS_PER_DAY;
        days--;
    }
    tm->tm_hour = secs / 3600;
    tm->tm_min = secs / 60 % 60;
    tm->tm_sec = secs % 60;
    tm->tm_wday = ((4 + days) % 7 + 7) % 7;   /* 1970-01-01 was a Thursday */

    long year = 1970 + days / 366;            /* at or below the right year */
    while (days_before_year(year + 1) <= days)
        year++;
    while (days_before_year(year) > days)
        year--;
    days -= days_before_year(year);
    tm->tm_year = year - 1900;
    tm->tm_yday = days;

    int mon = 0;
    while (days >= month_length(year, mon))
        days -= month_length(year, mon++);
    tm->tm_mon = mon;
    tm->tm_mday = days + 1;
    tm->tm_isdst = 0;
    tm->tm_gmtoff = 0;
    tm->tm_zone = "UTC";
    return tm;
}

struct tm *gmtime(const time_t *t)
{
    static struct tm tm;
    return gmtime_r(t, &tm);
}

/* Local time is UTC: there is no time zone. */
struct tm *localtime_r(const time_t *t, struct tm *tm)
{
    return gmtime_r(t, tm);
}

struct tm *localtime(const time_t *t)
{
    static struct tm tm;
    return gmtime_r(t, &tm);
}

/* The seconds since the epoch for the UTC date in *tm.  Fields out of
 * range are carried (tm_mon 12 is January of the next year, tm_mday 0
 * the last day of the previous month), and *tm is rewritten with the
 * normalised date and its tm_wday and tm_yday, as mktime(3) does. */
time_t timegm(struct tm *tm)
{
    long year = 1900L + tm->tm_year + tm->tm_mon / 12;
    int mon = tm->tm_mon % 12;
    if (mon < 0) {
        mon += 12;
        year--;
    }
    long days = days_before_year(year);
    for (int m = 0; m < mon; m++)
        days += month_length(year, m);
    days += tm->tm_mday - 1;
    time_t t = days * SECS_PER_DAY + tm->tm_hour * 3600L + tm->tm_min * 60L + tm->tm_sec;
    gmtime_r(&t, tm);
    return t;
}

time_t mktime(struct tm *tm)
{
    return timegm(tm);
}

double difftime(time_t end, time_t start)
{
    return (double)end - (double)start;
}
