/*
 * t_sigwait.c - rt_sigtimedwait takes a pending signal without a handler
 * (with its siginfo_t), and rt_sigqueueinfo sends one with a value; both
 * made with syscall() so that each C library sends the same request.
 */
#include "check.h"
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>

#define NR_rt_sigtimedwait 177
#define NR_rt_sigqueueinfo 178
#define SI_QUEUE_ (-1)

struct ts32 { long sec, nsec; };
struct info { int signo, errno_, code, pid, uid, value; int pad[26]; };

static long timedwait(unsigned long long *set, struct info *in, struct ts32 *ts)
{
    return syscall(NR_rt_sigtimedwait, set, in, ts, 8);
}

static long queueinfo(int pid, int sig, int code, int value)
{
    struct info in;
    memset(&in, 0, sizeof(in));
    in.signo = sig;
    in.code = code;
    in.pid = getpid();
    in.value = value;
    return syscall(NR_rt_sigqueueinfo, pid, sig, &in);
}

static volatile int handler_value, handler_code;

static void on_usr2(int sig, siginfo_t *si, void *uc)
{
    (void)sig; (void)uc;
    handler_value = si->si_value.sival_int;
    handler_code = si->si_code;
}

static int run_checks(void);

/* init ignores signals it has no handler for (Linux's rule, and
 * Pagoda's), so as pid 1 the checks run in a child. */
int main(void)
{
    if (getpid() != 1)
        return run_checks();
    pid_t c = fork();
    if (c == 0)
        _exit(run_checks());
    int st;
    waitpid(c, &st, 0);
    return exited_with(st, 0) ? 0 : 1;
}

static int run_checks(void)
{
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block, NULL);
    unsigned long long set = (1ull << (SIGUSR1 - 1)) | (1ull << (SIGUSR2 - 1));
    struct info in;
    struct ts32 zero = { 0, 0 }, short_ = { 0, 100000000 }, five = { 5, 0 };

    kill(getpid(), SIGUSR1);
    memset(&in, 0x55, sizeof(in));
    long r = timedwait(&set, &in, &zero);
    CHECK("takes_pending", r == SIGUSR1 && in.signo == SIGUSR1 && in.code == 0 &&
          in.pid == getpid(), "r %ld signo %d code %d pid %d", r, in.signo, in.code, in.pid);
    sigset_t pend;
    sigpending(&pend);
    CHECK("no_longer_pending", !sigismember(&pend, SIGUSR1), "still pending");
    r = timedwait(&set, &in, &zero);
    CHECK("poll_eagain", r == -1 && errno == EAGAIN, "r %ld errno %d", r, errno);
    r = timedwait(&set, &in, &short_);
    CHECK("timeout_eagain", r == -1 && errno == EAGAIN, "r %ld errno %d", r, errno);
    r = syscall(NR_rt_sigtimedwait, &set, &in, &zero, 4);
    CHECK("bad_setsize_einval", r == -1 && errno == EINVAL, "r %ld errno %d", r, errno);
    struct ts32 bad = { 0, 1000000000 };
    r = timedwait(&set, &in, &bad);
    CHECK("bad_timeout_einval", r == -1 && errno == EINVAL, "r %ld errno %d", r, errno);

    pid_t parent = getpid();
    pid_t c = fork();
    if (c == 0) {
        struct timespec t = { 0, 100000000 };
        nanosleep(&t, NULL);
        long e = queueinfo(parent, SIGUSR2, 0, 1);    /* pretending to be kill() */
        int eperm = e == -1 && errno == EPERM;
        queueinfo(parent, SIGUSR2, SI_QUEUE_, 1234);
        _exit(eperm ? 0 : 1);
    }
    memset(&in, 0x55, sizeof(in));
    r = timedwait(&set, &in, &five);
    CHECK("waits_for_sigqueue", r == SIGUSR2 && in.code == SI_QUEUE_ && in.value == 1234 &&
          in.pid == c, "r %ld code %d value %d pid %d", r, in.code, in.value, in.pid);
    int st;
    waitpid(c, &st, 0);
    CHECK("queue_other_code0_eperm", exited_with(st, 0), "child %s", wstr(st));
    r = queueinfo(999999, SIGUSR2, SI_QUEUE_, 1);
    CHECK("queue_no_pid_esrch", r == -1 && errno == ESRCH, "r %ld errno %d", r, errno);

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_usr2;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    queueinfo(getpid(), SIGUSR2, SI_QUEUE_, 777);
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    CHECK("handler_sees_value", handler_value == 777 && handler_code == SI_QUEUE_,
          "value %d code %d", handler_value, handler_code);
    return finish();
}
