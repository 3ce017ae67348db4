/*
 * proc/tls.c - set_thread_area and get_thread_area.
 *
 * glibc keeps its thread control block at %gs:0.  It asks the kernel for
 * a GDT entry whose base is that block, then loads %gs with the entry's
 * selector.  GDT entries 6-8 belong to the running process: the
 * scheduler writes them on every switch (proc/sched.c).
 */
#include "proc/tls.h"
#include "proc/proc.h"
#include "proc/syscalls.h"
#include "kernel/errno.h"
#include "kernel/gdt.h"
#include "kernel/syscall.h"
#include "mm/uaccess.h"
#include "lib/string.h"

#define UD_SEG_32BIT        0x01
#define UD_CONTENTS(f)      (((f) >> 1) & 3)
#define UD_READ_EXEC_ONLY   0x08
#define UD_LIMIT_IN_PAGES   0x10
#define UD_SEG_NOT_PRESENT  0x20
#define UD_USEABLE          0x40

/* The "empty" descriptor Linux uses to clear a slot. */
static int is_empty(const struct user_desc *u)
{
    return u->base_addr == 0 && u->limit == 0 &&
           (u->flags & ~UD_USEABLE) == (UD_READ_EXEC_ONLY | UD_SEG_NOT_PRESENT);
}

/* A user_desc as the 8 bytes the CPU reads (SDM vol. 3, 3.4.5). */
static struct seg_desc to_descriptor(const struct user_desc *u)
{
    uint32_t f = u->flags;
    /* Segment type bits: 8 = code; 2 = writable data or readable code;
     * 4 = expand-down data (contents 1, a stack segment). */
    uint8_t type = (f & UD_READ_EXEC_ONLY) ? 0 : 2;
    if (UD_CONTENTS(f) & 2)
        type |= 8;
    else if (UD_CONTENTS(f) & 1)
        type |= 4;
    uint8_t access = 0x10 | (3 << 5) | type | ((f & UD_SEG_NOT_PRESENT) ? 0 : 0x80);
    uint8_t flags = ((f & UD_LIMIT_IN_PAGES) ? 8 : 0) | ((f & UD_SEG_32BIT) ? 4 : 0) |
                    ((f & UD_USEABLE) ? 1 : 0);
    return (struct seg_desc){
        .limit_low = u->limit & 0xFFFF,
        .base_low = u->base_addr & 0xFFFF,
        .base_mid = (u->base_addr >> 16) & 0xFF,
        .access = access,
        .flags_limit = (uint8_t)(flags << 4 | ((u->limit >> 16) & 0xF)),
        .base_high = u->base_addr >> 24,
    };
}

static int slot_free(const struct seg_desc *d)
{
    return !(d->access & 0x80) && d->base_low == 0 && d->limit_low == 0;
}

int tls_install(struct proc *p, struct user_desc *u)
{
    int slot;
    if (u->entry_number == (uint32_t)-1) {
        for (slot = 0; slot < GDT_TLS_COUNT && !slot_free(&p->tls[slot]); slot++)
            ;
        if (slot == GDT_TLS_COUNT)
            return -ESRCH;
        u->entry_number = GDT_TLS_MIN + slot;
    } else if (u->entry_number < GDT_TLS_MIN ||
               u->entry_number >= GDT_TLS_MIN + GDT_TLS_COUNT) {
        return -EINVAL;
    }
    slot = u->entry_number - GDT_TLS_MIN;
    if (is_empty(u))
        memset(&p->tls[slot], 0, sizeof(p->tls[slot]));
    else
        p->tls[slot] = to_descriptor(u);
    if (p == current)
        gdt_set_tls(slot, p->tls[slot]);
    return 0;
}

long sys_set_thread_area(struct user_desc *uptr)
{
    struct user_desc u;
    if (copy_from_user(&u, uptr, sizeof(u)) < 0)
        return -EFAULT;
    uint32_t asked = u.entry_number;
    int err = tls_install(current, &u);
    if (err)
        return err;
    if (asked == (uint32_t)-1 &&
        copy_to_user(&uptr->entry_number, &u.entry_number, sizeof(u.entry_number)) < 0)
        return -EFAULT;
    return 0;
}

long sys_get_thread_area(struct user_desc *uptr)
{
    struct user_desc u;
    if (copy_from_user(&u, uptr, sizeof(u)) < 0)
        return -EFAULT;
    if (u.entry_number < GDT_TLS_MIN || u.entry_number >= GDT_TLS_MIN + GDT_TLS_COUNT)
        return -EINVAL;
    const struct seg_desc *d = &current->tls[u.entry_number - GDT_TLS_MIN];
    u.base_addr = d->base_low | d->base_mid << 16 | (uint32_t)d->base_high << 24;
    u.limit = d->limit_low | (d->flags_limit & 0xF) << 16;
    uint32_t fl = d->flags_limit >> 4;
    u.flags = ((fl & 4) ? UD_SEG_32BIT : 0) | ((fl & 8) ? UD_LIMIT_IN_PAGES : 0) |
              ((fl & 1) ? UD_USEABLE : 0) | ((d->access & 0x80) ? 0 : UD_SEG_NOT_PRESENT) |
              ((d->access & 0x8) ? 2 << 1 : 0) | ((d->access & 2) ? 0 : UD_READ_EXEC_ONLY);
    return copy_to_user(uptr, &u, sizeof(u));
}
