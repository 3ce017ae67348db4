/*
 * cowdemo - copy-on-write, watched.
 *
 * The parent fills 16 pages, then forks.  At first parent and child share
 * all 16 frames, read-only.  The child writes the first 8 pages: each
 * write faults and the kernel gives the child its own copy (8 COW
 * copies).  Then the parent writes all 16: the first 8 frames now belong
 * to the parent alone (the child took copies), so the kernel just makes
 * them writable again (8 COW reuses); the last 8 are still shared with
 * the child, so the parent gets copies (8 COW copies).  Both sides then
 * check they see only their own writes.
 *
 * Run it with pftrace to see every fault: `cowdemo -t`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "vmcounters.h"

#define PAGE 4096
#define PAGES 16

static char buffer[PAGES * PAGE] __attribute__((aligned(PAGE)));

static void fill(int first, int last, char c)
{
    for (int i = first; i < last; i++)
        buffer[i * PAGE] = c;
}

static int check(int first, int last, char c)
{
    for (int i = first; i < last; i++)
        if (buffer[i * PAGE] != c)
            return 0;
    return 1;
}

static void report(const char *who, const struct vmcounters *before)
{
    struct vmcounters now;
    if (vmcounters_read(&now) < 0) {
        printf("%s: /proc/self/vmcounters is not readable\n", who);
        return;
    }
    printf("%s: %ld COW copies, %ld COW reuses\n", who,
           now.cow_copies - before->cow_copies, now.cow_reuses - before->cow_reuses);
}

int main(int argc, char **argv)
{
    int trace = argc > 1 && strcmp(argv[1], "-t") == 0;
    int go[2], done[2];
    struct vmcounters before;

    fill(0, PAGES, 'p');                    /* parent's data, all present */
    if (pipe(go) < 0 || pipe(done) < 0)
        return 1;
    if (trace)
        pftrace(1);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {                         /* the child */
        vmcounters_read(&before);           /* once to warm up: reading the */
        vmcounters_read(&before);           /* file itself writes the stack and heap */
        fill(0, PAGES / 2, 'c');
        report("child  wrote pages 0-7 ", &before);
        write(done[1], "x", 1);             /* let the parent write */
        char c;
        read(go[0], &c, 1);                 /* wait until it has */
        int ok = check(0, PAGES / 2, 'c') && check(PAGES / 2, PAGES, 'p');
        printf("child  sees its own writes only: %s\n", ok ? "yes" : "NO");
        exit(ok ? 0 : 1);
    }
    char c;
    read(done[0], &c, 1);                   /* the child has written */
    vmcounters_read(&before);
    vmcounters_read(&before);
    fill(0, PAGES, 'P');
    report("parent wrote pages 0-15", &before);
    write(go[1], "x", 1);
    int status;
    waitpid(pid, &status, 0);
    int ok = check(0, PAGES, 'P');
    printf("parent sees its own writes only: %s\n", ok ? "yes" : "NO");
    return ok && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
