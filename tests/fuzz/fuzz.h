/*
 * tests/fuzz/fuzz.h - the pieces of Pagoda's system-call fuzzer.
 *
 * The fuzzer (tests/fuzz/fuzz.c) runs as init.  It makes CALLS system
 * calls in rounds of ROUND_CALLS; each round runs in a freshly forked
 * child that first builds the same little world (the arena below and a
 * fixed set of file descriptors), so a round depends on nothing but
 * (seed, round number).  Call number i of a run is generated from
 * hash(seed, i) alone (rng.c), which is what makes one call replayable:
 * rerun its round from the start with verbose=1 and the last line
 * printed before a panic is the call that caused it.
 *
 *   rng.c     the counter-based random numbers
 *   world.c   the arena, the descriptors, cleaning up after a round
 *   args.c    turning random numbers into arguments of each kind
 *   calls.c   the table of system calls, with the kind of each argument
 *   known.c   calls the fuzzer leaves out until a known bug is fixed
 *   fuzz.c    main: rounds, the watchdog, the free-memory check
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stdint.h>

#define PAGE            4096u
#define ROUND_CALLS     200         /* calls per forked child */

/* ---- rng.c ---- */
struct rng { uint64_t state; };
void rng_for_call(struct rng *r, uint32_t seed, uint32_t index);
void rng_for_round(struct rng *r, uint32_t seed, uint32_t round);
uint32_t rng_next(struct rng *r);
uint32_t rng_below(struct rng *r, uint32_t n);   /* 0 .. n-1 */

/*
 * ---- world.c: the arena, at a fixed address so that pointers made in
 * one run mean the same in the next.  Page by page:
 *
 *   ARENA_RO      RO_PAGES, read-only after setup: path strings and
 *                 prepared structs (and the target of "a read-only page")
 *   ARENA_RW      RW_PAGES pages of random bytes, read and written freely
 *   ARENA_HOLE    never mapped: buffers that run into it are cut short
 *   ARENA_AFTER   one read-write page after the hole
 *
 * The progress page (shared with the parent) sits just below the arena.
 */
#define ARENA           0x20000000u
#define RO_PAGES        2
#define RW_PAGES        8
#define ARENA_RO        ARENA
#define ARENA_RW        (ARENA + RO_PAGES * PAGE)
#define ARENA_HOLE      (ARENA_RW + RW_PAGES * PAGE)
#define ARENA_AFTER     (ARENA_HOLE + PAGE)
#define ARENA_PAGES     (RO_PAGES + RW_PAGES + 2)
#define PROGRESS        (ARENA - 16 * PAGE)

/* What a round's child tells the parent, through the shared page. */
struct progress {
    uint32_t current;      /* index of the call being made */
    uint32_t made;         /* calls made so far in this round */
    uint32_t skipped;      /* calls held back as known bugs */
    uint32_t left_out;     /* calls not made at all (calls.c) */
    uint32_t ended;        /* 1 once the round finished by itself */
};

/* The descriptors every round starts with, in this order: fd 0, 1, ... */
enum fd_slot {
    FD_NULL, FD_FILE0, FD_FILE1, FD_TMPDIR, FD_ROOTDIR, FD_MAPS, FD_MEMINFO,
    FD_PIPE_R, FD_PIPE_W, FD_ZERO, FD_PROCSELF, FD_FILE_RO, FD_CONSOLE, FD_SLOTS
};

/* The strings of the read-only page: a path argument picks one. */
extern const char *const world_paths[];
extern const unsigned world_path_count;

/* Addresses in the read-only page of the prepared structures. */
struct prepared {
    uint32_t paths[40];         /* the strings of world_paths, copied */
    uint32_t path_long;         /* a 300-character name */
    uint32_t path_huge;         /* 5000 characters: beyond PATH_MAX */
    uint32_t path_into_hole;    /* no NUL before the hole */
    uint32_t timespecs;         /* struct timespec[TIMESPECS] */
    uint32_t iovecs;            /* struct iovec[IOVECS] */
    uint32_t pollfds;           /* struct pollfd[POLLFDS] */
    uint32_t sigactions;        /* struct kernel sigaction[SIGACTIONS] */
    uint32_t sigsets;           /* 8-byte signal sets[SIGSETS] */
    uint32_t argvs;             /* NULL-terminated argv arrays */
};
#define TIMESPECS   6
#define IOVECS      8
#define POLLFDS     6
#define SIGACTIONS  4
#define SIGSETS     3
#define ARGVS       3
extern struct prepared prep;

void world_build(uint32_t seed, uint32_t round);   /* in the child */
void world_prepare(void);                            /* fills prep */
int world_layout(void);                              /* prep, in the parent */
void world_clean(int verbose);                       /* in the parent */
void world_snapshot(void);                           /* before round 0 */
void world_restore_console(void);                    /* after each round */
extern uint32_t world_pid;          /* the child's own pid */
extern uint32_t world_last_child;   /* the last pid a fork call returned */

/* ---- args.c ---- */
enum arg_kind {
    A_NONE, A_INT, A_FD, A_DIRFD, A_BUF, A_LEN, A_PATH, A_OFLAGS, A_MODE,
    A_OFF, A_OFFHI, A_WHENCE, A_ADDR, A_MMLEN, A_PROT, A_MFLAGS, A_PGOFF,
    A_SIG, A_PID, A_WFLAGS, A_TIMESPEC, A_IOVEC, A_IOVCNT, A_POLLFD,
    A_SIGACT, A_SIGSET, A_SIGSETSZ, A_HOW, A_CLOCK, A_FCNTL, A_IOCTL,
    A_FUTEXOP, A_FUTEXVAL, A_CLONE, A_ARGV, A_ATFLAGS, A_SECONDS, A_MSEC,
    A_RESOURCE, A_PRCTL, A_KINDS
};
uint32_t arg_make(enum arg_kind kind, struct rng *r);

/* ---- calls.c ---- */
#define MAX_ARGS 6
struct call {
    uint16_t nr;               /* Linux i386 system-call number */
    uint8_t weight;            /* how often, relative to the others */
    uint8_t forks;             /* 1: the child side exits at once */
    const char *name;
    uint8_t args[MAX_ARGS];    /* enum arg_kind of each argument */
};
extern const struct call calls[];
extern const unsigned call_count;
const struct call *call_pick(struct rng *r);

/* One generated call: which, and its arguments. */
struct made_call {
    const struct call *call;
    uint32_t arg[MAX_ARGS];
};
void call_generate(uint32_t seed, uint32_t index, struct made_call *mc);
long call_make(const struct made_call *mc);
int call_format(const struct made_call *mc, char *buf, int size);

const char *call_left_out(const struct made_call *mc);

/* ---- known.c ---- */
const char *known_bug(const struct made_call *mc);
extern int known_allowed;    /* known=1: make them anyway */

/* ---- output (fuzz.c) ---- */
void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
