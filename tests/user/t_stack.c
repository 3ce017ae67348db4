/*
 * t_stack - the stack grows on demand, up to 8 MiB.
 *
 *   stack_4M        recursing through 4 MiB of stack works
 *   stack_beyond_8M recursing past 8 MiB ends in SIGSEGV
 *   stack_far_read  a read 4 MiB below the stack pointer grows the stack
 *                   too (Linux 6.1 does not check %esp)
 */
#include "vmcheck.h"
#include <stdint.h>

/* Use about `kib` KiB of stack; return something so it is not optimised. */
static int deep(int kib)
{
    volatile char frame[1000];
    frame[0] = (char)kib;
    frame[999] = 0;
    return kib > 0 ? deep(kib - 1) + frame[0] : frame[999];
}

/* Run deep(kib) in a child; return its wait status. */
static int in_child(int kib)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(deep(kib) == -1 ? 1 : 0);
    int st;
    wait_for(pid, &st);
    return st;
}

int main(void)
{
    int st = in_child(4 * 1024);
    CHECK("stack_4M", exited_with(st, 0), "4 MiB of recursion: %s", wstr(st));
    st = in_child(9 * 1024);
    CHECK("stack_beyond_8M", WIFSIGNALED(st) && WTERMSIG(st) == 11,
          "9 MiB of recursion: %s, expected signal 11", wstr(st));

    pid_t pid = fork();
    if (pid == 0) {
        volatile uintptr_t here = (uintptr_t)&here;   /* an address on our stack */
        volatile char *far = (volatile char *)(here - 4 * MIB);
        _exit(*far == 0 ? 0 : 1);
    }
    wait_for(pid, &st);
    CHECK("stack_far_read", exited_with(st, 0), "read 4 MiB below esp: %s", wstr(st));
    return finish();
}
