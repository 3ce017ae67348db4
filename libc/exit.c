/*
 * libc/exit.c - ending the program: atexit, exit, _exit, _Exit, abort.
 */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "libc/libc.h"

#define ATEXIT_MAX 32            /* POSIX requires at least 32 */

static void (*handlers[ATEXIT_MAX])(void);
static int nhandlers;

/* Register fn to be called by exit(), latest first. */
int atexit(void (*fn)(void))
{
    if (nhandlers == ATEXIT_MAX)
        return -1;
    handlers[nhandlers++] = fn;
    return 0;
}

/* End the process at once, without atexit handlers or stdio flushing.
 * exit_group ends every thread; the parent sees status & 0xff. */
void _exit(int status)
{
    for (;;)
        sys1(SYS_exit_group, status);
}

/* The C99 name for _exit. */
void _Exit(int status)
{
    _exit(status);
}

/* The normal way to end: run the atexit handlers in reverse order of
 * registration, flush every stdio stream, then end the process. */
void exit(int status)
{
    while (nhandlers > 0)
        handlers[--nhandlers]();    /* pop first: a handler may call exit */
    __stdio_flush_all();
    _exit(status);
}

/* End abnormally with SIGABRT, even if the program catches or blocks it:
 * a handler that returns is replaced by the default action. */
void abort(void)
{
    sigset_t set = 0;
    sigaddset(&set, SIGABRT);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(SIGABRT);
    signal(SIGABRT, SIG_DFL);       /* a handler returned: try again */
    raise(SIGABRT);
    _exit(127);                     /* only if SIGABRT could not kill us */
}
