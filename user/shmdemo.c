/*
 * shmdemo - two processes write into each other's memory.
 *
 * The lab: process A creates a POSIX shared memory object with
 * shm_open (a file in /dev/shm), sizes it with ftruncate and maps it
 * MAP_SHARED.  It then starts process B, a separate program (the same
 * binary, run again with exec), which opens the object by its name and
 * maps it too.  The object holds three pages: a control page, A's
 * region and B's region.  A writes a message into B's region, B one
 * into A's, and each prints what it finds in its own region: the other
 * process's words, although neither ever sent a byte through a file or
 * a pipe.  The two mappings may sit at different virtual addresses (B
 * is a fresh exec with its own random layout); the frames are the same,
 * which smaps shows as Shared_Dirty in both.
 *
 * They take turns through a counter in the control page itself: each
 * waits (yielding the CPU) until the counter says it is its move.
 *
 * Usage: shmdemo [NAME]   (default /shmdemo)
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "procmaps.h"

#define PAGE        4096
#define OBJECT_SIZE (3 * PAGE)
#define TURN_WAIT_S 20                /* give up on a silent peer */

/* The object's layout: one page each. */
struct shared {
    volatile int turn;                /* whose move it is: see main_a */
    char pad[PAGE - sizeof(int)];
    char region_a[PAGE];              /* A reads this, B writes it */
    char region_b[PAGE];              /* B reads this, A writes it */
};

_Static_assert(sizeof(struct shared) == OBJECT_SIZE, "three pages");

static const char *who = "A";         /* this process's part */

/* Wait until the turn counter reaches `turn`.  Gives up after
 * TURN_WAIT_S seconds, or if the peer (pid, for A) has died. */
static int wait_turn(struct shared *s, int turn, pid_t peer)
{
    time_t deadline = time(NULL) + TURN_WAIT_S;
    while (__atomic_load_n(&s->turn, __ATOMIC_ACQUIRE) < turn) {
        int st;
        if (peer > 0 && waitpid(peer, &st, WNOHANG) == peer) {
            fprintf(stderr, "shmdemo %s: the other process ended early\n", who);
            return -1;
        }
        if (time(NULL) > deadline) {
            fprintf(stderr, "shmdemo %s: no answer in %d s\n", who, TURN_WAIT_S);
            return -1;
        }
        sched_yield();
    }
    return 0;
}

/* Hand the move on: flush what we printed, then bump the counter. */
static void give_turn(struct shared *s, int turn)
{
    fflush(stdout);
    __atomic_store_n(&s->turn, turn, __ATOMIC_RELEASE);
}

/* Open the object NAME and map it; NULL (and a message) on failure. */
static struct shared *map_object(const char *name, int create)
{
    int fd = shm_open(name, O_RDWR | (create ? O_CREAT | O_EXCL : 0), 0600);
    if (fd < 0) {
        fprintf(stderr, "shmdemo %s: shm_open %s: %s\n", who, name, strerror(errno));
        return NULL;
    }
    if (create && ftruncate(fd, OBJECT_SIZE) < 0) {
        fprintf(stderr, "shmdemo %s: ftruncate: %s\n", who, strerror(errno));
        close(fd);
        return NULL;
    }
    void *p = mmap(NULL, OBJECT_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);                        /* the mapping keeps the object */
    if (p == MAP_FAILED) {
        fprintf(stderr, "shmdemo %s: mmap: %s\n", who, strerror(errno));
        return NULL;
    }
    return p;
}

/* "A (pid 5): /dev/shm/NAME is mapped at ..." with the maps line. */
static void show_mapping(struct shared *s)
{
    struct maps_region r;
    printf("%s (pid %d): mapped at %p\n", who, (int)getpid(), (void *)s);
    if (maps_find("/proc/self/maps", (unsigned long)s, &r) == 0)
        printf("%s:   %s\n", who, r.line);
}

/* The smaps counters of the mapping: one set of frames, in both. */
static void show_sharing(struct shared *s)
{
    struct maps_region r;
    struct smaps_counts c;
    if (smaps_find("/proc/self/smaps", (unsigned long)s, &r, &c) == 0)
        printf("%s: smaps: Rss %ld kB: shared %ld kB (Shared_Clean %ld, "
               "Shared_Dirty %ld), private %ld kB\n", who, c.rss,
               c.shared_clean + c.shared_dirty, c.shared_clean, c.shared_dirty,
               c.private_clean + c.private_dirty);
}

/* Process B: started by A with exec, finds the object by name alone. */
static int main_b(const char *name)
{
    who = "B";
    struct shared *s = map_object(name, 0);
    if (!s || wait_turn(s, 1, 0) < 0)
        return 1;
    show_mapping(s);
    printf("B: my region holds: \"%s\"\n", s->region_b);
    snprintf(s->region_a, PAGE, "hello A, this is B (pid %d), writing at %p",
             (int)getpid(), (void *)s->region_a);
    printf("B: wrote into A's region\n");
    give_turn(s, 2);
    if (wait_turn(s, 3, 0) < 0)
        return 1;
    show_sharing(s);
    give_turn(s, 4);
    munmap(s, OBJECT_SIZE);
    return 0;
}

/* Process A: creates the object, starts B, and the turns go
 *   0 A maps and writes into B's region      1 B reads it, writes into A's
 *   2 A reads its region, shows smaps        3 B shows smaps
 *   4 A waits for B, removes the object. */
static int main_a(const char *name, const char *self)
{
    shm_unlink(name);                 /* a leftover from an earlier run */
    struct shared *s = map_object(name, 1);
    if (!s)
        return 1;
    show_mapping(s);
    snprintf(s->region_b, PAGE, "hello B, this is A (pid %d), writing at %p",
             (int)getpid(), (void *)s->region_b);
    printf("A: wrote into B's region; starting B\n");
    fflush(stdout);
    pid_t b = fork();
    if (b == 0) {
        char *argv[] = { "shmdemo", "--peer", (char *)name, NULL };
        execv(self, argv);
        fprintf(stderr, "shmdemo: exec %s: %s\n", self, strerror(errno));
        _exit(127);
    }
    int ok = b > 0;
    give_turn(s, 1);
    if (ok && wait_turn(s, 2, b) == 0) {
        printf("A: my region holds: \"%s\"\n", s->region_a);
        show_sharing(s);
        give_turn(s, 3);
        ok = wait_turn(s, 4, b) == 0;
    } else {
        ok = 0;
    }
    int st = 0;
    if (b > 0)
        waitpid(b, &st, 0);
    munmap(s, OBJECT_SIZE);
    shm_unlink(name);
    printf("A: B exited with status %d; removed /dev/shm/%s\n",
           WIFEXITED(st) ? WEXITSTATUS(st) : -1, name + (name[0] == '/'));
    return ok && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--peer") == 0)
        return main_b(argv[2]);
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        fprintf(stderr, "usage: shmdemo [NAME]\n");
        return 2;
    }
    return main_a(argc == 2 ? argv[1] : "/shmdemo", "/proc/self/exe");
}
