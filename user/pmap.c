/*
 * pmap - the memory map of processes, as procps-ng 4.0.2's pmap prints it.
 *
 *   pmap [-x | -X | -XX | -d | -c | -C FILE] [-q] [-p] [-A low[,high]] PID...
 *   pmap -n | -N FILE        (write an rc file that -c / -C read)
 *
 * Everything comes from /proc/PID: the header line from stat (the stack
 * start, the name) and cmdline, the rows from maps (plain and -d) or
 * smaps (-x, -X).  Each format is procps's to the byte, including its
 * quirks, because students compare the two and tests demand equality:
 *
 *   plain  Address Kbytes Mode Mapping and " total NK".  Mode is maps'
 *          permissions with 'p' shown as '-' and a fifth '-'.  Mapping
 *          is the file's basename; a region without a '/' in its line
 *          is "  [ anon ]", or "  [ stack ]" if it holds stat's
 *          startstack (so [heap] and [vdso] are anon, too).
 *   -x     adds RSS and Dirty (Shared_ + Private_Dirty) from smaps.  A
 *          row is printed when its block's Swap line is read: no Swap
 *          line, no row.  RSS and Dirty totals count every block read,
 *          also those -A leaves out.
 *   -d     adds Offset and Device; the footer sums mapped,
 *          writeable/private and shared sizes.
 *   -X     every smaps "Name: N kB" field of the kernel but the few
 *          procps thinks unimportant (-XX: all of them, and VmFlags),
 *          columns as wide as their widest value, from two passes over
 *          smaps.  Totals run on across several PIDs, as procps's do.
 *   -c     like -X, but the columns are those ~/.pmaprc's [Fields
 *          Display] lists (-C FILE: that file); its [Mapping] ShowPath
 *          toggles -p.  -n / -N FILE write the template to edit.
 *
 * The exit status is procps's: 1 for bad usage or a maps file that
 * cannot be opened, 42 added when a PID is not there.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINE_MAX_BYTES 1024     /* procps's line buffer: longer lines split */
#define CMDLINE_MAX    (1024 * 64 * 2)  /* libproc2's MAX_BUFSZ */
#define FIELD_MAX      64       /* -X columns kept (Linux has 25) */
#define ADDR_WIDTH     8        /* hex digits of a 32-bit address */

/* ---- options --------------------------------------------------------- */

static const char *progname;   /* argv[0], for getopt-style messages */
static int opt_x, opt_X, opt_d, opt_q, opt_showpath;
static int opt_c, opt_C, opt_n, opt_N;     /* the rc file options */
static const char *rc_path;                /* -C FILE, -N FILE */
static unsigned long range_low, range_high = ~0ul;

/* procps's messages go through error(3): flush stdout, then name: text. */
static void warnx_pmap(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fputs("pmap: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

#define errx_pmap(...) do { warnx_pmap(__VA_ARGS__); exit(1); } while (0)

/* The help text, word for word procps's; to stderr it means bad usage. */
static void usage(FILE *out)
{
    fputs("\nUsage:\n pmap [options] PID [PID ...]\n\nOptions:\n"
          " -x, --extended              show details\n"
          " -X                          show even more details\n"
          "            WARNING: format changes according to /proc/PID/smaps\n"
          " -XX                         show everything the kernel provides\n"
          " -c, --read-rc               read the default rc\n"
          " -C, --read-rc-from=<file>   read the rc from file\n"
          " -n, --create-rc             create new default rc\n"
          " -N, --create-rc-to=<file>   create new rc to file\n"
          "            NOTE: pid arguments are not allowed with -n, -N\n"
          " -d, --device                show the device format\n"
          " -q, --quiet                 do not display header and footer\n"
          " -p, --show-path             show path in the mapping\n"
          " -A, --range=<low>[,<high>]  limit results to the given range\n"
          "\n -h, --help     display this help and exit\n"
          " -V, --version  output version information and exit\n"
          "\nFor more details see pmap(1).\n", out);
    exit(out == stderr ? 1 : 0);
}

/* -A low[,high]: hexadecimal bounds, either may be left empty. */
static void range_arguments(const char *arg)
{
    char buf[64], *low = buf, *high;
    if (strlen(arg) >= sizeof buf)
        errx_pmap("failed to parse argument: '%s'", arg);
    strcpy(buf, arg);
    high = strchr(low, ',');
    if (high)
        *high++ = '\0';
    else
        high = low;
    if (*low)
        range_low = strtoul(low, &low, 16);
    if (*high)
        range_high = strtoul(high, &high, 16);
    if (*low || *high)
        errx_pmap("failed to parse argument: '%s'", arg);
}

/* Act on one option letter (with its argument, if it takes one). */
static void take_option(int c, const char *arg)
{
    switch (c) {
    case 'x': opt_x = 1; break;
    case 'X': opt_X++; break;
    case 'd': opt_d = 1; break;
    case 'q': opt_q = 1; break;
    case 'p': opt_showpath = 1; break;
    case 'A': range_arguments(arg); break;
    case 'r': warnx_pmap("option -r is ignored as SunOS compatibility"); break;
    case 'h': usage(stdout); break;
    case 'V': printf("pmap from procps-ng 4.0.2\n"); exit(0);
    case 'c': opt_c = 1; break;
    case 'C': opt_C = 1; rc_path = arg; break;
    case 'n': opt_n = 1; break;
    case 'N': opt_N = 1; rc_path = arg; break;
    default: usage(stderr);
    }
}

static const struct long_option {
    const char *name;
    int has_arg;
    int letter;
} long_options[] = {
    { "extended", 0, 'x' }, { "device", 0, 'd' }, { "quiet", 0, 'q' },
    { "range", 1, 'A' }, { "help", 0, 'h' }, { "version", 0, 'V' },
    { "read-rc", 0, 'c' }, { "read-rc-from", 1, 'C' },
    { "create-rc", 0, 'n' }, { "create-rc-to", 1, 'N' },
    { "show-path", 0, 'p' },
};
#define N_LONG ((int)(sizeof long_options / sizeof long_options[0]))

/* The long option `word` (without "--") names: an exact name, or else
 * the one name it is a prefix of; NULL if none or several. */
static const struct long_option *find_long(const char *word, size_t len)
{
    const struct long_option *found = NULL;
    for (int i = 0; i < N_LONG; i++) {
        if (strncmp(long_options[i].name, word, len) != 0)
            continue;
        if (strlen(long_options[i].name) == len)
            return &long_options[i];
        if (found)
            return NULL;
        found = &long_options[i];
    }
    return found;
}

/* "--name[=value]" at argv[*i]; advances *i past a separate value. */
static void take_long(char **argv, int argc, int *i)
{
    const char *word = argv[*i] + 2, *eq = strchr(word, '=');
    size_t len = eq ? (size_t)(eq - word) : strlen(word);
    const struct long_option *o = find_long(word, len);
    if (!o) {
        fprintf(stderr, "%s: unrecognized option '--%s'\n", progname, word);
        usage(stderr);
    }
    if (!o->has_arg && eq) {
        fprintf(stderr, "%s: option '--%s' doesn't allow an argument\n",
                progname, o->name);
        usage(stderr);
    }
    const char *arg = eq ? eq + 1 : NULL;
    if (o->has_arg && !arg) {
        if (*i + 1 >= argc) {
            fprintf(stderr, "%s: option '--%s' requires an argument\n",
                    progname, o->name);
            usage(stderr);
        }
        arg = argv[++*i];
    }
    take_option(o->letter, arg);
}

/* A group of short options "-xq" or "-Alow,high" / "-A low,high". */
static void take_short(char **argv, int argc, int *i)
{
    const char *word = argv[*i];
    for (int k = 1; word[k]; k++) {
        int c = (unsigned char)word[k];
        if (!strchr("xXrdqAhVcCnNp", c)) {
            fprintf(stderr, "%s: invalid option -- '%c'\n", progname, c);
            usage(stderr);
        }
        if (c != 'A' && c != 'C' && c != 'N') {
            take_option(c, NULL);
            continue;
        }
        const char *arg = word + k + 1;
        if (!*arg) {
            if (*i + 1 >= argc) {
                fprintf(stderr, "%s: option requires an argument -- '%c'\n",
                        progname, c);
                usage(stderr);
            }
            arg = argv[++*i];
        }
        take_option(c, arg);
        return;
    }
}

/* Options anywhere on the line, as GNU getopt allows ("pmap 12 -x");
 * "--" ends them.  The PIDs are moved to the front; returns their count. */
static int parse_options(int argc, char **argv)
{
    int n = 0, i;
    progname = argv[0];
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (argv[i][0] == '-' && argv[i][1] == '-')
            take_long(argv, argc, &i);
        else if (argv[i][0] == '-' && argv[i][1])
            take_short(argv, argc, &i);
        else
            argv[n++] = argv[i];
    }
    while (i < argc)
        argv[n++] = argv[i++];
    return n;
}

/* ---- the process ----------------------------------------------------- */

struct target {
    int pid, tgid;
    char state;
    unsigned long start_stack;     /* stat's field 28 */
    char comm[64];
    char *cmdline;                 /* as procps shows it, escaped */
};

/* The whole of /proc/PID/NAME into buf (NUL-terminated); its length or -1. */
static long read_proc(int pid, const char *name, char *buf, long size)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", pid, name);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    long n = 0;
    while (n < size - 1) {
        ssize_t r = read(fd, buf + n, (size_t)(size - 1 - n));
        if (r <= 0)
            break;
        n += r;
    }
    close(fd);
    buf[n] = '\0';
    return n;
}

/* Is the C library's character set UTF-8 (setlocale(LC_ALL, "")'s
 * choice: LC_ALL, else LC_CTYPE, else LANG)? */
static int locale_is_utf8(void)
{
    const char *names[] = { "LC_ALL", "LC_CTYPE", "LANG" };
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(names[i]);
        if (v && *v)
            return strstr(v, "UTF-8") || strstr(v, "utf8") ||
                   strstr(v, "UTF8") || strstr(v, "utf-8");
    }
    return 0;
}

/* Make a command line printable as libproc2's escape_str does: in a
 * UTF-8 locale control characters become '?' (unless a byte cannot
 * start a character, then everything is escaped as in the C locale);
 * in the C locale controls become '.' and bytes >= 0x80 '?'. */
static void escape_printable(unsigned char *s, int len)
{
    static const signed char utf_len[16] = {   /* by the high nibble */
        1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, 2, 2, 3, 4 };
    if (locale_is_utf8()) {
        int ok = 1;
        for (int i = 0; i < len && ok; ) {
            int n = utf_len[s[i] >> 4];
            if (s[i] == 0xC0 || s[i] == 0xC1 || s[i] >= 0xF5)
                n = -1;
            if (n < 0 || i + n > len) {
                ok = 0;
                break;
            }
            if (s[i] < 0x20 || s[i] == 0x7f)
                s[i] = '?';
            i += n;
        }
        if (ok)
            return;
    }
    for (; *s; s++)
        if (*s < 0x20 || *s == 0x7f)
            *s = '.';
        else if (*s >= 0x80)
            *s = '?';
}

/* The command line as procps prints it: the arguments joined by spaces,
 * or "[comm]" (and " <defunct>" for a zombie) when there are none. */
static char *command_line(struct target *t)
{
    char *buf = malloc(CMDLINE_MAX + 16);
    if (!buf)
        errx_pmap("ERROR: memory allocation failed");
    long n = read_proc(t->pid, "cmdline", buf, CMDLINE_MAX);
    if (n > 0) {
        long i = n;
        while (i && buf[i - 1] == '\0')
            i--;
        while (i--)
            if (buf[i] == '\n' || buf[i] == '\0')
                buf[i] = ' ';
        if (buf[n - 1] == ' ')
            buf[n - 1] = '\0';
        escape_printable((unsigned char *)buf, (int)strlen(buf));
    } else {
        escape_printable((unsigned char *)t->comm, (int)strlen(t->comm));
        snprintf(buf, CMDLINE_MAX, "[%s]%s", t->comm,
                 t->state == 'Z' ? " <defunct>" : "");
    }
    if (!buf[0])
        strcpy(buf, "?");
    return buf;
}

/* Read what pmap needs of a process: from status its thread group,
 * from stat its name, state and stack start.  0, or -1 if it is gone. */
static int find_target(int pid, struct target *t)
{
    static char buf[4096];
    char path[32];
    struct stat st;
    memset(t, 0, sizeof *t);
    t->pid = t->tgid = pid;
    snprintf(path, sizeof path, "/proc/%d", pid);
    if (read_proc(pid, "status", buf, sizeof buf) >= 0) {
        char *s = strstr(buf, "Tgid:");
        if (s)
            t->tgid = atoi(s + 5);
    }
    if (stat(path, &st) < 0 || read_proc(pid, "stat", buf, sizeof buf) < 0)
        return -1;
    char *open = strchr(buf, '('), *close = strrchr(buf, ')');
    if (!open || !close || close < open)
        return -1;
    size_t len = (size_t)(close - open - 1);
    if (len >= sizeof t->comm)
        len = sizeof t->comm - 1;
    memcpy(t->comm, open + 1, len);
    t->comm[len] = '\0';
    char *p = close + 1;
    while (*p == ' ')
        p++;
    t->state = *p ? *p++ : '?';
    for (int field = 4; field <= 28 && *p; field++) {   /* 4 is ppid */
        unsigned long v = strtoul(p, &p, 10);
        if (field == 28)
            t->start_stack = v;
    }
    t->cmdline = command_line(t);
    return 0;
}

/* ---- plain, -x and -d ------------------------------------------------- */

static unsigned shm_minor = ~0u;   /* the device minor of SysV segments */

struct maps_line {
    unsigned long start, end;
    char perms[32];
    unsigned long long offset, inode;
    unsigned major, minor;
};

/* A maps (or smaps header) line: "start-end perms offset maj:min inode". */
static void parse_maps_line(const char *line, struct maps_line *m)
{
    char *p;
    m->start = strtoul(line, &p, 16);
    if (*p == '-')
        m->end = strtoul(p + 1, &p, 16);
    while (isspace((unsigned char)*p))
        p++;
    size_t n = strcspn(p, " \t\n");
    if (n > sizeof m->perms - 1)
        n = sizeof m->perms - 1;
    if (n) {
        memcpy(m->perms, p, n);
        m->perms[n] = '\0';
    }
    p += n;
    m->offset = strtoull(p, &p, 16);
    m->major = (unsigned)strtoul(p, &p, 16);
    if (*p == ':')
        m->minor = (unsigned)strtoul(p + 1, &p, 16);
    m->inode = strtoull(p, &p, 10);
}

#define SYS_shmget 395          /* Linux i386's direct IPC calls (5.1+) */
#define SYS_shmctl 396
#define SYS_shmat  397
#define SYS_shmdt  398
#define IPC_PRIVATE_KEY 0
#define IPC_CREAT_FLAG  01000
#define IPC_RMID_CMD    0
#define SHM_RDONLY_FLAG 010000

/* Learn which device minor the kernel gives System V shared memory, as
 * procps does: attach a segment of our own and find it in our maps.
 * Where there is no System V IPC (Pagoda) nothing is ever "/SYSV". */
static void discover_shm_minor(void)
{
    long id = syscall(SYS_shmget, IPC_PRIVATE_KEY, 42, IPC_CREAT_FLAG | 0666);
    if (id < 0)
        return;
    long addr = syscall(SYS_shmat, id, 0, SHM_RDONLY_FLAG);
    FILE *f = addr < 0 && addr > -4096 ? NULL : fopen("/proc/self/maps", "r");
    char line[256];
    while (f && fgets(line, sizeof line, f)) {
        struct maps_line m = { 0 };
        parse_maps_line(line, &m);
        if (m.start <= (unsigned long)addr && !m.major && m.perms[3] == 's' &&
            strstr(line, "/SYSV")) {
            shm_minor = m.minor;
            break;
        }
    }
    if (f)
        fclose(f);
    if (!(addr < 0 && addr > -4096))
        syscall(SYS_shmdt, addr);
    syscall(SYS_shmctl, id, IPC_RMID_CMD, 0);
}

/* The Mapping column: a file's basename (its path with -p), a SysV
 * segment's id, else "  [ stack ]" for the region holding the stack
 * start and "  [ anon ]" for the rest.  `line` is the cleaned line. */
static const char *mapping_name(const struct target *t, const struct maps_line *m,
                                const char *line)
{
    static char shmbuf[64];
    if (!m->major && m->minor == shm_minor && strstr(line, "/SYSV")) {
        snprintf(shmbuf, sizeof shmbuf, "  [ shmid=0x%llx ]", m->inode);
        return shmbuf;
    }
    const char *slash = strrchr(line, '/');
    if (slash) {
        if (opt_showpath)
            return strchr(line, '/');
        return slash[1] ? slash + 1 : slash;
    }
    unsigned long diff = m->end - m->start;
    if (t->start_stack >= m->start && t->start_stack <= m->start + diff)
        return "  [ stack ]";
    return "  [ anon ]";
}

/* Left- or right-justify a heading in at least `width` columns, then a
 * space; width 0 means the last column (the line ends).  The width used. */
static int justify_print(const char *s, int width, int right)
{
    if (width < 1) {
        puts(s);
        return width;
    }
    int len = (int)strlen(s);
    if (width < len)
        width = len;
    printf(right ? "%*.*s " : "%-*.*s ", width, width, s);
    return width;
}

/* Totals of one process's rows. */
struct totals {
    unsigned long shared, private_readonly, private_writeable;
    unsigned long long rss, dirty;
};

/* The column headings of -x and -d (none for plain or with -q). */
static void print_heading(void)
{
    if (opt_q || (!opt_x && !opt_d))
        return;
    justify_print("Address", ADDR_WIDTH, 0);
    justify_print("Kbytes", 7, 1);
    if (opt_x) {
        justify_print("RSS", 7, 1);
        justify_print("Dirty", 7, 1);
        justify_print("Mode", 5, 0);
    } else {
        justify_print("Mode", 5, 0);
        justify_print("Offset", 16, 0);
        justify_print("Device", 9, 0);
    }
    justify_print("Mapping", 0, 0);
}

/* The footer: the total line of each format. */
static void print_footer(const struct totals *s)
{
    unsigned long mapped = (s->shared + s->private_writeable + s->private_readonly) >> 10;
    if (opt_q)
        return;
    if (opt_x) {
        printf("%-8.8s %7.7s %7.7s %7.7s \n", "--------", "-------", "-------",
               "-------");
        printf("%-8s %7ld %7llu %7llu\n", "total kB", (long)mapped, s->rss, s->dirty);
    } else if (opt_d) {
        printf("mapped: %ldK    writeable/private: %ldK    shared: %ldK\n",
               (long)mapped, (long)(s->private_writeable >> 10),
               (long)(s->shared >> 10));
    } else {
        printf(" total %8ldK\n", (long)mapped);
    }
}

/* Replace the newline by the end of the string and anything unprintable
 * by '?', as procps does before it looks for the mapping's name. */
static void clean_line(char *line)
{
    char *nl = strchr(line, '\n');
    if (nl)
        *nl = '\0';
    for (; *line; line++)
        if (!isprint((unsigned char)*line))
            *line = '?';
}

/* The values of the -x row being read, printed at its Swap line. */
struct x_row {
    int pending;                   /* a row to print at the Swap line */
    unsigned long start, kbytes;
    char mode[8];
    char name[LINE_MAX_BYTES];
    unsigned long long rss, dirty;
};

/* One "Key: value" line of smaps, for -x: the row's RSS and Dirty, and
 * at Swap (the last of those lines) the row itself. */
static void x_key_line(const char *line, struct x_row *row, struct totals *s)
{
    char *colon = strchr(line, ':');
    size_t len = colon ? (size_t)(colon - line) : 0;
    if (!colon || len > 20)
        return;
    char *p = colon + 1, *end;
    unsigned long long v = strtoull(p, &end, 10);
    if (end == p || !isdigit((unsigned char)*(p + strspn(p, " \t"))))
        return;
    if (len == 3 && !strncmp(line, "Rss", 3)) {
        row->rss = v;
        s->rss += v;
    } else if ((len == 12 && !strncmp(line, "Shared_Dirty", 12)) ||
               (len == 13 && !strncmp(line, "Private_Dirty", 13))) {
        row->dirty += v;
        s->dirty += v;
    } else if (len == 4 && !strncmp(line, "Swap", 4)) {
        if (row->pending)
            printf("%0*lx %*lu %*llu %*llu %*s %s\n", ADDR_WIDTH, row->start, 7,
                   row->kbytes, 7, row->rss, 7, row->dirty, 5, row->mode, row->name);
        memset(row, 0, sizeof *row);
    }
}

/* One region's line: counted in the totals, then printed in its format
 * (-x keeps it for the Swap line).  Returns 1 past -A's high end. */
static int region_line(const struct target *t, char *line, struct x_row *row,
                       struct totals *s)
{
    struct maps_line m = { 0 };
    parse_maps_line(line, &m);
    if (m.end - 1 < range_low)
        return 0;
    if (range_high < m.start)
        return 1;
    clean_line(line);
    unsigned long diff = m.end - m.start;
    if (m.perms[3] == 's')
        s->shared += diff;
    if (m.perms[3] == 'p') {
        m.perms[3] = '-';
        if (m.perms[1] == 'w')
            s->private_writeable += diff;
        else
            s->private_readonly += diff;
    }
    m.perms[4] = '-';
    m.perms[5] = '\0';
    const char *name = mapping_name(t, &m, line);
    if (opt_x) {
        row->pending = 1;
        row->start = m.start;
        row->kbytes = diff >> 10;
        strcpy(row->mode, m.perms);
        snprintf(row->name, sizeof row->name, "%s", name);
    } else if (opt_d) {
        printf("%08lx %7lu %5s %016llx %03x:%05x %s\n", m.start, diff >> 10,
               m.perms, m.offset, m.major, m.minor, name);
    } else {
        printf("%08lx %6luK %s %s\n", m.start, diff >> 10, m.perms, name);
    }
    return 0;
}

/* Plain, -x and -d: maps (smaps for -x) line by line. */
static void show_regions(const struct target *t, FILE *f)
{
    static char line[LINE_MAX_BYTES];
    struct totals s = { 0 };
    struct x_row row = { 0 };
    print_heading();
    while (fgets(line, sizeof line, f)) {
        if (line[0] >= 'A' && line[0] <= 'Z') {      /* smaps' "Key: value" */
            x_key_line(line, &row, &s);
            continue;
        }
        if (region_line(t, line, &row, &s))
            break;
    }
    print_footer(&s);
}

/* ---- -X and -XX ------------------------------------------------------- */

/* One smaps field shown as a column.  The list lives as long as pmap
 * does, so with several PIDs the totals run on (procps's way). */
struct field {
    char name[32];
    char value[21];
    unsigned long total;
    int width;
};
static struct field fields[FIELD_MAX];
static int n_fields;

/* The widths of the fixed columns, and the VmFlags of the last block. */
struct columns {
    int addr, perm, offset, dev, inode, flags, has_flags;
    char vmflags[128];
};

/* The fields -X leaves out. */
static int unimportant(const char *name)
{
    static const char *const names[] = {
        "AnonHugePages", "KernelPageSize", "MMUPageSize", "Shared_Dirty",
        "Private_Dirty", "Shared_Clean", "Private_Clean", "VmFlags" };
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

static int rc_lists(const char *name);

/* Is this column shown: -X all but the unimportant, -c (an rc file)
 * those it lists, -XX everything. */
static int shown(const char *name)
{
    if (opt_X == 1)
        return !unimportant(name);
    if (opt_c)
        return rc_lists(name);
    return 1;
}

/* Copy at most `max` leading characters of s that are in `set`; how many. */
static int take_set(const char **s, const char *set, char *out, int max)
{
    int n = 0;
    while (n < max && **s && strchr(set, **s))
        out[n++] = *(*s)++;
    out[n] = '\0';
    return n;
}

static void skip_space(const char **s)
{
    while (isspace((unsigned char)**s))
        (*s)++;
}

/* The block's first line, read as procps's sscanf reads it: start, end,
 * perms, offset, device, inode and the name (which may be empty).
 * How many of the seven were found. */
static int parse_block_line(const char *s, char *start, char *end, char *perms,
                            char *offset, char *dev, char *inode, char *desc)
{
    static const char hex[] = "0123456789abcdef";
    desc[0] = '\0';
    if (!take_set(&s, hex, start, 20))
        return 0;
    if (*s++ != '-' || !take_set(&s, hex, end, 20))
        return 1;
    skip_space(&s);
    size_t n = strcspn(s, " \t\n\v\f\r");
    if (n == 0)
        return 2;
    if (n > 31)
        n = 31;
    memcpy(perms, s, n);
    perms[n] = '\0';
    s += n;
    skip_space(&s);
    if (!take_set(&s, hex, offset, 20))
        return 3;
    skip_space(&s);
    if (!take_set(&s, "0123456789abcdef:", dev, 63))
        return 4;
    skip_space(&s);
    n = strcspn(s, " \t\n\v\f\r");
    if (n == 0)
        return 5;
    if (n > 20)
        n = 20;
    memcpy(inode, s, n);
    inode[n] = '\0';
    s += n;
    skip_space(&s);
    n = strcspn(s, "\n");
    if (n == 0)
        return 6;
    if (n > 127)
        n = 127;
    memcpy(desc, s, n);
    desc[n] = '\0';
    return 7;
}

/* "Name:   N kB" as procps reads it: 2 when it is a field (also a bare
 * number, like THPeligible's), anything else when it is not. */
static int parse_detail(const char *s, char *name, char *value)
{
    size_t n = strcspn(s, ":");
    if (n == 0)
        return 0;
    if (n > 31 || !s[n])
        return 1;
    memcpy(name, s, n);
    name[n] = '\0';
    s += n + 1;
    skip_space(&s);
    if (!take_set(&s, "0123456789", value, 20))
        return 1;
    skip_space(&s);
    if (s[0] != 'k' || s[1] != 'B')
        return 2;
    s += 2;
    skip_space(&s);
    return *s ? 3 : 2;
}

/* "VmFlags: rd wr mr ..." into c->vmflags, less one trailing space. */
static int parse_vmflags(const char *s, struct columns *c)
{
    if (strncmp(s, "VmFlags:", 8) != 0)
        return 0;
    s += 8;
    skip_space(&s);
    char flags[128];
    int len = take_set(&s, "abcdefghijklmnopqrstuvwxyz ", flags, 127);
    if (!len)
        return 0;
    if (flags[len - 1] == ' ')
        flags[--len] = '\0';
    strcpy(c->vmflags, flags);
    if (len > c->flags)
        c->flags = len;
    c->has_flags = 1;
    return 1;
}

static int integer_width(unsigned long n)
{
    int w = n == 0;
    for (; n; n /= 10)
        w++;
    return w;
}

static void widen(int *width, const char *s)
{
    if ((int)strlen(s) > *width)
        *width = (int)strlen(s);
}

/* A field's value in this block: the column is made by the first
 * block that has it; while measuring, the value counts in the total
 * (and, with -q, in the width, since no heading sets it). */
static void take_field(int i, const char *name, const char *value,
                       int measuring, const char *line)
{
    if (i == n_fields) {
        if (!measuring || n_fields == FIELD_MAX)
            errx_pmap("ERROR: inconsistent detail field in smaps file, line:\n %s", line);
        snprintf(fields[i].name, sizeof fields[i].name, "%s", name);
        fields[i].width = opt_q ? 0 : (int)strlen(name);
        n_fields++;
    } else if (strcmp(fields[i].name, name) != 0) {
        errx_pmap("ERROR: inconsistent detail field in smaps file, line:\n %s", line);
    }
    strcpy(fields[i].value, value);
    if (measuring) {
        fields[i].total += strtoul(value, NULL, 10);
        if (opt_q)
            widen(&fields[i].width, value);
    }
}

/* The first line of an smaps block, split up. */
struct block {
    char start[21], end[21], perms[32], offset[21], dev[64], inode[21];
    char desc[128];
};

/* The headings of -X, once, above the first row. */
static void print_extended_heading(struct columns *c)
{
    c->addr = justify_print("Address", c->addr, 1);
    if (shown("Perm"))
        c->perm = justify_print("Perm", c->perm, 1);
    if (shown("Offset"))
        c->offset = justify_print("Offset", c->offset, 1);
    if (shown("Device"))
        c->dev = justify_print("Device", c->dev, 1);
    if (shown("Inode"))
        c->inode = justify_print("Inode", c->inode, 1);
    for (int i = 0; i < n_fields; i++)
        justify_print(fields[i].name, fields[i].width, 1);
    if (c->has_flags && shown("VmFlags"))
        c->flags = justify_print("VmFlags", c->flags, 1);
    if (shown("Mapping"))
        justify_print("Mapping", 0, 0);
    else
        putchar('\n');
}

/* One -X row. */
static void print_extended_row(const struct block *b, const struct columns *c)
{
    printf("%*s", c->addr, b->start);
    if (shown("Perm"))
        printf(" %*s", c->perm, b->perms);
    if (shown("Offset"))
        printf(" %*s", c->offset, b->offset);
    if (shown("Device"))
        printf(" %*s", c->dev, b->dev);
    if (shown("Inode"))
        printf(" %*s", c->inode, b->inode);
    for (int i = 0; i < n_fields; i++)
        printf(" %*s", fields[i].width, fields[i].value);
    if (c->has_flags && shown("VmFlags"))
        printf(" %*s", c->flags, c->vmflags);
    const char *base = strrchr(b->desc, '/');
    if (shown("Mapping"))
        printf(" %s", opt_showpath || !base ? b->desc : base + 1);
    putchar('\n');
}

/* The two lines under -X's columns: "=====" and the totals. */
static void print_extended_footer(const struct columns *c)
{
    if (opt_q || n_fields == 0)
        return;
    int gap = c->addr + 1;
    gap += shown("Perm") ? c->perm + 1 : 0;
    gap += shown("Offset") ? c->offset + 1 : 0;
    gap += shown("Device") ? c->dev + 1 : 0;
    gap += shown("Inode") ? c->inode + 1 : 0;
    printf("%*s", gap, "");
    for (int i = 0; i < n_fields; i++) {
        for (int k = 0; k < fields[i].width; k++)
            putchar('=');
        putchar(' ');
    }
    printf("\n%*s", gap, "");
    for (int i = 0; i < n_fields; i++)
        printf("%*lu ", fields[i].width, fields[i].total);
    fputs("KB \n", stdout);
}

/* Read a block's first line and drop the rest of one too long for the
 * buffer; 0 at the end of the file. */
static int read_block_line(const char *line, FILE *f, struct block *b,
                           struct columns *c)
{
    if (parse_block_line(line, b->start, b->end, b->perms, b->offset, b->dev,
                         b->inode, b->desc) < 6)
        errx_pmap("Unknown format in smaps file!");
    char rest[LINE_MAX_BYTES];
    const char *last = line;
    while (last[0] && last[strlen(last) - 1] != '\n') {
        if (!fgets(rest, sizeof rest, f) || !rest[0])
            errx_pmap("Unknown format in smaps file!");
        last = rest;
    }
    widen(&c->addr, b->start);
    widen(&c->perm, b->perms);
    widen(&c->offset, b->offset);
    widen(&c->dev, b->dev);
    widen(&c->inode, b->inode);
    return 1;
}

/* -X and -XX: smaps read twice, to measure the columns, then to print. */
static void show_extended(FILE *f)
{
    static char line[LINE_MAX_BYTES];
    struct columns c = { 0 };
    struct block b;
    int printing = 0, first = 1;
    char *more = fgets(line, sizeof line, f);
    while (more) {
        read_block_line(line, f, &b, &c);
        more = fgets(line, sizeof line, f);
        char name[32], value[21];
        for (int i = 0; more && parse_detail(line, name, value) == 2;
             more = fgets(line, sizeof line, f))
            if (shown(name))
                take_field(i++, name, value, !printing, line);
        if (more && parse_vmflags(line, &c))
            more = fgets(line, sizeof line, f);
        if (printing) {
            if (first && !opt_q)
                print_extended_heading(&c);
            first = 0;
            print_extended_row(&b, &c);
        } else if (!more) {                  /* measured: now print */
            printing = 1;
            rewind(f);
            more = fgets(line, sizeof line, f);
            for (int i = 0; i < n_fields && !opt_q; i++)
                if (integer_width(fields[i].total) > fields[i].width)
                    fields[i].width = integer_width(fields[i].total);
        }
    }
    print_extended_footer(&c);
}

/* ---- the rc file (-c, -C, -n, -N) -------------------------------------- */

#define RC_LINE_MAX 1024
#define RC_NAMES_MAX 256
#define SECTION_NONE        0
#define SECTION_UNSUPPORTED 1
#define SECTION_FIELDS      2
#define SECTION_MAPPING     3

static char *rc_names[RC_NAMES_MAX];   /* [Fields Display]'s entries */
static int n_rc_names;

/* Does the rc file's [Fields Display] list this column? */
static int rc_lists(const char *name)
{
    for (int i = 0; i < n_rc_names; i++)
        if (strcmp(rc_names[i], name) == 0)
            return 1;
    return 0;
}

/* A word of a section's line: the entry, and a warning if more follows
 * that is not a comment. */
static const char *rc_entry(char *text, int line_no)
{
    char *token = strtok(text, " \t");
    if (!token)
        return NULL;
    char *tail = strtok(NULL, " \t");
    if (tail && *tail != '#')
        warnx_pmap("syntax error found in the config - line %d", line_no);
    return token;
}

/* A "[Section]" line: the new section; *text moves past it. */
static int rc_section(char **text, int section, int line_no)
{
    char *t = *text;
    if (!strncmp(t, "[Fields Display]", 16)) {
        t += 16;
        section = SECTION_FIELDS;
    } else if (!strncmp(t, "[Mapping]", 9)) {
        t += 9;
        section = SECTION_MAPPING;
    } else {
        while (*t != ']' && *t)
            t++;
        if (*t == ']') {
            section = SECTION_UNSUPPORTED;
            warnx_pmap("unsupported section found in the config - line %d", line_no);
            t++;
        } else {
            warnx_pmap("syntax error found in the config - line %d", line_no);
        }
    }
    while (*t == ' ' || *t == '\t')
        t++;
    if (*t && *t != '#')
        warnx_pmap("syntax error found in the config - line %d", line_no);
    *text = t;
    return section;
}

/* One line's entry in the current section. */
static void rc_line(char *text, int section, int line_no)
{
    const char *entry;
    switch (section) {
    case SECTION_FIELDS:
        if ((entry = rc_entry(text, line_no)) && n_rc_names < RC_NAMES_MAX)
            rc_names[n_rc_names++] = strdup(entry);
        break;
    case SECTION_MAPPING:
        if ((entry = rc_entry(text, line_no)) && !strcmp(entry, "ShowPath"))
            opt_showpath = !opt_showpath;
        break;
    case SECTION_UNSUPPORTED:
        break;
    default:
        warnx_pmap("syntax error found in the config - line %d", line_no);
    }
}

/* Read an rc file: which columns -c shows, and ShowPath.  0 if it
 * cannot be opened. */
static int rc_read(const char *path)
{
    char line[RC_LINE_MAX + 1], rest[RC_LINE_MAX + 1];
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int line_no = 0, section = SECTION_NONE;
    while (fgets(line, sizeof line, f)) {
        size_t len = strlen(line);
        line_no++;
        if (len > 0 && line[len - 1] == '\n') {
            line[len - 1] = '\0';
        } else if (len == RC_LINE_MAX) {
            warnx_pmap("config line too long - line %d", line_no);
            while (fgets(rest, sizeof rest, f) && (len = strlen(rest)) > 0 &&
                   rest[len - 1] != '\n')
                ;
        }
        char *text = line;
        while (*text == ' ' || *text == '\t')
            text++;
        if (*text == '#' || *text == '\0')
            continue;
        if (*text == '[') {
            section = rc_section(&text, section, line_no);
            if (*text == '#' || *text == '\0')
                continue;
        }
        rc_line(text, section, line_no);
    }
    fclose(f);
    return 1;
}

/* Write the rc template (every entry commented out); 0 if the file
 * exists already or cannot be written. */
static int rc_create(const char *path)
{
    static const char *const entries[] = {
        "Perm", "Offset", "Device", "Inode", "Size", "Rss", "Pss",
        "Shared_Clean", "Shared_Dirty", "Private_Clean", "Private_Dirty",
        "Referenced", "Anonymous", "AnonHugePages", "Swap", "KernelPageSize",
        "MMUPageSize", "Locked", "VmFlags", "Mapping" };
    if (!path)
        return 0;
    FILE *f = fopen(path, "r");
    if (f) {
        fclose(f);
        warnx_pmap("the file already exists - delete or rename it first");
        return 0;
    }
    if (!(f = fopen(path, "w")))
        return 0;
    fputs("# pmap's Config File\n\n# All the entries are case sensitive.\n"
          "# Unsupported entries are ignored!\n\n[Fields Display]\n\n"
          "# To enable a field uncomment its entry\n\n", f);
    for (unsigned i = 0; i < sizeof entries / sizeof entries[0]; i++)
        fprintf(f, "#%s\n", entries[i]);
    fputs("\n\n[Mapping]\n\n"
          "# to show paths in the mapping column uncomment the following line\n"
          "#ShowPath\n\n", f);
    fclose(f);
    return 1;
}

/* ~/.NAMErc, NAME being how pmap was called; NULL without $HOME. */
static char *default_rc_path(void)
{
    const char *home = getenv("HOME");
    if (!home) {
        warnx_pmap("HOME variable undefined");
        return NULL;
    }
    const char *name = strrchr(progname, '/') ? strrchr(progname, '/') + 1 : progname;
    size_t len = strlen(home) + strlen(name) + 8;
    char *path = malloc(len);
    if (!path) {
        warnx_pmap("memory allocation failed");
        return NULL;
    }
    snprintf(path, len, "%s/.%src", home, name);
    return path;
}

/* -n and -N: write the template and stop. */
static void rc_create_and_exit(void)
{
    const char *name = strrchr(progname, '/') ? strrchr(progname, '/') + 1 : progname;
    if (opt_N) {
        if (!rc_create(rc_path))
            errx_pmap("couldn't create the rc file");
        warnx_pmap("rc file successfully created, feel free to edit the content");
        exit(0);
    }
    char *path = default_rc_path();
    if (!path)
        exit(1);
    int ok = rc_create(path);
    free(path);
    if (!ok)
        errx_pmap("couldn't create ~/.%src", name);
    warnx_pmap("~/.%src file successfully created, feel free to edit the content", name);
    exit(0);
}

/* -c and -C: read the rc file or stop. */
static void rc_load(void)
{
    const char *name = strrchr(progname, '/') ? strrchr(progname, '/') + 1 : progname;
    if (opt_C)
        opt_c = 1;
    if (!opt_c)
        return;
    char *path = opt_C ? (char *)rc_path : default_rc_path();
    if (!path)
        exit(1);
    if (!rc_read(path)) {
        if (opt_C)
            errx_pmap("couldn't read the rc file");
        warnx_pmap("couldn't read ~/.%src", name);
        exit(1);
    }
}

/* ---- main ------------------------------------------------------------- */

/* One process's report: 1 if its maps (smaps) cannot be read. */
static int one_proc(const struct target *t)
{
    char path[40];
    printf("%u:   %s\n", (unsigned)t->tgid, t->cmdline);
    snprintf(path, sizeof path, "/proc/%u/%s", (unsigned)t->tgid,
             opt_x || opt_X || opt_c ? "smaps" : "maps");
    FILE *f = fopen(path, "r");
    if (!f)
        return 1;
    if (opt_X || opt_c)
        show_extended(f);
    else
        show_regions(t, f);
    fclose(f);
    return 0;
}

/* A PID argument ("123" or "/proc/123"): the pid, 0 to skip the word
 * ("/proc/self"), or usage() for anything else. */
static unsigned long pid_argument(const char *word)
{
    if (strncmp(word, "/proc/", 6) == 0) {
        word += 6;
        if (*word < '0' || *word > '9')
            return 0;
    }
    if (*word < '0' || *word > '9')
        usage(stderr);
    char *end;
    unsigned long pid = strtoul(word, &end, 0);
    if (pid < 1 || pid > 0x7ffffffful || *end)
        usage(stderr);
    return pid;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        usage(stderr);
    int n = parse_options(argc, argv);
    if (opt_c + opt_C + opt_d + opt_n + opt_N + opt_x + !!opt_X > 1)
        errx_pmap("options -c, -C, -d, -n, -N, -x, -X are mutually exclusive");
    if ((opt_n || opt_N) && (opt_q || opt_showpath))
        errx_pmap("options -p, -q are mutually exclusive with -n, -N");
    if ((opt_n || opt_N) && n > 0)
        errx_pmap("too many arguments");
    if (opt_n || opt_N)
        rc_create_and_exit();
    if (n < 1)
        errx_pmap("argument missing");
    rc_load();
    int wanted = 0, *pids = malloc(sizeof(int) * (size_t)n);
    if (!pids)
        errx_pmap("ERROR: memory allocation failed");
    for (int i = 0; i < n; i++) {
        unsigned long pid = pid_argument(argv[i]);
        if (pid)
            pids[wanted++] = (int)pid;
    }
    if (wanted == 0)
        errx_pmap("library failed pids statistics");
    discover_shm_minor();
    int status = 0, found = 0;
    for (int i = 0; i < wanted; i++) {
        struct target t;
        if (find_target(pids[i], &t) < 0)
            continue;
        found++;
        status |= one_proc(&t);
        free(t.cmdline);
    }
    if (found < wanted)
        status |= 42;
    fflush(stdout);
    return status;
}
