/*
 * t_efault - system calls given bad pointers fail with EFAULT; the
 * process survives.
 *
 * "Bad" means: NULL, kernel space (0xC0000000 and 0xC0100000, where
 * Pagoda's own code lives), and an address whose page was unmapped.
 *
 * Checks:
 *   read_bad / write_bad         read/write of a file with each bad buffer: -1/EFAULT
 *   read_null_zero_count         read(fd, NULL, 0) is 0 (nothing to copy, no fault)
 *   pipe_write_bad               write to a pipe from a bad buffer: -1/EFAULT
 *   open_bad_path / stat_bad_path  a bad path pointer: -1/EFAULT
 *   stat_bad_buf                 stat into a bad struct pointer: -1/EFAULT
 *   uname_bad / pipe_bad         uname and pipe with a bad result pointer
 *   execve_bad_path / execve_bad_argv / execve_bad_argv_string / execve_bad_envp
 *                                -1/EFAULT, and the caller goes on
 *   read_cross_unmapped          a buffer whose last 16 bytes are mapped and the
 *   write_cross_unmapped         rest is not: EFAULT or a short count <= 16, never
 *                                the full count (the line says which happened)
 *   read_cross_untouched_mmap    a buffer across two mapped but never-touched
 *   read_cross_untouched_brk     pages (mmap / sbrk): the read succeeds fully
 *   survived                     we are still here
 */
#include "check.h"          /* first: it sets _GNU_SOURCE */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define PAGE 4096
#define FILE_LEN 100

/* The bad pointers, volatile so the compiler cannot reason about them. */
static void *volatile bad[3];
static const char *const bad_name[3] = { "NULL", "0xC0000000", "unmapped" };
static void *volatile kernel_text = (void *)0xC0100000;
static char path[64];
static unsigned char contents[FILE_LEN];

/* Does r == -1 with errno == EFAULT?  (errno was cleared before.) */
static int efault(long r) { return r == -1 && errno == EFAULT; }

static void check_rw(int fd)
{
    int okr = 1, okw = 1;
    char why[200] = "";
    for (int i = 0; i < 3; i++) {
        lseek(fd, 0, SEEK_SET);            /* at EOF read would copy nothing */
        errno = 0;
        long r = read(fd, bad[i], 10);
        if (!efault(r)) {
            okr = 0;
            snprintf(why, sizeof(why), "read into %s gave %ld (%s)", bad_name[i], r,
                     strerror(errno));
        }
        errno = 0;
        r = write(fd, bad[i], 10);
        if (!efault(r)) {
            okw = 0;
            snprintf(why, sizeof(why), "write from %s gave %ld (%s)", bad_name[i], r,
                     strerror(errno));
        }
    }
    errno = 0;
    long r = write(fd, kernel_text, 16);   /* must not leak kernel memory */
    if (!efault(r)) {
        okw = 0;
        snprintf(why, sizeof(why), "write from 0xC0100000 gave %ld", r);
    }
    CHECK("read_bad", okr, "%s", why);
    CHECK("write_bad", okw, "%s", why);
    lseek(fd, 0, SEEK_SET);
    r = read(fd, bad[0], 0);
    CHECK("read_null_zero_count", r == 0, "read(fd, NULL, 0) gave %ld (%s)", r,
          strerror(errno));

    int fds[2];
    pipe(fds);
    errno = 0;
    r = write(fds[1], bad[2], 10);
    CHECK("pipe_write_bad", efault(r), "gave %ld (%s)", r, strerror(errno));
    close(fds[0]);
    close(fds[1]);
}

static void check_paths(void)
{
    int ok_open = 1, ok_stat = 1;
    struct stat st;
    for (int i = 0; i < 3; i++) {
        errno = 0;
        ok_open &= efault(open(bad[i], O_RDONLY));
        errno = 0;
        ok_stat &= efault(stat(bad[i], &st));
    }
    CHECK("open_bad_path", ok_open, "some bad path did not give EFAULT");
    CHECK("stat_bad_path", ok_stat, "some bad path did not give EFAULT");
    /* glibc's stat() converts from a buffer of its own, so the bad pointer
     * would fault in user space: make the system call (fstatat64) directly. */
    errno = 0;
    long r = syscall(SYS_fstatat64, AT_FDCWD, "/", bad[2], 0);
    CHECK("stat_bad_buf", efault(r), "stat(\"/\", unmapped) gave %ld (%s)", r,
          strerror(errno));
    errno = 0;
    r = uname(bad[1]);
    CHECK("uname_bad", efault(r), "uname(0xC0000000) gave %ld (%s)", r, strerror(errno));
    errno = 0;
    r = pipe(bad[2]);
    CHECK("pipe_bad", efault(r), "pipe(unmapped) gave %ld (%s)", r, strerror(errno));
}

/*
 * execve in a child, so that if the kernel wrongly accepted the call the
 * damage stays there.  The environment marks a wrongly started copy of
 * this program, which then exits with 99 at once.  The child exits with
 * execve's errno.
 */
static void check_execve(const char *name, const char *p, char **argv, char **envp)
{
    pid_t pid = fork();
    if (pid == 0) {
        errno = 0;
        execve(p, argv, envp);
        _exit(errno);
    }
    int st = -1;
    wait_for(pid, &st);
    CHECK(name, exited_with(st, EFAULT), "child %s (wanted exit %d = EFAULT; 99 = the "
          "exec went through)", wstr(st), EFAULT);
}

static void check_execves(const char *self)
{
    static char *env[] = { "T_EFAULT_EXECED=1", NULL };
    char *argv_bad_string[] = { (char *)self, bad[1], NULL };
    char *good_argv[] = { (char *)self, NULL };
    check_execve("execve_bad_path", bad[2], good_argv, env);
    check_execve("execve_bad_argv", self, bad[1], env);
    check_execve("execve_bad_argv_string", self, argv_bad_string, env);
    check_execve("execve_bad_envp", self, good_argv, bad[2]);
}

/* read or write FILE_LEN bytes with a buffer whose last 16 bytes before a
 * page boundary are mapped and whose rest is not. */
static void check_cross(int fd, int is_write)
{
    const char *name = is_write ? "write_cross_unmapped" : "read_cross_unmapped";
    char *base = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                      -1, 0);
    munmap(base + PAGE, PAGE);
    char *buf = base + PAGE - 16;
    memset(buf, 'x', 16);
    lseek(fd, 0, SEEK_SET);
    errno = 0;
    long r = is_write ? write(fd, buf, FILE_LEN) : read(fd, buf, FILE_LEN);
    if (efault(r))
        PASS_INFO(name, "EFAULT");
    else if (r >= 0 && r <= 16)
        PASS_INFO(name, "short count %ld", r);
    else
        fail(name, "gave %ld (%s): more than the 16 valid bytes", r, strerror(errno));
    munmap(base, PAGE);
    if (is_write) {                        /* put the file back as it was */
        lseek(fd, 0, SEEK_SET);
        write(fd, contents, FILE_LEN);
    }
}

/* A read into a buffer spanning two valid pages that were never touched. */
static void check_untouched(int fd, const char *name, char *buf)
{
    lseek(fd, 0, SEEK_SET);
    errno = 0;
    long r = read(fd, buf, FILE_LEN);
    CHECK(name, r == FILE_LEN && memcmp(buf, contents, FILE_LEN) == 0,
          "read gave %ld (%s)", r, strerror(errno));
}

int main(int argc, char **argv)
{
    (void)argc;
    if (getenv("T_EFAULT_EXECED"))
        return 99;                         /* a bad execve went through */

    /* The third bad pointer: a page that was mapped and is no more. */
    bad[0] = NULL;
    bad[1] = (void *)0xC0000000;
    bad[2] = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(bad[2], PAGE);

    snprintf(path, sizeof(path), "/tmp/t_efault.%d", (int)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    for (int i = 0; i < FILE_LEN; i++)
        contents[i] = 'A' + i % 26;
    if (fd < 0 || write(fd, contents, FILE_LEN) != FILE_LEN) {
        fail("setup", "cannot create %s: %s", path, strerror(errno));
        return finish();
    }

    check_rw(fd);
    check_paths();
    check_execves(argv[0]);
    check_cross(fd, 0);
    check_cross(fd, 1);

    char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    check_untouched(fd, "read_cross_untouched_mmap", m + PAGE - 16);
    char *h = sbrk(3 * PAGE);              /* fresh heap, not touched yet */
    uintptr_t edge = ((uintptr_t)h + PAGE + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
    check_untouched(fd, "read_cross_untouched_brk", (char *)edge - 16);

    close(fd);
    unlink(path);
    pass("survived");
    return finish();
}
