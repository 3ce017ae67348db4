/*
 * kernel/rtc.c - reads the MC146818 real-time clock through CMOS ports
 * 0x70/0x71.  QEMU's RTC runs in UTC.
 */
#include "kernel/rtc.h"
#include "kernel/x86.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71
#define RTC_SEC 0x00
#define RTC_MIN 0x02
#define RTC_HOUR 0x04
#define RTC_DAY 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_STATUS_A 0x0A
#define RTC_STATUS_B 0x0B
#define RTC_UPDATING 0x80   /* status A: an update is in progress */
#define RTC_BINARY   0x04   /* status B: values are binary, not BCD */

static uint8_t cmos(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

static uint32_t from_bcd(uint8_t v, int binary)
{
    return binary ? v : (v >> 4) * 10 + (v & 0xF);
}

/* Days from 1970-01-01 to year-month-day (month 1-12), the civil-calendar
 * arithmetic of "days from civil" with March as the first month. */
static uint32_t days_since_epoch(uint32_t y, uint32_t m, uint32_t d)
{
    y -= m <= 2;
    uint32_t era = y / 400, yoe = y - era * 400;
    uint32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    uint32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

uint32_t rtc_read_epoch(void)
{
    while (cmos(RTC_STATUS_A) & RTC_UPDATING)
        ;
    int binary = cmos(RTC_STATUS_B) & RTC_BINARY;
    uint32_t sec = from_bcd(cmos(RTC_SEC), binary);
    uint32_t min = from_bcd(cmos(RTC_MIN), binary);
    uint32_t hour = from_bcd(cmos(RTC_HOUR) & 0x7F, binary);
    uint32_t day = from_bcd(cmos(RTC_DAY), binary);
    uint32_t month = from_bcd(cmos(RTC_MONTH), binary);
    uint32_t year = 2000 + from_bcd(cmos(RTC_YEAR), binary);
    return days_since_epoch(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
}
