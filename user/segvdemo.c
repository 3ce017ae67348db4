/*
 * segvdemo - three bad accesses, three different reasons.
 *
 * Each runs in its own child, which the kernel kills with SIGSEGV after
 * printing Linux's line: "segvdemo[PID]: segfault at ADDR ip ... error E".
 * The error code tells the story (bit 0: the page was present, bit 1: a
 * write, bit 2: from user mode):
 *   null    read address 0: no region there              -> error 4
 *   kernel  read 0xC0000000: present but supervisor-only -> error 5
 *   text    write to our own code: present, read-only    -> error 7
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void null_read(void) { printf("%d\n", *(volatile int *)0); }
static void kernel_read(void) { printf("%d\n", *(volatile int *)0xC0000000); }
static void text_write(void) { *(volatile char *)(void *)null_read = 0; }

static const struct { const char *name; void (*fn)(void); } cases[] = {
    { "null", null_read }, { "kernel", kernel_read }, { "text", text_write },
};

int main(int argc, char **argv)
{
    int failures = 0;
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (argc > 1 && strcmp(argv[1], cases[i].name) != 0)
            continue;
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            cases[i].fn();
            _exit(0);                       /* not reached */
        }
        int status;
        waitpid(pid, &status, 0);
        int segv = WIFSIGNALED(status) && WTERMSIG(status) == 11;
        printf("%-6s: child %s\n", cases[i].name,
               segv ? "killed by SIGSEGV (signal 11)" : "was NOT killed by SIGSEGV");
        failures += !segv;
    }
    return failures;
}
