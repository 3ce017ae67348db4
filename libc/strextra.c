/*
 * libc/strextra.c - the string functions that the kernel does not need,
 * so they are not in lib/string.c.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Included only so that the compiler checks our string.h against the
 * kernel's lib/string.h: any prototype that differs is an error here. */
#include "lib/string.h"

/* Copy up to n bytes, stopping after the first byte equal to c.  Returns
 * the byte after that one in dst, or NULL if c was not copied. */
void *memccpy(void *dst, const void *src, int c, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    for (; n; n--) {
        *d = *s++;
        if (*d++ == (unsigned char)c)
            return d;
    }
    return NULL;
}

/* Append at most n bytes of src, then a NUL. */
char *strncat(char *dst, const char *src, size_t n)
{
    char *d = dst + strlen(dst);
    while (n-- && *src)
        *d++ = *src++;
    *d = '\0';
    return dst;
}

/* Append src to the string in dst, a buffer of size bytes, always
 * terminating.  Returns the length the result would have had. */
size_t strlcat(char *dst, const char *src, size_t size)
{
    size_t dlen = strnlen(dst, size);
    if (dlen == size)
        return size + strlen(src);
    return dlen + strlcpy(dst + dlen, src, size - dlen);
}

/* A copy of s in memory from malloc. */
char *strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    return p ? memcpy(p, s, n) : NULL;
}

/* A malloc'd copy of at most n bytes of s, always terminated. */
char *strndup(const char *s, size_t n)
{
    n = strnlen(s, n);
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* The first occurrence of needle in haystack, or NULL. */
char *strstr(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    for (; *haystack; haystack++)
        if (strncmp(haystack, needle, n) == 0)
            return (char *)haystack;
    return n == 0 ? (char *)haystack : NULL;
}

/* Length of the prefix of s made only of bytes in accept. */
size_t strspn(const char *s, const char *accept)
{
    size_t n = 0;
    while (s[n] && strchr(accept, s[n]))
        n++;
    return n;
}

/* Length of the prefix of s with no byte from reject. */
size_t strcspn(const char *s, const char *reject)
{
    size_t n = 0;
    while (s[n] && !strchr(reject, s[n]))
        n++;
    return n;
}

/* The first byte of s that is in accept, or NULL. */
char *strpbrk(const char *s, const char *accept)
{
    s += strcspn(s, accept);
    return *s ? (char *)s : NULL;
}

/* Split a string into tokens separated by bytes from delim.  Call with
 * s the first time and NULL after; *save remembers where we stopped. */
char *strtok_r(char *s, const char *delim, char **save)
{
    if (!s)
        s = *save;
    s += strspn(s, delim);          /* skip leading delimiters */
    if (*s == '\0') {
        *save = s;
        return NULL;
    }
    char *end = s + strcspn(s, delim);
    if (*end)
        *end++ = '\0';
    *save = end;
    return s;
}

/* strtok_r with a hidden static save pointer (not reentrant). */
char *strtok(char *s, const char *delim)
{
    static char *save = "";
    return strtok_r(s, delim, &save);
}

/* Cut the first token off *sp at a byte from delim (empty tokens
 * included), advancing *sp past it; *sp becomes NULL at the end. */
char *strsep(char **sp, const char *delim)
{
    char *s = *sp;
    if (!s)
        return NULL;
    char *end = s + strcspn(s, delim);
    if (*end) {
        *end = '\0';
        *sp = end + 1;
    } else {
        *sp = NULL;
    }
    return s;
}

/* Compare strings in the collating order of the "C" locale: strcmp. */
int strcoll(const char *a, const char *b)
{
    return strcmp(a, b);
}

/* strcmp, ignoring the case of ASCII letters. */
int strcasecmp(const char *a, const char *b)
{
    return strncasecmp(a, b, (size_t)-1);
}

/* strncmp, ignoring the case of ASCII letters. */
int strncasecmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        int x = tolower((unsigned char)*a), y = tolower((unsigned char)*b);
        if (x != y)
            return x - y;
        if (!x)
            break;
    }
    return 0;
}
