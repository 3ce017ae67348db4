/*
 * tests/fuzz/known.c - KNOWN BUGS: calls the fuzzer does not make (by
 * default) because they crash today's Pagoda in a way that another part
 * of issue 7 is fixing.
 *
 * known_bug() runs in the round's child just before each call (it may
 * look at the descriptors as they are then).  Each entry names the issue
 * item that fixes it.  When that fix lands, delete the entry: the fuzzer
 * then makes those calls too, and `make fuzz KNOWN=1` (known=1 on the
 * fuzzer's command line) makes them all already, to see whether they
 * still crash.  A held-back call still counts in `held back`, so a run
 * says how many it left out.
 *
 * Fixed and gone from this list: item 1 (segment selectors: sigreturn,
 * clone(CLONE_SETTLS)), item 2 (link, rename and rmdir across /proc),
 * writes to a running program (ETXTBSY), mmap of /proc files.
 */
#include <stddef.h>

#include "tests/fuzz/fuzz.h"

int known_allowed;

/* Why this call is held back (the issue item that fixes it), or NULL.
 * The list is empty: every call of calls.c is made. */
const char *known_bug(const struct made_call *mc)
{
    (void)mc;
    return NULL;
}
