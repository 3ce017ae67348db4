/*
 * procps.h - a small reader of /proc for ps, top and their kin
 * (libc/procps.c).  It reads what procps's libproc2 reads, from the same
 * files, so our tools print the numbers Linux's tools print:
 *
 *   /proc/PID/stat     pid, state, ppid ... start time, vsize, rss
 *   /proc/PID/status   the uid, VmSize, VmRSS, VmLck (absent: 0)
 *   /proc/PID/statm    size, resident, shared pages (top's VIRT/RES/SHR)
 *   /proc/PID/cmdline  the arguments, joined by spaces
 *   /proc/meminfo, /proc/stat, /proc/uptime, /proc/loadavg
 *
 * Everything is read as 64-bit numbers: this library also runs on 64-bit
 * Linux hosts (the tests compare with Debian's procps there), whose /proc
 * holds addresses and sizes beyond 32 bits.
 */
#ifndef _PROCPS_H
#define _PROCPS_H

#define PROCPS_CMDLINE_MAX 4096       /* bytes of the joined arguments kept */

/* One process, as procps's proc_t holds it. */
struct proc_task {
    int pid, ppid, pgrp, session, tty_nr, tpgid;
    char state;                       /* R S D Z T t X I */
    char comm[64];                    /* the name in stat's parentheses */
    unsigned long long utime, stime;  /* clock ticks */
    unsigned long long cutime, cstime;
    unsigned long long start_time;    /* ticks after boot */
    long priority, nice, nlwp;
    unsigned long long minflt, majflt, vsize;   /* vsize in bytes */
    long long rss;                    /* pages (stat's field 24) */
    unsigned euid, ruid;              /* status's Uid: line */
    unsigned long long vm_size, vm_rss, vm_lck, vm_swap;  /* kB; 0 if absent */
    unsigned long long statm_size, statm_resident, statm_share; /* pages */
    char cmdline[PROCPS_CMDLINE_MAX]; /* "" when the process has none */
};

/* Make s printable in place as procps does in the C locale: control
 * bytes become '.', bytes above 0x7f '?'. */
void procps_escape(char *s);

/* Read /proc/PID; 0, or -1 if the process is gone or unreadable. */
int procps_read_task(int pid, struct proc_task *t);

/* The pids of /proc's numeric entries, in readdir order (the order ps
 * lists them without --sort).  Returns a malloc'd array and its length
 * in *n, or NULL. */
int *procps_pids(int *n);

/* The system's memory, /proc/meminfo's lines in kB (0 if absent). */
struct proc_meminfo {
    unsigned long long total, free, available, buffers, cached,
                       sreclaimable, shmem, swap_total, swap_free;
};
int procps_meminfo(struct proc_meminfo *m);

/* /proc/uptime's first number, in hundredths of a second. */
long long procps_uptime_cs(void);

/* /proc/stat's btime (seconds since 1970), 0 if absent. */
long long procps_boot_time(void);

/* /proc/stat's first "cpu" line: user nice system idle iowait irq
 * softirq steal, in ticks. */
struct proc_cpu { unsigned long long v[8]; };
int procps_cpu(struct proc_cpu *c);

/* /proc/loadavg's three averages, each in hundredths ("0.15" -> 15). */
int procps_loadavg(int avg[3]);

/* Clock ticks per second (sysconf(_SC_CLK_TCK)). */
long procps_hertz(void);

/* The login name of uid (from /etc/passwd), or NULL. */
const char *procps_user_name(unsigned uid);

/* Write the terminal name of device number tty_nr as ps shows it
 * ("?", "pts/3", "ttyS0", "console") into buf. */
void procps_tty_name(int tty_nr, char *buf, int size);

/* Decimal digits of /proc/sys/kernel/pid_max (5 if absent), the width
 * ps and top give pid columns. */
int procps_pid_length(void);

#endif
