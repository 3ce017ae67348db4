/*
 * libc/signame.c - names and descriptions of signals: strsignal,
 * sig2str, str2sig.  The descriptions are glibc's, so programs print the
 * same messages as on Linux ("Segmentation fault", "Killed").
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;            /* without the "SIG" prefix */
    const char *text;            /* what strsignal says */
} signals[32] = {
    [SIGHUP]    = { "HUP",    "Hangup" },
    [SIGINT]    = { "INT",    "Interrupt" },
    [SIGQUIT]   = { "QUIT",   "Quit" },
    [SIGILL]    = { "ILL",    "Illegal instruction" },
    [SIGTRAP]   = { "TRAP",   "Trace/breakpoint trap" },
    [SIGABRT]   = { "ABRT",   "Aborted" },
    [SIGBUS]    = { "BUS",    "Bus error" },
    [SIGFPE]    = { "FPE",    "Floating point exception" },
    [SIGKILL]   = { "KILL",   "Killed" },
    [SIGUSR1]   = { "USR1",   "User defined signal 1" },
    [SIGSEGV]   = { "SEGV",   "Segmentation fault" },
    [SIGUSR2]   = { "USR2",   "User defined signal 2" },
    [SIGPIPE]   = { "PIPE",   "Broken pipe" },
    [SIGALRM]   = { "ALRM",   "Alarm clock" },
    [SIGTERM]   = { "TERM",   "Terminated" },
    [SIGSTKFLT] = { "STKFLT", "Stack fault" },
    [SIGCHLD]   = { "CHLD",   "Child exited" },
    [SIGCONT]   = { "CONT",   "Continued" },
    [SIGSTOP]   = { "STOP",   "Stopped (signal)" },
    [SIGTSTP]   = { "TSTP",   "Stopped" },
    [SIGTTIN]   = { "TTIN",   "Stopped (tty input)" },
    [SIGTTOU]   = { "TTOU",   "Stopped (tty output)" },
    [SIGURG]    = { "URG",    "Urgent I/O condition" },
    [SIGXCPU]   = { "XCPU",   "CPU time limit exceeded" },
    [SIGXFSZ]   = { "XFSZ",   "File size limit exceeded" },
    [SIGVTALRM] = { "VTALRM", "Virtual timer expired" },
    [SIGPROF]   = { "PROF",   "Profiling timer expired" },
    [SIGWINCH]  = { "WINCH",  "Window changed" },
    [SIGIO]     = { "IO",     "I/O possible" },
    [SIGPWR]    = { "PWR",    "Power failure" },
    [SIGSYS]    = { "SYS",    "Bad system call" },
};

/* A description of sig.  Unknown and real-time signals are described in
 * a static buffer that the next call overwrites. */
char *strsignal(int sig)
{
    static char buf[40];
    if (sig > 0 && sig < 32)
        return (char *)signals[sig].text;
    if (sig >= SIGRTMIN && sig <= SIGRTMAX)
        snprintf(buf, sizeof(buf), "Real-time signal %d", sig - SIGRTMIN);
    else
        snprintf(buf, sizeof(buf), "Unknown signal %d", sig);
    return buf;
}

/* Write sig's name without "SIG" ("TERM", "RTMIN+2", "RTMAX") into name,
 * which has room for SIG2STR_MAX bytes. */
int sig2str(int sig, char *name)
{
    if (sig > 0 && sig < 32) {
        strcpy(name, signals[sig].name);
    } else if (sig == SIGRTMIN) {
        strcpy(name, "RTMIN");
    } else if (sig == SIGRTMAX) {
        strcpy(name, "RTMAX");
    } else if (sig > SIGRTMIN && sig <= (SIGRTMIN + SIGRTMAX) / 2) {
        snprintf(name, SIG2STR_MAX, "RTMIN+%d", sig - SIGRTMIN);
    } else if (sig > (SIGRTMIN + SIGRTMAX) / 2 && sig < SIGRTMAX) {
        snprintf(name, SIG2STR_MAX, "RTMAX-%d", SIGRTMAX - sig);
    } else {
        return -1;
    }
    return 0;
}

/* Parse a decimal number 0..NSIG-1 that is the whole string; -1 if not. */
static int parse_small(const char *s)
{
    if (*s == '\0')
        return -1;
    int n = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || n >= NSIG)
            return -1;
        n = n * 10 + (*s - '0');
    }
    return n < NSIG ? n : -1;
}

/* The reverse of sig2str: a name without "SIG", RTMIN+n / RTMAX-n, or a
 * plain number.  Stores the signal number in *sig. */
int str2sig(const char *name, int *sig)
{
    for (int i = 1; i < 32; i++) {
        if (strcmp(name, signals[i].name) == 0) {
            *sig = i;
            return 0;
        }
    }
    int n = -1;
    if (strcmp(name, "RTMIN") == 0)
        n = SIGRTMIN;
    else if (strcmp(name, "RTMAX") == 0)
        n = SIGRTMAX;
    else if (strncmp(name, "RTMIN+", 6) == 0 && parse_small(name + 6) >= 0)
        n = SIGRTMIN + parse_small(name + 6);
    else if (strncmp(name, "RTMAX-", 6) == 0 && parse_small(name + 6) >= 0)
        n = SIGRTMAX - parse_small(name + 6);
    else
        n = parse_small(name);
    if (n < 0 || n > SIGRTMAX || (n >= 32 && n < SIGRTMIN))
        return -1;
    *sig = n;
    return 0;
}
