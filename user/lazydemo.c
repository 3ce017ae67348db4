/*
 * lazydemo - memory is given when touched, not when asked for.
 *
 * sbrk(256 MiB) only moves the end of the [heap] region: the kernel's
 * free memory does not change.  Touching 1 MiB of it then costs 256
 * page faults, each handing out one zeroed frame (demand-zero).
 */
#include <stdio.h>
#include <sys/sysinfo.h>
#include <unistd.h>
#include "vmcounters.h"

#define MIB (1024 * 1024)
#define PAGE 4096

static long free_kib(void)
{
    struct sysinfo si;
    sysinfo(&si);
    return (long)(si.freeram / 1024 * si.mem_unit);
}

int main(void)
{
    struct vmcounters c0, c1;
    long free0 = free_kib();
    char *heap = sbrk(256 * MIB);
    if (heap == (char *)-1) {
        perror("sbrk");
        return 1;
    }
    long free1 = free_kib();
    printf("sbrk(256 MiB) = %p: free memory %ld KiB -> %ld KiB\n",
           (void *)heap, free0, free1);
    vmcounters_read(&c0);
    for (long off = 0; off < MIB; off += PAGE)
        heap[off] = 1;                      /* first touch of each page */
    vmcounters_read(&c1);
    long free2 = free_kib();
    printf("touched 1 MiB: %ld zero-fill faults, free memory %ld KiB -> %ld KiB\n",
           c1.zero_fill - c0.zero_fill, free1, free2);
    return 0;
}
