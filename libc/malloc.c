/*
 * libc/malloc.c - the memory allocator: malloc, free, calloc, realloc.
 *
 * Small requests are served from size classes: blocks of 32, 64, 128,
 * ... 128 KiB bytes (powers of two, header included).  Each class has
 * its own free list; free() pushes a block onto its class's list and
 * malloc() pops one off.  An empty list is refilled from the program
 * break (sbrk), a page at a time for the small classes.  Break memory is
 * never returned to the kernel.
 *
 * Requests too big for the largest class (about 128 KiB and up) get
 * their own anonymous mmap, which free() gives back with munmap.
 *
 * Every block starts with a 16-byte header, so the memory we hand out
 * is 16-byte aligned.  Its magic number lets free() catch pointers that
 * malloc never returned and blocks freed twice.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MIN_SHIFT  5             /* smallest block: 32 bytes */
#define MAX_SHIFT  17            /* largest block: 128 KiB */
#define PAGE       4096

#define MAGIC_SMALL 0xa110c8edu  /* in use, from a size class */
#define MAGIC_BIG   0xb16b10c0u  /* in use, its own mmap */
#define MAGIC_FREE  0xf7eeb10cu  /* on a free list */

struct header {
    size_t size;                 /* block bytes, header included */
    unsigned int magic;          /* one of the MAGIC_ values */
    unsigned int shift;          /* size class: size == 1 << shift */
    struct header *next;         /* next free block of this class */
};

_Static_assert(sizeof(struct header) == 16, "header keeps 16-byte alignment");

static struct header *free_list[MAX_SHIFT + 1];

/* Report heap corruption or misuse and stop, without using stdio (which
 * may itself be what is broken). */
static void die(const char *what)
{
    write(2, "malloc: ", 8);
    write(2, what, strlen(what));
    write(2, "\n", 1);
    abort();
}

/* The smallest class whose blocks hold `bytes` (header included). */
static unsigned int class_of(size_t bytes)
{
    unsigned int shift = MIN_SHIFT;
    while (((size_t)1 << shift) < bytes)
        shift++;
    return shift;
}

/* Put fresh blocks of class `shift` on its free list: carve one page
 * into several blocks, or take one block for the large classes. */
static int refill(unsigned int shift)
{
    size_t size = (size_t)1 << shift;
    size_t chunk = size < PAGE ? PAGE : size;

    uintptr_t brk_now = (uintptr_t)sbrk(0);
    size_t pad = (16 - (brk_now & 15)) & 15;   /* keep blocks 16-aligned */
    char *p = sbrk(pad + chunk);
    if (p == (void *)-1)
        return -1;
    p += pad;
    for (size_t off = 0; off < chunk; off += size) {
        struct header *h = (struct header *)(p + off);
        h->size = size;
        h->shift = shift;
        h->magic = MAGIC_FREE;
        h->next = free_list[shift];
        free_list[shift] = h;
    }
    return 0;
}

/* A big block: a private anonymous mapping of whole pages. */
static void *big_alloc(size_t n)
{
    if (n > SIZE_MAX - sizeof(struct header) - PAGE) {
        errno = ENOMEM;
        return NULL;
    }
    size_t len = (n + sizeof(struct header) + PAGE - 1) & ~(size_t)(PAGE - 1);
    struct header *h = mmap(NULL, len, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (h == MAP_FAILED)
        return NULL;
    h->size = len;
    h->magic = MAGIC_BIG;
    h->shift = 0;
    h->next = NULL;
    return h + 1;
}

/* Allocate n bytes (at least 1), 16-byte aligned.  NULL if out of
 * memory, with errno = ENOMEM. */
void *malloc(size_t n)
{
    if (n == 0)
        n = 1;
    if (n > ((size_t)1 << MAX_SHIFT) - sizeof(struct header))
        return big_alloc(n);
    unsigned int shift = class_of(n + sizeof(struct header));
    if (!free_list[shift] && refill(shift) < 0) {
        errno = ENOMEM;
        return NULL;
    }
    struct header *h = free_list[shift];
    free_list[shift] = h->next;
    h->magic = MAGIC_SMALL;
    h->next = NULL;
    return h + 1;
}

/* The header of a block we handed out; stops the program if p is not
 * one (a wild pointer, or a block already freed). */
static struct header *header_of(void *p, const char *caller)
{
    struct header *h = (struct header *)p - 1;
    if (((uintptr_t)p & 15) != 0)
        die(caller);
    if (h->magic == MAGIC_FREE)
        die("double free");
    if (h->magic != MAGIC_SMALL && h->magic != MAGIC_BIG)
        die(caller);
    return h;
}

/* Give a block back.  free(NULL) does nothing. */
void free(void *p)
{
    if (!p)
        return;
    struct header *h = header_of(p, "free(): invalid pointer");
    if (h->magic == MAGIC_BIG) {
        h->magic = 0;
        munmap(h, h->size);
        return;
    }
    h->magic = MAGIC_FREE;
    h->next = free_list[h->shift];
    free_list[h->shift] = h;
}

/* Allocate an array of n elements of `size` bytes, zeroed. */
void *calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = malloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

/* Resize a block to n bytes, keeping its contents.  The block stays
 * where it is if it is already big enough; otherwise the contents move
 * to a new block.  realloc(NULL, n) is malloc(n); realloc(p, 0) frees p
 * and returns NULL. */
void *realloc(void *p, size_t n)
{
    if (!p)
        return malloc(n);
    if (n == 0) {
        free(p);
        return NULL;
    }
    struct header *h = header_of(p, "realloc(): invalid pointer");
    size_t have = h->size - sizeof(struct header);
    if (n <= have)
        return p;
    void *q = malloc(n);
    if (!q)
        return NULL;
    memcpy(q, p, have);
    free(p);
    return q;
}
