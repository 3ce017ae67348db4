/*
 * kernel/ktest.h - in-kernel self-tests, chosen on the command line with
 * ktest=all or ktest=NAME.  Each prints "PASS name" or "FAIL name: why".
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

/* A test returns NULL when it passes, or a short reason when it fails. */
typedef const char *(*ktest_fn)(void);

struct ktest {
    const char *name;
    ktest_fn fn;
    int in_all;            /* part of ktest=all? (not the panic test) */
};

/* Run the tests `which` names ("all" or one name); returns the number
 * that failed, or -1 if no test has that name. */
int ktest_run(const char *which);

/* The tests themselves, next to the code they test. */
const char *ktest_frames(void);
const char *ktest_paging(void);
const char *ktest_kmalloc(void);
const char *ktest_mm_enomem(void);    /* mm/selftest_enomem.c */

#endif
