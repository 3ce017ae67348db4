/*
 * user/vmcounters.h - reading the kernel's page-fault counters for one
 * process from /proc/PID/vmcounters (a Pagoda file, not Linux's), and
 * switching the per-process fault trace on and off (/proc/PID/pftrace).
 * Shared by the demo programs.
 */
#ifndef USER_VMCOUNTERS_H
#define USER_VMCOUNTERS_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct vmcounters {
    long minor_faults, major_faults, zero_fill, file_pages;
    long cow_copies, cow_reuses, stack_grows, segfaults;
};

/* Fill *c from /proc/self/vmcounters; returns 0, or -1 if unreadable. */
static inline int vmcounters_read(struct vmcounters *c)
{
    static const char *const keys[] = {
        "minor_faults", "major_faults", "zero_fill", "file_pages",
        "cow_copies", "cow_reuses", "stack_grows", "segfaults",
    };
    long *fields = &c->minor_faults;       /* the struct is 8 longs in order */
    char line[64];
    FILE *f = fopen("/proc/self/vmcounters", "r");
    if (!f)
        return -1;
    memset(c, 0, sizeof(*c));
    while (fgets(line, sizeof(line), f)) {
        char *space = strchr(line, ' ');
        if (!space)
            continue;
        *space = '\0';
        for (int i = 0; i < 8; i++)
            if (strcmp(line, keys[i]) == 0)
                fields[i] = strtol(space + 1, NULL, 10);
    }
    fclose(f);
    return 0;
}

/* Log every page fault of this process on the console (1) or stop (0). */
static inline void pftrace(int on)
{
    int fd = open("/proc/self/pftrace", O_WRONLY);
    if (fd >= 0) {
        write(fd, on ? "1\n" : "0\n", 2);
        close(fd);
    }
}

#endif
