/*
 * glibc_hello - an ordinary program built against glibc (static), to show
 * that Pagoda runs real Linux binaries: stdio, malloc (both its brk heap
 * and, from 128 KiB up, its mmap chunks), fork + wait, and file I/O in /tmp.
 *
 * Its output contains no pids, addresses or times, so the output on
 * Pagoda must equal the output natively on Linux byte for byte
 * (tests/test_user.py compares them).  The last line is "glibc_hello done"
 * and the exit status is 0 when every step worked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Allocate blocks of many sizes (1 byte .. 1 MiB), fill them, check
 * them, free them; return the number of blocks that were wrong. */
static int malloc_sizes(void)
{
    enum { N = 64 };
    unsigned char *blocks[N];
    size_t sizes[N];
    int bad = 0;
    size_t size = 1;
    for (int i = 0; i < N; i++) {
        sizes[i] = size;
        blocks[i] = malloc(size);
        if (!blocks[i])
            return -1;
        memset(blocks[i], i, size);
        /* Sizes grow by ~25% each step, capped at 1 MiB. */
        size = size + size / 4 + 1;
        if (size > 1024 * 1024)
            size = 1024 * 1024;
    }
    for (int i = 0; i < N; i++) {
        if (blocks[i][0] != (unsigned char)i || blocks[i][sizes[i] - 1] != (unsigned char)i)
            bad++;
        if (i % 2)                       /* free in a scattered order */
            free(blocks[i]);
    }
    for (int i = 0; i < N; i += 2)
        free(blocks[i]);
    printf("malloc: %d blocks from %zu to %zu bytes, %d wrong\n", N, sizes[0],
           sizes[N - 1], bad);
    return bad;
}

/* A child computes something and returns it through its exit status. */
static int fork_wait(void)
{
    fflush(stdout);                      /* or the child would print it again */
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        int sum = 0;
        for (int i = 1; i <= 10; i++)
            sum += i;
        printf("child: sum 1..10 = %d\n", sum);
        exit(sum);                       /* 55 */
    }
    int st;
    if (waitpid(pid, &st, 0) != pid) {
        perror("waitpid");
        return 1;
    }
    printf("parent: child exited with %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return !(WIFEXITED(st) && WEXITSTATUS(st) == 55);
}

/* Write a file with stdio, read it back line by line. */
static int file_io(void)
{
    char path[64];
    snprintf(path, sizeof(path), "/tmp/glibc_hello.%d", (int)getpid());
    FILE *f = fopen(path, "w");
    if (!f) {
        perror("fopen for writing");
        return 1;
    }
    for (int i = 1; i <= 5; i++)
        fprintf(f, "line %d: %s\n", i, i % 2 ? "odd" : "even");
    fclose(f);

    f = fopen(path, "r");
    if (!f) {
        perror("fopen for reading");
        return 1;
    }
    char line[100];
    int n = 0;
    while (fgets(line, sizeof(line), f)) {
        printf("read back: %s", line);
        n++;
    }
    fclose(f);
    unlink(path);
    return n != 5;
}

int main(int argc, char **argv)
{
    printf("Hello from glibc: %d argument(s), first \"%s\"\n", argc - 1,
           argc > 1 ? argv[1] : "");
    printf("formatting: %5d|%-5s|%08.3f|%x|%llu\n", 42, "ab", 3.14159, 0xbeefu,
           18446744073709551615ULL);
    int bad = malloc_sizes() != 0;
    bad |= fork_wait();
    bad |= file_io();
    printf("glibc_hello %s\n", bad ? "FAILED" : "done");
    return bad;
}
