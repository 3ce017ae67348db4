/*
 * ps - report a snapshot of the processes, as procps-ng 4.0.2's ps does.
 *
 *   ps                  PID TTY TIME CMD of the processes with our euid
 *                       and our terminal (stat's tty_nr).  Pagoda gives no
 *                       process a controlling terminal (tty_nr is 0 for
 *                       all), so, as procps on Linux does for a process
 *                       without one, plain ps lists every process.
 *   ps -e, -A           every process          ps -f, -ef   full format
 *   ps aux              USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND
 *   ps x, ps a          BSD selections         ps -p PID,...   those pids
 *   ps -C NAME,...      by command name        ps -o FORMAT    columns
 *   --sort [+-]KEY,...  order                  --no-headers
 *
 * Every process has a directory /proc/PID; its stat file holds, among 52
 * fields, the name in parentheses (which may itself contain spaces or
 * ')', so the name ends at the LAST ')'), the state and the parent pid.
 * libc/procps.c reads it, with status (uid, VmSize, VmRSS, VmLck),
 * statm and cmdline.
 *
 * Columns are laid out by procps's rule (show_one_proc in its
 * src/ps/output.c): each has a width; a value wider than its column
 * pushes the rest right, and later columns win the space back where
 * they can.  The last column may run to the screen's edge: a terminal's
 * width, or unlimited when the output is not a terminal.
 */
#include <ctype.h>
#include <procps.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define OUTBUF_SIZE  (2 * 64 * 1024)  /* procps's widest line */
#define SPACE_MAX    144              /* most padding before one column */
#define MAX_COLUMNS  64
#define MAX_LIST     64

enum align { LEFT, RIGHT, USER, UNLIMITED };

struct task;
typedef int (*print_fn)(char *out, int room, const struct task *t);

/* A column kind: its -o key, header, width and printer. */
struct column_kind {
    const char *key, *head;
    print_fn pr;
    int width;
    enum align align;
    int pidmax;                       /* widen to pid_max's digits */
    int sort;                         /* what --sort compares: a SORT_ */
};

/* A column of this run: a kind, maybe with its own header or width. */
struct column {
    const struct column_kind *kind;
    const char *head;
    int width;
};

/* A process and what ps derives from it. */
struct task {
    struct proc_task p;
    unsigned long long elapsed;       /* seconds since it started */
    unsigned long long jiffies;       /* ticks since it started */
    long long start;                  /* seconds since 1970 */
};

static struct column columns[MAX_COLUMNS];
static int ncolumns;
static int screen_cols, active_cols;
static long hertz;
static long long now, boot_time, boot_tics;
static unsigned long long mem_total;
static int unix_f_option;             /* -f: comm shows the arguments */

/* ---- printers: each writes the value into out (room bytes at most) -- */

/* Copy s, at most `cells` characters; returns the length. */
static int copy_cells(char *out, const char *s, int cells)
{
    int n = (int)strlen(s);
    if (n > cells)
        n = cells < 0 ? 0 : cells;
    memcpy(out, s, n);
    out[n] = '\0';
    return n;
}

/* args: the arguments, or [name] (and " <defunct>") when there are none. */
static int pr_args(char *out, int room, const struct task *t)
{
    char buf[PROCPS_CMDLINE_MAX + 80];
    const char *s = t->p.cmdline;
    if (!*s) {
        snprintf(buf, sizeof buf, "[%s]%s", t->p.comm,
                 t->p.state == 'Z' ? " <defunct>" : "");
        s = buf;
    }
    return copy_cells(out, s, room);
}

/* comm: the name (the arguments under -f). */
static int pr_comm(char *out, int room, const struct task *t)
{
    if (unix_f_option)
        return pr_args(out, room, t);
    return copy_cells(out, t->p.comm, room);
}

static int pr_pid(char *out, int room, const struct task *t)
{ (void)room; return sprintf(out, "%u", t->p.pid); }
static int pr_ppid(char *out, int room, const struct task *t)
{ (void)room; return sprintf(out, "%u", t->p.ppid); }
static int pr_pgid(char *out, int room, const struct task *t)
{ (void)room; return sprintf(out, "%u", t->p.pgrp); }
static int pr_sid(char *out, int room, const struct task *t)
{ (void)room; return sprintf(out, "%u", t->p.session); }
static int pr_tpgid(char *out, int room, const struct task *t)
{ (void)room; return sprintf(out, "%d", t->p.tpgid); }
static int pr_uid(char *out, int room, const struct task *t)
{ (void)room; return sprintf(out, "%d", t->p.euid); }
static int pr_ruid(char *out, int room, const struct task *t)
{ (void)room; return sprintf(out, "%d", t->p.ruid); }
static int pr_vsz(char *out, int room, const struct task *t)
{ (void)room; return sprintf(out, "%lu", (unsigned long)t->p.vm_size); }
static int pr_rss(char *out, int room, const struct task *t)
{ (void)room; return sprintf(out, "%lu", (unsigned long)t->p.vm_rss); }
static int pr_nlwp(char *out, int room, const struct task *t)
{ (void)room; return sprintf(out, "%ld", t->p.nlwp); }
static int pr_majflt(char *out, int room, const struct task *t)
{ (void)room; return sprintf(out, "%lu", (unsigned long)t->p.majflt); }
static int pr_minflt(char *out, int room, const struct task *t)
{ (void)room; return sprintf(out, "%lu", (unsigned long)t->p.minflt); }
static int pr_nice(char *out, int room, const struct task *t)
{ (void)room; return sprintf(out, "%ld", t->p.nice); }
static int pr_pri(char *out, int room, const struct task *t)
{ (void)room; return sprintf(out, "%ld", 39 - t->p.priority); }
static int pr_etimes(char *out, int room, const struct task *t)
{ (void)room; return sprintf(out, "%u", (unsigned)t->elapsed); }

/* sz: the size in pages. */
static int pr_sz(char *out, int room, const struct task *t)
{
    (void)room;
    return sprintf(out, "%lu", (unsigned long)(t->p.vm_size / (getpagesize() / 1024)));
}

/* user: the name, cut to the column with a '+', or the number. */
static int pr_user(char *out, int room, const struct task *t)
{
    const char *name = procps_user_name(t->p.euid);
    if (!name)
        return sprintf(out, "%u", t->p.euid);
    int n = (int)strlen(name);
    if (n <= room)
        return copy_cells(out, name, n);
    if (room >= 1) {
        copy_cells(out, name, room - 1);
        strcpy(out + room - 1, "+");
        return room;
    }
    return sprintf(out, "%u", t->p.euid);
}

/* %cpu: CPU time over the time since it started, in tenths of a percent. */
static unsigned pcpu_permille(const struct task *t)
{
    unsigned long long used = t->p.utime + t->p.stime;
    return t->jiffies ? (unsigned)(used * 1000ULL / t->jiffies) : 0;
}

static int pr_pcpu(char *out, int room, const struct task *t)
{
    (void)room;
    unsigned pcpu = pcpu_permille(t);
    if (pcpu > 999)
        return sprintf(out, "%u", pcpu / 10);
    return sprintf(out, "%u.%u", pcpu / 10, pcpu % 10);
}

/* C: %cpu without the fraction, at most 99. */
static int pr_c(char *out, int room, const struct task *t)
{
    (void)room;
    unsigned long long used = t->p.utime + t->p.stime;
    unsigned pcpu = t->jiffies ? (unsigned)(used * 100ULL / t->jiffies) : 0;
    return sprintf(out, "%2u", pcpu > 99 ? 99 : pcpu);
}

/* %mem: resident over MemTotal, in tenths of a percent. */
static int pr_pmem(char *out, int room, const struct task *t)
{
    (void)room;
    unsigned long pmem = mem_total ? (unsigned long)(t->p.vm_rss * 1000ULL / mem_total) : 0;
    if (pmem > 999)
        pmem = 999;
    return sprintf(out, "%2u.%u", (unsigned)(pmem / 10), (unsigned)(pmem % 10));
}

/* STAT: the state and BSD's extra letters. */
static int pr_stat(char *out, int room, const struct task *t)
{
    (void)room;
    int n = 0;
    out[n++] = t->p.state;
    if (t->p.nice < 0)
        out[n++] = '<';
    if (t->p.nice > 0)
        out[n++] = 'N';
    if (t->p.vm_lck)
        out[n++] = 'L';
    if (t->p.session == t->p.pid)
        out[n++] = 's';
    if (t->p.nlwp > 1)
        out[n++] = 'l';
    if (t->p.pgrp == t->p.tpgid)
        out[n++] = '+';
    out[n] = '\0';
    return n;
}

static int pr_s(char *out, int room, const struct task *t)
{
    (void)room;
    out[0] = t->p.state;
    out[1] = '\0';
    return 1;
}

static int pr_tty(char *out, int room, const struct task *t)
{
    (void)room;
    procps_tty_name(t->p.tty_nr, out, 64);
    return (int)strlen(out);
}

/* TIME: [dd-]hh:mm:ss of CPU time. */
static int pr_time(char *out, int room, const struct task *t)
{
    (void)room;
    unsigned long s = (unsigned long)((t->p.utime + t->p.stime) / hertz);
    unsigned dd = s / 86400, hh = s / 3600 % 24, mm = s / 60 % 60, ss = s % 60;
    int c = dd ? sprintf(out, "%u-", dd) : 0;
    return c + sprintf(out + c, "%02u:%02u:%02u", hh, mm, ss);
}

/* BSD's TIME: mmm:ss. */
static int pr_bsdtime(char *out, int room, const struct task *t)
{
    (void)room;
    unsigned u = (unsigned)((t->p.utime + t->p.stime) / hertz);
    return sprintf(out, "%3u:%02u", u / 60, u % 60);
}

/* ELAPSED: [[dd-]hh:]mm:ss since it started. */
static int pr_etime(char *out, int room, const struct task *t)
{
    (void)room;
    unsigned long s = (unsigned long)t->elapsed;
    unsigned dd = s / 86400, hh = s / 3600 % 24, mm = s / 60 % 60, ss = s % 60;
    int c = dd ? sprintf(out, "%u-", dd) : 0;
    c += (dd || hh) ? sprintf(out + c, "%02u:", hh) : 0;
    return c + sprintf(out + c, "%02u:%02u", mm, ss);
}

/* STIME/START: hh:mm today, MonDD this year, else the year. */
static int pr_stime(char *out, int room, const struct task *t)
{
    (void)room;
    struct tm ours, theirs;
    time_t n = (time_t)now, s = (time_t)t->start;
    localtime_r(&n, &ours);
    localtime_r(&s, &theirs);
    const char *fmt = "%H:%M";
    if (ours.tm_yday != theirs.tm_yday)
        fmt = "%b%d";
    if (ours.tm_year != theirs.tm_year)
        fmt = "%Y";
    return (int)strftime(out, 64, fmt, &theirs);
}

/* ctime(3)'s 24 characters, "Thu Dec  3 16:40:18 2026". */
static void ctime24(long long when, char *buf)
{
    struct tm tm;
    time_t w = (time_t)when;
    localtime_r(&w, &tm);
    strftime(buf, 32, "%a %b %e %H:%M:%S %Y", &tm);
}

/* STARTED: hh:mm:ss within a day, else "  Mon dd". */
static int pr_start(char *out, int room, const struct task *t)
{
    (void)room;
    char str[32];
    ctime24(t->start, str);
    if (str[8] == ' ')
        str[8] = '0';
    if (str[11] == ' ')
        str[11] = '0';
    if (t->start + 86400 > now)
        return sprintf(out, "%8.8s", str + 11);
    return sprintf(out, "  %6.6s", str + 4);
}

static int pr_lstart(char *out, int room, const struct task *t)
{
    (void)room;
    ctime24(t->start, out);
    return (int)strlen(out);
}

/* ---- the column kinds ------------------------------------------------ */

enum { SORT_NONE, SORT_PID, SORT_PPID, SORT_PGID, SORT_SID, SORT_UID,
       SORT_VSZ, SORT_RSS, SORT_CPU, SORT_TIME, SORT_START, SORT_COMM,
       SORT_ARGS, SORT_USER, SORT_TTY, SORT_STATE, SORT_NLWP, SORT_MAJ,
       SORT_MIN, SORT_NICE, SORT_PRI };

/* procps's names, headers and widths (its src/ps/output.c format_array). */
static const struct column_kind kinds[] = {
    { "%cpu", "%CPU", pr_pcpu, 4, RIGHT, 0, SORT_CPU },
    { "%mem", "%MEM", pr_pmem, 4, RIGHT, 0, SORT_RSS },
    { "args", "COMMAND", pr_args, 27, UNLIMITED, 0, SORT_ARGS },
    { "bsdtime", "TIME", pr_bsdtime, 6, RIGHT, 0, SORT_TIME },
    { "c", "C", pr_c, 2, RIGHT, 0, SORT_CPU },
    { "cmd", "CMD", pr_args, 27, UNLIMITED, 0, SORT_ARGS },
    { "comm", "COMMAND", pr_comm, 15, UNLIMITED, 0, SORT_COMM },
    { "command", "COMMAND", pr_args, 27, UNLIMITED, 0, SORT_ARGS },
    { "cputime", "TIME", pr_time, 8, RIGHT, 0, SORT_TIME },
    { "etime", "ELAPSED", pr_etime, 11, RIGHT, 0, SORT_START },
    { "etimes", "ELAPSED", pr_etimes, 7, RIGHT, 0, SORT_START },
    { "euid", "EUID", pr_uid, 5, RIGHT, 0, SORT_UID },
    { "euser", "EUSER", pr_user, 8, USER, 0, SORT_USER },
    { "lstart", "STARTED", pr_lstart, 24, RIGHT, 0, SORT_START },
    { "maj_flt", "MAJFL", pr_majflt, 6, RIGHT, 0, SORT_MAJ },
    { "majflt", "MAJFLT", pr_majflt, 6, RIGHT, 0, SORT_MAJ },
    { "min_flt", "MINFL", pr_minflt, 6, RIGHT, 0, SORT_MIN },
    { "minflt", "MINFLT", pr_minflt, 6, RIGHT, 0, SORT_MIN },
    { "ni", "NI", pr_nice, 3, RIGHT, 0, SORT_NICE },
    { "nice", "NI", pr_nice, 3, RIGHT, 0, SORT_NICE },
    { "nlwp", "NLWP", pr_nlwp, 4, RIGHT, 0, SORT_NLWP },
    { "pcpu", "%CPU", pr_pcpu, 4, RIGHT, 0, SORT_CPU },
    { "pgid", "PGID", pr_pgid, 5, RIGHT, 1, SORT_PGID },
    { "pgrp", "PGRP", pr_pgid, 5, RIGHT, 1, SORT_PGID },
    { "pid", "PID", pr_pid, 5, RIGHT, 1, SORT_PID },
    { "pmem", "%MEM", pr_pmem, 4, RIGHT, 0, SORT_RSS },
    { "ppid", "PPID", pr_ppid, 5, RIGHT, 1, SORT_PPID },
    { "pri", "PRI", pr_pri, 3, RIGHT, 0, SORT_PRI },
    { "rss", "RSS", pr_rss, 5, RIGHT, 0, SORT_RSS },
    { "rssize", "RSS", pr_rss, 5, RIGHT, 0, SORT_RSS },
    { "rsz", "RSZ", pr_rss, 5, RIGHT, 0, SORT_RSS },
    { "ruid", "RUID", pr_ruid, 5, RIGHT, 0, SORT_UID },
    { "s", "S", pr_s, 1, LEFT, 0, SORT_STATE },
    { "sess", "SESS", pr_sid, 5, RIGHT, 1, SORT_SID },
    { "sid", "SID", pr_sid, 5, RIGHT, 1, SORT_SID },
    { "start", "STARTED", pr_start, 8, RIGHT, 0, SORT_START },
    { "start_time", "START", pr_stime, 5, RIGHT, 0, SORT_START },
    { "stat", "STAT", pr_stat, 4, LEFT, 0, SORT_STATE },
    { "state", "S", pr_s, 1, LEFT, 0, SORT_STATE },
    { "stime", "STIME", pr_stime, 5, RIGHT, 0, SORT_START },
    { "sz", "SZ", pr_sz, 5, RIGHT, 0, SORT_VSZ },
    { "thcount", "THCNT", pr_nlwp, 5, RIGHT, 0, SORT_NLWP },
    { "time", "TIME", pr_time, 8, RIGHT, 0, SORT_TIME },
    { "tname", "TTY", pr_tty, 8, LEFT, 0, SORT_TTY },
    { "tpgid", "TPGID", pr_tpgid, 5, RIGHT, 1, SORT_NONE },
    { "tt", "TT", pr_tty, 8, LEFT, 0, SORT_TTY },
    { "tty", "TT", pr_tty, 8, LEFT, 0, SORT_TTY },
    { "ucmd", "CMD", pr_comm, 15, UNLIMITED, 0, SORT_COMM },
    { "ucomm", "COMMAND", pr_comm, 15, UNLIMITED, 0, SORT_COMM },
    { "uid", "UID", pr_uid, 5, RIGHT, 0, SORT_UID },
    { "uid_hack", "UID", pr_user, 8, USER, 0, SORT_USER },
    { "uname", "USER", pr_user, 8, USER, 0, SORT_USER },
    { "user", "USER", pr_user, 8, USER, 0, SORT_USER },
    { "vsize", "VSZ", pr_vsz, 6, RIGHT, 0, SORT_VSZ },
    { "vsz", "VSZ", pr_vsz, 6, RIGHT, 0, SORT_VSZ },
};
#define NKINDS ((int)(sizeof kinds / sizeof kinds[0]))

static const struct column_kind *find_kind(const char *key, int len)
{
    for (int i = 0; i < NKINDS; i++)
        if ((int)strlen(kinds[i].key) == len && !strncmp(kinds[i].key, key, len))
            return &kinds[i];
    return NULL;
}

/* Add one column: key, key=HEADER or key:WIDTH. */
static int add_column(const char *spec, int len, const char *head)
{
    const char *colon = memchr(spec, ':', len);
    int keylen = colon ? (int)(colon - spec) : len;
    const struct column_kind *k = find_kind(spec, keylen);
    if (!k || ncolumns == MAX_COLUMNS)
        return -1;
    struct column *c = &columns[ncolumns++];
    c->kind = k;
    c->head = head ? head : k->head;
    c->width = colon ? atoi(colon + 1) : k->width;
    if (k->pidmax && !colon && c->width < procps_pid_length())
        c->width = procps_pid_length();
    if (head && (int)strlen(head) > c->width)
        c->width = (int)strlen(head);
    return 0;
}

/* -o's list: names split by commas or blanks; name=HEADER gives a
 * column its own header (up to the next comma; empty: no header). */
static int parse_format(const char *list)
{
    const char *s = list;
    while (*s) {
        while (*s == ',' || *s == ' ')
            s++;
        if (!*s)
            break;
        int len = (int)strcspn(s, ", =");
        if (s[len] == '=') {
            const char *head = s + len + 1;
            int hlen = (int)strcspn(head, ",");
            char *copy = strndup(head, hlen);
            if (!copy || add_column(s, len, copy) < 0)
                return -1;
            s = head + hlen;
            continue;
        }
        if (add_column(s, len, NULL) < 0)
            return -1;
        s += len;
    }
    return 0;
}

/* ---- selection ------------------------------------------------------- */

#define SS_B_a 0x1
#define SS_B_x 0x2
#define SS_U_a 0x4
#define SS_U_d 0x8

static int all_processes, simple_select, prefer_bsd;
static unsigned select_bits;
static int sel_pids[MAX_LIST], nsel_pids;
static char *sel_comms[MAX_LIST];
static int nsel_comms;
static int has_list;
static unsigned our_euid;
static int our_tty;

/* procps's select_bits_setup: which (euid, leader, no tty, our tty)
 * combinations the simple options take.  "g" is always on (not SunOS). */
static void setup_select_bits(void)
{
    if (!simple_select && !prefer_bsd) {
        select_bits = 0xaa00;         /* ours, on our terminal */
        return;
    }
    if (simple_select & (SS_U_a | SS_U_d)) {
        unsigned u = simple_select & (SS_U_a | SS_U_d);
        select_bits = u == (SS_U_a | SS_U_d) ? 0x3f3f : u == SS_U_a ? 0x0303 : 0x3333;
        return;
    }
    switch (simple_select & (SS_B_a | SS_B_x)) {
    case 0:      select_bits = 0x0a0a; break;
    case SS_B_a: select_bits = 0x0f0f; break;
    case SS_B_x: select_bits = 0xaaaa; break;
    default:     all_processes = 1; simple_select = 0; break;
    }
}

static int listed(const struct task *t)
{
    for (int i = 0; i < nsel_pids; i++)
        if (sel_pids[i] == t->p.pid)
            return 1;
    for (int i = 0; i < nsel_comms; i++)
        if (!strncmp(t->p.comm, sel_comms[i], 63))
            return 1;
    return 0;
}

/* procps's want_this_proc. */
static int wanted(const struct task *t)
{
    if (all_processes)
        return 1;
    if (simple_select || !has_list) {
        unsigned index = (t->p.euid == our_euid)
                       | (t->p.session == t->p.pid) << 1
                       | (t->p.tty_nr == 0) << 2
                       | (t->p.tty_nr == our_tty) << 3;
        if (select_bits & (1u << index))
            return 1;
    }
    return listed(t);
}

/* ---- output ---------------------------------------------------------- */

/* procps's check_header_width: how wide the screen must pretend to be. */
static void check_header_width(void)
{
    int total = 0, was_normal = 0;
    for (int i = 0; i < ncolumns; i++) {
        if (columns[i].kind->align == UNLIMITED && i == ncolumns - 1)
            total += 3;
        else
            total += columns[i].width;
        total += was_normal;
        was_normal = 1;
    }
    for (int i = 1;; i++) {
        active_cols = screen_cols * i;
        if (active_cols >= total || screen_cols * i >= OUTBUF_SIZE / 2)
            break;
    }
}

static char line_buf[OUTBUF_SIZE + SPACE_MAX + 2];
static char cell[OUTBUF_SIZE];

/* One row (t NULL: the header), procps's show_one_proc. */
static void show_row(const struct task *t)
{
    int correct = 0, actual = 0, dospace = 0, len = 0;
    for (int i = 0; i < ncolumns; i++) {
        const struct column *c = &columns[i];
        int last = i == ncolumns - 1, tmpspace = 0, room;
        if (!last) {
            room = c->width;
        } else {
            tmpspace = correct - actual;
            if (tmpspace < 1) {
                tmpspace = dospace;
                room = active_cols - actual - tmpspace;
            } else {
                room = active_cols - (correct > actual ? correct : actual);
            }
        }
        if (room < 0)
            room = 0;
        if (room >= OUTBUF_SIZE)
            room = OUTBUF_SIZE - 1;
        int amount = t ? c->kind->pr(cell, room, t)
                       : snprintf(cell, sizeof cell, "%s", c->head);
        int leftpad = c->kind->align == RIGHT ? c->width - amount : 0;
        if (leftpad < 0)
            leftpad = 0;
        if (c->kind->align == UNLIMITED && active_cols - actual - tmpspace < 1)
            cell[1] = '\0';
        int space = correct - actual + leftpad;
        if (space < 1)
            space = dospace;
        if (space > SPACE_MAX)
            space = SPACE_MAX;
        memset(line_buf + len, ' ', space);
        len += space;
        int sz = (int)strlen(cell);
        memcpy(line_buf + len, cell, sz);
        len += sz;
        actual += space + amount;
        correct += c->width + 1;
        dospace = 1;
    }
    line_buf[len++] = '\n';
    fwrite(line_buf, 1, len, stdout);
}

/* procps's set_screen_size. */
static void set_screen_size(void)
{
    struct winsize ws;
    screen_cols = 80;
    for (int fd = 1; fd >= 0; fd = fd == 1 ? 2 : fd == 2 ? 0 : -1)
        if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
            screen_cols = ws.ws_col;
            break;
        }
    if (!isatty(1))
        screen_cols = OUTBUF_SIZE;
    const char *cols = getenv("COLUMNS");
    if (cols && *cols) {
        char *end;
        long v = strtol(cols, &end, 0);
        if (!*end && v > 0 && v < OUTBUF_SIZE)
            screen_cols = (int)v;
    }
}

/* ---- sorting --------------------------------------------------------- */

struct sort_key { int what, reverse; };
static struct sort_key sort_keys[16];
static int nsort_keys;

/* The value a sort key compares, for the numeric ones. */
static long long sort_value(const struct task *t, int what)
{
    switch (what) {
    case SORT_PID:   return t->p.pid;
    case SORT_PPID:  return t->p.ppid;
    case SORT_PGID:  return t->p.pgrp;
    case SORT_SID:   return t->p.session;
    case SORT_UID:   return t->p.euid;
    case SORT_VSZ:   return (long long)t->p.vm_size;
    case SORT_RSS:   return (long long)t->p.vm_rss;
    case SORT_CPU:   return pcpu_permille(t);
    case SORT_TIME:  return (long long)(t->p.utime + t->p.stime);
    case SORT_START: return (long long)t->p.start_time;
    case SORT_STATE: return t->p.state;
    case SORT_NLWP:  return t->p.nlwp;
    case SORT_MAJ:   return (long long)t->p.majflt;
    case SORT_MIN:   return (long long)t->p.minflt;
    case SORT_NICE:  return t->p.nice;
    case SORT_PRI:   return t->p.priority;
    case SORT_TTY:   return t->p.tty_nr;
    default:         return 0;
    }
}

static int compare_one(const struct task *a, const struct task *b, int what)
{
    if (what == SORT_COMM)
        return strcmp(a->p.comm, b->p.comm);
    if (what == SORT_ARGS)
        return strcmp(a->p.cmdline, b->p.cmdline);
    if (what == SORT_USER) {
        const char *ua = procps_user_name(a->p.euid);
        char na[64];
        snprintf(na, sizeof na, "%s", ua ? ua : "");
        const char *ub = procps_user_name(b->p.euid);
        return strcmp(na, ub ? ub : "");
    }
    long long x = sort_value(a, what), y = sort_value(b, what);
    return x < y ? -1 : x > y;
}

static int compare_tasks(const void *pa, const void *pb)
{
    const struct task *a = *(struct task *const *)pa, *b = *(struct task *const *)pb;
    for (int i = 0; i < nsort_keys; i++) {
        int r = compare_one(a, b, sort_keys[i].what);
        if (r)
            return sort_keys[i].reverse ? -r : r;
    }
    return a->p.pid - b->p.pid;
}

/* --sort's list: [+|-]key,... */
static int parse_sort(const char *list)
{
    const char *s = list;
    while (*s) {
        int reverse = 0;
        if (*s == '+' || *s == '-')
            reverse = *s++ == '-';
        int len = (int)strcspn(s, ",");
        const struct column_kind *k = find_kind(s, len);
        if (!k || k->sort == SORT_NONE || nsort_keys == 16)
            return -1;
        sort_keys[nsort_keys++] = (struct sort_key){ k->sort, reverse };
        s += len;
        if (*s == ',')
            s++;
    }
    return 0;
}

/* ---- options --------------------------------------------------------- */

static void usage(const char *why)
{
    fprintf(stderr, "error: %s\n\nUsage:\n ps [options]\n\n"
            " Try 'ps --help <simple|list|output|threads|misc|all>'\n"
            "  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\n"
            "For more details see ps(1).\n", why);
    exit(1);
}

/* Split a comma/blank list of pids or names into the selection. */
static void add_list(const char *arg, int pids)
{
    char *copy = strdup(arg), *save = copy;
    for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", ")) {
        if (pids) {
            char *end;
            long v = strtol(tok, &end, 10);
            if (*end || v < 1 || v > 0x7fffffff)
                usage("process ID list syntax error");
            if (nsel_pids < MAX_LIST)
                sel_pids[nsel_pids++] = (int)v;
        } else if (nsel_comms < MAX_LIST) {
            sel_comms[nsel_comms++] = strdup(tok);
        }
    }
    free(save);
    has_list = 1;
}

static int format_f, format_bsd_u, no_headers;

/* BSD options: letters without a dash (a u x, and "aux"). */
static void parse_bsd(const char *arg)
{
    prefer_bsd = 1;
    for (const char *c = arg; *c; c++) {
        switch (*c) {
        case 'a': simple_select |= SS_B_a; break;
        case 'x': simple_select |= SS_B_x; break;
        case 'u': format_bsd_u = 1; break;
        case 'w': break;
        default:  usage("unsupported option (BSD syntax)");
        }
    }
}

/* UNIX options: -e -A -f -p -o -C -a -d, and the long ones. */
static int parse_unix(int argc, char **argv, int i)
{
    const char *a = argv[i];
    if (!strcmp(a, "--no-headers") || !strcmp(a, "--no-heading") || !strcmp(a, "--noheaders")) {
        no_headers = 1;
        return i;
    }
    if (!strncmp(a, "--sort", 6)) {
        const char *list = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : NULL);
        if (!list || parse_sort(list) < 0)
            usage("unknown sort specifier");
        return i;
    }
    if (!strcmp(a, "--pid")) {
        if (i + 1 >= argc)
            usage("list of process IDs must follow --pid");
        add_list(argv[++i], 1);
        return i;
    }
    for (const char *c = a + 1; *c; c++) {
        const char *rest = c[1] ? c + 1 : (i + 1 < argc ? argv[i + 1] : NULL);
        switch (*c) {
        case 'e': case 'A': all_processes = 1; break;
        case 'f': format_f = 1; break;
        case 'a': simple_select |= SS_U_a; break;
        case 'd': simple_select |= SS_U_d; break;
        case 'p': case 'C': case 'o':
            if (!rest)
                usage(*c == 'o' ? "format specification must follow -o"
                                : "list must follow the option");
            if (!c[1])
                i++;
            if (*c == 'o') {
                if (parse_format(rest) < 0)
                    usage("unknown user-defined format specifier");
            } else {
                add_list(rest, *c == 'p');
            }
            return i;
        default:
            usage("unsupported SysV option");
        }
    }
    return i;
}

/* The default columns, procps's generate_sysv_list and OL_u. */
static void default_columns(void)
{
    if (format_bsd_u)
        parse_format("user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args");
    else if (format_f)
        parse_format(prefer_bsd ? "uid_hack,pid,ppid,c,stime,tname,stat,bsdtime,cmd"
                                : "uid_hack,pid,ppid,c,stime,tname,time,cmd");
    else if (prefer_bsd)
        parse_format("pid,tname,stat,bsdtime,args");
    else
        parse_format("pid,tname,time,ucmd");
}

/* ---- main -------------------------------------------------------------- */

/* Fill in the times derived from the clock. */
static void derive(struct task *t)
{
    t->start = boot_time + (long long)(t->p.start_time / hertz);
    if ((unsigned long long)boot_tics > t->p.start_time) {
        t->jiffies = boot_tics - t->p.start_time;
        t->elapsed = t->jiffies / hertz;
    }
}

/* Read every process, select, sort if asked; returns how many. */
static int gather(struct task ***out)
{
    int npids;
    int *pids = procps_pids(&npids);
    if (!pids) {
        fprintf(stderr, "ps: cannot read /proc\n");
        exit(1);
    }
    struct task **list = malloc((npids + 1) * sizeof *list);
    int n = 0;
    for (int i = 0; list && i < npids; i++) {
        struct task *t = malloc(sizeof *t);
        if (!t || procps_read_task(pids[i], &t->p) < 0) {
            free(t);
            continue;
        }
        derive(t);
        if (wanted(t))
            list[n++] = t;
        else
            free(t);
    }
    free(pids);
    if (nsort_keys && n > 1)
        qsort(list, n, sizeof *list, compare_tasks);
    *out = list;
    return n;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-')
            i = parse_unix(argc, argv, i);
        else
            parse_bsd(argv[i]);
    }
    unix_f_option = format_f;
    if (ncolumns && (format_f || format_bsd_u))
        usage("conflicting format options");
    if (!ncolumns)
        default_columns();
    setup_select_bits();
    hertz = procps_hertz();
    now = time(NULL);
    boot_time = procps_boot_time();
    boot_tics = procps_uptime_cs() * hertz / 100;
    struct proc_meminfo m;
    procps_meminfo(&m);
    mem_total = m.total;
    our_euid = geteuid();
    struct proc_task self;
    our_tty = procps_read_task(getpid(), &self) == 0 ? self.tty_nr : 0;
    set_screen_size();
    check_header_width();

    struct task **list;
    int n = gather(&list);
    int headed = 0;
    for (int i = 0; i < ncolumns; i++)
        if (columns[i].head[0])
            headed = 1;
    if (!no_headers && headed)
        show_row(NULL);
    for (int i = 0; i < n; i++)
        show_row(list[i]);
    fflush(stdout);
    return n ? 0 : 1;
}
