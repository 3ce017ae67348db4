/*
 * sleep - wait for a while.
 *
 *   sleep SECONDS       SECONDS may have a fraction: sleep 0.25
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>

/* Parse "12", "0.5" or ".25" into a timespec; -1 if it is not a
 * non-negative decimal number. */
static int parse_seconds(const char *s, struct timespec *ts)
{
    long sec = 0, nsec = 0, scale = 100000000;
    int digits = 0;
    for (; *s >= '0' && *s <= '9'; s++, digits++) {
        if (sec > 100000000)
            return -1;                   /* over three years: refuse */
        sec = sec * 10 + (*s - '0');
    }
    if (*s == '.') {
        for (s++; *s >= '0' && *s <= '9'; s++, digits++) {
            nsec += (*s - '0') * scale;
            scale /= 10;
        }
    }
    if (*s != '\0' || digits == 0)
        return -1;
    ts->tv_sec = sec;
    ts->tv_nsec = nsec;
    return 0;
}

/* Sleep, carrying on after interruptions by signal handlers. */
int main(int argc, char **argv)
{
    struct timespec ts;
    if (argc != 2) {
        fprintf(stderr, "usage: sleep SECONDS\n");
        return 1;
    }
    if (parse_seconds(argv[1], &ts) < 0) {
        fprintf(stderr, "sleep: invalid time interval '%s'\n", argv[1]);
        return 1;
    }
    while (nanosleep(&ts, &ts) < 0) {
        if (errno != EINTR) {
            perror("sleep");
            return 1;
        }
    }
    return 0;
}
