/*
 * tests/fuzz/fuzz.c - Pagoda's random system-call fuzzer (runs as init).
 *
 *   init=/tests/fuzz -- seed=S calls=N [from=I] [verbose=1] [known=1]
 *                       [watchdog=MS] [pick=I,J,...]
 *
 * makes calls I .. I+N-1 of the run with seed S, in rounds of ROUND_CALLS:
 * each round is a forked child that builds the same starting world
 * (world.c) and makes its calls (call i comes from hash(S, i) alone,
 * rng.c).  The parent is the watchdog: a round that has not ended after
 * `watchdog` ms (a call that blocks for good, or a stopped process) is
 * killed with SIGKILL, and the index of the call it was in is printed.
 * After each round the parent kills what is left of the round's process
 * group, reaps it, sweeps the files away (world_clean) and checks that
 * memory came back: MemFree + Slab from /proc/meminfo must be what it
 * was before the round, to the page.  (Slab counts because the kernel
 * heap keeps the pages it grew by: memory that moved from MemFree into
 * the heap's free lists is not lost.  Nothing else may legitimately
 * differ: the round's files are deleted, its processes reaped.)
 *
 * pick=I,J,... makes only those calls of the range (to cut a failing
 * round down to the calls that matter).
 *
 * verbose=1 (or verbose_from=I: from the round of call I on) prints
 * every call before making it (`fuzz: call I name(...)`)
 * and its result after; a kernel panic right after a call line names the
 * culprit.  tests/fuzz/run.py drives all of this from the host.
 *
 * It prints `PASS fuzz_no_leak` or `FAIL fuzz_no_leak: ...` and exits 0
 * only if no memory was lost.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"

#define CONSOLE_COPY 63              /* the console in a round's child (Pagoda: 64 fds) */

static int out_fd = 1;
static struct progress *progress;

static struct {
    uint32_t seed, from, calls, verbose, watchdog_ms, verbose_from;
} opt = { 1, 0, 1000, 0, 5000, 0 };

static struct {
    uint32_t rounds, made, skipped, left_out, ended, execed, hung, leaky_rounds;
    uint32_t signals[65];
} tally;

/* printf to the console in one write (lines from parent and child never mix). */
void out(const char *fmt, ...)
{
    char line[600];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    write(out_fd, line, n < (int)sizeof(line) ? n : (int)sizeof(line) - 1);
}

/* ----------------------------------------------------- a round's child */

/* pick=I,J,...: make only these calls (to cut a failing round down). */
#define MAX_PICKED 128
static uint32_t picked[MAX_PICKED], npicked;

static int is_picked(uint32_t i)
{
    if (!npicked)
        return 1;
    for (uint32_t k = 0; k < npicked; k++)
        if (picked[k] == i)
            return 1;
    return 0;
}

/* Make calls first .. last-1 (child side; never returns). */
static void round_child(uint32_t round, uint32_t first, uint32_t last)
{
    dup2(1, CONSOLE_COPY);
    out_fd = CONSOLE_COPY;
    world_build(opt.seed, round);
    for (uint32_t i = first; i < last; i++) {
        if (!is_picked(i))
            continue;
        struct made_call mc;
        char text[300];
        call_generate(opt.seed, i, &mc);
        const char *why = call_left_out(&mc);
        if (why) {
            progress->left_out++;
            continue;
        }
        why = known_bug(&mc);
        if (opt.verbose)
            call_format(&mc, text, sizeof(text));
        if (why) {
            progress->skipped++;
            if (opt.verbose)
                out("fuzz: call %u %s: held back, %s\n", i, text, why);
            continue;
        }
        progress->current = i;
        if (opt.verbose)
            out("fuzz: call %u %s\n", i, text);
        long ret = call_make(&mc);
        progress->made++;
        if (opt.verbose)
            out("fuzz: call %u = %ld (%#lx)\n", i, ret, ret);
    }
    progress->ended = 1;
    _exit(0);
}

/* ------------------------------------------------------------ the parent */

static uint32_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Wait for the round's child, killing it if the watchdog runs out. */
static int watch(pid_t pid, uint32_t round)
{
    uint32_t start = now_ms();
    int st = 0;
    while (waitpid(pid, &st, WNOHANG) == 0) {
        if (now_ms() - start > opt.watchdog_ms) {
            tally.hung++;
            struct made_call mc;
            char text[300];
            call_generate(opt.seed, progress->current, &mc);
            call_format(&mc, text, sizeof(text));
            out("fuzz: round %u: call %u %s still running after %u ms: killed\n",
                round, progress->current, text, opt.watchdog_ms);
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            break;
        }
        struct timespec pause = { 0, 2000000 };
        nanosleep(&pause, NULL);
    }
    return st;
}

/* Kill and reap whatever the round left behind (its process group, and
 * orphans handed to us as init). */
static void reap_leftovers(pid_t pgid)
{
    kill(-pgid, SIGKILL);
    uint32_t start = now_ms();
    int st;
    while (now_ms() - start < 2000) {
        pid_t r = waitpid(-1, &st, WNOHANG);
        if (r < 0)
            return;                       /* ECHILD: all gone */
        if (r == 0) {
            struct timespec pause = { 0, 2000000 };
            nanosleep(&pause, NULL);
        }
    }
    out("fuzz: processes of round group %d still alive after 2 s\n", pgid);
}

static char meminfo[2][4096];    /* the last two readings, for the diff */
static int meminfo_last;

/* After a round that lost memory: the /proc/meminfo lines that changed. */
static void print_meminfo_changes(void)
{
    char *now = meminfo[meminfo_last], *before = meminfo[!meminfo_last];
    while (*now && *before) {
        char *now_end = strchr(now, '\n'), *before_end = strchr(before, '\n');
        if (!now_end || !before_end)
            break;
        if (now_end - now != before_end - before || memcmp(now, before, now_end - now))
            out("fuzz:   %.*s  (was %.*s)\n", (int)(now_end - now), now,
                (int)(before_end - before), before);
        now = now_end + 1, before = before_end + 1;
    }
}

/* MemFree + Slab in kB (see the top of the file); 0 if unreadable. */
static uint32_t memory_kb(void)
{
    meminfo_last = !meminfo_last;
    char *text = meminfo[meminfo_last];
    int fd = open("/proc/meminfo", O_RDONLY);
    long n = fd < 0 ? -1 : read(fd, text, sizeof(meminfo[0]) - 1);
    if (fd >= 0)
        close(fd);
    if (n <= 0) {
        text[0] = '\0';
        out("fuzz: cannot read /proc/meminfo (is /proc gone?)\n");
        return 0;
    }
    text[n] = '\0';
    char *free = strstr(text, "MemFree:"), *slab = strstr(text, "\nSlab:");
    if (!free || !slab)
        return 0;
    return (uint32_t)(strtoul(free + 8, NULL, 10) + strtoul(slab + 6, NULL, 10));
}

/* How the round's child ended, added to the tally. */
static void count_ending(int st, uint32_t round)
{
    if (progress->ended && WIFEXITED(st) && WEXITSTATUS(st) == 0)
        tally.ended++;
    else if (WIFSIGNALED(st)) {
        tally.signals[WTERMSIG(st) & 63]++;
        if (opt.verbose)
            out("fuzz: round %u: killed by signal %d in call %u\n",
                round, WTERMSIG(st), progress->current);
    } else if (WIFEXITED(st) && !progress->ended) {
        tally.execed++;                 /* an execve went through */
        if (opt.verbose)
            out("fuzz: round %u: exec'd in call %u, exit %d\n",
                round, progress->current, WEXITSTATUS(st));
    }
}

/* One round: calls first .. last-1 in a fresh child. */
static void run_round(uint32_t round, uint32_t first, uint32_t last)
{
    uint32_t before = memory_kb();
    memset(progress, 0, sizeof(*progress));
    progress->current = first;
    out("fuzz: round %u calls %u-%u\n", round, first, last - 1);
    pid_t pid = fork();
    if (pid == 0)
        round_child(round, first, last);
    if (pid < 0) {
        out("fuzz: round %u: fork failed\n", round);
        return;
    }
    count_ending(watch(pid, round), round);
    reap_leftovers(pid);
    tally.rounds++;
    tally.made += progress->made;
    tally.skipped += progress->skipped;
    tally.left_out += progress->left_out;
    world_clean(opt.verbose);
    world_restore_console();
    uint32_t after = memory_kb();
    if (after != before) {
        tally.leaky_rounds++;
        out("fuzz: round %u: MemFree+Slab %u kB before, %u kB after (%d pages)\n",
            round, before, after, ((int)after - (int)before) / 4);
        print_meminfo_changes();
    }
}

/* key=value arguments. */
static void parse_options(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq)
            continue;
        uint32_t v = (uint32_t)strtoul(eq + 1, NULL, 0);
        if (!strncmp(argv[i], "seed=", 5))          opt.seed = v;
        else if (!strncmp(argv[i], "calls=", 6))    opt.calls = v;
        else if (!strncmp(argv[i], "from=", 5))     opt.from = v;
        else if (!strncmp(argv[i], "verbose=", 8))  opt.verbose = v;
        else if (!strncmp(argv[i], "known=", 6))    known_allowed = v;
        else if (!strncmp(argv[i], "watchdog=", 9)) opt.watchdog_ms = v;
        else if (!strncmp(argv[i], "verbose_from=", 13)) opt.verbose_from = v;
        else if (!strncmp(argv[i], "pick=", 5))
            for (char *p = eq + 1; *p && npicked < MAX_PICKED; p += *p == ',')
                picked[npicked++] = (uint32_t)strtoul(p, &p, 0);
    }
}

static void print_summary(uint32_t start_kb, uint32_t end_kb, uint32_t ms)
{
    char sigs[300] = "";
    int n = 0;
    for (int s = 1; s < 65; s++)
        if (tally.signals[s])
            n += snprintf(sigs + n, sizeof(sigs) - n, " %d:%u", s, tally.signals[s]);
    out("fuzz: seed %u calls %u-%u: made %u, held back %u (known bugs), "
        "left out %u (calls.c); %u rounds: %u ended, %u exec'd, %u hung; "
        "killed by signal:%s\n",
        opt.seed, opt.from, opt.from + opt.calls - 1, tally.made, tally.skipped,
        tally.left_out, tally.rounds, tally.ended, tally.execed, tally.hung, n ? sigs : " none");
    out("fuzz: memory: MemFree+Slab %u kB at the start, %u kB at the end: "
        "%d pages lost, %u rounds lost memory; %u ms\n", start_kb, end_kb,
        ((int)start_kb - (int)end_kb) / 4, tally.leaky_rounds, ms);
}

/* Fault in every page the parent will ever use, before the first
 * measurement, so that its own memory does not look like a leak: the
 * stack it nests into while cleaning up, and its data and bss (from
 * the page of `opt`, in .data, to the linker's `end`), of which a page is
 * touched for the first time only when, say, the second meminfo buffer
 * is filled. */
extern char end[];

static void __attribute__((noinline)) touch_memory(void)
{
    volatile char pad[64 * 1024];
    for (unsigned i = 0; i < sizeof(pad); i += PAGE)
        pad[i] = 0;
    for (volatile char *p = (char *)((uint32_t)&opt & ~(PAGE - 1)); p < end; p += PAGE)
        *p = *p;
}

int main(int argc, char **argv)
{
    if (argc < 2 || getpid() != 1)
        return 0;          /* a fuzzed execve of ourselves: nothing to do */
    parse_options(argc, argv);
    progress = mmap((void *)PROGRESS, PAGE, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (progress == MAP_FAILED || world_layout() != 0) {
        out("FAIL fuzz_no_leak: cannot map the progress page or the arena\n");
        return 1;
    }
    memset(progress, 0, sizeof(*progress));   /* fault it in before measuring */
    world_snapshot();
    world_clean(0);
    touch_memory();
    uint32_t start_kb = memory_kb(), t0 = now_ms();
    uint32_t end = opt.from + opt.calls;
    for (uint32_t first = opt.from; first < end;) {
        uint32_t round = first / ROUND_CALLS;
        if (opt.verbose_from && first >= opt.verbose_from)
            opt.verbose = 1;
        uint32_t last = (round + 1) * ROUND_CALLS;
        run_round(round, first, last < end ? last : end);
        first = last < end ? last : end;
    }
    uint32_t end_kb = memory_kb();
    print_summary(start_kb, end_kb, now_ms() - t0);
    int ok = start_kb && end_kb == start_kb && tally.leaky_rounds == 0;
    if (ok)
        out("PASS fuzz_no_leak\n");
    else
        out("FAIL fuzz_no_leak: %d pages lost over the run, %u rounds lost memory\n",
            ((int)start_kb - (int)end_kb) / 4, tally.leaky_rounds);
    out("fuzz: done\n");
    return ok ? 0 : 1;
}
