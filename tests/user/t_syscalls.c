/*
 * t_syscalls - a tour of the common system calls, each checked against
 * what Linux does (tests/test_user.py runs this natively too and compares
 * the PASS lines).
 *
 * Checks:
 *   ids                 getpid/getppid, and a child's view of both
 *   uname               sysname "Linux", machine "i686" (a 64-bit Linux
 *                       host says x86_64, which is accepted off Pagoda)
 *   brk                 sbrk grows the heap by 64 KiB, usable; brk shrinks it
 *   mmap                anonymous mmap: page aligned, zeroed, writable, munmap
 *   mprotect_segv       after mprotect(PROT_READ) a child can read the page,
 *                       and its write kills it with SIGSEGV
 *   nanosleep           20 ms of sleep take at least 20 ms (CLOCK_MONOTONIC)
 *   clock_monotonic     CLOCK_MONOTONIC never goes back
 *   mkdir_rmdir         mkdir, EEXIST, ENOTEMPTY, rmdir, then ENOENT
 *   getcwd_chdir        chdir into a directory, getcwd names it, relative
 *                       paths resolve there
 *   file_rw             open/write/lseek(SEEK_END, SEEK_SET)/read of a file
 *   unlink_open_file    an unlinked file stays readable while open
 *   getdents            readdir lists ".", ".." and three files, each once
 *   stat_sizes          stat gives each file's size and type, and S_IFDIR
 *   pipe2 dup3          O_CLOEXEC set by pipe2 and dup3; data flows
 *   sigaction_raise     a SIGUSR1 handler runs once for raise()
 *   sigprocmask_pending a blocked signal waits, is delivered once on unblock
 *   siginfo_kill        an SA_SIGINFO handler gets si_signo for kill()
 *   siginfo_sender      ...and si_code SI_USER with the sender's pid
 */
#include "check.h"          /* first: it sets _GNU_SOURCE */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>

static char dir[64];          /* /tmp/t_syscalls.PID, made by mkdir_rmdir */

static void check_ids(void)
{
    pid_t me = getpid(), parent = getppid();
    int fds[2];
    pipe(fds);
    pid_t pid = fork();
    if (pid == 0) {                      /* tell the parent who we think we are */
        pid_t v[2] = { getpid(), getppid() };
        write(fds[1], v, sizeof(v));
        _exit(0);
    }
    pid_t v[2] = { 0, 0 };
    read(fds[0], v, sizeof(v));
    close(fds[0]);
    close(fds[1]);
    int st;
    wait_for(pid, &st);
    CHECK("ids", me > 0 && parent >= 0 && parent != me && v[0] == pid && v[1] == me,
          "pid %d ppid %d; child says pid %d (fork said %d), ppid %d", me, parent,
          v[0], pid, v[1]);
}

static void check_uname(void)
{
    struct utsname u;
    int r = uname(&u);
    /* A 64-bit Linux host says x86_64 even to an i386 program. */
    int machine_ok = strcmp(u.machine, "i686") == 0 ||
                     (!on_pagoda() && strcmp(u.machine, "x86_64") == 0);
    CHECK("uname", r == 0 && strcmp(u.sysname, "Linux") == 0 && machine_ok,
          "sysname \"%s\" machine \"%s\"", u.sysname, u.machine);
}

static void check_brk(void)
{
    char *start = sbrk(0);
    char *grown = sbrk(64 * 1024);       /* returns the old break */
    char *end = sbrk(0);
    int ok = grown == start && end == start + 64 * 1024;
    if (ok) {
        memset(start, 0x5a, 64 * 1024);  /* the new memory is usable */
        ok = start[64 * 1024 - 1] == 0x5a;
    }
    int shrunk = brk(start) == 0 && sbrk(0) == start;
    CHECK("brk", ok && shrunk, "start %p, sbrk gave %p, end %p, shrink %d",
          (void *)start, (void *)grown, (void *)end, shrunk);
}

static void check_mmap(void)
{
    size_t len = 3 * 4096;
    unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int ok = p != MAP_FAILED && ((unsigned long)p & 4095) == 0;
    for (size_t i = 0; ok && i < len; i++)
        ok = p[i] == 0;                  /* anonymous memory starts zeroed */
    if (ok) {
        for (size_t i = 0; i < len; i++)
            p[i] = (unsigned char)i;
        ok = p[len - 1] == (unsigned char)(len - 1) && munmap(p, len) == 0;
    }
    CHECK("mmap", ok, "mmap gave %p", (void *)p);

    /* A read-only page: reading works, a write in a child kills it. */
    p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 42;
    int mp = mprotect(p, 4096, PROT_READ);
    pid_t pid = fork();
    if (pid == 0) {
        if (*(volatile unsigned char *)p != 42)
            _exit(1);
        *(volatile unsigned char *)p = 1;
        _exit(2);                        /* the write went through */
    }
    int st = -1;
    wait_for(pid, &st);
    CHECK("mprotect_segv", mp == 0 && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
          "mprotect gave %d, the child %s", mp, wstr(st));
    munmap(p, 4096);
}

static long long ns(const struct timespec *t)
{
    return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static void check_time(void)
{
    struct timespec a, b, c, req = { 0, 20 * 1000 * 1000 };
    int r1 = clock_gettime(CLOCK_MONOTONIC, &a);
    int r2 = nanosleep(&req, NULL);
    int r3 = clock_gettime(CLOCK_MONOTONIC, &b);
    clock_gettime(CLOCK_MONOTONIC, &c);
    long long slept = ns(&b) - ns(&a);
    CHECK("nanosleep", r2 == 0 && slept >= 20000000LL && slept < 2000000000LL,
          "nanosleep gave %d, slept %lld ns (wanted >= 20 ms)", r2, slept);
    CHECK("clock_monotonic", r1 == 0 && r3 == 0 && ns(&c) >= ns(&b) && ns(&b) > ns(&a),
          "times %lld %lld %lld", ns(&a), ns(&b), ns(&c));
}

static void check_files(void)
{
    char path[96], buf[64] = "";
    snprintf(path, sizeof(path), "%s/file", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    int w = write(fd, "hello, world", 12);
    off_t end = lseek(fd, 0, SEEK_END);
    off_t mid = lseek(fd, 7, SEEK_SET);
    int n = read(fd, buf, sizeof(buf));
    CHECK("file_rw", fd >= 0 && w == 12 && end == 12 && mid == 7 && n == 5 &&
          memcmp(buf, "world", 5) == 0, "fd %d write %d end %ld seek %ld read %d \"%s\"",
          fd, w, (long)end, (long)mid, n, buf);

    /* An unlinked file lives on while it is open. */
    int u = unlink(path);
    struct stat st;
    errno = 0;
    int gone = stat(path, &st) == -1 && errno == ENOENT;
    n = pread(fd, buf, 5, 0);
    CHECK("unlink_open_file", u == 0 && gone && n == 5 && memcmp(buf, "hello", 5) == 0,
          "unlink %d, gone %d, read %d", u, gone, n);
    close(fd);
}

static void check_dirs(void)
{
    snprintf(dir, sizeof(dir), "/tmp/t_syscalls.%d", (int)getpid());
    int made = mkdir(dir, 0755);
    errno = 0;
    int again = mkdir(dir, 0755) == -1 && errno == EEXIST;
    char sub[96];
    snprintf(sub, sizeof(sub), "%s/sub", dir);
    mkdir(sub, 0755);
    errno = 0;
    int notempty = rmdir(dir) == -1 && errno == ENOTEMPTY;
    int gone = rmdir(sub) == 0;
    struct stat st;
    errno = 0;
    gone = gone && stat(sub, &st) == -1 && errno == ENOENT;
    CHECK("mkdir_rmdir", made == 0 && again && notempty && gone,
          "mkdir %d, EEXIST %d, ENOTEMPTY %d, removed %d", made, again, notempty, gone);

    char old[256], cwd[256] = "";
    getcwd(old, sizeof(old));
    int cd = chdir(dir);
    char *got = getcwd(cwd, sizeof(cwd));
    int rel = open("relative", O_WRONLY | O_CREAT, 0644);   /* lands in dir */
    close(rel);
    char abs[96];
    snprintf(abs, sizeof(abs), "%s/relative", dir);
    int found = stat(abs, &st) == 0;
    unlink(abs);
    chdir(old);
    CHECK("getcwd_chdir", cd == 0 && got && strcmp(cwd, dir) == 0 && found,
          "chdir %d, getcwd \"%s\", relative open found %d", cd, cwd, found);
}

static void check_fds(void)
{
    int fds[2];
    int r = pipe2(fds, O_CLOEXEC);
    char c = 0;
    int ok = r == 0 && fcntl(fds[0], F_GETFD) == FD_CLOEXEC &&
             fcntl(fds[1], F_GETFD) == FD_CLOEXEC && write(fds[1], "p", 1) == 1 &&
             read(fds[0], &c, 1) == 1 && c == 'p';
    CHECK("pipe2", ok, "pipe2 gave %d", r);
    int d = dup3(fds[1], 50, O_CLOEXEC);
    ok = d == 50 && fcntl(50, F_GETFD) == FD_CLOEXEC && write(50, "q", 1) == 1 &&
         read(fds[0], &c, 1) == 1 && c == 'q';
    CHECK("dup3", ok, "dup3 gave %d", d);
    close(50);
    close(fds[0]);
    close(fds[1]);
}

static void check_getdents_stat(void)
{
    static const char *names[] = { "a", "bb", "ccc" };
    static const int sizes[] = { 0, 1234, 5000 };
    char path[96];
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        for (int j = 0; j < sizes[i]; j++)
            write(fd, "x", 1);
        close(fd);
    }
    /* readdir sees ".", ".." and the three files, each exactly once. */
    int seen[5] = { 0 }, other = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0) seen[3]++;
        else if (strcmp(e->d_name, "..") == 0) seen[4]++;
        else {
            int k = -1;
            for (int i = 0; i < 3; i++)
                if (strcmp(e->d_name, names[i]) == 0)
                    k = i;
            if (k < 0) other++; else seen[k]++;
        }
    }
    if (d)
        closedir(d);
    int ok = d != NULL && other == 0;
    for (int i = 0; i < 5; i++)
        ok = ok && seen[i] == 1;
    CHECK("getdents", ok, "opendir %p; a %d bb %d ccc %d . %d .. %d, others %d",
          (void *)d, seen[0], seen[1], seen[2], seen[3], seen[4], other);

    struct stat st;
    ok = 1;
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        ok = ok && stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == sizes[i];
        unlink(path);
    }
    ok = ok && stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
    CHECK("stat_sizes", ok, "a file's size or type, or the directory's type, is wrong");
    rmdir(dir);
}

static volatile int usr1_count, usr2_count, info_signo, info_code, info_pid;

static void on_usr1(int sig) { (void)sig; usr1_count++; }
static void on_usr2(int sig) { (void)sig; usr2_count++; }
static void on_info(int sig, siginfo_t *si, void *uc)
{
    (void)sig; (void)uc;
    info_signo = si->si_signo;
    info_code = si->si_code;
    info_pid = si->si_pid;
}

static void check_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    int r = sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    CHECK("sigaction_raise", r == 0 && usr1_count == 1, "sigaction %d, handler ran %d times",
          r, usr1_count);

    /* Blocked: the signal waits; unblocked: it is delivered, once. */
    sa.sa_handler = on_usr2;
    sigaction(SIGUSR2, &sa, NULL);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, &old);
    kill(getpid(), SIGUSR2);
    kill(getpid(), SIGUSR2);             /* standard signals do not queue */
    int while_blocked = usr2_count;
    sigprocmask(SIG_SETMASK, &old, NULL);
    CHECK("sigprocmask_pending", while_blocked == 0 && usr2_count == 1,
          "handler ran %d times while blocked, %d after", while_blocked, usr2_count);

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    kill(getpid(), SIGUSR1);
    CHECK("siginfo_kill", info_signo == SIGUSR1, "si_signo %d", info_signo);
    CHECK("siginfo_sender", info_code == SI_USER && info_pid == getpid(),
          "si_code %d (SI_USER is %d), si_pid %d (we are %d)", info_code, SI_USER,
          info_pid, (int)getpid());
    signal(SIGUSR1, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);
}

int main(void)
{
    check_ids();
    check_uname();
    check_brk();
    check_mmap();
    check_time();
    check_dirs();            /* makes dir, used by the next two */
    check_files();
    check_getdents_stat();   /* removes dir */
    check_fds();
    check_signals();
    reap_all();
    return finish();
}
