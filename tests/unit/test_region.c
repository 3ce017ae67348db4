/*
 * tests/unit/test_region.c - mm/region.c, the region set (an AVL tree
 * with the regions chained in order), checked against a page-by-page
 * model, with the tree's invariants checked after every operation.
 *
 * The model keeps, for each of NPAGES pages, whether it is mapped and
 * with what (flags, file, file offset of that page, file_end, name), plus
 * a "boundary before this page" bit: region edges the list may have.
 * Each operation sets the boundaries the real code splits at, then the
 * model merges every boundary whose two sides are mergeable (by the rule
 * of mergeable() in mm/region.c, written out again here).  After every
 * random operation the list must equal the regions the model implies,
 * field by field, and the file reference counts must match.
 *
 * The tree must be a valid AVL tree whose in-order walk is the chain,
 * with every node's height and subtree facts (lowest start, highest
 * end, largest gap) equal to what a walk from scratch computes.
 *
 * kmalloc/kfree are malloc/free (LeakSanitizer checks region_list_free
 * frees everything; kmalloc can be made to fail at the Nth call);
 * region_file_get/put count references per fake inode.
 */
#include "mm/region.c"

#include "tests/unit/unit.h"

/* ---- stubs for what region.c calls ---------------------------------- */

static int kmalloc_fail;        /* make kmalloc fail (-ENOMEM paths) */
static long kmalloc_calls;
static long kmalloc_fail_at;    /* if > 0: the call with this number fails */

void *kmalloc(size_t size)
{
    kmalloc_calls++;
    if (kmalloc_fail || kmalloc_calls == kmalloc_fail_at)
        return NULL;
    return malloc(size);
}

void kfree(void *ptr)
{
    free(ptr);
}

#define NFILES 4
static char fake_inodes[NFILES];         /* only their addresses matter */
static long file_refs[NFILES];
static int file_ref_errors;              /* puts without a reference */

static struct inode *fake_file(int i)    /* i in 1..NFILES; 0 = anonymous */
{
    return i ? (struct inode *)&fake_inodes[i - 1] : NULL;
}

static int file_index(const struct inode *f)
{
    if (!f)
        return 0;
    ptrdiff_t i = (const char *)f - fake_inodes;
    return (i >= 0 && i < NFILES) ? (int)i + 1 : -1;
}

void region_file_get(struct inode *file)
{
    int i = file_index(file);
    if (i <= 0) {
        file_ref_errors++;
        return;
    }
    file_refs[i - 1]++;
}

void region_file_put(struct inode *file)
{
    int i = file_index(file);
    if (i <= 0 || file_refs[i - 1] == 0) {
        file_ref_errors++;
        return;
    }
    file_refs[i - 1]--;
}

/* ---- the model ------------------------------------------------------- */

#define NPAGES 4096
#define BASE   0x10000000u               /* address of model page 0 */
#define PG(i)  (BASE + (uintptr_t)(i) * PAGE_SIZE)

static const char *const names[] = { "", "[heap]", "/bin/sh", "[stack]" };
#define NNAMES 4

struct mpage {
    uint8_t mapped;
    uint8_t boundary;        /* a region may start here though page-1 is mapped */
    uint8_t file;            /* 0 anonymous, else 1..NFILES */
    uint8_t name;            /* index into names[] */
    uint32_t flags;
    uint32_t offset;         /* file offset of this page (0 if anonymous) */
    uint32_t file_end;       /* the region's file_end (0 if anonymous) */
};

static struct mpage model[NPAGES + 1];   /* [NPAGES] stays unmapped */

/* Would pages p-1 and p, as the ends of two regions meeting at PG(p), be
 * merged?  mm/region.c's mergeable(): same flags, file and name, and for
 * a file: contiguous offsets, the same file_end, and file_end not inside
 * the lower region. */
static int model_mergeable(int p)
{
    const struct mpage *a = &model[p - 1], *b = &model[p];
    if (!a->mapped || !b->mapped || a->flags != b->flags || a->file != b->file ||
        a->name != b->name)
        return 0;
    if (!a->file)
        return 1;
    return a->offset + PAGE_SIZE == b->offset && a->file_end >= PG(p) &&
           a->file_end == b->file_end;
}

/* Drop the boundaries the real code would merge away. */
static void model_normalize(void)
{
    for (int p = 1; p < NPAGES; p++)
        if (model[p].boundary && model_mergeable(p))
            model[p].boundary = 0;
}

static void model_split(int p)           /* region edges at PG(p) */
{
    if (p > 0 && p < NPAGES)
        model[p].boundary = 1;
}

/* The regions the model implies, in the same form as the list. */
static int model_regions(struct vm_area *out, int max)
{
    int n = 0;
    for (int p = 0; p < NPAGES;) {
        if (!model[p].mapped) {
            p++;
            continue;
        }
        int q = p + 1;
        while (q < NPAGES && model[q].mapped && !model[q].boundary)
            q++;
        if (n < max) {
            struct vm_area *a = &out[n];
            memset(a, 0, sizeof(*a));
            a->start = PG(p);
            a->end = PG(q);
            a->flags = model[p].flags;
            a->file = fake_file(model[p].file);
            a->pgoff = model[p].offset / PAGE_SIZE;
            a->file_end = model[p].file_end;
            strcpy(a->name, names[model[p].name]);
        }
        n++;
        p = q;
    }
    return n;
}

static int page_of(uintptr_t addr)       /* model page, or -1 outside */
{
    if (addr < BASE || addr >= PG(NPAGES))
        return -1;
    return (int)((addr - BASE) / PAGE_SIZE);
}

/* ---- checking the list against the model ----------------------------- */

static const char *describe(const struct vm_area *a, char *buf, size_t n)
{
    snprintf(buf, n, "[%#lx-%#lx) flags %#x file %d pgoff %#x fend %#x \"%s\"",
             (unsigned long)a->start, (unsigned long)a->end, a->flags,
             file_index(a->file), a->pgoff, a->file_end, a->name);
    return buf;
}

static int same_area(const struct vm_area *a, const struct vm_area *b)
{
    return a->start == b->start && a->end == b->end && a->flags == b->flags &&
           a->file == b->file && a->pgoff == b->pgoff &&
           a->file_end == b->file_end && strcmp(a->name, b->name) == 0;
}

/* An independent reading of mergeable(): may a and b (a just before b)
 * be one region? */
static int could_merge(const struct vm_area *a, const struct vm_area *b)
{
    if (a->end != b->start || a->flags != b->flags || a->file != b->file ||
        strcmp(a->name, b->name) != 0)
        return 0;
    if (!a->file)
        return 1;
    return (uint64_t)a->pgoff + (a->end - a->start) / PAGE_SIZE == b->pgoff &&
           a->file_end >= a->end && a->file_end == b->file_end;
}

/* The regions of l along the chain, into out[max]; their number. */
static int chain(const struct region_list *l, const struct vm_area **out, int max)
{
    int n = 0;
    for (const struct vm_area *a = region_first(l); a; a = region_after(a)) {
        if (n < max)
            out[n] = a;
        n++;
    }
    return n;
}

/* What a walk from scratch says about the subtree at n. */
struct subtree_facts {
    int height, count;
    uintptr_t start, end, gap;
};

/* Check the subtree at n: AVL balance, order (everything inside
 * (lo, hi) by start), and the stored height and subtree facts; the
 * in-order walk must follow the chain (*cursor walks it).  0 if wrong. */
static int check_subtree(const struct vm_area *n, uintptr_t lo, uintptr_t hi,
                         const struct vm_area **cursor, struct subtree_facts *f,
                         const char *when)
{
    char b1[160];
    *f = (struct subtree_facts){ 0 };
    if (!n)
        return 1;
    struct subtree_facts L, R;
    if (!check_subtree(n->left, lo, n->start, cursor, &L, when))
        return 0;
    if (n->start < lo || n->start >= hi) {
        CHECK(0, "%s: tree out of order at %s", when, describe(n, b1, sizeof(b1)));
        return 0;
    }
    if (*cursor != n) {
        CHECK(0, "%s: in-order walk and chain differ at %s", when,
              describe(n, b1, sizeof(b1)));
        return 0;
    }
    *cursor = n->next;
    if (!check_subtree(n->right, n->start + 1, hi, cursor, &R, when))
        return 0;
    f->height = 1 + (L.height > R.height ? L.height : R.height);
    f->count = 1 + L.count + R.count;
    f->start = n->left ? L.start : n->start;
    f->end = n->right ? R.end : n->end;
    f->gap = L.gap > R.gap ? L.gap : R.gap;
    if (n->left && n->start - L.end > f->gap)
        f->gap = n->start - L.end;
    if (n->right && R.start - n->end > f->gap)
        f->gap = R.start - n->end;
    int diff = L.height - R.height;
    if (diff < -1 || diff > 1) {
        CHECK(0, "%s: not balanced at %s: heights %d and %d", when,
              describe(n, b1, sizeof(b1)), L.height, R.height);
        return 0;
    }
    if (n->height != f->height || n->sub_start != f->start || n->sub_end != f->end ||
        n->sub_gap != f->gap) {
        CHECK(0, "%s: stale node %s: height %d sub [%#lx-%#lx) gap %#lx, want "
              "%d [%#lx-%#lx) gap %#lx", when, describe(n, b1, sizeof(b1)),
              n->height, (unsigned long)n->sub_start, (unsigned long)n->sub_end,
              (unsigned long)n->sub_gap, f->height, (unsigned long)f->start,
              (unsigned long)f->end, (unsigned long)f->gap);
        return 0;
    }
    return 1;
}

/* The tree and the chain: the same regions, both consistent. */
static int check_tree(const struct region_list *l, const char *when)
{
    const struct vm_area *cursor = l->first, *prev = NULL;
    for (const struct vm_area *a = l->first; a; prev = a, a = a->next)
        if (a->prev != prev) {
            CHECK(0, "%s: chain's prev link broken at %#lx", when,
                  (unsigned long)a->start);
            return 0;
        }
    if (l->last != prev) {
        CHECK(0, "%s: list->last is not the chain's end", when);
        return 0;
    }
    struct subtree_facts f;
    if (!check_subtree(l->root, 0, UINTPTR_MAX, &cursor, &f, when))
        return 0;
    if (cursor != NULL || f.count != l->count) {
        CHECK(0, "%s: tree has %d nodes, count says %d, chain %s", when, f.count,
              l->count, cursor ? "is longer" : "agrees");
        return 0;
    }
    return 1;
}

/* The list's shape: tree invariants, then sorted, aligned, disjoint,
 * maximal along the chain. */
static int check_shape(const struct region_list *l, const char *when)
{
    char b1[160], b2[160];
    if (!check_tree(l, when))
        return 0;
    const struct vm_area *p = NULL;
    int i = 0;
    for (const struct vm_area *a = region_first(l); a; p = a, a = region_after(a), i++) {
        if (a->start >= a->end || (a->start | a->end) & (PAGE_SIZE - 1) ||
            !memchr(a->name, 0, sizeof(a->name))) {
            CHECK(0, "%s: bad region %d %s", when, i, describe(a, b1, sizeof(b1)));
            return 0;
        }
        if (p && p->end > a->start) {
            CHECK(0, "%s: regions %d and %d overlap or are out of order: %s %s",
                  when, i - 1, i, describe(p, b1, sizeof(b1)),
                  describe(a, b2, sizeof(b2)));
            return 0;
        }
        if (p && could_merge(p, a)) {
            CHECK(0, "%s: regions %d and %d should have merged: %s %s",
                  when, i - 1, i, describe(p, b1, sizeof(b1)),
                  describe(a, b2, sizeof(b2)));
            return 0;
        }
    }
    return 1;
}

/* Reference counts must equal the number of regions naming each file in
 * `lists` (the live lists). */
static int check_refs(const struct region_list *const *lists, int nlists,
                      const char *when)
{
    long want[NFILES] = { 0 };
    for (int k = 0; k < nlists; k++)
        for (const struct vm_area *a = region_first(lists[k]); a; a = region_after(a)) {
            int f = file_index(a->file);
            if (f > 0)
                want[f - 1]++;
        }
    int ok = file_ref_errors == 0;
    CHECK(file_ref_errors == 0, "%s: %d bad region_file_get/put calls", when,
          file_ref_errors);
    for (int f = 0; f < NFILES; f++) {
        CHECK(file_refs[f] == want[f], "%s: file %d has %ld references, %ld "
              "regions use it", when, f + 1, file_refs[f], want[f]);
        ok &= file_refs[f] == want[f];
    }
    return ok;
}

/* Lookups at `addr` against the model. */
static int check_lookups_at(const struct region_list *l, uintptr_t addr)
{
    int p = page_of(addr);
    struct vm_area *f = region_find(l, addr);
    struct vm_area *n = region_next(l, addr);
    struct vm_area *v = region_prev(l, addr);

    /* region_find: the region holding addr exactly when it is mapped. */
    int mapped = p >= 0 && model[p].mapped;
    if (mapped ? !(f && f->start <= addr && addr < f->end) : f != NULL) {
        CHECK(0, "region_find(%#lx) wrong (page mapped: %d)", (unsigned long)addr,
              mapped);
        return 0;
    }
    /* region_next: the region holding addr, else the first one above. */
    int q = p < 0 ? (addr < BASE ? 0 : NPAGES) : p;
    while (q < NPAGES && !model[q].mapped)
        q++;
    if (mapped ? n != f
               : (q < NPAGES ? !(n && n->start == PG(q)) : n != NULL)) {
        CHECK(0, "region_next(%#lx) wrong", (unsigned long)addr);
        return 0;
    }
    /* region_prev: the last region starting below addr: the one holding
     * addr - 1 if that is mapped, else the one ending at the last mapped
     * page below addr. */
    int r = addr <= BASE ? -1 : addr > PG(NPAGES) ? NPAGES - 1 : page_of(addr - 1);
    while (r >= 0 && !model[r].mapped)
        r--;
    int ok;
    if (r < 0)
        ok = v == NULL;
    else if (addr - 1 < PG(r + 1))                /* page r holds addr - 1 */
        ok = v && v->start <= addr - 1 && addr - 1 < v->end;
    else
        ok = v && v->end == PG(r + 1);
    if (!ok) {
        CHECK(0, "region_prev(%#lx) wrong", (unsigned long)addr);
        return 0;
    }
    return 1;
}

/* Everything: shape, equality with the model, lookups, references. */
static int check_all(const struct region_list *l, const char *when)
{
    static struct vm_area want[NPAGES];
    static const struct vm_area *got[NPAGES];
    char b1[160], b2[160];
    if (!check_shape(l, when))
        return 0;
    int n = model_regions(want, NPAGES);
    if (n != l->count || chain(l, got, NPAGES) != n) {
        CHECK(0, "%s: %d regions, the model has %d", when, l->count, n);
        return 0;
    }
    for (int i = 0; i < n; i++)
        if (!same_area(got[i], &want[i])) {
            CHECK(0, "%s: region %d is %s, the model says %s", when, i,
                  describe(got[i], b1, sizeof(b1)),
                  describe(&want[i], b2, sizeof(b2)));
            return 0;
        }
    /* Lookups: near every region edge, and at random addresses. */
    for (int i = 0; i < n; i++) {
        uintptr_t e[] = { want[i].start, want[i].end };
        for (int k = 0; k < 2; k++)
            for (int d = -1; d <= 1; d++)
                if (!check_lookups_at(l, e[k] + (uintptr_t)(intptr_t)d))
                    return 0;
    }
    for (int k = 0; k < 64; k++) {
        uintptr_t a = BASE - 4 * PAGE_SIZE + rng_range(0, (NPAGES + 8) * PAGE_SIZE);
        if (!check_lookups_at(l, a))
            return 0;
    }
    if (!check_lookups_at(l, 0) || !check_lookups_at(l, UINTPTR_MAX))
        return 0;
    return 1;
}

/* The highest fit of len pages with floor <= start, end <= ceiling (page
 * numbers), from the model: the start address, or 0. */
static uintptr_t model_gap(int len, int floor, int ceiling)
{
    int run = 0;
    for (int p = ceiling - 1; p >= floor; p--) {
        run = model[p].mapped ? 0 : run + 1;
        if (run == len)
            return PG(p);
    }
    return 0;
}

/* region_find_gap against the model, for random lengths and bounds. */
static int check_gaps(const struct region_list *l, const char *when)
{
    for (int k = 0; k < 16; k++) {
        int len = k < 4 ? 1 : (int)rng_range(1, k < 12 ? 8 : 300);
        int floor = (int)rng_range(0, NPAGES / 2);
        int ceiling = k & 1 ? NPAGES : (int)rng_range((uint64_t)floor, NPAGES);
        uintptr_t want = model_gap(len, floor, ceiling);
        uintptr_t got = region_find_gap(l, (uint32_t)len * PAGE_SIZE, PG(floor), PG(ceiling));
        if (got != want) {
            CHECK(0, "%s: find_gap(%d pages, [%d, %d)) = %#lx, the model says %#lx",
                  when, len, floor, ceiling, (unsigned long)got, (unsigned long)want);
            return 0;
        }
    }
    return 1;
}

/* ---- operations, on the list and the model --------------------------- */

static int range_free_in_model(int s, int e)
{
    for (int p = s; p < e; p++)
        if (model[p].mapped)
            return 0;
    return 1;
}

struct attrs {
    uint32_t flags;
    int file, name;
    uint32_t offset, file_end;       /* offset of the first page */
};

/* What the random test did, to see that every path is exercised. */
static struct {
    int insert_ok, insert_einval, insert_merged, removes, protect_ok,
        protect_enomem, protect_merged, copies, capped;
} stats;

static int do_insert(struct region_list *l, int s, int e, const struct attrs *at)
{
    int before = l->count;
    struct vm_area a;
    memset(&a, 0, sizeof(a));
    a.start = PG(s);
    a.end = PG(e);
    a.flags = at->flags;
    a.file = fake_file(at->file);
    a.pgoff = at->file ? at->offset / PAGE_SIZE : 0;
    a.file_end = at->file ? at->file_end : 0;
    strcpy(a.name, names[at->name]);
    int want = range_free_in_model(s, e) ? 0 : -EINVAL;
    if (want == 0 && l->count > max_map_count)
        want = -ENOMEM;                      /* the cap, as Linux's do_mmap */
    int got = region_insert(l, &a);
    CHECK(got == want, "insert [%d,%d) returned %d, want %d", s, e, got, want);
    stats.insert_ok += got == 0;
    stats.insert_einval += got == -EINVAL;
    stats.capped += got == -ENOMEM;
    stats.insert_merged += got == 0 && l->count <= before;
    if (got == 0) {
        for (int p = s; p < e; p++)
            model[p] = (struct mpage){
                .mapped = 1, .file = (uint8_t)at->file, .name = (uint8_t)at->name,
                .flags = at->flags,
                .offset = at->file ? at->offset + (uint32_t)(p - s) * PAGE_SIZE : 0,
                .file_end = a.file_end,
            };
        model_split(s);
        model_split(e);
        model_normalize();
    }
    return got;
}

/* Do pages [s - 1, e] lie in one region (so removing [s, e) cuts a hole)? */
static int model_one_region(int s, int e)
{
    if (s < 1 || e >= NPAGES)
        return 0;
    for (int p = s - 1; p <= e; p++)
        if (!model[p].mapped || (p >= s && model[p].boundary))
            return 0;
    return 1;
}

static void do_remove(struct region_list *l, int s, int e)
{
    int want = s < e && model_one_region(s, e) && l->count >= max_map_count ? -ENOMEM : 0;
    int got = region_remove(l, PG(s), PG(e));
    stats.removes++;
    CHECK(got == want, "remove [%d,%d) returned %d, want %d", s, e, got, want);
    if (got != 0) {
        stats.capped++;
        return;
    }
    if (s >= e)
        return;                          /* an empty range: nothing to split */
    for (int p = s; p < e; p++)
        model[p] = (struct mpage){ 0 };
    model_split(s);
    model_split(e);
    model_normalize();
}

/* The flags page p would have after mprotect(prot). */
static uint32_t protected_model_flags(int p, uint32_t prot)
{
    uint32_t f = (model[p].flags & ~VM_PROT_MASK) | (prot & VM_PROT_MASK);
    if ((prot & VM_WRITE) && !(f & VM_SHARED))
        f |= VM_ACCOUNT;
    return f;
}

/* mprotect as Linux does it: the regions from s onwards are changed up
 * to the first hole, and a hole anywhere in [s, e) gives -ENOMEM. */
static void do_protect(struct region_list *l, int s, int e, uint32_t prot)
{
    int upto = s;                        /* end of the covered prefix */
    while (upto < e && model[upto].mapped)
        upto++;
    int want = upto == e ? 0 : -ENOMEM;
    /* As Linux, a region is split only where its flags change. */
    int cut_s = s > 0 && upto > s && !model[s].boundary && model[s - 1].mapped &&
                protected_model_flags(s, prot) != model[s].flags;
    int cut_e = upto < NPAGES && upto > s && !model[upto].boundary &&
                model[upto].mapped &&
                protected_model_flags(upto - 1, prot) != model[upto - 1].flags;
    int capped = (cut_s || cut_e) && l->count + cut_s + cut_e > max_map_count;
    if (capped)
        want = -ENOMEM;                      /* and nothing changes */
    int before = l->count;
    int got = region_protect(l, PG(s), PG(e), prot);
    CHECK(got == want, "protect [%d,%d) returned %d, want %d", s, e, got, want);
    stats.capped += capped;
    if (capped)
        return;
    stats.protect_ok += got == 0;
    stats.protect_enomem += got == -ENOMEM;
    stats.protect_merged += got == 0 && l->count < before;
    if (got == 0 || got == -ENOMEM) {
        for (int p = s; p < upto; p++) {
            model[p].flags = (model[p].flags & ~VM_PROT_MASK) | (prot & VM_PROT_MASK);
            if ((prot & VM_WRITE) && !(model[p].flags & VM_SHARED))
                model[p].flags |= VM_ACCOUNT;     /* private, made writable */
        }
        if (cut_s)
            model_split(s);
        if (cut_e)
            model_split(upto);
        model_normalize();
    }
}

static const uint32_t prot_choices[] = {
    VM_READ, VM_READ | VM_WRITE, VM_READ | VM_EXEC, 0,
    VM_READ | VM_WRITE | VM_EXEC,
};

static uint32_t random_flags(void)
{
    uint32_t f = prot_choices[rng_range(0, 4)];
    if (rng_range(0, 9) == 0)
        f |= VM_SHARED;
    if (rng_range(0, 19) == 0)
        f |= VM_GROWSDOWN;
    return f;
}

static void random_attrs(struct attrs *at, int s, int e)
{
    at->flags = random_flags();
    at->file = rng_range(0, 1) ? (int)rng_range(1, NFILES) : 0;
    at->name = (int)rng_range(0, NNAMES - 1);
    at->offset = (uint32_t)rng_range(0, 1024) * PAGE_SIZE;
    switch (rng_range(0, 2)) {
    case 0:                          /* the file covers the region */
        at->file_end = (uint32_t)(PG(e) + rng_range(0, 3) * PAGE_SIZE);
        break;
    case 1:                          /* .data then .bss: ends inside */
        at->file_end = (uint32_t)(PG(s) + rng_range(0, (uint64_t)(e - s) * PAGE_SIZE));
        break;
    default:                         /* anything, even below the start */
        at->file_end = (uint32_t)rng_range(PG(0), PG(NPAGES));
        break;
    }
}

/* Attributes that continue page p (so the new region can merge with it):
 * `delta` pages after it. */
static void attrs_like(struct attrs *at, int p, int delta)
{
    at->flags = model[p].flags;
    at->file = model[p].file;
    at->name = model[p].name;
    at->file_end = model[p].file_end;
    at->offset = model[p].offset + (uint32_t)delta * PAGE_SIZE;
    if (rng_range(0, 3) == 0)          /* all alike but file_end: no merge */
        at->file_end += (uint32_t)rng_range(1, 2) * PAGE_SIZE;
}

static int random_mapped_page(void)
{
    for (int tries = 0; tries < 64; tries++) {
        int p = (int)rng_range(0, NPAGES - 1);
        if (model[p].mapped)
            return p;
    }
    return -1;
}

static int random_len(void)
{
    switch (rng_range(0, 9)) {
    case 0:  return (int)rng_range(1, 400);
    case 1:
    case 2:  return 1;
    default: return (int)rng_range(1, 24);
    }
}

static void random_insert(struct region_list *l)
{
    int len = random_len(), s;
    struct attrs at;
    int p = random_mapped_page(), mode = (int)rng_range(0, 2);
    if (p < 0 || mode == 0) {
        s = (int)rng_range(0, NPAGES - 1);               /* anywhere */
    } else if (mode == 1) {
        while (p < NPAGES && model[p].mapped)            /* just after */
            p++;
        s = p;
    } else {
        while (p > 0 && model[p - 1].mapped)             /* just before */
            p--;
        s = p - len;
    }
    if (s < 0)
        s = 0;
    if (s >= NPAGES)
        s = NPAGES - 1;
    int e = s + len > NPAGES ? NPAGES : s + len;
    /* Usually shrink to the free part, so most inserts succeed. */
    if (rng_range(0, 9) < 7) {
        int q = s;
        while (q < e && !model[q].mapped)
            q++;
        if (q > s)
            e = q;
    }
    random_attrs(&at, s, e);
    if (s > 0 && model[s - 1].mapped && rng_range(0, 1))
        attrs_like(&at, s - 1, 1);                       /* continue it */
    else if (e < NPAGES && model[e].mapped && rng_range(0, 1) &&
             model[e].offset >= (uint32_t)(e - s) * PAGE_SIZE)
        attrs_like(&at, e, -(e - s));                    /* lead into it */
    do_insert(l, s, e, &at);
}

static void random_remove(struct region_list *l)
{
    int s, e, p = random_mapped_page();
    if (p >= 0 && rng_range(0, 1)) {
        s = p - (int)rng_range(0, 8);                    /* around a region */
        e = p + (int)rng_range(1, 16);
    } else {
        s = (int)rng_range(0, NPAGES - 1);
        e = s + random_len();
    }
    s = s < 0 ? 0 : s;
    e = e > NPAGES ? NPAGES : e;
    if (rng_range(0, 19) == 0)
        e = s;                                           /* an empty range */
    do_remove(l, s, e);
}

static void random_protect(struct region_list *l)
{
    int s, e, p = random_mapped_page();
    if (p >= 0 && rng_range(0, 4)) {
        /* A covered range: inside the run of mapped pages around p. */
        int lo = p, hi = p + 1;
        while (lo > 0 && model[lo - 1].mapped)
            lo--;
        while (hi < NPAGES && model[hi].mapped)
            hi++;
        s = (int)rng_range((uint64_t)lo, (uint64_t)hi - 1);
        e = (int)rng_range((uint64_t)s + 1, (uint64_t)hi);
        if (rng_range(0, 9) == 0) {                      /* one page too far */
            s = lo > 0 ? lo - 1 : s;
            e = hi < NPAGES ? hi + 1 : e;
        }
    } else {
        s = (int)rng_range(0, NPAGES - 1);
        e = s + random_len();
        e = e > NPAGES ? NPAGES : e;
    }
    if (rng_range(0, 19) == 0)
        e = s;                                           /* an empty range */
    /* Sometimes the flags it has now, or a neighbour's: merges follow. */
    uint32_t prot = prot_choices[rng_range(0, 4)];
    if (rng_range(0, 3) == 0 && s > 0 && model[s - 1].mapped)
        prot = model[s - 1].flags & VM_PROT_MASK;
    do_protect(l, s, e, prot);
}

/* Copy the list; the copy must be equal and hold its own references.
 * Then keep one of the two, freeing the other. */
static void random_copy(struct region_list *l)
{
    struct region_list c;
    int got = region_list_copy(&c, l);
    stats.copies++;
    CHECK(got == 0, "region_list_copy returned %d", got);
    if (got)
        return;
    CHECK(c.count == l->count && (c.count == 0 || c.first != l->first),
          "copy has %d regions, original %d", c.count, l->count);
    check_shape(&c, "the copy");
    for (const struct vm_area *a = c.first, *b = l->first; a && b; a = a->next, b = b->next)
        CHECK(same_area(a, b), "copy differs at %#lx", (unsigned long)a->start);
    const struct region_list *both[] = { l, &c };
    check_refs(both, 2, "after copy");
    if (rng_range(0, 1)) {
        region_list_free(l);
        CHECK(l->count == 0 && l->root == NULL && l->first == NULL,
              "freed list not empty");
        *l = c;                    /* carry on with the copy */
    } else {
        region_list_free(&c);
    }
}

/* Bad arguments: rejected, nothing changes. */
static void random_invalid(struct region_list *l)
{
    struct vm_area a;
    memset(&a, 0, sizeof(a));
    a.flags = VM_READ;
    int s = (int)rng_range(0, NPAGES - 2);
    switch (rng_range(0, 3)) {
    case 0:  a.start = a.end = PG(s); break;                       /* empty */
    case 1:  a.start = PG(s + 1); a.end = PG(s); break;            /* reversed */
    case 2:  a.start = PG(s) + 0x10; a.end = PG(s + 1); break;     /* unaligned */
    default: a.start = PG(s); a.end = PG(s + 1) - 1; break;
    }
    int got = region_insert(l, &a);
    CHECK(got == -EINVAL, "insert [%#lx,%#lx) returned %d, want -EINVAL",
          (unsigned long)a.start, (unsigned long)a.end, got);
}

#define RANDOM_OPS 6000

/* RANDOM_OPS random operations, checked after each; with max_map_count
 * at `cap`. */
static void test_random(const char *group, int cap)
{
    group_begin(group);
    max_map_count = cap;
    memset(&stats, 0, sizeof(stats));
    uint64_t seed = unit_seed(0x5E9107);
    rng_seed(seed);
    memset(model, 0, sizeof(model));
    struct region_list l;
    region_list_init(&l);
    static const char *const what[] = {
        "insert", "insert", "insert", "insert", "remove", "remove", "protect",
        "protect", "protect", "copy", "invalid",
    };
    int maxcount = 0, op;
    for (op = 0; op < RANDOM_OPS; op++) {
        int k = (int)rng_range(0, 10);
        switch (k) {
        case 0: case 1: case 2: case 3: random_insert(&l); break;
        case 4: case 5:                 random_remove(&l); break;
        case 6: case 7: case 8:         random_protect(&l); break;
        case 9:                         random_copy(&l); break;
        default:                        random_invalid(&l); break;
        }
        char when[64];
        snprintf(when, sizeof(when), "op %d (%s)", op, what[k]);
        const struct region_list *one[] = { &l };
        if (!check_all(&l, when) || !check_refs(one, 1, when) || !check_gaps(&l, when) ||
            group_failed())
            break;
        if (l.count > maxcount)
            maxcount = l.count;
        /* Now and then start again, so that both sparse and crowded lists
         * are seen. */
        if (op % 1500 == 1499) {
            region_remove(&l, PG(0), PG(NPAGES));
            memset(model, 0, sizeof(model));
            CHECK(l.count == 0, "remove of everything left %d", l.count);
        }
    }
    region_list_free(&l);
    const struct region_list *none[] = { NULL };
    check_refs(none, 0, "after region_list_free");
    printf("  random: %d operations, up to %d regions; inserts %d ok (%d merged) "
           "%d refused; %d removes; protects %d ok (%d merged) %d refused; "
           "%d copies; %d refused by the cap\n", op, maxcount, stats.insert_ok, stats.insert_merged,
           stats.insert_einval, stats.removes, stats.protect_ok,
           stats.protect_merged, stats.protect_enomem, stats.copies, stats.capped);
    if (group_failed())
        printf("(random seed 0x%llx: rerun with UNIT_SEED=0x%llx)\n",
               (unsigned long long)seed, (unsigned long long)seed);
    group_end();
}

/* ---- worked examples ------------------------------------------------- */

static struct vm_area area(uintptr_t s, uintptr_t e, uint32_t flags, int file,
                           uint32_t offset, uint32_t file_end, const char *name)
{
    struct vm_area a;
    memset(&a, 0, sizeof(a));
    a = (struct vm_area){ .start = s, .end = e, .flags = flags,
                          .file = fake_file(file), .pgoff = offset / PAGE_SIZE,
                          .file_end = file_end };
    strcpy(a.name, name);
    return a;
}

/* Private writable regions carry VM_ACCOUNT, as mm_add_region makes them. */
#define RW (VM_READ | VM_WRITE | VM_ACCOUNT)
#define RX (VM_READ | VM_EXEC)

static void test_examples(void)
{
    group_begin("region_examples");
    struct region_list l;
    region_list_init(&l);
    CHECK(region_find(&l, 0x1000) == NULL && region_next(&l, 0) == NULL &&
          region_prev(&l, 0xFFFFF000) == NULL, "lookups in an empty list");
    CHECK(region_range_free(&l, 0, 0xC0000000));

    /* Two anonymous halves merge into one. */
    struct vm_area a = area(0x10000, 0x20000, RW, 0, 0, 0, "[heap]");
    struct vm_area b = area(0x20000, 0x30000, RW, 0, 0, 0, "[heap]");
    CHECK(region_insert(&l, &b) == 0 && region_insert(&l, &a) == 0);
    CHECK(l.count == 1 && l.first->start == 0x10000 && l.first->end == 0x30000);
    /* Different names or flags do not merge. */
    struct vm_area c = area(0x30000, 0x31000, RW, 0, 0, 0, "");
    struct vm_area d = area(0x0f000, 0x10000, RX, 0, 0, 0, "[heap]");
    CHECK(region_insert(&l, &c) == 0 && region_insert(&l, &d) == 0 && l.count == 3);
    /* Overlaps are refused, even by one page. */
    struct vm_area o = area(0x2f000, 0x32000, RW, 0, 0, 0, "");
    CHECK(region_insert(&l, &o) == -EINVAL && l.count == 3);
    CHECK(!region_range_free(&l, 0x30000, 0x31000));
    CHECK(region_range_free(&l, 0x31000, 0x40000));

    /* munmap of the middle splits; then the hole is refilled. */
    CHECK(region_remove(&l, 0x18000, 0x19000) == 0 && l.count == 4);
    CHECK(region_find(&l, 0x18000) == NULL && region_find(&l, 0x17fff) != NULL);
    struct vm_area h = area(0x18000, 0x19000, RW, 0, 0, 0, "[heap]");
    CHECK(region_insert(&l, &h) == 0 && l.count == 3, "hole refilled: %d", l.count);

    /* An empty range inside a region changes nothing (it used to split
     * the region twice at one address, leaving a zero-length node that
     * later became a use-after-free: found by the fuzzer, seed 3). */
    CHECK(region_remove(&l, 0x12000, 0x12000) == 0 && l.count == 3);
    CHECK(region_protect(&l, 0x12000, 0x12000, VM_READ) == 0 && l.count == 3);
    check_shape(&l, "after empty ranges");

    /* mprotect the middle: three pieces; back again: one. */
    CHECK(region_protect(&l, 0x14000, 0x16000, VM_READ) == 0 && l.count == 5);
    CHECK(region_find(&l, 0x15000)->flags == (VM_READ | VM_ACCOUNT));
    CHECK(region_protect(&l, 0x14000, 0x16000, RW) == 0 && l.count == 3);
    /* Across a gap: as Linux, the part before the gap changes, then -ENOMEM. */
    CHECK(region_protect(&l, 0x30000, 0x33000, VM_READ) == -ENOMEM);
    CHECK(region_find(&l, 0x30000)->flags == (VM_READ | VM_ACCOUNT));
    CHECK(region_find(&l, 0x2f000)->flags == RW);
    CHECK(region_protect(&l, 0x30000, 0x31000, RW) == 0 && l.count == 3, "%d", l.count);
    /* Starting in a gap: -ENOMEM and nothing changes. */
    CHECK(region_protect(&l, 0x31000, 0x33000, VM_READ) == -ENOMEM && l.count == 3);
    /* mprotect keeps VM_SHARED etc. and ignores non-prot bits of prot. */
    struct vm_area s = area(0x40000, 0x42000, VM_READ | VM_WRITE | VM_SHARED, 0, 0, 0, "");
    CHECK(region_insert(&l, &s) == 0);
    CHECK(region_protect(&l, 0x40000, 0x42000, VM_READ | VM_GROWSDOWN) == 0);
    CHECK(region_find(&l, 0x41000)->flags == (VM_READ | VM_SHARED));
    /* A shared region made writable is not "accounted". */
    CHECK(region_protect(&l, 0x40000, 0x42000, VM_READ | VM_WRITE) == 0);
    CHECK(region_find(&l, 0x41000)->flags == (VM_READ | VM_WRITE | VM_SHARED));
    /* Empty ranges, even strictly inside a region, change nothing. */
    int n0 = l.count;
    CHECK(region_remove(&l, 0x15000, 0x15000) == 0 && l.count == n0);
    CHECK(region_protect(&l, 0x15000, 0x15000, VM_EXEC) == 0 && l.count == n0);
    CHECK(region_remove(&l, 0x16000, 0x15000) == 0 && l.count == n0);
    check_shape(&l, "after empty ranges");
    /* The stack grows down: the tree's facts follow the new start. */
    struct vm_area st = area(0xbf000000, 0xbf001000, RW | VM_GROWSDOWN, 0, 0, 0, "[stack]");
    CHECK(region_insert(&l, &st) == 0);
    region_expand_down(&l, region_find(&l, 0xbf000000), 0xbe000000);
    CHECK(region_find(&l, 0xbe000000) && region_find(&l, 0xbe000000)->end == 0xbf001000);
    check_shape(&l, "after region_expand_down");
    CHECK(region_find_gap(&l, 0x1000, 0x10000, 0xbf000000) == 0xbdfff000);
    region_list_free(&l);
    group_end();

    group_begin("region_file_examples");
    region_list_init(&l);
    /* A program's text: file 1 from offset 0x1000; data continues it. */
    struct vm_area t = area(0x8049000, 0x804b000, RX, 1, 0x1000, 0x804c0ac, "/bin/sh");
    CHECK(region_insert(&l, &t) == 0 && file_refs[0] == 1);
    struct vm_area t2 = area(0x804b000, 0x804c000, RX, 1, 0x3000, 0x804c0ac, "/bin/sh");
    CHECK(region_insert(&l, &t2) == 0 && l.count == 1 && file_refs[0] == 1,
          "contiguous file pieces merge: %d regions, %ld refs", l.count, file_refs[0]);
    /* Everything alike but file_end: no merge. */
    struct vm_area t4 = area(0x804c000, 0x804d000, RX, 1, 0x4000, 0x804d000, "/bin/sh");
    CHECK(region_insert(&l, &t4) == 0 && l.count == 2 && file_refs[0] == 2);
    CHECK(region_remove(&l, 0x804c000, 0x804d000) == 0 && file_refs[0] == 1);
    /* Not contiguous in the file: no merge. */
    struct vm_area t3 = area(0x804c000, 0x804d000, RX, 1, 0x5000, 0x804c0ac, "/bin/sh");
    CHECK(region_insert(&l, &t3) == 0 && l.count == 2 && file_refs[0] == 2);
    CHECK(region_remove(&l, 0x804c000, 0x804d000) == 0 && file_refs[0] == 1);
    /* Split: the upper piece's offset moves along and takes a reference. */
    CHECK(region_remove(&l, 0x804a000, 0x804b000) == 0 && l.count == 2);
    CHECK(file_refs[0] == 2, "refs %ld", file_refs[0]);
    struct vm_area *up = region_find(&l, 0x804b000);
    CHECK(up && up->pgoff == 3 && up->file_end == 0x804c0ac);
    /* file_end inside the lower region: the pieces stay apart. */
    struct vm_area bss = area(0x9000000, 0x9004000, RW, 2, 0, 0x9001800, "");
    CHECK(region_insert(&l, &bss) == 0 && file_refs[1] == 1);
    CHECK(region_protect(&l, 0x9002000, 0x9003000, VM_READ) == 0);
    CHECK(region_protect(&l, 0x9002000, 0x9003000, RW) == 0);
    CHECK(l.count == 5 && file_refs[1] == 3, "count %d refs %ld", l.count, file_refs[1]);
    /* ...but before file_end they merge back. */
    CHECK(region_protect(&l, 0x9000000, 0x9001000, VM_READ) == 0);
    CHECK(region_protect(&l, 0x9000000, 0x9001000, RW) == 0);
    CHECK(l.count == 5 && file_refs[1] == 3, "count %d refs %ld", l.count, file_refs[1]);
    region_list_free(&l);
    CHECK(file_refs[0] == 0 && file_refs[1] == 0 && file_ref_errors == 0);
    group_end();
}

/* kmalloc failing: -ENOMEM, and the list still means the same thing. */
static void test_enomem(void)
{
    group_begin("region_enomem");
    memset(model, 0, sizeof(model));
    struct region_list l;
    region_list_init(&l);
    /* 16 three-page regions that cannot merge (alternating flags). */
    for (int i = 0; i < 16; i++) {
        struct attrs at = { .flags = (i & 1) ? VM_READ : RW, .file = 1 + i % 2,
                            .offset = (uint32_t)i * 0x10000,
                            .file_end = (uint32_t)PG(NPAGES), .name = 0 };
        do_insert(&l, 4 * i, 4 * i + 3, &at);
    }
    CHECK(l.count == 16, "count %d", l.count);
    kmalloc_fail = 1;
    struct vm_area a = area(PG(100), PG(101), RW, 0, 0, 0, "");
    CHECK(region_insert(&l, &a) == -ENOMEM);
    CHECK(region_remove(&l, PG(1), PG(2)) == -ENOMEM);           /* needs a split */
    CHECK(region_protect(&l, PG(4), PG(5), VM_EXEC) == -ENOMEM);
    struct region_list c;
    CHECK(region_list_copy(&c, &l) == -ENOMEM);
    CHECK(c.count == 0 && c.first == NULL && c.root == NULL);
    kmalloc_fail = 0;
    const struct region_list *one[] = { &l };
    check_refs(one, 1, "after -ENOMEM");
    check_all(&l, "after -ENOMEM");
    /* The second of two allocations failing: a remove or protect that
     * cuts two regions changes nothing; a copy failing half-way leaves
     * an empty copy.  Nothing leaks either way. */
    for (int k = 1; k <= 2; k++) {
        kmalloc_calls = 0;
        kmalloc_fail_at = k;
        CHECK(region_remove(&l, PG(1), PG(6)) == -ENOMEM, "remove, allocation %d", k);
        kmalloc_calls = 0;
        CHECK(region_protect(&l, PG(9), PG(10), VM_READ | VM_EXEC) == -ENOMEM,
              "protect, allocation %d", k);
    }
    for (int k = 1; k <= 16; k++) {
        kmalloc_calls = 0;
        kmalloc_fail_at = k;
        CHECK(region_list_copy(&c, &l) == -ENOMEM && c.count == 0 && !c.first,
              "copy failing at allocation %d", k);
    }
    kmalloc_fail_at = 0;
    check_refs(one, 1, "after half-done -ENOMEM");
    check_all(&l, "after half-done -ENOMEM");
    /* Whole regions go without needing memory. */
    kmalloc_fail = 1;
    CHECK(region_remove(&l, PG(0), PG(8)) == 0);
    kmalloc_fail = 0;
    for (int p = 0; p < 8; p++)
        model[p] = (struct mpage){ 0 };
    check_refs(one, 1, "after remove");
    check_all(&l, "after remove");
    region_list_free(&l);
    group_end();
}

/* max_map_count, as Linux: a new region is refused once count is above
 * the cap; a hole in the middle of one region needs count below it; an
 * mprotect may split only while count stays at most the cap.  Refusals
 * change nothing. */
static void test_max_map_count(void)
{
    group_begin("region_max_map_count");
    memset(model, 0, sizeof(model));
    struct region_list l;
    region_list_init(&l);
    max_map_count = 6;
    struct attrs at = { .flags = RW };
    for (int i = 0; i < 7; i++) {                 /* 7 = the cap + 1, as Linux */
        at.flags = (i & 1) ? VM_READ : RW;
        CHECK(do_insert(&l, 4 * i, 4 * i + 3, &at) == 0, "region %d", i);
    }
    CHECK(l.count == 7);
    struct vm_area a = area(PG(100), PG(101), RW, 0, 0, 0, "");
    CHECK(region_insert(&l, &a) == -ENOMEM, "an 8th region");
    struct vm_area b = area(PG(3), PG(4), RW, 0, 0, 0, "");
    CHECK(region_insert(&l, &b) == -ENOMEM, "even one that would merge");
    CHECK(region_remove(&l, PG(1), PG(2)) == -ENOMEM, "a hole in a region");
    CHECK(region_protect(&l, PG(1), PG(2), VM_EXEC) == -ENOMEM, "a split");
    CHECK(region_protect(&l, PG(0), PG(1), VM_EXEC) == -ENOMEM, "an edge split");
    check_all(&l, "after the refusals");
    /* What does not add a region still works at the cap. */
    CHECK(region_protect(&l, PG(0), PG(3), VM_EXEC) == 0, "a whole region");
    CHECK(region_protect(&l, PG(1), PG(2), VM_EXEC) == 0, "no change: no split");
    CHECK(region_remove(&l, PG(0), PG(1)) == 0, "an edge cut off");
    CHECK(region_remove(&l, PG(4), PG(7)) == 0 && l.count == 6, "a whole region");
    for (int p = 0; p < 7; p++)
        model[p] = (struct mpage){ 0 };
    for (int p = 1; p < 3; p++)
        model[p] = (struct mpage){ .mapped = 1, .flags = VM_EXEC | VM_ACCOUNT };
    model_split(1);
    model_split(3);
    check_all(&l, "after the removes");
    CHECK(region_remove(&l, PG(9), PG(10)) == -ENOMEM, "a hole at count == cap");
    CHECK(region_remove(&l, PG(12), PG(15)) == 0 && l.count == 5);
    CHECK(region_remove(&l, PG(9), PG(10)) == 0 && l.count == 6, "a hole: 5 < cap");
    CHECK(region_remove(&l, PG(17), PG(18)) == -ENOMEM, "and no second");
    region_list_free(&l);

    /* Linux's real cap, on the host: 65531 regions, the tree stays
     * within the AVL height bound, and lookups still answer right. */
    max_map_count = DEFAULT_MAX_MAP_COUNT;
    region_list_init(&l);
    uintptr_t base = 0x1000000;
    int made = 0, err = 0;
    for (; made <= DEFAULT_MAX_MAP_COUNT + 1 && !err; made++) {
        struct vm_area r = area(base + (uintptr_t)made * PAGE_SIZE,
                                base + (uintptr_t)(made + 1) * PAGE_SIZE,
                                (made & 1) ? VM_READ : RW, 0, 0, 0, "");
        err = region_insert(&l, &r);
    }
    CHECK(err == -ENOMEM && l.count == DEFAULT_MAX_MAP_COUNT + 1,
          "%d regions made, then %d", l.count, err);
    CHECK(l.root->height <= 23, "height %d for %d regions (AVL: at most "
          "1.44 log2(n + 2))", l.root->height, l.count);
    check_shape(&l, "65531 regions");
    CHECK(region_find(&l, base + 1000 * PAGE_SIZE + 5)->start == base + 1000 * PAGE_SIZE);
    CHECK(region_find_gap(&l, PAGE_SIZE, 0x10000, base + 70000 * PAGE_SIZE) ==
          base + 69999 * PAGE_SIZE);
    CHECK(region_find_gap(&l, PAGE_SIZE, 0x10000, base + 1000 * PAGE_SIZE) ==
          base - PAGE_SIZE, "the gap below them all");
    CHECK(region_remove(&l, base, base + (uintptr_t)l.count * PAGE_SIZE) == 0 &&
          l.count == 0 && l.root == NULL);
    region_list_free(&l);
    group_end();
}

int main(void)
{
    rng_seed(1);
    test_examples();
    test_enomem();
    test_max_map_count();
    test_random("region_random", DEFAULT_MAX_MAP_COUNT);
    test_random("region_random_capped", 40);
    max_map_count = DEFAULT_MAX_MAP_COUNT;
    return unit_exit();
}
