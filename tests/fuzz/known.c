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
#include <stddef.h>

#include "tests/fuzz/fuzz.h"

int known_allowed;

/*
 * Item 4 (mmedge; the region tree is regions'): munmap(addr, len) with
 * addr + len past 4 GiB returns 0 instead of EINVAL, and leaves the
 * region tree damaged: a later mprotect panics in tree_remove reading
 * freed memory (6b6b6b6b).  Found by the fuzzer, seed 22:
 *   make fuzz SEED=22 FROM=12600 CALLS=187 KNOWN=1 \
 *        PICK=12665,12728,12736,12775,12786
 * (mprotect, mmap2, munmap(0x20003000, 0xffffffff), mprotect, mprotect).
 * Held back: munmap whose length wraps past 4 GiB.
 */
static int item4_munmap_wraps(const struct made_call *mc)
{
    return mc->call->nr == 91 && mc->arg[1] > 0xFFFFFFFFu - mc->arg[0];
}

/* Why this call is held back (the issue item that fixes it), or NULL. */
const char *known_bug(const struct made_call *mc)
{
    if (known_allowed)
        return NULL;
    if (item4_munmap_wraps(mc))
        return "issue 7 item 4 (munmap wraps, the region tree is damaged)";
    return NULL;
}
