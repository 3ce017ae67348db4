/*
 * layout - a process's address space drawn as the textbook picture.
 *
 *   layout PID              every region as a box, high addresses on top
 *   layout -c PID WHAT      one region page by page; WHAT is an address in
 *                           it (hex) or a name: a path, its basename,
 *                           "heap", "stack" (every region of that name)
 *
 * The picture: the kernel's 1 GiB at the top (on an i386 kernel; a 64-bit
 * kernel gives a 32-bit process all 4 GiB and has no such box), then each
 * region of /proc/PID/maps from high to low, labelled by what it holds
 * (stack, mmap, heap, bss, data, rodata, text, ...), with its addresses,
 * size, permissions and resident pages (smaps' Rss).  A box grows taller
 * with the logarithm of its size, so a 256 MiB heap looks bigger than a
 * 4 KiB page without taking 60,000 lines; gaps between regions are one
 * line, "~ 2.9 GiB unmapped ~".  The stack's box ends in an arrow
 * pointing down (it grows towards lower addresses), the heap's starts
 * with one pointing up.  Every line fits an 80-column console.
 *
 * The page view reads /proc/PID/pagemap, one 64-bit entry per page in
 * Linux's format (bit 63 present, 62 swapped, 61 file page or shared
 * anonymous, 56 mapped exactly once, 0-54 the frame number):
 *
 *   .  not present         #  present, mapped by this page table only
 *   c  present, its frame mapped more than once (after fork: shared
 *      copy-on-write until one side writes; or a file page others map)
 *   s  present in a shared mapping      S  swapped out
 *   z  the shared zero page (Linux only, and only where /proc/kpageflags
 *      can be read; Pagoda gives every first touch its own zeroed frame)
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGE_SIZE      4096ul
#define REGIONS_MAX    70000           /* Linux's vm.max_map_count is 65530 */
#define KERNEL_START   0xC0000000ul    /* i386's PAGE_OFFSET: the 3G/1G split */
#define BOX_WIDTH      66              /* text inside "| ... |"; 80 columns in all */
#define PAGES_PER_ROW  64

#define PM_PRESENT     (1ull << 63)
#define PM_SWAP        (1ull << 62)
#define PM_FILE        (1ull << 61)
#define PM_EXCLUSIVE   (1ull << 56)
#define PM_PFN_MASK    ((1ull << 55) - 1)
#define KPF_ZERO_PAGE  24              /* /proc/kpageflags bit (Linux) */

struct region {
    unsigned long start, end;
    char perms[5];
    char *name;                         /* "" for anonymous memory */
    unsigned long rss_kb;
};

static struct region *regions;
static int n_regions;
static char exe[4096];                  /* the program's path, for text/data */

/* ---- reading /proc ------------------------------------------------------- */

/* "start-end perms offset dev inode name" into r; 0 if it is not one. */
static int parse_maps_line(char *line, struct region *r)
{
    char *p;
    r->start = strtoul(line, &p, 16);
    if (*p != '-')
        return 0;
    r->end = strtoul(p + 1, &p, 16);
    if (*p != ' ' || strlen(p) < 5)
        return 0;
    memcpy(r->perms, p + 1, 4);
    r->perms[4] = '\0';
    p += 5;
    for (int field = 0; field < 3; field++) {       /* offset, dev, inode */
        while (*p == ' ')
            p++;
        while (*p && *p != ' ' && *p != '\n')
            p++;
    }
    while (*p == ' ')
        p++;
    p[strcspn(p, "\n")] = '\0';
    r->name = strdup(p);
    r->rss_kb = 0;
    return r->name != NULL;
}

/* The regions of /proc/PID/maps, then each one's Rss from smaps. */
static int read_regions(int pid)
{
    char path[64], *line = NULL;
    size_t cap = 0;
    snprintf(path, sizeof path, "/proc/%d/maps", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int room = 0;
    while (n_regions < REGIONS_MAX && getline(&line, &cap, f) > 0) {
        if (n_regions == room) {                 /* grow by doubling */
            struct region *more = realloc(regions, sizeof *regions * (room ? 2 * room : 256));
            if (!more)
                return -1;
            regions = more;
            room = room ? 2 * room : 256;
        }
        if (parse_maps_line(line, &regions[n_regions]))
            n_regions++;
    }
    fclose(f);
    snprintf(path, sizeof path, "/proc/%d/smaps", pid);
    f = fopen(path, "r");
    int i = -1;
    while (f && getline(&line, &cap, f) > 0) {
        if (!isupper((unsigned char)line[0]))
            i++;
        else if (i >= 0 && i < n_regions && strncmp(line, "Rss:", 4) == 0)
            regions[i].rss_kb = strtoul(line + 4, NULL, 10);
    }
    if (f)
        fclose(f);
    free(line);
    snprintf(path, sizeof path, "/proc/%d/exe", pid);
    ssize_t n = readlink(path, exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    return 0;
}

/* The process's name, from /proc/PID/comm or stat. */
static void process_name(int pid, char *buf, size_t size)
{
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    snprintf(buf, size, "?");
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    ssize_t n = read(fd, stat, sizeof stat - 1);
    close(fd);
    stat[n > 0 ? n : 0] = '\0';
    char *open_paren = strchr(stat, '('), *close_paren = strrchr(stat, ')');
    if (open_paren && close_paren > open_paren)
        snprintf(buf, size, "%.*s", (int)(close_paren - open_paren - 1), open_paren + 1);
}

/* ---- words for the picture ------------------------------------------------ */

/* A size in bytes as people say it: "132 KiB", "12.5 MiB", "2.9 GiB". */
static const char *size_text(unsigned long long bytes, char *buf, size_t size)
{
    static const char *const unit[] = { "KiB", "MiB", "GiB" };
    unsigned long long kib = bytes >> 10;
    if (kib < 1024) {
        snprintf(buf, size, "%llu KiB", kib);
        return buf;
    }
    int u = kib < (1ull << 20) ? 1 : 2;
    unsigned long long whole = kib >> (10 * u);
    unsigned long long tenths = ((kib & ((1ull << (10 * u)) - 1)) * 10) >> (10 * u);
    snprintf(buf, size, "%llu.%llu %s", whole, tenths, unit[u]);
    return buf;
}

/* Was region i made by the program file (its text, data or rodata)? */
static int from_program(int i)
{
    return exe[0] && strcmp(regions[i].name, exe) == 0;
}

/* What a region holds, in the textbook's words. */
static const char *region_kind(int i)
{
    const struct region *r = &regions[i];
    const char *n = r->name;
    if (!strcmp(n, "[stack]"))
        return "stack";
    if (!strcmp(n, "[heap]"))
        return "heap";
    if (!strcmp(n, "[vdso]"))
        return "vdso";
    if (!strncmp(n, "[vvar", 5))
        return "vvar";
    if (from_program(i))
        return r->perms[2] == 'x' ? "text" : r->perms[1] == 'w' ? "data" : "rodata";
    if (!n[0] && i > 0 && from_program(i - 1) && regions[i - 1].end == r->start &&
        r->perms[1] == 'w')
        return "bss";
    if (!strcmp(r->perms, "---p"))
        return "guard";
    if (r->perms[3] == 's')
        return n[0] == '/' && strncmp(n, "/dev/zero", 9) ? "shared" : "shm anon";
    return n[0] ? "mmap file" : "mmap anon";
}

/* The name to show in a box: long paths keep their last 30 characters. */
static const char *short_name(const char *name)
{
    size_t len = strlen(name);
    static char buf[40];
    if (len <= 30)
        return name;
    snprintf(buf, sizeof buf, "...%s", name + len - 27);
    return buf;
}

/* ---- the picture ------------------------------------------------------------ */

/* A border line "ADDRESS +------+" (the address where two boxes meet). */
static void border(unsigned long addr)
{
    printf("%08lx +", addr);
    for (int i = 0; i < BOX_WIDTH + 2; i++)
        putchar('-');
    printf("+\n");
}

/* One line of text inside a box. */
static void box_line(const char *text)
{
    printf("         | %-*.*s |\n", BOX_WIDTH, BOX_WIDTH, text);
}

/* The elided gap between two boxes: "~ 2.9 GiB unmapped ~". */
static void gap_line(unsigned long long bytes, const char *why)
{
    char size[32], text[80];
    snprintf(text, sizeof text, "~ %s unmapped%s ~", size_text(bytes, size, sizeof size), why);
    int pad = (BOX_WIDTH + 4 - (int)strlen(text)) / 2;
    printf("         %*s%s\n", pad, "", text);
}

/* Extra blank lines in a box: one per factor of 8 in its page count,
 * at most 3, so heights grow with the logarithm of the size. */
static int extra_lines(unsigned long pages)
{
    int n = 0;
    for (; pages >= 8 && n < 3; pages /= 8)
        n++;
    return n;
}

/* One region's box: its top border (unless the box above ends where it
 * begins), what it is, its size and resident pages, its growth arrow. */
static void draw_region(int i, unsigned long above)
{
    const struct region *r = &regions[i];
    char text[BOX_WIDTH + 32], size[32];
    unsigned long pages = (r->end - r->start) / PAGE_SIZE;
    const char *kind = region_kind(i);
    /* The arrow goes on the top box of the heap (Pagoda's norandmaps heap
     * starts in the bss's region, so [heap] can be two regions). */
    int heap = !strcmp(kind, "heap") &&
               !(i + 1 < n_regions && regions[i + 1].start == r->end &&
                 !strcmp(regions[i + 1].name, "[heap]"));
    int stack = !strcmp(kind, "stack");
    if (above != r->end)
        border(r->end);
    if (heap)
        box_line("  ^  grows up (brk)");
    snprintf(text, sizeof text, "%-9s %-30s %s %12s", kind, short_name(r->name),
             r->perms, size_text((unsigned long long)(r->end - r->start), size, sizeof size));
    box_line(text);
    snprintf(text, sizeof text, "%08lx-%08lx  %lu of %lu pages resident", r->start,
             r->end, r->rss_kb / 4, pages);
    box_line(text);
    for (int k = extra_lines(pages); k > 0; k--)
        box_line("");
    if (stack)
        box_line("  v  grows down");
    border(r->start);
}

/* The kernel's 1 GiB at the top, when this kernel has one (i386). */
static unsigned long draw_kernel(void)
{
    unsigned long top = n_regions ? regions[n_regions - 1].end : 0;
    if (n_regions && (top > KERNEL_START || top == 0)) {
        printf("(no kernel half here: a 64-bit kernel gives a 32-bit process "
               "all 4 GiB)\n");
        return 0;
    }
    printf("ffffffff +");
    for (int i = 0; i < BOX_WIDTH + 2; i++)
        putchar('-');
    printf("+\n");
    box_line("kernel     not accessible from user mode               1.0 GiB");
    box_line("(the same in every process; its pages are supervisor-only)");
    border(KERNEL_START);
    return KERNEL_START;
}

/* The whole picture, high addresses on top. */
static void draw(int pid)
{
    char name[64], size[32];
    unsigned long long mapped = 0, resident = 0;
    for (int i = 0; i < n_regions; i++) {
        mapped += regions[i].end - regions[i].start;
        resident += (unsigned long long)regions[i].rss_kb << 10;
    }
    process_name(pid, name, sizeof name);
    printf("pid %d (%s): %d regions, %s mapped, ", pid, name, n_regions,
           size_text(mapped, size, sizeof size));
    printf("%s resident\n", size_text(resident, size, sizeof size));
    unsigned long above = draw_kernel();
    for (int i = n_regions - 1; i >= 0; i--) {
        if (above && above > regions[i].end)
            gap_line(above - regions[i].end, "");
        draw_region(i, above);
        above = regions[i].start;
    }
    if (above)
        gap_line(above, ", NULL points here");
    printf("00000000   (address 0)\n");
}

/* ---- the page view ---------------------------------------------------------- */

struct page_counts {
    unsigned long absent, private_, cow, shared, swapped, zero;
};

/* Is the frame the shared zero page?  Only Linux can say (as root). */
static int is_zero_page(uint64_t pfn)
{
    static int fd = -2;
    uint64_t flags;
    if (fd == -2)
        fd = open("/proc/kpageflags", O_RDONLY);
    if (fd < 0 || pfn == 0)
        return 0;
    if (pread(fd, &flags, 8, (off_t)(pfn * 8)) != 8)
        return 0;
    return (flags >> KPF_ZERO_PAGE) & 1;
}

/* The character for one pagemap entry of a region, and its count. */
static char page_char(uint64_t e, const struct region *r, struct page_counts *c)
{
    if (e & PM_SWAP)
        return c->swapped++, 'S';
    if (!(e & PM_PRESENT))
        return c->absent++, '.';
    if (r->perms[3] == 's')
        return c->shared++, 's';
    if (is_zero_page(e & PM_PFN_MASK))
        return c->zero++, 'z';
    if (e & PM_EXCLUSIVE)
        return c->private_++, '#';
    return c->cow++, 'c';
}

/* One region, 64 pages a row; runs of rows with nothing present are one
 * line.  -1 if pagemap cannot be read. */
static int draw_pages(int fd, const struct region *r)
{
    char size[32], row[PAGES_PER_ROW + 1];
    struct page_counts c = { 0 };
    unsigned long pages = (r->end - r->start) / PAGE_SIZE, empty_from = 0;
    int empty_rows = 0;
    printf("%08lx-%08lx %s %s  %s, %lu pages\n", r->start, r->end, r->perms,
           r->name[0] ? r->name : "(anonymous)",
           size_text((unsigned long long)(r->end - r->start), size, sizeof size), pages);
    for (unsigned long p = 0; p < pages; p += PAGES_PER_ROW) {
        uint64_t e[PAGES_PER_ROW];
        unsigned long n = pages - p < PAGES_PER_ROW ? pages - p : PAGES_PER_ROW;
        off_t at = (off_t)((r->start / PAGE_SIZE + p) * 8ull);
        if (pread(fd, e, n * 8, at) != (ssize_t)(n * 8))
            return -1;
        int any = 0;
        for (unsigned long k = 0; k < n; k++) {
            row[k] = page_char(e[k], r, &c);
            any |= row[k] != '.';
        }
        row[n] = '\0';
        if (!any && n == PAGES_PER_ROW) {
            if (empty_rows++ == 0)
                empty_from = r->start + p * PAGE_SIZE;
            continue;
        }
        if (empty_rows)
            printf("%08lx   ... %d rows of 64 pages, none present ...\n",
                   empty_from, empty_rows);
        empty_rows = 0;
        printf("%08lx %s\n", r->start + p * PAGE_SIZE, row);
    }
    if (empty_rows)
        printf("%08lx   ... %d rows of 64 pages, none present ...\n", empty_from, empty_rows);
    printf("pages: %lu present private (#), %lu copy-on-write shared (c), "
           "%lu shared (s),\n       %lu zero page (z), %lu swapped (S), "
           "%lu not present (.)\n\n", c.private_, c.cow, c.shared, c.zero,
           c.swapped, c.absent);
    return 0;
}

/* Does region i answer to `what`: an address inside it, its name, its
 * basename, or "heap"/"stack" for "[heap]"/"[stack]"? */
static int region_matches(int i, const char *what)
{
    const struct region *r = &regions[i];
    char *end;
    unsigned long va = strtoul(what, &end, 16);
    if (*what && !*end)
        return va >= r->start && va < r->end;
    const char *base = strrchr(r->name, '/');
    size_t len = strlen(what);
    return !strcmp(r->name, what) || (base && !strcmp(base + 1, what)) ||
           (r->name[0] == '[' && !strncmp(r->name + 1, what, len) &&
            r->name[len + 1] == ']');
}

/* layout -c: the regions that match, page by page, and the legend. */
static int show_pages(int pid, const char *what)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/pagemap", pid);
    int fd = open(path, O_RDONLY), found = 0;
    if (fd < 0) {
        perror(path);
        return 1;
    }
    for (int i = n_regions - 1; i >= 0; i--) {
        if (!region_matches(i, what))
            continue;
        found++;
        if (draw_pages(fd, &regions[i]) < 0) {
            perror(path);
            close(fd);
            return 1;
        }
    }
    close(fd);
    if (!found) {
        fprintf(stderr, "layout: pid %d has no region at or named %s\n", pid, what);
        return 1;
    }
    printf(". not present   # present, only this page table maps it   s shared mapping\n"
           "c present, mapped more than once: copy-on-write until written (or a file\n"
           "  page others map too)   S swapped   z the zero page (Linux, as root)\n");
    return 0;
}

/* ---- main ------------------------------------------------------------------- */

static void usage(void)
{
    fprintf(stderr, "usage: layout PID          the address space, high addresses on top\n"
                    "       layout -c PID WHAT  one region page by page (WHAT: an address\n"
                    "                           in it, a path, a basename, heap, stack)\n");
    exit(2);
}

/* A pid argument: digits only, at least 1. */
static int pid_argument(const char *s)
{
    char *end;
    long pid = strtol(s, &end, 10);
    if (!*s || *end || pid < 1 || pid > 0x7fffffff)
        usage();
    return (int)pid;
}

int main(int argc, char **argv)
{
    int pages = argc > 1 && strcmp(argv[1], "-c") == 0;
    if (argc != (pages ? 4 : 2))
        usage();
    int pid = pid_argument(argv[pages ? 2 : 1]);
    if (read_regions(pid) < 0) {
        fprintf(stderr, "layout: no process %d (cannot read /proc/%d/maps)\n", pid, pid);
        return 1;
    }
    if (pages)
        return show_pages(pid, argv[3]);
    draw(pid);
    return 0;
}
