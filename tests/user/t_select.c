/*
 * t_select.c - select (_newselect), pselect6 and ppoll, each made with
 * syscall() so that both C libraries send the same request: readiness
 * bits, EBADF/EINVAL edges, the time left written back, and the signal
 * mask that pselect6 and ppoll hold only while they wait.
 */
#include "check.h"
#include <signal.h>
#include <sys/syscall.h>

#define NR__newselect 142
#define NR_pselect6   308
#define NR_ppoll      309
#define POLLIN_       1

struct pollfd_ { int fd; short events, revents; };

struct tv32 { long sec, usec; };
struct ts32 { long sec, nsec; };

static long newselect(int n, unsigned long *in, unsigned long *out, unsigned long *ex,
                      struct tv32 *tv)
{
    return syscall(NR__newselect, n, in, out, ex, tv);
}

static volatile int usr1_seen;
static void on_usr1(int sig) { (void)sig; usr1_seen++; }

static void check_bits(void)
{
    int p[2];
    pipe(p);
    unsigned long in = 1ul << p[0], out = 1ul << p[1];
    struct tv32 tv = { 0, 0 };
    long r = newselect(p[1] + 1, &in, &out, NULL, &tv);
    CHECK("select_empty_pipe", r == 1 && in == 0 && out == (1ul << p[1]),
          "r %ld in %#lx out %#lx", r, in, out);
    write(p[1], "x", 1);
    in = 1ul << p[0];
    out = 0;
    r = newselect(p[0] + 1, &in, &out, NULL, &tv);
    CHECK("select_readable", r == 1 && in == (1ul << p[0]), "r %ld in %#lx", r, in);
    close(p[1]);
    char c;
    read(p[0], &c, 1);
    in = 1ul << p[0];
    r = newselect(p[0] + 1, &in, NULL, NULL, &tv);
    CHECK("select_hangup_readable", r == 1 && in == (1ul << p[0]), "r %ld in %#lx", r, in);
    close(p[0]);
    in = 1ul << p[0];
    r = newselect(p[0] + 1, &in, NULL, NULL, &tv);
    CHECK("select_closed_ebadf", r == -1 && errno == EBADF, "r %ld errno %d", r, errno);
    r = newselect(-1, NULL, NULL, NULL, &tv);
    CHECK("select_negative_einval", r == -1 && errno == EINVAL, "r %ld errno %d", r, errno);
    struct tv32 bad = { -1, 0 };
    r = newselect(0, NULL, NULL, NULL, &bad);
    CHECK("select_bad_timeval_einval", r == -1 && errno == EINVAL, "r %ld errno %d", r,
          errno);
}

static void check_timeout(void)
{
    int p[2];
    pipe(p);
    unsigned long in = 1ul << p[0];
    struct tv32 tv = { 0, 200000 };
    long r = newselect(p[0] + 1, &in, NULL, NULL, &tv);
    CHECK("select_timeout_left_zero", r == 0 && in == 0 && tv.sec == 0 && tv.usec == 0,
          "r %ld in %#lx left %ld.%06ld", r, in, tv.sec, tv.usec);
    struct pollfd_ pf = { p[0], POLLIN_, 0 };
    struct ts32 ts = { 0, 100000000 };
    r = syscall(NR_ppoll, &pf, 1, &ts, NULL, 8);
    CHECK("ppoll_timeout", r == 0 && ts.sec == 0 && ts.nsec == 0, "r %ld left %ld.%09ld",
          r, ts.sec, ts.nsec);
    write(p[1], "x", 1);
    ts = (struct ts32){ 5, 0 };
    r = syscall(NR_ppoll, &pf, 1, &ts, NULL, 8);
    CHECK("ppoll_ready", r == 1 && pf.revents == POLLIN_ && ts.sec <= 5, "r %ld revents %#x",
          r, pf.revents);
    r = syscall(NR_ppoll, &pf, 1, &ts, (void *)&ts, 4);
    CHECK("ppoll_bad_setsize_einval", r == -1 && errno == EINVAL, "r %ld errno %d", r, errno);
    close(p[0]);
    close(p[1]);
}

/* SIGUSR1 is blocked and pending; pselect6 and ppoll with a mask that
 * unblocks it are interrupted, the handler runs, the block comes back. */
static void check_masks(void)
{
    signal(SIGUSR1, on_usr1);
    sigset_t block, empty, now;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigemptyset(&empty);
    sigprocmask(SIG_BLOCK, &block, NULL);
    kill(getpid(), SIGUSR1);
    unsigned long long mask = 0;
    struct { void *ss; unsigned long len; } arg = { &mask, 8 };
    struct ts32 ts = { 5, 0 };
    long r = syscall(NR_pselect6, 0, NULL, NULL, NULL, &ts, &arg);
    sigprocmask(SIG_BLOCK, NULL, &now);
    CHECK("pselect6_mask_eintr", r == -1 && errno == EINTR && usr1_seen == 1 &&
          sigismember(&now, SIGUSR1), "r %ld errno %d seen %d", r, errno, usr1_seen);
    kill(getpid(), SIGUSR1);
    ts = (struct ts32){ 5, 0 };
    r = syscall(NR_ppoll, NULL, 0, &ts, &mask, 8);
    sigprocmask(SIG_BLOCK, NULL, &now);
    CHECK("ppoll_mask_eintr", r == -1 && errno == EINTR && usr1_seen == 2 &&
          sigismember(&now, SIGUSR1), "r %ld errno %d seen %d", r, errno, usr1_seen);
    arg.len = 4;
    r = syscall(NR_pselect6, 0, NULL, NULL, NULL, &ts, &arg);
    CHECK("pselect6_bad_len_einval", r == -1 && errno == EINVAL, "r %ld errno %d", r, errno);
    sigprocmask(SIG_SETMASK, &empty, NULL);
}

int main(void)
{
    check_bits();
    check_timeout();
    check_masks();
    return finish();
}
