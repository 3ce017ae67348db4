/*
 * t_lazy - memory is given when touched.
 *
 *   lazy_sbrk_1G     sbrk(1 GiB) succeeds even on a 128 MiB machine
 *   lazy_sbrk_free   ...and costs no free memory
 *   lazy_zero_fill   touching 32 MiB of it costs exactly 8192 zero-fill faults
 *   lazy_zeroed      every touched page reads as zero first
 *   lazy_shrink      shrinking the break gives the memory back
 */
#include "vmcheck.h"

#define ASK (1024 * MIB)
#define TOUCH (32 * MIB)

int main(void)
{
    warm_stack();
    long free0 = free_pages();
    char *heap = sbrk(ASK);
    CHECK("lazy_sbrk_1G", heap != (char *)-1, "sbrk(1 GiB) failed: %s", strerror(errno));
    if (heap == (char *)-1)
        return finish();
    long free1 = free_pages();
    if (on_pagoda())
        CHECK("lazy_sbrk_free", free0 - free1 <= 1,
              "sbrk cost %ld pages before any touch", free0 - free1);
    else
        say("SKIP lazy_sbrk_free: free memory is not exact on Linux\n");

    long zero0 = vmcounter("zero_fill");
    int all_zero = 1;
    for (long i = 0; i < TOUCH; i += PAGE) {
        all_zero &= heap[i] == 0 && heap[i + PAGE - 1] == 0;
        heap[i] = 1;
    }
    long zero_fills = vmcounter("zero_fill") - zero0;
    CHECK("lazy_zeroed", all_zero, "a fresh page was not zero");
    if (zero0 < 0)
        say("SKIP lazy_zero_fill: no /proc/self/vmcounters (not Pagoda)\n");
    else
        CHECK("lazy_zero_fill", zero_fills == TOUCH / PAGE,
              "%ld zero-fill faults for 8192 pages", zero_fills);

    long free2 = free_pages();
    sbrk(-ASK);
    long free3 = free_pages();
    if (on_pagoda())
        CHECK("lazy_shrink", free3 - free2 >= TOUCH / PAGE,
              "shrinking gave back %ld pages, expected >= 8192", free3 - free2);
    else
        say("SKIP lazy_shrink: free memory is not exact on Linux\n");
    return finish();
}
