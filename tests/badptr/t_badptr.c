/*
 * t_badptr - every pointer-taking system call, given bad pointers.
 *
 * For each call and each kind of pointer it prints one line
 *
 *     CELL call/argument kind RESULT
 *
 * where kind is
 *     null     NULL
 *     kernel   0xC0000000, the first byte of Pagoda's kernel half
 *     hole     a buffer that starts in a mapped page and runs into an
 *              unmapped one (16 bytes before the hole for transfers of
 *              64 bytes and strings; 4 bytes before it for structs)
 *     rdonly   a read-only page (only for pointers the kernel writes to)
 * and RESULT is `ok` (the call succeeded), a byte count (for the calls that
 * transfer bytes, so a partial transfer shows), `-1 ENAME`, or for execve
 * what the child did.  tests/test_badptr.py runs this same binary natively
 * and on Pagoda and compares the lines one by one: the native run is the
 * oracle.  The system calls are made raw (int 0x80), so no C library
 * gets in the way.
 *
 * Natively this is a 32-bit process on a 64-bit kernel, whose user space
 * runs to 4 GiB: there 0xC0000000 is an ordinary user address that
 * happens to be unmapped, so the kernel kind gets the same answers.
 */
#include "check.h"          /* first: it sets _GNU_SOURCE */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define PAGE 4096u
#define KERNEL_HALF 0xC0000000u

enum kind { K_NULL, K_KERNEL, K_HOLE, K_RDONLY, KINDS };
static const char *const kind_name[KINDS] = { "null", "kernel", "hole", "rdonly" };

static char *rw, *hole, *ro;             /* rw page, the hole after it, a read-only page */
static char file[64], dir[64], link_path[64], scratch[64], self[256];
static int file_fd, dir_fd;

/* The pointer of a kind, for an object of `size` bytes.  The bytes
 * before the hole are set to 'a' each time (an earlier call may have
 * written there), so a string there never ends before the hole. */
static uint32_t pointer(enum kind k, uint32_t size)
{
    memset(hole - 64, 'a', 64);
    switch (k) {
    case K_NULL:   return 0;
    case K_KERNEL: return KERNEL_HALF;
    case K_HOLE:   return (uint32_t)hole - (size >= 64 ? 16 : 4);
    default:       return (uint32_t)ro;
    }
}

/* A raw Linux i386 system call (int 0x80) with up to five arguments:
 * the result, or -errno. */
static long sys(long nr, long a, long b, long c, long d, long e)
{
    long r;
    __asm__ volatile("int $0x80"
                     : "=a"(r)
                     : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
                     : "memory");
    return r;
}

static const char *errname(long e)
{
    static char other[16];
    switch (e) {
    case EFAULT: return "EFAULT";  case EINVAL: return "EINVAL";
    case ENOSYS: return "ENOSYS";  case ENOENT: return "ENOENT";
    case EAGAIN: return "EAGAIN";  case EBADF: return "EBADF";
    case ENOMEM: return "ENOMEM";  case EPERM: return "EPERM";
    case ECHILD: return "ECHILD";  case ENAMETOOLONG: return "ENAMETOOLONG";
    case EEXIST: return "EEXIST";  case ENOTDIR: return "ENOTDIR";
    case ERANGE: return "ERANGE";  case EACCES: return "EACCES";
    default: snprintf(other, sizeof(other), "errno%ld", e); return other;
    }
}

/* One line.  count: print a result >= 0 as the number (bytes moved). */
static void cell(const char *call, enum kind k, long r, int count)
{
    char res[32];
    if (r < 0 && r >= -4095)
        snprintf(res, sizeof(res), "-1 %s", errname(-r));
    else if (count)
        snprintf(res, sizeof(res), "%ld", r);
    else
        snprintf(res, sizeof(res), "ok");
    say("CELL %s %s %s\n", call, kind_name[k], res);
}

/* Put the test file back to its 100 bytes, offset 0. */
static void reset_file(void)
{
    sys(93, file_fd, 100, 0, 0, 0);                /* ftruncate */
    sys(19, file_fd, 0, 0, 0, 0);                  /* lseek */
}

/* ---- calls that move bytes: read, write, pread64, pwrite64, readv, writev */
static void transfers(void)
{
    for (enum kind k = 0; k < KINDS; k++) {
        uint32_t p = pointer(k, 64);
        reset_file();
        cell("read", k, sys(3, file_fd, p, 64, 0, 0), 1);
        reset_file();
        cell("pread64", k, sys(180, file_fd, p, 64, 0, 0), 1);
        uint32_t iov[2] = { p, 64 };
        reset_file();
        cell("readv/buffer", k, sys(145, file_fd, (long)iov, 1, 0, 0), 1);
        if (k == K_RDONLY)
            continue;                              /* the kernel only reads these */
        reset_file();
        cell("write", k, sys(4, file_fd, p, 64, 0, 0), 1);
        cell("pwrite64", k, sys(181, file_fd, p, 64, 0, 0), 1);
        reset_file();
        cell("writev/buffer", k, sys(146, file_fd, (long)iov, 1, 0, 0), 1);
        cell("readv/iovec", k, sys(145, file_fd, pointer(k, 8), 1, 0, 0), 1);
        cell("writev/iovec", k, sys(146, file_fd, pointer(k, 8), 1, 0, 0), 1);
    }
    reset_file();
}

/* ---- calls that take a path */
static void paths(void)
{
    for (enum kind k = 0; k < K_RDONLY; k++) {
        uint32_t p = pointer(k, 64);
        cell("open", k, sys(5, p, O_RDONLY, 0, 0, 0), 0);
        cell("openat", k, sys(295, -100, p, O_RDONLY, 0, 0), 0);
        cell("creat", k, sys(8, p, 0644, 0, 0, 0), 0);
        cell("stat64/path", k, sys(195, p, (long)rw, 0, 0, 0), 0);
        cell("lstat64/path", k, sys(196, p, (long)rw, 0, 0, 0), 0);
        cell("access", k, sys(33, p, 0, 0, 0, 0), 0);
        cell("chdir", k, sys(12, p, 0, 0, 0, 0), 0);
        cell("mkdir", k, sys(39, p, 0755, 0, 0, 0), 0);
        cell("rmdir", k, sys(40, p, 0, 0, 0, 0), 0);
        cell("unlink", k, sys(10, p, 0, 0, 0, 0), 0);
        cell("chmod", k, sys(15, p, 0644, 0, 0, 0), 0);
        cell("truncate", k, sys(92, p, 0, 0, 0, 0), 0);
        cell("readlink/path", k, sys(85, p, (long)rw, 64, 0, 0), 1);
        cell("rename/from", k, sys(38, p, (long)scratch, 0, 0, 0), 0);
        cell("rename/to", k, sys(38, (long)scratch, p, 0, 0, 0), 0);
        cell("link/from", k, sys(9, p, (long)scratch, 0, 0, 0), 0);
        cell("link/to", k, sys(9, (long)file, p, 0, 0, 0), 0);
        cell("symlink/target", k, sys(83, p, (long)scratch, 0, 0, 0), 0);
        cell("symlink/path", k, sys(83, (long)file, p, 0, 0, 0), 0);
        cell("utimensat/path", k, sys(320, -100, p, 0, 0, 0), 0);
        cell("statx/path", k, sys(383, -100, p, 0, 0x7ff, (long)rw), 0);
        cell("fstatat64/path", k, sys(300, -100, p, (long)rw, 0, 0), 0);
    }
}

/* ---- calls that write a struct out (the rdonly kind applies) */
static void outputs(void)
{
    for (enum kind k = 0; k < KINDS; k++) {
        cell("stat64/buf", k, sys(195, (long)file, pointer(k, 96), 0, 0, 0), 0);
        cell("lstat64/buf", k, sys(196, (long)file, pointer(k, 96), 0, 0, 0), 0);
        cell("fstat64/buf", k, sys(197, file_fd, pointer(k, 96), 0, 0, 0), 0);
        cell("fstatat64/buf", k, sys(300, -100, (long)file, pointer(k, 96), 0, 0), 0);
        cell("statx/buf", k, sys(383, -100, (long)file, 0, 0x7ff, pointer(k, 256)), 0);
        sys(19, dir_fd, 0, 0, 0, 0);
        cell("getdents64", k, sys(220, dir_fd, pointer(k, 64), 4096, 0, 0), 1);
        cell("readlink/buf", k, sys(85, (long)link_path, pointer(k, 64), 64, 0, 0), 1);
        cell("getcwd", k, sys(183, pointer(k, 64), 200, 0, 0, 0), 1);
        cell("uname", k, sys(122, pointer(k, 390), 0, 0, 0, 0), 0);
        cell("sysinfo", k, sys(116, pointer(k, 64), 0, 0, 0, 0), 0);
        cell("gettimeofday", k, sys(78, pointer(k, 8), 0, 0, 0, 0), 0);
        cell("clock_gettime", k, sys(265, 1, pointer(k, 8), 0, 0, 0), 0);
        cell("clock_getres", k, sys(266, 1, pointer(k, 8), 0, 0, 0), 0);
        cell("ugetrlimit", k, sys(191, 3, pointer(k, 8), 0, 0, 0), 0);
        cell("getrusage", k, sys(77, 0, pointer(k, 72), 0, 0, 0), 0);
        cell("times", k, sys(43, pointer(k, 16), 0, 0, 0, 0), 0);
        cell("rt_sigaction/old", k, sys(174, SIGUSR1, 0, pointer(k, 20), 8, 0), 0);
        cell("rt_sigprocmask/old", k, sys(175, SIG_BLOCK, 0, pointer(k, 8), 8, 0), 0);
        cell("rt_sigpending", k, sys(176, pointer(k, 8), 8, 0, 0, 0), 0);
        cell("_llseek/result", k, sys(140, file_fd, 0, 0, pointer(k, 8), 0), 0);
        cell("get_thread_area", k, sys(244, pointer(k, 16), 0, 0, 0, 0), 0);
        cell("getrandom", k, sys(355, pointer(k, 64), 64, 0, 0, 0), 1);
        cell("mincore/vec", k, sys(218, (long)rw, PAGE, pointer(k, 1), 0, 0), 0);
        /* pipe and pipe2 make two descriptors and write them out; close
         * whatever a success made (the lowest free numbers). */
        long r = sys(42, pointer(k, 8), 0, 0, 0, 0);
        cell("pipe", k, r, 0);
        r = sys(331, pointer(k, 8), 0, 0, 0, 0);
        cell("pipe2", k, r, 0);
        for (int fd = 3; fd < 64; fd++)
            if (fd != file_fd && fd != dir_fd)
                close(fd);
    }
}

/* ---- calls that read a struct in */
static void inputs(void)
{
    for (enum kind k = 0; k < K_RDONLY; k++) {
        cell("nanosleep/req", k, sys(162, pointer(k, 8), 0, 0, 0, 0), 0);
        cell("clock_nanosleep/req", k, sys(267, 1, 0, pointer(k, 8), 0, 0), 0);
        cell("rt_sigaction/act", k, sys(174, SIGUSR1, pointer(k, 20), 0, 8, 0), 0);
        cell("rt_sigprocmask/set", k, sys(175, SIG_BLOCK, pointer(k, 8), 0, 8, 0), 0);
        cell("poll", k, sys(168, pointer(k, 8), 1, 0, 0, 0), 0);
        cell("set_thread_area", k, sys(243, pointer(k, 16), 0, 0, 0, 0), 0);
        cell("utimensat/times", k, sys(320, -100, (long)file, pointer(k, 16), 0, 0), 0);
        cell("mmap/args", k, sys(90, pointer(k, 24), 0, 0, 0, 0), 0);
        cell("futex/wake", k, sys(240, k == K_HOLE ? (uint32_t)hole : pointer(k, 4),
                                  1 /* FUTEX_WAKE */, 1, 0, 0), 0);
        cell("futex/wait", k, sys(240, k == K_HOLE ? (uint32_t)hole : pointer(k, 4),
                                  0 /* FUTEX_WAIT */, 12345, 0, 0), 0);
    }
    /* The read-only page is readable: waiting on it compares, waking works. */
    cell("futex/wake", K_RDONLY, sys(240, (long)ro, 1, 1, 0, 0), 0);
    cell("futex/wait", K_RDONLY, sys(240, (long)ro, 0, 12345, 0, 0), 0);
}

/* ---- wait4: a bad status pointer still reaps the child (Linux) */
static void waits(void)
{
    for (enum kind k = 0; k < KINDS; k++) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(7);
        sleep_ms(50);                              /* let it become a zombie */
        long r = sys(114, pid, pointer(k, 4), 0, 0, 0);
        char name[40];
        int st;
        long again = waitpid(pid, &st, WNOHANG);
        snprintf(name, sizeof(name), "wait4/status(%s)",
                 again < 0 ? "reaped" : "not-reaped");
        cell(name, k, r < 0 ? r : 0, 0);
        if (again == 0)
            wait_for(pid, &st);
    }
}

/* ---- execve: the path, argv and envp, each bad in turn, in a child that
 * reports execve's errno (100 + errno) or runs us again (exit 42). */
static void execs(void)
{
    for (enum kind k = 0; k < K_RDONLY; k++) {
        for (int which = 0; which < 3; which++) {
            static const char *const what[] = { "execve/path", "execve/argv", "execve/envp" };
            pid_t pid = fork();
            if (pid == 0) {
                char *argv[] = { self, "child", NULL };
                char *envp[] = { "T_BADPTR=1", NULL };
                long a[3] = { (long)self, (long)argv, (long)envp };
                a[which] = pointer(k, 8);
                long r = sys(11, a[0], a[1], a[2], 0, 0);
                _exit(100 + (int)-r);
            }
            int st = 0;
            wait_for(pid, &st);
            char res[40];
            if (WIFEXITED(st) && WEXITSTATUS(st) == 42)
                snprintf(res, sizeof(res), "ran");
            else if (WIFEXITED(st) && WEXITSTATUS(st) > 100)
                snprintf(res, sizeof(res), "-1 %s", errname(WEXITSTATUS(st) - 100));
            else
                snprintf(res, sizeof(res), "%s", wstr(st));
            say("CELL %s %s %s\n", what[which], kind_name[k], res);
        }
    }
}

/* The pages, the files: /tmp/t_badptr.PID.{file,dir,link,x}. */
static int setup(const char *argv0)
{
    char *m = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED || munmap(m + PAGE, PAGE) || mprotect(m + 2 * PAGE, PAGE, PROT_READ))
        return -1;
    rw = m, hole = m + PAGE, ro = m + 2 * PAGE;
    memset(rw, 'a', PAGE);                         /* no NUL before the hole */
    int pid = (int)getpid();
    snprintf(file, sizeof(file), "/tmp/t_badptr.%d.file", pid);
    snprintf(dir, sizeof(dir), "/tmp/t_badptr.%d.dir", pid);
    snprintf(link_path, sizeof(link_path), "/tmp/t_badptr.%d.link", pid);
    snprintf(scratch, sizeof(scratch), "/tmp/t_badptr.%d.x", pid);
    snprintf(self, sizeof(self), "%s", argv0);
    file_fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (file_fd < 0 || write(file_fd, rw, 100) != 100 || mkdir(dir, 0755) ||
        symlink(file, link_path))
        return -1;
    for (int i = 0; i < 3; i++) {                  /* a few entries to list */
        char name[96];
        snprintf(name, sizeof(name), "%s/entry-with-a-longish-name-%d", dir, i);
        close(open(name, O_WRONLY | O_CREAT, 0644));
    }
    dir_fd = open(dir, O_RDONLY | O_DIRECTORY);
    return dir_fd < 0 ? -1 : chdir("/");
}

static void cleanup(void)
{
    for (int i = 0; i < 3; i++) {
        char name[96];
        snprintf(name, sizeof(name), "%s/entry-with-a-longish-name-%d", dir, i);
        unlink(name);
    }
    rmdir(dir);
    unlink(file);
    unlink(link_path);
    unlink(scratch);
}

int main(int argc, char **argv)
{
    if (argc == 0 || !argv[0][0] || (argc > 1 && !strcmp(argv[1], "child")))
        return 42;                                 /* run again by execs() */
    if (argv[0][0] != '/') {
        say("FAIL badptr: run me by absolute path (execve runs me again)\n");
        return 1;
    }
    if (setup(argv[0]) != 0) {
        say("FAIL badptr: setup: %s\n", strerror(errno));
        return 1;
    }
    transfers();
    paths();
    outputs();
    inputs();
    waits();
    execs();
    cleanup();
    say("CELL-DONE\n");
    return 0;
}
