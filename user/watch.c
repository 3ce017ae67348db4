/*
 * watch - run a command again and again, full screen, as procps-ng
 * 4.0.2's watch(1):
 *
 *   Every 5.0s: pmap -x 12 | tail -1            pagoda: Thu Dec  3 16:00:05 2026
 *
 *   12:   /bin/leakdemo
 *   total kB            2436     412     120
 *
 * The header is procps's: "Every N.Ns: CMD" on the left, "HOST: DATE" on
 * the right edge of the terminal (its width from TIOCGWINSZ, 80 if
 * unknown; the command is cut with "... " when it does not fit).  The
 * command runs through `sh -c` (or directly with -x), its output and
 * errors clipped to the screen.  Options: -n SECS (at least 0.1), -t (no
 * header), -x (exec, no shell), -e (stop when the command fails).  Ctrl-C
 * (SIGINT), SIGTERM and SIGHUP end it, showing the cursor again.  There
 * are no curses here: the screen is cleared and redrawn with the VT100
 * sequences every terminal (and QEMU's serial console) understands.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CLEAR_SCREEN   "\033[H\033[2J"   /* cursor home, erase the display */
#define SHOW_CURSOR    "\033[?25h"
#define HIDE_CURSOR    "\033[?25l"

static int width = 80, height = 24;

/* Put the terminal back as we found it and leave. */
static void die(int sig)
{
    (void)sig;
    static const char restore[] = SHOW_CURSOR "\n";
    write(STDOUT_FILENO, restore, sizeof(restore) - 1);
    _exit(0);
}

/* The terminal's size, or 80x24. */
static void terminal_size(void)
{
    struct winsize w;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0 && w.ws_row > 0) {
        width = w.ws_col;
        height = w.ws_row;
    }
}

/* The header line, laid out by procps's rules (output_header). */
static void header(const char *command, long tenths)
{
    char left[64], right[128], date[64];
    struct utsname u;
    if (uname(&u) < 0)
        strcpy(u.nodename, "?");
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(date, sizeof(date), "%a %b %e %H:%M:%S %Y\n", &tm);    /* ctime's form */
    int hlen = snprintf(left, sizeof(left), "Every %ld.%lds: ", tenths / 10, tenths % 10);
    int rhlen = snprintf(right, sizeof(right), "%s: %s", u.nodename, date);
    if (width < rhlen)
        return;
    char line[1024];
    int w = width < (int)sizeof(line) - 1 ? width : (int)sizeof(line) - 1;
    memset(line, ' ', w);
    line[w] = '\0';
    if (rhlen + hlen + 1 <= w) {
        memcpy(line, left, hlen);
        if (rhlen + hlen + 2 <= w) {
            int clen = strlen(command);
            if (w < rhlen + hlen + 4)
                memcpy(line + w - rhlen - 4, "... ", 4);
            else if (w < rhlen + hlen + clen) {
                memcpy(line + hlen, command, w - rhlen - hlen - 4);
                memcpy(line + w - rhlen - 4, "... ", 4);
            } else
                memcpy(line + hlen, command, clen < w - rhlen - hlen ? clen : w - rhlen - hlen);
        }
    }
    /* The right part ends with ctime's newline, so it finishes in the
     * last column: procps puts it at width - rhlen + 1. */
    memcpy(line + w - rhlen + 1, right, rhlen - 1);
    int end = w;
    while (end > 0 && line[end - 1] == ' ')
        end--;
    printf("%.*s\n", end, line);
}

/* Run the command with its output on a pipe; copy what fits on the
 * screen (rows first_row.., each cut at the width).  Returns its status. */
static int run(char **argv, const char *command, int exec_direct, int first_row)
{
    int fds[2];
    if (pipe(fds) < 0)
        return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        close(fds[1]);
        if (exec_direct)
            execvp(argv[0], argv);
        else
        {
            char *sh[] = { "sh", "-c", (char *)command, NULL };
            execv("/bin/sh", sh);
        }
        fprintf(stderr, "watch: could not run %s\n", exec_direct ? argv[0] : "/bin/sh");
        _exit(127);
    }
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        return -1;
    }
    char buf[512];
    int row = first_row, col = 0;
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof(buf))) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            char c = buf[i];
            if (row >= height)
                continue;                 /* below the screen: dropped */
            if (c == '\n') {
                putchar('\n');
                row++, col = 0;
            } else if (col < width) {
                putchar(c == '\t' ? ' ' : c);
                col++;
            }
        }
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    fflush(stdout);
    return status;
}

/* SECS ("2", "0.5") in tenths and microseconds; at least 0.1 s. */
static void parse_interval(const char *s, long *tenths, long *usec)
{
    long whole = 0, frac = 0, scale = 1000000;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++)
        whole = whole * 10 + (*p - '0');
    if (*p == '.' || *p == ',')
        for (p++; *p >= '0' && *p <= '9'; p++)
            if (scale > 1) {
                scale /= 10;
                frac += (*p - '0') * scale;
            }
    if (*p || p == s || whole > 4000) {
        fprintf(stderr, "watch: failed to parse argument: '%s'\n", s);
        exit(1);
    }
    *usec = whole * 1000000 + frac;
    if (*usec < 100000)
        *usec = 100000;
    *tenths = (*usec + 50000) / 100000;
}

static void usage(FILE *out)
{
    fputs("\nUsage:\n watch [options] command\n\nOptions:\n"
          "  -e, --errexit          exit if command has a non-zero exit\n"
          "  -n, --interval <secs>  seconds to wait between updates\n"
          "  -t, --no-title         turn off header\n"
          "  -x, --exec             pass command to exec instead of \"sh -c\"\n\n"
          " -h, --help     display this help and exit\n", out);
    exit(out == stderr ? 1 : 0);
}

int main(int argc, char **argv)
{
    long tenths = 20, usec = 2000000;
    int title = 1, exec_direct = 0, errexit = 0, i;
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (!strcmp(a, "-n") || !strcmp(a, "--interval")) {
            if (++i >= argc)
                usage(stderr);
            parse_interval(argv[i], &tenths, &usec);
        } else if (!strncmp(a, "-n", 2))
            parse_interval(a + 2, &tenths, &usec);
        else if (!strncmp(a, "--interval=", 11))
            parse_interval(a + 11, &tenths, &usec);
        else if (!strcmp(a, "-t") || !strcmp(a, "--no-title"))
            title = 0;
        else if (!strcmp(a, "-x") || !strcmp(a, "--exec"))
            exec_direct = 1;
        else if (!strcmp(a, "-e") || !strcmp(a, "--errexit"))
            errexit = 1;
        else if (!strcmp(a, "-h") || !strcmp(a, "--help"))
            usage(stdout);
        else
            usage(stderr);
    }
    if (i >= argc)
        usage(stderr);
    /* The command as one string, its words joined by spaces. */
    static char command[4096];
    for (int j = i; j < argc; j++) {
        if (j > i)
            strncat(command, " ", sizeof(command) - strlen(command) - 1);
        strncat(command, argv[j], sizeof(command) - strlen(command) - 1);
    }
    signal(SIGINT, die);
    signal(SIGTERM, die);
    signal(SIGHUP, die);
    terminal_size();
    for (;;) {
        printf(HIDE_CURSOR CLEAR_SCREEN);
        if (title) {
            header(command, tenths);
            printf("\n");
        }
        int status = run(argv + i, command, exec_direct, title ? 2 : 0);
        if (errexit && status != 0) {
            printf(SHOW_CURSOR "\ncommand exit with a non-zero status, press a key to exit\n");
            fflush(stdout);
            char c;
            read(STDIN_FILENO, &c, 1);
            return 1;
        }
        usleep(usec);
    }
}
