/*
 * kernel/ksyms.c - looks addresses up in the table tools/mksyms.sh makes.
 */
#include "kernel/ksyms.h"
#include "mm/layout.h"

struct ksym {
    uint32_t addr;
    uint32_t name;        /* offset into ksyms_names */
};

/* Weak: the first link has no table yet, and these are then zero. */
extern const uint32_t ksyms_count __attribute__((weak));
extern const struct ksym ksyms_table[] __attribute__((weak));
extern const char ksyms_names[] __attribute__((weak));

const char *ksym_lookup(uint32_t addr, uint32_t *offset)
{
    if (!&ksyms_count || ksyms_count == 0 || addr < ksyms_table[0].addr ||
        addr >= (uint32_t)kernel_text_end)
        return 0;
    /* Binary search for the last symbol at or below addr. */
    uint32_t lo = 0, hi = ksyms_count;
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (ksyms_table[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    *offset = addr - ksyms_table[lo].addr;
    return ksyms_names + ksyms_table[lo].name;
}
