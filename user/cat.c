/*
 * cat - copy files (or standard input) to standard output.
 *
 *   cat [FILE...]       "-" or no FILE means standard input
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Copy everything from fd to standard output.  Returns 0, or -1 after
 * printing an error about name. */
static int copy(int fd, const char *name)
{
    char buf[4096];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
            return -1;
        }
        if (n == 0)
            return 0;
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(1, buf + done, n - done);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                fprintf(stderr, "cat: write error: %s\n", strerror(errno));
                return -1;
            }
            done += w;
        }
    }
}

/* Copy each file in turn; a file that cannot be read is reported and
 * skipped, and makes the exit status 1. */
int main(int argc, char **argv)
{
    int status = 0;
    if (argc == 1)
        return copy(0, "-") < 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0) {
            if (copy(0, "-") < 0)
                status = 1;
            continue;
        }
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (copy(fd, argv[i]) < 0)
            status = 1;
        close(fd);
    }
    return status;
}
