/*
 * tests/user/vmcheck.h - what the virtual-memory tests need beyond
 * check.h: free memory (sysinfo), Pagoda's per-process fault counters
 * (/proc/self/vmcounters) and the physical frame behind an address
 * (/proc/self/pagemap, Linux's format: one 64-bit word per page, bit 63
 * "present", bits 0-54 the frame number).
 */
#ifndef TESTS_USER_VMCHECK_H
#define TESTS_USER_VMCHECK_H

#include "check.h"
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/sysinfo.h>

#define PAGE 4096L
#define MIB (1024L * 1024L)

/* Touch 32 KiB of stack below the caller and run the formatting code
 * once, so that the pages a later PASS/FAIL line needs (stack, the C
 * library's data) are already present and do not show up as a change in
 * free memory between two measurements. */
UNUSED static void warm_stack(void)
{
    volatile char buf[32 * 1024];
    char line[64];
    for (unsigned i = 0; i < sizeof(buf); i += 512)
        buf[i] = 0;
    snprintf(line, sizeof(line), "%s %d %ld %s", "warm", 1, 2L, wstr(0));
}

/* Free physical memory in pages. */
UNUSED static long free_pages(void)
{
    struct sysinfo si;
    if (sysinfo(&si) < 0)
        return -1;
    return (long)((unsigned long long)si.freeram * si.mem_unit / PAGE);
}

/* One counter from /proc/self/vmcounters, or -1 if unavailable (Linux). */
UNUSED static long vmcounter(const char *name)
{
    char buf[512];
    int fd = open("/proc/self/vmcounters", O_RDONLY);
    if (fd < 0)
        return -1;
    int n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    size_t len = strlen(name);
    for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (strncmp(line, name, len) == 0 && line[len] == ' ')
            return strtol(line + len + 1, NULL, 10);
    return -1;
}

/* The physical frame number behind `addr` in this process, -1 if the
 * page is not present or pagemap is unreadable. */
UNUSED static long long frame_of(const void *addr)
{
    uint64_t entry;
    int fd = open("/proc/self/pagemap", O_RDONLY);
    if (fd < 0)
        return -1;
    off_t off = (off_t)((uintptr_t)addr / PAGE) * 8;
    int ok = lseek(fd, off, SEEK_SET) == off && read(fd, &entry, 8) == 8;
    close(fd);
    if (!ok || !(entry >> 63))
        return -1;
    return (long long)(entry & ((1ULL << 55) - 1));
}

#endif
