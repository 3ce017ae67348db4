/*
 * mm/region.c - the region set: an AVL tree of struct vm_area keyed by
 * start address, with the regions also chained in address order.
 *
 * Why a tree: a program may have tens of thousands of regions (one per
 * mmap that cannot merge with its neighbours; Linux allows 65530), and
 * every page fault, mmap, munmap and mprotect looks regions up.  A
 * sorted array would move O(n) entries on each insert; the tree finds,
 * adds and removes in O(log n).
 *
 * The tree.  Each node is a region; everything in its left subtree
 * starts below it, everything in its right subtree above.  AVL rule:
 * at every node the two subtrees' heights differ by at most one, which
 * keeps the height below 1.45 log2(n) (about 23 for 65530 regions).
 * After an insert or a removal, rebalance() restores the rule on the
 * way back up with one or two rotations:
 *
 *        n                 l               (rotate_right(n): the left
 *       / \               / \               child l becomes the top;
 *      l   c     -->     a   n              the order a < l < b < n < c
 *     / \                   / \             is kept)
 *    a   b                 b   c
 *
 * The augmentation.  Each node also keeps three facts about its
 * subtree: the lowest start, the highest end, and the largest free gap
 * between two of its regions (sub_gap).  update() recomputes them from
 * the two children, so they stay right wherever heights are fixed.
 * With them, mmap's question "the highest gap of len bytes below the
 * ceiling" skips any subtree whose largest gap is too small, and is
 * answered in O(log n) (region_find_gap; Linux kept the same per-node
 * fact, rb_subtree_gap, in its red-black tree of VMAs until 6.1).
 *
 * The chain.  prev/next link the regions in address order, so walking
 * all of them (/proc/PID/maps, fork) and stepping to a neighbour are
 * O(1) per region.
 *
 * Pure bookkeeping: page tables are mm/mm.c's business, and
 * tests/unit/test_region.c checks this file against a page-by-page model
 * and checks the tree's invariants after every operation.
 */
#include "mm/region.h"
#include "mm/kheap.h"
#include "mm/layout.h"
#include "kernel/errno.h"
#include "lib/string.h"

int max_map_count = DEFAULT_MAX_MAP_COUNT;

/* ---- the tree: heights, augmentation, rotations ----------------------- */

static int height(const struct vm_area *n)
{
    return n ? n->height : 0;
}

static uintptr_t max3(uintptr_t a, uintptr_t b, uintptr_t c)
{
    uintptr_t m = a > b ? a : b;
    return m > c ? m : c;
}

/* Recompute n's height and subtree facts from its children. */
static void update(struct vm_area *n)
{
    struct vm_area *l = n->left, *r = n->right;
    int hl = height(l), hr = height(r);
    n->height = 1 + (hl > hr ? hl : hr);
    n->sub_start = l ? l->sub_start : n->start;
    n->sub_end = r ? r->sub_end : n->end;
    n->sub_gap = max3(l ? l->sub_gap : 0, l ? n->start - l->sub_end : 0,
                      r ? r->sub_start - n->end : 0);
    if (r && r->sub_gap > n->sub_gap)
        n->sub_gap = r->sub_gap;
}

/* The left child becomes the top of this subtree (picture above). */
static struct vm_area *rotate_right(struct vm_area *n)
{
    struct vm_area *l = n->left;
    n->left = l->right;
    l->right = n;
    update(n);
    update(l);
    return l;
}

/* The mirror image: the right child becomes the top. */
static struct vm_area *rotate_left(struct vm_area *n)
{
    struct vm_area *r = n->right;
    n->right = r->left;
    r->left = n;
    update(n);
    update(r);
    return r;
}

/* n's children are balanced trees whose heights may differ by two:
 * rotate so that the AVL rule holds at n again; returns the new top. */
static struct vm_area *rebalance(struct vm_area *n)
{
    update(n);
    int balance = height(n->left) - height(n->right);
    if (balance > 1) {                          /* left side too tall */
        if (height(n->left->left) < height(n->left->right))
            n->left = rotate_left(n->left);     /* left-right case */
        return rotate_right(n);
    }
    if (balance < -1) {                         /* right side too tall */
        if (height(n->right->right) < height(n->right->left))
            n->right = rotate_right(n->right);  /* right-left case */
        return rotate_left(n);
    }
    return n;
}

/* Insert node a (not overlapping anything) into the subtree at n. */
static struct vm_area *tree_insert(struct vm_area *n, struct vm_area *a)
{
    if (!n) {
        a->left = a->right = NULL;
        update(a);
        return a;
    }
    if (a->start < n->start)
        n->left = tree_insert(n->left, a);
    else
        n->right = tree_insert(n->right, a);
    return rebalance(n);
}

/* Detach the lowest node of the subtree at n into *min. */
static struct vm_area *tree_remove_min(struct vm_area *n, struct vm_area **min)
{
    if (!n->left) {
        *min = n;
        return n->right;
    }
    n->left = tree_remove_min(n->left, min);
    return rebalance(n);
}

/* Remove node a from the subtree at n.  A node with two children is
 * replaced by the lowest node of its right subtree (its successor). */
static struct vm_area *tree_remove(struct vm_area *n, struct vm_area *a)
{
    if (a->start < n->start) {
        n->left = tree_remove(n->left, a);
    } else if (a->start > n->start) {
        n->right = tree_remove(n->right, a);
    } else {
        if (!n->left || !n->right)
            return n->left ? n->left : n->right;
        struct vm_area *succ;
        struct vm_area *right = tree_remove_min(n->right, &succ);
        succ->left = n->left;
        succ->right = right;
        n = succ;
    }
    return rebalance(n);
}

/* a's start or end changed in place (its order among the others did
 * not): recompute the subtree facts on the path from the root to a. */
static void tree_refresh(struct vm_area *n, const struct vm_area *a)
{
    if (n != a)
        tree_refresh(a->start < n->start ? n->left : n->right, a);
    update(n);
}

/* ---- adding and removing nodes: tree and chain together --------------- */

/* Put node a into the set just after `prev` (NULL: at the front). */
static void link_node(struct region_list *list, struct vm_area *a,
                      struct vm_area *prev)
{
    a->prev = prev;
    a->next = prev ? prev->next : list->first;
    if (a->next)
        a->next->prev = a;
    else
        list->last = a;
    if (prev)
        prev->next = a;
    else
        list->first = a;
    list->root = tree_insert(list->root, a);
    list->count++;
}

/* Take node a out of the set (the caller frees it). */
static void unlink_node(struct region_list *list, struct vm_area *a)
{
    list->root = tree_remove(list->root, a);
    if (a->prev)
        a->prev->next = a->next;
    else
        list->first = a->next;
    if (a->next)
        a->next->prev = a->prev;
    else
        list->last = a->prev;
    list->count--;
}

/* Drop a node that is out of the set, and its file reference. */
static void free_node(struct vm_area *a)
{
    if (a->file)
        region_file_put(a->file);
    kfree(a);
}

/* Allocate n fresh nodes into nodes[] before changing anything, so that
 * an operation either has all the memory it needs or fails untouched.
 * Nodes reserved by region_reserve are used first. */
static int alloc_nodes(struct region_list *list, struct vm_area **nodes, int n)
{
    int reserved = 0;
    while (reserved < n && list->nspare > 0)
        nodes[reserved++] = list->spare[--list->nspare];
    for (int i = reserved; i < n; i++) {
        nodes[i] = kmalloc(sizeof(struct vm_area));
        if (!nodes[i]) {
            while (i-- > reserved)
                kfree(nodes[i]);
            while (reserved-- > 0)           /* the reserve stays reserved */
                list->spare[list->nspare++] = nodes[reserved];
            return -ENOMEM;
        }
    }
    return 0;
}

int region_reserve(struct region_list *list, int n)
{
    if (n > REGION_SPARES)
        return -ENOMEM;
    while (list->nspare < n) {
        struct vm_area *a = kmalloc(sizeof(struct vm_area));
        if (!a)
            return -ENOMEM;                  /* what was reserved stays reserved */
        list->spare[list->nspare++] = a;
    }
    return 0;
}

/* ---- whole lists ------------------------------------------------------ */

void region_list_init(struct region_list *list)
{
    *list = (struct region_list){ 0 };
}

void region_list_free(struct region_list *list)
{
    for (struct vm_area *a = list->first, *next; a; a = next) {
        next = a->next;
        free_node(a);
    }
    while (list->nspare > 0)
        kfree(list->spare[--list->nspare]);
    region_list_init(list);
}

/* Copy the subtree at n with the same shape (so it is balanced too),
 * chaining the copies in order after *last.  NULL only if out of memory
 * (what was copied is on the chain, for the caller to free). */
static struct vm_area *copy_subtree(const struct vm_area *n, struct vm_area **last,
                                    int *err)
{
    if (!n || *err)
        return NULL;
    struct vm_area *left = copy_subtree(n->left, last, err);
    struct vm_area *c = *err ? NULL : kmalloc(sizeof(*c));
    if (!c) {
        *err = -ENOMEM;
        return NULL;
    }
    *c = *n;
    if (c->file)
        region_file_get(c->file);
    c->left = left;
    c->prev = *last;
    c->next = NULL;
    if (*last)
        (*last)->next = c;
    *last = c;
    c->right = copy_subtree(n->right, last, err);
    return c;
}

int region_list_copy(struct region_list *dst, const struct region_list *src)
{
    region_list_init(dst);
    struct vm_area *last = NULL;
    int err = 0;
    struct vm_area *root = copy_subtree(src->root, &last, &err);
    struct vm_area *first = last;
    while (first && first->prev)
        first = first->prev;
    dst->first = first;
    dst->last = last;
    if (err) {
        region_list_free(dst);       /* walks the chain of what was copied */
        return err;
    }
    dst->root = root;
    dst->count = src->count;
    dst->pages = dst->peak_pages = src->pages;   /* the copy's peak starts here */
    return 0;
}

/* ---- lookups: one path from the root, O(log n) ------------------------ */

struct vm_area *region_next(const struct region_list *list, uintptr_t addr)
{
    /* Regions do not overlap, so ends are in the same order as starts. */
    struct vm_area *best = NULL;
    for (struct vm_area *n = list->root; n;) {
        if (n->end > addr) {
            best = n;
            n = n->left;
        } else {
            n = n->right;
        }
    }
    return best;
}

struct vm_area *region_find(const struct region_list *list, uintptr_t addr)
{
    struct vm_area *a = region_next(list, addr);
    return (a && a->start <= addr) ? a : NULL;
}

struct vm_area *region_prev(const struct region_list *list, uintptr_t addr)
{
    struct vm_area *best = NULL;
    for (struct vm_area *n = list->root; n;) {
        if (n->start < addr) {
            best = n;
            n = n->right;
        } else {
            n = n->left;
        }
    }
    return best;
}

int region_range_free(const struct region_list *list, uintptr_t start, uintptr_t end)
{
    struct vm_area *a = region_next(list, start);
    return !a || a->start >= end;
}

/* ---- the gap search ---------------------------------------------------- */

struct gap_query {
    uint32_t len;
    uintptr_t floor, ceiling;
    int bottom_up;                       /* the lowest fit, not the highest */
};

/* The highest fit for q in the free space around and inside the subtree
 * at n, which lies in [lo, hi): lo is the end of the region before the
 * subtree, hi the start of the one after it.  0: no fit. */
static uintptr_t gap_search(const struct vm_area *n, uintptr_t lo, uintptr_t hi,
                            const struct gap_query *q)
{
    uintptr_t top = hi < q->ceiling ? hi : q->ceiling;
    uintptr_t bottom = lo > q->floor ? lo : q->floor;
    if (top < bottom || top - bottom < q->len)
        return 0;                        /* too little room in this range */
    if (!n)
        return q->bottom_up ? bottom : top - q->len;   /* one gap, and it fits */
    if (max3(n->sub_gap, n->sub_start - lo, hi - n->sub_end) < q->len)
        return 0;                        /* no gap in here is big enough */
    if (q->bottom_up) {                  /* lower first */
        uintptr_t a = gap_search(n->left, lo, n->start, q);
        return a ? a : gap_search(n->right, n->end, hi, q);
    }
    uintptr_t a = gap_search(n->right, n->end, hi, q);   /* higher first */
    return a ? a : gap_search(n->left, lo, n->start, q);
}

uintptr_t region_find_gap(const struct region_list *list, uint32_t len,
                          uintptr_t floor, uintptr_t ceiling)
{
    if (len == 0 || floor == 0)
        return 0;
    struct gap_query q = { .len = len, .floor = floor, .ceiling = ceiling };
    return gap_search(list->root, 0, UINTPTR_MAX, &q);
}

uintptr_t region_find_gap_up(const struct region_list *list, uint32_t len,
                             uintptr_t floor, uintptr_t ceiling)
{
    if (len == 0 || floor == 0)
        return 0;
    struct gap_query q = { .len = len, .floor = floor, .ceiling = ceiling, .bottom_up = 1 };
    return gap_search(list->root, 0, UINTPTR_MAX, &q);
}

/* ---- merging and splitting --------------------------------------------- */

/* Can b be appended to a as one region?  File regions must continue the
 * file page for page, with the same file_end (0: none) not inside a. */
static int mergeable(const struct vm_area *a, const struct vm_area *b)
{
    if (a->end != b->start || a->flags != b->flags || a->file != b->file ||
        strcmp(a->name, b->name) != 0)
        return 0;
    if (!a->file)
        return 1;
    return a->pgoff + (a->end - a->start) / PAGE_SIZE == b->pgoff &&
           (a->file_end == 0 || a->file_end >= a->end) &&
           b->file_end == a->file_end;
}

/* Merge a with the region after it if they fit together. */
static void try_merge(struct region_list *list, struct vm_area *a)
{
    struct vm_area *b = a ? a->next : NULL;
    if (!b || !mergeable(a, b))
        return;
    unlink_node(list, b);
    a->end = b->end;
    tree_refresh(list->root, a);
    free_node(b);
}

/* Split a at addr (strictly inside it) into two regions, the upper half
 * going into the spare node `upper`. */
static void split(struct region_list *list, struct vm_area *a, uintptr_t addr,
                  struct vm_area *upper)
{
    *upper = *a;
    upper->start = addr;
    if (upper->file) {
        upper->pgoff += (addr - a->start) / PAGE_SIZE;
        region_file_get(upper->file);
    }
    a->end = addr;
    tree_refresh(list->root, a);
    link_node(list, upper, a);
}

/* total_vm grew by `pages`: raise the high-water mark with it, so that
 * VmPeak is exact (Linux updates hiwater_vm only before it shrinks). */
static void account_grow(struct region_list *list, uint32_t pages)
{
    list->pages += pages;
    if (list->pages > list->peak_pages)
        list->peak_pages = list->pages;
}

void region_expand_down(struct region_list *list, struct vm_area *r,
                        uintptr_t new_start)
{
    account_grow(list, (r->start - new_start) / PAGE_SIZE);
    r->start = new_start;
    tree_refresh(list->root, r);
}

/* ---- the operations ------------------------------------------------------ */

int region_insert(struct region_list *list, const struct vm_area *area)
{
    if (area->start >= area->end || (area->start | area->end) & (PAGE_SIZE - 1) ||
        !region_range_free(list, area->start, area->end))
        return -EINVAL;
    if (list->count > max_map_count)     /* Linux's do_mmap(): ">" */
        return -ENOMEM;
    struct vm_area *a;
    if (alloc_nodes(list, &a, 1) < 0)
        return -ENOMEM;
    *a = *area;
    if (a->file)
        region_file_get(a->file);
    struct vm_area *prev = region_prev(list, a->start);
    link_node(list, a, prev);
    account_grow(list, (a->end - a->start) / PAGE_SIZE);
    try_merge(list, a);                  /* with the next one */
    try_merge(list, prev);               /* with the previous one */
    return 0;
}

int region_remove(struct region_list *list, uintptr_t start, uintptr_t end)
{
    if (start >= end)
        return 0;              /* an empty range: splitting at start == end
                                  would leave a zero-length region */
    struct vm_area *lo = region_find(list, start), *hi = region_find(list, end);
    int cut_lo = lo && lo->start < start, cut_hi = hi && hi->start < end;
    /* A hole in the middle of one region makes one more region; edges
     * that are cut off make none (as Linux's munmap). */
    if (cut_lo && lo == hi && list->count >= max_map_count)
        return -ENOMEM;
    struct vm_area *spare[2];
    if (alloc_nodes(list, spare, cut_lo + cut_hi) < 0)
        return -ENOMEM;
    if (cut_lo)
        split(list, lo, start, spare[0]);
    if (cut_hi)
        split(list, region_find(list, end), end, spare[cut_lo]);
    for (struct vm_area *a = region_next(list, start), *next;
         a && a->start < end; a = next) {
        next = a->next;
        list->pages -= (a->end - a->start) / PAGE_SIZE;
        unlink_node(list, a);
        free_node(a);
    }
    return 0;
}

/* The flags region a would have after mprotect(prot). */
static uint32_t protected_flags(const struct vm_area *a, uint32_t prot)
{
    uint32_t f = (a->flags & ~VM_PROT_MASK) | (prot & VM_PROT_MASK);
    if ((prot & VM_WRITE) && !(f & (VM_SHARED | VM_NORESERVE)))
        f |= VM_ACCOUNT;
    return f;
}

/* Split the regions at start and at end where cut_lo and cut_hi say, so
 * that [start, end) is made of whole regions; both spare nodes are taken
 * first, so a failure (-ENOMEM, or the max_map_count cap) changes
 * nothing.  0, or -ENOMEM. */
static int split_range_ends(struct region_list *list, uintptr_t start, uintptr_t end,
                            int cut_lo, int cut_hi)
{
    struct vm_area *spare[2];
    if (cut_lo + cut_hi && list->count + cut_lo + cut_hi > max_map_count)
        return -ENOMEM;                  /* Linux's split_vma(): ">=" per split */
    if (alloc_nodes(list, spare, cut_lo + cut_hi) < 0)
        return -ENOMEM;
    if (cut_lo)
        split(list, region_find(list, start), start, spare[0]);
    if (cut_hi)
        split(list, region_find(list, end), end, spare[cut_lo]);
    return 0;
}

/* After the flags of the regions from first up to end changed, merge back
 * what now fits, from the region before the range to the one after it. */
static void merge_range(struct region_list *list, struct vm_area *first, uintptr_t end)
{
    for (struct vm_area *a = first && first->prev ? first->prev : first;
         a && a->start < end;)
        if (a->next && mergeable(a, a->next))
            try_merge(list, a);
        else
            a = a->next;
}

/* Must region a (maybe NULL) be split at addr for mprotect(prot)?  Only
 * if addr is strictly inside it and its flags change. */
static int protect_cuts(const struct vm_area *a, uintptr_t addr, uint32_t prot)
{
    return a && a->start < addr && protected_flags(a, prot) != a->flags;
}

int region_protect(struct region_list *list, uintptr_t start, uintptr_t end,
                   uint32_t prot)
{
    if (start >= end)
        return 0;              /* an empty range changes nothing */
    struct vm_area *r = region_find(list, start);
    if (!r)
        return -ENOMEM;
    uintptr_t upto = r->end < end ? r->end : end;   /* end of the covered prefix */
    while (upto < end && r->next && r->next->start == upto) {
        r = r->next;
        upto = r->end < end ? r->end : end;
    }
    int cut_lo = protect_cuts(region_find(list, start), start, prot);
    int cut_hi = protect_cuts(region_find(list, upto), upto, prot);
    if (split_range_ends(list, start, upto, cut_lo, cut_hi) < 0)
        return -ENOMEM;
    struct vm_area *first = region_find(list, start);
    for (struct vm_area *a = first; a && a->start < upto; a = a->next)
        a->flags = protected_flags(a, prot);
    merge_range(list, first, upto);
    return upto == end ? 0 : -ENOMEM;
}

/* Must region a (maybe NULL) be split at addr to change its flags to
 * (flags & ~clear) | set?  Only if addr is strictly inside it and the
 * flags change. */
static int flags_cut(const struct vm_area *a, uintptr_t addr, uint32_t clear,
                     uint32_t set)
{
    return a && a->start < addr && ((a->flags & ~clear) | set) != a->flags;
}

int region_set_flags(struct region_list *list, uintptr_t start, uintptr_t end,
                     uint32_t clear, uint32_t set)
{
    int cut_lo = flags_cut(region_find(list, start), start, clear, set);
    int cut_hi = flags_cut(region_find(list, end), end, clear, set);
    if (split_range_ends(list, start, end, cut_lo, cut_hi) < 0)
        return -ENOMEM;
    struct vm_area *first = region_next(list, start);
    for (struct vm_area *a = first; a && a->start < end; a = a->next)
        a->flags = (a->flags & ~clear) | set;
    merge_range(list, first, end);
    return 0;
}
