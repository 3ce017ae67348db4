/*
 * ps - list processes.
 *
 * Pagoda has no /proc listing yet, so ps asks the kernel about every
 * possible pid with kill(pid, 0), which succeeds (or fails with EPERM)
 * exactly when the process exists.  The name comes from
 * /proc/PID/comm when that file exists, else it is shown as "?".
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#define PID_MAX 32767

/* Read the process's name into name (size bytes); "?" if unknown. */
static void process_name(int pid, char *name, size_t size)
{
    char path[32];
    snprintf(path, sizeof(path), "/proc/%d/comm", pid);
    int fd = open(path, O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, name, size - 1) : -1;
    if (fd >= 0)
        close(fd);
    if (n <= 0) {
        snprintf(name, size, "?");
        return;
    }
    name[n] = '\0';
    if (name[n - 1] == '\n')
        name[n - 1] = '\0';
}

/* Print one line per live process. */
int main(void)
{
    char name[64];
    printf("  PID CMD\n");
    for (int pid = 1; pid <= PID_MAX; pid++) {
        if (kill(pid, 0) < 0 && errno != EPERM)
            continue;
        process_name(pid, name, sizeof(name));
        printf("%5d %s\n", pid, name);
    }
    return 0;
}
