/*
 * libc/assert.c - what a failed assert() does.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

/* Report the failed expression and where it is, then abort, in glibc's
 * format: "file:line: func: Assertion `expr' failed." */
void __assert_fail(const char *expr, const char *file, int line,
                   const char *func)
{
    fprintf(stderr, "%s:%d: %s: Assertion `%s' failed.\n", file, line, func, expr);
    abort();
}
