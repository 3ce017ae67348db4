/*
 * t_cow - fork is copy-on-write.
 *
 *   cow_child_isolated   a child's writes are invisible to the parent
 *   cow_parent_isolated  the parent's writes after fork are invisible to the child
 *   cow_fork_cheap       forking a parent with 64 MiB touched costs no more
 *                        free memory than the page tables and a few pages
 *   cow_copies_16M       the child writing 16 MiB makes exactly 4096 copies
 *   cow_reuse            after the child exits, the parent's writes reuse its
 *                        frames (no copies)
 *
 * The exact-count checks need Pagoda's /proc/self/vmcounters and its exact
 * free-memory count; on Linux they print SKIP.
 */
#include "vmcheck.h"

#define BIG (64 * MIB)
#define TOUCHED (16 * MIB)

static void isolation(void)
{
    static char page[PAGE] __attribute__((aligned(4096)));
    int to_child[2], to_parent[2];
    char c;
    strcpy(page, "original");
    if (pipe(to_child) < 0 || pipe(to_parent) < 0)
        return fail("cow_child_isolated", "pipe failed");
    pid_t pid = fork();
    if (pid == 0) {
        strcpy(page, "child");                   /* child writes first */
        write(to_parent[1], "w", 1);
        read(to_child[0], &c, 1);                /* parent has written */
        _exit(strcmp(page, "child") == 0 ? 0 : 1);
    }
    read(to_parent[0], &c, 1);
    CHECK("cow_child_isolated", strcmp(page, "original") == 0,
          "parent sees \"%s\" after the child wrote", page);
    strcpy(page, "parent");
    write(to_child[1], "w", 1);
    int st;
    wait_for(pid, &st);
    CHECK("cow_parent_isolated", exited_with(st, 0),
          "the child saw the parent's write (%s)", wstr(st));
}

static void big_fork(void)
{
    char *heap = sbrk(BIG);
    if (heap == (char *)-1)
        return fail("cow_fork_cheap", "sbrk(64 MiB) failed");
    for (long i = 0; i < BIG; i += PAGE)
        heap[i] = 1;                             /* 16384 present pages */
    warm_stack();
    long before = free_pages();
    int go[2], ready[2];
    pipe(go);
    pipe(ready);
    pid_t pid = fork();
    if (pid == 0) {
        long copies0 = vmcounter("cow_copies");
        write(ready[1], "r", 1);                 /* the parent measures now */
        char c;
        read(go[0], &c, 1);
        for (long i = 0; i < TOUCHED; i += PAGE)
            heap[i] = 2;                         /* 4096 pages written */
        long copies = vmcounter("cow_copies") - copies0;
        _exit(copies0 < 0 ? 100 : copies == TOUCHED / PAGE ? 0 : 1);
    }
    char c;
    read(ready[0], &c, 1);
    long cost = before - free_pages();
    /* 16 page tables for 64 MiB, the page directory, a kernel stack (2
     * pages) and a handful of pages the child touched so far. */
    if (on_pagoda())
        CHECK("cow_fork_cheap", cost >= 0 && cost <= 16 + 1 + 2 + 16,
              "fork cost %ld pages for 64 MiB touched", cost);
    else
        say("SKIP cow_fork_cheap: free memory is not exact on Linux (cost %ld pages)\n", cost);
    write(go[1], "g", 1);
    int st;
    wait_for(pid, &st);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 100)
        say("SKIP cow_copies_16M: no /proc/self/vmcounters (not Pagoda)\n");
    else
        CHECK("cow_copies_16M", exited_with(st, 0),
              "the child's 16 MiB of writes did not make exactly 4096 copies (%s)", wstr(st));
    long reuse0 = vmcounter("cow_reuses"), copies0 = vmcounter("cow_copies");
    for (long i = 0; i < TOUCHED; i += PAGE)
        heap[i] = 3;                             /* sole owner again */
    if (reuse0 < 0)
        say("SKIP cow_reuse: no /proc/self/vmcounters (not Pagoda)\n");
    else
        CHECK("cow_reuse", vmcounter("cow_copies") == copies0 &&
              vmcounter("cow_reuses") - reuse0 == TOUCHED / PAGE,
              "expected 4096 reuses and no copies, got %ld reuses, %ld copies",
              vmcounter("cow_reuses") - reuse0, vmcounter("cow_copies") - copies0);
    sbrk(-BIG);
}

int main(void)
{
    isolation();
    big_fork();
    reap_all();
    return finish();
}
