/*
 * t_proc - /proc, from the inside (tests/test_proc.py boots it).
 *
 *   t_proc          the checks below, one PASS/FAIL line each
 *   t_proc frame    print "frame N": the frame behind main's code
 *                   (two runs must print the same: the page cache)
 *   t_proc dump     print /proc files between "==== NAME" and "==== end"
 *                   lines, for the format checks in tests/test_proc.py
 *
 *   self_link            /proc/self names our pid
 *   exe_link             /proc/self/exe is this program
 *   cmdline              /proc/self/cmdline is argv, NUL-separated
 *   auxv                 /proc/self/auxv: pairs ending in AT_NULL, with
 *                        AT_PAGESZ 4096
 *   stat_fields          stat has 52 fields; pid, state and ppid are right
 *   stat_comm_space      after PR_SET_NAME "a b) c", stat still parses by
 *                        its last ')', and comm and status's Name agree
 *   vmcounters_names     the 8 counter names, in order (Pagoda only)
 *   pftrace_toggle       writing 1/0 to /proc/self/pftrace switches it
 *   meminfo_sysinfo      MemTotal/MemFree agree with sysinfo()
 *   pagemap_entries      text present; an untouched page 0; a touched
 *                        heap page present, anonymous and exclusive
 *   proc_listing         getdents of /proc shows self and our pid
 *   running_child_maps   another (running) process's maps are readable
 *   zombie_files         a zombie: State Z, no Vm lines, stat 52 fields
 *                        ending in its wait status, empty statm/maps
 *   reaped_gone          after wait, /proc/PID is gone
 *   deleted_exe          a running program whose file was unlinked: its
 *                        exe link and maps name say "PATH (deleted)"
 *   deleted_mapping      a file mapped through a descriptor, then unlinked:
 *                        its maps line and fd link say "PATH (deleted)"
 */
#include "vmcheck.h"
#include <dirent.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define PR_SET_NAME 15

static char buf[65536];

/* Read a whole file into buf; its length, or -1. */
static long slurp(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    long len = 0, n;
    while (len < (long)sizeof(buf) - 1 &&
           (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
        len += n;
    close(fd);
    buf[len] = '\0';
    return len;
}

/* Split a stat line the way procps does (comm ends at the LAST ')').
 * Returns the number of fields; *state and *ppid from fields 3 and 4,
 * the last field in *last, comm into comm[size]. */
static int parse_stat(const char *line, char *comm, size_t size, char *state,
                      long *ppid, long long *last)
{
    const char *open_ = strchr(line, '('), *close_ = strrchr(line, ')');
    if (!open_ || !close_ || close_ < open_)
        return -1;
    size_t len = close_ - open_ - 1;
    snprintf(comm, size, "%.*s", (int)(len < size ? len : size - 1), open_ + 1);
    int n = 2;
    const char *p = close_ + 1;
    while (*p == ' ') {
        p++;
        n++;
        char *end;
        long long v = strtoll(p, &end, 10);
        if (n == 3)
            *state = *p;
        if (n == 4)
            *ppid = (long)v;
        *last = v;
        p = (n == 3) ? p + 1 : end;
    }
    return n;
}

/* The physical frame number behind addr, or -1. */
static long long pagemap_of(const void *addr, uint64_t *entry)
{
    int fd = open("/proc/self/pagemap", O_RDONLY);
    if (fd < 0)
        return -1;
    off_t off = (off_t)((uintptr_t)addr / PAGE) * 8;
    int ok = pread(fd, entry, 8, off) == 8;
    close(fd);
    return ok ? (long long)(*entry & ((1ULL << 55) - 1)) : -1;
}

static void check_links(char **argv)
{
    char link[256], want[32];
    long n = readlink("/proc/self", link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = '\0';
    snprintf(want, sizeof(want), "%d", (int)getpid());
    CHECK("self_link", strcmp(link, want) == 0, "/proc/self -> \"%s\", pid %s", link, want);
    n = readlink("/proc/self/exe", link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = '\0';
    const char *base = strrchr(argv[0], '/');
    const char *lbase = strrchr(link, '/');
    CHECK("exe_link", n > 0 && link[0] == '/' && lbase && base &&
          strcmp(lbase, base) == 0, "/proc/self/exe -> \"%s\" for %s", link, argv[0]);
}

static void check_cmdline(int argc, char **argv)
{
    char want[512];
    size_t len = 0;
    for (int i = 0; i < argc; i++) {
        size_t l = strlen(argv[i]) + 1;
        memcpy(want + len, argv[i], l);
        len += l;
    }
    long n = slurp("/proc/self/cmdline");
    CHECK("cmdline", n == (long)len && memcmp(buf, want, len) == 0,
          "%ld bytes, want %zu", n, len);
}

static void check_auxv(void)
{
    long n = slurp("/proc/self/auxv");
    uint32_t *words = (uint32_t *)buf;
    int pagesz = 0;
    for (long i = 0; i + 1 < n / 4; i += 2)
        pagesz |= words[i] == 6 && words[i + 1] == 4096;     /* AT_PAGESZ */
    CHECK("auxv", n >= 16 && n % 8 == 0 && words[n / 4 - 2] == 0 && pagesz,
          "%ld bytes", n);
}

static void check_stat(void)
{
    char comm[64], state = 0;
    long ppid = -1;
    long long last = -1;
    slurp("/proc/self/stat");
    int n = parse_stat(buf, comm, sizeof(comm), &state, &ppid, &last);
    CHECK("stat_fields", n == 52 && atoi(buf) == getpid() && state == 'R' &&
          ppid == getppid() && buf[strlen(buf) - 1] == '\n',
          "%d fields, state %c, ppid %ld: %s", n, state, ppid, buf);

    syscall(SYS_prctl, PR_SET_NAME, "a b) c", 0, 0, 0);
    slurp("/proc/self/stat");
    n = parse_stat(buf, comm, sizeof(comm), &state, &ppid, &last);
    int ok = n == 52 && strcmp(comm, "a b) c") == 0 && state == 'R';
    slurp("/proc/self/comm");
    ok = ok && strcmp(buf, "a b) c\n") == 0;
    slurp("/proc/self/status");
    CHECK("stat_comm_space", ok && strncmp(buf, "Name:\ta b) c\n", 13) == 0,
          "%d fields, comm \"%s\"", n, comm);
}

static void check_vmcounters(void)
{
    static const char *const names[] = {
        "minor_faults", "major_faults", "zero_fill", "file_pages",
        "cow_copies", "cow_reuses", "stack_grows", "segfaults",
    };
    if (slurp("/proc/self/vmcounters") < 0) {
        say("SKIP vmcounters_names: no /proc/self/vmcounters (not Pagoda)\n");
        return;
    }
    int ok = 1;
    char *line = buf;
    for (int i = 0; i < 8 && ok; i++) {
        size_t len = strlen(names[i]);
        char *end;
        ok = strncmp(line, names[i], len) == 0 && line[len] == ' ';
        strtoul(line + len + 1, &end, 10);
        ok = ok && *end == '\n';
        line = end + 1;
    }
    CHECK("vmcounters_names", ok && *line == '\0', "%s", buf);
}

/* Switch the fault log on, touch fresh pages, switch it off. */
static void check_pftrace(void)
{
    int fd = open("/proc/self/pftrace", O_WRONLY);
    if (fd < 0) {
        say("SKIP pftrace_toggle: no /proc/self/pftrace (not Pagoda)\n");
        return;
    }
    say("pftrace on, pid %d\n", (int)getpid());
    int ok = write(fd, "1\n", 2) == 2;
    close(fd);
    ok = ok && slurp("/proc/self/pftrace") == 2 && strcmp(buf, "1\n") == 0;
    char *fresh = sbrk(4 * PAGE);
    for (int i = 0; i < 4; i++)
        fresh[i * PAGE] = 1;
    fd = open("/proc/self/pftrace", O_WRONLY);
    ok = ok && write(fd, "0", 1) == 1;
    ok = ok && write(fd, "2", 1) < 0 && errno == EINVAL;
    close(fd);
    say("pftrace off\n");
    ok = ok && slurp("/proc/self/pftrace") == 2 && strcmp(buf, "0\n") == 0;
    CHECK("pftrace_toggle", ok, "pftrace read back \"%s\"", buf);
}

/* A "Label:   N kB" line's number, or -1. */
static long meminfo_value(const char *label)
{
    char *at = strstr(buf, label);
    return at ? strtol(at + strlen(label), NULL, 10) : -1;
}

static void check_meminfo(void)
{
    struct sysinfo si;
    warm_stack();
    slurp("/proc/meminfo");
    sysinfo(&si);
    long total = meminfo_value("MemTotal:"), free_kb = meminfo_value("MemFree:");
    long si_total = (long)((unsigned long long)si.totalram * si.mem_unit / 1024);
    long si_free = (long)((unsigned long long)si.freeram * si.mem_unit / 1024);
    long slack = on_pagoda() ? 16 : 4096;          /* kB: Linux's changes by itself */
    CHECK("meminfo_sysinfo", total == si_total && labs(free_kb - si_free) <= slack,
          "MemTotal %ld / sysinfo %ld, MemFree %ld / sysinfo %ld", total, si_total,
          free_kb, si_free);
}

static void check_pagemap(void)
{
    uint64_t e = 0;
    long long text = pagemap_of((void *)check_pagemap, &e);
    uint64_t text_e = e;
    char *heap = sbrk(2 * PAGE);
    heap = (char *)(((uintptr_t)heap + PAGE - 1) & ~(uintptr_t)(PAGE - 1));
    e = 1;
    pagemap_of(heap, &e);
    uint64_t untouched = e;
    heap[0] = 1;
    long long frame = pagemap_of(heap, &e);
    if (text < 0) {
        say("SKIP pagemap_entries: /proc/self/pagemap unreadable\n");
        return;
    }
    int anon_ok = (e >> 63) && !((e >> 61) & 1) && ((e >> 56) & 1);
    CHECK("pagemap_entries", (text_e >> 63) && untouched == 0 && anon_ok &&
          (!on_pagoda() || (text > 0 && frame > 0)),
          "text %llx, untouched %llx, touched %llx", (unsigned long long)text_e,
          (unsigned long long)untouched, (unsigned long long)e);
}

static void check_listing(void)
{
    char me[16];
    int self = 0, mine = 0;
    snprintf(me, sizeof(me), "%d", (int)getpid());
    DIR *d = opendir("/proc");
    struct dirent *de;
    while (d && (de = readdir(d))) {
        self |= strcmp(de->d_name, "self") == 0 && de->d_type == DT_LNK;
        mine |= strcmp(de->d_name, me) == 0 && de->d_type == DT_DIR;
    }
    if (d)
        closedir(d);
    CHECK("proc_listing", self && mine, "self %d, %s %d", self, me, mine);
}

static void check_children(void)
{
    char path[64];
    int p[2];
    pipe(p);
    pid_t child = fork();
    if (child == 0) {
        char c;
        close(p[1]);
        read(p[0], &c, 1);                       /* wait until told */
        _exit(3);
    }
    close(p[0]);
    snprintf(path, sizeof(path), "/proc/%d/maps", (int)child);
    long n = slurp(path);
    CHECK("running_child_maps", n > 0 && strstr(buf, "[stack]") &&
          strncmp(buf, "08048000-", 9) == 0, "%s: %ld bytes", path, n);

    write(p[1], "x", 1);                         /* let it exit... */
    close(p[1]);
    char comm[64], state = 0;
    long ppid;
    long long last = 0;
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)child);
    for (int i = 0; i < 200 && state != 'Z'; i++) {  /* ...and become a zombie */
        usleep(10000);
        slurp(path);
        parse_stat(buf, comm, sizeof(comm), &state, &ppid, &last);
    }
    int fields = parse_stat(buf, comm, sizeof(comm), &state, &ppid, &last);
    int ok = fields == 52 && state == 'Z' && last == 3 << 8;
    snprintf(path, sizeof(path), "/proc/%d/status", (int)child);
    slurp(path);
    ok = ok && strstr(buf, "State:\tZ (zombie)\n") && !strstr(buf, "VmSize") &&
         !strstr(buf, "Umask") && strstr(buf, "FDSize:\t0\n");
    snprintf(path, sizeof(path), "/proc/%d/statm", (int)child);
    ok = ok && slurp(path) == 14 && strcmp(buf, "0 0 0 0 0 0 0\n") == 0;
    snprintf(path, sizeof(path), "/proc/%d/maps", (int)child);
    ok = ok && slurp(path) == 0;
    CHECK("zombie_files", ok, "state %c, %d fields, last %lld", state, fields, last);

    int st;
    wait_for(child, &st);
    struct stat sb;
    snprintf(path, sizeof(path), "/proc/%d", (int)child);
    CHECK("reaped_gone", stat(path, &sb) < 0 && errno == ENOENT, "%s still there", path);
}

#define COPY "/tmp/t_proc_copy"

/* Copy this program to `to`, executable (mode 0755). */
static int copy_self(const char *to)
{
    int in = open("/proc/self/exe", O_RDONLY);
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    long n;
    while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
        write(out, buf, n);
    close(in);
    close(out);
    return in >= 0 && out >= 0 ? 0 : 1;
}

/* Run a copy of this program (waiting on a pipe), unlink the copy, and
 * look at the child's exe link and maps. */
static void check_deleted(void)
{
    long n;
    copy_self(COPY);
    int p[2];
    pipe(p);
    pid_t child = fork();
    if (child == 0) {
        dup2(p[0], 0);
        close(p[1]);
        char *args[] = { COPY, "wait", NULL };
        execv(COPY, args);
        _exit(127);
    }
    close(p[0]);
    char path[64], link[128] = "";
    snprintf(path, sizeof(path), "/proc/%d/exe", (int)child);
    for (int i = 0; i < 200 && strcmp(link, COPY) != 0; i++) {   /* exec'd yet? */
        usleep(10000);
        n = readlink(path, link, sizeof(link) - 1);
        link[n > 0 ? n : 0] = '\0';
    }
    unlink(COPY);
    n = readlink(path, link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = '\0';
    snprintf(path, sizeof(path), "/proc/%d/maps", (int)child);
    slurp(path);
    char *nl = strchr(buf, '\n');
    size_t want = strlen(COPY " (deleted)");
    int maps_ok = nl && nl - buf > (long)want &&
                  strncmp(nl - want, COPY " (deleted)", want) == 0;
    close(p[1]);                                 /* the child reads EOF, exits */
    int st;
    wait_for(child, &st);
    CHECK("deleted_exe", strcmp(link, COPY " (deleted)") == 0 && maps_ok,
          "exe -> \"%s\"; maps: %.80s", link, buf);
}

/* Map a file through a descriptor, unlink it, and look at the name maps
 * and /proc/self/fd give it: the path it had, then " (deleted)". */
static void check_deleted_mapping(void)
{
    const char *path = "/tmp/t_proc_mapped";
    const char *want = "/tmp/t_proc_mapped (deleted)";
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    char *p = MAP_FAILED, line[96] = "", link[96] = "";
    if (fd >= 0 && ftruncate(fd, 8192) == 0)
        p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p != MAP_FAILED)
        p[0] = 'x';
    unlink(path);
    snprintf(line, sizeof(line), "/proc/self/fd/%d", fd);
    long n = readlink(line, link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = '\0';
    snprintf(line, sizeof(line), "%08lx-", (unsigned long)p);
    slurp("/proc/self/maps");
    char *row = strstr(buf, line), *nl = row ? strchr(row, '\n') : NULL;
    size_t len = strlen(want);
    int maps_ok = nl && nl - row > (long)len && strncmp(nl - len, want, len) == 0;
    CHECK("deleted_mapping", p != MAP_FAILED && maps_ok && strcmp(link, want) == 0,
          "fd -> \"%s\"; maps: %.100s", link, row ? row : "(no row)");
    if (p != MAP_FAILED)
        munmap(p, 8192);
    close(fd);
}

/* Print the files the format checks look at. */
static void dump(void)
{
    static const char *const files[] = {
        "/proc/self/maps", "/proc/self/smaps", "/proc/self/smaps_rollup",
        "/proc/self/status", "/proc/self/stat", "/proc/self/statm",
        "/proc/meminfo", "/proc/stat", "/proc/uptime", "/proc/loadavg",
        "/proc/vmstat",
    };
    char *heap = sbrk(3 * PAGE);                 /* some heap, some of it used */
    heap[0] = 1;
    memset(buf, 0, sizeof(buf));                 /* so that reading the files */
    warm_stack();                                /* changes no page meanwhile */
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        long n = slurp(files[i]);
        say("==== %s\n", files[i]);
        if (n > 0)
            write(1, buf, n);
        say("==== end\n");
    }
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "frame") == 0) {
        uint64_t e;
        say("frame %lld\n", pagemap_of((void *)main, &e));
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "wait") == 0) {
        char c;
        read(0, &c, 1);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "dump") == 0) {
        dump();
        return 0;
    }
    if (argc > 2 && strcmp(argv[1], "copy") == 0)
        return copy_self(argv[2]);   /* an executable copy, for test_proc.py */
    check_links(argv);
    check_cmdline(argc, argv);
    check_auxv();
    check_vmcounters();
    check_pftrace();
    check_meminfo();
    check_pagemap();
    check_listing();
    check_children();
    check_deleted();
    check_deleted_mapping();
    check_stat();                                /* renames us: last */
    return finish();
}
