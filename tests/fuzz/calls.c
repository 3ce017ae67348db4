/*
 * tests/fuzz/calls.c - the system calls the fuzzer makes (Linux i386
 * numbers), the kind of each argument, and making one call.
 *
 * The set is most of what Pagoda implements, plus a few calls it does
 * not have yet (times, getrusage, mremap, personality, getrandom: -ENOSYS
 * today, fuzzed as soon as they land).  Left out, on purpose:
 *
 *   exit (1), exit_group (252)   they only end the round early
 *   pause (29), rt_sigsuspend (179)
 *                                they wait for a signal that never comes:
 *                                all they can do is wake the watchdog
 *   reboot (88)                  it would end the whole run
 *   kill/tkill/tgkill of -1 or 1 (make_pid never gives them): -1 would
 *                                kill every process, 1 is the fuzzer itself
 *
 *   write, writev, pwrite64 to the console (call_left_out): the console
 *                                is a descriptor (FD_CONSOLE) for its
 *                                ioctls, but random bytes by the kilobyte
 *                                would only bury the serial log
 *
 *   sigreturn (119), rt_sigreturn (173), 63 times in 64 (call_left_out):
 *                                from a random frame they nearly always
 *                                kill the process at once (SIGSEGV or
 *                                SIGILL, as on Linux) and so would end
 *                                most rounds after a few calls; the one
 *                                in 64 that is made still tries every
 *                                selector the stack happens to hold
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libc/libc.h"
#include "tests/fuzz/fuzz.h"

long fuzz_forkcall(long nr, long a, long b, long c, long d, long e, long f);

#define CALL(nr, w, name, ...) { nr, w, 0, name, { __VA_ARGS__ } }
#define FORK(nr, w, name, ...) { nr, w, 1, name, { __VA_ARGS__ } }

const struct call calls[] = {
    FORK(2, 1, "fork"),
    CALL(3, 6, "read", A_FD, A_BUF, A_LEN),
    CALL(4, 6, "write", A_FD, A_BUF, A_LEN),
    CALL(5, 4, "open", A_PATH, A_OFLAGS, A_MODE),
    CALL(6, 2, "close", A_FD),
    CALL(7, 1, "waitpid", A_PID, A_BUF, A_WFLAGS),
    CALL(8, 2, "creat", A_PATH, A_MODE),
    CALL(9, 2, "link", A_PATH, A_PATH),
    CALL(10, 2, "unlink", A_PATH),
    CALL(11, 1, "execve", A_PATH, A_ARGV, A_ARGV),
    CALL(12, 1, "chdir", A_PATH),
    CALL(13, 1, "time", A_BUF),
    CALL(15, 1, "chmod", A_PATH, A_MODE),
    CALL(19, 2, "lseek", A_FD, A_OFF, A_WHENCE),
    CALL(20, 1, "getpid"),
    CALL(27, 1, "alarm", A_SECONDS),
    CALL(33, 1, "access", A_PATH, A_INT),
    CALL(36, 1, "sync"),
    CALL(37, 2, "kill", A_PID, A_SIG),
    CALL(38, 2, "rename", A_PATH, A_PATH),
    CALL(39, 2, "mkdir", A_PATH, A_MODE),
    CALL(40, 2, "rmdir", A_PATH),
    CALL(41, 2, "dup", A_FD),
    CALL(42, 1, "pipe", A_BUF),
    CALL(43, 1, "times", A_BUF),
    CALL(45, 3, "brk", A_ADDR),
    CALL(54, 2, "ioctl", A_FD, A_IOCTL, A_BUF),
    CALL(55, 2, "fcntl", A_FD, A_FCNTL, A_INT),
    CALL(57, 1, "setpgid", A_PID, A_PID),
    CALL(60, 1, "umask", A_MODE),
    CALL(63, 2, "dup2", A_FD, A_FD),
    CALL(64, 1, "getppid"),
    CALL(65, 1, "getpgrp"),
    CALL(66, 1, "setsid"),
    CALL(77, 1, "getrusage", A_RESOURCE, A_BUF),
    CALL(78, 1, "gettimeofday", A_BUF, A_BUF),
    CALL(83, 2, "symlink", A_PATH, A_PATH),
    CALL(85, 2, "readlink", A_PATH, A_BUF, A_LEN),
    CALL(90, 2, "mmap", A_BUF),
    CALL(91, 4, "munmap", A_ADDR, A_MMLEN),
    CALL(92, 1, "truncate", A_PATH, A_OFF),
    CALL(93, 2, "ftruncate", A_FD, A_OFF),
    CALL(94, 1, "fchmod", A_FD, A_MODE),
    CALL(114, 2, "wait4", A_PID, A_BUF, A_WFLAGS, A_BUF),
    CALL(116, 1, "sysinfo", A_BUF),
    CALL(118, 1, "fsync", A_FD),
    CALL(119, 1, "sigreturn", A_INT),          /* (the argument is ignored: */
    FORK(120, 1, "clone", A_CLONE, A_ADDR, A_BUF, A_BUF, A_BUF),
    CALL(122, 1, "uname", A_BUF),
    CALL(125, 4, "mprotect", A_ADDR, A_MMLEN, A_PROT),
    CALL(133, 1, "fchdir", A_FD),
    CALL(136, 1, "personality", A_INT),
    CALL(140, 2, "_llseek", A_FD, A_OFFHI, A_OFF, A_BUF, A_WHENCE),
    CALL(144, 2, "msync", A_ADDR, A_MMLEN, A_INT),
    CALL(145, 3, "readv", A_FD, A_IOVEC, A_IOVCNT),
    CALL(150, 1, "mlock", A_ADDR, A_MMLEN),
    CALL(151, 1, "munlock", A_ADDR, A_MMLEN),
    CALL(152, 1, "mlockall", A_INT),
    CALL(153, 1, "munlockall"),
    CALL(146, 3, "writev", A_FD, A_IOVEC, A_IOVCNT),
    CALL(148, 1, "fdatasync", A_FD),
    CALL(158, 1, "sched_yield"),
    CALL(162, 1, "nanosleep", A_TIMESPEC, A_BUF),
    CALL(163, 1, "mremap", A_ADDR, A_MMLEN, A_MMLEN, A_INT, A_ADDR),
    CALL(168, 2, "poll", A_POLLFD, A_IOVCNT, A_MSEC),
    CALL(172, 1, "prctl", A_PRCTL, A_INT, A_INT, A_INT, A_INT),
    CALL(173, 1, "rt_sigreturn", A_INT),       /*  it picks 1 call in 64) */
    CALL(174, 2, "rt_sigaction", A_SIG, A_SIGACT, A_BUF, A_SIGSETSZ),
    CALL(175, 2, "rt_sigprocmask", A_HOW, A_SIGSET, A_BUF, A_SIGSETSZ),
    CALL(176, 1, "rt_sigpending", A_BUF, A_SIGSETSZ),
    CALL(180, 4, "pread64", A_FD, A_BUF, A_LEN, A_OFF, A_OFFHI),
    CALL(181, 4, "pwrite64", A_FD, A_BUF, A_LEN, A_OFF, A_OFFHI),
    CALL(183, 1, "getcwd", A_BUF, A_LEN),
    FORK(190, 1, "vfork"),
    CALL(191, 1, "ugetrlimit", A_RESOURCE, A_BUF),
    CALL(192, 6, "mmap2", A_ADDR, A_MMLEN, A_PROT, A_MFLAGS, A_FD, A_PGOFF),
    CALL(193, 1, "truncate64", A_PATH, A_OFF, A_OFFHI),
    CALL(194, 2, "ftruncate64", A_FD, A_OFF, A_OFFHI),
    CALL(195, 2, "stat64", A_PATH, A_BUF),
    CALL(196, 2, "lstat64", A_PATH, A_BUF),
    CALL(197, 2, "fstat64", A_FD, A_BUF),
    CALL(199, 1, "getuid32"),
    CALL(212, 1, "chown32", A_PATH, A_INT, A_INT),
    CALL(218, 2, "mincore", A_ADDR, A_MMLEN, A_BUF),
    CALL(219, 2, "madvise", A_ADDR, A_MMLEN, A_INT),
    CALL(220, 3, "getdents64", A_FD, A_BUF, A_LEN),
    CALL(221, 2, "fcntl64", A_FD, A_FCNTL, A_INT),
    CALL(224, 1, "gettid"),
    CALL(238, 1, "tkill", A_PID, A_SIG),
    CALL(240, 2, "futex", A_BUF, A_FUTEXOP, A_FUTEXVAL, A_TIMESPEC, A_BUF, A_INT),
    CALL(243, 1, "set_thread_area", A_BUF),
    CALL(244, 1, "get_thread_area", A_BUF),
    CALL(258, 1, "set_tid_address", A_BUF),
    CALL(265, 1, "clock_gettime", A_CLOCK, A_BUF),
    CALL(266, 1, "clock_getres", A_CLOCK, A_BUF),
    CALL(267, 1, "clock_nanosleep", A_CLOCK, A_HOW, A_TIMESPEC, A_BUF),
    CALL(270, 1, "tgkill", A_PID, A_PID, A_SIG),
    CALL(295, 3, "openat", A_DIRFD, A_PATH, A_OFLAGS, A_MODE),
    CALL(296, 1, "mkdirat", A_DIRFD, A_PATH, A_MODE),
    CALL(298, 1, "fchownat", A_DIRFD, A_PATH, A_INT, A_INT, A_ATFLAGS),
    CALL(300, 2, "fstatat64", A_DIRFD, A_PATH, A_BUF, A_ATFLAGS),
    CALL(301, 1, "unlinkat", A_DIRFD, A_PATH, A_ATFLAGS),
    CALL(302, 1, "renameat", A_DIRFD, A_PATH, A_DIRFD, A_PATH),
    CALL(303, 1, "linkat", A_DIRFD, A_PATH, A_DIRFD, A_PATH, A_ATFLAGS),
    CALL(304, 1, "symlinkat", A_PATH, A_DIRFD, A_PATH),
    CALL(305, 1, "readlinkat", A_DIRFD, A_PATH, A_BUF, A_LEN),
    CALL(306, 1, "fchmodat", A_DIRFD, A_PATH, A_MODE),
    CALL(307, 1, "faccessat", A_DIRFD, A_PATH, A_INT),
    CALL(320, 1, "utimensat", A_DIRFD, A_PATH, A_TIMESPEC, A_ATFLAGS),
    CALL(330, 2, "dup3", A_FD, A_FD, A_OFLAGS),
    CALL(331, 1, "pipe2", A_BUF, A_OFLAGS),
    CALL(355, 1, "getrandom", A_BUF, A_LEN, A_INT),
    CALL(376, 1, "mlock2", A_ADDR, A_MMLEN, A_INT),
    CALL(383, 1, "statx", A_DIRFD, A_PATH, A_ATFLAGS, A_INT, A_BUF),
};
const unsigned call_count = sizeof(calls) / sizeof(calls[0]);

/* A call, each as likely as its weight. */
const struct call *call_pick(struct rng *r)
{
    static uint32_t total;
    if (!total)
        for (unsigned i = 0; i < call_count; i++)
            total += calls[i].weight;
    uint32_t n = rng_below(r, total);
    for (unsigned i = 0;; i++) {
        if (n < calls[i].weight)
            return &calls[i];
        n -= calls[i].weight;
    }
}

/* Call number `index` of the run with `seed`: from hash(seed, index) only. */
void call_generate(uint32_t seed, uint32_t index, struct made_call *mc)
{
    struct rng r;
    rng_for_call(&r, seed, index);
    mc->call = call_pick(&r);
    for (int i = 0; i < MAX_ARGS; i++)
        mc->arg[i] = arg_make((enum arg_kind)mc->call->args[i], &r);
}

/* Why this call is not made (see the top of the file), or NULL: the
 * descriptor is looked at as it is now, just before the call. */
const char *call_left_out(const struct made_call *mc)
{
    uint16_t nr = mc->call->nr;
    struct stat st;
    if ((nr == 4 || nr == 146 || nr == 181) && fstat((int)mc->arg[0], &st) == 0 &&
        S_ISCHR(st.st_mode) && (st.st_rdev >> 8) == 5)       /* major 5: tty, console */
        return "a write to the console";
    if ((nr == 119 || nr == 173) && mc->arg[0] % 64 != 0)
        return "a sigreturn (made one time in 64)";
    return NULL;
}

/* Make the call.  A new process made by fork, vfork or clone exits at
 * once (tests/fuzz/forkcall.asm). */
long call_make(const struct made_call *mc)
{
    const uint32_t *a = mc->arg;
    long (*trap)(long, long, long, long, long, long, long) =
        mc->call->forks ? fuzz_forkcall : __syscall6;
    long ret = trap(mc->call->nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    if (mc->call->forks && ret > 0)
        world_last_child = (uint32_t)ret;
    return ret;
}

/* The string an argument points to, if it is one of ours. */
static const char *known_string(uint32_t p)
{
    for (unsigned i = 0; i < world_path_count; i++)
        if (prep.paths[i] == p)
            return world_paths[i];
    if (p == prep.path_long)
        return "/tmp/fz/xxx...(300)";
    if (p == prep.path_huge)
        return "/tmp/fz/yyy...(4200)";
    if (p == prep.path_into_hole)
        return "zzz...(into the hole)";
    return NULL;
}

/* "name(arg, arg, ...)", paths shown as strings; returns the length. */
int call_format(const struct made_call *mc, char *buf, int size)
{
    int n = snprintf(buf, size, "%s(", mc->call->name);
    for (int i = 0; i < MAX_ARGS && mc->call->args[i] != A_NONE && n < size; i++) {
        const char *s = mc->call->args[i] == A_PATH ? known_string(mc->arg[i]) : NULL;
        n += s ? snprintf(buf + n, size - n, "%s\"%s\"", i ? ", " : "", s)
               : snprintf(buf + n, size - n, "%s%#x", i ? ", " : "", mc->arg[i]);
    }
    if (n < size)
        n += snprintf(buf + n, size - n, ")");
    return n < size ? n : size - 1;
}
