/*
 * t_forkloop - 1000 fork/exit cycles leak nothing.
 *
 * The parent has some heap and stack in use, so each fork really has
 * page tables and copy-on-write pages to set up and tear down; each
 * child writes a page (making one copy) and exits.
 *
 *   forkloop_all_exited  every child exited with status 0
 *   forkloop_no_leak     free memory afterwards equals before (Pagoda only)
 */
#include "vmcheck.h"

#define CYCLES 1000

int main(void)
{
    char *heap = sbrk(64 * PAGE);
    for (long i = 0; i < 64 * PAGE; i += PAGE)
        heap[i] = 1;
    warm_stack();
    long before = free_pages();
    int ok = 0;
    for (int i = 0; i < CYCLES; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            heap[(i % 64) * PAGE] = 2;           /* one copy-on-write copy */
            _exit(0);
        }
        int st;
        if (pid > 0 && wait_for(pid, &st) == pid && exited_with(st, 0))
            ok++;
    }
    long after = free_pages();
    CHECK("forkloop_all_exited", ok == CYCLES, "%d of %d children exited 0", ok, CYCLES);
    if (on_pagoda())
        CHECK("forkloop_no_leak", after == before,
              "free pages %ld before, %ld after %d cycles", before, after, CYCLES);
    else
        say("SKIP forkloop_no_leak: free memory is not exact on Linux\n");
    return finish();
}
