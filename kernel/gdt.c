/*
 * kernel/gdt.c - builds the GDT and the TSSs and loads them.
 */
#include "kernel/gdt.h"
#include "kernel/x86.h"

/* Access byte bits (SDM vol. 3, figure 3-8). */
#define ACC_PRESENT   0x80
#define ACC_DPL(n)    ((n) << 5)
#define ACC_CODE_DATA 0x10       /* S = 1: code or data, not system */
#define ACC_CODE_RX   0x0A       /* type: execute/read */
#define ACC_DATA_RW   0x02       /* type: read/write */
#define ACC_TSS32     0x09       /* type: available 32-bit TSS */
/* Flags nibble. */
#define FLAG_4K       0x8        /* G: limit counts 4 KiB units */
#define FLAG_32BIT    0x4        /* D/B: 32-bit segment */

static struct seg_desc gdt[GDT_ENTRIES];
struct tss kernel_tss;
static struct tss double_fault_tss;
static uint8_t double_fault_stack[4096] __attribute__((aligned(16)));

extern void double_fault_task(void);   /* kernel/trap.c */

static struct seg_desc make_desc(uint32_t base, uint32_t limit,
                                 uint8_t access, uint8_t flags)
{
    return (struct seg_desc){
        .limit_low = limit & 0xFFFF,
        .base_low = base & 0xFFFF,
        .base_mid = (base >> 16) & 0xFF,
        .access = access,
        .flags_limit = (uint8_t)(flags << 4 | ((limit >> 16) & 0xF)),
        .base_high = (base >> 24) & 0xFF,
    };
}

/* A flat 4 GiB segment. */
static struct seg_desc flat(int dpl, uint8_t type)
{
    return make_desc(0, 0xFFFFF, ACC_PRESENT | ACC_DPL(dpl) | ACC_CODE_DATA | type,
                     FLAG_4K | FLAG_32BIT);
}

static struct seg_desc tss_desc(struct tss *t)
{
    return make_desc((uint32_t)t, sizeof(*t) - 1, ACC_PRESENT | ACC_TSS32, 0);
}

/* The #DF task: its own stack, so a kernel stack overflow (which faults
 * while pushing the page-fault frame) still reaches a handler. */
static void setup_double_fault_tss(void)
{
    struct tss *t = &double_fault_tss;
    t->esp = t->esp0 = (uint32_t)(double_fault_stack + sizeof(double_fault_stack));
    t->ss = t->ss0 = t->ds = t->es = t->fs = t->gs = KERNEL_DS;
    t->cs = KERNEL_CS;
    t->eip = (uint32_t)double_fault_task;
    t->eflags = 0x2;             /* bit 1 is always set; interrupts off */
    t->cr3 = read_cr3();
    t->iomap_base = sizeof(*t);
}

/*
 * Load the GDT, reload every segment register from it, and load the TSS.
 *
 * The LDT register is loaded with the null selector too.  Pagoda has no
 * LDT, but the CPU comes out of reset with LDTR describing a table at
 * linear address 0 with limit 0xFFFF (SDM vol. 3, 9.1.1), so without this
 * a selector with its TI bit set (0x7, say, from a program's sigreturn
 * frame) would make the CPU read "descriptors" from user memory at 0.
 * With a null LDTR any such selector is simply a #GP.
 */
void gdt_init(void)
{
    gdt[GDT_KERNEL_CODE] = flat(0, ACC_CODE_RX);
    gdt[GDT_KERNEL_DATA] = flat(0, ACC_DATA_RW);
    gdt[GDT_USER_CODE] = flat(3, ACC_CODE_RX);
    gdt[GDT_USER_DATA] = flat(3, ACC_DATA_RW);

    kernel_tss.ss0 = KERNEL_DS;
    kernel_tss.iomap_base = sizeof(kernel_tss);   /* no I/O permission map */
    gdt[GDT_TSS] = tss_desc(&kernel_tss);
    setup_double_fault_tss();
    gdt[GDT_DOUBLE_FAULT] = tss_desc(&double_fault_tss);

    struct { uint16_t limit; uint32_t base; } __attribute__((packed))
        gdtr = { sizeof(gdt) - 1, (uint32_t)gdt };
    __asm__ volatile(
        "lgdt %0\n\t"
        "ljmp %1, $1f\n"          /* reload CS with a far jump */
        "1:\n\t"
        "movw %w2, %%ds\n\t"
        "movw %w2, %%es\n\t"
        "movw %w2, %%ss\n\t"
        "movw %w3, %%fs\n\t"      /* fs and gs: null until a program sets TLS */
        "movw %w3, %%gs\n\t"
        "lldt %w3\n\t"           /* no LDT: see below */
        "ltr %w4"
        : : "m"(gdtr), "i"(KERNEL_CS), "r"(KERNEL_DS), "r"(0), "r"(TSS_SEL)
        : "memory");
}

void tss_set_kernel_stack(uint32_t esp0)
{
    kernel_tss.esp0 = esp0;
}

void tss_set_double_fault_cr3(uint32_t cr3)
{
    double_fault_tss.cr3 = cr3;
}

void gdt_set_tls(int slot, struct seg_desc desc)
{
    gdt[GDT_TLS_MIN + slot] = desc;
}
