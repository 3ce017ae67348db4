/*
 * proc/init.c - the first user process.
 *
 * The kernel hand-makes pid 1 (every later process is a fork of it):
 * an empty address space, the console as fds 0, 1 and 2, / as its
 * directory, then an ordinary exec of the program the command line
 * names (init=/bin/prog arg ...; /bin/init by default).
 */
#include "proc/proc.h"
#include "proc/sched.h"
#include "kernel/console.h"
#include "kernel/panic.h"
#include "kernel/power.h"
#include "mm/mm.h"
#include "fs/vfs.h"
#include "fs/fdtable.h"

static char *const init_envp[] = { "HOME=/", "PATH=/bin", "TERM=linux", NULL };

void start_init(const char *path, char *const argv[])
{
    struct proc *p = proc_alloc();
    if (!p || !(p->mm = mm_create()) || !(p->files = fdtable_create()))
        panic("start_init: out of memory");
    p->cwd = fs_root();
    inode_get(p->cwd);
    p->pgid = p->sid = 0;              /* as Linux: init has not called setsid */
    rlimit_init(p);
    current = p;                       /* exec and open act on current */
    pgdir_switch(p->mm->pgdir);
    if (fs_open_console() < 0)
        panic("start_init: cannot open /dev/console");
    int err = do_execve(path, argv, init_envp);
    if (err) {
        /* Not a kernel bug: a missing initrd or a mistyped init=. */
        kprintf("init: cannot run %s (error %d); is the initrd loaded?\n", path, err);
        power_off(POWER_FAILED);
    }
    current = NULL;
    p->state = PROC_RUNNABLE;
    scheduler();
}
