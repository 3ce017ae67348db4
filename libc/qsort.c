/*
 * libc/qsort.c - sorting and binary search.
 *
 * qsort is a heapsort: always O(n log n), no recursion and no extra
 * memory, which matters more here than the last bit of speed.
 */
#include <stddef.h>
#include <stdlib.h>

/* Swap two elements of `size` bytes. */
static void swap(char *a, char *b, size_t size)
{
    while (size--) {
        char t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

/* Restore the heap property below node i in a heap of n elements:
 * move the element down while a child is bigger. */
static void sift_down(char *base, size_t i, size_t n, size_t size,
                      int (*cmp)(const void *, const void *))
{
    for (;;) {
        size_t big = i, left = 2 * i + 1, right = left + 1;
        if (left < n && cmp(base + left * size, base + big * size) > 0)
            big = left;
        if (right < n && cmp(base + right * size, base + big * size) > 0)
            big = right;
        if (big == i)
            return;
        swap(base + i * size, base + big * size, size);
        i = big;
    }
}

/* Sort n elements of `size` bytes into the order cmp defines: build a
 * max-heap, then repeatedly move the largest to the end. */
void qsort(void *base, size_t n, size_t size,
           int (*cmp)(const void *, const void *))
{
    char *b = base;
    if (n < 2 || size == 0)
        return;
    for (size_t i = n / 2; i-- > 0;)
        sift_down(b, i, n, size, cmp);
    for (size_t end = n - 1; end > 0; end--) {
        swap(b, b + end * size, size);
        sift_down(b, 0, end, size, cmp);
    }
}

/* Find key in a sorted array; returns a matching element or NULL. */
void *bsearch(const void *key, const void *base, size_t n, size_t size,
              int (*cmp)(const void *, const void *))
{
    const char *lo = base;
    while (n > 0) {
        const char *mid = lo + (n / 2) * size;
        int c = cmp(key, mid);
        if (c == 0)
            return (void *)mid;
        if (c > 0) {
            lo = mid + size;
            n -= n / 2 + 1;
        } else {
            n /= 2;
        }
    }
    return NULL;
}
