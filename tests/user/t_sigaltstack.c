/*
 * t_sigaltstack.c - the alternate signal stack: sigaltstack's answers and
 * errors, an SA_ONSTACK handler running on it, and the reason it exists:
 * a stack overflow's SIGSEGV handled on the alternate stack.
 */
#include "check.h"
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>

#define NR_sigaltstack 186
#define SS_ONSTACK_    1
#define SS_DISABLE_    2
#define ALT_SIZE       (64 * 1024)

/* stack_t, as the kernel reads it on i386. */
struct kstack { void *sp; int flags; unsigned long size; };

static long altstack(const struct kstack *ss, struct kstack *old)
{
    return syscall(NR_sigaltstack, ss, old);
}

static char *alt;
static volatile int on_alt, flags_inside, eperm_inside;

static void on_usr1(int sig)
{
    (void)sig;
    char here;
    on_alt = &here >= alt && &here < alt + ALT_SIZE;
    struct kstack old, ss = { alt, 0, ALT_SIZE };
    altstack(NULL, &old);
    flags_inside = old.flags;
    eperm_inside = altstack(&ss, NULL) == -1 && errno == EPERM;
}

static void install(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

static void check_calls(void)
{
    struct kstack old;
    long r = altstack(NULL, &old);
    CHECK("default_disabled", r == 0 && old.flags == SS_DISABLE_ && old.size == 0,
          "r %ld flags %d size %lu", r, old.flags, old.size);
    struct kstack small = { alt, 0, 1024 };
    r = altstack(&small, NULL);
    CHECK("small_enomem", r == -1 && errno == ENOMEM, "r %ld errno %d", r, errno);
    struct kstack badflags = { alt, 5, ALT_SIZE };
    r = altstack(&badflags, NULL);
    CHECK("bad_flags_einval", r == -1 && errno == EINVAL, "r %ld errno %d", r, errno);
    r = altstack((struct kstack *)16, NULL);
    CHECK("bad_pointer_efault", r == -1 && errno == EFAULT, "r %ld errno %d", r, errno);
    struct kstack ss = { alt, 0, ALT_SIZE };
    r = altstack(&ss, NULL);
    altstack(NULL, &old);
    CHECK("set_and_query", r == 0 && old.sp == alt && old.size == ALT_SIZE && old.flags == 0,
          "r %ld sp %p size %lu flags %d", r, old.sp, old.size, old.flags);
}

static void check_handler(void)
{
    install(SIGUSR1, on_usr1, SA_ONSTACK);
    raise(SIGUSR1);
    CHECK("handler_on_altstack", on_alt, "the handler's locals are not on it");
    CHECK("flags_onstack_inside", flags_inside == SS_ONSTACK_, "flags %d", flags_inside);
    CHECK("change_inside_eperm", eperm_inside, "sigaltstack inside the handler worked");
    on_alt = 1;
    install(SIGUSR1, on_usr1, 0);
    raise(SIGUSR1);
    CHECK("no_onstack_normal_stack", !on_alt, "a plain handler ran on the alternate stack");
    pid_t c = fork();
    if (c == 0) {
        struct kstack old;
        altstack(NULL, &old);
        _exit(old.sp == alt && old.size == ALT_SIZE ? 0 : 1);
    }
    int st;
    waitpid(c, &st, 0);
    CHECK("fork_keeps", exited_with(st, 0), "child %s", wstr(st));
}

static void on_segv(int sig)
{
    (void)sig;
    _exit(42);
}

static volatile int forever = 1;

/* Each call takes a kilobyte of stack, until the stack runs out. */
static int recurse(int depth)
{
    volatile char pad[1024];
    pad[0] = (char)depth;
    return forever ? recurse(depth + 1) + pad[0] : 0;
}

static void check_overflow(void)
{
    pid_t c = fork();
    if (c == 0) {
        install(SIGSEGV, on_segv, SA_ONSTACK);
        _exit(recurse(0) == 0 ? 1 : 2);
    }
    int st;
    waitpid(c, &st, 0);
    CHECK("overflow_handled_on_altstack", exited_with(st, 42), "child %s", wstr(st));
    c = fork();
    if (c == 0) {
        struct kstack off = { NULL, SS_DISABLE_, 0 };
        altstack(&off, NULL);
        install(SIGSEGV, on_segv, SA_ONSTACK);
        _exit(recurse(0) == 0 ? 1 : 2);
    }
    waitpid(c, &st, 0);
    CHECK("overflow_without_altstack_dies", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
          "child %s", wstr(st));
}

int main(void)
{
    alt = malloc(ALT_SIZE);
    check_calls();
    check_handler();
    check_overflow();
    return finish();
}
