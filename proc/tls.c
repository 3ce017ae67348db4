/*
 * proc/tls.c - set_thread_area and get_thread_area.
 *
 * glibc keeps its thread control block at %gs:0.  It asks the kernel for
 * a GDT entry whose base is that block, then loads %gs with the entry's
 * selector.  GDT entries 6-8 belong to the running process: the
 * scheduler writes them on every switch (proc/sched.c).
 *
 * A program can put anything in a user_desc, and whatever it installs it
 * can then load into any segment register.  So, as Linux does
 * (arch/x86/kernel/tls.c, tls_desc_okay), only present 32-bit data
 * segments are accepted; code segments (which a far jump could make %cs),
 * not-present and 16-bit segments are EINVAL.  Two descriptors clear a
 * slot instead: the "empty" one (read_exec_only + seg_not_present, all
 * else 0) and, for old programs, the all-zero one.  A program can still
 * clear or change a slot that a segment register refers to; the return to
 * user mode copes with that (kernel/fixup.c).
 */
#include "proc/tls.h"
#include "proc/proc.h"
#include "proc/syscalls.h"
#include "kernel/errno.h"
#include "kernel/gdt.h"
#include "kernel/syscall.h"
#include "mm/uaccess.h"
#include "lib/string.h"

/* The flags word of struct user_desc: bit fields in Linux's header. */
#define UD_SEG_32BIT        0x01
#define UD_CONTENTS(f)      (((f) >> 1) & 3)   /* 0 data, 1 expand-down, 2-3 code */
#define UD_READ_EXEC_ONLY   0x08
#define UD_LIMIT_IN_PAGES   0x10
#define UD_SEG_NOT_PRESENT  0x20
#define UD_USEABLE          0x40
#define UD_FIELDS           0x7f               /* i386 has no other bits */

/* Descriptor bits (SDM vol. 3, 3.4.5 and table 3-1). */
#define DESC_TYPE_ACCESSED  0x01   /* set, so the CPU need not write the GDT */
#define DESC_TYPE_WRITABLE  0x02   /* data: writable */
#define DESC_S_CODE_DATA    0x10
#define DESC_DPL_USER       0x60
#define DESC_PRESENT        0x80
#define DESC_AVL            0x1    /* in the flags nibble */
#define DESC_DB_32BIT       0x4
#define DESC_G_PAGES        0x8

/* Linux's LDT_empty and LDT_zero: the two ways to ask for "no segment". */
static int clears_slot(const struct user_desc *u)
{
    uint32_t f = u->flags & UD_FIELDS;
    return u->base_addr == 0 && u->limit == 0 &&
           (f == (UD_READ_EXEC_ONLY | UD_SEG_NOT_PRESENT) || f == 0);
}

/* Linux's tls_desc_okay: a present 32-bit data segment, or a clear. */
static int desc_okay(const struct user_desc *u)
{
    if (clears_slot(u))
        return 1;
    return (u->flags & UD_SEG_32BIT) && UD_CONTENTS(u->flags) <= 1 &&
           !(u->flags & UD_SEG_NOT_PRESENT);
}

/* A user_desc as the 8 bytes the CPU reads (Linux's fill_ldt). */
static struct seg_desc to_descriptor(const struct user_desc *u)
{
    uint32_t f = u->flags;
    uint8_t type = DESC_TYPE_ACCESSED | (uint8_t)(UD_CONTENTS(f) << 2) |
                   ((f & UD_READ_EXEC_ONLY) ? 0 : DESC_TYPE_WRITABLE);
    uint8_t access = DESC_PRESENT | DESC_DPL_USER | DESC_S_CODE_DATA | type;
    uint8_t flags = ((f & UD_LIMIT_IN_PAGES) ? DESC_G_PAGES : 0) |
                    ((f & UD_SEG_32BIT) ? DESC_DB_32BIT : 0) |
                    ((f & UD_USEABLE) ? DESC_AVL : 0);
    return (struct seg_desc){
        .limit_low = u->limit & 0xFFFF,
        .base_low = u->base_addr & 0xFFFF,
        .base_mid = (u->base_addr >> 16) & 0xFF,
        .access = access,
        .flags_limit = (uint8_t)(flags << 4 | ((u->limit >> 16) & 0xF)),
        .base_high = u->base_addr >> 24,
    };
}

/* The 8 bytes back as a user_desc (Linux's fill_user_desc).  An unused
 * slot reads as the "empty" descriptor. */
static void to_user_desc(struct user_desc *u, uint32_t entry, const struct seg_desc *d)
{
    uint32_t type = d->access & 0xF, fl = d->flags_limit >> 4;
    u->entry_number = entry;
    u->base_addr = d->base_low | d->base_mid << 16 | (uint32_t)d->base_high << 24;
    u->limit = d->limit_low | (d->flags_limit & 0xF) << 16;
    u->flags = ((fl & DESC_DB_32BIT) ? UD_SEG_32BIT : 0) | (type >> 2) << 1 |
               ((type & DESC_TYPE_WRITABLE) ? 0 : UD_READ_EXEC_ONLY) |
               ((fl & DESC_G_PAGES) ? UD_LIMIT_IN_PAGES : 0) |
               ((d->access & DESC_PRESENT) ? 0 : UD_SEG_NOT_PRESENT) |
               ((fl & DESC_AVL) ? UD_USEABLE : 0);
}

/* The first unused slot's entry number, or -ESRCH (Linux's get_free_idx). */
static int free_entry(const struct proc *p)
{
    static const struct seg_desc unused;
    for (int slot = 0; slot < GDT_TLS_COUNT; slot++)
        if (memcmp(&p->tls[slot], &unused, sizeof(unused)) == 0)
            return GDT_TLS_MIN + slot;
    return -ESRCH;
}

static int entry_in_range(uint32_t entry)
{
    return entry >= GDT_TLS_MIN && entry < GDT_TLS_MIN + GDT_TLS_COUNT;
}

int tls_set_from_user(struct proc *p, struct user_desc *uptr, int can_allocate)
{
    struct user_desc u;
    if (copy_from_user(&u, uptr, sizeof(u)) < 0)
        return -EFAULT;
    if (!desc_okay(&u))
        return -EINVAL;
    if (u.entry_number == (uint32_t)-1 && can_allocate) {
        int entry = free_entry(p);
        if (entry < 0)
            return entry;
        u.entry_number = (uint32_t)entry;
        /* Written back before anything changes: a failure leaves the
         * slot free. */
        if (copy_to_user(&uptr->entry_number, &u.entry_number, sizeof(u.entry_number)) < 0)
            return -EFAULT;
    }
    if (!entry_in_range(u.entry_number))
        return -EINVAL;
    int slot = u.entry_number - GDT_TLS_MIN;
    if (clears_slot(&u))
        memset(&p->tls[slot], 0, sizeof(p->tls[slot]));
    else
        p->tls[slot] = to_descriptor(&u);
    if (p == current)
        gdt_set_tls(slot, p->tls[slot]);
    return 0;
}

long sys_set_thread_area(struct user_desc *uptr)
{
    return tls_set_from_user(current, uptr, 1);
}

/* Only entry_number is read; the whole struct is written. */
long sys_get_thread_area(struct user_desc *uptr)
{
    uint32_t entry;
    if (copy_from_user(&entry, &uptr->entry_number, sizeof(entry)) < 0)
        return -EFAULT;
    if (!entry_in_range(entry))
        return -EINVAL;
    struct user_desc u;
    to_user_desc(&u, entry, &current->tls[entry - GDT_TLS_MIN]);
    return copy_to_user(uptr, &u, sizeof(u)) < 0 ? -EFAULT : 0;
}
