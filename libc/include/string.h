/*
 * string.h - memory and string functions.
 *
 * The first group is compiled from the kernel's lib/string.c, so the
 * kernel and user programs share one implementation; these prototypes
 * must match lib/string.h (libc/strextra.c includes both headers, so the
 * compiler checks that they do).  The rest are in libc/strextra.c and
 * libc/strerror.c.
 */
#ifndef _STRING_H
#define _STRING_H

#include <stddef.h>
#include <strings.h>

/* from lib/string.c */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strcpy(char *dst, const char *src);
char *strncpy(char *dst, const char *src, size_t n);
char *strcat(char *dst, const char *src);
size_t strlcpy(char *dst, const char *src, size_t size);

/* from libc/strextra.c */
void *memccpy(void *dst, const void *src, int c, size_t n);
char *strncat(char *dst, const char *src, size_t n);
char *strdup(const char *s);
char *strndup(const char *s, size_t n);
char *strstr(const char *haystack, const char *needle);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);
char *strtok(char *s, const char *delim);
char *strtok_r(char *s, const char *delim, char **save);
char *strsep(char **sp, const char *delim);
size_t strlcat(char *dst, const char *src, size_t size);
int strcoll(const char *a, const char *b);

/* from libc/strerror.c and libc/signame.c */
char *strerror(int errnum);
char *strsignal(int sig);

#endif
