/*
 * kill - send a signal to processes.
 *
 *   kill [-SIGNAL | -s SIGNAL] PID...   SIGNAL is a name (TERM, SIGTERM,
 *                                       term) or a number; default TERM
 *   kill -l                             list the signal names
 *
 * A negative PID means a process group (use "--" before it: kill -- -5).
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Translate a signal given as a name or number; -1 if unknown. */
static int parse_signal(const char *s)
{
    char name[SIG2STR_MAX];
    size_t n = 0;
    if (strncasecmp(s, "SIG", 3) == 0)
        s += 3;
    for (; s[n] && n < sizeof(name) - 1; n++)
        name[n] = (char)toupper((unsigned char)s[n]);
    name[n] = '\0';
    int sig;
    if (s[n] != '\0' || str2sig(name, &sig) < 0)
        return -1;
    return sig;
}

/* Print the signal names, several to a line, as "kill -l" does. */
static void list_signals(void)
{
    char name[SIG2STR_MAX];
    int col = 0;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig2str(sig, name) < 0)
            continue;
        if (++col % 5 == 0 || sig == NSIG - 1)   /* the end of a line */
            printf("%2d) SIG%s\n", sig, name);
        else
            printf("%2d) SIG%-9s ", sig, name);
    }
}

/* Parse the options, then signal each PID in turn. */
int main(int argc, char **argv)
{
    int sig = SIGTERM, i = 1, status = 0;
    if (i < argc && strcmp(argv[i], "-l") == 0) {
        if (i + 1 < argc) {                     /* kill -l 9: the name */
            char name[SIG2STR_MAX];
            int n = atoi(argv[i + 1]);
            if (n > 128)
                n -= 128;                        /* an exit status like 137 */
            if (sig2str(n, name) < 0) {
                fprintf(stderr, "kill: unknown signal: %s\n", argv[i + 1]);
                return 1;
            }
            printf("%s\n", name);
            return 0;
        }
        list_signals();
        return 0;
    }
    if (i < argc && strcmp(argv[i], "-s") == 0) {
        if (i + 1 >= argc || (sig = parse_signal(argv[i + 1])) < 0) {
            fprintf(stderr, "kill: unknown signal: %s\n", i + 1 < argc ? argv[i + 1] : "");
            return 1;
        }
        i += 2;
    } else if (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0) {
        if ((sig = parse_signal(argv[i] + 1)) < 0) {
            fprintf(stderr, "kill: unknown signal: %s\n", argv[i] + 1);
            return 1;
        }
        i++;
    }
    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    if (i == argc) {
        fprintf(stderr, "usage: kill [-SIGNAL | -s SIGNAL] PID... | kill -l\n");
        return 1;
    }
    for (; i < argc; i++) {
        char *end;
        errno = 0;
        long pid = strtol(argv[i], &end, 10);
        if (*end || end == argv[i] || errno) {
            fprintf(stderr, "kill: %s: arguments must be process ids\n", argv[i]);
            status = 1;
            continue;
        }
        if (kill((pid_t)pid, sig) < 0) {
            fprintf(stderr, "kill: (%ld): %s\n", pid, strerror(errno));
            status = 1;
        }
    }
    return status;
}
