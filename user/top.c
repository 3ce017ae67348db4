/*
 * top - the processes and the machine's memory, refreshed, as procps-ng
 * 4.0.2's top shows them.
 *
 *   top -b [-n N] [-d SECS] [-p PID,...] [-o FIELD] [-w [COLS]]
 *       batch: N frames (default: until killed) to standard output
 *   top [-d SECS] ...
 *       full screen on a terminal: redrawn every SECS (default 3);
 *       keys: M sort by %MEM, P by %CPU, N by PID, T by TIME+,
 *       R reverse the order, q quit (the terminal is restored)
 *
 * A frame is five summary lines and the task table:
 *
 *   top - 16:40:18 up  3:29,  0 user,  load average: 1.42, 1.31, 0.80
 *   Tasks:  96 total,   2 running,  93 sleeping,   0 stopped,   1 zombie
 *   %Cpu(s):  0.0 us,  1.0 sy, ...   (the share of each kind of CPU time
 *                                     since the previous frame)
 *   MiB Mem :  total, free, used (total - available), buff/cache
 *   MiB Swap:  total, free, used, and the memory available
 *
 *     PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND
 *
 * VIRT, RES and SHR are statm's size, resident and shared pages in KiB;
 * %MEM is RES over MemTotal; %CPU the CPU ticks used since the previous
 * frame over the time between them (the first frame compares with a
 * sample taken as top starts, as procps does).  Numbers are printed with
 * procps's float arithmetic and printf's rounding (fixed1 below), so
 * they match digit for digit.
 */
#include <procps.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define SCREEN_MAX 512                /* procps's SCREENMAX */
#define MAX_PIDS   20                 /* -p takes at most 20, as procps */

enum sort_field { SORT_CPU, SORT_MEM, SORT_PID, SORT_TIME, SORT_RES,
                  SORT_VIRT, SORT_SHR, SORT_COMMAND };

/* One task row's facts, and its ticks at the previous frame. */
struct row {
    struct proc_task p;
    unsigned long long delta;         /* ticks since the previous frame */
};

static int batch, frames = -1, cols = 80, rows = 24, width_arg;
static double delay = 3.0;
static int sel_pids[MAX_PIDS], nsel;
static enum sort_field sort_by = SORT_CPU;
static int sort_reverse;              /* R: ascending */
static long hertz;
static const char *myname = "top";

/* The previous frame's ticks per pid, to take %CPU's differences. */
static struct { int pid; unsigned long long tics; } *prev;
static int nprev;
static struct proc_cpu prev_cpu;
static long long prev_ns;

/* ---- numbers as printf("%.1f") prints them ---------------------------- */

/* Round d (>= 0) to tenths exactly as glibc's printf does: on the exact
 * binary value, ties to even.  Returns the number of tenths. */
static unsigned long long tenths(double d)
{
    union { double d; uint64_t u; } v = { d };
    int field = (int)((v.u >> 52) & 0x7ff);
    if (d <= 0 || field == 0)
        return 0;
    uint64_t mant = (v.u & ((1ull << 52) - 1)) | (1ull << 52);
    int e = field - 1075;             /* d = mant * 2^e */
    uint64_t x = mant * 10;
    if (e >= 0)
        return e < 6 ? x << e : ~0ull;
    int s = -e;
    if (s >= 64)
        return 0;
    uint64_t q = x >> s, r = x & ((1ull << s) - 1), half = 1ull << (s - 1);
    if (r > half || (r == half && (q & 1)))
        q++;
    return q;
}

/* "%.1f" of d into buf; returns the length. */
static int fixed1(char *buf, double d)
{
    unsigned long long t = tenths(d);
    return sprintf(buf, "%llu.%llu", t / 10, t % 10);
}

/* "%#5.1f" style: right-justified in width. */
static void fixed1_width(char *buf, double d, int width)
{
    char tmp[32];
    fixed1(tmp, d);
    sprintf(buf, "%*s", width, tmp);
}

/* ---- the summary lines ------------------------------------------------ */

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* "top - 16:40:18 up  3:29,  0 user,  load average: 1.42, 1.31, 0.80" */
static void show_uptime_line(char *out)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    int up = (int)(procps_uptime_cs() / 100);
    int days = up / 86400, hours = up / 3600 % 24, mins = up / 60 % 60;
    out += sprintf(out, "%s - %02d:%02d:%02d up ", myname, tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (days)
        out += sprintf(out, "%d %s, ", days, days > 1 ? "days" : "day");
    if (hours)
        out += sprintf(out, "%2d:%02d, ", hours, mins);
    else
        out += sprintf(out, "%d min, ", mins);
    int avg[3];
    procps_loadavg(avg);
    sprintf(out, "%2d %s,  load average: %d.%02d, %d.%02d, %d.%02d\n", 0, "user",
            avg[0] / 100, avg[0] % 100, avg[1] / 100, avg[1] % 100,
            avg[2] / 100, avg[2] % 100);
}

/* "Tasks:  96 total,   2 running, ..." over the rows shown. */
static void show_tasks_line(char *out, const struct row *r, int n)
{
    unsigned running = 0, sleeping = 0, stopped = 0, zombie = 0;
    for (int i = 0; i < n; i++) {
        switch (r[i].p.state) {
        case 'R': running++; break;
        case 'T': case 't': stopped++; break;
        case 'Z': zombie++; break;
        default: sleeping++; break;
        }
    }
    sprintf(out, "Tasks: %3u total, %3u running, %3u sleeping, %3u stopped, %3u zombie\n",
            (unsigned)n, running, sleeping, stopped, zombie);
}

/* "%Cpu(s): us, sy, ni, id, wa, hi, si, st" since the previous frame. */
static void show_cpu_line(char *out)
{
    static const char *names[8] = { "us", "ni", "sy", "id", "wa", "hi", "si", "st" };
    static const int order[8] = { 0, 2, 1, 3, 4, 5, 6, 7 };  /* us sy ni id ... */
    struct proc_cpu now;
    procps_cpu(&now);
    long long d[8], total = 0;
    for (int i = 0; i < 8; i++) {
        d[i] = (long long)(now.v[i] - prev_cpu.v[i]);
        if (d[i] < 0)
            d[i] = 0;
        total += d[i];
    }
    prev_cpu = now;
    if (total == 0)
        d[3] = total = 1;             /* nothing elapsed: all idle */
    volatile float scale = 100.0f / (float)total;
    out += sprintf(out, "%%Cpu(s):");
    for (int k = 0; k < 8; k++) {
        int i = order[k];
        volatile float pct = (float)d[i] * scale;
        char v[32];
        fixed1_width(v, pct, 5);
        out += sprintf(out, "%s %s%s", v, names[i], k < 7 ? "," : " \n");
    }
}

/* One "%#.1f " amount of MiB for the memory lines, in 9 columns. */
static void mib(char *out, unsigned long long kb)
{
    char v[32];
    volatile float f = (float)kb;
    int n = fixed1(v, f / 1024.0f);
    v[n] = ' ';
    v[n + 1] = '\0';
    if (n + 1 > 9)
        v[8] = '+', v[9] = '\0';
    sprintf(out, "%9.9s", v);
}

/* "MiB Mem :" and "MiB Swap:" lines. */
static void show_memory_lines(char *out, const struct proc_meminfo *m)
{
    unsigned long long avail = m->available ? m->available : m->free;
    if (avail > m->total)
        avail = m->free;
    unsigned long long used = m->total - avail;
    unsigned long long cache = m->cached + m->sreclaimable + m->buffers;
    char a[16], b[16], c[16], d[16];
    mib(a, m->total), mib(b, m->free), mib(c, used), mib(d, cache);
    out += sprintf(out, "MiB Mem : %stotal, %sfree, %sused, %sbuff/cache     \n", a, b, c, d);
    mib(a, m->swap_total), mib(b, m->swap_free);
    mib(c, m->swap_total - m->swap_free), mib(d, avail);
    sprintf(out, "MiB Swap: %stotal, %sfree, %sused. %savail Mem \n", a, b, c, d);
}

/* ---- the task table -------------------------------------------------- */

/* VIRT/RES/SHR: KiB if they fit, else scaled to m, g, ... */
static void scale_mem(char *out, unsigned long long kb, int width)
{
    static const char suffix[] = "mgtpe";
    char buf[32];
    if (snprintf(buf, sizeof buf, "%llu", kb) <= width) {
        sprintf(out, "%*s", width, buf);
        return;
    }
    volatile float num = (float)kb;
    for (int i = 0; suffix[i]; i++) {
        num = num / 1024.0f;
        int n = fixed1(buf, num);
        buf[n] = suffix[i];
        buf[n + 1] = '\0';
        if (n + 1 <= width) {
            sprintf(out, "%*s", width, buf);
            return;
        }
    }
    sprintf(out, "%*s", width, "?");
}

/* TIME+: minutes:seconds.hundredths, or coarser when it does not fit. */
static void scale_tics(char *out, unsigned long long tics, int width)
{
    char buf[32];
    unsigned long long nt = tics * 100ull / hertz;
    unsigned long cent = nt % 100, secs = nt / 100 % 60, mins = nt / 6000;
    if (snprintf(buf, sizeof buf, "%lu:%02lu.%02lu", mins, secs, cent) > width &&
        snprintf(buf, sizeof buf, "%lu:%02lu", mins, secs) > width)
        snprintf(buf, sizeof buf, "%lu,%02lu", mins / 60, mins % 60);
    sprintf(out, "%*s", width, buf);
}

/* A string cut to width with a '+' where it was cut. */
static void cut(char *out, const char *s, int width, int left)
{
    int n = (int)strlen(s);
    if (n > width) {
        memcpy(out, s, width > 0 ? width - 1 : 0);
        out[width > 0 ? width - 1 : 0] = '+';
        out[width > 0 ? width : 0] = '\0';
        return;
    }
    sprintf(out, left ? "%-*s" : "%*s", width, s);
}

static int pid_width(void)
{
    return procps_pid_length();
}

/* The table's columns, procps's default fields: header, width, left. */
#define NFIELDS 12
static const struct { const char *head; int width, left; } fields[NFIELDS] = {
    { "PID", 0, 0 }, { "USER", 8, 1 }, { "PR", 3, 0 }, { "NI", 3, 0 },
    { "VIRT", 7, 0 }, { "RES", 6, 0 }, { "SHR", 6, 0 }, { "S", 1, 0 },
    { "%CPU", 5, 0 }, { "%MEM", 5, 0 }, { "TIME+", 9, 0 }, { "COMMAND", 7, 1 },
};
static int nshown = NFIELDS;          /* the fields that fit the screen */

static int field_width(int i)
{
    return i == 0 ? pid_width() : fields[i].width;
}

/* procps's calibrate_fields: a field is shown while the columns so far,
 * each with one space of padding, fit the screen. */
static void fit_fields(void)
{
    int used = 0;
    for (nshown = 0; nshown < NFIELDS; nshown++) {
        int len = field_width(nshown) + 1;
        if (used + len > cols)
            break;
        used += len;
    }
}

/* Join the cells of the shown fields with single spaces. */
static void join_cells(char *out, char cells[][SCREEN_MAX + 1])
{
    for (int i = 0; i < nshown; i++)
        out += sprintf(out, i ? " %s" : "%s", cells[i]);
    strcpy(out, "\n");
}

/* The column header.  Returns COMMAND's room: the screen less the
 * columns before it (procps's varcolsz). */
static int header(char *out)
{
    static char cells[NFIELDS][SCREEN_MAX + 1];
    int prefix = 0;
    for (int i = 0; i < NFIELDS; i++) {
        sprintf(cells[i], fields[i].left ? "%-*s" : "%*s", field_width(i), fields[i].head);
        if (i < NFIELDS - 1)
            prefix += field_width(i) + 1;
    }
    strcpy(cells[NFIELDS - 1], "COMMAND");
    join_cells(out, cells);
    return cols - prefix - 1;
}

/* One task's row. */
static void task_row(char *out, const struct row *r, double etscale,
                     unsigned long long mem_total, int command_room)
{
    const struct proc_task *p = &r->p;
    char user[64], virt[16], res[16], shr[16], cpu[16], mem[16], tm[32], pr[16];
    const char *name = procps_user_name(p->euid);
    char uid[16];
    snprintf(uid, sizeof uid, "%u", p->euid);
    cut(user, name ? name : uid, 8, 1);
    if (p->priority < -99)
        strcpy(pr, " rt");
    else
        sprintf(pr, "%3ld", p->priority);
    scale_mem(virt, p->statm_size * 4, 7);
    scale_mem(res, p->statm_resident * 4, 6);
    scale_mem(shr, p->statm_share * 4, 6);
    volatile float pcpu = (float)r->delta * (float)etscale;
    fixed1_width(cpu, pcpu, 5);
    volatile float mscale = 100.0f / (float)mem_total;
    volatile float pmem = (float)(p->statm_resident * 4) * mscale;
    fixed1_width(mem, pmem, 5);
    scale_tics(tm, p->utime + p->stime, 9);
    static char cells[NFIELDS][SCREEN_MAX + 1];
    sprintf(cells[0], "%*d", pid_width(), p->pid);
    strcpy(cells[1], user);
    strcpy(cells[2], pr);
    sprintf(cells[3], "%3ld", p->nice);
    strcpy(cells[4], virt);
    strcpy(cells[5], res);
    strcpy(cells[6], shr);
    sprintf(cells[7], "%c", p->state);
    strcpy(cells[8], cpu);
    strcpy(cells[9], mem);
    strcpy(cells[10], tm);
    cut(cells[11], p->comm, command_room, 1);
    int len = (int)strlen(cells[11]);
    while (len && cells[11][len - 1] == ' ')
        cells[11][--len] = '\0';
    join_cells(out, cells);
}

/* ---- gathering and sorting ------------------------------------------- */

static int selected(int pid)
{
    if (!nsel)
        return 1;
    for (int i = 0; i < nsel; i++)
        if (sel_pids[i] == pid)
            return 1;
    return 0;
}

/* The ticks this pid had at the previous frame (0 if it is new). */
static unsigned long long prev_tics(int pid)
{
    for (int i = 0; i < nprev; i++)
        if (prev[i].pid == pid)
            return prev[i].tics;
    return 0;
}

/* Read the processes; remember their ticks for the next frame. */
static struct row *gather(int *count)
{
    int npids;
    int *pids = nsel ? malloc(sizeof sel_pids) : procps_pids(&npids);
    if (nsel && pids) {               /* -p: in the order given, as procps */
        memcpy(pids, sel_pids, sizeof sel_pids);
        npids = nsel;
    }
    struct row *r = pids ? malloc((npids + 1) * sizeof *r) : NULL;
    if (!pids || !r) {
        fprintf(stderr, "%s: cannot read /proc\n", myname);
        exit(1);
    }
    int n = 0;
    for (int i = 0; i < npids; i++) {
        if (!selected(pids[i]) || procps_read_task(pids[i], &r[n].p) < 0)
            continue;
        unsigned long long t = r[n].p.utime + r[n].p.stime, before = prev_tics(pids[i]);
        r[n].delta = t > before ? t - before : 0;
        n++;
    }
    free(pids);
    free(prev);
    prev = malloc((n + 1) * sizeof *prev);
    nprev = 0;
    for (int i = 0; prev && i < n; i++) {
        prev[nprev].pid = r[i].p.pid;
        prev[nprev++].tics = r[i].p.utime + r[i].p.stime;
    }
    *count = n;
    return r;
}

/* The value a sort compares, bigger first. */
static long long sort_key(const struct row *r)
{
    switch (sort_by) {
    case SORT_MEM: case SORT_RES: return (long long)r->p.statm_resident;
    case SORT_PID:  return r->p.pid;
    case SORT_TIME: return (long long)(r->p.utime + r->p.stime);
    case SORT_VIRT: return (long long)r->p.statm_size;
    case SORT_SHR:  return (long long)r->p.statm_share;
    case SORT_COMMAND: return 0;
    default:        return (long long)r->delta;
    }
}

/* A > B in the sort's order (descending unless R). */
static int before(const struct row *a, const struct row *b)
{
    int c;
    if (sort_by == SORT_COMMAND) {
        c = strcmp(a->p.comm, b->p.comm);
    } else {
        long long x = sort_key(a), y = sort_key(b);
        c = x < y ? -1 : x > y;
    }
    return sort_reverse ? c < 0 : c > 0;
}

/* Stable insertion sort: equal rows keep /proc's order, as procps's
 * (glibc's merge-sorting qsort) does. */
static void sort_rows(struct row *r, int n)
{
    struct row tmp;
    for (int i = 1; i < n; i++) {
        int j = i;
        tmp = r[i];
        while (j > 0 && before(&tmp, &r[j - 1])) {
            r[j] = r[j - 1];
            j--;
        }
        r[j] = tmp;
    }
}

/* ---- frames ---------------------------------------------------------- */

static char frame_buf[256 * 1024];

/* The summary line at s cut to the screen's width, as procps's
 * show_special does; returns where the next line starts. */
static char *clip(char *s)
{
    char *nl = strchr(s, '\n');
    if (!nl)
        return s + strlen(s);
    if (nl - s > cols) {
        memmove(s + cols, nl, strlen(nl) + 1);
        nl = s + cols;
    }
    return nl + 1;
}

/* Build one frame into frame_buf; max_rows limits the task rows. */
static int build_frame(int max_rows)
{
    char *o = frame_buf, *end = frame_buf + sizeof frame_buf - SCREEN_MAX * 2;
    long long t = now_ns();
    double et = (t - prev_ns) / 1e9;
    prev_ns = t;
    if (et <= 0)
        et = 0.000001;
    double etscale = 100.0 / ((float)hertz * (float)et);
    int n;
    struct row *r = gather(&n);
    sort_rows(r, n);
    struct proc_meminfo m;
    procps_meminfo(&m);
    show_uptime_line(o), o = clip(o);
    show_tasks_line(o, r, n), o = clip(o);
    show_cpu_line(o), o = clip(o);
    show_memory_lines(o, &m), o = clip(clip(o));
    *o++ = '\n';
    int room = header(o);
    o += strlen(o);
    if (room < 1)
        room = 1;
    for (int i = 0; i < n && i < max_rows && o < end; i++) {
        task_row(o, &r[i], etscale, m.total ? m.total : 1, room);
        o += strlen(o);
    }
    free(r);
    return (int)(o - frame_buf);
}

/* Sleep for delay seconds. */
static void pause_delay(void)
{
    struct timespec ts = { (time_t)delay, (long)((delay - (long)delay) * 1e9) };
    nanosleep(&ts, NULL);
}

static void run_batch(void)
{
    for (int i = 0; frames < 0 || i < frames; i++) {
        if (i)
            pause_delay();
        int len = build_frame(0x7fffffff);
        if (i)
            fputc('\n', stdout);
        fwrite(frame_buf, 1, len, stdout);
        fflush(stdout);
    }
}

/* ---- the full screen ------------------------------------------------- */

static struct termios saved_tty;
static int tty_saved;

/* Put the terminal back as we found it, cursor on, screen below us. */
static void restore_terminal(void)
{
    if (tty_saved) {
        fputs("\033[?25h\n", stdout);
        fflush(stdout);
        tcsetattr(0, TCSAFLUSH, &saved_tty);
        tty_saved = 0;
    }
}

static void on_signal(int sig)
{
    (void)sig;
    restore_terminal();
    _exit(0);
}

/* Wait up to ms for a key: the key, or -1. */
static int read_key(int ms)
{
    struct { int fd; short events, revents; } pfd = { 0, 1 /* POLLIN */, 0 };
    if (syscall(SYS_poll, &pfd, 1, ms) <= 0)
        return -1;
    unsigned char c;
    return read(0, &c, 1) == 1 ? c : -1;
}

/* Draw a frame at the top of the screen: each line cleared to its end,
 * the rest of the screen cleared after. */
static void draw(void)
{
    int len = build_frame(rows - 7);
    fputs("\033[H", stdout);
    for (char *line = frame_buf; line < frame_buf + len;) {
        char *nl = memchr(line, '\n', frame_buf + len - line);
        int n = nl ? (int)(nl - line) : (int)(frame_buf + len - line);
        if (n > cols)
            n = cols;
        fwrite(line, 1, n, stdout);
        fputs("\033[K", stdout);
        line = nl ? nl + 1 : frame_buf + len;
        if (line < frame_buf + len)
            fputs("\r\n", stdout);
    }
    fputs("\033[J", stdout);
    fflush(stdout);
}

/* What a key does: 1 to quit. */
static int handle_key(int c)
{
    switch (c) {
    case 'q': case 3: return 1;
    case 'M': sort_by = SORT_MEM; break;
    case 'P': sort_by = SORT_CPU; break;
    case 'N': sort_by = SORT_PID; break;
    case 'T': sort_by = SORT_TIME; break;
    case 'R': sort_reverse = !sort_reverse; break;
    default: break;
    }
    return 0;
}

static void run_interactive(void)
{
    struct termios raw;
    if (tcgetattr(0, &saved_tty) == 0) {
        tty_saved = 1;
        raw = saved_tty;
        raw.c_lflag &= ~(ICANON | ECHO);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        tcsetattr(0, TCSANOW, &raw);
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    fputs("\033[?25l\033[H\033[2J", stdout);
    for (int i = 0; frames < 0 || i < frames; i++) {
        draw();
        long long until = now_ns() + (long long)(delay * 1e9);
        int quit = 0;
        for (;;) {
            long long left = (until - now_ns()) / 1000000;
            if (left <= 0)
                break;
            int c = read_key((int)left);
            if (c < 0)
                continue;
            if ((quit = handle_key(c)))
                break;
            draw();                   /* show the new order at once */
        }
        if (quit)
            break;
    }
    restore_terminal();
}

/* ---- options --------------------------------------------------------- */

static void usage(void)
{
    fprintf(stderr, "Usage:\n  %s -hv | -bcEeHiOSs1 -d secs -n max -u|U user -p pid(s) "
            "-o field -w [cols]\n", myname);
    exit(1);
}

/* -o FIELD: the column to sort by. */
static void set_sort(const char *name)
{
    static const struct { const char *name; enum sort_field f; } fields[] = {
        { "%CPU", SORT_CPU }, { "%MEM", SORT_MEM }, { "PID", SORT_PID },
        { "TIME+", SORT_TIME }, { "RES", SORT_RES }, { "VIRT", SORT_VIRT },
        { "SHR", SORT_SHR }, { "COMMAND", SORT_COMMAND },
    };
    const char *n = name;
    if (*n == '+' || *n == '-')
        sort_reverse = *n++ == '-';
    for (unsigned i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (!strcmp(n, fields[i].name)) {
            sort_by = fields[i].f;
            return;
        }
    fprintf(stderr, "%s: unrecognized field name '%s'\n", myname, n);
    exit(1);
}

/* -p PID,...: at most 20 pids, as procps. */
static void add_pids(const char *list)
{
    char *copy = strdup(list);
    for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
        char *end;
        long v = strtol(tok, &end, 10);
        if (*end || v < 0 || nsel == MAX_PIDS) {
            fprintf(stderr, "%s: bad pid '%s'\n", myname, tok);
            exit(1);
        }
        sel_pids[nsel++] = (int)v;
    }
    free(copy);
}

/* "SECS[.FRACTION]" as a double (no strtod in our libc). */
static double strtod_simple(const char *s)
{
    double v = 0, scale = 1;
    for (; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (*s - '0');
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            v += (*s - '0') * (scale /= 10);
    return v;
}

/* The value of an option: the rest of this word, or the next word. */
static const char *option_value(int argc, char **argv, int *i, const char *rest)
{
    if (*rest)
        return rest;
    if (*i + 1 >= argc)
        usage();
    return argv[++*i];
}

static void parse_options(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (*a == '-')
            a++;
        for (; *a; a++) {
            switch (*a) {
            case 'b': batch = 1; continue;
            case 'n': frames = atoi(option_value(argc, argv, &i, a + 1)); break;
            case 'd': delay = strtod_simple(option_value(argc, argv, &i, a + 1)); break;
            case 'p': add_pids(option_value(argc, argv, &i, a + 1)); break;
            case 'o': set_sort(option_value(argc, argv, &i, a + 1)); break;
            case 'w':
                if (a[1])
                    width_arg = atoi(a + 1);
                else if (i + 1 < argc && argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9')
                    width_arg = atoi(argv[++i]);
                else
                    width_arg = -1;
                break;
            default: usage();
            }
            break;
        }
    }
}

/* The screen's size, procps's adj_geometry: COLUMNS (as ncurses reads
 * it), else the terminal's size, else 80x24; -w overrides in batch. */
static void set_geometry(void)
{
    struct winsize ws;
    const char *env = getenv("COLUMNS");
    if (env && atoi(env) > 0)
        cols = atoi(env);
    if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
        cols = ws.ws_col;
        rows = ws.ws_row;
    }
    if (width_arg < 0)
        width_arg = env && atoi(env) > 0 ? atoi(env) : SCREEN_MAX;
    if (width_arg > SCREEN_MAX)
        width_arg = SCREEN_MAX;
    if (batch && width_arg)
        cols = width_arg;
    else if (width_arg && width_arg < cols)
        cols = width_arg;
    if (cols > SCREEN_MAX)
        cols = SCREEN_MAX;
    if (cols < 3)
        cols = 3;
    if (rows < 8)
        rows = 8;
}

int main(int argc, char **argv)
{
    const char *slash = strrchr(argv[0], '/');
    myname = slash ? slash + 1 : argv[0];
    parse_options(argc, argv);
    if (!batch && !isatty(1))
        batch = 1;                    /* nothing to draw on: print frames */
    set_geometry();
    fit_fields();
    hertz = procps_hertz();
    /* The first frame's differences are taken against this sample. */
    prev_ns = now_ns();
    procps_cpu(&prev_cpu);
    int n;
    free(gather(&n));
    if (batch)
        run_batch();
    else
        run_interactive();
    return 0;
}
