/*
 * t_leak - 200 rounds of fork + execve + wait must not leak memory.
 *
 * After a few warm-up rounds (the first exec of a program may fill caches
 * for good), the free memory that sysinfo() reports is recorded; then 200
 * rounds run, and on Pagoda the free memory must be back to exactly the
 * recorded value.  Linux's free memory moves for reasons of its own (page
 * cache, other processes), so there the check is skipped.
 *
 * The exec'd program is /bin/true if it exists, else this program itself
 * with the argument --exit (which exits 0 at once).
 *
 * Checks:
 *   leak_rounds     all 200 children exited 0
 *   leak_freeram    freeram after == freeram before (Pagoda only; SKIP on Linux)
 *   leak_brk_mmap   the same for 200 rounds of a child that grows its heap
 *                   by 1 MiB, maps 1 MiB, touches both and exits
 */
#include "check.h"          /* first: it sets _GNU_SOURCE */
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>

#define ROUNDS 200
#define WARMUP 5
#define MIB (1024 * 1024)

static const char *prog;      /* what each round executes */
static char *self;            /* our own path, argv[0] */

static unsigned long long free_bytes(void)
{
    struct sysinfo si;
    if (sysinfo(&si) != 0)
        return 0;
    return (unsigned long long)si.freeram * (si.mem_unit ? si.mem_unit : 1);
}

/* One round: fork, exec prog, wait.  Returns 1 if the child exited 0. */
static int exec_round(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = { (char *)prog, "--exit", NULL };
        execve(prog, argv, (char *[]){ NULL });
        _exit(127);
    }
    int st = -1;
    return pid > 0 && wait_for(pid, &st) == pid && exited_with(st, 0);
}

/* One round of a child that uses heap and mmap memory, then exits. */
static int memory_round(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        char *h = sbrk(MIB);
        char *m = mmap(NULL, MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (h == (void *)-1 || m == MAP_FAILED)
            _exit(1);
        for (int i = 0; i < MIB; i += 4096)
            h[i] = m[i] = 1;             /* every page gets a frame */
        _exit(0);
    }
    int st = -1;
    return pid > 0 && wait_for(pid, &st) == pid && exited_with(st, 0);
}

/* Run `rounds` of fn after a warm-up; check all succeeded and (on Pagoda)
 * that free memory came back exactly. */
static void measure(const char *name_rounds, const char *name_free, int (*fn)(void),
                    int pagoda)
{
    for (int i = 0; i < WARMUP; i++)
        fn();
    unsigned long long before = free_bytes();
    int ok = 0;
    for (int i = 0; i < ROUNDS; i++)
        ok += fn();
    unsigned long long after = free_bytes();
    if (name_rounds)
        CHECK(name_rounds, ok == ROUNDS, "only %d of %d rounds exited 0", ok, ROUNDS);
    else if (ok != ROUNDS)
        fail(name_free, "only %d of %d rounds exited 0", ok, ROUNDS);
    if (!pagoda)
        say("SKIP %s: freeram is not exact on Linux (before %llu, after %llu)\n",
            name_free, before, after);
    else
        CHECK(name_free, before == after && before != 0,
              "free memory before %llu, after %llu bytes (%lld lost)", before, after,
              (long long)(before - after));
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--exit") == 0)
        return 0;
    self = argv[0];
    prog = access("/bin/true", X_OK) == 0 ? "/bin/true" : self;
    say("INFO t_leak executes %s %d times\n", prog, ROUNDS);
    int pagoda = on_pagoda();
    measure("leak_rounds", "leak_freeram", exec_round, pagoda);
    measure(NULL, "leak_brk_mmap", memory_round, pagoda);
    return finish();
}
