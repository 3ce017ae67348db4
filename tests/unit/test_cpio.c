/*
 * tests/unit/test_cpio.c - fs/cpio.c, the newc archive reader: good
 * archives (one, several concatenated), every kind of damage, and
 * random damage under AddressSanitizer (each archive sits in a buffer of
 * exactly its size, so any read past the end is caught).
 */
#include "tests/unit/unit.h"
#include "fs/cpio.c"

/* ---- building archives ------------------------------------------------------ */

struct archive {
    uint8_t buf[65536];
    uint32_t len;
};

static void pad4(struct archive *a)
{
    while (a->len % 4)
        a->buf[a->len++] = 0;
}

/* Append one newc entry. */
static void add(struct archive *a, const char *name, uint32_t mode,
                uint32_t nlink, uint32_t ino, const char *data, uint32_t size)
{
    char hdr[CPIO_HEADER_SIZE + 1];
    uint32_t namesize = (uint32_t)strlen(name) + 1;
    snprintf(hdr, sizeof hdr,
             "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
             ino, mode, 0u, 0u, nlink, 1234u, size, 0u, 1u, 0u, 0u, namesize, 0u);
    memcpy(a->buf + a->len, hdr, CPIO_HEADER_SIZE);
    a->len += CPIO_HEADER_SIZE;
    memcpy(a->buf + a->len, name, namesize);
    a->len += namesize;
    pad4(a);
    memcpy(a->buf + a->len, data, size);
    a->len += size;
    pad4(a);
}

static void trailer(struct archive *a)
{
    add(a, "TRAILER!!!", 0, 1, 0, "", 0);
}

/* Zero padding to a 512-byte block, as cpio writes. */
static void block_pad(struct archive *a)
{
    while (a->len % 512)
        a->buf[a->len++] = 0;
}

/* A heap copy of exactly `len` bytes, for ASan. */
static uint8_t *exact(const uint8_t *src, uint32_t len)
{
    uint8_t *p = malloc(len ? len : 1);
    memcpy(p, src, len);
    return p;
}

/* Read the whole buffer as the initrd code does; returns entries seen,
 * or -1 on a malformed archive (why set). */
static int walk_all(const uint8_t *buf, uint32_t len, const char **why,
                    char names[][32], int max)
{
    uint32_t pos = 0;
    int n = 0;
    for (int steps = 0; steps < 100000; steps++) {
        struct cpio_entry e;
        int r = cpio_next(buf, len, &pos, &e, why);
        if (r == CPIO_ENTRY) {
            if (n < max)
                snprintf(names[n], 32, "%s", e.name);
            n++;
            continue;
        }
        if (r == CPIO_BAD)
            return -1;
        r = cpio_skip_padding(buf, len, &pos, why);
        if (r == 0)
            return n;
        if (r < 0)
            return -1;
    }
    *why = "did not terminate";
    return -1;
}

/* ---- tests -------------------------------------------------------------------- */

static struct archive a;

static void test_good(void)
{
    group_begin("cpio_good");
    a.len = 0;
    add(&a, ".", 040755, 2, 1, "", 0);
    add(&a, "bin", 040755, 2, 2, "", 0);
    add(&a, "bin/hello", 0100755, 1, 3, "hello world\n", 12);
    add(&a, "bin/link", 0120777, 1, 4, "hello", 5);
    trailer(&a);
    uint8_t *buf = exact(a.buf, a.len);
    uint32_t pos = 0;
    struct cpio_entry e;
    const char *why = NULL;
    CHECK(cpio_next(buf, a.len, &pos, &e, &why) == CPIO_ENTRY);
    CHECK(strcmp(e.name, ".") == 0);
    CHECK(cpio_next(buf, a.len, &pos, &e, &why) == CPIO_ENTRY);
    CHECK(strcmp(e.name, "bin") == 0 && e.mode == 040755 && e.nlink == 2);
    CHECK(cpio_next(buf, a.len, &pos, &e, &why) == CPIO_ENTRY);
    CHECK(strcmp(e.name, "bin/hello") == 0 && e.filesize == 12 &&
          memcmp(e.data, "hello world\n", 12) == 0 && e.ino == 3 &&
          e.mtime == 1234 && e.devminor == 1);
    CHECK(((e.data - buf) % 4) == 0, "data is 4-aligned");
    CHECK(cpio_next(buf, a.len, &pos, &e, &why) == CPIO_ENTRY);
    CHECK(strcmp(e.name, "bin/link") == 0 && memcmp(e.data, "hello", 5) == 0);
    CHECK(cpio_next(buf, a.len, &pos, &e, &why) == CPIO_TRAILER);
    CHECK(pos == a.len);
    CHECK(cpio_skip_padding(buf, a.len, &pos, &why) == 0);
    free(buf);
    group_end();
}

static void test_concatenated(void)
{
    group_begin("cpio_concatenated");
    char names[8][32];
    const char *why = NULL;
    a.len = 0;
    add(&a, "a", 0100644, 1, 1, "one", 3);
    trailer(&a);
    block_pad(&a);
    add(&a, "b", 0100644, 1, 1, "two", 3);
    add(&a, "a", 0100644, 1, 2, "three", 5);
    trailer(&a);
    block_pad(&a);
    uint8_t *buf = exact(a.buf, a.len);
    int n = walk_all(buf, a.len, &why, names, 8);
    CHECK(n == 3, "got %d (%s)", n, n < 0 ? why : "");
    CHECK(n == 3 && !strcmp(names[0], "a") && !strcmp(names[1], "b") &&
          !strcmp(names[2], "a"));
    free(buf);

    /* No padding at all between archives works too. */
    a.len = 0;
    add(&a, "x", 0100644, 1, 1, "", 0);
    trailer(&a);
    add(&a, "y", 0100644, 1, 1, "", 0);
    trailer(&a);
    buf = exact(a.buf, a.len);
    CHECK(walk_all(buf, a.len, &why, names, 8) == 2);
    free(buf);

    /* An empty buffer and pure padding: nothing, but not an error for
     * skip_padding. */
    uint32_t pos = 0;
    uint8_t zeros[600] = { 0 };
    buf = exact(zeros, sizeof zeros);
    CHECK(cpio_skip_padding(buf, sizeof zeros, &pos, &why) == 0);
    free(buf);
    group_end();
}

/* Expect the archive in `a` to be rejected, with `want` in the reason. */
static void expect_bad(int line, const char *want)
{
    char names[8][32];
    const char *why = "";
    uint8_t *buf = exact(a.buf, a.len);
    int n = walk_all(buf, a.len, &why, names, 8);
    CHECK(n == -1, "line %d: accepted", line);
    CHECK(n != -1 || strstr(why, want), "line %d: reason '%s', want '%s'",
          line, why, want);
    free(buf);
}

static void test_malformed(void)
{
    group_begin("cpio_malformed");
    a.len = 0;                               /* empty: no trailer */
    expect_bad(__LINE__, "TRAILER");

    a.len = 0;
    add(&a, "f", 0100644, 1, 1, "data", 4);
    a.len = 50;                              /* header cut short */
    expect_bad(__LINE__, "truncated header");

    a.len = 0;
    add(&a, "f", 0100644, 1, 1, "data", 4);
    trailer(&a);
    a.buf[3] = '9';                          /* magic 070901 */
    expect_bad(__LINE__, "magic");

    a.len = 0;
    add(&a, "f", 0100644, 1, 1, "data", 4);
    trailer(&a);
    a.buf[6 + 8 + 3] = 'g';                  /* not hex, in the mode */
    expect_bad(__LINE__, "hex");

    a.len = 0;
    add(&a, "f", 0100644, 1, 1, "data", 4);
    trailer(&a);
    memcpy(a.buf + 6 + 11 * 8, "00000000", 8);   /* namesize 0 */
    expect_bad(__LINE__, "name size");

    a.len = 0;
    add(&a, "f", 0100644, 1, 1, "data", 4);
    memcpy(a.buf + 6 + 11 * 8, "0000FFFF", 8);   /* name runs off the end */
    expect_bad(__LINE__, "name");

    a.len = 0;
    add(&a, "f", 0100644, 1, 1, "data", 4);
    trailer(&a);
    memcpy(a.buf + 6 + 11 * 8, "00000001", 8);   /* "f" without its NUL */
    expect_bad(__LINE__, "malformed name");

    a.len = 0;
    add(&a, "f", 0100644, 1, 1, "data", 4);
    trailer(&a);
    memcpy(a.buf + 6 + 6 * 8, "FFFFFFF0", 8);    /* file size too big */
    expect_bad(__LINE__, "truncated data");

    a.len = 0;
    add(&a, "f", 0100644, 1, 1, "data", 4);
    trailer(&a);
    a.buf[a.len++] = 'x';                        /* junk after the trailer */
    a.buf[a.len++] = 0;
    a.buf[a.len++] = 0;
    a.buf[a.len++] = 0;
    expect_bad(__LINE__, "garbage");

    a.len = 0;
    add(&a, "f", 0100644, 1, 1, "data", 4);
    trailer(&a);
    a.buf[a.len++] = 0;                          /* next magic misaligned */
    add(&a, "g", 0100644, 1, 1, "", 0);
    trailer(&a);
    expect_bad(__LINE__, "garbage");

    a.len = 0;
    add(&a, "f", 0100644, 1, 1, "data", 4);      /* no trailer */
    expect_bad(__LINE__, "TRAILER");
    group_end();
}

/* Random truncation and byte damage: the reader must stay inside the
 * buffer (ASan) and finish, whatever it decides. */
static void test_fuzz(void)
{
    group_begin("cpio_fuzz");
    rng_seed(unit_seed(42));
    struct archive good;
    good.len = 0;
    for (int i = 0; i < 20; i++) {
        char name[32], data[100];
        snprintf(name, sizeof name, "dir/file%d", i);
        uint32_t size = (uint32_t)rng_range(0, sizeof data);
        memset(data, 'a' + i, sizeof data);
        add(&good, name, 0100644, 1, (uint32_t)i, data, size);
    }
    trailer(&good);
    char names[8][32];
    for (int round = 0; round < 3000; round++) {
        memcpy(a.buf, good.buf, good.len);
        a.len = good.len;
        if (rng_range(0, 1))
            a.len = (uint32_t)rng_range(0, good.len);
        int flips = (int)rng_range(0, 4);
        for (int k = 0; k < flips && a.len > 0; k++)
            a.buf[rng_range(0, a.len - 1)] = (uint8_t)rng_next();
        const char *why = "";
        uint8_t *buf = exact(a.buf, a.len);
        int n = walk_all(buf, a.len, &why, names, 8);
        CHECK(n >= -1 && strcmp(why, "did not terminate") != 0, "round %d", round);
        free(buf);
    }
    group_end();
}

int main(void)
{
    test_good();
    test_concatenated();
    test_malformed();
    test_fuzz();
    return unit_exit();
}
