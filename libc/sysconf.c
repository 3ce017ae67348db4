/*
 * libc/sysconf.c - sysconf(3): system limits and sizes a program asks for
 * at run time rather than compiling in.  The _SC_ numbers are glibc's, so
 * source written for Linux asks the same questions.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#define PAGE_SIZE 4096
#define USER_HZ   100            /* the unit of times() and /proc's ticks */

/* CPUs the kernel runs on: the "cpuN" lines of /proc/stat (1 if it
 * cannot be read: Pagoda runs on one CPU). */
static long online_cpus(void)
{
    char buf[4096];
    int fd = open("/proc/stat", O_RDONLY);
    if (fd < 0)
        return 1;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return 1;
    buf[n] = '\0';
    long cpus = 0;
    char *line = buf;
    while (line) {
        if (!strncmp(line, "cpu", 3) && line[3] >= '0' && line[3] <= '9')
            cpus++;
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    return cpus ? cpus : 1;
}

/* RAM in pages, total or free, from sysinfo(2). */
static long ram_pages(int free_only)
{
    struct sysinfo si;
    if (sysinfo(&si) < 0)
        return -1;
    unsigned long long bytes = (unsigned long long)(free_only ? si.freeram : si.totalram)
                               * (si.mem_unit ? si.mem_unit : 1);
    return (long)(bytes / PAGE_SIZE);
}

long sysconf(int name)
{
    switch (name) {
    case _SC_ARG_MAX:          return 131072;   /* POSIX's floor; Linux allows more */
    case _SC_CLK_TCK:          return USER_HZ;
    case _SC_OPEN_MAX:         return 1024;     /* RLIMIT_NOFILE's soft default */
    case _SC_PAGESIZE:         return PAGE_SIZE;
    case _SC_NPROCESSORS_CONF:
    case _SC_NPROCESSORS_ONLN: return online_cpus();
    case _SC_PHYS_PAGES:       return ram_pages(0);
    case _SC_AVPHYS_PAGES:     return ram_pages(1);
    }
    errno = EINVAL;
    return -1;
}

int getpagesize(void)
{
    return PAGE_SIZE;
}
