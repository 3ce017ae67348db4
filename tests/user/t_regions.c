/*
 * t_regions - tens of thousands of regions: mmap, /proc/self/maps and
 * smaps, munmap, and Linux's vm.max_map_count cap.
 *
 * One-page anonymous mappings with alternating protections cannot merge,
 * so each is a region of its own.  The same binary runs natively on Linux
 * (tests/test_user.py compares the PASS names).
 *
 * Checks:
 *   many_mmaps            10,000 one-page mmaps succeed, each a new address
 *   maps_one_line_each    /proc/self/maps shows each as a line of its own
 *   maps_small_reads      reading maps 1000 bytes at a time gives the same
 *                         text as one big read
 *   maps_seek_back        after lseek(0) the text is read again; pread at an
 *                         offset gives that part of it
 *   smaps_one_block_each  smaps has one block (one Rss: line) per maps line
 *   munmap_all            munmap of each: maps has as many lines as before
 *   max_map_count_reached mapping one page at a time stops with ENOMEM
 *                         when the process has max_map_count + 1 regions
 *                         (Linux's do_mmap refuses once map_count > the cap)
 *   max_map_count_hole    at the cap, munmap of a page inside a region
 *                         (which would add one) is ENOMEM, changing nothing
 *   max_map_count_split   mprotect of a page inside a region: ENOMEM too,
 *                         and the region keeps its protection
 *   max_map_count_fixed   a MAP_FIXED mmap over a mapped page is ENOMEM
 *                         too, and the page keeps its contents
 *   max_map_count_whole   munmap of a whole region still works, and then
 *                         one more mmap does, and the next is ENOMEM again
 *   max_map_count_cleanup all of them unmapped: maps is as it was
 */
#include "check.h"          /* first: it sets _GNU_SOURCE */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>

#define PAGE 4096
#define NMAPS 10000
#define DEFAULT_MAX_MAP_COUNT 65530      /* Linux's include/linux/mm.h */
#define MAPS_MAX (8 << 20)

static char text1[MAPS_MAX], text2[MAPS_MAX];

/* Read all of `path` with reads of `chunk` bytes into buf: the length. */
static long read_file(const char *path, char *buf, long size, long chunk)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    long len = 0, n;
    while (len < size && (n = read(fd, buf + len, size - len < chunk ? size - len : chunk)) > 0)
        len += n;
    close(fd);
    return len;
}

/* n bytes from fd, in as many reads as it takes (Linux returns a page's
 * worth of whole lines at a time): the count read. */
static long read_n(int fd, char *buf, long n)
{
    long got = 0, k;
    while (got < n && (k = read(fd, buf + got, n - got)) > 0)
        got += k;
    return got;
}

/* How many times `needle` starts a line of `path`, streaming it. */
static long count_line_starts(const char *path, const char *needle)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    static char buf[65536];
    size_t k = strlen(needle), match = 0;
    long count = 0, n;
    int at_line_start = 1;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        for (long i = 0; i < n; i++) {
            char c = buf[i];
            if (k == 0) {                /* "": count the lines */
                count += c == '\n';
                continue;
            }
            if (at_line_start || match) {
                if (c == needle[match]) {
                    if (++match == k) {
                        count++;
                        match = 0;
                    }
                } else {
                    match = 0;
                }
            }
            at_line_start = c == '\n';
        }
    close(fd);
    return count;
}

static long maps_lines(void)
{
    return count_line_starts("/proc/self/maps", "");
}

/* A maps line's "start-end perms": 1 if it parses (our libc has no
 * sscanf). */
static int parse_line(const char *p, unsigned long *s, unsigned long *e, char perms[5])
{
    char *end;
    *s = strtoul(p, &end, 16);
    if (*end != '-')
        return 0;
    *e = strtoul(end + 1, &end, 16);
    if (*end != ' ')
        return 0;
    memcpy(perms, end + 1, 4);
    perms[4] = '\0';
    return 1;
}

/* Lines of `text` that are exactly one page [a, a + PAGE) for an a in
 * addrs (sorted). */
static long one_page_lines(const char *text, long len, const unsigned long *addrs, int n)
{
    long count = 0;
    for (const char *p = text; p < text + len;) {
        unsigned long s, e;
        char perms[5];
        if (parse_line(p, &s, &e, perms) && e - s == PAGE) {
            int lo = 0, hi = n;
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (addrs[mid] < s)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            count += lo < n && addrs[lo] == s;
        }
        const char *nl = memchr(p, '\n', text + len - p);
        p = nl ? nl + 1 : text + len;
    }
    return count;
}

static int cmp_ulong(const void *a, const void *b)
{
    unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
    return x < y ? -1 : x > y;
}

static void *map_page(int i)
{
    return mmap(NULL, PAGE, (i & 1) ? PROT_READ : PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static void test_many(void)
{
    static unsigned long addrs[NMAPS];
    long before = maps_lines();
    int ok = 1;
    for (int i = 0; i < NMAPS && ok; i++) {
        void *p = map_page(i);
        ok = p != MAP_FAILED;
        addrs[i] = (unsigned long)p;
    }
    qsort(addrs, NMAPS, sizeof addrs[0], cmp_ulong);
    for (int i = 1; i < NMAPS && ok; i++)
        ok = addrs[i] != addrs[i - 1];
    CHECK("many_mmaps", ok, "an mmap failed or repeated an address (errno %d)", errno);

    long len = read_file("/proc/self/maps", text1, MAPS_MAX, MAPS_MAX);
    long lines = one_page_lines(text1, len, addrs, NMAPS);
    CHECK("maps_one_line_each", lines == NMAPS, "%ld of %d pages have their own line "
          "(%ld bytes of maps)", lines, NMAPS, len);

    long len2 = read_file("/proc/self/maps", text2, MAPS_MAX, 1000);
    CHECK("maps_small_reads", len2 == len && memcmp(text1, text2, len) == 0,
          "%ld bytes in 1000-byte reads, %ld in one", len2, len);

    int fd = open("/proc/self/maps", O_RDONLY);
    long part = read_n(fd, text2, 5000);
    long again = lseek(fd, 0, SEEK_SET) == 0 ? read_n(fd, text2, 7000) : -1;
    long mid = pread(fd, text2 + 7000, 3000, len / 2);
    close(fd);
    CHECK("maps_seek_back", part == 5000 && again == 7000 && mid > 0 &&
          memcmp(text2, text1, 7000) == 0 && memcmp(text2 + 7000, text1 + len / 2, mid) == 0,
          "read %ld, after lseek %ld, pread %ld", part, again, mid);

    long maps = maps_lines(), rss = count_line_starts("/proc/self/smaps", "Rss:");
    CHECK("smaps_one_block_each", rss == maps && maps >= NMAPS,
          "smaps has %ld Rss lines, maps %ld lines", rss, maps);

    ok = 1;
    for (int i = 0; i < NMAPS; i++)
        ok &= munmap((void *)addrs[i], PAGE) == 0;
    long after = maps_lines();
    CHECK("munmap_all", ok && after == before, "munmaps %s; %ld maps lines, %ld before",
          ok ? "ok" : "failed", after, before);
}

/* vm.max_map_count: the host's, else Linux's default (Pagoda has no
 * /proc/sys). */
static long cap_now(int *from_proc)
{
    char buf[32];
    long n = read_file("/proc/sys/vm/max_map_count", buf, sizeof buf - 1, sizeof buf);
    *from_proc = n > 0;
    if (n <= 0)
        return DEFAULT_MAX_MAP_COUNT;
    buf[n] = '\0';
    return strtol(buf, NULL, 10);
}

/* The protection maps shows for the page at a: "rw-p" etc. */
static int perms_of(unsigned long a, char out[5])
{
    long len = read_file("/proc/self/maps", text1, MAPS_MAX, MAPS_MAX);
    for (const char *p = text1; p < text1 + len;) {
        unsigned long s, e;
        if (parse_line(p, &s, &e, out) && s <= a && a < e)
            return 1;
        const char *nl = memchr(p, '\n', text1 + len - p);
        p = nl ? nl + 1 : text1 + len;
    }
    return 0;
}

static void test_cap(void)
{
    int from_proc;
    long cap = cap_now(&from_proc), before = maps_lines();
    /* A three-page region to cut into at the cap. */
    char *three = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    static void *pages[70000];
    int n = 0, err = 0;
    while (n < (int)(sizeof pages / sizeof pages[0])) {
        void *p = map_page(n);
        if (p == MAP_FAILED) {
            err = errno;
            break;
        }
        pages[n++] = p;
    }
    long count = maps_lines();
    PASS_INFO("max_map_count_reached", "cap %ld%s: %d mmaps, then errno %d",
              cap, from_proc ? "" : " (Linux's default)", n, err);
    if (!(err == ENOMEM && count == cap + 1)) {
        fail("max_map_count_reached", "%d mmaps then errno %d; %ld regions, cap %ld",
             n, err, count, cap);
    }
    char p0[5] = "", p1[5] = "";
    int r = munmap(three + PAGE, PAGE), e = errno;
    CHECK("max_map_count_hole", r == -1 && e == ENOMEM && maps_lines() == count,
          "munmap of a middle page returned %d (errno %d)", r, e);
    perms_of((unsigned long)three + PAGE, p0);
    r = mprotect(three + PAGE, PAGE, PROT_READ);
    e = errno;
    perms_of((unsigned long)three + PAGE, p1);
    CHECK("max_map_count_split", r == -1 && e == ENOMEM && maps_lines() == count &&
          strcmp(p0, "rw-p") == 0 && strcmp(p1, "rw-p") == 0,
          "mprotect returned %d (errno %d), perms %s then %s", r, e, p0, p1);

    /* MAP_FIXED over a page we have: refused before the old page goes. */
    three[0] = 42;
    void *fixed = mmap(three, PAGE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    e = errno;
    CHECK("max_map_count_fixed", fixed == MAP_FAILED && e == ENOMEM && three[0] == 42,
          "MAP_FIXED over a mapped page: %s (errno %d), the page reads %d",
          fixed == MAP_FAILED ? "refused" : "mapped", e, three[0]);

    int whole = n > 0 && munmap(pages[--n], PAGE) == 0;
    void *again = map_page(n);
    if (again != MAP_FAILED)
        pages[n++] = again;
    void *refused = map_page(n);
    e = errno;
    CHECK("max_map_count_whole", whole && again != MAP_FAILED && refused == MAP_FAILED &&
          e == ENOMEM, "munmap %d, mmap again %s, next %s (errno %d)", whole,
          again != MAP_FAILED ? "ok" : "failed", refused == MAP_FAILED ? "refused" : "ok", e);
    if (refused != MAP_FAILED)
        munmap(refused, PAGE);

    int ok = munmap(three, 3 * PAGE) == 0;
    for (int i = 0; i < n; i++)
        ok &= munmap(pages[i], PAGE) == 0;
    long after = maps_lines();
    CHECK("max_map_count_cleanup", ok && after == before,
          "munmaps %s; %ld lines, %ld before", ok ? "ok" : "failed", after, before);
}

int main(void)
{
    test_many();
    test_cap();
    return finish();
}
