/* kernel/rtc.h - the CMOS real-time clock: the date at boot. */
#ifndef KERNEL_RTC_H
#define KERNEL_RTC_H

#include <stdint.h>

/* Seconds since 1970-01-01 00:00 UTC, read from the RTC. */
uint32_t rtc_read_epoch(void);

#endif
