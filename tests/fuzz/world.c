/*
 * tests/fuzz/world.c - what every round starts from, and what the
 * parent sweeps away after it.
 *
 * A round's child builds the arena (fuzz.h) at its fixed address and
 * opens the descriptors of enum fd_slot, so they get the numbers 0, 1, 2
 * ...  Every path the fuzzer names lies under /tmp/fz, or is an existing
 * path that even root cannot change much (/, /tmp, /proc...), or is
 * relative to a working directory that chdir can only set to one of
 * those.  So after the round the parent removes /tmp/fz and anything new
 * in /, /tmp and /tests (compared with a snapshot taken before the first
 * round), and the file system is back where it was.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"

uint32_t world_pid;
uint32_t world_last_child;
struct prepared prep;

/* The path arguments.  Destructive calls may get any of them, so none
 * names a file the system needs (no /bin, /dev, /tests). */
const char *const world_paths[] = {
    "/tmp/fz/a", "/tmp/fz/b", "/tmp/fz/d", "/tmp/fz/d/c", "/tmp/fz/l",
    "/tmp/fz/f0", "/tmp/fz/f1", "/tmp/fz/ro", "/tmp/fz/d/e/f", "/tmp/fz/a/",
    "/tmp/fz//b", "/tmp/fz/./a", "/tmp/fz/../fz/b", "/tmp/fz/f0/x",
    "fzr", "fzr/x", ".", "..", "", "a",
    "/", "/tmp", "/tmp/fz", "/proc", "/proc/self", "/proc/self/maps",
    "/proc/self/exe", "/proc/meminfo", "/proc/1/status", "/proc/self/smaps",
    "/proc/self/stat", "/proc/1/maps", "/proc/self/fd",
};
const unsigned world_path_count = sizeof(world_paths) / sizeof(world_paths[0]);

/* Directories whose new entries the parent removes after each round.
 * /tests too: a call can write the text of readlink("/proc/self/exe")
 * into the bytes before the hole, so that the "path into the hole" reads
 * /tests/fuzz... and a file is made there. */
static const char *const swept[] = { "/", "/tmp", "/tests" };
#define SWEPT (sizeof(swept) / sizeof(swept[0]))
#define SNAP_NAMES 128
static char snap_name[SWEPT][SNAP_NAMES][256];
static unsigned snap_count[SWEPT];
static uint32_t snap_mode[SWEPT];

/* ---------------------------------------------------- the arena (child) */

/* Copy `len` bytes to the read-only pages at *cursor; returns where. */
static uint32_t put(uint32_t *cursor, const void *data, uint32_t len)
{
    uint32_t at = (*cursor + 15) & ~15u;
    memcpy((void *)at, data, len);
    *cursor = at + len;
    return at;
}

/* A string of `n` copies of `c` after `prefix`, NUL-terminated. */
static uint32_t put_repeat(uint32_t *cursor, const char *prefix, char c, uint32_t n)
{
    uint32_t at = put(cursor, prefix, strlen(prefix));
    memset((void *)*cursor, c, n);
    ((char *)*cursor)[n] = '\0';
    *cursor += n + 1;
    return at;
}

/* The structs that pointer arguments of their kind point at. */
static void prepare_structs(uint32_t *c)
{
    const int32_t ts[TIMESPECS][2] = {
        { 0, 0 }, { 0, 1000 }, { 0, 1000000 }, { 0, 1000000000 }, { -1, 0 }, { 0, -1 },
    };
    prep.timespecs = put(c, ts, sizeof(ts));
    const uint32_t iov[IOVECS][2] = {
        { ARENA_RW, 100 }, { ARENA_RW + 200, 4000 }, { ARENA_HOLE - 16, 64 },
        { 0, 10 }, { 0xC0000000u, 10 }, { ARENA_RW, 0x7FFFFFFFu },
        { ARENA_RO, 10 }, { ARENA_AFTER, 0 },
    };
    prep.iovecs = put(c, iov, sizeof(iov));
    uint32_t pfd[POLLFDS][2];
    for (int i = 0; i < POLLFDS; i++)
        pfd[i][0] = (uint32_t)i, pfd[i][1] = 0x0001 | 0x0004;  /* POLLIN|POLLOUT */
    pfd[POLLFDS - 1][0] = 0xFFFFFFFFu;                     /* fd -1: ignored */
    prep.pollfds = put(c, pfd, sizeof(pfd));
    /* Linux's struct sigaction for rt_sigaction: handler, flags,
     * restorer, 64-bit mask. */
    const uint32_t sa[SIGACTIONS][5] = {
        { 1, 0, 0, 0, 0 },                                  /* SIG_IGN */
        { 0, 0, 0, ~0u, ~0u },                              /* SIG_DFL */
        { 0x12345678u, 0x04000000u, 0x12345678u, 0, 0 },    /* garbage handler */
        { 1, 0x10000000u | 0x40000000u | 0x80000000u, 0, 0, 0 },
    };
    prep.sigactions = put(c, sa, sizeof(sa));
    const uint32_t sets[SIGSETS][2] = { { 0, 0 }, { ~0u, ~0u }, { 1u << 13, 0 } };
    prep.sigsets = put(c, sets, sizeof(sets));
    const uint32_t argv[ARGVS][2] = {
        { prep.paths[0], 0 }, { 0, 0 }, { 0xC0000000u, 0 },
    };
    prep.argvs = put(c, argv, sizeof(argv));
}

/* Fill the read-only pages (still writable now) and record where. */
void world_prepare(void)
{
    uint32_t cursor = ARENA_RO;
    for (unsigned i = 0; i < world_path_count; i++)
        prep.paths[i] = put(&cursor, world_paths[i], strlen(world_paths[i]) + 1);
    prep.path_long = put_repeat(&cursor, "/tmp/fz/", 'x', 300);
    prep.path_huge = put_repeat(&cursor, "/tmp/fz/", 'y', 4200);
    prepare_structs(&cursor);
    /* The last 16 bytes before the hole: a name with no end. */
    prep.path_into_hole = ARENA_HOLE - 16;
}

/* In the parent: just the read-only pages, so that prep holds the same
 * addresses as in the children (to print a child's call as it was). */
int world_layout(void)
{
    void *a = mmap((void *)ARENA, RO_PAGES * PAGE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (a != (void *)ARENA)
        return -1;
    world_prepare();
    return 0;
}

/* Map the arena, fill it, and make the first pages read-only. */
static int build_arena(uint32_t seed, uint32_t round)
{
    void *a = mmap((void *)ARENA, ARENA_PAGES * PAGE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (a != (void *)ARENA || munmap((void *)ARENA_HOLE, PAGE) != 0)
        return -1;
    world_prepare();
    struct rng r;
    rng_for_round(&r, seed, round);
    for (uint32_t *w = (uint32_t *)ARENA_RW; w < (uint32_t *)ARENA_HOLE; w++)
        *w = rng_next(&r);
    memset((void *)(ARENA_HOLE - 16), 'z', 16);
    return mprotect((void *)ARENA_RO, RO_PAGES * PAGE, PROT_READ);
}

/* Open `path` so that it gets descriptor `slot`; /dev/null if it fails. */
static void open_slot(int slot, const char *path, int flags)
{
    int fd = open(path, flags, 0644);
    if (fd < 0)
        fd = open("/dev/null", O_RDWR);
    if (fd >= 0 && fd != slot) {
        dup2(fd, slot);
        close(fd);
    }
}

/*
 * Every signal a fuzzed kill() may send is caught and ignored, so that it
 * does not end the round.  A real fault (SIGSEGV, SIGBUS, SIGILL, SIGFPE,
 * SIGTRAP raised by the kernel: si_code > 0) must still kill the
 * process: the handler restores the default action and returns, the
 * instruction runs again and the signal kills it.
 */
static void on_signal(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    int fault = sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
                sig == SIGFPE || sig == SIGTRAP;
    if (fault && si->si_code > 0)
        signal(sig, SIG_DFL);
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    for (int s = 1; s <= 64; s++)
        if (s != SIGKILL && s != SIGSTOP)
            sigaction(s, &sa, NULL);
}

/* The file descriptors of enum fd_slot, as fds 0, 1, 2 ... */
static void open_slots(uint32_t seed)
{
    for (int fd = 0; fd < FD_SLOTS + 3; fd++)
        close(fd);
    open_slot(FD_NULL, "/dev/null", O_RDWR);
    open_slot(FD_FILE0, "/tmp/fz/f0", O_RDWR | O_CREAT);
    write(FD_FILE0, (void *)ARENA_RW, 5000 + seed % 3000);
    open_slot(FD_FILE1, "/tmp/fz/f1", O_RDWR | O_CREAT | O_APPEND);
    open_slot(FD_TMPDIR, "/tmp/fz", O_RDONLY | O_DIRECTORY);
    open_slot(FD_ROOTDIR, "/", O_RDONLY | O_DIRECTORY);
    open_slot(FD_MAPS, "/proc/self/maps", O_RDONLY);
    open_slot(FD_MEMINFO, "/proc/meminfo", O_RDONLY);
    int p[2];
    if (pipe2(p, O_NONBLOCK) != 0 || p[0] != FD_PIPE_R || p[1] != FD_PIPE_W) {
        open_slot(FD_PIPE_R, "/dev/null", O_RDWR);
        open_slot(FD_PIPE_W, "/dev/null", O_RDWR);
    }
    open_slot(FD_ZERO, "/dev/zero", O_RDWR);
    open_slot(FD_PROCSELF, "/proc/self", O_RDONLY | O_DIRECTORY);
    int fd = open("/tmp/fz/ro", O_WRONLY | O_CREAT, 0644);
    write(fd, (void *)ARENA_RW, 3 * PAGE + 100);
    close(fd);
    open_slot(FD_FILE_RO, "/tmp/fz/ro", O_RDONLY);
    open_slot(FD_CONSOLE, "/dev/console", O_WRONLY);   /* for its ioctls */
}

/*
 * In a round's child: its own session (so kill(0, ...) reaches only the
 * round), the arena, the signals, the descriptors.  fd 63 keeps the
 * console for verbose output.
 */
void world_build(uint32_t seed, uint32_t round)
{
    setsid();
    world_pid = (uint32_t)getpid();
    world_last_child = 99999;
    if (build_arena(seed, round) != 0) {
        out("fuzz: round %u: cannot build the arena\n", round);
        _exit(3);
    }
    catch_signals();
    mkdir("/tmp/fz", 0755);
    mkdir("/tmp/fz/d", 0755);
    open_slots(seed + round);
    umask(022);
}

/* ------------------------------------------------- sweeping up (parent) */

static char dents[4096];

/* The name of the `skip`-th entry of directory `dir` other than . and ..
 * (into name[256]); 0 if there is none. */
static int nth_entry(const char *dir, int skip, char *name)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY), found = 0;
    long n;
    while (fd >= 0 && !found && (n = getdents64(fd, dents, sizeof(dents))) > 0)
        for (long off = 0; off < n && !found; off += *(uint16_t *)(dents + off + 16)) {
            const char *d_name = dents + off + 19;
            if (strcmp(d_name, ".") && strcmp(d_name, "..") && skip-- == 0) {
                strncpy(name, d_name, 255);
                name[255] = '\0';
                found = 1;
            }
        }
    if (fd >= 0)
        close(fd);
    return found;
}

/* Remove `path` and, if it is a directory, everything in it (symbolic
 * links are removed, never followed).  Returns how many names it removed. */
static int remove_tree(const char *path, int depth)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return unlink(path) == 0;
    chmod(path, 0755);
    int removed = 0, failed = 0;
    char name[256], child[600];
    /* Take the first entry, remove it, look again (the listing changes
     * under us); skip over entries that would not go. */
    for (int tries = 0; depth < 16 && tries < 1024 && nth_entry(path, failed, name); tries++) {
        snprintf(child, sizeof(child), "%s/%s", strcmp(path, "/") ? path : "", name);
        int n = remove_tree(child, depth + 1);
        struct stat gone;
        if (lstat(child, &gone) == 0)
            failed++;
        removed += n;
    }
    return removed + (rmdir(path) == 0);
}

/* The names in directory `dir` (up to SNAP_NAMES), for the snapshot. */
static unsigned list_names(const char *dir, char names[][256])
{
    unsigned count = 0;
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    long n;
    while (fd >= 0 && (n = getdents64(fd, dents, sizeof(dents))) > 0)
        for (long off = 0; off < n; off += *(uint16_t *)(dents + off + 16))
            if (count < SNAP_NAMES)
                strncpy(names[count++], dents + off + 19, 255);
    if (fd >= 0)
        close(fd);
    return count;
}

/* The console's settings before the first round: a fuzzed TCSETS may
 * change them, and the parent's own output needs them back. */
static uint8_t console_termios[64];
static int console_saved;

void world_restore_console(void)
{
    if (console_saved)
        ioctl(1, TCSETS, console_termios);
}

/* Remember what / and /tmp hold (and their modes) before the first round. */
void world_snapshot(void)
{
    console_saved = ioctl(1, TCGETS, console_termios) == 0;
    mkdir("/tmp", 01777);
    for (unsigned d = 0; d < SWEPT; d++) {
        struct stat st;
        snap_mode[d] = stat(swept[d], &st) == 0 ? st.st_mode & 07777 : 0755;
        snap_count[d] = list_names(swept[d], snap_name[d]);
    }
}

static int in_snapshot(unsigned d, const char *name)
{
    for (unsigned i = 0; i < snap_count[d]; i++)
        if (!strcmp(snap_name[d][i], name))
            return 1;
    return 0;
}

/* After a round: remove /tmp/fz and whatever else is new in / and /tmp,
 * restore their modes. */
void world_clean(int verbose)
{
    remove_tree("/tmp/fz", 0);
    for (unsigned d = 0; d < SWEPT; d++) {
        /* A round may have renamed /tmp away and put a symbolic link or
         * a file in its place (rename("/tmp", ...), symlink(..., "/tmp")). */
        struct stat st;
        if (lstat(swept[d], &st) == 0 && !S_ISDIR(st.st_mode)) {
            remove_tree(swept[d], 0);
            if (verbose)
                out("fuzz: swept %s (not a directory any more)\n", swept[d]);
        }
        mkdir(swept[d], snap_mode[d]);
        chmod(swept[d], snap_mode[d]);
        static char now[SNAP_NAMES][256];
        unsigned count = list_names(swept[d], now);
        for (unsigned i = 0; i < count; i++) {
            if (in_snapshot(d, now[i]))
                continue;
            char path[300];
            snprintf(path, sizeof(path), "%s/%s", strcmp(swept[d], "/") ? swept[d] : "",
                     now[i]);
            int n = remove_tree(path, 0);
            if (verbose)
                out("fuzz: swept %s (%d names)\n", path, n);
        }
    }
}
