/*
 * proc/sigrestart.c - which system calls come back after a signal.
 *
 * A call that sleeps (read of an empty pipe, wait4, ...) ends with
 * -EINTR when a signal arrives.  What the program then sees depends on
 * what the signal does, as in signal(7) "Interruption of system calls
 * and library functions by signal handlers":
 *
 *   - no handler runs (the signal stopped and continued the process, or
 *     was ignored by the time it was delivered): the call restarts, and
 *     the program never knows;
 *   - a handler runs: calls of the RESTART_SYS kind restart if the
 *     handler was installed with SA_RESTART, else return EINTR; calls
 *     of the RESTART_NOHAND kind (poll, select, pause, sigsuspend,
 *     nanosleep, ...) always return EINTR.
 *
 * Linux marks this with kernel-only error codes (-ERESTARTSYS,
 * -ERESTARTNOHAND); Pagoda keeps -EINTR in the calls and lists the
 * kinds here, by call number.  Restarting means returning to user space
 * at the `int $0x80` again (eip - 2, the instruction's length) with eax
 * holding the call number once more; the other argument registers are
 * untouched by system calls, so the call runs again as it was made.
 * One simplification: a restarted nanosleep sleeps its whole time again
 * (Linux sleeps what was left, through restart_syscall).
 */
#include "proc/signal.h"
#include "proc/proc.h"
#include "kernel/errno.h"
#include "kernel/syscall.h"
#include "kernel/trap.h"

#define SA_RESTART      0x10000000u
#define INT80_LENGTH    2            /* bytes of `int $0x80` (cd 80) */
#define RESTART_NONE    0
#define RESTART_SYS     1            /* restart unless a handler without SA_RESTART ran */
#define RESTART_NOHAND  2            /* restart only if no handler ran */

/* The kind of call nr, by Linux's i386 numbers. */
static int restart_kind(uint32_t nr)
{
    switch (nr) {
    case 3: case 4: case 5: case 7: case 54: case 55: case 114:   /* read write open waitpid ioctl fcntl wait4 */
    case 143: case 145: case 146: case 180: case 181: case 221:   /* flock readv writev pread64 pwrite64 fcntl64 */
    case 284: case 295: case 102:                                 /* waitid openat socketcall */
    case 333: case 334: case 313: case 315: case 187: case 239:   /* preadv pwritev splice tee sendfile sendfile64 */
    case 359: case 360: case 361: case 362: case 363: case 364:   /* socket ... accept4 */
    case 369: case 370: case 371: case 372:                       /* sendto sendmsg recvfrom recvmsg */
        return RESTART_SYS;
    case 29: case 72: case 179: case 82: case 142: case 168:      /* pause sigsuspend rt_sigsuspend select _newselect poll */
    case 308: case 309: case 256: case 319: case 162: case 267:   /* pselect6 ppoll epoll_wait epoll_pwait nanosleep clock_nanosleep */
    case 177: case 413: case 414: case 421: case 407:             /* rt_sigtimedwait and the time64 calls */
        return RESTART_NOHAND;
    default:
        return RESTART_NONE;
    }
}

void syscall_note_eintr(uint32_t nr)
{
    current->sig.restart = restart_kind(nr);
    current->sig.restart_nr = nr;
}

void syscall_restart_or_eintr(struct trapframe *tf, const struct k_sigaction *act)
{
    int kind = current->sig.restart;
    current->sig.restart = RESTART_NONE;
    if (kind == RESTART_NONE || (uint32_t)tf->eax != (uint32_t)-EINTR)
        return;
    if (act && (kind == RESTART_NOHAND || !(act->flags & SA_RESTART)))
        return;                        /* the program sees EINTR */
    tf->eax = current->sig.restart_nr;
    tf->eip -= INT80_LENGTH;
}
