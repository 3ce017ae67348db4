/*
 * t_procfiles - the /proc and /dev files a student's tools read give
 * Linux's answers: /proc/cmdline, /proc/version, /proc/mounts,
 * /proc/PID/fd and /dev/fd, oom_score and oom_score_adj, cmdline at its
 * edges, /dev/random and /dev/urandom.
 *
 * cmdline   proc_cmdline_line proc_version_banner pid_cmdline_offset
 *           pid_cmdline_rewritten pid_cmdline_zombie pid_cmdline_large
 *           pid_cmdline_proctitle
 * mounts    proc_mounts_lines proc_mounts_is_self
 * fd        fd_lists_open fd_file_path fd_pipe_name fd_closed_enoent
 *           fd_reopen fd_reopen_unlinked dev_fd_link dev_fd_open
 * oom       (in a child: init's oom_score is always 0) oom_adj_default oom_adj_write oom_adj_range oom_adj_garbage
 *           oom_adj_inherited oom_score_small oom_score_adj_max
 *           oom_score_adj_min
 * random    urandom_differs random_reads urandom_write urandom_rdev
 */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

/* st_rdev in Linux's encoding (new_encode_dev), for small numbers. */
#define MAJOR_OF(d) ((unsigned)(((d) >> 8) & 0xfff))
#define MINOR_OF(d) ((unsigned)((d) & 0xff))

static char text[16384];

/* The whole of a file (up to the buffer), or "" if it cannot be read. */
static const char *slurp(const char *path)
{
    int fd = open(path, O_RDONLY), n = 0, r;
    while (fd >= 0 && n < (int)sizeof(text) - 1 &&
           (r = read(fd, text + n, sizeof(text) - 1 - n)) > 0)
        n += r;
    if (fd >= 0)
        close(fd);
    text[n] = '\0';
    return text;
}

/* Write s to path: the result of write(), or -errno. */
static long put(const char *path, const char *s)
{
    int fd = open(path, O_WRONLY);
    if (fd < 0)
        return -errno;
    long r = write(fd, s, strlen(s));
    if (r < 0)
        r = -errno;
    close(fd);
    return r;
}

static long number_in(const char *path)
{
    return strtol(slurp(path), NULL, 10);
}

/* readlink into buf (NUL-terminated): its length or -errno. */
static long link_of(const char *path, char *buf, int size)
{
    long n = readlink(path, buf, size - 1);
    if (n < 0)
        return -errno;
    buf[n] = '\0';
    return n;
}

static void test_cmdline(char **argv)
{
    const char *t = slurp("/proc/cmdline");
    size_t n = strlen(t);
    CHECK("proc_cmdline_line", n > 1 && t[n - 1] == '\n',
          "%zu bytes", n);
    struct utsname u;
    uname(&u);
    char want[256];
    snprintf(want, sizeof(want), "%s version %s (", u.sysname, u.release);
    t = slurp("/proc/version");
    CHECK("proc_version_banner", strncmp(t, want, strlen(want)) == 0 &&
          strstr(t, u.version) && t[strlen(t) - 1] == '\n', "%s", t);

    char buf[64];
    int fd = open("/proc/self/cmdline", O_RDONLY);
    long r = pread(fd, buf, sizeof(buf), 2);
    close(fd);
    CHECK("pid_cmdline_offset", r == (long)strlen(argv[0]) + 1 - 2 &&
          memcmp(buf, argv[0] + 2, r) == 0, "got %ld bytes", r);
    char saved = argv[0][0];
    argv[0][0] = 'Z';                               /* programs may rewrite argv */
    t = slurp("/proc/self/cmdline");
    CHECK("pid_cmdline_rewritten", t[0] == 'Z', "starts with %c", t[0]);
    argv[0][0] = saved;

    /* setproctitle: the last argument's NUL overwritten, the title runs
     * on into the environment up to its first NUL (in a child, whose
     * argv and environment are its own).  argv is just argv[0] here. */
    extern char **environ;
    pid_t child = fork();
    if (child == 0) {
        size_t arg = strlen(argv[0]);
        char *end = argv[0] + arg;              /* the argument area's last byte */
        if (!environ[0] || end + 1 != environ[0])
            _exit(2);                           /* not laid out as exec does */
        size_t want = arg + 1 + strlen(environ[0]);
        *end = '+';
        const char *title = slurp("/proc/self/cmdline");
        *end = '\0';
        _exit(strlen(title) == want && title[arg] == '+' ? 0 : 1);
    }
    int cst;
    wait_for(child, &cst);
    CHECK("pid_cmdline_proctitle", exited_with(cst, 0), "the child is %s", wstr(cst));
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
    for (int i = 0; i < 200; i++) {                 /* until it is a zombie */
        char st[64];
        snprintf(st, sizeof(st), "/proc/%d/stat", (int)pid);
        const char *s = slurp(st);
        const char *paren = strrchr(s, ')');
        if (paren && paren[2] == 'Z')
            break;
        sleep_ms(10);
    }
    t = slurp(path);
    CHECK("pid_cmdline_zombie", t[0] == '\0', "%zu bytes", strlen(t));
    int st;
    wait_for(pid, &st);
}

static void test_mounts(void)
{
    const char *t = slurp("/proc/mounts");
    CHECK("proc_mounts_lines", strstr(t, "proc /proc proc rw,relatime 0 0\n") &&
          strstr(t, " / "), "%s", t);
    char link[64], copy[sizeof(text)];
    snprintf(copy, sizeof(copy), "%s", t);
    long n = link_of("/proc/mounts", link, sizeof(link));
    t = slurp("/proc/self/mounts");
    CHECK("proc_mounts_is_self", n > 0 && strcmp(link, "self/mounts") == 0 &&
          strcmp(t, copy) == 0, "link %s", n > 0 ? link : "?");
}

/* Is descriptor fd listed in /proc/self/fd? */
static int listed(int fd)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int found = 0;
    char name[16];
    snprintf(name, sizeof(name), "%d", fd);
    while (d && (e = readdir(d)) != NULL)
        found |= strcmp(e->d_name, name) == 0;
    if (d)
        closedir(d);
    return found;
}

static void test_fd(void)
{
    char path[64], link[128], want[128], fdpath[64];
    snprintf(path, sizeof(path), "/tmp/t_procfiles.%d", (int)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    write(fd, "contents", 8);
    CHECK("fd_lists_open", listed(0) && listed(fd) && !listed(fd + 5), "fd %d", fd);
    snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
    long n = link_of(fdpath, link, sizeof(link));
    CHECK("fd_file_path", n > 0 && strcmp(link, path) == 0, "%s", n > 0 ? link : "?");
    int p[2];
    pipe(p);
    struct stat sb;
    fstat(p[0], &sb);
    snprintf(want, sizeof(want), "pipe:[%lu]", (unsigned long)sb.st_ino);
    snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", p[1]);
    n = link_of(fdpath, link, sizeof(link));
    CHECK("fd_pipe_name", n > 0 && strcmp(link, want) == 0, "%s, want %s",
          n > 0 ? link : "?", want);
    close(p[0]);
    close(p[1]);
    n = link_of(fdpath, link, sizeof(link));
    CHECK("fd_closed_enoent", n == -ENOENT, "got %ld", n);

    snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
    const char *t = slurp(fdpath);
    CHECK("fd_reopen", strcmp(t, "contents") == 0, "read \"%s\"", t);
    unlink(path);
    t = slurp(fdpath);
    CHECK("fd_reopen_unlinked", strcmp(t, "contents") == 0, "read \"%s\"", t);
    /* On Linux udev (not the kernel) makes /dev/fd: a bare initramfs,
     * as linux-ref boots, has none. */
    n = link_of("/dev/fd", link, sizeof(link));
    if (n == -ENOENT && !on_pagoda()) {
        PASS_INFO("dev_fd_link", "no /dev/fd here: udev makes it on Linux");
        PASS_INFO("dev_fd_open", "no /dev/fd here");
    } else {
        CHECK("dev_fd_link", n > 0 && strcmp(link, "/proc/self/fd") == 0, "%s",
              n > 0 ? link : "?");
        char devfd[32];
        snprintf(devfd, sizeof(devfd), "/dev/fd/%d", fd);
        t = slurp(devfd);
        CHECK("dev_fd_open", strcmp(t, "contents") == 0, "read \"%s\"", t);
    }
    close(fd);
}

static void test_oom(void)
{
    long adj0 = number_in("/proc/self/oom_score_adj");
    CHECK("oom_adj_default", adj0 == 0, "got %ld", adj0);
    long r = put("/proc/self/oom_score_adj", "500\n");
    long adj = number_in("/proc/self/oom_score_adj");
    CHECK("oom_adj_write", r == 4 && adj == 500, "write %ld, then %ld", r, adj);
    long r1 = put("/proc/self/oom_score_adj", "1001");
    long r2 = put("/proc/self/oom_score_adj", "-1001");
    CHECK("oom_adj_range", r1 == -EINVAL && r2 == -EINVAL &&
          number_in("/proc/self/oom_score_adj") == 500, "got %ld %ld", r1, r2);
    r1 = put("/proc/self/oom_score_adj", "x");
    r2 = put("/proc/self/oom_score_adj", "12y");
    CHECK("oom_adj_garbage", r1 == -EINVAL && r2 == -EINVAL, "got %ld %ld", r1, r2);
    pid_t pid = fork();
    if (pid == 0)
        _exit(number_in("/proc/self/oom_score_adj") == 500 ? 0 : 1);
    int st;
    wait_for(pid, &st);
    CHECK("oom_adj_inherited", exited_with(st, 0), "the child is %s", wstr(st));

    put("/proc/self/oom_score_adj", "0");
    long score = number_in("/proc/self/oom_score");
    CHECK("oom_score_small", score >= 666 && score < 700, "oom_score %ld", score);
    put("/proc/self/oom_score_adj", "1000");
    score = number_in("/proc/self/oom_score");
    CHECK("oom_score_adj_max", score >= 1300 && score <= 1334, "oom_score %ld", score);
    /* Going below 0 needs CAP_SYS_RESOURCE, which root has on Pagoda
     * but may lack natively in a container (then EACCES, as Linux says). */
    r = put("/proc/self/oom_score_adj", "-1000");
    score = number_in("/proc/self/oom_score");
    if (r == -EACCES && !on_pagoda())
        PASS_INFO("oom_score_adj_min", "EACCES: no CAP_SYS_RESOURCE here");
    else
        CHECK("oom_score_adj_min", r == 5 && score == 0, "write %ld, oom_score %ld", r, score);
    put("/proc/self/oom_score_adj", "0");
}

static void test_random(void)
{
    unsigned char a[64], b[64], zero[64] = { 0 };
    int fd = open("/dev/urandom", O_RDONLY);
    long ra = read(fd, a, sizeof(a)), rb = read(fd, b, sizeof(b));
    close(fd);
    CHECK("urandom_differs", ra == 64 && rb == 64 && memcmp(a, b, 64) != 0 &&
          memcmp(a, zero, 64) != 0, "read %ld %ld", ra, rb);
    fd = open("/dev/random", O_RDONLY);
    ra = read(fd, a, 16);
    close(fd);
    CHECK("random_reads", ra == 16, "read %ld", ra);
    long w = put("/dev/urandom", "mix these in");
    CHECK("urandom_write", w == 12, "write %ld", w);
    struct stat s1, s2;
    stat("/dev/urandom", &s1);
    stat("/dev/random", &s2);
    CHECK("urandom_rdev", S_ISCHR(s1.st_mode) && MAJOR_OF(s1.st_rdev) == 1 &&
          MINOR_OF(s1.st_rdev) == 9 && MAJOR_OF(s2.st_rdev) == 1 && MINOR_OF(s2.st_rdev) == 8,
          "urandom %u,%u random %u,%u", MAJOR_OF(s1.st_rdev), MINOR_OF(s1.st_rdev),
          MAJOR_OF(s2.st_rdev), MINOR_OF(s2.st_rdev));
}

/* The whole of /proc/self/cmdline, however long: its length. */
static long cmdline_length(void)
{
    int fd = open("/proc/self/cmdline", O_RDONLY);
    long total = 0, r;
    while (fd >= 0 && (r = read(fd, text, sizeof(text))) > 0)
        total += r;
    close(fd);
    return total;
}

/* A child execs this program again with 300 KiB of arguments: its cmdline
 * must hold all of it (exec takes up to 2 MiB of arguments). */
static void test_large_cmdline(char **argv)
{
    static char big[100 * 1024];                    /* a string may be 128 KiB at most */
    memset(big, 'a', sizeof(big) - 1);
    pid_t pid = fork();
    if (pid == 0) {
        char *args[] = { argv[0], "big", big, big, big, NULL };
        execv(argv[0], args);
        _exit(99);
    }
    int st;
    wait_for(pid, &st);
    CHECK("pid_cmdline_large", exited_with(st, 0), "the child is %s", wstr(st));
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "big") == 0) {
        long want = 0;
        for (int i = 0; i < argc; i++)
            want += (long)strlen(argv[i]) + 1;
        return cmdline_length() == want ? 0 : 1;
    }
    test_cmdline(argv);
    test_large_cmdline(argv);
    test_mounts();
    test_fd();
    pid_t pid = fork();                 /* init is never the OOM killer's choice: */
    if (pid == 0) {                     /* score another process */
        test_oom();
        _exit(finish());
    }
    int st;
    wait_for(pid, &st);
    if (!exited_with(st, 0))
        check_failures++;
    test_random();
    return finish();
}
