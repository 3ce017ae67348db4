/*
 * t_enomem - fork and exec report ENOMEM when memory runs out, and the
 * process that asked survives.
 *
 * The test fills free memory with its own heap pages until only a few
 * frames are left (too few for a new process's page directory, page
 * tables and kernel stack), then:
 *
 *   enomem_fork      fork fails with ENOMEM (or EAGAIN), nothing leaks
 *   enomem_exec      execve fails with ENOMEM, and the caller carries on
 *   enomem_recovers  after giving the memory back, fork and exec work
 *
 * Only on Pagoda, where free memory is exact.
 */
#include "vmcheck.h"

#define LEAVE 3            /* frames to leave free */

int main(int argc, char **argv)
{
    if (argc > 1)
        return 0;                                /* the exec'd child */
    if (!on_pagoda()) {
        say("SKIP enomem_fork: needs Pagoda's exact free memory\n");
        return 0;
    }
    warm_stack();
    char *start = sbrk(0), *end = start;
    /* Grow the heap page by page while more than LEAVE frames are free
     * (a new page table costs one more now and then: check each time). */
    while (free_pages() > LEAVE + 1) {
        if (sbrk(PAGE) == (void *)-1)
            break;
        end += PAGE;
        end[-PAGE] = 1;
    }
    /* Each attempt runs twice: the first may touch a page of our own
     * (errno, the stack), the second must leave free memory unchanged. */
    pid_t pid = 0;
    int fork_errno = 0, exec_errno = 0, r = 0;
    long low = 0, after_fork = 0, after_exec = 0;
    char *child_argv[] = { argv[0], "child", NULL };
    for (int round = 0; round < 2; round++) {
        low = free_pages();
        errno = 0;
        pid = fork();
        if (pid == 0)
            _exit(0);
        fork_errno = errno;
        if (pid > 0) {
            int st;
            wait_for(pid, &st);
        }
        after_fork = free_pages();
        errno = 0;
        r = execv(argv[0], child_argv);          /* returns only on failure */
        exec_errno = errno;
        after_exec = free_pages();
    }
    sbrk(-(end - start));                        /* give it all back */
    CHECK("enomem_fork", pid < 0 && (fork_errno == ENOMEM || fork_errno == EAGAIN) &&
          after_fork == low, "fork with %ld frames free: pid %d errno %d, free after %ld",
          low, pid, fork_errno, after_fork);
    CHECK("enomem_exec", r < 0 && exec_errno == ENOMEM && after_exec == low,
          "exec with %ld frames free: errno %d, free after %ld", low, exec_errno, after_exec);
    pid = fork();
    if (pid == 0) {
        execv(argv[0], child_argv);
        _exit(127);
    }
    int st = 0;
    if (pid > 0)
        wait_for(pid, &st);
    CHECK("enomem_recovers", pid > 0 && exited_with(st, 0), "fork+exec afterwards: %s",
          pid > 0 ? wstr(st) : strerror(errno));
    return finish();
}
