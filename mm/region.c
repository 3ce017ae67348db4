/*
 * mm/region.c - the region list: a sorted array of struct vm_area.
 *
 * A sorted array keeps this simple: lookups are binary searches, and
 * inserting or removing moves the entries after it (address spaces have
 * tens of regions, not thousands).  Pure bookkeeping: page tables are
 * mm/mm.c's business, and tests/unit/test_region.c checks this file
 * against a page-by-page model.
 */
#include "mm/region.h"
#include "mm/kheap.h"
#include "mm/layout.h"
#include "kernel/errno.h"
#include "lib/string.h"

void region_list_init(struct region_list *list)
{
    *list = (struct region_list){ 0 };
}

void region_list_free(struct region_list *list)
{
    for (int i = 0; i < list->count; i++)
        if (list->areas[i].file)
            region_file_put(list->areas[i].file);
    kfree(list->areas);
    region_list_init(list);
}

/* Make room for `extra` more entries. */
static int reserve(struct region_list *list, int extra)
{
    if (list->count + extra <= list->capacity)
        return 0;
    int cap = list->capacity ? list->capacity * 2 : 16;
    while (cap < list->count + extra)
        cap *= 2;
    struct vm_area *a = kmalloc(cap * sizeof(*a));
    if (!a)
        return -ENOMEM;
    if (list->count)
        memcpy(a, list->areas, list->count * sizeof(*a));
    kfree(list->areas);
    list->areas = a;
    list->capacity = cap;
    return 0;
}

int region_list_copy(struct region_list *dst, const struct region_list *src)
{
    region_list_init(dst);
    if (reserve(dst, src->count) < 0)
        return -ENOMEM;
    for (int i = 0; i < src->count; i++) {
        dst->areas[i] = src->areas[i];
        if (src->areas[i].file)
            region_file_get(src->areas[i].file);
    }
    dst->count = src->count;
    return 0;
}

/* Index of the first region with end > addr (count if none). */
static int first_ending_after(const struct region_list *list, uintptr_t addr)
{
    int lo = 0, hi = list->count;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (list->areas[mid].end > addr)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

struct vm_area *region_next(const struct region_list *list, uintptr_t addr)
{
    int i = first_ending_after(list, addr);
    return i < list->count ? &list->areas[i] : NULL;
}

struct vm_area *region_find(const struct region_list *list, uintptr_t addr)
{
    struct vm_area *a = region_next(list, addr);
    return (a && a->start <= addr) ? a : NULL;
}

struct vm_area *region_prev(const struct region_list *list, uintptr_t addr)
{
    int i = first_ending_after(list, addr);
    /* areas[i] may contain addr; the one before starts below addr. */
    if (i < list->count && list->areas[i].start < addr)
        return &list->areas[i];
    return i > 0 ? &list->areas[i - 1] : NULL;
}

int region_range_free(const struct region_list *list, uintptr_t start, uintptr_t end)
{
    struct vm_area *a = region_next(list, start);
    return !a || a->start >= end;
}

/* Can b be appended to a as one region? */
static int mergeable(const struct vm_area *a, const struct vm_area *b)
{
    if (a->end != b->start || a->flags != b->flags || a->file != b->file ||
        strcmp(a->name, b->name) != 0)
        return 0;
    if (!a->file)
        return 1;
    return a->offset + (a->end - a->start) == b->offset &&
           a->file_end >= a->end && b->file_end == a->file_end;
}

/* Merge areas[i] with areas[i+1] if they fit together. */
static void try_merge(struct region_list *list, int i)
{
    if (i < 0 || i + 1 >= list->count)
        return;
    struct vm_area *a = &list->areas[i], *b = &list->areas[i + 1];
    if (!mergeable(a, b))
        return;
    a->end = b->end;
    if (b->file)
        region_file_put(b->file);
    memmove(b, b + 1, (list->count - i - 2) * sizeof(*b));
    list->count--;
}

static int insert_at(struct region_list *list, int i, const struct vm_area *area)
{
    if (reserve(list, 1) < 0)
        return -ENOMEM;
    memmove(&list->areas[i + 1], &list->areas[i],
            (list->count - i) * sizeof(*area));
    list->areas[i] = *area;
    list->count++;
    return 0;
}

int region_insert(struct region_list *list, const struct vm_area *area)
{
    if (area->start >= area->end || (area->start | area->end) & (PAGE_SIZE - 1) ||
        !region_range_free(list, area->start, area->end))
        return -EINVAL;
    int i = first_ending_after(list, area->start);
    if (insert_at(list, i, area) < 0)
        return -ENOMEM;
    if (area->file)
        region_file_get(area->file);
    try_merge(list, i);            /* with the next one */
    try_merge(list, i - 1);        /* with the previous one */
    return 0;
}

/* Split areas[i] at addr (strictly inside it) into two regions. */
static int split(struct region_list *list, int i, uintptr_t addr)
{
    struct vm_area upper = list->areas[i];
    upper.start = addr;
    if (upper.file) {
        upper.offset += addr - list->areas[i].start;
        region_file_get(upper.file);
    }
    if (insert_at(list, i + 1, &upper) < 0) {
        if (upper.file)
            region_file_put(upper.file);
        return -ENOMEM;
    }
    list->areas[i].end = addr;
    return 0;
}

/* Make region boundaries fall exactly at start and end. */
static int split_at_edges(struct region_list *list, uintptr_t start, uintptr_t end)
{
    struct vm_area *a = region_find(list, start);
    if (a && a->start < start && split(list, a - list->areas, start) < 0)
        return -ENOMEM;
    a = region_find(list, end);
    if (a && a->start < end && split(list, a - list->areas, end) < 0)
        return -ENOMEM;
    return 0;
}

int region_remove(struct region_list *list, uintptr_t start, uintptr_t end)
{
    if (split_at_edges(list, start, end) < 0)
        return -ENOMEM;
    int i = first_ending_after(list, start), j = i;
    while (j < list->count && list->areas[j].end <= end) {
        if (list->areas[j].file)
            region_file_put(list->areas[j].file);
        j++;
    }
    memmove(&list->areas[i], &list->areas[j], (list->count - j) * sizeof(struct vm_area));
    list->count -= j - i;
    return 0;
}

int region_protect(struct region_list *list, uintptr_t start, uintptr_t end,
                   uint32_t prot)
{
    uintptr_t upto = start;                      /* end of the covered prefix */
    for (struct vm_area *r; upto < end && (r = region_find(list, upto)); )
        upto = r->end < end ? r->end : end;
    if (upto == start)
        return -ENOMEM;
    if (split_at_edges(list, start, upto) < 0)
        return -ENOMEM;
    int first = first_ending_after(list, start), last = first;
    for (; last < list->count && list->areas[last].start < upto; last++) {
        struct vm_area *a = &list->areas[last];
        a->flags = (a->flags & ~VM_PROT_MASK) | (prot & VM_PROT_MASK);
        if ((prot & VM_WRITE) && !(a->flags & VM_SHARED))
            a->flags |= VM_ACCOUNT;
    }
    for (int i = last - 1; i >= first - 1; i--)  /* merge back what now fits */
        try_merge(list, i);
    return upto == end ? 0 : -ENOMEM;
}
