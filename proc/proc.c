/*
 * proc/proc.c - the process table: finding, creating and freeing slots.
 */
#include "proc/proc.h"
#include "proc/sched.h"
#include "kernel/panic.h"
#include "kernel/tsc.h"
#include "kernel/trap.h"
#include "lib/string.h"
#include "mm/mm.h"

struct proc proc_table[NPROC];
struct proc *current;
static int next_pid = 1;

extern void trap_return(void);      /* kernel/trapentry.asm */

struct proc *proc_find(int pid)
{
    for (int i = 0; i < NPROC; i++)
        if (proc_table[i].state != PROC_UNUSED && proc_table[i].pid == pid)
            return &proc_table[i];
    return NULL;
}

/* A process's first kernel code: swtch "returns" here, and forkret
 * returns into trap_return, which restores the user registers in the
 * trap frame and irets into user space. */
static void forkret(void)
{
}

/*
 * Take an unused slot, give it a pid and a kernel stack laid out so that
 * the first swtch to it runs forkret, then trap_return:
 *
 *   top of kstack -> | struct trapframe  |  user registers (p->tf)
 *                    | &trap_return      |  forkret's return address
 *                    | struct context    |  eip = forkret (p->context)
 */
struct proc *proc_alloc(void)
{
    struct proc *p = NULL;
    for (int i = 0; i < NPROC && !p; i++)
        if (proc_table[i].state == PROC_UNUSED)
            p = &proc_table[i];
    if (!p)
        return NULL;
    memset(p, 0, sizeof(*p));
    p->kstack = kstack_alloc(p - proc_table, KSTACK_SIZE);
    if (!p->kstack)
        return NULL;
    p->state = PROC_EMBRYO;
    p->pid = next_pid++;
    p->start_time = ktime_get_ns();

    uint8_t *sp = p->kstack + KSTACK_SIZE;
    sp -= sizeof(struct trapframe);
    p->tf = (struct trapframe *)sp;
    memset(p->tf, 0, sizeof(*p->tf));
    sp -= sizeof(uint32_t);
    *(uint32_t *)sp = (uint32_t)trap_return;
    sp -= sizeof(struct context);
    p->context = (struct context *)sp;
    memset(p->context, 0, sizeof(*p->context));
    p->context->eip = (uint32_t)forkret;
    fpu_init_state(p->fpu);
    return p;
}

/* Give a zombie's slot back, once its parent has collected the status. */
void proc_free(struct proc *p)
{
    kstack_free(p->kstack, KSTACK_SIZE);
    p->kstack = NULL;
    p->state = PROC_UNUSED;
    p->pid = 0;
}

/* Pids are handed out in increasing order and never reused. */
int proc_last_pid(void)
{
    return next_pid - 1;
}

/* Copy `path`'s last component into the process name, as Linux's comm. */
void proc_set_name(struct proc *p, const char *path)
{
    const char *base = strrchr(path, '/');
    strlcpy(p->name, base ? base + 1 : path, sizeof(p->name));
}
