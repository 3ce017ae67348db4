/*
 * setarch - run a program with a changed personality, as util-linux's
 * setarch(8) does.  Pagoda knows two flags:
 *
 *     setarch [i386|i686|linux32] [-R] [-L] PROGRAM [ARGS...]
 *     setarch -R                      (no program: runs /bin/sh)
 *
 * -R (--addr-no-randomize) sets ADDR_NO_RANDOMIZE with personality(2),
 * then execs PROGRAM: it, and every program it execs in turn, gets the
 * fixed layout (stack top 0xC0000000, mmap base 0xB8000000, heap right
 * after the bss) instead of a randomised one.  This is what gdb does
 * before it starts a program (set disable-randomization on).
 *
 * -L (--addr-compat-layout) sets ADDR_COMPAT_LAYOUT: the legacy layout,
 * mmap regions bottom-up from 0x40000000 (docs/memory.md).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#define ADDR_NO_RANDOMIZE 0x0040000        /* include/uapi/linux/personality.h */
#define ADDR_COMPAT_LAYOUT 0x0200000
#define PERSONALITY_QUERY 0xffffffffu      /* personality(0xffffffff) only asks */

static int usage(void)
{
    fprintf(stderr, "usage: setarch [i386|i686|linux32] [-R] [-L] [PROGRAM [ARGS...]]\n");
    return 1;
}

/* Parse the options, set the personality, exec the program. */
int main(int argc, char **argv)
{
    int i = 1;
    unsigned long add = 0;
    if (i < argc && (strcmp(argv[i], "i386") == 0 || strcmp(argv[i], "i686") == 0 ||
                     strcmp(argv[i], "linux32") == 0))
        i++;                                /* the only architecture there is */
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-R") == 0 || strcmp(argv[i], "--addr-no-randomize") == 0)
            add |= ADDR_NO_RANDOMIZE;
        else if (strcmp(argv[i], "-L") == 0 || strcmp(argv[i], "--addr-compat-layout") == 0)
            add |= ADDR_COMPAT_LAYOUT;
        else
            return usage();
    }
    long old = syscall(SYS_personality, PERSONALITY_QUERY);
    if (old == -1) {
        perror("setarch: personality");
        return 1;
    }
    if (add && syscall(SYS_personality, (unsigned long)old | add) == -1) {
        perror("setarch: personality");
        return 1;
    }
    char *sh[] = { "/bin/sh", NULL };
    char **prog = i < argc ? &argv[i] : sh;
    execvp(prog[0], prog);
    fprintf(stderr, "setarch: %s: %s\n", prog[0], strerror(errno));
    return 127;
}
