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
 * `t_pmap --wait` only builds the address space and waits to be killed:
 * the live process tests/test_pmap.py compares Debian's pmap with ours on.
 * pmap is found beside the test (build/user/pmap natively) or in /bin.
 */
#include "check.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>

#define PAGE 4096
#define OUT_MAX (256 * 1024)
#define ROWS_MAX 256

static char *split_start;        /* the split region, for -A */
UNUSED static char pmap_path[512];

/* Build the known address space (see the header). */
static int build_address_space(void)
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
    unlink(path);                /* kept by the mapping: "(deleted)" */
    if (file == MAP_FAILED || none == MAP_FAILED || split == MAP_FAILED)
        return -1;
    shared[0] = file[0] = 1;
    for (int i = 0; i < 6; i++)
        split[i * PAGE] = 1;
    if (mprotect(split + 2 * PAGE, 2 * PAGE, PROT_READ) < 0)
        return -1;
    split_start = split;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--wait") == 0) {
        if (build_address_space() < 0)
            return 1;
        idle_forever();
    }
    return finish();
}
