/*
 * t_segv - bad accesses end in SIGSEGV, and the kernel survives.
 *
 *   segv_null     reading address 0
 *   segv_kernel   reading 0xC0000000 (kernel memory, supervisor-only)
 *   segv_text     writing to the program's own code
 *   segv_rodata   writing to a string literal
 *   segv_handler  a SIGSEGV handler runs, sees si_addr, and can leave with _exit
 * The kernel's console line for each ("segfault at ADDR ip ... error E")
 * is checked by tests/test_vm.py.
 */
#include "vmcheck.h"
#include <signal.h>

/* Addresses kept in variables, so the compiler cannot see (and warn
 * about) the bad accesses at build time. */
static volatile uintptr_t null_addr = 0, kernel_addr = 0xC0000000, low_addr = 0x10;

static void null_read(void) { say("%d\n", *(volatile int *)null_addr); }
static void kernel_read(void) { say("%d\n", *(volatile int *)kernel_addr); }
static void text_write(void) { *(volatile char *)(void *)null_read = 0; }
static void rodata_write(void) { *(volatile char *)"constant" = 'x'; }

static int killed_by_segv(void (*fn)(void))
{
    pid_t pid = fork();
    if (pid == 0) {
        fn();
        _exit(0);
    }
    int st;
    wait_for(pid, &st);
    return WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV;
}

static void on_segv(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    _exit(sig == SIGSEGV && info->si_addr == (void *)0x10 ? 42 : 1);
}

int main(void)
{
    CHECK("segv_null", killed_by_segv(null_read), "not killed by SIGSEGV");
    CHECK("segv_kernel", killed_by_segv(kernel_read), "not killed by SIGSEGV");
    CHECK("segv_text", killed_by_segv(text_write), "not killed by SIGSEGV");
    CHECK("segv_rodata", killed_by_segv(rodata_write), "not killed by SIGSEGV");

    pid_t pid = fork();
    if (pid == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_sigaction = on_segv;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGSEGV, &sa, NULL);
        say("%d\n", *(volatile int *)low_addr);
        _exit(0);
    }
    int st;
    wait_for(pid, &st);
    CHECK("segv_handler", exited_with(st, 42), "handler did not see si_addr 0x10 (%s)", wstr(st));
    return finish();
}
