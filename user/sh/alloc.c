/*
 * user/sh/alloc.c - memory: malloc that cannot fail, an arena per command
 * line, growing strings.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

/* malloc, or end the shell: there is no sensible way to go on. */
void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        write(2, "sh: out of memory\n", 18);
        _exit(2);
    }
    return p;
}

/* A copy of s that lives until freed. */
char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

/* The arena: chunks that are all freed at once, after each command line. */
struct chunk {
    struct chunk *next;
    size_t used, size;
    char data[];
};

static struct chunk *arena;

/* n bytes from the arena, 8-byte aligned. */
void *arena_alloc(size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (!arena || arena->used + n > arena->size) {
        size_t size = n > 4096 ? n : 4096;
        struct chunk *c = xmalloc(sizeof(struct chunk) + size);
        c->next = arena;
        c->used = 0;
        c->size = size;
        arena = c;
    }
    void *p = arena->data + arena->used;
    arena->used += n;
    return p;
}

/* A NUL-terminated copy of s[0..n) in the arena. */
char *arena_strndup(const char *s, size_t n)
{
    char *p = arena_alloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Make room for element n (0, 1, 2, ...) of an arena array that grows
 * one element at a time.  The capacity doubles whenever n reaches a
 * power of two, so the copies cost O(n) in all. */
void *arena_grow(void *old, int n, size_t elem)
{
    if (n > 0 && (n & (n - 1)) != 0)
        return old;                  /* still room: capacity is 2^k > n */
    void *p = arena_alloc((n ? 2 * n : 1) * elem);
    if (old && n > 0)
        memcpy(p, old, n * elem);
    return p;
}

/* Free everything in the arena. */
void arena_free_all(void)
{
    while (arena) {
        struct chunk *next = arena->next;
        free(arena);
        arena = next;
    }
}

/* Append one byte. */
void str_addc(struct str *b, char c)
{
    if (b->len + 2 > b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        char *p = realloc(b->s, b->cap);
        if (!p) {
            write(2, "sh: out of memory\n", 18);
            _exit(2);
        }
        b->s = p;
    }
    b->s[b->len++] = c;
    b->s[b->len] = '\0';
}

/* Where the arena is now, so that arena_release() can free everything
 * allocated after this point (a loop does it after each pass, so that a
 * long loop does not grow the arena without end). */
struct arena_mark arena_mark(void)
{
    return (struct arena_mark){ arena, arena ? arena->used : 0 };
}

/* Free what was allocated since the mark m. */
void arena_release(struct arena_mark m)
{
    while (arena && arena != m.chunk) {
        struct chunk *next = arena->next;
        free(arena);
        arena = next;
    }
    if (arena)
        arena->used = m.used;
}

/* Make other (a chunk list from an earlier arena_swap, or NULL) the
 * arena and return the one that was.  A function's body is parsed into
 * an arena of its own this way, which lives as long as the function. */
void *arena_swap(void *other)
{
    struct chunk *was = arena;
    arena = other;
    return was;
}
