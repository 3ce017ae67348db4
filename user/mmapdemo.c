/*
 * mmapdemo - private and shared mappings, before and after fork.
 *
 * Four mappings of two pages each: anonymous MAP_PRIVATE, anonymous
 * MAP_SHARED, and a file mapped MAP_PRIVATE and another MAP_SHARED.
 * The parent writes 'P' into both pages of each and forks.  The child
 * writes 'C' into page 0 of each; then both look.
 *
 *  - MAP_PRIVATE: the child's write faults and the child gets its own
 *    copy of the page (copy-on-write): the parent still reads 'P', and
 *    a private file mapping never writes anything back to its file.
 *  - MAP_SHARED: there is one set of frames, mapped in both processes:
 *    the parent reads the child's 'C', and for a file the write lands
 *    in the file itself (read() returns it).
 *
 * At each step the program prints the mappings as pmap -x would, from
 * /proc/self/smaps: resident size, and the dirty pages split into
 * shared (mapped by more than one process) and private.
 *
 * Usage: mmapdemo
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "procmaps.h"

#define PAGE   4096
#define PAGES  2
#define LEN    (PAGES * PAGE)
#define NMAPS  4

/* One of the four mappings. */
struct mapping {
    const char *label;               /* "anon private" ... */
    int flags;                       /* MAP_PRIVATE or MAP_SHARED (+ ANONYMOUS) */
    char path[64];                   /* its file, or "" */
    int fd;                          /* the file, open, or -1 */
    volatile char *addr;
};

static struct mapping maps[NMAPS] = {
    { "anon private", MAP_PRIVATE | MAP_ANONYMOUS, "", -1, NULL },
    { "anon shared",  MAP_SHARED | MAP_ANONYMOUS,  "", -1, NULL },
    { "file private", MAP_PRIVATE, "", -1, NULL },
    { "file shared",  MAP_SHARED,  "", -1, NULL },
};

/* Make a LEN-byte file of 'f's for mapping m; -1 on failure. */
static int make_file(struct mapping *m, const char *kind)
{
    snprintf(m->path, sizeof(m->path), "/tmp/mmapdemo.%s.%d", kind, (int)getpid());
    m->fd = open(m->path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (m->fd < 0)
        return -1;
    char buf[PAGE];
    memset(buf, 'f', sizeof(buf));
    for (int i = 0; i < PAGES; i++)
        if (write(m->fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
            return -1;
    return 0;
}

/* Map all four; returns 0, or -1 with a message. */
static int map_all(void)
{
    if (make_file(&maps[2], "private") < 0 || make_file(&maps[3], "shared") < 0) {
        fprintf(stderr, "mmapdemo: /tmp: %s\n", strerror(errno));
        return -1;
    }
    for (int i = 0; i < NMAPS; i++) {
        void *p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, maps[i].flags, maps[i].fd, 0);
        if (p == MAP_FAILED) {
            fprintf(stderr, "mmapdemo: mmap %s: %s\n", maps[i].label, strerror(errno));
            return -1;
        }
        maps[i].addr = p;
    }
    return 0;
}

/* The four maps lines, once: which region is which. */
static void show_maps_lines(void)
{
    printf("the four mappings, as /proc/self/maps shows them:\n");
    for (int i = 0; i < NMAPS; i++) {
        struct maps_region r;
        if (maps_find("/proc/self/maps", (unsigned long)maps[i].addr, &r) == 0)
            printf("  %-13s %s\n", maps[i].label, r.line);
    }
}

/* The pmap -x-like table of the four mappings, as this process sees
 * them: from /proc/self/smaps, in kB. */
static void show(const char *when)
{
    printf("%s:\n", when);
    printf("  %-13s %-8s %6s %4s %12s %13s  %s\n", "mapping", "Address",
           "Kbytes", "Rss", "Shared_Dirty", "Private_Dirty", "Mode");
    for (int i = 0; i < NMAPS; i++) {
        struct maps_region r;
        struct smaps_counts c;
        if (smaps_find("/proc/self/smaps", (unsigned long)maps[i].addr, &r, &c) < 0) {
            printf("  %-13s (not in smaps)\n", maps[i].label);
            continue;
        }
        printf("  %-13s %08lx %6ld %4ld %12ld %13ld  %s\n", maps[i].label,
               r.start, c.size, c.rss, c.shared_dirty, c.private_dirty, r.perms);
    }
    fflush(stdout);
}

/* The child: wait for the word, write 'C' into page 0 of each mapping,
 * show its view, tell the parent, and stay until the parent is done
 * (so that its mappings still count while the parent looks). */
static void child(int go_fd, int done_fd)
{
    char c;
    read(go_fd, &c, 1);
    for (int i = 0; i < NMAPS; i++)
        maps[i].addr[0] = 'C';
    show("in the child, after it wrote 'C' into page 0 of each");
    write(done_fd, "d", 1);
    read(go_fd, &c, 1);
    _exit(0);
}

/* What the file of mapping m holds at offset 0, or '-' for none. */
static char file_byte(const struct mapping *m)
{
    char c = '-';
    if (m->fd >= 0 && pread(m->fd, &c, 1, 0) != 1)
        c = '?';
    return c;
}

/* The table of who sees what in page 0; returns 1 if it is as the
 * rules say: private keeps 'P', shared shows 'C'. */
static int show_outcome(void)
{
    int as_said = 1;
    printf("page 0 of each mapping after the child's write:\n");
    printf("  %-13s %-12s %-13s %s\n", "mapping", "child wrote", "parent reads",
           "the file holds");
    for (int i = 0; i < NMAPS; i++) {
        char seen = maps[i].addr[0];
        char want = maps[i].flags & MAP_SHARED ? 'C' : 'P';
        if (seen != want)
            as_said = 0;
        printf("  %-13s %-12c %-13c %c\n", maps[i].label, 'C', seen, file_byte(&maps[i]));
    }
    return as_said;
}

int main(void)
{
    printf("mmapdemo (pid %d): four mappings of %d pages each. The parent writes\n"
           "'P' into every page and forks; the child writes 'C' into page 0.\n\n",
           (int)getpid(), PAGES);
    if (map_all() < 0)
        return 1;
    for (int i = 0; i < NMAPS; i++)
        for (int pg = 0; pg < PAGES; pg++)
            maps[i].addr[pg * PAGE] = 'P';
    show_maps_lines();
    show("in the parent, before fork");

    int go[2], done[2];
    if (pipe(go) < 0 || pipe(done) < 0)
        return perror("mmapdemo: pipe"), 1;
    pid_t pid = fork();
    if (pid < 0)
        return perror("mmapdemo: fork"), 1;
    if (pid == 0) {
        close(go[1]);
        close(done[0]);
        child(go[0], done[1]);
    }
    close(go[0]);
    close(done[1]);
    show("in the parent, after fork (the child has not written yet)");
    write(go[1], "g", 1);
    char c;
    if (read(done[0], &c, 1) != 1) {        /* EOF: the child died */
        fprintf(stderr, "mmapdemo: the child ended early\n");
        waitpid(pid, NULL, 0);
        unlink(maps[2].path);
        unlink(maps[3].path);
        return 1;
    }
    show("in the parent, after the child's write");
    int as_said = show_outcome();
    write(go[1], "g", 1);                   /* the child may exit now */
    int st;
    waitpid(pid, &st, 0);
    unlink(maps[2].path);
    unlink(maps[3].path);
    printf("%s\n", as_said ? "private mappings kept the parent's 'P', shared ones "
                             "show the child's 'C'" : "UNEXPECTED: see the table");
    return as_said && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
