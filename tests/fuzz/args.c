/*
 * tests/fuzz/args.c - one argument of a given kind from random numbers.
 *
 * Each kind mixes values a correct program would pass (descriptors we
 * opened, pointers into our own buffers, known flags) with the edges a
 * kernel must survive: NULL, the kernel half (0xC0000000 and up),
 * 0xFFFFF001 (the first value that looks like an error), buffers that
 * run into the hole, the read-only page, page edges, lengths that wrap
 * past 4 GiB, and plain random bits.
 */
#include "tests/fuzz/fuzz.h"

#define KERNEL_BASE 0xC0000000u

/* Pick one of the n values of a table. */
#define PICK(r, table) ((table)[rng_below((r), sizeof(table) / sizeof((table)[0]))])

/* Pointers that no call may dereference successfully. */
static const uint32_t bad_pointers[] = {
    0, 1, 0xFFF, 0x10000, KERNEL_BASE, KERNEL_BASE + 0x100000, 0xC0400000u,
    0xFFFFF000u, 0xFFFFF001u, 0xFFFFFFFCu, 0xFFFFFFFFu, ARENA_HOLE,
    ARENA_HOLE + 100, 0xBFFFFFFFu - 3,
};

/* A pointer: into our buffers (often), at a bad place, or anywhere. */
static uint32_t make_pointer(struct rng *r)
{
    switch (rng_below(r, 10)) {
    case 0: case 1: case 2:
        return ARENA_RW + (rng_below(r, RW_PAGES * PAGE) & ~3u);
    case 3:
        return ARENA_RW + rng_below(r, RW_PAGES) * PAGE;         /* page start */
    case 4:                                                      /* just before the hole */
        return ARENA_HOLE - PICK(r, ((const uint32_t[]){ 1, 2, 4, 8, 16, 100, 4095 }));
    case 5:
        return ARENA_RO + rng_below(r, RO_PAGES * PAGE);         /* read-only */
    case 6:
        return ARENA_AFTER + rng_below(r, PAGE);
    case 7: case 8:
        return PICK(r, bad_pointers);
    default:
        return rng_next(r);
    }
}

/* A length: small, at a page edge, up to the hole, or one that wraps. */
static uint32_t make_length(struct rng *r)
{
    static const uint32_t edges[] = {
        0, 1, 2, 3, 4, 8, 15, 16, 64, 100, 255, 256, 4095, 4096, 4097, 8192,
        65536, 0x7FFFFFFFu, 0x80000000u, 0xFFFFF000u, 0xFFFFF001u, 0xFFFFFFFFu,
    };
    switch (rng_below(r, 4)) {
    case 0: return rng_below(r, 64);
    case 1: return rng_below(r, RW_PAGES * PAGE + PAGE);
    case 2: return PICK(r, edges);
    default: return rng_below(r, 4) ? rng_below(r, 1u << 16) : rng_next(r);
    }
}

/* A descriptor: one of ours (mostly), an edge, or a small number. */
static uint32_t make_fd(struct rng *r)
{
    static const uint32_t edges[] = { -1u, -100u, 1023, 1024, 1025, 0x7FFFFFFFu, 0x80000000u };
    switch (rng_below(r, 8)) {
    case 0: return PICK(r, edges);
    case 1: return rng_below(r, 40);
    default: return rng_below(r, FD_SLOTS);
    }
}

/* A path: a string of the table (mostly), a too-long one, or a pointer. */
static uint32_t make_path(struct rng *r)
{
    switch (rng_below(r, 16)) {
    case 0: return prep.path_long;
    case 1: return prep.path_huge;
    case 2: return prep.path_into_hole;
    case 3: return PICK(r, bad_pointers);
    default: return prep.paths[rng_below(r, world_path_count)];
    }
}

/* Flags: known values, sometimes with random bits added. */
static uint32_t make_flags(struct rng *r, const uint32_t *known, unsigned n)
{
    uint32_t f = known[rng_below(r, n)];
    if (rng_below(r, 4) == 0)
        f |= known[rng_below(r, n)];
    if (rng_below(r, 6) == 0)
        f |= 1u << rng_below(r, 32);
    if (rng_below(r, 20) == 0)
        f = rng_next(r);
    return f;
}
#define FLAGS(r, ...) make_flags((r), (const uint32_t[]){ __VA_ARGS__ }, \
                                 sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

/* An address for the memory calls: in the arena, page-aligned or not,
 * below the lowest mappable page, at the top of user space, or random. */
static uint32_t make_addr(struct rng *r)
{
    switch (rng_below(r, 10)) {
    case 0: case 1: case 2: case 3:
        return ARENA_RW + rng_below(r, RW_PAGES + 2) * PAGE;
    case 4:
        return ARENA_RW + rng_below(r, RW_PAGES * PAGE);         /* unaligned */
    case 5:
        return PICK(r, ((const uint32_t[]){ 0, 0x1000, 0xF000, 0x10000, 0xBFFFF000u,
                                            KERNEL_BASE, 0xFFFFF000u, 0xFFFFF001u }));
    case 6:
        return 0x40000000u + (rng_below(r, 0x70000) << 12);      /* 1 .. 2.75 GiB */
    default:
        return 0;                                                /* "anywhere" */
    }
}

/* A 64-bit file offset, low half (the high half is A_OFFHI). */
static uint32_t make_offset(struct rng *r)
{
    static const uint32_t edges[] = {
        0, 1, 100, 4095, 4096, 4097, 1u << 20, 0x7FFFFFFFu, 0x80000000u,
        0xFFFFF000u, 0xFFFFFFFFu, -4096u,
    };
    return rng_below(r, 3) ? PICK(r, edges) : rng_below(r, 1u << 16);
}

/* Kinds whose values are a short table of their own. */
static uint32_t make_small_kind(enum arg_kind kind, struct rng *r)
{
    switch (kind) {
    case A_WHENCE:   return rng_below(r, 6) - 1;                /* -1 .. 4 */
    case A_PROT:     return rng_below(r, 8) ? rng_below(r, 8) : rng_next(r);
    case A_PGOFF:    return PICK(r, ((const uint32_t[]){ 0, 1, 2, 3, 0xFFFFF, 0x100000,
                                                          0xFFFFFFFFu, 0x80000 }));
    case A_SIG:      return rng_below(r, 12) ? rng_below(r, 66) : rng_next(r);
    case A_WFLAGS:   return FLAGS(r, 1, 2, 4, 8, 0x01000000, 0x20000000, 0x80000000u, 0x40000000);
    case A_IOVCNT:   return PICK(r, ((const uint32_t[]){ 0, 1, 2, 3, IOVECS, 1024, 1025,
                                                          -1u, 0x40000000u }));
    case A_SIGSETSZ: return rng_below(r, 6) ? 8 : rng_below(r, 130);
    case A_HOW:      return rng_below(r, 5);
    case A_CLOCK:    return rng_below(r, 8) ? rng_below(r, 12) : rng_next(r);
    case A_SECONDS:  return rng_below(r, 4) ? 0 : 1000 + rng_below(r, 100000);
    case A_MSEC:     return PICK(r, ((const uint32_t[]){ 0, 1, 2, 10 }));
    case A_RESOURCE: return rng_below(r, 20) - 2;
    case A_FUTEXVAL: return rng_next(r) | 0x80000001u;   /* rarely what is there */
    case A_PRCTL:    return rng_below(r, 4) ? rng_below(r, 60) : rng_next(r);
    default:         return rng_next(r);
    }
}

/* The pointers of kinds that need a structure of their own. */
static uint32_t make_struct_pointer(enum arg_kind kind, struct rng *r)
{
    /* Sometimes a bad pointer; never random memory, whose timespec or
     * pollfd count could ask for a sleep of years. */
    if (rng_below(r, 5) == 0)
        return PICK(r, bad_pointers);
    switch (kind) {
    case A_TIMESPEC: return prep.timespecs + 8 * rng_below(r, TIMESPECS);
    case A_IOVEC:    return prep.iovecs + 8 * rng_below(r, IOVECS);
    case A_POLLFD:   return prep.pollfds + 8 * rng_below(r, POLLFDS);
    case A_SIGACT:   return prep.sigactions + 20 * rng_below(r, SIGACTIONS);
    case A_SIGSET:   return prep.sigsets + 8 * rng_below(r, SIGSETS);
    default:         return prep.argvs + 8 * rng_below(r, ARGVS);     /* A_ARGV */
    }
}

/* Process ids: ours, our group, a child, nobody; never -1 or init. */
static uint32_t make_pid(struct rng *r)
{
    switch (rng_below(r, 6)) {
    case 0: return 0;
    case 1: return world_pid;
    case 2: return -world_pid;            /* our process group */
    case 3: return world_last_child;
    case 4: return 99999;
    default: return 2 + rng_below(r, 30);  /* whoever that is: children of ours */
    }
}

uint32_t arg_make(enum arg_kind kind, struct rng *r)
{
    switch (kind) {
    case A_NONE:    return 0;
    case A_INT:     return rng_below(r, 3) ? rng_below(r, 64) : rng_next(r);
    case A_FD:      return make_fd(r);
    case A_DIRFD:   return rng_below(r, 2) ? -100u : make_fd(r);      /* AT_FDCWD */
    case A_BUF:     return make_pointer(r);
    case A_LEN:     return make_length(r);
    case A_PATH:    return make_path(r);
    case A_OFLAGS:  return FLAGS(r, 0, 1, 2, 0x40, 0x80, 0x200, 0x400, 0x800,
                                 0x10000, 0x20000, 0x80000, 0x41, 0x242, 0x400000);
    case A_MODE:    return rng_below(r, 8) ? rng_below(r, 010000) : rng_next(r);
    case A_OFF:     return make_offset(r);
    case A_OFFHI:   return rng_below(r, 4) ? 0 : PICK(r, ((const uint32_t[]){
                                 1, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu }));
    case A_ADDR:    return make_addr(r);
    case A_MMLEN:   return rng_below(r, 2) ? PAGE * (1 + rng_below(r, RW_PAGES + 2))
                                           : make_length(r);
    case A_MFLAGS:  return FLAGS(r, 0x01, 0x02, 0x22, 0x21, 0x12, 0x32, 0x03,
                                 0x100, 0x4000, 0x8000, 0x20000, 0x100000);
    case A_TIMESPEC: case A_IOVEC: case A_POLLFD: case A_SIGACT: case A_SIGSET:
    case A_ARGV:
        return make_struct_pointer(kind, r);
    case A_PID:     return make_pid(r);
    case A_FCNTL:   return rng_below(r, 8) ? rng_below(r, 17) : rng_next(r);
    case A_IOCTL:   return PICK(r, ((const uint32_t[]){ 0x5401, 0x5402, 0x5413, 0x540F,
                                 0x541B, 0x5421, 0x5451, 0x5450, 0, 0xFFFFFFFFu }));
    case A_FUTEXOP: return FLAGS(r, 0, 1, 128, 129, 9, 10, 3, 4, 5);
    case A_CLONE:   return FLAGS(r, 17, 17 | 0x100, 17 | 0x4000 | 0x100,
                                 17 | 0x400, 17 | 0x200, 17 | 0x800);
    case A_ATFLAGS: return FLAGS(r, 0, 0x100, 0x200, 0x400, 0x800, 0x1000);
    default:        return make_small_kind(kind, r);
    }
}
