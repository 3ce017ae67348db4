/*
 * tests/unit/test_random.c - kernel/random.c on the host: its ChaCha20
 * block against RFC 8439's test vectors, fast key erasure, and
 * getrandom's flag checks, EFAULT and short counts (with user memory
 * stubbed: a buffer of user pages and a hole above them).
 */
#include "kernel/random.c"

#include "tests/unit/unit.h"

uint32_t rtc_read_epoch(void) { return 1700000000u; }
int kprintf(const char *fmt, ...) { (void)fmt; return 0; }

/* "User memory": [USER_BASE, USER_BASE + USER_PAGES pages) is mapped,
 * everything else is a hole. */
#define USER_BASE  0x40000000u
#define USER_PAGES 2
static uint8_t user_mem[USER_PAGES * PAGE_SIZE];

int copy_to_user(void *udst, const void *src, size_t n)
{
    uint32_t a = (uint32_t)(uintptr_t)udst;
    if (a < USER_BASE || a + n > USER_BASE + sizeof(user_mem) || a + n < a)
        return -EFAULT;
    memcpy(user_mem + (a - USER_BASE), src, n);
    return 0;
}

/* The same for the other direction (writes to /dev/random). */
int copy_from_user(void *dst, const void *usrc, size_t n)
{
    uint32_t a = (uint32_t)(uintptr_t)usrc;
    if (a < USER_BASE || a + n > USER_BASE + sizeof(user_mem) || a + n < a)
        return -EFAULT;
    memcpy(dst, user_mem + (a - USER_BASE), n);
    return 0;
}

static void hex_to_words(const char *hex, uint32_t *w, int nwords)
{
    for (int i = 0; i < nwords; i++) {
        uint8_t b[4];
        for (int j = 0; j < 4; j++)
            sscanf(hex + (i * 4 + j) * 2, "%2hhx", &b[j]);
        w[i] = b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
    }
}

/* RFC 8439 appendix A.1: the keystream of the all-zero key and nonce,
 * block counters 0 and 1. */
static void test_chacha20_vectors(void)
{
    group_begin("chacha20_rfc8439");
    static const char *const want[2] = {
        "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
        "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586",
        "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
        "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f",
    };
    uint32_t zero_key[8] = { 0 }, out[16], w[16];
    for (int c = 0; c < 2; c++) {
        chacha20_block(zero_key, (uint64_t)c, out);
        hex_to_words(want[c], w, 16);
        CHECK(memcmp(out, w, sizeof(w)) == 0, "block %d differs", c);
    }
    group_end();
}

/* Each block's first half becomes the key, the second is given out. */
static void test_fast_key_erasure(void)
{
    group_begin("random_fast_key_erasure");
    memset(key, 0, sizeof(key));
    block_counter = 0;
    uint32_t out[8], want[16];
    chacha20_block(key, 0, want);
    next_block(out);
    CHECK(memcmp(key, want, 32) == 0, "the new key is not the block's first half");
    CHECK(memcmp(out, want + 8, 32) == 0, "the output is not the second half");
    uint8_t a[16], b[16];
    get_random_bytes(a, sizeof(a));
    get_random_bytes(b, sizeof(b));
    CHECK(memcmp(a, b, 16) != 0, "two requests gave the same bytes");
    group_end();
}

static void test_getrandom(void)
{
    group_begin("getrandom_checks");
    random_init();
    CHECK(sys_getrandom(USER_BASE, 16, 0x8) == -EINVAL, "unknown flag");
    CHECK(sys_getrandom(USER_BASE, 16, GRND_INSECURE | GRND_RANDOM) == -EINVAL,
          "INSECURE|RANDOM");
    CHECK(sys_getrandom(USER_BASE, 16, GRND_NONBLOCK) == 16, "NONBLOCK");
    CHECK(sys_getrandom(USER_BASE, 16, GRND_RANDOM) == 16, "RANDOM");
    CHECK(sys_getrandom(USER_BASE, 16, GRND_INSECURE) == 16, "INSECURE");
    CHECK(sys_getrandom(USER_BASE, 0, 0) == 0, "length 0");
    CHECK(sys_getrandom(0, 0, 0) == 0, "length 0 at NULL");
    CHECK(sys_getrandom(0, 8, 0) == -EFAULT, "NULL");
    CHECK(sys_getrandom(0xC0000000u, 1, 0) == -EFAULT, "kernel address");
    CHECK(sys_getrandom(0xBFFFFFFFu, 2, 0) == -EFAULT, "crossing into the kernel");
    CHECK(sys_getrandom(0xFFFFFFF0u, 0x20, 0) == -EFAULT, "wrapping");
    uint32_t end = USER_BASE + sizeof(user_mem);
    CHECK(sys_getrandom(end - 100, 200, 0) == 100, "100 bytes before the hole");
    CHECK(sys_getrandom(end - 1, 200, 0) == 1, "1 byte before the hole");
    CHECK(sys_getrandom(end, 200, 0) == -EFAULT, "at the hole");
    memset(user_mem, 0, sizeof(user_mem));
    long n = sys_getrandom(USER_BASE, sizeof(user_mem), 0);
    int zeros = 0;
    for (size_t i = 0; i < sizeof(user_mem); i++)
        zeros += user_mem[i] == 0;
    CHECK(n == (long)sizeof(user_mem) && zeros < 100, "%ld bytes, %d zero", n, zeros);
    group_end();
}

int main(void)
{
    test_chacha20_vectors();
    test_fast_key_erasure();
    test_getrandom();
    return unit_exit();
}
