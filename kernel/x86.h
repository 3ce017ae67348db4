/*
 * kernel/x86.h - the few x86 instructions C cannot express, as inline
 * functions, and the control-register bits Pagoda uses (Intel SDM vol. 3,
 * chapter 2.5).
 */
#ifndef KERNEL_X86_H
#define KERNEL_X86_H

#include <stdint.h>

#define CR0_MP   (1u << 1)    /* monitor coprocessor: fwait honours TS */
#define CR0_EM   (1u << 2)    /* emulate FPU: must be 0 to use x87/SSE */
#define CR0_TS   (1u << 3)    /* task switched */
#define CR0_WP   (1u << 16)   /* write protect: ring 0 obeys read-only PTEs */
#define CR0_PG   (1u << 31)   /* paging */

#define CR4_PSE        (1u << 4)   /* 4 MiB pages */
#define CR4_PGE        (1u << 7)   /* global pages survive CR3 reloads */
#define CR4_OSFXSR     (1u << 9)   /* OS saves SSE state with fxsave */
#define CR4_OSXMMEXCPT (1u << 10)  /* OS handles SSE exceptions (#XM) */

#define EFLAGS_IF (1u << 9)   /* interrupts enabled */

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

#define DEFINE_CR(n)                                                   \
    static inline uint32_t read_cr##n(void)                           \
    {                                                                  \
        uint32_t v;                                                    \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));              \
        return v;                                                      \
    }                                                                  \
    static inline void write_cr##n(uint32_t v)                        \
    {                                                                  \
        __asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory");     \
    }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

/* Forget the TLB's cached translation of one virtual page. */
static inline void invlpg(uintptr_t va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline uint32_t read_eflags(void)
{
    uint32_t v;
    __asm__ volatile("pushfl; popl %0" : "=r"(v));
    return v;
}

static inline uint32_t read_ebp(void)
{
    uint32_t v;
    __asm__ volatile("movl %%ebp, %0" : "=r"(v));
    return v;
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* CPUID leaf `leaf` (subleaf 0): eax, ebx, ecx, edx into r[0..3]. */
static inline void cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(0));
}

static inline void cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void sti(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void hlt(void) { __asm__ volatile("hlt" ::: "memory"); }

/* Enable interrupts and halt in one step: an interrupt arriving between
 * the two cannot be missed, because sti takes effect after the next
 * instruction.  The idle loop uses this. */
static inline void sti_hlt(void) { __asm__ volatile("sti; hlt" ::: "memory"); }

#endif
