/*
 * kernel/syscall.c - from `int $0x80` to the handler, and strace=1.
 *
 * Each folder lists its own calls (fs/syscalls.c, mm/syscalls.c,
 * proc/syscalls.c; kernel/random.c has getrandom); syscall_init gathers
 * them into one table indexed by Linux's call numbers.  An unknown number returns -ENOSYS, which is
 * what Linux programs expect for calls a kernel does not have.
 */
#include "kernel/syscall.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/trap.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/uaccess.h"
#include "proc/proc.h"
#include "proc/signal.h"

static const struct syscall_entry *table[NR_MAX];
static int strace;

void syscall_init(void)
{
    const struct syscall_entry *lists[] = { fs_syscalls, mm_syscalls, proc_syscalls,
                                            kernel_syscalls, power_syscalls };
    for (unsigned i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
        for (const struct syscall_entry *e = lists[i]; e->fn; e++) {
            if (e->nr < 0 || e->nr >= NR_MAX || table[e->nr])
                panic("syscall %s: number %d is bad or taken", e->name, e->nr);
            table[e->nr] = e;
        }
    idt_set_gate(T_SYSCALL, 3);      /* user code may execute int $0x80 */
    strace = cmdline_get_int("strace", 0);
}

/* Append one argument to the strace line the way strace would show it. */
static int format_arg(char *buf, int size, char kind, uint32_t v)
{
    if (kind == 's') {
        char s[40];
        long n = strncpy_from_user(s, (const char *)v, sizeof(s));
        if (n >= 0)
            return snprintf(buf, size, "\"%s\"", s);
        if (n == -ENAMETOOLONG)
            return snprintf(buf, size, "\"%.*s\"...", (int)sizeof(s) - 1, s);
        return snprintf(buf, size, "%#x", v);
    }
    if (kind == 'd')
        return snprintf(buf, size, "%d", (int)v);
    if (kind == 'u')
        return snprintf(buf, size, "%u", v);
    if (kind == 'p' && v == 0)
        return snprintf(buf, size, "NULL");
    return snprintf(buf, size, "%#x", v);
}

static void format_call(char *buf, int size, const struct syscall_entry *e,
                        const uint32_t *args)
{
    int n = snprintf(buf, size, "[%d] %s(", current->pid, e->name);
    for (int i = 0; e->args[i] && n < size; i++) {
        if (i > 0)
            n += snprintf(buf + n, size - n, ", ");
        if (n < size)
            n += format_arg(buf + n, size - n, e->args[i], args[i]);
    }
    if (n < size)
        snprintf(buf + n, size - n, ")");
}

void syscall_dispatch(struct trapframe *tf)
{
    uint32_t nr = tf->eax;
    uint32_t args[6] = { tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp };
    const struct syscall_entry *e = nr < NR_MAX ? table[nr] : NULL;
    if (!e) {
        if (strace)
            kprintf("[%d] unknown system call %u = -ENOSYS\n", current->pid, nr);
        tf->eax = (uint32_t)-ENOSYS;
        return;
    }
    char line[160];
    if (strace) {
        format_call(line, sizeof(line), e, args);
        if (nr == NR_exit || nr == NR_exit_group)
            kprintf("%s = ?\n", line);
    }
    long ret = e->fn(args[0], args[1], args[2], args[3], args[4], args[5]);
    tf->eax = (uint32_t)ret;
    if (ret == -EINTR)
        syscall_note_eintr(nr);        /* restarted after the signal? (proc/sigrestart.c) */
    if (strace)
        kprintf("%s = %ld\n", line, ret);
}
