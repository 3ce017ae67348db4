/*
 * ps - list processes.
 *
 * Every process has a directory /proc/PID; its stat file holds, among 52
 * fields, the name in parentheses (which may itself contain spaces or
 * ')', so the name ends at the LAST ')'), the state and the parent pid.
 * Prints PID, PPID, state and name, one process per line, by pid.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Print the line for one pid; quietly nothing if it has just gone. */
static void show(int pid)
{
    char path[32], buf[512];
    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return;
    buf[n] = '\0';
    char *open_paren = strchr(buf, '('), *close_paren = strrchr(buf, ')');
    if (!open_paren || !close_paren || close_paren < open_paren)
        return;
    *close_paren = '\0';
    char state = close_paren[2];                  /* ") S 1 ..." */
    int ppid = atoi(close_paren + 4);
    printf("%5d %5d %c %s\n", pid, ppid, state, open_paren + 1);
}

static int by_number(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

int main(void)
{
    DIR *d = opendir("/proc");
    if (!d) {
        perror("ps: /proc");
        return 1;
    }
    int pids[1024], n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 1024)
        if (isdigit((unsigned char)e->d_name[0]))
            pids[n++] = atoi(e->d_name);
    closedir(d);
    qsort(pids, n, sizeof(pids[0]), by_number);
    printf("  PID  PPID S CMD\n");
    for (int i = 0; i < n; i++)
        show(pids[i]);
    return 0;
}
