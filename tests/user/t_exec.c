/*
 * t_exec - what arrives in a program that execve() started.
 *
 * The program re-executes itself (argv[0] must be its path, as it is for
 * init=/tests/t_exec and when run by a path) with an awkward argv and a
 * custom environment; the child, recognising argv[1] == "--child", checks
 * everything it received and exits 0 only if all was exact.
 *
 * Checks (execve(2), getauxval(3), and Linux's fs/binfmt_elf.c for the
 * initial stack and the auxv):
 *   child_argv          argc and every argv string byte for byte: an empty
 *                       string, spaces, a 2000-byte argument, non-ASCII bytes
 *   child_envp          exactly the custom environment, in order
 *   child_argc_aligned  &argc (= argv - 4) is 16-byte aligned
 *   child_auxv_pagesz   AT_PAGESZ = 4096
 *   child_auxv_phdr     AT_PHDR/AT_PHENT/AT_PHNUM agree with the ELF header
 *   child_auxv_entry    AT_ENTRY = e_entry, and main's code lies in a PT_LOAD
 *   child_auxv_random   AT_RANDOM points at 16 readable, not-all-zero bytes
 *   child_auxv_execfn   AT_EXECFN is the path given to execve
 *   exec_child_status   the child exited 0
 *   argc_aligned        the same for this program's own start
 *   exec_enoent         execve of a missing file: -1/ENOENT, and we go on
 *   exec_same_pid       exec keeps the pid
 */
#include "check.h"          /* first: it sets _GNU_SOURCE */
#include <stdint.h>
#include <stdlib.h>

#include "elf32.h"

enum { AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6,
       AT_ENTRY = 9, AT_RANDOM = 25, AT_EXECFN = 31, PT_LOAD = 1 };

/* The fd on which the exec'd child reports its pid. */
#define PID_FD 9

/* The argument the child must receive: 2000 bytes 'a'..'z' repeated. */
static char long_arg[2001];

static void make_long_arg(void)
{
    for (int i = 0; i < 2000; i++)
        long_arg[i] = 'a' + i % 26;
    long_arg[2000] = 0;
}

/* argv[1..] and envp that the parent passes; argv[0] is the path. */
static char *child_args[] = {
    "--child", "", "two words", "  lead and trail  ", long_arg,
    "\xc3\xa9t\xc3\xa9 \xff\x80\x01\x7f", "last", NULL
};
static char *child_env[] = {
    "T_EXEC=1", "EMPTY=", "SPACES=a b  c", "NOEQUALS", "UTF8=\xe2\x82\xac", NULL
};

/* The auxv value for `type`, or `missing` if the type is absent. */
static uint32_t aux(const uint32_t *auxv, uint32_t type, uint32_t missing)
{
    for (; auxv[0] != AT_NULL; auxv += 2)
        if (auxv[0] == type)
            return auxv[1];
    return missing;
}

static int child(int argc, char **argv, char **envp)
{
    /* argv: exactly argv[0] = our path, then child_args. */
    int nargs = sizeof(child_args) / sizeof(child_args[0]) - 1;
    int ok = argc == nargs + 1 && argv[argc] == NULL;
    for (int i = 0; ok && i < nargs; i++)
        ok = strcmp(argv[i + 1], child_args[i]) == 0;
    CHECK("child_argv", ok, "argc %d (want %d), or an argument differs", argc, nargs + 1);

    /* envp: exactly child_env, in order. */
    int nenv = 0;
    ok = 1;
    for (; envp[nenv]; nenv++)
        if (nenv >= (int)(sizeof(child_env) / sizeof(child_env[0])) - 1 ||
            strcmp(envp[nenv], child_env[nenv]) != 0)
            ok = 0;
    CHECK("child_envp", ok && nenv == 5, "%d variables, or one differs", nenv);

    /* &argc sits just below argv[0] on the initial stack. */
    uintptr_t argc_addr = (uintptr_t)argv - 4;
    CHECK("child_argc_aligned", argc_addr % 16 == 0, "&argc = %#lx",
          (unsigned long)argc_addr);

    /* The auxv starts just past envp's NULL. */
    char **p = envp;
    while (*p)
        p++;
    const uint32_t *auxv = (const uint32_t *)(p + 1);

    uint32_t pagesz = aux(auxv, AT_PAGESZ, 0);
    CHECK("child_auxv_pagesz", pagesz == 4096, "AT_PAGESZ = %u", pagesz);

    /* AT_PHDR points at the program headers in memory.  The PT_LOAD with
     * file offset 0 maps the ELF header itself; its e_phoff must lead
     * back to AT_PHDR, and its e_phnum must equal AT_PHNUM. */
    uint32_t phdr = aux(auxv, AT_PHDR, 0), phent = aux(auxv, AT_PHENT, 0);
    uint32_t phnum = aux(auxv, AT_PHNUM, 0), entry = aux(auxv, AT_ENTRY, 0);
    const Ehdr *eh = NULL;
    if (phdr && phent == sizeof(Phdr) && phnum > 0 && phnum < 64) {
        const Phdr *ph = (const Phdr *)phdr;
        for (uint32_t i = 0; i < phnum; i++)
            if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0)
                eh = (const Ehdr *)ph[i].p_vaddr;
    }
    ok = eh && memcmp(eh->e_ident, "\x7f" "ELF", 4) == 0 &&
         (uintptr_t)eh + eh->e_phoff == phdr && eh->e_phnum == phnum;
    CHECK("child_auxv_phdr", ok, "AT_PHDR %#x AT_PHENT %u AT_PHNUM %u, header %s",
          phdr, phent, phnum, eh ? "found but inconsistent" : "not found");

    /* AT_ENTRY = e_entry; and main's code lies inside some PT_LOAD. */
    ok = eh && eh->e_entry == entry;
    int main_mapped = 0;
    for (uint32_t i = 0; eh && i < phnum; i++) {
        const Phdr *ph = (const Phdr *)phdr + i;
        uintptr_t m = (uintptr_t)child;
        if (ph->p_type == PT_LOAD && m >= ph->p_vaddr && m < ph->p_vaddr + ph->p_memsz)
            main_mapped = 1;
    }
    CHECK("child_auxv_entry", ok && main_mapped, "AT_ENTRY %#x, e_entry %#x, mapped %d",
          entry, eh ? eh->e_entry : 0, main_mapped);

    /* AT_RANDOM: 16 bytes we can read; all-zero would mean "not random". */
    const unsigned char *rnd = (const unsigned char *)aux(auxv, AT_RANDOM, 0);
    int nonzero = 0;
    for (int i = 0; rnd && i < 16; i++)
        nonzero |= rnd[i];
    CHECK("child_auxv_random", rnd && nonzero, "AT_RANDOM %p, nonzero %d",
          (const void *)rnd, nonzero);

    /* AT_EXECFN: the path given to execve, which the parent also put in
     * argv[0]. */
    const char *execfn = (const char *)aux(auxv, AT_EXECFN, 0);
    CHECK("child_auxv_execfn", execfn && strcmp(execfn, argv[0]) == 0,
          "AT_EXECFN \"%s\", path \"%s\"", execfn ? execfn : "(none)", argv[0]);

    /* Tell the parent our pid after the exec, through the pipe it left
     * open for us at fd PID_FD: exec must keep the pid. */
    pid_t now = getpid();
    write(PID_FD, &now, sizeof(now));
    close(PID_FD);
    return finish();
}

int main(int argc, char **argv, char **envp)
{
    make_long_arg();
    if (argc > 1 && strcmp(argv[1], "--child") == 0)
        return child(argc, argv, envp);

    /* Our own start (as init on Pagoda, the kernel's first exec) too. */
    CHECK("argc_aligned", ((uintptr_t)argv - 4) % 16 == 0, "&argc = %#lx",
          (unsigned long)((uintptr_t)argv - 4));

    /* exec of a path that does not exist returns ENOENT, and we go on. */
    char *nargv[] = { "/no/such/program", NULL };
    errno = 0;
    int r = execve("/no/such/program", nargv, envp);
    CHECK("exec_enoent", r == -1 && errno == ENOENT, "execve gave %d errno %d (%s)",
          r, errno, strerror(errno));

    /* Re-execute ourselves as the child; it prints its own PASS/FAIL lines. */
    char *cargv[16];
    cargv[0] = argv[0];
    for (int i = 0; child_args[i]; i++)
        cargv[i + 1] = child_args[i];
    cargv[sizeof(child_args) / sizeof(child_args[0])] = NULL;

    /* The exec'd child writes its getpid() into this pipe, at fd PID_FD. */
    int fds[2];
    pipe(fds);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], PID_FD);
        if (fds[1] != PID_FD)
            close(fds[1]);
        execve(argv[0], cargv, child_env);
        say("FAIL exec_child_status: execve(%s) failed: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    pid_t after = -1;
    read(fds[0], &after, sizeof(after));
    close(fds[0]);
    int st = -1;
    pid_t got = wait_for(pid, &st);
    CHECK("exec_child_status", got == pid && exited_with(st, 0),
          "child %s (0x%x)", wstr(st), st);
    CHECK("exec_same_pid", after == pid, "fork gave %d, the exec'd child says %d",
          pid, after);
    reap_all();
    return finish();
}
