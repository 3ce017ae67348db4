/*
 * leakdemo - a program that leaks memory, to be caught in the act.
 *
 * Every second it mallocs KIB KiB more (as 1 KiB records: 1008 bytes
 * plus malloc's 16-byte header), writes to all of it so that the pages
 * are really used, and never frees any of it.  Its heap, and so its
 * VmData and its resident set (VmRSS), grow by KIB KiB a step, which
 * `pmap -x PID | tail -1` or /proc/PID/status shows from outside:
 *
 *     leakdemo -q &
 *     watch -n 1 "pmap -x PID | tail -1"
 *
 * Usage: leakdemo [-q] [-k KIB] [-n STEPS] [-s SECONDS]
 *   -k KIB      leak this much per step (default 64, a multiple of 4)
 *   -n STEPS    stop after this many steps (default: run until killed)
 *   -s SECONDS  wait this long between steps (default 1; 0: no wait)
 *   -q          quiet: print only the first line, not one per step
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "procmaps.h"

#define RECORD_BYTES 1008            /* + the 16-byte header = 1 KiB */
#define MAX_KIB      (64 * 1024)     /* at most 64 MiB per step */

/* A leaked record: a linked list nobody ever walks or frees. */
struct record {
    struct record *next;
    char payload[RECORD_BYTES - sizeof(struct record *)];
};

static struct record *leaked;        /* so the compiler keeps the stores */

/* Leak kib KiB: kib records, every byte written. */
static int leak(long kib)
{
    for (long i = 0; i < kib; i++) {
        struct record *r = malloc(sizeof(*r));
        if (!r)
            return -1;
        memset(r->payload, 'L', sizeof(r->payload));
        r->next = leaked;
        leaked = r;
    }
    return 0;
}

/* The step's line: what was leaked, and what /proc/self/status says. */
static void report(long step, long total_kib)
{
    long data = status_kb("/proc/self/status", "VmData");
    long rss = status_kb("/proc/self/status", "VmRSS");
    printf("step %ld: leaked %ld KiB so far; VmData %ld kB, VmRSS %ld kB\n",
           step, total_kib, data, rss);
    fflush(stdout);
}

static void usage(void)
{
    fprintf(stderr, "usage: leakdemo [-q] [-k KIB] [-n STEPS] [-s SECONDS]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    long kib = 64, steps = -1, seconds = 1;
    int quiet = 0, c;
    while ((c = getopt(argc, argv, "qk:n:s:")) != -1) {
        switch (c) {
        case 'q': quiet = 1; break;
        case 'k': kib = atol(optarg); break;
        case 'n': steps = atol(optarg); break;
        case 's': seconds = atol(optarg); break;
        default: usage();
        }
    }
    if (optind != argc || kib <= 0 || kib > MAX_KIB || kib % 4 || seconds < 0)
        usage();
    printf("leakdemo: pid %d leaks %ld KiB every %ld s (malloc, written, "
           "never freed)\n", (int)getpid(), kib, seconds);
    printf("watch it: watch -n 1 \"pmap -x %d | tail -1\"\n", (int)getpid());
    if (!quiet)
        report(0, 0);
    fflush(stdout);
    for (long step = 1; steps < 0 || step <= steps; step++) {
        if (leak(kib) < 0) {
            printf("leakdemo: out of memory after %ld KiB\n", (step - 1) * kib);
            return 1;
        }
        if (!quiet)
            report(step, step * kib);
        if (seconds && (steps < 0 || step < steps))
            sleep((unsigned)seconds);
    }
    return 0;
}
