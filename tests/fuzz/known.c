/*
 * tests/fuzz/known.c - KNOWN BUGS: calls the fuzzer does not make (by
 * default) because they crash today's Pagoda in a way that another part
 * of issue 7 is fixing.
 *
 * known_bug() runs in the round's child just before each call (it may
 * look at the descriptors as they are then).  Each entry names the issue
 * item that fixes it.  When that fix lands,
 * delete the entry: the fuzzer then makes those calls too, and
 * `make fuzz KNOWN=1` (known=1 on the fuzzer's command line) makes them
 * all already, to see whether they still crash.  A held-back call still
 * counts in `skipped`, so a run says how many it left out.
 */
#include <string.h>
#include <sys/stat.h>

#include "tests/fuzz/fuzz.h"

int known_allowed;

#define AT_FDCWD      0xFFFFFF9Cu

/* Is argument i a path under /proc (or a pointer we cannot read)? */
static int proc_path(const struct made_call *mc, int i)
{
    for (unsigned k = 0; k < world_path_count; k++)
        if (prep.paths[k] == mc->arg[i])
            return !strncmp(world_paths[k], "/proc", 5) ||
                   world_paths[k][0] != '/';     /* relative: the cwd may be /proc */
    return 0;
}

/* Does a *at() call name a file through a directory descriptor (which
 * may be one of /proc's)? */
static int through_dirfd(const struct made_call *mc, int dirfd_arg)
{
    return mc->arg[dirfd_arg] != AT_FDCWD;
}

/* Item 2: link, rename and rmdir across file systems, or of /proc
 * itself, succeed and leave names pointing at freed procfs inodes. */
static int item2_cross_fs(const struct made_call *mc)
{
    switch (mc->call->nr) {
    case 9:  case 38:                              /* link, rename */
        return proc_path(mc, 0) || proc_path(mc, 1);
    case 40:                                       /* rmdir */
        return proc_path(mc, 0);
    case 301:                                      /* unlinkat */
        return proc_path(mc, 1) || through_dirfd(mc, 0);
    case 302: case 303:                            /* renameat, linkat */
        return proc_path(mc, 1) || proc_path(mc, 3) ||
               through_dirfd(mc, 0) || through_dirfd(mc, 2);
    default:
        return 0;
    }
}

/* Item 1 is fixed: a bad selector in a sigreturn frame no longer panics
 * the kernel (kernel/fixup.c; clone(CLONE_SETTLS) is made again).  But
 * sigreturn from a random frame nearly always kills the round's process
 * at once (SIGILL or SIGSEGV, as on Linux), which would end almost every
 * round after a few calls, so sigreturn stays held back by default;
 * KNOWN=1 makes it. */
static int sigreturn_ends_round(const struct made_call *mc)
{
    return mc->call->nr == 119 || mc->call->nr == 173;  /* sigreturn, rt_sigreturn */
}

/*
 * Not in issue 7 (fs/ owns it): writing to or truncating the file of a
 * running program succeeds (Linux: ETXTBSY), so truncate("/proc/self/exe")
 * or open("/proc/self/exe", O_RDWR) cuts the fuzzer's own executable
 * short under it.  Held back: opening /proc/self/exe or /proc/1/exe for
 * writing, truncating them, and renaming or linking over them.
 */
static int etxtbsy_missing(const struct made_call *mc)
{
    int path_arg = mc->call->nr >= 295 ? 1 : 0;      /* *at(): after the dirfd */
    for (unsigned k = 0; k < world_path_count; k++) {
        if (prep.paths[k] != mc->arg[path_arg] || !strstr(world_paths[k], "/exe"))
            continue;
        switch (mc->call->nr) {
        case 5: case 295:                            /* open, openat */
            return (mc->arg[path_arg + 1] & 0x203) != 0;  /* O_WRONLY|O_RDWR|O_TRUNC */
        case 8: case 92: case 193:                   /* creat, truncate, truncate64 */
            return 1;
        }
    }
    return 0;
}

/*
 * Not in issue 7 (mm/syscalls.c, fs/procfs): a /proc file can be mapped
 * (Linux: ENODEV, its files have no mmap), and the pages a fault gives
 * that mapping stay cached in the procfs inode for good: mmap2 of
 * /proc/meminfo at page 3, touch it, exit, and 2 pages never come back
 * (every other page offset costs more).  Held back: file mappings of a
 * descriptor that is open on /proc (checked with fstat just before the
 * call), and the old mmap (90) when its argument block is one of ours.
 */
static uint32_t procfs_dev;

static int is_procfs_fd(uint32_t fd)
{
    struct stat st, proc;
    if (!procfs_dev && stat("/proc/self", &proc) == 0)
        procfs_dev = (uint32_t)proc.st_dev + 1;     /* +1: 0 means unknown */
    return fstat((int)fd, &st) == 0 && (uint32_t)st.st_dev + 1 == procfs_dev;
}

static int procfs_mmap(const struct made_call *mc)
{
    if (mc->call->nr == 90)
        return mc->arg[0] >= ARENA && mc->arg[0] < ARENA_AFTER + PAGE;
    return mc->call->nr == 192 && !(mc->arg[3] & 0x20) && is_procfs_fd(mc->arg[4]);
}

/* Why this call is held back (the issue item that fixes it), or NULL. */
const char *known_bug(const struct made_call *mc)
{
    if (known_allowed)
        return NULL;
    if (sigreturn_ends_round(mc))
        return "sigreturn from a random frame ends the round";
    if (item2_cross_fs(mc))
        return "issue 7 item 2 (cross-filesystem link/rename, /proc removable)";
    if (procfs_mmap(mc))
        return "/proc files can be mapped (not in issue 7; mm/syscalls.c)";
    if (etxtbsy_missing(mc))
        return "no ETXTBSY (not in issue 7; fs)";
    return NULL;
}
