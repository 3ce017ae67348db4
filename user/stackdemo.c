/*
 * stackdemo - the stack grows on demand.
 *
 * The program starts with a small [stack].  Each level of recursion uses
 * about 1 KiB; whenever the stack pointer crosses into the page below
 * the region, the page-fault handler extends [stack] downwards (up to
 * the 8 MiB limit).  Usage: stackdemo [KIB], default 1024.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vmcounters.h"

/* Print this process's [stack] line from /proc/self/maps. */
static void show_stack_region(const char *when)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[256];
    while (f && fgets(line, sizeof(line), f))
        if (strstr(line, "[stack]"))
            printf("%-6s %s", when, line);
    if (f)
        fclose(f);
}

static int recurse(int depth)
{
    volatile char frame[1000];
    frame[0] = (char)depth;
    if (depth == 0)
        return frame[0];
    return recurse(depth - 1) + frame[0];
}

int main(int argc, char **argv)
{
    int kib = argc > 1 ? atoi(argv[1]) : 1024;
    struct vmcounters c0, c1;
    show_stack_region("before");
    vmcounters_read(&c0);
    recurse(kib);
    vmcounters_read(&c1);
    show_stack_region("after");
    printf("recursed %d KiB deep: the stack grew %ld times\n", kib,
           c1.stack_grows - c0.stack_grows);
    return 0;
}
