/*
 * t_pmap - pmap's rows and totals agree with /proc/PID/maps and smaps.
 *
 * A child builds a known address space and waits; the parent runs pmap
 * (plain, -x, -d, -q, -A) on it and checks every row against the child's
 * own maps and smaps, the totals against their sums, and the known
 * regions against what the child did:
 *
 *   heap      5 pages of sbrk, 2 written           rw---   [ anon ]
 *   shared    3 pages MAP_SHARED|MAP_ANONYMOUS, 1 written   rw-s- zero (deleted)
 *   file      2 pages MAP_SHARED of /tmp/t_pmap.PID, 1 written  rw-s- t_pmap.PID
 *             (removed when the checks are done: Pagoda's maps does not
 *             yet name a mapped file that has been unlinked)
 *   none      4 pages PROT_NONE                    -----   [ anon ]
 *   split     6 written pages, the middle 2 made read-only: rw--- r---- rw---
 *
 *   pmap_header        "PID:   command line"
 *   pmap_plain_rows    one row per maps line: address, Kbytes, mode, name
 *   pmap_plain_total   " total NK" is the sum
 *   pmap_x_rows        RSS = smaps Rss, Dirty = Shared_Dirty + Private_Dirty
 *   pmap_x_total       the total line sums Kbytes, RSS and Dirty
 *   pmap_x_known       the five regions above, exactly
 *   pmap_d_rows        Offset and Device as in maps
 *   pmap_d_footer      mapped / writeable/private / shared sums
 *   pmap_q             -q: the pid line and the rows, nothing else
 *   pmap_range         -A start,end of the split region: its three rows
 *   pmap_two_pids      two PIDs: two reports, one after the other
 *   pmap_no_such_pid   a pid that does not exist: no report, exit 42
 *   pmap_bad_pid       "abc": usage on stderr, exit 1
 *
 * `t_pmap --wait` only builds the address space and waits to be killed
 * (whoever kills it removes /tmp/t_pmap.PID):
 * the live process tests/test_pmap.py compares Debian's pmap with ours on.
 * pmap is found beside the test (build/user/pmap natively) or in /bin.
 */
#include "check.h"
#include "proctool.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>

#define PAGE 4096
#define OUT_MAX (256 * 1024)
#define ROWS_MAX 256

static char pmap_path[512];

/* Where the child put its regions. */
struct layout_info {
    unsigned long shared, file, none, split;
};

/* Build the known address space (see the header). */
static int build_address_space(struct layout_info *k)
{
    char *heap = sbrk(5 * PAGE);
    if (heap == (char *)-1)
        return -1;
    heap[0] = heap[PAGE] = 1;
    char *shared = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    char path[64];
    snprintf(path, sizeof path, "/tmp/t_pmap.%d", (int)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (shared == MAP_FAILED || fd < 0 || ftruncate(fd, 2 * PAGE) < 0)
        return -1;
    char *file = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char *none = mmap(NULL, 4 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *split = mmap(NULL, 6 * PAGE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    close(fd);
    if (file == MAP_FAILED || none == MAP_FAILED || split == MAP_FAILED)
        return -1;
    shared[0] = file[0] = 1;
    for (int i = 0; i < 6; i++)
        split[i * PAGE] = 1;
    if (mprotect(split + 2 * PAGE, 2 * PAGE, PROT_READ) < 0)
        return -1;
    k->shared = (unsigned long)shared;
    k->file = (unsigned long)file;
    k->none = (unsigned long)none;
    k->split = (unsigned long)split;
    return 0;
}

/* ---- reading the child's /proc files ---------------------------------- */

struct region {
    unsigned long start, end, offset, inode;
    unsigned major, minor;
    char perms[8], name[256];
    unsigned long rss, dirty;            /* kB, from smaps */
};
static struct region regions[ROWS_MAX];
static int n_regions;
static char out[OUT_MAX];

/* The child's maps, then each region's Rss and dirty kB from smaps. */
static int read_regions(pid_t pid)
{
    static char buf[OUT_MAX];
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
    if (read_all(path, buf, sizeof buf) < 0)
        return -1;
    n_regions = 0;
    for (char *line = strtok(buf, "\n"); line && n_regions < ROWS_MAX;
         line = strtok(NULL, "\n")) {
        struct region *r = &regions[n_regions++];
        char *q;
        memset(r, 0, sizeof *r);
        r->start = strtoul(line, &q, 16);
        r->end = strtoul(q + 1, &q, 16);
        snprintf(r->perms, sizeof r->perms, "%.4s", q + 1);
        r->offset = strtoul(q + 6, &q, 16);
        r->major = (unsigned)strtoul(q, &q, 16);
        r->minor = (unsigned)strtoul(q + 1, &q, 16);
        r->inode = strtoul(q, &q, 10);
        while (*q == ' ')
            q++;
        snprintf(r->name, sizeof r->name, "%s", q);
    }
    snprintf(path, sizeof path, "/proc/%d/smaps", (int)pid);
    if (read_all(path, buf, sizeof buf) < 0)
        return -1;
    int i = -1;
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        char *colon = strchr(line, ':');
        if (line[0] < 'A' || line[0] > 'Z') {
            i++;
        } else if (i >= 0 && colon) {
            unsigned long v = strtoul(colon + 1, NULL, 10);
            if (strncmp(line, "Rss:", 4) == 0)
                regions[i].rss = v;
            if (strncmp(line, "Shared_Dirty:", 13) == 0 ||
                strncmp(line, "Private_Dirty:", 14) == 0)
                regions[i].dirty += v;
        }
    }
    return i + 1 == n_regions ? 0 : -1;
}

/* pmap's Mapping column for a region (see user/pmap.c). */
static const char *expected_name(const struct region *r, unsigned long stack)
{
    const char *slash = strrchr(r->name, '/');
    if (slash)
        return slash[1] ? slash + 1 : slash;
    return stack >= r->start && stack <= r->end ? "  [ stack ]" : "  [ anon ]";
}

/* pmap's Mode column: maps' permissions with p as '-', and a fifth '-'. */
static const char *expected_mode(const struct region *r)
{
    static char mode[8];
    snprintf(mode, sizeof mode, "%.3s%c-", r->perms, r->perms[3] == 's' ? 's' : '-');
    return mode;
}

/* The stack start, field 28 of /proc/PID/stat. */
static unsigned long stack_start(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    if (read_all(path, buf, sizeof buf) < 0 || !strrchr(buf, ')'))
        return 0;
    char *p = strrchr(buf, ')') + 2;
    for (int field = 3; field < 28 && p; field++)
        p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL;
    return p ? strtoul(p, NULL, 10) : 0;
}

/* ---- running pmap ------------------------------------------------------ */

/* Run pmap with up to 4 arguments; its stdout in out[], its exit status. */
static int run_pmap(const char *a1, const char *a2, const char *a3, const char *a4)
{
    char *argv[] = { "pmap", (char *)a1, (char *)a2, (char *)a3, (char *)a4, NULL };
    return run_tool(pmap_path, argv, out, OUT_MAX);
}

/* ---- the checks ---------------------------------------------------------- */

static char *lines[ROWS_MAX + 8];

/* Does out[] say "PID:   CMDLINE" and then one row per region, each as
 * `row` formats it, then the footer line `footer`?  Rows are looked at
 * from line `first`. */
static int rows_match(const char *check, int n, int first,
                      void (*row)(const struct region *, unsigned long, char *, int),
                      unsigned long stack)
{
    char want[600];
    if (n < first + n_regions) {
        fail(check, "%d lines for %d regions", n, n_regions);
        return 0;
    }
    for (int i = 0; i < n_regions; i++) {
        row(&regions[i], stack, want, sizeof want);
        if (strcmp(lines[first + i], want) != 0) {
            fail(check, "row %d is \"%s\", maps says \"%s\"", i, lines[first + i], want);
            return 0;
        }
    }
    return 1;
}

static void plain_row(const struct region *r, unsigned long stack, char *buf, int size)
{
    snprintf(buf, size, "%08lx %6luK %s %s", r->start, (r->end - r->start) >> 10,
             expected_mode(r), expected_name(r, stack));
}

static void x_row(const struct region *r, unsigned long stack, char *buf, int size)
{
    snprintf(buf, size, "%08lx %7lu %7lu %7lu %5s %s", r->start,
             (r->end - r->start) >> 10, r->rss, r->dirty, expected_mode(r),
             expected_name(r, stack));
}

static void d_row(const struct region *r, unsigned long stack, char *buf, int size)
{
    snprintf(buf, size, "%08lx %7lu %5s %016lx %03x:%05x %s", r->start,
             (r->end - r->start) >> 10, expected_mode(r), r->offset, r->major,
             r->minor, expected_name(r, stack));
}

/* The region starting at va, or NULL. */
static const struct region *region_at(unsigned long va)
{
    for (int i = 0; i < n_regions; i++)
        if (regions[i].start == va)
            return &regions[i];
    return NULL;
}

/* Is the -x row of the region at va "KB RSS DIRTY MODE NAME"? */
static int known_row(int n, unsigned long va, unsigned long kb, unsigned long rss,
                     unsigned long dirty, const char *mode, const char *name)
{
    char want[300];
    snprintf(want, sizeof want, "%08lx %7lu %7lu %7lu %5s %s", va, kb, rss, dirty,
             mode, name);
    for (int i = 0; i < n; i++)
        if (strcmp(lines[i], want) == 0)
            return 1;
    char addr[16];
    snprintf(addr, sizeof addr, "%08lx ", va);
    for (int i = 0; i < n; i++)
        if (strncmp(lines[i], addr, 9) == 0)
            return fail("pmap_x_known", "row \"%s\", want \"%s\"", lines[i], want), 0;
    fail("pmap_x_known", "no row \"%s\"", want);
    return 0;
}

/* Plain pmap: header, rows, total. */
static void check_plain(pid_t pid, unsigned long stack, const char *pidstr)
{
    char want[600];
    unsigned long total = 0;
    int st = run_pmap(pidstr, NULL, NULL, NULL);
    int n = split_lines(out, lines, ROWS_MAX + 8);
    char cmdline[400], path[64];
    snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
    int len = read_all(path, cmdline, sizeof cmdline);
    for (int i = 0; i < len - 1; i++)
        if (cmdline[i] == '\0')
            cmdline[i] = ' ';
    snprintf(want, sizeof want, "%d:   %s", (int)pid, cmdline);
    CHECK("pmap_header", st == 0 && n > 0 && strcmp(lines[0], want) == 0,
          "exit %d, first line \"%s\", want \"%s\"", st, n ? lines[0] : "", want);
    if (rows_match("pmap_plain_rows", n, 1, plain_row, stack))
        pass("pmap_plain_rows");
    for (int i = 0; i < n_regions; i++)
        total += (regions[i].end - regions[i].start) >> 10;
    snprintf(want, sizeof want, " total %8luK", total);
    CHECK("pmap_plain_total", n == n_regions + 2 && strcmp(lines[n - 1], want) == 0,
          "%d lines, last \"%s\", want \"%s\"", n, n ? lines[n - 1] : "", want);
}

/* pmap -x: rows with RSS and Dirty, the total line, the known regions. */
static void check_x(pid_t pid, unsigned long stack, const char *pidstr,
                    const struct layout_info *k)
{
    char want[300], name[64];
    unsigned long kb = 0, rss = 0, dirty = 0;
    int st = run_pmap("-x", pidstr, NULL, NULL);
    int n = split_lines(out, lines, ROWS_MAX + 8);
    if (st == 0 && n > 1 &&
        strcmp(lines[1], "Address   Kbytes     RSS   Dirty Mode  Mapping") == 0 &&
        rows_match("pmap_x_rows", n, 2, x_row, stack))
        pass("pmap_x_rows");
    else if (n > 1 && strcmp(lines[1], "Address   Kbytes     RSS   Dirty Mode  Mapping"))
        fail("pmap_x_rows", "exit %d, heading \"%s\"", st, lines[1]);
    for (int i = 0; i < n_regions; i++) {
        kb += (regions[i].end - regions[i].start) >> 10;
        rss += regions[i].rss;
        dirty += regions[i].dirty;
    }
    snprintf(want, sizeof want, "total kB %7lu %7lu %7lu", kb, rss, dirty);
    CHECK("pmap_x_total", n == n_regions + 4 && strcmp(lines[n - 1], want) == 0 &&
          strcmp(lines[n - 2], "-------- ------- ------- ------- ") == 0,
          "%d lines, last \"%s\", want \"%s\"", n, n ? lines[n - 1] : "", want);
    snprintf(name, sizeof name, "t_pmap.%d", (int)pid);
    if (known_row(n, k->shared, 12, 4, 4, "rw-s-", "zero (deleted)") &&
        known_row(n, k->file, 8, 4, 4, "rw-s-", name) &&
        known_row(n, k->none, 16, 0, 0, "-----", "  [ anon ]") &&
        known_row(n, k->split, 8, 8, 8, "rw---", "  [ anon ]") &&
        known_row(n, k->split + 2 * PAGE, 8, 8, 8, "r----", "  [ anon ]") &&
        known_row(n, k->split + 4 * PAGE, 8, 8, 8, "rw---", "  [ anon ]"))
        pass("pmap_x_known");
}
/* pmap -d: Offset and Device columns, the mapped/writeable/shared footer. */
static void check_d(unsigned long stack, const char *pidstr)
{
    char want[300];
    unsigned long mapped = 0, writeable = 0, shared = 0;
    int st = run_pmap("-d", pidstr, NULL, NULL);
    int n = split_lines(out, lines, ROWS_MAX + 8);
    if (st == 0 && n > 1 &&
        strcmp(lines[1], "Address   Kbytes Mode  Offset           Device    Mapping") == 0 &&
        rows_match("pmap_d_rows", n, 2, d_row, stack))
        pass("pmap_d_rows");
    else if (n > 1)
        fail("pmap_d_rows", "exit %d, heading \"%s\"", st, lines[1]);
    for (int i = 0; i < n_regions; i++) {
        unsigned long kb = (regions[i].end - regions[i].start) >> 10;
        mapped += kb;
        if (regions[i].perms[3] == 's')
            shared += kb;
        else if (regions[i].perms[1] == 'w')
            writeable += kb;
    }
    snprintf(want, sizeof want, "mapped: %luK    writeable/private: %luK    shared: %luK",
             mapped, writeable, shared);
    CHECK("pmap_d_footer", n == n_regions + 3 && strcmp(lines[n - 1], want) == 0,
          "last line \"%s\", want \"%s\"", n ? lines[n - 1] : "", want);
}

/* -q, -A, two PIDs, a missing pid and a bad one. */
static void check_options(pid_t pid, unsigned long stack, const char *pidstr,
                          const struct layout_info *k)
{
    char range[64], want[300];
    int st = run_pmap("-x", "-q", pidstr, NULL);
    int n = split_lines(out, lines, ROWS_MAX + 8);
    CHECK("pmap_q", st == 0 && n == n_regions + 1 &&
          rows_match("pmap_q", n, 1, x_row, stack), "exit %d, %d lines", st, n);
    snprintf(range, sizeof range, "%lx,%lx", k->split, k->split + 6 * PAGE - 1);
    st = run_pmap("-A", range, pidstr, NULL);
    n = split_lines(out, lines, ROWS_MAX + 8);
    int ok = st == 0 && n == 5;
    for (int i = 0; ok && i < 3; i++) {
        plain_row(region_at(k->split + 2 * PAGE * (unsigned long)i), stack, want, sizeof want);
        ok = region_at(k->split + 2 * PAGE * (unsigned long)i) && strcmp(lines[1 + i], want) == 0;
    }
    CHECK("pmap_range", ok && strcmp(lines[4], " total       24K") == 0,
          "-A %s: exit %d, %d lines", range, st, n);
    st = run_pmap(pidstr, pidstr, NULL, NULL);
    n = split_lines(out, lines, ROWS_MAX + 8);
    ok = st == 0 && n == 2 * (n_regions + 2);
    for (int i = 0; ok && i < n / 2; i++)
        ok = strcmp(lines[i], lines[n / 2 + i]) == 0;
    CHECK("pmap_two_pids", ok, "exit %d, %d lines for %d regions", st, n, n_regions);
    pid_t gone = fork();
    if (gone == 0)
        _exit(0);
    waitpid(gone, NULL, 0);
    snprintf(range, sizeof range, "%d", (int)gone);
    st = run_pmap(range, NULL, NULL, NULL);
    CHECK("pmap_no_such_pid", st == 42 && out[0] == '\0', "exit %d, output \"%.40s\"", st, out);
    st = run_pmap("abc", NULL, NULL, NULL);
    CHECK("pmap_bad_pid", st == 1 && out[0] == '\0', "exit %d, output \"%.40s\"", st, out);
    (void)pid;
}

/* Fork the child that builds the address space and waits; its
 * addresses come back through a pipe. */
static pid_t start_child(struct layout_info *k)
{
    int fds[2];
    if (pipe(fds) < 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        struct layout_info mine = { 0 };
        if (build_address_space(&mine) < 0)
            _exit(1);
        write(fds[1], &mine, sizeof mine);
        close(fds[1]);
        idle_forever();
    }
    close(fds[1]);
    int n = pid > 0 ? (int)read(fds[0], k, sizeof *k) : -1;
    close(fds[0]);
    if (n != (int)sizeof *k) {
        if (pid > 0)
            kill(pid, SIGKILL);
        return -1;
    }
    return pid;
}

/* Wait (up to 2 s) until the child sleeps in idle_forever: until then it
 * still runs code (close, sleep's wrapper) whose pages may fault in
 * between two reads of its smaps. */
static void wait_until_sleeping(pid_t pid)
{
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    for (int i = 0; i < 200; i++) {
        int n = read_all(path, stat, sizeof stat);
        char *paren = n > 0 ? strrchr(stat, ')') : NULL;
        if (paren && paren[1] == ' ' && paren[2] == 'S')
            return;
        usleep(10000);
    }
}

int main(int argc, char **argv)
{
    struct layout_info k = { 0 };
    if (argc > 1 && strcmp(argv[1], "--wait") == 0) {
        if (build_address_space(&k) < 0)
            return 1;
        idle_forever();
    }
    find_tool(argv[0], "pmap", pmap_path, sizeof pmap_path);
    pid_t pid = start_child(&k);
    if (pid > 0)
        wait_until_sleeping(pid);
    if (pid < 0 || read_regions(pid) < 0) {
        fail("pmap_header", "could not start and read the child");
        return finish();
    }
    char pidstr[16];
    snprintf(pidstr, sizeof pidstr, "%d", (int)pid);
    unsigned long stack = stack_start(pid);
    check_plain(pid, stack, pidstr);
    check_x(pid, stack, pidstr, &k);
    check_d(stack, pidstr);
    check_options(pid, stack, pidstr, &k);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    char path[64];
    snprintf(path, sizeof path, "/tmp/t_pmap.%d", (int)pid);
    unlink(path);
    return finish();
}
