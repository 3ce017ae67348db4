/*
 * procps.c - a small /proc reader for ps and top (procps.h says what
 * each function reads).  Files are read whole with one open/read loop;
 * numbers are parsed by hand, as unsigned 64-bit values.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <procps.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Read all of path (at most size-1 bytes) into buf, NUL-terminated.
 * Returns the length, or -1. */
static int read_whole(const char *path, char *buf, int size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    int n = 0;
    while (n < size - 1) {
        ssize_t r = read(fd, buf + n, size - 1 - n);
        if (r <= 0)
            break;
        n += (int)r;
    }
    close(fd);
    buf[n] = '\0';
    return n;
}

/* Parse a signed decimal at *s, skipping blanks first; advance *s. */
static long long next_num(const char **s)
{
    const char *p = *s;
    while (*p == ' ' || *p == '\t')
        p++;
    int neg = *p == '-';
    if (neg)
        p++;
    unsigned long long v = 0;
    while (isdigit((unsigned char)*p))
        v = v * 10 + (unsigned)(*p++ - '0');
    *s = p;
    return neg ? -(long long)v : (long long)v;
}

/* stat: the name ends at the LAST ')', since it may itself hold ')'. */
static int read_stat(int pid, struct proc_task *t)
{
    char path[40], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    if (read_whole(path, buf, sizeof buf) <= 0)
        return -1;
    char *open = strchr(buf, '('), *close = strrchr(buf, ')');
    if (!open || !close || close < open || !close[1] || !close[2])
        return -1;
    int len = (int)(close - open - 1);
    if (len > (int)sizeof t->comm - 1)
        len = sizeof t->comm - 1;
    memcpy(t->comm, open + 1, len);
    t->comm[len] = '\0';
    procps_escape(t->comm);
    t->state = close[2];
    const char *s = close + 3;
    long long f[53];                  /* f[4] is field 4, ppid, ... */
    for (int i = 4; i <= 52; i++)
        f[i] = next_num(&s);
    t->pid = pid;
    t->ppid = (int)f[4];
    t->pgrp = (int)f[5];
    t->session = (int)f[6];
    t->tty_nr = (int)f[7];
    t->tpgid = (int)f[8];
    t->minflt = f[10];
    t->majflt = f[12];
    t->utime = f[14];
    t->stime = f[15];
    t->cutime = f[16];
    t->cstime = f[17];
    t->priority = (long)f[18];
    t->nice = (long)f[19];
    t->nlwp = (long)f[20];
    t->start_time = f[22];
    t->vsize = f[23];
    t->rss = f[24];
    return 0;
}

/* The number after "Name:" in a status-like text, or 0 if absent. */
static unsigned long long field_after(const char *text, const char *name)
{
    int n = (int)strlen(name);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
        if (!strncmp(p, name, n)) {
            const char *v = p + n;
            while (*v == ' ' || *v == '\t')
                v++;
            return (unsigned long long)next_num(&v);
        }
    return 0;
}

/* status: the effective uid and the Vm lines (absent in a zombie). */
static void read_status(int pid, struct proc_task *t)
{
    char path[40], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    if (read_whole(path, buf, sizeof buf) <= 0)
        return;
    const char *uid = strstr(buf, "\nUid:");
    if (uid) {
        uid += 5;
        t->ruid = (unsigned)next_num(&uid);
        t->euid = (unsigned)next_num(&uid);
    }
    t->vm_size = field_after(buf, "VmSize:");
    t->vm_rss = field_after(buf, "VmRSS:");
    t->vm_lck = field_after(buf, "VmLck:");
    t->vm_swap = field_after(buf, "VmSwap:");
}

/* statm: size resident shared ..., in pages. */
static void read_statm(int pid, struct proc_task *t)
{
    char path[40], buf[256];
    snprintf(path, sizeof path, "/proc/%d/statm", pid);
    if (read_whole(path, buf, sizeof buf) <= 0)
        return;
    const char *s = buf;
    t->statm_size = next_num(&s);
    t->statm_resident = next_num(&s);
    t->statm_share = next_num(&s);
}

/* cmdline: NULs and newlines become spaces, trailing NULs dropped, as
 * procps's read_unvectored does; then, as its escape_str does in the C
 * locale, control bytes become '.' and bytes above 0x7e '?'. */
static void read_cmdline(int pid, struct proc_task *t)
{
    char path[40];
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    int n = read_whole(path, t->cmdline, sizeof t->cmdline);
    if (n <= 0) {
        t->cmdline[0] = '\0';
        return;
    }
    int i = n;
    while (i && t->cmdline[i - 1] == '\0')
        i--;
    while (i--)
        if (t->cmdline[i] == '\n' || t->cmdline[i] == '\0')
            t->cmdline[i] = ' ';
    if (t->cmdline[n - 1] == ' ')
        t->cmdline[n - 1] = '\0';
    procps_escape(t->cmdline);
}

void procps_escape(char *s)
{
    for (unsigned char *c = (unsigned char *)s; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            *c = '.';
        else if (*c > 0x7f)
            *c = '?';
}

int procps_read_task(int pid, struct proc_task *t)
{
    memset(t, 0, sizeof *t);
    if (read_stat(pid, t) < 0)
        return -1;
    read_status(pid, t);
    read_statm(pid, t);
    read_cmdline(pid, t);
    return 0;
}

int *procps_pids(int *n)
{
    DIR *d = opendir("/proc");
    if (!d)
        return NULL;
    int cap = 256, count = 0;
    int *pids = malloc(cap * sizeof *pids);
    struct dirent *e;
    while (pids && (e = readdir(d))) {
        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        if (count == cap) {
            int *more = realloc(pids, 2 * cap * sizeof *pids);
            if (!more)
                break;
            pids = more;
            cap *= 2;
        }
        pids[count++] = atoi(e->d_name);
    }
    closedir(d);
    *n = count;
    return pids;
}

int procps_meminfo(struct proc_meminfo *m)
{
    static char buf[8192];
    memset(m, 0, sizeof *m);
    if (read_whole("/proc/meminfo", buf, sizeof buf) <= 0)
        return -1;
    m->total = field_after(buf, "MemTotal:");
    m->free = field_after(buf, "MemFree:");
    m->available = field_after(buf, "MemAvailable:");
    m->buffers = field_after(buf, "Buffers:");
    m->cached = field_after(buf, "Cached:");
    m->sreclaimable = field_after(buf, "SReclaimable:");
    m->shmem = field_after(buf, "Shmem:");
    m->swap_total = field_after(buf, "SwapTotal:");
    m->swap_free = field_after(buf, "SwapFree:");
    return 0;
}

/* Parse "SECS.CC" at s into hundredths. */
static long long parse_hundredths(const char **s)
{
    long long whole = next_num(s), frac = 0;
    if (**s == '.') {
        const char *p = *s + 1;
        for (int i = 0; i < 2; i++)
            frac = frac * 10 + (isdigit((unsigned char)*p) ? *p++ - '0' : 0);
        while (isdigit((unsigned char)*p))
            p++;
        *s = p;
    }
    return whole * 100 + frac;
}

long long procps_uptime_cs(void)
{
    char buf[128];
    if (read_whole("/proc/uptime", buf, sizeof buf) <= 0)
        return 0;
    const char *s = buf;
    return parse_hundredths(&s);
}

/* /proc/stat, read once per call into a static buffer. */
static const char *read_proc_stat(void)
{
    static char buf[16384];
    return read_whole("/proc/stat", buf, sizeof buf) > 0 ? buf : NULL;
}

long long procps_boot_time(void)
{
    const char *s = read_proc_stat();
    return s ? (long long)field_after(s, "btime") : 0;
}

int procps_cpu(struct proc_cpu *c)
{
    memset(c, 0, sizeof *c);
    const char *s = read_proc_stat();
    if (!s || strncmp(s, "cpu ", 4))
        return -1;
    s += 4;
    for (int i = 0; i < 8; i++)
        c->v[i] = next_num(&s);
    return 0;
}

int procps_loadavg(int avg[3])
{
    char buf[128];
    avg[0] = avg[1] = avg[2] = 0;
    if (read_whole("/proc/loadavg", buf, sizeof buf) <= 0)
        return -1;
    const char *s = buf;
    for (int i = 0; i < 3; i++)
        avg[i] = (int)parse_hundredths(&s);
    return 0;
}

long procps_hertz(void)
{
    long hz = sysconf(_SC_CLK_TCK);
    return hz > 0 ? hz : 100;
}

const char *procps_user_name(unsigned uid)
{
    static char buf[8192], name[64];
    static unsigned cached_uid = (unsigned)-1;
    static const char *cached;
    if (uid == cached_uid)
        return cached;
    cached_uid = uid;
    cached = NULL;
    if (read_whole("/etc/passwd", buf, sizeof buf) <= 0)
        return NULL;
    for (char *line = buf; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : line) {
        char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2)
            continue;
        const char *u = c2 + 1;
        if (!isdigit((unsigned char)*u) || (unsigned)next_num(&u) != uid || *u != ':')
            continue;
        int len = (int)(c1 - line);
        if (len > (int)sizeof name - 1)
            len = sizeof name - 1;
        memcpy(name, line, len);
        name[len] = '\0';
        return cached = name;
    }
    return NULL;
}

/* Linux's device numbers: major in bits 8-19, minor in 0-7 and 20-31. */
void procps_tty_name(int tty_nr, char *buf, int size)
{
    unsigned dev = (unsigned)tty_nr;
    unsigned major = (dev >> 8) & 0xfff, minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
    if (dev == 0)
        snprintf(buf, size, "?");
    else if (major >= 136 && major <= 143)
        snprintf(buf, size, "pts/%u", (major - 136) * 256 + minor);
    else if (major == 4 && minor < 64)
        snprintf(buf, size, "tty%u", minor);
    else if (major == 4)
        snprintf(buf, size, "ttyS%u", minor - 64);
    else if (major == 5 && minor == 1)
        snprintf(buf, size, "console");
    else if (major == 5 && minor == 0)
        snprintf(buf, size, "tty");
    else
        snprintf(buf, size, "%u,%u", major, minor);
}

int procps_pid_length(void)
{
    static int length;
    char buf[32];
    if (length)
        return length;
    length = 5;
    int n = read_whole("/proc/sys/kernel/pid_max", buf, sizeof buf);
    if (n > 0) {
        if (buf[n - 1] == '\n')
            n--;
        if (n > 0)
            length = n;
    }
    return length;
}
