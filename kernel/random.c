/*
 * kernel/random.c - the kernel's random numbers: ASLR's offsets, the 16
 * AT_RANDOM bytes of every exec, and getrandom(2).
 *
 * Two parts, as in Linux's drivers/char/random.c:
 *
 *   the entropy: at boot, random_init() gathers what the machine offers
 *     that an observer cannot predict: RDRAND words when CPUID says the
 *     CPU has the instruction (QEMU TCG offers it with -cpu max, not with
 *     its default qemu32), and always the jitter of the time-stamp
 *     counter (RDTSC) around work whose length varies (under QEMU that
 *     is the host's scheduling and caches), plus the wall clock.  Every
 *     request later stirs in one more RDTSC reading.
 *
 *   the generator: ChaCha20 (RFC 8439) used with "fast key erasure": a
 *     32-byte key, and each 64-byte block ChaCha20 makes from it is cut
 *     in two: the first half becomes the next key at once, the second
 *     half is handed out.  Old keys are gone, so bytes given out earlier
 *     cannot be recomputed from the generator's state later.  Mixing
 *     entropy in is the same step with the input XORed into the key
 *     first: the key then depends on every input through ChaCha20.
 *
 * This is meant to be read, not to guard secrets: the pool is not
 * credited or counted as Linux's is.
 */
#include "kernel/random.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/rtc.h"
#include "kernel/syscall.h"
#include "kernel/x86.h"
#include "lib/string.h"
#include "mm/layout.h"
#include "mm/uaccess.h"

#define CPUID_1_ECX_RDRAND  (1u << 30)     /* Intel SDM vol. 2, CPUID leaf 1 */
#define RDRAND_RETRIES      10             /* Intel's DRNG guide: retry 10 times */
#define RDRAND_WORDS        16             /* 512 bits from RDRAND at boot */
#define JITTER_SAMPLES      512            /* RDTSC deltas mixed in at boot */

#define CHACHA_KEY_WORDS    8
#define CHACHA_BLOCK_WORDS  16
#define CHACHA_ROUNDS       20

static uint32_t key[CHACHA_KEY_WORDS];
static uint64_t block_counter;
static int have_rdrand;                  /* the seed had RDRAND words */

/* Rotate left by n bits (0 < n < 32). */
static uint32_t rotl32(uint32_t v, int n)
{
    return (v << n) | (v >> (32 - n));
}

/* ChaCha's quarter round on words a, b, c, d of the state (RFC 8439 2.1). */
static void quarter_round(uint32_t *x, int a, int b, int c, int d)
{
    x[a] += x[b]; x[d] = rotl32(x[d] ^ x[a], 16);
    x[c] += x[d]; x[b] = rotl32(x[b] ^ x[c], 12);
    x[a] += x[b]; x[d] = rotl32(x[d] ^ x[a], 8);
    x[c] += x[d]; x[b] = rotl32(x[b] ^ x[c], 7);
}

/* One ChaCha20 block (RFC 8439 2.3): the constants "expand 32-byte k",
 * the key, a 64-bit block counter and a zero nonce; 20 rounds, then the
 * input added back in. */
static void chacha20_block(const uint32_t k[CHACHA_KEY_WORDS], uint64_t counter,
                           uint32_t out[CHACHA_BLOCK_WORDS])
{
    uint32_t in[CHACHA_BLOCK_WORDS] = {
        0x61707865, 0x3320646e, 0x79622d32, 0x6b206574,
        k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7],
        (uint32_t)counter, (uint32_t)(counter >> 32), 0, 0,
    };
    memcpy(out, in, sizeof(in));
    for (int i = 0; i < CHACHA_ROUNDS; i += 2) {
        quarter_round(out, 0, 4, 8, 12);     /* columns */
        quarter_round(out, 1, 5, 9, 13);
        quarter_round(out, 2, 6, 10, 14);
        quarter_round(out, 3, 7, 11, 15);
        quarter_round(out, 0, 5, 10, 15);    /* diagonals */
        quarter_round(out, 1, 6, 11, 12);
        quarter_round(out, 2, 7, 8, 13);
        quarter_round(out, 3, 4, 9, 14);
    }
    for (int i = 0; i < CHACHA_BLOCK_WORDS; i++)
        out[i] += in[i];
}

/* Fast key erasure: make one block, keep its first half as the new key
 * and give out the second half (32 bytes in out). */
static void next_block(uint32_t out[CHACHA_KEY_WORDS])
{
    uint32_t block[CHACHA_BLOCK_WORDS];
    chacha20_block(key, block_counter++, block);
    memcpy(key, block, sizeof(key));
    memcpy(out, block + CHACHA_KEY_WORDS, sizeof(key));
    memset(block, 0, sizeof(block));
}

/* Stir n bytes of input into the key: XOR up to 32 bytes in, then step
 * the generator so that the key depends on them through ChaCha20. */
static void mix(const void *data, size_t n)
{
    const uint8_t *p = data;
    uint32_t discard[CHACHA_KEY_WORDS];
    while (n > 0) {
        size_t chunk = n < sizeof(key) ? n : sizeof(key);
        for (size_t i = 0; i < chunk; i++)
            ((uint8_t *)key)[i] ^= p[i];
        next_block(discard);
        p += chunk;
        n -= chunk;
    }
}

/* A little fresh jitter: the cycle counter now. */
static void mix_tsc(void)
{
    uint64_t t = rdtsc();
    mix(&t, sizeof(t));
}

/* RDRAND: 1 and a word from the CPU's generator, or 0 when it has no
 * word to give (carry clear) after a few tries (Intel SDM vol. 2). */
static int rdrand32(uint32_t *v)
{
    for (int i = 0; i < RDRAND_RETRIES; i++) {
        uint8_t ok;
        __asm__ volatile("rdrand %0\n\t"      /* a random word, CF = valid */
                         "setc %1"            /* ok = CF */
                         : "=r"(*v), "=qm"(ok) : : "cc");
        if (ok)
            return 1;
    }
    return 0;
}

static int cpu_has_rdrand(void)
{
    uint32_t r[4];
    cpuid(1, r);
    return (r[2] & CPUID_1_ECX_RDRAND) != 0;
}

/* One jitter sample: how many cycles a small, memory-touching loop took
 * this time.  Its low bits differ from run to run. */
static uint32_t tsc_jitter_sample(uint32_t i)
{
    static volatile uint32_t scratch[64];
    uint64_t t0 = rdtsc();
    for (uint32_t j = 0; j < 16 + (i & 15); j++)
        scratch[(i * 7 + j * 13) & 63] += j;
    return (uint32_t)(rdtsc() - t0) ^ (uint32_t)t0;
}

/* The boot-time seed: the cycle counter, RDRAND's words if the CPU has
 * the instruction, 512 jitter samples and the RTC's time, all mixed in. */
void random_init(void)
{
    mix_tsc();
    have_rdrand = cpu_has_rdrand();
    if (have_rdrand) {
        for (int i = 0; i < RDRAND_WORDS; i++) {
            uint32_t v;
            if (rdrand32(&v))
                mix(&v, sizeof(v));
        }
    }
    uint32_t samples[32];
    for (uint32_t i = 0; i < JITTER_SAMPLES; i++) {
        samples[i % 32] = tsc_jitter_sample(i);
        if (i % 32 == 31)
            mix(samples, sizeof(samples));
    }
    uint32_t now = rtc_read_epoch();
    mix(&now, sizeof(now));
    kprintf("random: ChaCha20 seeded from %s\n",
            have_rdrand ? "RDRAND and RDTSC jitter" : "RDTSC jitter (no RDRAND)");
}

/* n bytes from the generator, 32 per block. */
static void fill(void *buf, size_t n)
{
    uint8_t *p = buf;
    uint32_t out[CHACHA_KEY_WORDS];
    while (n > 0) {
        next_block(out);
        size_t chunk = n < sizeof(out) ? n : sizeof(out);
        memcpy(p, out, chunk);
        p += chunk;
        n -= chunk;
    }
    memset(out, 0, sizeof(out));
}

/* n bytes for the kernel (AT_RANDOM, ASLR), with fresh jitter first. */
void get_random_bytes(void *buf, size_t n)
{
    mix_tsc();
    fill(buf, n);
}

/* One word, as Linux's get_random_u32. */
uint32_t get_random_u32(void)
{
    uint32_t v;
    get_random_bytes(&v, sizeof(v));
    return v;
}

/* ---- getrandom(2) ------------------------------------------------------ */

#define GRND_NONBLOCK  0x0001
#define GRND_RANDOM    0x0002
#define GRND_INSECURE  0x0004
#define MAX_RW_COUNT   (0x7fffffffu & PAGE_MASK)   /* Linux's cap on one transfer */

/*
 * getrandom(buf, len, flags), as Linux 6.1's (drivers/char/random.c):
 * unknown flags, or GRND_INSECURE with GRND_RANDOM, are -EINVAL; the
 * generator is seeded before the first process runs, so no call ever
 * blocks and GRND_NONBLOCK never says -EAGAIN; len is capped at
 * MAX_RW_COUNT; a buffer that does not lie wholly in user space is
 * -EFAULT (access_ok).  The bytes go out a page-piece at a time, so a
 * buffer running into a hole or a read-only page gets the count of the
 * bytes before it (-EFAULT if that is none), as read(2) would.
 */
long random_read_user(uint32_t ubuf, uint32_t len)
{
    if (len > MAX_RW_COUNT)
        len = MAX_RW_COUNT;
    if (ubuf + len < ubuf || ubuf + len > USER_END)
        return -EFAULT;
    uint32_t done = 0;
    uint8_t chunk[256];
    mix_tsc();
    while (done < len) {
        uint32_t addr = ubuf + done;
        uint32_t n = PAGE_SIZE - (addr & (PAGE_SIZE - 1));   /* to the page's end */
        if (n > sizeof(chunk))
            n = sizeof(chunk);
        if (n > len - done)
            n = len - done;
        fill(chunk, n);
        if (copy_to_user((void *)(uintptr_t)addr, chunk, n) < 0)
            break;                   /* a piece lies in one page: all or nothing */
        done += n;
    }
    memset(chunk, 0, sizeof(chunk));
    if (done == 0 && len > 0)
        return -EFAULT;
    return (long)done;
}

long random_write_user(uint32_t ubuf, uint32_t len)
{
    uint8_t chunk[256];
    uint32_t done = 0;
    while (done < len) {
        uint32_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
        if (copy_from_user(chunk, (const void *)(uintptr_t)(ubuf + done), n) < 0)
            break;
        mix(chunk, n);
        done += n;
    }
    memset(chunk, 0, sizeof(chunk));
    return done || len == 0 ? (long)done : -EFAULT;
}

static long sys_getrandom(uint32_t ubuf, uint32_t len, uint32_t flags)
{
    if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
        return -EINVAL;
    if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
        return -EINVAL;
    return random_read_user(ubuf, len);
}

const struct syscall_entry kernel_syscalls[] = {
    SYSCALL(getrandom, "pux"),
    { 0, 0, 0, 0 },
};
