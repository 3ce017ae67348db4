/*
 * tests/unit/test_fs.c - the file system, through its system calls and
 * its kernel interface: paths, ramfs files and directories, page frames,
 * descriptors, pipes, devices, stat and getdents records, and the initrd.
 *
 * The whole of fs/ is compiled into this program over the pretend kernel
 * of fs_stubs.h (fake frames, memcpy for user copies, a sleep_on that
 * returns -EINTR).  Each group starts from its own directory under /tmp.
 */
#include "tests/unit/fs_stubs.h"

#include "fs/console.c"
#include "fs/cpio.c"
#include "fs/devices.c"
#include "fs/fdtable.c"
#include "fs/file.c"
#include "fs/file_pages.c"
#include "fs/initrd.c"
#include "fs/inode.c"
#include "fs/namei.c"
#include "fs/open.c"
#include "fs/path.c"
#include "fs/pipe.c"
#include "fs/procfmt.c"
#include "fs/proc_fd.c"
#include "fs/procfs.c"
#include "fs/ramfs.c"
#include "fs/readdir.c"
#include "fs/selftest.c"
#include "fs/sys_attr.c"
#include "fs/sys_dir.c"
#include "fs/sys_fadvise.c"
#include "fs/sys_fd.c"
#include "fs/sys_namei.c"
#include "fs/sys_open.c"
#include "fs/sys_poll.c"
#include "fs/sys_rw.c"
#include "fs/sys_select.c"
#include "fs/sys_stat.c"
#include "fs/sys_statfs.c"
#include "fs/timerfd.c"
#include "fs/anon_inode.c"
#include "fs/syscalls.c"
#include "fs/uio.c"
#include "fs/vfs.c"

#define BAD_PTR ((void *)16)     /* faults in copy_*_user */

/* ---- /proc's tree over a pretend process table ----------------------------- */

/* fs/procfs.c's tree is tested here with stand-in contents (what the real
 * files say is the kernel's, tested by booting: tests/test_proc.py). */
struct proc proc_table[NPROC];

struct proc *proc_find(int pid)
{
    for (int i = 0; i < NPROC; i++)
        if (proc_table[i].state != PROC_UNUSED && proc_table[i].pid == pid)
            return &proc_table[i];
    return NULL;
}

static int test_pftrace;

/* /dev/random and /dev/urandom read kernel/random.c, not built here. */
long random_read_user(uint32_t ubuf, uint32_t len)
{
    (void)ubuf;
    return len;
}

long random_write_user(uint32_t ubuf, uint32_t len)
{
    (void)ubuf;
    return len;
}

/* /proc/PID/fd's targets come from fs/proc_mem.c, not built here. */
int procfs_file_path(struct inode *ip, char *buf, uint32_t size)
{
    return snprintf(buf, size, "inode:%u", ip->ino);
}

static void show_hello(struct procbuf *pb, struct proc *p)
{
    pb_printf(pb, "hello %d\n", p ? p->pid : 0);
}

/* Longer than the first snapshot buffer, to make procfs retry. */
static void show_big(struct procbuf *pb, struct proc *p)
{
    for (int i = 0; i < 1000; i++)
        pb_printf(pb, "%d line %04d\n", p->pid, i);
}

static long write_flag(struct proc *p, const char *kbuf, uint32_t n)
{
    (void)p;
    test_pftrace = kbuf[0] == '1';
    return n;
}

static int link_me(struct proc *p, char *buf, uint32_t size)
{
    (void)p;
    return snprintf(buf, size, "%d", current->pid);
}

const struct proc_entry procfs_sys_entries[] = {
    { .name = "hello", .mode = S_IFREG | 0444, .show = show_hello },
    { .name = "me", .mode = S_IFLNK | 0777, .link = link_me },
};
const int procfs_sys_nentries = 2;
const struct proc_entry procfs_pid_entries[] = {
    { .name = "hello", .mode = S_IFREG | 0444, .show = show_hello },
    { .name = "big", .mode = S_IFREG | 0444, .show = show_big },
    { .name = "flag", .mode = S_IFREG | 0644, .show = show_hello, .write = write_flag },
};
const int procfs_pid_nentries = 3;
void procfs_sys_init(void) {}

/* ---- helpers ------------------------------------------------------------------ */

static long open_rw(const char *path)
{
    return sys_open(path, O_RDWR | O_CREAT | O_LARGEFILE, 0644);
}

/* Write a whole file through the system calls. */
static void write_file(const char *path, const char *text)
{
    long fd = sys_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        sys_write((int)fd, text, (uint32_t)strlen(text));
        sys_close((int)fd);
    }
}

static struct stat64 st;

static long do_stat(const char *path)
{
    memset(&st, 0, sizeof st);
    return sys_stat64(path, &st);
}

static long do_lstat(const char *path)
{
    memset(&st, 0, sizeof st);
    return sys_lstat64(path, &st);
}

/* Count the open descriptors of the test process. */
static int open_fds(void)
{
    int n = 0;
    for (int i = 0; i < NOFILE; i++)
        n += current->files->fd[i] != NULL;
    return n;
}

/* Names from one getdents64 buffer, checked for Linux's layout.  Each
 * name is appended to `names` followed by '/'; returns the record count
 * or -1 on a bad record. */
static int parse_dirents(const char *buf, long len, char *names, size_t size,
                         int64_t *last_off)
{
    long at = 0;
    int n = 0;
    while (at < len) {
        struct linux_dirent64 d;
        memcpy(&d, buf + at, sizeof d);
        const char *name = buf + at + DIRENT64_NAME_OFFSET;
        size_t want = (DIRENT64_NAME_OFFSET + strlen(name) + 1 + 7) & ~(size_t)7;
        if (d.d_reclen != want || at + d.d_reclen > len)
            return -1;
        strncat(names, name, size - strlen(names) - 2);
        strcat(names, "/");
        *last_off = d.d_off;
        at += d.d_reclen;
        n++;
    }
    return n;
}

/* ---- groups ------------------------------------------------------------------- */

static void test_path_next(void)
{
    group_begin("fs_path_split");
    char name[NAME_MAX + 1], longname[300];
    const char *p = "//usr///lib/x/";
    CHECK(path_next(&p, name) == 3 && strcmp(name, "usr") == 0);
    CHECK(path_next(&p, name) == 3 && strcmp(name, "lib") == 0);
    CHECK(path_next(&p, name) == 1 && strcmp(name, "x") == 0);
    CHECK(path_next(&p, name) == 0 && strcmp(name, "") == 0);
    p = "";
    CHECK(path_next(&p, name) == 0);
    p = "a";
    CHECK(path_next(&p, name) == 1 && *p == '\0');
    memset(longname, 'n', 255);
    longname[255] = '\0';
    p = longname;
    CHECK(path_next(&p, name) == 255);
    memset(longname, 'n', 256);
    longname[256] = '\0';
    p = longname;
    CHECK(path_next(&p, name) == -ENAMETOOLONG);
    CHECK(path_has_trailing_slash("a/") && path_has_trailing_slash("/a/b//"));
    CHECK(!path_has_trailing_slash("/") && !path_has_trailing_slash("//") &&
          !path_has_trailing_slash("a") && !path_has_trailing_slash(""));
    CHECK(name_is_dots("") && name_is_dots(".") && name_is_dots(".."));
    CHECK(!name_is_dots("...") && !name_is_dots(".a"));
    group_end();
}

static void test_boot_tree(void)
{
    group_begin("fs_boot_tree");
    CHECK(do_stat("/") == 0 && S_ISDIR(st.st_mode) && st.st_ino == 1);
    CHECK(do_stat("/tmp") == 0 && st.st_mode == (S_IFDIR | 01777));
    CHECK(do_stat("/dev/shm") == 0 && st.st_mode == (S_IFDIR | 01777));
    CHECK(do_stat("/proc") == 0 && S_ISDIR(st.st_mode));
    CHECK(do_stat("/dev/null") == 0 && st.st_mode == (S_IFCHR | 0666) &&
          st.st_rdev == 0x103);
    CHECK(do_stat("/dev/zero") == 0 && st.st_rdev == 0x105);
    CHECK(do_stat("/dev/console") == 0 && st.st_rdev == 0x501);
    CHECK(do_stat("/dev/tty") == 0 && st.st_rdev == 0x500);
    CHECK(st.st_mtime >= 1700000000u, "times are wall-clock");
    /* "/" has nlink 2 + one per subdirectory (dev, tmp, proc). */
    CHECK(do_stat("/") == 0 && st.st_nlink == 5, "nlink %u", st.st_nlink);
    group_end();
}

static void test_read_write(void)
{
    group_begin("fs_read_write");
    char buf[64];
    CHECK(sys_mkdir("/tmp/rw", 0755) == 0);
    long fd = open_rw("/tmp/rw/a");
    REQUIRE(fd >= 0, "open: %ld", fd);
    CHECK(sys_write((int)fd, "hello world", 11) == 11);
    CHECK(sys_lseek((int)fd, 0, SEEK_CUR) == 11);
    CHECK(sys_lseek((int)fd, 6, SEEK_SET) == 6);
    memset(buf, 0, sizeof buf);
    CHECK(sys_read((int)fd, buf, sizeof buf) == 5 && strcmp(buf, "world") == 0);
    CHECK(sys_read((int)fd, buf, sizeof buf) == 0, "EOF");
    CHECK(sys_lseek((int)fd, -5, SEEK_END) == 6);
    CHECK(sys_lseek((int)fd, -100, SEEK_CUR) == -EINVAL);
    CHECK(sys_lseek((int)fd, 0, 7) == -EINVAL);
    CHECK(sys_pwrite64((int)fd, "HELLO", 5, 0, 0) == 5);
    CHECK(sys_lseek((int)fd, 0, SEEK_CUR) == 6, "pwrite leaves the position");
    memset(buf, 0, sizeof buf);
    CHECK(sys_pread64((int)fd, buf, 11, 0, 0) == 11 && strcmp(buf, "HELLO world") == 0);
    CHECK(sys_pread64((int)fd, buf, 1, 0, 0x80000000u) == -EINVAL);
    int64_t res = -1;
    CHECK(sys_llseek((int)fd, 0, 3, &res, SEEK_SET) == 0 && res == 3);
    CHECK(sys_llseek((int)fd, 0xffffffffu, 0xffffffffu, &res, SEEK_CUR) == 0 && res == 2);
    CHECK(sys_llseek((int)fd, 0, 0, BAD_PTR, SEEK_SET) == -EFAULT);
    CHECK(sys_lseek((int)fd, 0, SEEK_CUR) == 2, "failed _llseek left the position");

    /* Faults. */
    CHECK(sys_write((int)fd, BAD_PTR, 4) == -EFAULT);
    CHECK(sys_read((int)fd, BAD_PTR, 4) == -EFAULT);
    CHECK(sys_open(BAD_PTR, O_RDONLY, 0) == -EFAULT);

    /* Bad descriptors and access modes. */
    CHECK(sys_read(99, buf, 1) == -EBADF && sys_write(-1, buf, 1) == -EBADF);
    CHECK(sys_close((int)fd) == 0 && sys_close((int)fd) == -EBADF);
    fd = sys_open("/tmp/rw/a", O_RDONLY, 0);
    CHECK(sys_write((int)fd, "x", 1) == -EBADF);
    sys_close((int)fd);
    fd = sys_open("/tmp/rw/a", O_WRONLY, 0);
    CHECK(sys_read((int)fd, buf, 1) == -EBADF);
    sys_close((int)fd);

    /* O_APPEND, O_EXCL, O_TRUNC, O_DIRECTORY, directories. */
    fd = sys_open("/tmp/rw/a", O_WRONLY | O_APPEND, 0);
    CHECK(sys_write((int)fd, "!", 1) == 1);
    sys_close((int)fd);
    CHECK(do_stat("/tmp/rw/a") == 0 && st.st_size == 12);
    CHECK(sys_open("/tmp/rw/a", O_RDWR | O_CREAT | O_EXCL, 0644) == -EEXIST);
    CHECK(sys_open("/tmp/rw/a", O_RDONLY | O_DIRECTORY, 0) == -ENOTDIR);
    CHECK(sys_open("/tmp/rw", O_RDWR, 0) == -EISDIR);
    CHECK(sys_open("/tmp/rw", O_RDONLY | O_CREAT, 0644) == -EISDIR);
    CHECK(sys_open("/tmp/rw/new/", O_RDWR | O_CREAT, 0644) == -EISDIR);
    CHECK(sys_open("/tmp/rw/a/", O_RDONLY, 0) == -ENOTDIR);
    CHECK(sys_open("/tmp/rw/nope", O_RDONLY, 0) == -ENOENT);
    CHECK(sys_open("/tmp/rw/nope/x", O_RDWR | O_CREAT, 0644) == -ENOENT);
    CHECK(sys_open("/tmp/rw/a/x", O_RDONLY, 0) == -ENOTDIR);
    CHECK(sys_open("", O_RDONLY, 0) == -ENOENT);
    fd = sys_open("/tmp/rw", O_RDONLY | O_DIRECTORY, 0);
    CHECK(fd >= 0 && sys_read((int)fd, buf, 4) == -EISDIR);
    sys_close((int)fd);
    fd = sys_open("/tmp/rw/a", O_RDWR | O_TRUNC, 0);
    CHECK(do_stat("/tmp/rw/a") == 0 && st.st_size == 0);
    sys_close((int)fd);
    CHECK(sys_creat("/tmp/rw/c", 0600) >= 0 && do_stat("/tmp/rw/c") == 0 &&
          st.st_mode == (S_IFREG | 0600));
    CHECK(open_fds() == 1);      /* only the creat above is left */
    sys_close(0);

    /* readv / writev. */
    fd = open_rw("/tmp/rw/v");
    char a1[] = "abc", a2[] = "defgh";
    struct iovec iov[3] = { { a1, 3 }, { NULL, 0 }, { a2, 5 } };
    CHECK(sys_writev((int)fd, iov, 3) == 8);
    sys_lseek((int)fd, 0, SEEK_SET);
    char r1[2], r2[10] = { 0 };
    struct iovec riov[2] = { { r1, 2 }, { r2, 10 } };
    CHECK(sys_readv((int)fd, riov, 2) == 8 && memcmp(r1, "ab", 2) == 0 &&
          strcmp(r2, "cdefgh") == 0);
    CHECK(sys_readv((int)fd, riov, -1) == -EINVAL);
    CHECK(sys_writev((int)fd, BAD_PTR, 1) == -EFAULT);
    sys_close((int)fd);
    group_end();
}

/* ---- the file page table, against a flat model ------------------------- */

#define FPM_MAX 256
static uint32_t fpm_index[FPM_MAX], fpm_frame[FPM_MAX];
static int fpm_n;

/* The model's frame for `index`, or 0. */
static uint32_t fpm_lookup(uint32_t index)
{
    for (int i = 0; i < fpm_n; i++)
        if (fpm_index[i] == index)
            return fpm_frame[i];
    return 0;
}

/* The tables the smallest tree for the model's pages needs: none for
 * page 0 alone, one up to page 1023, else a directory and one table per
 * 4 MiB stretch in use. */
static uint32_t fpm_tables(void)
{
    uint32_t top = 0, used[FP_SLOTS] = { 0 }, stretches = 0;
    for (int i = 0; i < fpm_n; i++) {
        top = fpm_index[i] > top ? fpm_index[i] : top;
        if (!used[fpm_index[i] >> FP_DIR_SHIFT]++)
            stretches++;
    }
    if (fpm_n == 0 || top == 0)
        return 0;
    return top < FP_SLOTS ? 1 : 1 + stretches;
}

/* Every index the test uses, holes included, agrees with the model, and
 * the tree holds exactly the frames the model says. */
static int fpm_agrees(const struct file_pages *fp, uint32_t frames_before)
{
    for (int i = 0; i < fpm_n; i++)
        if (fp_lookup(fp, fpm_index[i]) != fpm_frame[i])
            return 0;
    static const uint32_t probes[] = { 0, 1, 5, 1023, 1024, 1025, 4096,
                                       524287, 1048575, 1048576, 0xFFFFFFFF };
    for (unsigned i = 0; i < sizeof probes / sizeof probes[0]; i++)
        if (fp_lookup(fp, probes[i]) != fpm_lookup(probes[i]))
            return 0;
    return fp->present == (uint32_t)fpm_n && fp->tables == fpm_tables() &&
           frames_in_use() == frames_before + fp->present + fp->tables;
}

/* A page index: mostly near the levels' edges, where bugs live. */
static uint32_t fpm_pick(void)
{
    static const uint32_t edges[] = { 0, 1, 1023, 1024, 2047, 2048, 524287 };
    switch (rng_range(0, 3)) {
    case 0:  return edges[rng_range(0, 6)];
    case 1:  return (uint32_t)rng_range(0, 8);
    case 2:  return (uint32_t)rng_range(1000, 1100);
    default: return (uint32_t)rng_range(0, 524287);
    }
}

static void test_file_pages(void)
{
    group_begin("fs_file_pages");
    uint32_t before = frames_in_use();
    struct file_pages fp = { 0 };

    /* The sizes the header promises: one page at 0 costs no table, one
     * at 2 GiB - 1 a table and the directory, beyond 4 GiB is -EFBIG. */
    uint32_t a = frame_alloc(), b = frame_alloc();
    CHECK(fp_insert(&fp, 0, a) == 0 && fp.levels == 0 && fp.tables == 0 &&
          fp_lookup(&fp, 0) == a && fp_lookup(&fp, 1) == 0);
    CHECK(fp_insert(&fp, 524287, b) == 0 && fp.levels == 2 && fp.tables == 3,
          "page 0 and page 524287: levels %u, %u tables", fp.levels, fp.tables);
    CHECK(fp_lookup(&fp, 0) == a && fp_lookup(&fp, 524287) == b &&
          fp_lookup(&fp, 524286) == 0 && fp_lookup(&fp, 1024) == 0);
    CHECK(fp_truncate(&fp, 1) == 1 && fp.levels == 0 && fp.root == a &&
          fp.tables == 0, "truncating to one page shrinks to no table");
    CHECK(fp_insert(&fp, 1u << 20, b) == -EFBIG && fp.present == 1);
    CHECK(fp_truncate(&fp, 0) == 1 && fp.root == 0 && fp.present == 0);
    CHECK(frames_in_use() == before, "all frames back");

    /* Out of frames: an insert that needs tables fails and leaves the
     * tree as it was, whether the first or the second table is missing. */
    uint32_t c = frame_alloc();
    CHECK(fp_insert(&fp, 5, c) == 0 && fp.levels == 1 && fp.tables == 1);
    uint32_t d = frame_alloc();
    for (int left = 0; left < 2; left++) {
        test_frames_left = left;
        CHECK(fp_insert(&fp, 3000, d) == -ENOMEM, "%d frames left", left);
        CHECK(fp.levels == 1 && fp.tables == 1 && fp.present == 1 &&
              fp_lookup(&fp, 5) == c && fp_lookup(&fp, 3000) == 0 &&
              frames_in_use() == before + 3, "unchanged with %d frames left", left);
    }
    test_frames_left = -1;
    frame_put(d);
    fp_truncate(&fp, 0);
    CHECK(frames_in_use() == before);

    /* Random inserts and truncations against the flat model. */
    uint64_t seed = unit_seed(0xF11E9A6E);
    rng_seed(seed);
    int steps = 0, ok = 1;
    for (; steps < 4000 && ok; steps++) {
        if (rng_range(0, 9) == 0) {
            uint32_t first = fpm_n ? fpm_index[rng_range(0, fpm_n - 1)] : 0;
            first += (uint32_t)rng_range(0, 1);
            uint32_t expect = 0;
            for (int i = 0; i < fpm_n;) {
                if (fpm_index[i] >= first) {
                    expect++;
                    fpm_index[i] = fpm_index[--fpm_n];
                    fpm_frame[i] = fpm_frame[fpm_n];
                } else {
                    i++;
                }
            }
            ok = fp_truncate(&fp, first) == expect;
        } else if (fpm_n < FPM_MAX) {
            uint32_t index = fpm_pick();
            if (fpm_lookup(index))
                continue;
            uint32_t frame = frame_alloc();
            ok = frame && fp_insert(&fp, index, frame) == 0;
            fpm_index[fpm_n] = index;
            fpm_frame[fpm_n++] = frame;
        }
        ok = ok && fpm_agrees(&fp, before);
    }
    CHECK(ok, "seed %#llx: tree and model differ after step %d",
          (unsigned long long)seed, steps);
    fp_truncate(&fp, 0);
    fpm_n = 0;
    CHECK(fp.root == 0 && fp.levels == 0 && fp.tables == 0 &&
          frames_in_use() == before, "everything freed");
    group_end();
}

static void test_pages(void)
{
    group_begin("fs_pages");
    char buf[PAGE_SIZE];
    uint32_t before = frames_in_use();
    long fd = open_rw("/tmp/sparse");
    REQUIRE(fd >= 0);
    /* A write far past EOF leaves a hole that reads as zeros and takes
     * no frames: the written page has one, and page 5 needs the file's
     * page table to be one table tall. */
    CHECK(sys_pwrite64((int)fd, "end", 3, 5 * PAGE_SIZE + 10, 0) == 3);
    CHECK(frames_in_use() == before + 2, "only the written page and a table");
    memset(buf, 'x', sizeof buf);
    CHECK(sys_pread64((int)fd, buf, PAGE_SIZE, 2 * PAGE_SIZE, 0) == PAGE_SIZE);
    int zero = 1;
    for (int i = 0; i < (int)PAGE_SIZE; i++)
        zero &= buf[i] == 0;
    CHECK(zero, "a hole reads as zeros");
    CHECK(sys_fstat64((int)fd, &st) == 0 && st.st_size == 5 * PAGE_SIZE + 13 &&
          st.st_blocks == 8 && st.st_blksize == PAGE_SIZE);

    struct inode *ip;
    REQUIRE(vfs_lookup("/tmp/sparse", &ip) == 0);
    /* inode_page: a frame for a hole inside the file (zeroed), 0 past EOF. */
    uint32_t pa = inode_page(ip, 1);
    CHECK(pa != 0 && ((char *)P2V(pa))[0] == 0 && ((char *)P2V(pa))[4095] == 0);
    CHECK(inode_page(ip, 5) != 0 && inode_page(ip, 6) == 0 && inode_page(ip, 99) == 0);
    CHECK(inode_page(ip, 1) == pa, "the same frame every time");
    /* The frame is the file: stores through it are read back, and
     * write() lands in it. */
    memcpy(P2V(pa), "via mmap", 8);
    memset(buf, 0, 16);
    CHECK(sys_pread64((int)fd, buf, 8, PAGE_SIZE, 0) == 8 && strcmp(buf, "via mmap") == 0);
    CHECK(sys_pwrite64((int)fd, "WRITE", 5, PAGE_SIZE, 0) == 5);
    CHECK(memcmp(P2V(pa), "WRITE", 5) == 0);
    CHECK(inode_read(ip, buf, PAGE_SIZE, 5) == 5 && memcmp(buf, "WRITE", 5) == 0);
    CHECK(inode_read(ip, buf, 6 * PAGE_SIZE, 5) == 0);

    /* Shrinking frees frames past the end and zeroes the new tail;
     * a mapping's own reference keeps its frame alive. */
    frame_get(pa);
    CHECK(sys_ftruncate((int)fd, PAGE_SIZE + 2) == 0);
    CHECK(frame_refcount(pa) == 2 && frames_in_use() == before + 2);
    CHECK(((char *)P2V(pa))[2] == 0 && ((char *)P2V(pa))[1] == 'R');
    ((char *)P2V(pa))[100] = 'Q';        /* scribble past EOF via "mmap" */
    CHECK(sys_ftruncate((int)fd, 3 * PAGE_SIZE) == 0);
    memset(buf, 'x', 200);
    CHECK(sys_pread64((int)fd, buf, 200, PAGE_SIZE, 0) == 200 && buf[1] == 'R' &&
          buf[2] == 0 && buf[100] == 0, "growing exposes zeros");
    frame_put(pa);
    CHECK(sys_ftruncate64((int)fd, 0, 1) == -EFBIG);
    CHECK(sys_ftruncate((int)fd, -1) == -EINVAL);
    CHECK(sys_truncate("/tmp", 0) == -EISDIR);
    CHECK(sys_truncate64("/tmp/sparse", 10, 0) == 0 && do_stat("/tmp/sparse") == 0 &&
          st.st_size == 10);

    /* Out of frames: a write fails with ENOSPC, inode_page gives 0. */
    test_frames_left = 0;
    CHECK(sys_pwrite64((int)fd, "x", 1, 5 * PAGE_SIZE, 0) == -ENOSPC);
    CHECK(sys_ftruncate((int)fd, 3 * PAGE_SIZE) == 0 && inode_page(ip, 2) == 0);
    test_frames_left = -1;
    /* The file system is full at half of RAM, like tmpfs: a write that
     * crosses the limit is short, the next one -ENOSPC; frames freed make
     * room again. */
    char big[3 * PAGE_SIZE];
    memset(big, 'b', sizeof big);
    test_frames_total = 2 * (fs_cached_pages() + 2);
    CHECK(fs_max_pages() == fs_cached_pages() + 2);
    CHECK(sys_pwrite64((int)fd, big, sizeof big, 8 * PAGE_SIZE, 0) == 2 * PAGE_SIZE,
          "a write crossing the limit stops at it");
    CHECK(sys_pwrite64((int)fd, "x", 1, 12 * PAGE_SIZE, 0) == -ENOSPC);
    CHECK(inode_page(ip, 2) == 0, "a fault in a hole finds no room either");
    struct inode *anon = vfs_anon_file(2 * PAGE_SIZE);
    CHECK(anon && inode_page(anon, 1) != 0, "shared anonymous memory is "
          "not held to the limit");
    inode_put(anon);
    CHECK(sys_ftruncate((int)fd, 9 * PAGE_SIZE) == 0 &&
          sys_pwrite64((int)fd, "x", 1, 12 * PAGE_SIZE, 0) == 1);
    test_frames_total = TEST_FRAMES;
    CHECK(sys_ftruncate((int)fd, 3 * PAGE_SIZE) == 0);
    long rdonly = sys_open("/tmp/sparse", O_RDONLY, 0);
    CHECK(sys_ftruncate((int)rdonly, 0) == -EINVAL);
    sys_close((int)rdonly);

    /* Unlinked while open and mapped: the data lives until the last
     * close and the last inode reference. */
    CHECK(sys_pwrite64((int)fd, "live", 4, 0, 0) == 4);
    CHECK(sys_unlink("/tmp/sparse") == 0 && do_stat("/tmp/sparse") == -ENOENT);
    CHECK(sys_fstat64((int)fd, &st) == 0 && st.st_nlink == 0);
    CHECK(sys_pread64((int)fd, buf, 4, 0, 0) == 4 && memcmp(buf, "live", 4) == 0);
    sys_close((int)fd);
    CHECK(frames_in_use() > before, "the exec loader's reference keeps it");
    inode_put(ip);
    CHECK(frames_in_use() == before, "all frames back: %u vs %u",
          frames_in_use(), before);

    /* The kernel helpers. */
    CHECK(vfs_write_file("/tmp/kfile", "kernel data", 11) == 0);
    REQUIRE(vfs_lookup("/tmp/kfile", &ip) == 0);
    CHECK(inode_size(ip) == 11 && inode_is_reg(ip) && !inode_is_dir(ip) &&
          inode_type(ip) == S_IFREG && inode_mode(ip) == (S_IFREG | 0644));
    CHECK(inode_write(ip, "K", 0, 1) == 1 && inode_read(ip, buf, 0, 11) == 11 &&
          memcmp(buf, "Kernel data", 11) == 0);
    inode_put(ip);
    REQUIRE(vfs_lookup("/tmp", &ip) == 0);
    CHECK(inode_read(ip, buf, 0, 1) == -EISDIR && inode_page(ip, 0) == 0);
    inode_put(ip);
    CHECK(vfs_lookup("/nonexistent", &ip) == -ENOENT);
    CHECK(vfs_write_file("/tmp", "x", 1) == -EISDIR);
    group_end();
}

static void test_dirs(void)
{
    group_begin("fs_dirs");
    char buf[300];
    CHECK(sys_mkdir("/tmp/d", 0755) == 0);
    CHECK(sys_mkdir("/tmp/d", 0755) == -EEXIST);
    CHECK(sys_mkdir("/", 0755) == -EEXIST);
    CHECK(sys_mkdir("/tmp/", 0755) == -EEXIST);
    CHECK(sys_mkdir("/tmp/d/.", 0755) == -EEXIST);
    CHECK(sys_mkdir("/tmp/d/..", 0755) == -EEXIST);
    CHECK(sys_mkdir("/tmp/nope/x", 0755) == -ENOENT);
    CHECK(sys_mkdir("/tmp/d/e/", 0700) == 0 && do_stat("/tmp/d/e") == 0 &&
          st.st_mode == (S_IFDIR | 0700) && st.st_nlink == 2);
    CHECK(do_stat("/tmp/d") == 0 && st.st_nlink == 3);
    write_file("/tmp/d/f", "x");
    CHECK(sys_mkdir("/tmp/d/f/g", 0755) == -ENOTDIR);
    CHECK(sys_rmdir("/tmp/d") == -ENOTEMPTY);
    CHECK(sys_rmdir("/tmp/d/f") == -ENOTDIR);
    CHECK(sys_unlink("/tmp/d/e") == -EISDIR);
    CHECK(sys_unlink("/tmp/d/f/") == -ENOTDIR);
    CHECK(sys_rmdir("/") == -EBUSY);
    CHECK(sys_rmdir("/tmp/d/.") == -EINVAL);
    CHECK(sys_rmdir("/tmp/d/e/..") == -ENOTEMPTY);
    CHECK(sys_unlink("/tmp/d/missing") == -ENOENT);
    CHECK(sys_unlinkat(AT_FDCWD, "/tmp/d/f", 0x4000) == -EINVAL);
    memset(buf, 'a', 255);
    buf[255] = '\0';
    CHECK(sys_mkdir(buf, 0755) == 0, "255-byte names are fine");
    CHECK(sys_rmdir(buf) == 0);
    buf[255] = 'a';
    buf[256] = '\0';
    CHECK(sys_mkdir(buf, 0755) == -ENAMETOOLONG);

    /* Relative paths, ".", "..", chdir and getcwd. */
    CHECK(sys_chdir("/tmp/d/e") == 0);
    CHECK(sys_getcwd(buf, sizeof buf) == 9 && strcmp(buf, "/tmp/d/e") == 0);
    CHECK(sys_getcwd(buf, 5) == -ERANGE && sys_getcwd(buf, 0) == -ERANGE);
    CHECK(sys_getcwd(BAD_PTR, 100) == -EFAULT);
    CHECK(do_stat("../f") == 0 && S_ISREG(st.st_mode));
    CHECK(do_stat("./../../d/./e/../f") == 0 && st.st_size == 1);
    CHECK(do_stat("../../../../../../tmp") == 0 && S_ISDIR(st.st_mode));
    CHECK(sys_chdir("..") == 0 && sys_getcwd(buf, sizeof buf) == 7);
    CHECK(sys_chdir("f") == -ENOTDIR && sys_chdir("zz") == -ENOENT);
    CHECK(sys_chdir("/") == 0 && sys_getcwd(buf, 2) == 2 && strcmp(buf, "/") == 0);
    CHECK(sys_getcwd(buf, 1) == -ERANGE);

    /* *at() calls relative to a directory descriptor. */
    long dfd = sys_open("/tmp/d", O_RDONLY | O_DIRECTORY, 0);
    long ffd = sys_open("/tmp/d/f", O_RDONLY, 0);
    CHECK(sys_mkdirat((int)dfd, "sub", 0755) == 0 && do_stat("/tmp/d/sub") == 0);
    CHECK(sys_unlinkat((int)dfd, "sub", AT_REMOVEDIR) == 0);
    CHECK(sys_mkdirat((int)ffd, "sub", 0755) == -ENOTDIR);
    CHECK(sys_mkdirat(77, "sub", 0755) == -EBADF);
    CHECK(sys_mkdirat(77, "/tmp/d/abs", 0755) == 0, "absolute paths ignore dirfd");
    long fd = sys_openat((int)dfd, "f", O_RDONLY, 0);
    CHECK(fd >= 0);
    sys_close((int)fd);
    CHECK(sys_fstatat64((int)ffd, "", &st, AT_EMPTY_PATH) == 0 && S_ISREG(st.st_mode));
    CHECK(sys_fstatat64((int)ffd, "", &st, 0) == -ENOENT);
    CHECK(sys_fstatat64(AT_FDCWD, "", &st, AT_EMPTY_PATH) == 0 && st.st_ino == 1);
    CHECK(sys_fstatat64((int)dfd, "f", &st, 0x8000) == -EINVAL);
    CHECK(sys_fchdir((int)dfd) == 0 && do_stat("f") == 0);
    CHECK(sys_fchdir((int)ffd) == -ENOTDIR);
    sys_close((int)dfd);
    sys_close((int)ffd);

    /* The cwd removed under us. */
    CHECK(sys_mkdir("/tmp/gone", 0755) == 0 && sys_chdir("/tmp/gone") == 0);
    CHECK(sys_rmdir("/tmp/gone") == 0);
    CHECK(sys_getcwd(buf, sizeof buf) == -ENOENT);
    CHECK(sys_open("x", O_RDWR | O_CREAT, 0644) == -ENOENT);
    CHECK(sys_mkdir("x", 0755) == -ENOENT);
    CHECK(sys_chdir("..") == 0 && sys_getcwd(buf, sizeof buf) == 5);
    sys_chdir("/");
    group_end();
}

static void test_getdents(void)
{
    group_begin("fs_getdents");
    char path[4200], buf[4096], names[4096];
    int64_t off = 0;
    sys_mkdir("/tmp/ls", 0755);
    for (int i = 0; i < 40; i++) {
        snprintf(path, sizeof path, "/tmp/ls/file%02d", i);
        write_file(path, "");
    }
    sys_mkdir("/tmp/ls/sub", 0755);
    long fd = sys_open("/tmp/ls", O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK, 0);
    REQUIRE(fd >= 0);

    /* The first records, byte by byte: "." is 24 bytes, ".." 24. */
    long n = sys_getdents64((int)fd, buf, 48);
    CHECK(n == 48);
    struct linux_dirent64 d;
    memcpy(&d, buf, sizeof d);
    CHECK(d.d_ino == 3 || d.d_ino > 0);
    CHECK(d.d_reclen == 24 && d.d_type == DT_DIR && d.d_off == 1 &&
          strcmp(buf + 19, ".") == 0);
    memcpy(&d, buf + 24, sizeof d);
    CHECK(d.d_reclen == 24 && d.d_type == DT_DIR && d.d_off == 2 &&
          strcmp(buf + 24 + 19, "..") == 0);
    CHECK(sys_getdents64((int)fd, buf, 10) == -EINVAL, "too small for one record");

    /* Read the rest in small buffers. */
    names[0] = '\0';
    int total = 0;
    while ((n = sys_getdents64((int)fd, buf, 100)) > 0) {
        int k = parse_dirents(buf, n, names, sizeof names, &off);
        CHECK(k > 0, "bad record layout");
        if (k <= 0)
            break;
        total += k;
    }
    CHECK(n == 0 && total == 41, "n %ld total %d", n, total);
    CHECK(strncmp(names, "file00/file01/", 14) == 0 && strstr(names, "sub/") != NULL);

    /* "file12" is 6 bytes: (19 + 7) rounded up is 32; its d_type is REG. */
    sys_lseek((int)fd, 0, SEEK_SET);
    n = sys_getdents64((int)fd, buf, sizeof buf);
    memcpy(&d, buf + 48, sizeof d);
    CHECK(d.d_reclen == 32 && d.d_type == DT_REG && strcmp(buf + 48 + 19, "file00") == 0);

    /* rm -r style: read a batch, delete it, read on: nothing is skipped. */
    sys_lseek((int)fd, 0, SEEK_SET);
    int seen = 0;
    while ((n = sys_getdents64((int)fd, buf, 200)) > 0) {
        for (long at = 0; at < n;) {
            memcpy(&d, buf + at, sizeof d);
            const char *name = buf + at + 19;
            if (strcmp(name, ".") && strcmp(name, "..")) {
                snprintf(path, sizeof path, "/tmp/ls/%s", name);
                long r = d.d_type == DT_DIR ? sys_rmdir(path) : sys_unlink(path);
                CHECK(r == 0, "remove %s: %ld", path, r);
                seen++;
            }
            at += d.d_reclen;
        }
    }
    CHECK(seen == 41, "deleted %d of 41", seen);
    CHECK(sys_rmdir("/tmp/ls") == 0);
    CHECK(sys_getdents64((int)fd, buf, sizeof buf) == 0, "a removed directory is empty");
    sys_close((int)fd);

    fd = sys_open("/tmp", O_RDONLY, 0);
    CHECK(sys_getdents64((int)fd, BAD_PTR, 100) == -EFAULT);
    sys_close((int)fd);
    fd = sys_open("/dev/null", O_RDONLY, 0);
    CHECK(sys_getdents64((int)fd, buf, sizeof buf) == -ENOTDIR);
    sys_close((int)fd);
    CHECK(sys_getdents64(55, buf, sizeof buf) == -EBADF);
    group_end();
}

static void test_rename_link(void)
{
    group_begin("fs_rename_link");
    char buf[64];
    uint32_t before = frames_in_use();
    sys_mkdir("/tmp/mv", 0755);
    sys_mkdir("/tmp/mv/a", 0755);
    sys_mkdir("/tmp/mv/a/b", 0755);
    sys_mkdir("/tmp/mv/full", 0755);
    write_file("/tmp/mv/full/x", "x");
    write_file("/tmp/mv/f1", "first");
    write_file("/tmp/mv/f2", "second");
    CHECK(sys_rename("/tmp/mv/f1", "/tmp/mv/f2") == 0);
    CHECK(do_stat("/tmp/mv/f1") == -ENOENT && do_stat("/tmp/mv/f2") == 0 &&
          st.st_size == 5);
    CHECK(frames_in_use() == before + 2, "the replaced file's frame is freed");
    CHECK(sys_rename("/tmp/mv/a", "/tmp/mv/a/b/c") == -EINVAL);
    CHECK(sys_rename("/tmp/mv/a", "/tmp/mv/full") == -ENOTEMPTY);
    CHECK(sys_rename("/tmp/mv/f2", "/tmp/mv/a") == -EISDIR);
    CHECK(sys_rename("/tmp/mv/a", "/tmp/mv/f2") == -ENOTDIR);
    CHECK(sys_rename("/tmp/mv/nope", "/tmp/mv/x") == -ENOENT);
    CHECK(sys_rename("/tmp/mv/f2", "/tmp/mv/f2") == 0);
    CHECK(sys_rename("/tmp/mv/.", "/tmp/mv/x") == -EBUSY);
    CHECK(sys_rename("/tmp/mv/f2", "/tmp/mv/x/") == -ENOTDIR);
    /* Moving a directory moves its "..". */
    CHECK(sys_rename("/tmp/mv/a/b", "/tmp/mv/full/b") == 0);
    CHECK(do_stat("/tmp/mv/a") == 0 && st.st_nlink == 2);
    CHECK(do_stat("/tmp/mv/full") == 0 && st.st_nlink == 3);
    CHECK(sys_chdir("/tmp/mv/full/b") == 0 && sys_getcwd(buf, sizeof buf) > 0 &&
          strcmp(buf, "/tmp/mv/full/b") == 0);
    CHECK(do_stat("../x") == 0);
    sys_chdir("/");
    CHECK(sys_mkdir("/tmp/mv/empty", 0755) == 0);
    CHECK(sys_rename("/tmp/mv/a", "/tmp/mv/empty") == 0, "a dir replaces an empty dir");
    long dfd = sys_open("/tmp/mv", O_RDONLY, 0);
    CHECK(sys_renameat((int)dfd, "empty", (int)dfd, "a2") == 0 && do_stat("/tmp/mv/a2") == 0);
    sys_close((int)dfd);

    /* Hard links. */
    CHECK(sys_link("/tmp/mv/f2", "/tmp/mv/h") == 0);
    CHECK(do_stat("/tmp/mv/h") == 0 && st.st_nlink == 2 && st.st_size == 5);
    CHECK(sys_link("/tmp/mv/f2", "/tmp/mv/h") == -EEXIST);
    CHECK(sys_link("/tmp/mv/a2", "/tmp/mv/dlink") == -EPERM);
    CHECK(sys_unlink("/tmp/mv/f2") == 0 && do_stat("/tmp/mv/h") == 0 && st.st_nlink == 1);
    CHECK(sys_rename("/tmp/mv/h", "/tmp/mv/h") == 0);

    /* Symbolic links. */
    CHECK(sys_symlink("h", "/tmp/mv/s") == 0);
    CHECK(do_stat("/tmp/mv/s") == 0 && S_ISREG(st.st_mode) && st.st_size == 5);
    CHECK(do_lstat("/tmp/mv/s") == 0 && st.st_mode == (S_IFLNK | 0777) && st.st_size == 1);
    memset(buf, 'z', sizeof buf);
    CHECK(sys_readlink("/tmp/mv/s", buf, sizeof buf) == 1 && buf[0] == 'h' && buf[1] == 'z');
    CHECK(sys_readlink("/tmp/mv/h", buf, sizeof buf) == -EINVAL);
    CHECK(sys_symlink("/tmp/mv/full", "/tmp/mv/sd") == 0);
    CHECK(do_stat("/tmp/mv/sd/x") == 0 && S_ISREG(st.st_mode));
    CHECK(do_stat("/tmp/mv/sd/") == 0 && S_ISDIR(st.st_mode));
    CHECK(do_lstat("/tmp/mv/sd") == 0 && S_ISLNK(st.st_mode));
    CHECK(sys_symlink("loop2", "/tmp/mv/loop1") == 0 &&
          sys_symlink("loop1", "/tmp/mv/loop2") == 0);
    CHECK(do_stat("/tmp/mv/loop1") == -ELOOP);
    CHECK(sys_symlink("nowhere", "/tmp/mv/dangle") == 0 && do_stat("/tmp/mv/dangle") == -ENOENT);
    CHECK(sys_open("/tmp/mv/s", O_RDONLY | O_NOFOLLOW, 0) == -ELOOP);
    long fd = sys_open("/tmp/mv/s", O_RDONLY, 0);
    CHECK(fd >= 0 && sys_read((int)fd, buf, 5) == 5 && memcmp(buf, "first", 5) == 0);
    sys_close((int)fd);
    CHECK(sys_symlink("", "/tmp/mv/empty") == -ENOENT);
    CHECK(sys_symlink("x", "/tmp/mv/s") == -EEXIST);
    CHECK(sys_unlink("/tmp/mv/sd") == 0 && do_stat("/tmp/mv/full") == 0, "unlink removes the link");
    group_end();
}

static void test_fds(void)
{
    group_begin("fs_descriptors");
    char buf[16];
    int base = open_fds(), was_open[NOFILE];
    for (int i = 0; i < NOFILE; i++)
        was_open[i] = current->files->fd[i] != NULL;
    write_file("/tmp/fdfile", "0123456789");
    long fd = sys_open("/tmp/fdfile", O_RDWR, 0);
    long d1 = sys_dup((int)fd);
    CHECK(d1 == fd + 1);
    CHECK(sys_read((int)fd, buf, 3) == 3 && sys_lseek((int)d1, 0, SEEK_CUR) == 3,
          "dup shares the position");
    CHECK(sys_dup2((int)fd, 20) == 20 && sys_dup2((int)fd, 20) == 20);
    CHECK(sys_dup2((int)fd, (int)fd) == fd);
    CHECK(sys_dup2(40, 41) == -EBADF && sys_dup2((int)fd, NOFILE) == -EBADF);
    CHECK(sys_dup3((int)fd, (int)fd, 0) == -EINVAL);
    CHECK(sys_dup3((int)fd, 21, 0x40) == -EINVAL);
    CHECK(sys_dup3((int)fd, 21, O_CLOEXEC) == 21 && sys_fcntl64(21, F_GETFD, 0) == FD_CLOEXEC);
    CHECK(sys_fcntl64((int)fd, F_DUPFD, 10) == 10);
    CHECK(sys_fcntl64((int)fd, F_DUPFD_CLOEXEC, 10) == 11 && sys_fcntl(11, F_GETFD, 0) == 1);
    CHECK(sys_fcntl64((int)fd, F_DUPFD, NOFILE) == -EINVAL);
    CHECK(sys_fcntl64((int)fd, F_GETFD, 0) == 0);
    CHECK(sys_fcntl64((int)fd, F_SETFD, FD_CLOEXEC) == 0 && sys_fcntl64((int)fd, F_GETFD, 0) == 1);
    CHECK(sys_fcntl64((int)fd, F_SETFD, 0) == 0);
    CHECK(sys_fcntl64((int)fd, F_GETFL, 0) == O_RDWR);
    CHECK(sys_fcntl64((int)fd, F_SETFL, O_APPEND | O_NONBLOCK | O_WRONLY) == 0 &&
          sys_fcntl64((int)fd, F_GETFL, 0) == (O_RDWR | O_APPEND | O_NONBLOCK));
    CHECK(sys_fcntl64((int)fd, F_SETFL, 0) == 0);
    short lk[16] = { 0 };
    CHECK(sys_fcntl64((int)fd, F_SETLK, (unsigned long)lk) == 0);
    CHECK(sys_fcntl64((int)fd, F_GETLK64, (unsigned long)lk) == 0 && lk[0] == F_UNLCK);
    CHECK(sys_fcntl64((int)fd, 999, 0) == -EINVAL && sys_fcntl64(50, F_GETFD, 0) == -EBADF);
    CHECK(sys_ioctl((int)fd, FIOCLEX, 0) == 0 && sys_fcntl64((int)fd, F_GETFD, 0) == 1);
    CHECK(sys_ioctl((int)fd, FIONCLEX, 0) == 0 && sys_fcntl64((int)fd, F_GETFD, 0) == 0);
    CHECK(sys_ioctl((int)fd, 0x5401, (unsigned long)buf) == -ENOTTY, "a file is no tty");
    CHECK(sys_fsync((int)fd) == 0 && sys_fsync(60) == -EBADF && sys_sync() == 0);

    /* exec closes the close-on-exec ones; fork shares files. */
    CHECK(open_fds() == base + 6);
    fdtable_exec(current->files);
    CHECK(open_fds() == base + 4 && current->files->fd[21] == NULL &&
          current->files->fd[11] == NULL);
    struct fdtable *child = fdtable_fork(current->files);
    struct fdtable *mine = current->files;
    current->files = child;
    CHECK(sys_lseek((int)fd, 7, SEEK_SET) == 7);
    CHECK(sys_close(20) == 0);
    current->files = mine;
    CHECK(sys_lseek((int)fd, 0, SEEK_CUR) == 7 && mine->fd[20] != NULL,
          "fork: shared positions, separate descriptors");
    struct fdtable *shared = fdtable_share(child);
    fdtable_destroy(shared);
    CHECK(child->refcount == 1);
    fdtable_destroy(child);
    for (int i = 3; i < NOFILE; i++)
        if (i != 20 && i != (int)fd && i != (int)d1 && i != 10)
            sys_close(i);
    sys_close(20);
    sys_close(10);
    sys_close((int)d1);

    /* EMFILE, then everything is released. */
    long last;
    while ((last = sys_dup((int)fd)) >= 0)
        ;
    CHECK(last == -EMFILE && open_fds() == NOFILE);
    CHECK(sys_open("/tmp/fdfile", O_RDONLY, 0) == -EMFILE);
    int pfds[2];
    CHECK(sys_pipe(pfds) == -EMFILE);
    for (int i = 0; i < NOFILE; i++)
        if (!was_open[i])
            sys_close(i);
    CHECK(open_fds() == base);
    group_end();
}

static void test_pipes(void)
{
    group_begin("fs_pipes");
    int p[2];
    static char big[40000], out[40000];
    char buf[64];
    long heap = test_heap_blocks;
    CHECK(sys_pipe2(p, 0x4000) == -EINVAL);
    REQUIRE(sys_pipe2(p, 0) == 0);
    CHECK(sys_write(p[1], "hello", 5) == 5);
    CHECK(sys_read(p[0], buf, 64) == 5 && memcmp(buf, "hello", 5) == 0);
    CHECK(sys_read(p[1], buf, 1) == -EBADF && sys_write(p[0], "x", 1) == -EBADF);
    CHECK(sys_lseek(p[0], 0, SEEK_CUR) == -ESPIPE);
    CHECK(sys_pread64(p[0], buf, 1, 0, 0) == -ESPIPE);
    CHECK(sys_fstat64(p[0], &st) == 0 && S_ISFIFO(st.st_mode));
    int before = test_sleeps;
    CHECK(sys_read(p[0], buf, 1) == -EINTR && test_sleeps == before + 1,
          "an empty pipe sleeps");
    CHECK(sys_fcntl64(p[0], F_SETFL, O_NONBLOCK) == 0 && sys_read(p[0], buf, 1) == -EAGAIN);

    /* Wrap-around: bytes come out in order. */
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)(i * 7 + i / 251);
    CHECK(sys_write(p[1], big, 10000) == 10000);
    CHECK(sys_read(p[0], out, 7000) == 7000);
    CHECK(sys_write(p[1], big + 10000, 10000) == 10000);
    CHECK(sys_read(p[0], out + 7000, 20000) == 13000);
    CHECK(memcmp(out, big, 20000) == 0);
    /* Full: a blocking write sleeps after what fits (here: -EINTR after
     * a partial write); a non-blocking one says EAGAIN. */
    CHECK(sys_write(p[1], big, 20000) == PIPE_SIZE);
    CHECK(sys_fcntl64(p[1], F_SETFL, O_NONBLOCK) == 0);
    CHECK(sys_write(p[1], big, 10) == -EAGAIN);
    CHECK(sys_read(p[0], out, 100) == 100);
    CHECK(sys_write(p[1], big, 200) == -EAGAIN, "a small write goes in whole or not at all");
    CHECK(sys_write(p[1], big, 5000) == 100, "a big write takes what fits");
    struct pollfd pf[3] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 }, { 63, POLLIN, 0 } };
    CHECK(sys_poll(pf, 3, 0) == 2 && pf[0].revents == POLLIN && pf[1].revents == 0 &&
          pf[2].revents == POLLNVAL);
    CHECK(sys_read(p[0], out, PIPE_SIZE) == PIPE_SIZE);
    CHECK(sys_poll(pf, 2, 0) == 1 && pf[0].revents == 0 && pf[1].revents == POLLOUT);

    /* The write end closes: reads drain, then EOF. */
    CHECK(sys_write(p[1], "ab", 2) == 2);
    sys_close(p[1]);
    CHECK(sys_poll(pf, 1, 0) == 1 && pf[0].revents == (POLLIN | POLLHUP));
    CHECK(sys_read(p[0], buf, 64) == 2 && sys_read(p[0], buf, 64) == 0);
    sys_close(p[0]);

    /* The read end closes: SIGPIPE and EPIPE. */
    REQUIRE(sys_pipe2(p, O_CLOEXEC) == 0);
    CHECK(sys_fcntl64(p[1], F_GETFD, 0) == FD_CLOEXEC);
    sys_close(p[0]);
    test_last_signal = 0;
    CHECK(sys_write(p[1], "x", 1) == -EPIPE && test_last_signal == SIGPIPE);
    pf[0] = (struct pollfd){ p[1], POLLOUT, 0 };
    CHECK(sys_poll(pf, 1, 0) == 1 && (pf[0].revents & POLLERR));
    sys_close(p[1]);
    CHECK(sys_pipe(BAD_PTR) == -EFAULT && open_fds() == 0);
    CHECK(test_heap_blocks == heap, "pipes freed (%ld blocks)", test_heap_blocks - heap);

    /* poll: negative fds are skipped, -1 waits (here: the stub's EINTR). */
    pf[0] = (struct pollfd){ -1, POLLIN, 7 };
    CHECK(sys_poll(pf, 1, 0) == 0 && pf[0].revents == 0);
    CHECK(sys_poll(pf, 1, -1) == -EINTR);
    CHECK(sys_poll(BAD_PTR, 1, 0) == -EFAULT && sys_poll(pf, 5000, 0) == -EINVAL);
    group_end();
}

static void test_devices_stat(void)
{
    group_begin("fs_devices_stat");
    char buf[32];
    long fd = sys_open("/dev/null", O_RDWR, 0);
    CHECK(sys_read((int)fd, buf, 32) == 0 && sys_write((int)fd, "abc", 3) == 3);
    CHECK(sys_lseek((int)fd, 100, SEEK_SET) == 100);
    CHECK(sys_ioctl((int)fd, TCGETS, (unsigned long)buf) == -ENOTTY);
    sys_close((int)fd);
    fd = sys_open("/dev/zero", O_RDONLY, 0);
    memset(buf, 1, sizeof buf);
    CHECK(sys_read((int)fd, buf, 32) == 32 && buf[0] == 0 && buf[31] == 0);
    sys_close((int)fd);
    CHECK(vfs_mknod("/tmp/weird", S_IFCHR | 0600, MKDEV(42, 0)) == 0);
    CHECK(sys_open("/tmp/weird", O_RDONLY, 0) == -ENXIO);

    /* struct stat64 at Linux's offsets. */
    uint8_t raw[96];
    memset(raw, 0xee, sizeof raw);
    write_file("/tmp/st", "12345");
    CHECK(sys_stat64("/tmp/st", (struct stat64 *)raw) == 0);
    uint32_t ino32, mode, nlink, blksize;
    uint64_t ino64, dev, rdev;
    int64_t size;
    memcpy(&dev, raw + 0, 8);
    memcpy(&ino32, raw + 12, 4);
    memcpy(&mode, raw + 16, 4);
    memcpy(&nlink, raw + 20, 4);
    memcpy(&rdev, raw + 32, 8);
    memcpy(&size, raw + 44, 8);
    memcpy(&blksize, raw + 52, 4);
    memcpy(&ino64, raw + 88, 8);
    CHECK(dev == 1 && ino32 == ino64 && ino64 > 1 && mode == (S_IFREG | 0644) &&
          nlink == 1 && rdev == 0 && size == 5 && blksize == 4096);
    CHECK(sys_stat64("/tmp/st", BAD_PTR) == -EFAULT);
    CHECK(sys_fstat64(45, (struct stat64 *)raw) == -EBADF);
    CHECK(sys_statx() == -ENOSYS);

    /* access, umask, chmod, chown, utimensat. */
    CHECK(sys_access("/tmp/st", R_OK | W_OK) == 0);
    CHECK(sys_access("/tmp/st", X_OK) == -EACCES);
    CHECK(sys_access("/tmp", X_OK) == 0 && sys_access("/tmp/none", F_OK) == -ENOENT);
    CHECK(sys_access("/tmp/st", 8) == -EINVAL);
    CHECK(sys_chmod("/tmp/st", 0755) == 0 && sys_access("/tmp/st", X_OK) == 0);
    CHECK(do_stat("/tmp/st") == 0 && st.st_mode == (S_IFREG | 0755));
    CHECK(sys_umask(077) == 022 && sys_umask(022) == 077);
    sys_umask(027);
    write_file("/tmp/um", "");
    sys_mkdir("/tmp/umd", 0777);
    CHECK(do_stat("/tmp/um") == 0 && st.st_mode == (S_IFREG | 0640));
    CHECK(do_stat("/tmp/umd") == 0 && st.st_mode == (S_IFDIR | 0750));
    sys_umask(022);
    fd = sys_open("/tmp/um", O_RDONLY, 0);
    CHECK(sys_fchmod((int)fd, 0600) == 0 && do_stat("/tmp/um") == 0 &&
          st.st_mode == (S_IFREG | 0600));
    CHECK(sys_chown32("/tmp/um", 0, 0) == 0 && sys_fchown32((int)fd, 0, 0) == 0 &&
          sys_chown32("/tmp/none", 0, 0) == -ENOENT);
    int32_t times[4] = { 1000, 0, 2000, 0 };
    CHECK(sys_utimensat(AT_FDCWD, "/tmp/um", times, 0) == 0 && do_stat("/tmp/um") == 0 &&
          st.st_atime == 1000 && st.st_mtime == 2000);
    int32_t omit[4] = { 5, UTIME_OMIT, 0, UTIME_NOW };
    CHECK(sys_utimensat((int)fd, NULL, omit, 0) == 0 && do_stat("/tmp/um") == 0 &&
          st.st_atime == 1000 && st.st_mtime >= 1700000000u);
    int32_t bad[4] = { 0, 1000000000, 0, 0 };
    CHECK(sys_utimensat(AT_FDCWD, "/tmp/um", bad, 0) == -EINVAL);
    sys_close((int)fd);
    group_end();
}

/* ---- initrd ---------------------------------------------------------------------- */

struct archive {
    uint8_t buf[32768];
    uint32_t len;
};

static void cpio_add(struct archive *a, const char *name, uint32_t mode,
                     uint32_t nlink, uint32_t ino, const char *data)
{
    char hdr[CPIO_HEADER_SIZE + 1];
    uint32_t size = (uint32_t)strlen(data), namesize = (uint32_t)strlen(name) + 1;
    snprintf(hdr, sizeof hdr,
             "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
             ino, mode, 0u, 0u, nlink, 1600000000u, size, 0u, 0u, 0u, 0u,
             namesize, 0u);
    memcpy(a->buf + a->len, hdr, CPIO_HEADER_SIZE);
    a->len += CPIO_HEADER_SIZE;
    memcpy(a->buf + a->len, name, namesize);
    a->len += namesize;
    while (a->len % 4)
        a->buf[a->len++] = 0;
    memcpy(a->buf + a->len, data, size);
    a->len += size;
    while (a->len % 4)
        a->buf[a->len++] = 0;
}

static void cpio_end(struct archive *a)
{
    cpio_add(a, "TRAILER!!!", 0, 1, 0, "");
    while (a->len % 512)
        a->buf[a->len++] = 0;
}

/* The content of a file, or "(error)". */
static const char *slurp(const char *path)
{
    static char buf[256];
    long fd = sys_open(path, O_RDONLY, 0);
    if (fd < 0)
        return "(error)";
    long n = sys_read((int)fd, buf, sizeof buf - 1);
    sys_close((int)fd);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

static void test_initrd(void)
{
    group_begin("fs_initrd");
    static struct archive a;
    a.len = 0;
    cpio_add(&a, ".", 040755, 2, 1, "");
    cpio_add(&a, "./etc", 040700, 2, 2, "");
    cpio_add(&a, "etc/motd", 0100644, 1, 3, "hello\n");
    cpio_add(&a, "/usr/bin/tool", 0100755, 1, 4, "#!tool");  /* parents made */
    cpio_add(&a, "bin", 0120777, 1, 5, "usr/bin");
    cpio_add(&a, "usr/bin/sh", 0100755, 2, 6, "");           /* hard link, no data */
    cpio_add(&a, "usr/bin/ash", 0100755, 2, 6, "SHELL");     /* the data comes last */
    cpio_add(&a, "dev/console", 020600, 1, 7, "");           /* device: skipped */
    cpio_add(&a, "etc/motd", 0100600, 1, 8, "replaced\n");   /* later wins */
    cpio_add(&a, "../escape", 0100644, 1, 9, "no");          /* refused */
    cpio_end(&a);
    cpio_add(&a, "etc/second", 0100644, 1, 1, "archive two");  /* concatenated */
    cpio_add(&a, "etc", 040755, 2, 2, "");                    /* mode update */
    cpio_end(&a);
    kmsg_clear();
    int n = initrd_unpack(a.buf, a.len, 0);
    CHECK(n == 11, "applied %d: %s", n, test_kmsg);
    CHECK(strstr(test_kmsg, "../escape") != NULL, "the refused entry is reported");
    CHECK(strcmp(slurp("/etc/motd"), "replaced\n") == 0);
    CHECK(do_stat("/etc/motd") == 0 && st.st_mode == (S_IFREG | 0600) &&
          st.st_mtime == 1600000000u);
    CHECK(do_stat("/etc") == 0 && st.st_mode == (S_IFDIR | 0755));
    CHECK(strcmp(slurp("/usr/bin/tool"), "#!tool") == 0);
    CHECK(do_stat("/usr") == 0 && st.st_mode == (S_IFDIR | 0755));
    CHECK(strcmp(slurp("/bin/tool"), "#!tool") == 0, "through the symlink");
    CHECK(do_lstat("/bin") == 0 && S_ISLNK(st.st_mode));
    CHECK(strcmp(slurp("/usr/bin/sh"), "SHELL") == 0);
    struct stat64 st2;
    CHECK(do_stat("/usr/bin/ash") == 0 && st.st_nlink == 2);
    CHECK(sys_stat64("/usr/bin/sh", &st2) == 0 && st2.st_ino == st.st_ino);
    CHECK(do_stat("/dev/console") == 0 && S_ISCHR(st.st_mode), "ours stays");
    CHECK(do_stat("/escape") == -ENOENT && do_stat("/tmp/escape") == -ENOENT);
    CHECK(strcmp(slurp("/etc/second"), "archive two") == 0);

    /* A damaged module: what came before the damage stays, the rest is
     * ignored with one message, nothing panics. */
    a.len = 0;
    cpio_add(&a, "good", 0100644, 1, 1, "ok");
    uint32_t cut = a.len;
    cpio_add(&a, "bad", 0100644, 1, 2, "xx");
    memcpy(a.buf + cut, "07X701", 6);
    cpio_add(&a, "after", 0100644, 1, 3, "no");
    cpio_end(&a);
    kmsg_clear();
    CHECK(initrd_unpack(a.buf, a.len, 3) == -1);
    CHECK(strstr(test_kmsg, "module 3") && strstr(test_kmsg, "magic"), "%s", test_kmsg);
    CHECK(strchr(test_kmsg, '\n') == test_kmsg + strlen(test_kmsg) - 1, "one line");
    CHECK(do_stat("/good") == 0 && do_stat("/after") == -ENOENT);
    a.len = 0;
    cpio_add(&a, "truncated", 0100644, 1, 1, "abcdef");
    kmsg_clear();
    CHECK(initrd_unpack(a.buf, a.len - 4, 1) == -1 && strstr(test_kmsg, "truncated data"));
    CHECK(initrd_unpack(a.buf, 0, 1) == 0, "an empty module is fine");
    group_end();
}

static void test_selftest(void)
{
    group_begin("fs_ktest");
    uint32_t before = frames_in_use();
    const char *why = ktest_fs();
    CHECK(why == NULL, "%s", why);
    CHECK(frames_in_use() == before);
    group_end();
}

static void test_procfs(void)
{
    group_begin("fs_procfs");
    char buf[128], names[512] = "";
    long heap_before = test_heap_blocks;
    struct proc *p7 = &proc_table[3];
    *p7 = (struct proc){ .pid = 7, .state = PROC_SLEEPING };
    current->pid = 7;

    /* Files, symlinks and directories, looked up on the fly. */
    long fd = sys_open("/proc/hello", O_RDONLY, 0);
    CHECK(fd >= 0 && sys_read((int)fd, buf, sizeof buf) == 8 &&
          memcmp(buf, "hello 0\n", 8) == 0);
    CHECK(sys_lseek((int)fd, 6, SEEK_SET) == 6 && sys_read((int)fd, buf, 10) == 2);
    sys_close((int)fd);
    CHECK(do_lstat("/proc/me") == 0 && S_ISLNK(st.st_mode));
    CHECK(sys_readlink("/proc/me", buf, sizeof buf) == 1 && buf[0] == '7');
    CHECK(do_stat("/proc/me") == 0 && S_ISDIR(st.st_mode), "me -> /proc/7");
    uint64_t ino = st.st_ino;
    CHECK(do_stat("/proc/7") == 0 && st.st_ino == ino, "one inode per name");
    fd = sys_open("/proc/me/hello", O_RDONLY, 0);
    CHECK(fd >= 0 && sys_read((int)fd, buf, sizeof buf) == 8 &&
          memcmp(buf, "hello 7\n", 8) == 0);
    sys_close((int)fd);
    CHECK(do_stat("/proc/8") == -ENOENT && do_stat("/proc/07") == -ENOENT);
    CHECK(do_stat("/proc/7/nothing") == -ENOENT);
    CHECK(do_stat("/proc") == 0);
    uint64_t proc_ino = st.st_ino;
    CHECK(do_stat("/proc/7/..") == 0 && st.st_ino == proc_ino);

    /* A long file: the snapshot grows to fit. */
    fd = sys_open("/proc/7/big", O_RDONLY, 0);
    long total = 0, n;
    while ((n = sys_read((int)fd, buf, sizeof buf)) > 0)
        total += n;
    CHECK(total == 1000 * 12, "read %ld", total);
    sys_close((int)fd);

    /* Writing, even through O_CREAT|O_TRUNC as a shell's > does. */
    fd = sys_open("/proc/me/../7/flag", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0 && sys_write((int)fd, "1\n", 2) == 2 && test_pftrace == 1);
    sys_close((int)fd);
    CHECK(do_stat("/proc/7/flag") == 0 && st.st_mode == (S_IFREG | 0644) &&
          st.st_size == 0 && st.st_nlink == 1);
    CHECK(sys_open("/proc/7/hello", O_WRONLY, 0) == -EACCES);

    /* Nothing can be made, removed or renamed: Linux's answers. */
    CHECK(sys_mkdir("/proc/x", 0755) == -ENOENT);
    CHECK(sys_mkdir("/proc/7", 0755) == -EEXIST);
    CHECK(sys_open("/proc/7/new", O_WRONLY | O_CREAT, 0644) == -ENOENT);
    CHECK(sys_unlink("/proc/7/hello") == -EPERM);
    CHECK(sys_unlink("/proc/7") == -EISDIR && sys_rmdir("/proc/7") == -EPERM);
    CHECK(sys_rename("/proc/hello", "/proc/bye") == -ENOENT);
    CHECK(sys_rename("/proc/hello", "/proc/7/hello") == -EPERM);

    /* /proc is another file system: no names across, and its mount
     * point stays put. */
    write_file("/tmp/pf", "file");
    sys_mkdir("/tmp/pd", 0755);
    CHECK(sys_link("/proc/7/hello", "/tmp/h") == -EXDEV);
    CHECK(sys_link("/proc/7", "/tmp/h") == -EXDEV);
    CHECK(sys_link("/tmp/pf", "/proc/x") == -ENOENT);
    CHECK(sys_link("/tmp/pf", "/proc/hello") == -EEXIST);
    CHECK(sys_rename("/proc/7/hello", "/tmp/h") == -EXDEV);
    CHECK(sys_rename("/tmp/pf", "/proc/7/x") == -EXDEV);
    CHECK(sys_rmdir("/proc") == -EBUSY);
    CHECK(sys_rename("/proc", "/tmp/procx") == -EBUSY);
    CHECK(sys_rename("/tmp/pd", "/proc") == -EBUSY);
    CHECK(sys_rename("/tmp/pf", "/proc") == -EISDIR);
    CHECK(do_stat("/proc/7/hello") == 0 && do_stat("/tmp/h") == -ENOENT &&
          do_stat("/tmp/procx") == -ENOENT && do_stat("/tmp/pd") == 0);
    struct stat64 pst;
    CHECK(do_stat("/proc") == 0 && sys_stat64("/tmp", &pst) == 0 &&
          st.st_dev != pst.st_dev, "/proc has its own st_dev");
    struct inode *pip;
    REQUIRE(vfs_lookup("/proc/7/hello", &pip) == 0);
    CHECK(inode_mmap_check(pip) == -ENODEV && inode_page(pip, 0) == 0);
    inode_put(pip);
    REQUIRE(vfs_lookup("/proc/hello", &pip) == 0);
    CHECK(inode_mmap_check(pip) == -EIO);
    inode_put(pip);
    sys_unlink("/tmp/pf");
    sys_rmdir("/tmp/pd");

    /* Listings: ".", "..", the entries, then the pids. */
    fd = sys_open("/proc", O_RDONLY | O_DIRECTORY, 0);
    int64_t off = 0;
    n = sys_getdents64((int)fd, buf, sizeof buf);
    CHECK(parse_dirents(buf, n, names, sizeof names, &off) == 5);
    CHECK(strcmp(names, "./../hello/me/7/") == 0, "%s", names);
    CHECK(sys_getdents64((int)fd, buf, sizeof buf) == 0);
    sys_close((int)fd);
    names[0] = '\0';
    fd = sys_open("/proc/7", O_RDONLY | O_DIRECTORY, 0);
    n = sys_getdents64((int)fd, buf, sizeof buf);
    CHECK(parse_dirents(buf, n, names, sizeof names, &off) == 5);
    CHECK(strcmp(names, "./../hello/big/flag/") == 0, "%s", names);
    sys_close((int)fd);

    /* The process goes: its names go; what still holds its inodes gets
     * -ESRCH, as on Linux. */
    fd = sys_open("/proc/7/hello", O_RDONLY, 0);
    CHECK(sys_chdir("/proc/7") == 0);
    CHECK(sys_getcwd(buf, sizeof buf) == 8 && strcmp(buf, "/proc/7") == 0);
    p7->state = PROC_UNUSED;
    CHECK(do_stat("/proc/7") == -ENOENT && do_stat("/proc/me") == -ENOENT);
    CHECK(sys_read((int)fd, buf, sizeof buf) == -ESRCH);
    CHECK(sys_open("hello", O_RDONLY, 0) == -ESRCH, "cwd in a dead /proc/7");
    CHECK(sys_mkdir("x", 0755) == -ESRCH && sys_chdir(".") == -ESRCH);
    CHECK(sys_getcwd(buf, sizeof buf) == -ENOENT);
    sys_close((int)fd);
    CHECK(sys_chdir("/") == 0);
    CHECK(do_stat("/proc/hello") == 0);
    /* Only the system's two names stay cached (a dentry and an inode each). */
    CHECK(test_heap_blocks - heap_before == 4, "the cache let go: %ld blocks",
          test_heap_blocks - heap_before);
    current->pid = 0;
    group_end();
}

int main(void)
{
    test_mem_init();
    current->files = fdtable_create();
    fs_init();
    current->cwd = fs_root();
    inode_get(current->cwd);

    test_path_next();
    test_boot_tree();
    test_read_write();
    test_file_pages();
    test_pages();
    test_dirs();
    test_getdents();
    test_rename_link();
    test_fds();
    test_pipes();
    test_devices_stat();
    test_initrd();
    test_selftest();
    test_procfs();
    return unit_exit();
}
