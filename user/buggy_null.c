/*
 * buggy_null - a program with a bug on purpose, for docs/students.md.
 *
 * It is built without -Werror (user/build.mk builds user/buggy_*.c that
 * way), so gcc's warning about `count` is printed and the build goes on.
 * At run time it follows a NULL pointer: the kernel kills it with SIGSEGV
 * and prints Linux's line "buggy_null[PID]: segfault at 0 ip ...", whose
 * ip `addr2line -e build/user/buggy_null` turns into the line below.
 */
#include <stdio.h>

struct node { int value; struct node *next; };

/* Sum a list, but walk one node too far: the last next is NULL. */
static int __attribute__((noinline)) sum(const struct node *n)
{
    int total = 0, count;           /* count: never used (the warning) */
    for (int i = 0; i < 3; i++) {
        total += n->value;          /* the third time round, n is NULL */
        n = n->next;
    }
    return total;
}

int main(void)
{
    struct node b = { 2, NULL }, a = { 1, &b };
    printf("summing a list of two nodes, three times round\n");
    fflush(stdout);
    printf("sum = %d\n", sum(&a));
    return 0;
}
