/*
 * tests/unit/test_procfmt.c - /proc's line formats (fs/procfmt.c) against
 * lines taken from Linux 6.1 i386 (runs of tools/linuxref/run), byte for
 * byte.
 */
#define vsnprintf pagoda_vsnprintf
#define snprintf pagoda_snprintf
#include "lib/format.h"
#include "lib/format.c"
#include "fs/procfmt.c"
#undef vsnprintf
#undef snprintf

#include "tests/unit/unit.h"

static char text[8192];
static struct procbuf pb;

/* Start a fresh buffer. */
static void reset(void)
{
    pb_init(&pb, text, sizeof text);
}

/* The buffer holds exactly `want` (and it all fitted). */
static int is(const char *want)
{
    return pb_fits(&pb) && pb.len == strlen(want) && memcmp(text, want, pb.len) == 0;
}

#define EXPECT_TEXT(want)                                                    \
    CHECK(is(want), "got \"%.*s\"\nwant \"%s\"", (int)pb.len, text, want)

static void test_maps(void)
{
    group_begin("procfmt_maps");
    reset();
    procfmt_maps_line(&pb, 0x08048000, 0x08049000, VM_READ, 0, 0, 2, 8, "/bin/dump");
    EXPECT_TEXT("08048000-08049000 r--p 00000000 00:02 8          /bin/dump\n");
    reset();
    procfmt_maps_line(&pb, 0x08049000, 0x080b9000, VM_READ | VM_EXEC, 0x1000, 0, 2, 8,
                      "/bin/dump");
    EXPECT_TEXT("08049000-080b9000 r-xp 00001000 00:02 8          /bin/dump\n");
    reset();
    procfmt_maps_line(&pb, 0xb7fab000, 0xb7fac000, 0, 0, 0, 0, 0, "");
    EXPECT_TEXT("b7fab000-b7fac000 ---p 00000000 00:00 0 \n");
    reset();
    procfmt_maps_line(&pb, 0xb7fae000, 0xb7fb0000, VM_READ | VM_WRITE | VM_SHARED | VM_MAYSHARE, 0,
                      0, 1, 2, "/dev/zero (deleted)");
    EXPECT_TEXT("b7fae000-b7fb0000 rw-s 00000000 00:01 2          /dev/zero (deleted)\n");
    reset();
    procfmt_maps_line(&pb, 0xbffdf000, 0xc0000000, VM_READ | VM_WRITE | VM_GROWSDOWN,
                      0, 0, 0, 0, "[stack]");
    EXPECT_TEXT("bffdf000-c0000000 rw-p 00000000 00:00 0          [stack]\n");
    reset();
    procfmt_maps_line(&pb, 0x08048000, 0xc0000000, 0, 0, 0, 0, 0, "[rollup]");
    EXPECT_TEXT("08048000-c0000000 ---p 00000000 00:00 0          [rollup]\n");
    /* Device numbers in hex; a prefix (which ends in a space) already past
     * column 48 gets just one more space before the name, as seq_pad does. */
    reset();
    procfmt_maps_line(&pb, 0x1000, 0x2000, VM_READ, 0xabc000, 0x12, 0x1f, 123456, "/x");
    EXPECT_TEXT("00001000-00002000 r--p 00abc000 12:1f 123456     /x\n");
    reset();
    procfmt_maps_line(&pb, 0x1000, 0x2000, VM_READ, 0, 0x103, 0x20, 4294967295u, "/x");
    EXPECT_TEXT("00001000-00002000 r--p 00000000 103:20 4294967295  /x\n");
    /* The name column is 49 for every inode width that fits. */
    for (uint32_t ino = 0, digits = 1; digits <= 9; ino = ino * 10 + 9, digits++) {
        reset();
        procfmt_maps_line(&pb, 0x1000, 0x2000, VM_READ, 0, 0, 1, ino, "N");
        CHECK(pb.len == MAPS_NAME_COLUMN + 2 && text[MAPS_NAME_COLUMN] == 'N' &&
              text[MAPS_NAME_COLUMN - 1] == ' ', "inode %u: \"%s\"", ino, text);
    }
    group_end();
}

static void test_value_lines(void)
{
    group_begin("procfmt_value_lines");
    reset();
    procfmt_value_line(&pb, "Rss", 676, " kB");
    procfmt_value_line(&pb, "KernelPageSize", 4, " kB");
    procfmt_value_line(&pb, "Private_Hugetlb", 0, " kB");
    EXPECT_TEXT("Rss:                 676 kB\nKernelPageSize:        4 kB\n"
                "Private_Hugetlb:       0 kB\n");
    reset();
    procfmt_value_line(&pb, "MemTotal", 243616, " kB");
    procfmt_value_line(&pb, "HardwareCorrupted", 0, " kB");
    procfmt_value_line(&pb, "HugePages_Total", 0, "");
    procfmt_value_line(&pb, "Hugepagesize", 4096, " kB");
    procfmt_value_line(&pb, "Active(anon)", 780, " kB");
    EXPECT_TEXT("MemTotal:         243616 kB\nHardwareCorrupted:     0 kB\n"
                "HugePages_Total:       0\nHugepagesize:       4096 kB\n"
                "Active(anon):        780 kB\n");
    reset();                                   /* wider than the field */
    procfmt_value_line(&pb, "MemTotal", 1234567890, " kB");
    procfmt_value_line(&pb, "HardwareCorrupted", 1234567, " kB");
    EXPECT_TEXT("MemTotal:       1234567890 kB\nHardwareCorrupted: 1234567 kB\n");
    reset();
    procfmt_status_kb(&pb, "VmPeak", 1424);
    procfmt_status_kb(&pb, "VmRSS", 4);
    procfmt_status_kb(&pb, "RssShmem", 0);
    EXPECT_TEXT("VmPeak:\t    1424 kB\nVmRSS:\t       4 kB\nRssShmem:\t       0 kB\n");
    group_end();
}

static void test_vmflags(void)
{
    group_begin("procfmt_vmflags");
    const struct { uint32_t flags; const char *want; } rows[] = {
        { VM_READ | VM_EXEC | VM_MAY_RWX, "VmFlags: rd ex mr mw me \n" },
        { VM_READ | VM_MAY_RWX, "VmFlags: rd mr mw me \n" },
        { VM_READ | VM_WRITE | VM_ACCOUNT | VM_MAY_RWX, "VmFlags: rd wr mr mw me ac \n" },
        { VM_READ | VM_ACCOUNT | VM_MAY_RWX, "VmFlags: rd mr mw me ac \n" },  /* RELRO */
        { VM_MAY_RWX, "VmFlags: mr mw me \n" },
        { VM_READ | VM_WRITE | VM_SHARED | VM_MAY_RWX | VM_MAYSHARE,
          "VmFlags: rd wr sh mr mw me ms \n" },
        /* MAP_SHARED of a read-only descriptor: may share, never write */
        { VM_READ | VM_MAYREAD | VM_MAYEXEC | VM_MAYSHARE, "VmFlags: rd mr me ms \n" },
        { VM_READ | VM_WRITE | VM_GROWSDOWN | VM_ACCOUNT | VM_MAY_RWX,
          "VmFlags: rd wr mr mw me gd ac \n" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        reset();
        procfmt_vmflags(&pb, rows[i].flags);
        EXPECT_TEXT(rows[i].want);
    }
    group_end();
}

/* The label of each line of a block, in order, joined by spaces. */
static void labels_of(const char *block, char *out, size_t size)
{
    out[0] = '\0';
    for (const char *line = block; *line;) {
        const char *colon = strchr(line, ':'), *nl = strchr(line, '\n');
        if (!colon || !nl)
            break;
        strncat(out, line, (size_t)(colon - line) < size - strlen(out) - 2
                               ? (size_t)(colon - line) : 0);
        strcat(out, " ");
        line = nl + 1;
    }
}

static void test_smaps(void)
{
    group_begin("procfmt_smaps");
    /* 3 resident pages of a 12 kB region: one private dirty anonymous,
     * one private clean file page, one clean file page shared 3 ways. */
    struct region_stats st = {
        .resident = 3, .private_dirty = 1, .private_clean = 1, .shared_clean = 1,
        .referenced = 3, .anonymous = 1,
        .pss = (2ull * 4096 << PSS_SHIFT) + ((4096ull << PSS_SHIFT) / 3),
        .pss_dirty = 4096ull << PSS_SHIFT, .pss_anon = 4096ull << PSS_SHIFT,
    };
    struct smaps_sum sum = { 0 };
    smaps_sum_add(&sum, &st, 3, 0);
    reset();
    procfmt_smaps_values(&pb, &sum);
    EXPECT_TEXT("Size:                 12 kB\n"
                "KernelPageSize:        4 kB\n"
                "MMUPageSize:           4 kB\n"
                "Rss:                  12 kB\n"
                "Pss:                   9 kB\n"
                "Pss_Dirty:             4 kB\n"
                "Shared_Clean:          4 kB\n"
                "Shared_Dirty:          0 kB\n"
                "Private_Clean:         4 kB\n"
                "Private_Dirty:         4 kB\n"
                "Referenced:           12 kB\n"
                "Anonymous:             4 kB\n"
                "LazyFree:              0 kB\n"
                "AnonHugePages:         0 kB\n"
                "ShmemPmdMapped:        0 kB\n"
                "FilePmdMapped:         0 kB\n"
                "Shared_Hugetlb:        0 kB\n"
                "Private_Hugetlb:       0 kB\n"
                "Swap:                  0 kB\n"
                "SwapPss:               0 kB\n"
                "Locked:                0 kB\n");
    /* pmap -x needs Swap after Rss, Shared_Dirty and Private_Dirty. */
    char labels[512];
    labels_of(text, labels, sizeof labels);
    const char *rss = strstr(labels, "Rss "), *swap = strstr(labels, "Swap ");
    CHECK(rss && swap && rss < swap && strstr(labels, "Private_Dirty ") < swap);

    /* The rollup: Pss split by kind; a second, shared region adds shmem. */
    struct region_stats shm = {
        .resident = 2, .shared_dirty = 2, .pss = 4096ull << PSS_SHIFT,
        .pss_dirty = 4096ull << PSS_SHIFT,
    };
    smaps_sum_add(&sum, &shm, 4, 1);
    reset();
    procfmt_rollup_values(&pb, &sum);
    labels_of(text, labels, sizeof labels);
    CHECK(strcmp(labels, "Rss Pss Pss_Dirty Pss_Anon Pss_File Pss_Shmem Shared_Clean "
                         "Shared_Dirty Private_Clean Private_Dirty Referenced Anonymous "
                         "LazyFree AnonHugePages ShmemPmdMapped FilePmdMapped "
                         "Shared_Hugetlb Private_Hugetlb Swap SwapPss Locked ") == 0,
          "%s", labels);
    CHECK(strstr(text, "Rss:                  20 kB\n") &&
          strstr(text, "Pss:                  13 kB\n") &&
          strstr(text, "Pss_Anon:              4 kB\n") &&
          strstr(text, "Pss_File:              5 kB\n") &&
          strstr(text, "Pss_Shmem:             4 kB\n") &&
          strstr(text, "Shared_Dirty:          8 kB\n"), "%s", text);
    group_end();
}

/* Split a stat line as procps does: comm runs to the LAST ')'. */
static int stat_fields(const char *line, char *comm, size_t size)
{
    const char *open = strchr(line, '('), *close = strrchr(line, ')');
    if (!open || !close || close < open)
        return -1;
    size_t len = (size_t)(close - open - 1);
    snprintf(comm, size, "%.*s", (int)(len < size ? len : size - 1), open + 1);
    int n = 2;                                 /* pid and comm */
    for (const char *c = close + 1; *c && *c != '\n'; c++)
        if (*c == ' ' && c[1] != ' ' && c[1] != '\n')
            n++;
    return n;
}

static void test_stat(void)
{
    group_begin("procfmt_stat");
    int64_t f[STAT_FIELDS - 3] = { 0 };
    f[0] = 1, f[4] = -1, f[6] = 61, f[11] = 4, f[14] = 20, f[16] = 1, f[18] = 294;
    f[19] = 1458176, f[20] = 1, f[21] = 4294967295ll, f[22] = 134516736;
    f[23] = 134973876, f[24] = 3221225200ll, f[34] = 17, f[41] = 135187628;
    f[42] = 135201592, f[43] = 135217152, f[44] = 3221225426ll, f[45] = 3221225436ll;
    f[46] = 3221225436ll, f[47] = 3221225453ll;
    reset();
    procfmt_stat_line(&pb, 78, "exe", 'R', f);
    EXPECT_TEXT("78 (exe) R 1 0 0 0 -1 0 61 0 0 0 0 4 0 0 20 0 1 0 294 1458176 1 "
                "4294967295 134516736 134973876 3221225200 0 0 0 0 0 0 0 0 0 17 0 0 0 "
                "0 0 0 135187628 135201592 135217152 3221225426 3221225436 3221225436 "
                "3221225453 0\n");
    char comm[32];
    reset();
    procfmt_stat_line(&pb, 79, "a b) c", 'Z', f);
    CHECK(stat_fields(text, comm, sizeof comm) == STAT_FIELDS && strcmp(comm, "a b) c") == 0,
          "%s", text);
    CHECK(strncmp(text, "79 (a b) c) Z 1 ", 16) == 0, "%s", text);

    reset();
    procfmt_name(&pb, "a b\tc\\d\ne");
    EXPECT_TEXT("a b\\tc\\\\d\\ne");
    group_end();
}

static void test_procbuf(void)
{
    group_begin("procfmt_procbuf");
    char small[10];
    pb_init(&pb, small, sizeof small);
    pb_printf(&pb, "%s", "12345");
    CHECK(pb_fits(&pb) && pb.len == 5 && memcmp(small, "12345", 5) == 0);
    pb_write(&pb, "ab\0c", 4);
    CHECK(pb_fits(&pb) && pb.len == 9 && memcmp(small, "12345ab\0c", 9) == 0);
    pb_printf(&pb, "%d", 42);                  /* does not fit: counted only */
    CHECK(!pb_fits(&pb) && pb.len == 11 && memcmp(small, "12345ab\0c", 9) == 0);
    pb_write(&pb, "xyz", 3);
    pb_pad_to(&pb, 0, 20);
    CHECK(!pb_fits(&pb) && pb.len == 20, "len %u", pb.len);
    pb_init(&pb, small, sizeof small);         /* a line padded to a column */
    pb_putc(&pb, 'x');
    pb_pad_to(&pb, 0, 4);
    pb_pad_to(&pb, 0, 2);
    CHECK(pb.len == 4 && memcmp(small, "x   ", 4) == 0);
    pb_init(&pb, small, 0);                    /* no buffer at all: just count */
    pb_printf(&pb, "hello");
    CHECK(!pb_fits(&pb) && pb.len == 5);
    group_end();
}

int main(void)
{
    test_maps();
    test_value_lines();
    test_vmflags();
    test_smaps();
    test_stat();
    test_procbuf();
    return unit_exit();
}
