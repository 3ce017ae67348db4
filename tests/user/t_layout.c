/*
 * t_layout - layout draws the address space the maps and smaps describe,
 * and layout -c sees copy-on-write sharing come and go.
 *
 * The test writes all 8 pages of a private anonymous region and forks a
 * child that waits.  Then:
 *
 *   layout_runs          `layout CHILD` exits 0
 *   layout_fits_80       every line is at most 80 columns
 *   layout_top_down      the box borders' addresses fall strictly, top to bottom
 *   layout_boxes         every maps region has its box: "start-end  N of M
 *                        pages resident" with N from smaps' Rss, M its size,
 *                        under a line with its permissions
 *   layout_kernel        the kernel's box (ending at c0000000) is drawn exactly
 *                        when no region lies above 0xC0000000 (i386 kernels)
 *   layout_arrows        [stack]'s box ends "grows down", [heap]'s begins "grows up"
 *   layout_c_cow         after fork: the region's row is "cccccccc", counts 0 # / 8 c
 *   layout_c_private     the parent writes 3 pages: its row "###ccccc"...
 *   layout_c_child       ...and the child's too (its 3 frames are its own now)
 *   layout_c_untouched   a fresh 4-page region: "....", 4 not present
 *   layout_c_by_name     `layout -c CHILD stack` shows the [stack] region
 *   layout_bad_args      no such pid: exit 1; no such region: exit 1
 *
 * `t_layout --show` runs the copy-on-write steps and lets layout -c print
 * them (docs/demos.md shows that output).
 */
#include "check.h"
#include "proctool.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>

#define PAGE 4096
#define OUT_MAX (512 * 1024)
#define LINES_MAX 4096

static char layout_path[512];
static char out[OUT_MAX];
static char *lines[LINES_MAX];

/* Run layout with up to 3 arguments: its stdout in out[] split into
 * lines[] (*n of them), its exit status returned. */
static int run_layout(const char *a1, const char *a2, const char *a3, int *n)
{
    char *argv[] = { "layout", (char *)a1, (char *)a2, (char *)a3, NULL };
    int status = run_tool(layout_path, argv, out, OUT_MAX);
    *n = split_lines(out, lines, LINES_MAX);
    return status;
}

/* The index of the first line from `from` containing s, or -1. */
static int find_line(int n, int from, const char *s)
{
    for (int i = from; i < n; i++)
        if (strstr(lines[i], s))
            return i;
    return -1;
}

/* ---- the picture ---------------------------------------------------------- */

struct region {
    unsigned long start, end, rss_kb;
    char perms[8], name[256];
};
static struct region regions[LINES_MAX / 4];
static int n_regions;

/* The child's maps, and each region's Rss from smaps. */
static int read_regions(pid_t pid)
{
    static char buf[OUT_MAX];
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
    if (read_all(path, buf, sizeof buf) < 0)
        return -1;
    n_regions = 0;
    for (char *line = strtok(buf, "\n"); line && n_regions < LINES_MAX / 4;
         line = strtok(NULL, "\n")) {
        struct region *r = &regions[n_regions++];
        char *q;
        memset(r, 0, sizeof *r);
        r->start = strtoul(line, &q, 16);
        r->end = strtoul(q + 1, &q, 16);
        snprintf(r->perms, sizeof r->perms, "%.4s", q + 1);
        q = strchr(q + 1, '/') ? strchr(q + 1, '/') : strchr(q + 1, '[');
        snprintf(r->name, sizeof r->name, "%s", q ? q : "");
    }
    snprintf(path, sizeof path, "/proc/%d/smaps", (int)pid);
    if (read_all(path, buf, sizeof buf) < 0)
        return -1;
    int i = -1;
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] < 'A' || line[0] > 'Z')
            i++;
        else if (i >= 0 && strncmp(line, "Rss:", 4) == 0)
            regions[i].rss_kb = strtoul(line + 4, NULL, 10);
    }
    return i + 1 == n_regions ? 0 : -1;
}

/* Is line i a box border "ADDRESS +---"?  Its address in *va. */
static int is_border(int i, unsigned long *va)
{
    char *end;
    *va = strtoul(lines[i], &end, 16);
    return end == lines[i] + 8 && strncmp(end, " +--", 4) == 0;
}

/* The box of every region, in address order, with the right counts. */
static void check_boxes(int n)
{
    char want[128];
    int ok = 1;
    for (int i = 0; i < n_regions && ok; i++) {
        const struct region *r = &regions[i];
        snprintf(want, sizeof want, "%08lx-%08lx  %lu of %lu pages resident",
                 r->start, r->end, r->rss_kb / 4, (r->end - r->start) / PAGE);
        int at = find_line(n, 0, want);
        ok = at > 0 && strstr(lines[at - 1], r->perms);
        if (!ok)
            fail("layout_boxes", "no box \"%s\" under a %s line", want, r->perms);
    }
    if (ok)
        pass("layout_boxes");
}

/* The kernel box iff nothing is mapped above 0xC0000000; the arrows. */
static void check_kernel_and_arrows(int n)
{
    int high = n_regions && regions[n_regions - 1].end > 0xC0000000ul;
    int box = find_line(n, 0, "kernel     not accessible from user mode") > 0 &&
              find_line(n, 0, "c0000000 +--") > 0;
    CHECK("layout_kernel", box == !high, "kernel box %s, a region above 0xC0000000: %s",
          box ? "drawn" : "missing", high ? "yes" : "no");
    int stack = find_line(n, 0, "[stack]"), down = stack < 0 ? -1 : find_line(n, stack, "grows down");
    unsigned long va;
    int ok = stack > 0 && down > stack;
    for (int i = stack + 1; ok && i < down; i++)
        ok = !is_border(i, &va);
    int heap_region = 0;
    for (int i = 0; i < n_regions; i++)
        heap_region |= strcmp(regions[i].name, "[heap]") == 0;
    int heap = find_line(n, 0, "[heap]");
    if (heap_region)
        ok = ok && heap > 0 && strstr(lines[heap - 1], "grows up");
    CHECK("layout_arrows", ok, "stack box line %d, arrow %d; heap box line %d", stack, down, heap);
}

/* `layout PID` of the waiting child. */
static void check_picture(pid_t child)
{
    char pidstr[16];
    int n;
    snprintf(pidstr, sizeof pidstr, "%d", (int)child);
    if (read_regions(child) < 0) {
        fail("layout_runs", "cannot read the child's maps and smaps");
        return;
    }
    int st = run_layout(pidstr, NULL, NULL, &n);
    CHECK("layout_runs", st == 0 && n > 4, "exit %d, %d lines", st, n);
    int wide = -1, order = 1;
    unsigned long last = 0, va;
    for (int i = 0; i < n; i++) {
        if (strlen(lines[i]) > 80)
            wide = i;
        if (is_border(i, &va)) {
            if (last && va >= last)
                order = 0;
            last = va;
        }
    }
    CHECK("layout_fits_80", wide < 0, "line %d has %d columns", wide,
          wide < 0 ? 0 : (int)strlen(lines[wide]));
    CHECK("layout_top_down", order && last, "border addresses out of order");
    check_boxes(n);
    check_kernel_and_arrows(n);
}

/* ---- the page view ---------------------------------------------------------- */

/* `layout -c PID ADDR`: is the first row `row` and the counts line
 * "pages: P present private (#), C copy-on-write shared (c)..."? */
static void check_pages(const char *check, pid_t pid, unsigned long va,
                        const char *row, int private_, int cow, int absent)
{
    char pidstr[16], addr[16], want_row[128], want_counts[160];
    int n;
    snprintf(pidstr, sizeof pidstr, "%d", (int)pid);
    snprintf(addr, sizeof addr, "%lx", va);
    int st = run_layout("-c", pidstr, addr, &n);
    snprintf(want_row, sizeof want_row, "%08lx %s", va, row);
    snprintf(want_counts, sizeof want_counts,
             "pages: %d present private (#), %d copy-on-write shared (c), 0 shared (s),",
             private_, cow);
    char absent_text[64];
    snprintf(absent_text, sizeof absent_text, "%d not present (.)", absent);
    CHECK(check, st == 0 && n > 3 && strcmp(lines[1], want_row) == 0 &&
          strcmp(lines[2], want_counts) == 0 && strstr(lines[3], absent_text),
          "exit %d; rows \"%s\" / \"%s\", want \"%s\" / \"%s\"", st,
          n > 1 ? lines[1] : "", n > 2 ? lines[2] : "", want_row, want_counts);
}

/* n pages of private anonymous memory between two PROT_NONE guard
 * pages, so that it never merges with a neighbour into a bigger region. */
static char *guarded_region(int pages)
{
    char *p = mmap(NULL, (size_t)(pages + 2) * PAGE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    mprotect(p, PAGE, PROT_NONE);
    mprotect(p + (size_t)(pages + 1) * PAGE, PAGE, PROT_NONE);
    return p + PAGE;
}

/* t_layout --show: the copy-on-write steps with layout -c's own output,
 * for docs/demos.md: after fork, after the parent writes 3 pages, and
 * the child's view then. */
static int show_cow(char *cow)
{
    char parent[16], child_s[16], addr[16];
    snprintf(parent, sizeof parent, "%d", (int)getpid());
    snprintf(addr, sizeof addr, "%lx", (unsigned long)cow);
    pid_t child = fork();
    if (child == 0)
        idle_forever();
    snprintf(child_s, sizeof child_s, "%d", (int)child);
    sleep_ms(100);
    const char *steps[3][2] = { { "after fork, the parent:", parent },
                                { "the parent wrote pages 0-2; the parent:", parent },
                                { "and the child:", child_s } };
    for (int i = 0; i < 3; i++) {
        if (i == 1)
            for (int k = 0; k < 3; k++)
                cow[k * PAGE] = 'w';
        say("$ layout -c %s %s      # %s\n", steps[i][1], addr, steps[i][0]);
        pid_t pid = fork();
        if (pid == 0) {
            char *argv[] = { "layout", "-c", (char *)steps[i][1], addr, NULL };
            execv(layout_path, argv);
            _exit(127);
        }
        waitpid(pid, NULL, 0);
    }
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    return 0;
}

int main(int argc, char **argv)
{
    find_tool(argv[0], "layout", layout_path, sizeof layout_path);
    char *cow = guarded_region(8), *untouched = guarded_region(4);
    if (!cow || !untouched) {
        fail("layout_runs", "mmap: %s", strerror(errno));
        return finish();
    }
    for (int i = 0; i < 8; i++)
        cow[i * PAGE] = (char)i;
    if (argc > 1 && strcmp(argv[1], "--show") == 0)
        return show_cow(cow);
    pid_t child = fork();
    if (child == 0)
        idle_forever();
    sleep_ms(100);                          /* let the child settle */
    check_picture(child);
    check_pages("layout_c_cow", getpid(), (unsigned long)cow, "cccccccc", 0, 8, 0);
    for (int i = 0; i < 3; i++)
        cow[i * PAGE] = 'w';
    check_pages("layout_c_private", getpid(), (unsigned long)cow, "###ccccc", 3, 5, 0);
    check_pages("layout_c_child", child, (unsigned long)cow, "###ccccc", 3, 5, 0);
    check_pages("layout_c_untouched", getpid(), (unsigned long)untouched, "....", 0, 0, 4);
    char pidstr[16];
    int n;
    snprintf(pidstr, sizeof pidstr, "%d", (int)child);
    int st = run_layout("-c", pidstr, "stack", &n);
    CHECK("layout_c_by_name", st == 0 && n > 0 && strstr(lines[0], "[stack]"),
          "exit %d, first line \"%s\"", st, n ? lines[0] : "");
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    int gone_st = run_layout(pidstr, NULL, NULL, &n);
    pid_t self = getpid();
    snprintf(pidstr, sizeof pidstr, "%d", (int)self);
    st = run_layout("-c", pidstr, "1000", &n);
    CHECK("layout_bad_args", gone_st == 1 && st == 1,
          "reaped pid: exit %d; no region at 0x1000: exit %d", gone_st, st);
    return finish();
}
