/*
 * t_oom - running out of memory kills the hog, not the kernel.
 *
 * A child allocates and touches memory until the kernel has no frame
 * left for its next page fault; the kernel then prints
 * "Out of memory: Killed process PID (t_oom)" and kills it.  Afterwards
 * everything it held is free again and the system works.
 *
 *   oom_killed     the hog died of SIGKILL
 *   oom_recovered  free memory is back where it was before the hog
 *   oom_fork_works fork + exec still work afterwards
 *
 * Only on Pagoda: on Linux this would exhaust the host.
 */
#include "vmcheck.h"
#include <signal.h>

static void hog(void)
{
    for (;;) {
        char *p = sbrk(MIB);
        if (p == (char *)-1)
            _exit(2);                            /* address space full */
        for (long i = 0; i < MIB; i += PAGE)
            p[i] = 1;
    }
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return 0;                                /* the exec check's child */
    if (!on_pagoda()) {
        say("SKIP oom_killed: would exhaust the host's memory\n");
        return 0;
    }
    warm_stack();
    long before = free_pages();
    pid_t pid = fork();
    if (pid == 0)
        hog();
    int st;
    wait_for(pid, &st);
    CHECK("oom_killed", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
          "the hog ended with %s", wstr(st));
    long after = free_pages();
    CHECK("oom_recovered", after == before, "free pages %ld before, %ld after", before, after);
    pid = fork();
    if (pid == 0) {
        char *child_argv[] = { argv[0], "child", NULL };
        execv(argv[0], child_argv);
        _exit(127);
    }
    wait_for(pid, &st);
    CHECK("oom_fork_works", exited_with(st, 0), "fork+exec after OOM: %s", wstr(st));
    return finish();
}
