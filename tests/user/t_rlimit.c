/*
 * t_rlimit.c - resource limits: prlimit64, getrlimit/setrlimit, and
 * RLIMIT_NOFILE enforced on descriptor numbers; each edge as on Linux.
 * The calls are made with syscall() so that both C libraries run the
 * same requests.
 */
#include "check.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>

#define NR_setrlimit   75
#define NR_ugetrlimit  191
#define NR_prlimit64   340
#define RLIMIT_CORE_   4
#define RLIMIT_NOFILE_ 7
#define RLIMIT_MSGQUEUE_ 12             /* harmless to change */
#define NLIMITS        16

struct rlim64 { unsigned long long cur, max; };

static long prlimit_(int pid, int res, const struct rlim64 *new, struct rlim64 *old)
{
    return syscall(NR_prlimit64, pid, res, new, old);
}

/* Errors: a bad resource, cur above max, a missing pid, a bad pointer,
 * a hard NOFILE limit above the kernel's ceiling; none changes anything. */
static void check_errors(void)
{
    struct rlim64 old, now, bad = { 10, 5 };
    long r = prlimit_(0, NLIMITS, NULL, &old);
    CHECK("bad_resource_einval", r == -1 && errno == EINVAL, "r %ld errno %d", r, errno);
    prlimit_(0, RLIMIT_CORE_, NULL, &old);
    r = prlimit_(0, RLIMIT_CORE_, &bad, NULL);
    prlimit_(0, RLIMIT_CORE_, NULL, &now);
    CHECK("cur_above_max_einval", r == -1 && errno == EINVAL && now.cur == old.cur &&
          now.max == old.max, "r %ld errno %d", r, errno);
    r = prlimit_(999999, RLIMIT_CORE_, NULL, &old);
    CHECK("no_such_pid_esrch", r == -1 && errno == ESRCH, "r %ld errno %d", r, errno);
    r = prlimit_(0, RLIMIT_CORE_, NULL, (struct rlim64 *)16);
    CHECK("bad_pointer_efault", r == -1 && errno == EFAULT, "r %ld errno %d", r, errno);
    struct rlim64 huge = { 1u << 30, 1u << 30 };
    r = prlimit_(0, RLIMIT_NOFILE_, &huge, NULL);
    CHECK("nofile_above_ceiling_eperm", r == -1 && errno == EPERM, "r %ld errno %d", r,
          errno);
}

/* Setting and reading back, through both the 64-bit and the 32-bit calls;
 * a child inherits the limits and its parent can read them by pid. */
static void check_set_get(void)
{
    struct rlim64 set = { 12345, 67890 }, got;
    long r = prlimit_(0, RLIMIT_MSGQUEUE_, &set, NULL);
    prlimit_(0, RLIMIT_MSGQUEUE_, NULL, &got);
    CHECK("prlimit_roundtrip", r == 0 && got.cur == 12345 && got.max == 67890,
          "r %ld got %llu %llu", r, got.cur, got.max);
    unsigned long lim32[2] = { 111, 222 };
    r = syscall(NR_setrlimit, RLIMIT_MSGQUEUE_, lim32);
    unsigned long back[2] = { 0, 0 };
    syscall(NR_ugetrlimit, RLIMIT_MSGQUEUE_, back);
    CHECK("setrlimit32_roundtrip", r == 0 && back[0] == 111 && back[1] == 222,
          "r %ld got %lu %lu", r, back[0], back[1]);
    int p[2];
    pipe(p);
    pid_t c = fork();
    if (c == 0) {
        char ch;
        read(p[0], &ch, 1);
        _exit(0);
    }
    r = prlimit_(c, RLIMIT_MSGQUEUE_, NULL, &got);
    CHECK("child_inherits", r == 0 && got.cur == 111 && got.max == 222,
          "r %ld got %llu %llu", r, got.cur, got.max);
    write(p[1], "x", 1);
    int st;
    waitpid(c, &st, 0);
    close(p[0]);
    close(p[1]);
}

/* With RLIMIT_NOFILE 8, descriptors 8 and up cannot be made. */
static void check_nofile(void)
{
    pid_t c = fork();
    if (c == 0) {
        struct rlim64 eight = { 8, 8 };
        if (prlimit_(0, RLIMIT_NOFILE_, &eight, NULL) < 0)
            _exit(10);
        for (int fd = 3; fd < 8; fd++)
            if (fcntl(0, F_DUPFD, fd) != fd)
                _exit(11);
        if (open("/proc/self/stat", O_RDONLY) != -1 || errno != EMFILE)
            _exit(12);
        if (dup2(0, 9) != -1 || errno != EBADF)
            _exit(13);
        close(7);
        if (dup(0) != 7)
            _exit(14);
        _exit(0);
    }
    int st;
    waitpid(c, &st, 0);
    CHECK("nofile_enforced", exited_with(st, 0), "child %s (10 set, 11 dup, 12 open, "
          "13 dup2, 14 reuse)", wstr(st));
}

int main(void)
{
    check_errors();
    check_set_get();
    check_nofile();
    return finish();
}
