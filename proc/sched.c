/*
 * proc/sched.c - round-robin scheduling, sleep and wakeup.
 *
 * The scheduler runs on the boot stack in a loop: pick the next runnable
 * process, swtch() to it, and get control back when that process calls
 * sched() (because it sleeps, yields or exits).  When nobody can run, it
 * halts the CPU with interrupts on until the next interrupt.
 */
#include "proc/sched.h"
#include "proc/proc.h"
#include "kernel/errno.h"
#include "kernel/fpu.h"
#include "kernel/gdt.h"
#include "kernel/tsc.h"
#include "kernel/x86.h"
#include "mm/mm.h"

static struct context *scheduler_context;
static uint32_t context_switches;       /* /proc/stat's ctxt */
extern void swtch(struct context **old, struct context *new);

/* Load what the CPU needs to run p: its page directory, the kernel
 * stack for its next trap, its TLS descriptors and its FPU state.
 * Rewriting GDT slots 6-8 is safe here because no segment register holds
 * a user selector while the kernel runs: kernel entry saves them in the
 * trap frame and loads null %fs/%gs (kernel/trapentry.asm), and the
 * return to user mode reloads them from the frame, where a selector whose
 * descriptor has gone bad is caught (kernel/fixup.c). */
static void switch_to(struct proc *p)
{
    if (current_pgdir != p->mm->pgdir)
        pgdir_switch(p->mm->pgdir);
    tss_set_kernel_stack((uint32_t)(p->kstack + KSTACK_SIZE));
    for (int i = 0; i < GDT_TLS_COUNT; i++)
        gdt_set_tls(i, p->tls[i]);
    fpu_restore(p->fpu);
}

/* Nobody can run: halt until an interrupt, and count that as idle. */
static void idle(void)
{
    uint64_t start = ktime_get_ns();
    sti_hlt();
    cli();
    cputime_idle(ktime_get_ns() - start);
}

/* Count a context switch from prev (the process that ran last, or NULL
 * after idling) to next.  As in Linux, a process that was still runnable
 * when another took the CPU was switched involuntarily; one that went to
 * sleep counted a voluntary switch in sleep_on. */
static void count_switch(struct proc *prev, struct proc *next)
{
    if (prev == next)
        return;
    context_switches++;
    if (prev && prev->state == PROC_RUNNABLE)
        prev->usage.nivcsw++;
}

void scheduler(void)
{
    int last = 0;
    struct proc *prev = NULL;
    for (;;) {
        struct proc *next = NULL;
        for (int k = 1; k <= NPROC && !next; k++) {
            struct proc *p = &proc_table[(last + k) % NPROC];
            if (p->state == PROC_RUNNABLE)
                next = p;
        }
        if (!next) {
            if (prev)
                context_switches++;    /* to the idle loop */
            prev = NULL;
            idle();
            continue;
        }
        count_switch(prev, next);
        last = next - proc_table;
        current = next;
        next->state = PROC_RUNNING;
        switch_to(next);
        cputime_switch_in(next);
        swtch(&scheduler_context, next->context);
        current = NULL;                /* back in the scheduler */
        prev = next;
    }
}

unsigned int sched_context_switches(void)
{
    return context_switches;
}

/* Leave the CPU to the scheduler; the caller has set current->state. */
static void sched(void)
{
    cputime_switch_out();
    fpu_save(current->fpu);
    swtch(&current->context, scheduler_context);
}

void sched_exit(void)
{
    sched();
    for (;;)                           /* a zombie is never scheduled again */
        ;
}

void yield(void)
{
    current->state = PROC_RUNNABLE;
    sched();
}

void sched_stop(void)
{
    current->state = PROC_STOPPED;
    current->usage.nvcsw++;
    sched();
}

int sleep_on(void *chan)
{
    if (signal_pending(current))
        return -EINTR;
    current->chan = chan;
    current->state = PROC_SLEEPING;
    current->usage.nvcsw++;
    sched();
    current->chan = NULL;
    return signal_pending(current) ? -EINTR : 0;
}

int sleep_on_until(void *chan, uint64_t deadline)
{
    if (ktime_get_ns() >= deadline)
        return -ETIMEDOUT;
    current->wake_at = deadline;
    int err = sleep_on(chan);
    /* The tick clears wake_at when it is the one that woke us. */
    int timed_out = current->wake_at == 0;
    current->wake_at = 0;
    if (err)
        return err;
    return timed_out ? -ETIMEDOUT : 0;
}

void sched_wake_expired(uint64_t now)
{
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proc_table[i];
        if (p->wake_at && now >= p->wake_at && p->state == PROC_SLEEPING) {
            p->wake_at = 0;
            p->state = PROC_RUNNABLE;
        }
    }
}

void wakeup(void *chan)
{
    for (int i = 0; i < NPROC; i++)
        if (proc_table[i].state == PROC_SLEEPING && proc_table[i].chan == chan)
            proc_table[i].state = PROC_RUNNABLE;
}

void sched_make_runnable(struct proc *p)
{
    p->state = PROC_RUNNABLE;
}
