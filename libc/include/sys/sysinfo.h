/*
 * sys/sysinfo.h - sysinfo(): uptime, load and memory totals.  The layout
 * is Linux's 64-byte struct sysinfo.  Memory sizes are in units of
 * mem_unit bytes.
 */
#ifndef _SYS_SYSINFO_H
#define _SYS_SYSINFO_H

struct sysinfo {
    long uptime;                 /*  0: seconds since boot */
    unsigned long loads[3];      /*  4: 1, 5, 15 minute loads * 65536 */
    unsigned long totalram;      /* 16 */
    unsigned long freeram;       /* 20 */
    unsigned long sharedram;     /* 24 */
    unsigned long bufferram;     /* 28 */
    unsigned long totalswap;     /* 32 */
    unsigned long freeswap;      /* 36 */
    unsigned short procs;        /* 40: number of processes */
    unsigned short __pad;        /* 42 */
    unsigned long totalhigh;     /* 44 */
    unsigned long freehigh;      /* 48 */
    unsigned int mem_unit;       /* 52: bytes per unit above */
    char __reserved[8];          /* 56 */
};

int sysinfo(struct sysinfo *info);

#endif
