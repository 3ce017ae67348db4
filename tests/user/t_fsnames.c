/*
 * tests/user/t_fsnames.c - names that cross file systems, mount points,
 * /proc's names and their lifetime, symlink limits and exec permission.
 *
 * Every answer here is Linux's: tests/test_user.py compares the PASS set
 * with the same binary run natively.  It works in a directory of its own
 * on /dev/shm (a tmpfs on Linux, the root file system on Pagoda); where
 * Linux's answer depends on whether that directory shares a file system
 * with "/" (it does on Pagoda, not natively), the check works out which.
 *
 *   link_from_proc       link("/proc/self/status", "x"): EXDEV
 *   link_into_proc       link("file", "/proc/x"): ENOENT (/proc makes no names)
 *   rename_from_proc     rename("/proc/meminfo", "x"): EXDEV
 *   rename_into_proc     rename("file", "/proc/self/x"): EXDEV
 *   rmdir_proc           rmdir("/proc"): EBUSY (a mount point)
 *   rename_proc          rename("/proc", "/proc.moved"): EBUSY
 *   rename_dir_onto_proc rename("dir", "/proc"): EBUSY, or EXDEV from another fs
 *   rename_file_onto_proc rename("file", "/proc"): EISDIR, or EXDEV
 *   proc_still_there     after all that, /proc/self/status still reads
 *   proc_no_new_names    mkdir, open(O_CREAT) and symlink in /proc: ENOENT
 *   proc_unlink          unlink("/proc/self/status"): EPERM; rmdir of
 *                        /proc/self ENOTDIR, of /proc/1 EPERM
 *   proc_own_dev         /proc's st_dev differs from the directory's
 *   proc_mmap            mmap of /proc/self/maps ENODEV, /proc/meminfo EIO
 *   proc_truncate        truncate("/proc/self/status", 0) is 0 and the
 *                        file still reads
 *   proc_after_exit_*    fds open on a reaped child's /proc/PID files and
 *                        directory, and a cwd inside it, all still held:
 *                        reads ESRCH (pagemap EOF), getdents ENOENT, walks
 *                        through the directory and fchdir ESRCH, fstat
 *                        works, /proc/PID itself is ENOENT
 *   symlink_40           a chain of 40 symlinks resolves, 41 is ELOOP
 *   symlink_40_in_path   a path through 40 "d" -> "." links resolves,
 *                        41 is ELOOP (the count is per lookup)
 *   symlink_loop         a <-> b: open, stat, mkdir("a/x"), chdir ELOOP;
 *                        lstat and readlink work
 *   symlink_nofollow     open(link, O_NOFOLLOW): ELOOP
 *   exec_no_x            execve of a 0644 file: EACCES
 *   exec_dir             execve of a directory: EACCES
 *   exec_proc_file       execve of /proc/self/status: EACCES
 *   exec_trailing_slash  execve("file/"): ENOTDIR
 *   exec_x_owner_only    a copy of this program with mode 0100 runs
 *   text_busy_write      while a copy of this program runs, opening it to
 *                        write and truncating it are ETXTBSY; reading is
 *                        fine, and writing is again once it has ended
 *   text_busy_exec       exec of a file open for writing is ETXTBSY
 */
#include "check.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#ifndef SYS_fchdir
#define SYS_fchdir 133               /* Linux i386; our libc has no fchdir */
#endif

static char dir[64];

/* getdents64 on fd (no libc wrapper in both libcs). */
static long getdents_of(int fd, char *buf, int size)
{
    return syscall(SYS_getdents64, fd, buf, size);
}

/* Did the call fail with `want`? */
static int failed_with(long r, int want)
{
    return r == -1 && errno == want;
}

/* Create `path` holding `text`, with `mode`. */
static void make_file(const char *path, const char *text, int mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd >= 0) {
        write(fd, text, strlen(text));
        close(fd);
    }
}

/* Does this directory live on the same file system as "/"? */
static int same_fs_as_root(void)
{
    struct stat a, b;
    return stat(".", &a) == 0 && stat("/", &b) == 0 && a.st_dev == b.st_dev;
}

/* Read a little of `path`: bytes read, or -1. */
static int read_some(const char *path)
{
    char buf[64];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    int n = (int)read(fd, buf, sizeof buf);
    close(fd);
    return n;
}

static void test_cross_fs(void)
{
    int e1, e2;
    make_file("file", "data", 0644);
    mkdir("emptydir", 0755);
    CHECK("link_from_proc", failed_with(link("/proc/self/status", "x"), EXDEV),
          "link: %s", strerror(errno));
    CHECK("link_into_proc", failed_with(link("file", "/proc/x"), ENOENT),
          "link: %s", strerror(errno));
    CHECK("rename_from_proc", failed_with(rename("/proc/meminfo", "x"), EXDEV),
          "rename: %s", strerror(errno));
    CHECK("rename_into_proc", failed_with(rename("file", "/proc/self/x"), EXDEV),
          "rename: %s", strerror(errno));
    CHECK("rmdir_proc", failed_with(rmdir("/proc"), EBUSY), "rmdir: %s",
          strerror(errno));
    CHECK("rename_proc", failed_with(rename("/proc", "/proc.moved"), EBUSY),
          "rename: %s", strerror(errno));
    int same = same_fs_as_root();
    errno = 0;
    e1 = rename("emptydir", "/proc") == 0 ? 0 : errno;
    CHECK("rename_dir_onto_proc", e1 == (same ? EBUSY : EXDEV),
          "rename: %s (same fs as /: %d)", strerror(e1), same);
    e2 = rename("file", "/proc") == 0 ? 0 : errno;
    CHECK("rename_file_onto_proc", e2 == (same ? EISDIR : EXDEV),
          "rename: %s (same fs as /: %d)", strerror(e2), same);
    struct stat st;
    CHECK("proc_still_there", read_some("/proc/self/status") > 0 &&
          stat("emptydir", &st) == 0 && stat("file", &st) == 0 &&
          stat("x", &st) == -1, "/proc or the files moved");
}

static void test_proc_names(void)
{
    int a = mkdir("/proc/x", 0755) == -1 ? errno : 0;
    int b = open("/proc/x", O_RDWR | O_CREAT, 0644) < 0 ? errno : 0;
    int c = symlink("a", "/proc/x") == -1 ? errno : 0;
    CHECK("proc_no_new_names", a == ENOENT && b == ENOENT && c == ENOENT,
          "mkdir %s, open %s, symlink %s", strerror(a), strerror(b), strerror(c));
    a = unlink("/proc/self/status") == -1 ? errno : 0;
    b = rmdir("/proc/self") == -1 ? errno : 0;
    c = rmdir("/proc/1") == -1 ? errno : 0;
    CHECK("proc_unlink", a == EPERM && b == ENOTDIR && c == EPERM,
          "unlink %s, rmdir self %s, rmdir 1 %s", strerror(a), strerror(b),
          strerror(c));
    struct stat p, here;
    CHECK("proc_own_dev", stat("/proc", &p) == 0 && stat(".", &here) == 0 &&
          p.st_dev != here.st_dev, "same st_dev");
    int maps = open("/proc/self/maps", O_RDONLY);
    int mem = open("/proc/meminfo", O_RDONLY);
    void *m1 = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, maps, 0);
    a = m1 == MAP_FAILED ? errno : 0;
    void *m2 = mmap(NULL, 4096, PROT_READ, MAP_SHARED, mem, 0);
    b = m2 == MAP_FAILED ? errno : 0;
    CHECK("proc_mmap", a == ENODEV && b == EIO, "maps %s, meminfo %s",
          strerror(a), strerror(b));
    close(maps);
    close(mem);
    CHECK("proc_truncate", truncate("/proc/self/status", 0) == 0 &&
          read_some("/proc/self/status") > 0, "truncate: %s", strerror(errno));
}

/* An errno as a number for the checks below: 0 if the call worked. */
static int err_of(long r)
{
    return r < 0 ? errno : 0;
}

/* A child that waits on a pipe; /proc/PID is opened while it lives, and
 * used after it is reaped. */
static void test_proc_after_exit(void)
{
    int p[2];
    if (pipe(p) < 0)
        return fail("proc_after_exit", "pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        close(p[1]);
        read(p[0], &c, 1);
        _exit(0);
    }
    close(p[0]);
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    int status_fd = open(path, O_RDONLY);
    snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
    int maps_fd = open(path, O_RDONLY);
    snprintf(path, sizeof path, "/proc/%d/pagemap", (int)pid);
    int pagemap_fd = open(path, O_RDONLY);
    snprintf(path, sizeof path, "/proc/%d", (int)pid);
    int dir_fd = open(path, O_RDONLY | O_DIRECTORY);
    int cd = chdir(path);
    close(p[1]);                       /* the child ends ... */
    int st;
    wait_for(pid, &st);                /* ... and is reaped */

    struct stat s;
    int r_status = err_of(read(status_fd, buf, sizeof buf));
    int r_maps = err_of(read(maps_fd, buf, sizeof buf));
    long r_pagemap = read(pagemap_fd, buf, 8);
    int r_dents = err_of(getdents_of(dir_fd, buf, sizeof buf));
    int r_openat = err_of(openat(dir_fd, "status", O_RDONLY));
    int r_open = err_of(open("status", O_RDONLY));
    int r_mkdir = err_of(mkdir("x", 0755));
    int r_dot = err_of(stat(".", &s));
    int r_up = err_of(chdir(".."));
    int r_fstat = err_of(fstat(dir_fd, &s));
    int r_fchdir = err_of(syscall(SYS_fchdir, dir_fd));
    int r_gone = err_of(stat(path, &s));
    int back = chdir(dir) == 0;
    close(status_fd);
    close(maps_fd);
    close(pagemap_fd);
    close(dir_fd);
    CHECK("proc_after_exit_opened", status_fd >= 0 && maps_fd >= 0 &&
          pagemap_fd >= 0 && dir_fd >= 0 && cd == 0 && back,
          "fds %d %d %d %d, chdir %d, back %d", status_fd, maps_fd, pagemap_fd,
          dir_fd, cd, back);
    CHECK("proc_after_exit_read", r_status == ESRCH && r_maps == ESRCH &&
          r_pagemap == 0, "status %s, maps %s, pagemap %ld",
          strerror(r_status), strerror(r_maps), r_pagemap);
    CHECK("proc_after_exit_dir", r_dents == ENOENT && r_openat == ESRCH &&
          r_fstat == 0 && r_fchdir == ESRCH && r_gone == ENOENT,
          "getdents %s, openat %s, fstat %s, fchdir %s, stat %s",
          strerror(r_dents), strerror(r_openat), strerror(r_fstat),
          strerror(r_fchdir), strerror(r_gone));
    CHECK("proc_after_exit_cwd", r_open == ESRCH && r_mkdir == ESRCH &&
          r_dot == ESRCH && r_up == ESRCH, "open %s, mkdir %s, stat . %s, "
          "chdir .. %s", strerror(r_open), strerror(r_mkdir), strerror(r_dot),
          strerror(r_up));
}

static void test_symlinks(void)
{
    char a[16], b[16];
    make_file("target", "t", 0644);
    symlink("target", "c0");
    for (int i = 1; i <= 41; i++) {
        snprintf(a, sizeof a, "c%d", i);
        snprintf(b, sizeof b, "c%d", i - 1);
        symlink(b, a);
    }
    int fd = open("c39", O_RDONLY);    /* c39 -> ... -> c0 -> target: 40 */
    int e = open("c40", O_RDONLY) < 0 ? errno : 0;
    CHECK("symlink_40", fd >= 0 && e == ELOOP, "40 links: fd %d; 41: %s",
          fd, strerror(e));
    close(fd);

    char path[256] = "dd";
    mkdir("dd", 0755);
    symlink(".", "dd/d");
    for (int i = 0; i < 40; i++)
        strcat(path, "/d");
    int ok40 = access(path, F_OK) == 0;
    strcat(path, "/d");
    e = access(path, F_OK) == -1 ? errno : 0;
    CHECK("symlink_40_in_path", ok40 && e == ELOOP, "40: %d, 41: %s", ok40,
          strerror(e));

    symlink("loopb", "loopa");
    symlink("loopa", "loopb");
    struct stat st;
    int o = open("loopa", O_RDONLY) < 0 ? errno : 0;
    int s = stat("loopa", &st) == -1 ? errno : 0;
    int m = mkdir("loopa/x", 0755) == -1 ? errno : 0;
    int c = chdir("loopa") == -1 ? errno : 0;
    int l = lstat("loopa", &st) == 0 && S_ISLNK(st.st_mode);
    char t[16];
    long n = readlink("loopa", t, sizeof t);
    CHECK("symlink_loop", o == ELOOP && s == ELOOP && m == ELOOP && c == ELOOP &&
          l && n == 5 && memcmp(t, "loopb", 5) == 0,
          "open %s, stat %s, mkdir %s, chdir %s, lstat %d, readlink %ld",
          strerror(o), strerror(s), strerror(m), strerror(c), l, n);
    e = open("c1", O_RDONLY | O_NOFOLLOW) < 0 ? errno : 0;
    CHECK("symlink_nofollow", e == ELOOP, "open: %s", strerror(e));
}

/* Copy this program to `to` with `mode` (from /proc/self/exe). */
static int copy_self(const char *to, int mode)
{
    char buf[4096];
    int in = open("/proc/self/exe", O_RDONLY);
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, mode);
    long n;
    while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
        write(out, buf, n);
    close(in);
    close(out);
    return in >= 0 && out >= 0 ? 0 : -1;
}

/* Run `path` with argument "child" in a child; its exit status, or the
 * execve errno + 1000. */
static int try_exec(const char *path)
{
    int p[2];
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        char *argv[] = { (char *)path, "child", NULL };
        execve(path, argv, NULL);
        int e = errno;
        write(p[1], &e, sizeof e);
        _exit(99);
    }
    close(p[1]);
    int e = 0, st;
    long got = read(p[0], &e, sizeof e);
    close(p[0]);
    wait_for(pid, &st);
    return got == sizeof e ? 1000 + e : WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_exec(void)
{
    make_file("noexec", "#!/bin/sh\n", 0644);
    int r = try_exec("noexec");
    CHECK("exec_no_x", r == 1000 + EACCES, "execve: %d", r);
    r = try_exec(".");
    CHECK("exec_dir", r == 1000 + EACCES, "execve: %d", r);
    r = try_exec("/proc/self/status");
    CHECK("exec_proc_file", r == 1000 + EACCES, "execve: %d", r);
    r = try_exec("noexec/");
    CHECK("exec_trailing_slash", r == 1000 + ENOTDIR, "execve: %d", r);
    r = copy_self("runme", 0100) == 0 ? try_exec("./runme") : -2;
    CHECK("exec_x_owner_only", r == 42, "exit %d", r);
}

/* Is pid running the program at a path ending in "/busy" yet? */
static int runs_busy(pid_t pid)
{
    char path[32], link[256];
    snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
    long n = readlink(path, link, sizeof link - 1);
    link[n > 0 ? n : 0] = '\0';
    return n >= 5 && strcmp(link + n - 5, "/busy") == 0;
}

/* ETXTBSY: a running program cannot be written, and a file open for
 * writing cannot be run. */
static void test_text_busy(void)
{
    int p[2];
    if (copy_self("busy", 0755) < 0 || pipe(p) < 0)
        return fail("text_busy_write", "setup: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[0], 0);
        close(p[1]);
        char *argv[] = { "./busy", "wait", NULL };
        execve("./busy", argv, NULL);
        _exit(99);
    }
    close(p[0]);
    for (int i = 0; i < 500 && !runs_busy(pid); i++)
        usleep(10000);
    int running = runs_busy(pid);
    int w = err_of(open("busy", O_WRONLY));
    int rw = err_of(open("busy", O_RDWR | O_TRUNC));
    int t = err_of(truncate("busy", 0));
    int ro = open("busy", O_RDONLY);
    close(ro);
    close(p[1]);                           /* the child ends */
    int st;
    wait_for(pid, &st);
    int after = open("busy", O_WRONLY);
    CHECK("text_busy_write", running && w == ETXTBSY && rw == ETXTBSY &&
          t == ETXTBSY && ro >= 0 && after >= 0,
          "running %d: open O_WRONLY %s, O_RDWR|O_TRUNC %s, truncate %s, "
          "O_RDONLY %d; after it ended %d", running, strerror(w), strerror(rw),
          strerror(t), ro, after);
    int r = try_exec("./busy");            /* while `after` is open for writing */
    close(after);
    int r2 = try_exec("./busy");
    CHECK("text_busy_exec", r == 1000 + ETXTBSY && r2 == 42,
          "open for writing: %d; closed: %d", r, r2);
    unlink("busy");
}

/* Remove everything this test made (it is all flat, except dd/). */
static void clean_up(void)
{
    static const char *files[] = { "file", "x", "target", "loopa", "loopb",
                                   "noexec", "runme", "dd/d" };
    char name[16];
    for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++)
        unlink(files[i]);
    for (int i = 0; i <= 41; i++) {
        snprintf(name, sizeof name, "c%d", i);
        unlink(name);
    }
    rmdir("dd");
    rmdir("emptydir");
    chdir("/");
    rmdir(dir);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child") == 0)
        return 42;                     /* exec_x_owner_only's copy */
    if (argc > 1 && strcmp(argv[1], "wait") == 0) {
        char c;
        read(0, &c, 1);                /* text_busy's copy: until told */
        return 0;
    }
    snprintf(dir, sizeof dir, "/dev/shm/t_fsnames.%d", (int)getpid());
    if (mkdir(dir, 0755) < 0 || chdir(dir) < 0) {
        fail("setup", "%s: %s", dir, strerror(errno));
        return finish();
    }
    test_cross_fs();
    test_proc_names();
    test_proc_after_exit();
    test_symlinks();
    test_exec();
    test_text_busy();
    clean_up();
    return finish();
}
