/*
 * t_pipe - pipes between processes.
 *
 * Checks:
 *   pipe_64k_checksum   64 KiB written by the parent (in one write() and in
 *                       odd-sized pieces) arrive in a child intact: the child
 *                       counts the bytes and checks a checksum
 *   pipe_eof            read() returns 0 once every writer has closed
 *   pipe_epipe_ignored  with SIGPIPE ignored, write with no reader: -1/EPIPE
 *   pipe_sigpipe_kills  with SIGPIPE at its default, the writer is killed by it
 *   pipe_pipeline       producer | copier | parent: three processes, data intact
 *   pipe_read_partial   read() of more than is buffered returns what is there
 */
#include "check.h"          /* first: it sets _GNU_SOURCE */
#include <signal.h>
#include <stdlib.h>

#define BIG (64 * 1024)

/* The byte at position i of the test stream (not periodic in 256). */
static unsigned char pattern(unsigned i)
{
    return (unsigned char)(i * 7 + (i >> 8) * 13 + (i >> 16));
}

/* A position-sensitive checksum (Fletcher-style). */
static unsigned long checksum(const unsigned char *p, size_t n, unsigned long s)
{
    unsigned long a = s & 0xffff, b = s >> 16;
    for (size_t i = 0; i < n; i++) {
        a = (a + p[i]) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

/* Write all of buf, retrying short writes.  Returns 0 or -1. */
static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w <= 0)
            return -1;
        p += w;
        n -= w;
    }
    return 0;
}

/* Read fd to EOF, checking it equals the pattern stream of `len` bytes.
 * Returns 0 if so, 1 for a wrong length, 2 for wrong contents. */
static int drain_and_check(int fd, size_t len)
{
    static unsigned char buf[4096], want[4096];
    size_t total = 0;
    unsigned long got_sum = 1, want_sum = 1;
    ssize_t n;
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        for (ssize_t i = 0; i < n; i++)
            want[i] = pattern(total + i);
        got_sum = checksum(buf, n, got_sum);
        want_sum = checksum(want, n, want_sum);
        total += n;
    }
    if (total != len)
        return 1;
    return got_sum == want_sum ? 0 : 2;
}

static void check_64k(void)
{
    static unsigned char data[BIG];
    for (unsigned i = 0; i < BIG; i++)
        data[i] = pattern(i);
    for (int round = 0; round < 2; round++) {
        int fds[2];
        pipe(fds);
        pid_t pid = fork();
        if (pid == 0) {
            close(fds[1]);
            _exit(drain_and_check(fds[0], BIG));
        }
        close(fds[0]);
        int w = 0;
        if (round == 0) {
            w = write_all(fds[1], data, BIG);          /* one big write */
        } else {
            for (size_t off = 0, step = 1; off < BIG && w == 0; step = step * 3 % 4093 + 1) {
                size_t n = step < BIG - off ? step : BIG - off;
                w = write_all(fds[1], data + off, n);    /* odd-sized pieces */
                off += n;
            }
        }
        close(fds[1]);
        int st = -1;
        wait_for(pid, &st);
        const char *name = "pipe_64k_checksum";
        if (w != 0 || !exited_with(st, 0)) {
            fail(name, "round %d: write %d, child %s (1 = length, 2 = checksum)",
                 round, w, wstr(st));
            return;
        }
    }
    pass("pipe_64k_checksum");
}

static void check_eof_and_partial(void)
{
    int fds[2];
    pipe(fds);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        write(fds[1], "abc", 3);
        _exit(0);                        /* the last writer goes away */
    }
    close(fds[1]);                       /* ...and so does ours */
    char buf[100];
    sleep_ms(50);
    ssize_t n1 = read(fds[0], buf, sizeof(buf));   /* 3: what is there */
    ssize_t n2 = read(fds[0], buf, sizeof(buf));   /* 0: EOF */
    close(fds[0]);
    int st;
    wait_for(pid, &st);
    CHECK("pipe_read_partial", n1 == 3 && memcmp(buf, "abc", 3) == 0,
          "first read gave %d", (int)n1);
    CHECK("pipe_eof", n2 == 0, "read after the writer left gave %d", (int)n2);
}

static void check_epipe(void)
{
    /* SIGPIPE ignored: the write fails with EPIPE and we live on. */
    int fds[2];
    pipe(fds);
    close(fds[0]);                       /* no reader at all */
    signal(SIGPIPE, SIG_IGN);
    errno = 0;
    ssize_t w = write(fds[1], "x", 1);
    int err = errno;
    signal(SIGPIPE, SIG_DFL);
    close(fds[1]);
    CHECK("pipe_epipe_ignored", w == -1 && err == EPIPE, "write gave %d errno %d (%s)",
          (int)w, err, strerror(err));

    /* SIGPIPE at its default: the writing child is killed by it. */
    pipe(fds);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        /* Until the parent closes its read end the pipe has a reader and
         * the writes succeed (or block when it is full), so keep writing:
         * the first write after that close raises SIGPIPE. */
        for (int i = 0; i < 1000000; i++)
            write(fds[1], "x", 1);
        _exit(50);                       /* not reached */
    }
    close(fds[0]);
    close(fds[1]);
    int st = -1;
    wait_for(pid, &st);
    CHECK("pipe_sigpipe_kills", WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE,
          "the child ended with %s", wstr(st));
}

/* producer -> copier -> us. */
static void check_pipeline(void)
{
    int a[2], b[2];
    const size_t len = 100000;
    pipe(a);
    pipe(b);
    pid_t producer = fork();
    if (producer == 0) {
        close(a[0]); close(b[0]); close(b[1]);
        unsigned char buf[1000];
        for (size_t off = 0; off < len; off += sizeof(buf)) {
            for (size_t i = 0; i < sizeof(buf); i++)
                buf[i] = pattern(off + i);
            if (write_all(a[1], buf, sizeof(buf)) < 0)
                _exit(1);
        }
        _exit(0);
    }
    pid_t copier = fork();
    if (copier == 0) {                   /* cat: stdin -> stdout, via dup2 */
        dup2(a[0], 0);
        dup2(b[1], 1);
        close(a[0]); close(a[1]); close(b[0]); close(b[1]);
        char buf[777];
        ssize_t n;
        while ((n = read(0, buf, sizeof(buf))) > 0)
            if (write_all(1, buf, n) < 0)
                _exit(1);
        _exit(n == 0 ? 0 : 2);
    }
    close(a[0]); close(a[1]); close(b[1]);
    int r = drain_and_check(b[0], len);
    close(b[0]);
    int st1 = -1, st2 = -1;
    wait_for(producer, &st1);
    wait_for(copier, &st2);
    CHECK("pipe_pipeline", r == 0 && exited_with(st1, 0) && exited_with(st2, 0),
          "check %d (1 = length, 2 = data), producer %s, copier %s",
          r, wstr(st1), wstr(st2));
}

int main(void)
{
    check_64k();
    check_eof_and_partial();
    check_epipe();
    check_pipeline();
    reap_all();
    return finish();
}
