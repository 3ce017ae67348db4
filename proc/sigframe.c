/*
 * proc/sigframe.c - calling a signal handler and coming back.
 *
 * To run a handler the kernel saves the interrupted registers in a frame
 * on the user stack and makes the program "call" handler(sig): eip =
 * handler, and the return address on the stack is the restorer that libc
 * gave in sigaction, which executes sigreturn (119) or rt_sigreturn
 * (173).  Those calls read the frame back and resume where the signal
 * struck.  The layouts are Linux's i386 ones (struct sigframe and
 * rt_sigframe in arch/x86/include/asm/sigframe.h, struct sigcontext in
 * arch/x86/include/uapi/asm/sigcontext.h).
 */
#include <stddef.h>
#include "proc/proc.h"
#include "proc/syscalls.h"
#include "proc/signal.h"
#include "kernel/errno.h"
#include "kernel/gdt.h"
#include "kernel/trap.h"
#include "lib/string.h"
#include "mm/uaccess.h"

#define SA_SIGINFO   0x4u
#define FPU_AREA     512
#define MXCSR_OFFSET 24
#define MXCSR_VALID  0xffbfu
#define FLAGS_USER   0x40dd5u    /* CF PF AF ZF SF TF DF OF AC: the program's own */

struct sigcontext {
    uint32_t gs, fs, es, ds;
    uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
    uint32_t trapno, err, eip, cs, eflags, esp_at_signal, ss;
    uint32_t fpstate, oldmask, cr2;
};

struct sigframe {                       /* 732 bytes, non-SA_SIGINFO */
    uint32_t ret_addr;
    uint32_t sig;
    struct sigcontext sc;
    uint8_t legacy_fpstate[624];
    uint32_t extramask;
    uint8_t retcode[8];
};

struct siginfo {                        /* 128 bytes */
    int32_t signo, errno_, code;
    uint32_t addr_or_pid;               /* si_addr for faults, else si_pid */
    uint32_t uid;
    int32_t status;                     /* SIGCHLD's si_status */
    uint8_t pad[104];
};

struct ucontext {                       /* 116 bytes */
    uint32_t flags, link;
    uint32_t ss_sp, ss_flags, ss_size;
    struct sigcontext mcontext;
    uint64_t sigmask;
};

struct rt_sigframe {                    /* 268 bytes, SA_SIGINFO */
    uint32_t ret_addr;
    uint32_t sig;
    uint32_t pinfo, puc;
    struct siginfo info;
    struct ucontext uc;
    uint8_t retcode[8];
};

static void save_context(struct sigcontext *sc, const struct trapframe *tf,
                         uint32_t fpstate, uint64_t mask)
{
    *sc = (struct sigcontext){
        .gs = tf->gs, .fs = tf->fs, .es = tf->es, .ds = tf->ds,
        .edi = tf->edi, .esi = tf->esi, .ebp = tf->ebp, .esp = tf->esp,
        .ebx = tf->ebx, .edx = tf->edx, .ecx = tf->ecx, .eax = tf->eax,
        .trapno = tf->trapno, .err = tf->err, .eip = tf->eip, .cs = tf->cs,
        .eflags = tf->eflags, .esp_at_signal = tf->esp, .ss = tf->ss,
        .fpstate = fpstate, .oldmask = (uint32_t)mask,
        .cr2 = current->sig.origin[SIGSEGV].addr,
    };
}

/* The siginfo_t a handler receives. */
static void fill_siginfo(struct siginfo *info, int sig, const struct sig_origin *o)
{
    int fault = sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE;
    info->signo = sig;
    info->code = o->code;
    info->addr_or_pid = (fault && o->code > 0) ? o->addr : (uint32_t)o->pid;
    info->status = o->status;
    if (o->code == SI_TIMER) {         /* si_tid, si_overrun, si_value */
        info->addr_or_pid = (uint32_t)o->timer_id;
        info->uid = (uint32_t)o->overrun;
        info->status = (int32_t)o->value;
    } else if (o->code == SI_QUEUE) {  /* si_pid, si_uid, si_value */
        info->status = (int32_t)o->value;
    }
}

int siginfo_to_user(void *uinfo, int sig, const struct sig_origin *origin)
{
    struct siginfo info = { 0 };
    fill_siginfo(&info, sig, origin);
    return copy_to_user(uinfo, &info, sizeof(info));
}

int sigframe_setup(struct trapframe *tf, int sig, const struct k_sigaction *act,
                   const struct sig_origin *origin, uint64_t old_mask)
{
    int rt = act->flags & SA_SIGINFO;
    uint32_t size = rt ? sizeof(struct rt_sigframe) : sizeof(struct sigframe);
    uint32_t sp = signal_stack_top(tf->esp, act->flags);   /* proc/sigaltstack.c */
    uint32_t fp = (sp - FPU_AREA) & ~15u;             /* FPU image above the frame */
    uint32_t frame = ((fp - size) & ~15u) - 4;        /* (esp + 4) % 16 == 0 at entry */

    fpu_save(current->fpu);
    if (copy_to_user((void *)fp, current->fpu, FPU_AREA) < 0)
        return -EFAULT;
    if (rt) {
        struct rt_sigframe f = { 0 };
        f.ret_addr = act->restorer;
        f.sig = sig;
        f.pinfo = frame + offsetof(struct rt_sigframe, info);
        f.puc = frame + offsetof(struct rt_sigframe, uc);
        fill_siginfo(&f.info, sig, origin);
        sigaltstack_describe(tf->esp, &f.uc.ss_sp, (int32_t *)&f.uc.ss_flags, &f.uc.ss_size);
        save_context(&f.uc.mcontext, tf, fp, old_mask);
        f.uc.sigmask = old_mask;
        if (copy_to_user((void *)frame, &f, sizeof(f)) < 0)
            return -EFAULT;
        tf->edx = f.pinfo;
        tf->ecx = f.puc;
    } else {
        struct sigframe f = { 0 };
        f.ret_addr = act->restorer;
        f.sig = sig;
        save_context(&f.sc, tf, fp, old_mask);
        f.extramask = (uint32_t)(old_mask >> 32);
        if (copy_to_user((void *)frame, &f, sizeof(f)) < 0)
            return -EFAULT;
        tf->edx = tf->ecx = 0;
    }
    tf->eax = sig;
    tf->esp = frame;
    tf->eip = act->handler;
    tf->cs = USER_CS;
    tf->ss = tf->ds = tf->es = USER_DS;
    tf->eflags &= ~(1u << 8);                        /* no single-step into it */
    return 0;
}

/* Load the FPU image at user address fpstate; -EFAULT if it cannot be
 * read (Linux then treats the whole frame as bad: SIGSEGV, si_addr 0). */
static int restore_fpu(uint32_t fpstate)
{
    uint8_t image[FPU_AREA] __attribute__((aligned(16)));
    if (copy_from_user(image, (void *)fpstate, FPU_AREA) < 0)
        return -EFAULT;
    uint32_t *mxcsr = (uint32_t *)(image + MXCSR_OFFSET);
    *mxcsr &= MXCSR_VALID;                           /* fxrstor faults on reserved bits */
    memcpy(current->fpu, image, FPU_AREA);
    fpu_restore(current->fpu);
    return 0;
}

/* Put the saved registers back; returns eax's value, which the syscall
 * path then stores in eax again: every register is restored.
 *
 * The selectors are taken as the program wrote them, as Linux does, with
 * only the RPL of cs and ss forced to 3 (so the frame stays a user frame).
 * Whether they are usable is the CPU's to decide when trap_return loads
 * them: a bad data selector comes back null, a bad cs or ss makes the
 * iret fail and the program gets SIGILL (kernel/fixup.c). */
static long restore_context(struct trapframe *tf, const struct sigcontext *sc,
                            uint64_t mask)
{
    tf->gs = (uint16_t)sc->gs;
    tf->fs = (uint16_t)sc->fs;
    tf->es = (uint16_t)sc->es;
    tf->ds = (uint16_t)sc->ds;
    tf->edi = sc->edi; tf->esi = sc->esi; tf->ebp = sc->ebp; tf->esp = sc->esp;
    tf->ebx = sc->ebx; tf->edx = sc->edx; tf->ecx = sc->ecx; tf->eax = sc->eax;
    tf->eip = sc->eip;
    tf->cs = (uint16_t)(sc->cs | RPL_USER);
    tf->ss = (uint16_t)(sc->ss | RPL_USER);
    tf->eflags = (tf->eflags & ~FLAGS_USER) | (sc->eflags & FLAGS_USER);
    current->sig.blocked = mask & ~(1ull << (SIGKILL - 1)) & ~(1ull << (SIGSTOP - 1));
    if (sc->fpstate && restore_fpu(sc->fpstate) < 0)
        signal_force(current, SIGSEGV, SI_KERNEL, 0);  /* Linux: a bad frame */
    return (long)tf->eax;
}

/* After `ret` and the restorer's pop, %esp points at the sigcontext. */
long sys_sigreturn(void)
{
    struct trapframe *tf = current->tf;
    struct sigframe f;
    uint32_t frame = tf->esp - 8;
    if (copy_from_user(&f, (void *)frame, sizeof(f)) < 0) {
        signal_force(current, SIGSEGV, SI_KERNEL, frame);
        return (long)tf->eax;
    }
    return restore_context(tf, &f.sc, f.sc.oldmask | (uint64_t)f.extramask << 32);
}

/* After `ret`, %esp points just past the return address. */
long sys_rt_sigreturn(void)
{
    struct trapframe *tf = current->tf;
    struct rt_sigframe f;
    uint32_t frame = tf->esp - 4;
    if (copy_from_user(&f, (void *)frame, sizeof(f)) < 0) {
        signal_force(current, SIGSEGV, SI_KERNEL, frame);
        return (long)tf->eax;
    }
    return restore_context(tf, &f.uc.mcontext, f.uc.sigmask);
}
