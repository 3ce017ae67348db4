/*
 * zombiedemo - how a process ends: zombie, wait, orphan, init.
 *
 * 1. A child touches 1 MiB and waits: /proc/PID/status shows its memory.
 * 2. The child exits.  exit frees its address space at once, but the
 *    process stays in the process table as a zombie (state Z) holding
 *    its exit status, so that the parent can still ask for it:
 *    /proc/PID/status has no Vm lines and maps is empty.
 * 3. The parent waits: wait returns the status and the zombie is gone,
 *    with the last of its memory (its kernel stack).
 * 4. An orphan: a middle process forks a grandchild and exits.  The
 *    kernel gives the grandchild to init (its PPid becomes 1); it is no
 *    longer our child (waitpid says ECHILD), and when it exits, init
 *    reaps it.
 *
 * Each step prints the /proc evidence and the kernel's free memory.
 * Usage: zombiedemo [-w SECONDS]  (-w: pause that long at the zombie
 * and the orphan, to look with ps: run it as `zombiedemo -w 10 &`)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>
#include "procmaps.h"

#define CHILD_BYTES  (1024 * 1024)
#define EXIT_CODE    7
#define POLL_US      10000           /* how often to look again */
#define POLL_TRIES   500             /* ... for at most 5 s */

static int pause_seconds;

/* The kernel's free memory, in KiB. */
static long free_kib(void)
{
    struct sysinfo si;
    if (sysinfo(&si) < 0)
        return -1;
    return (long)((unsigned long long)si.freeram * si.mem_unit / 1024);
}

/* Print one status field of pid (or that it has none). */
static void show_field(int pid, const char *key)
{
    char path[32], value[80];
    snprintf(path, sizeof(path), "/proc/%d/status", pid);
    if (status_field(path, key, value, sizeof(value)) == 0)
        printf("   /proc/%d/status  %s:\t%s\n", pid, key, value);
    else
        printf("   /proc/%d/status  %s: (no such line)\n", pid, key);
}

/* How many bytes /proc/PID/maps holds. */
static long maps_bytes(int pid)
{
    char path[32], buf[512];
    snprintf(path, sizeof(path), "/proc/%d/maps", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    long total = 0, n;
    while ((n = read(fd, buf, sizeof(buf))) > 0)
        total += n;
    close(fd);
    return total;
}

/* Poll until pid's state is `want` (0: until it is gone).  Returns 1 if
 * it got there within POLL_TRIES looks. */
static int wait_state(int pid, char want)
{
    for (int i = 0; i < POLL_TRIES; i++) {
        if (stat_state(pid) == want)
            return 1;
        usleep(POLL_US);
    }
    return 0;
}

/* With -w, give the user time to look (e.g. with ps). */
static void pause_to_look(const char *what)
{
    if (pause_seconds <= 0)
        return;
    printf("   (%s: look with ps now; going on in %d s)\n", what, pause_seconds);
    fflush(stdout);
    sleep((unsigned)pause_seconds);
}

/* The child of steps 1-3: touch 1 MiB, say so, wait for the word, exit. */
static void child(int ready_fd, int go_fd)
{
    char *p = malloc(CHILD_BYTES);
    if (p)
        memset(p, 'z', CHILD_BYTES);
    write(ready_fd, "r", 1);
    char c;
    read(go_fd, &c, 1);
    _exit(EXIT_CODE);
}

/* Steps 1-3: alive, zombie, reaped.  Returns 0 if all went as said. */
static int zombie_steps(void)
{
    int ready[2], go[2];
    if (pipe(ready) < 0 || pipe(go) < 0)
        return perror("zombiedemo: pipe"), 1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return perror("zombiedemo: fork"), 1;
    if (pid == 0) {
        close(ready[0]);
        close(go[1]);
        child(ready[1], go[0]);
    }
    close(ready[1]);
    close(go[0]);
    char c;
    read(ready[0], &c, 1);                    /* it has touched its 1 MiB */
    wait_state(pid, 'S');                     /* and waits for the word */

    printf("1. child %d is alive and has touched 1 MiB\n", (int)pid);
    show_field(pid, "State");
    show_field(pid, "VmSize");
    show_field(pid, "VmRSS");
    long free_alive = free_kib();
    printf("   free memory: %ld KiB\n", free_alive);

    fflush(stdout);
    write(go[1], "g", 1);                     /* let it exit */
    read(ready[0], &c, 1);                    /* EOF: its files are closed */
    int zombie = wait_state(pid, 'Z');
    long free_zombie = free_kib();
    printf("2. child %d called exit(%d): it is a zombie\n", (int)pid, EXIT_CODE);
    printf("   /proc/%d/stat    state %c\n", (int)pid, stat_state(pid));
    show_field(pid, "State");
    show_field(pid, "VmRSS");
    printf("   /proc/%d/maps    %ld bytes: a zombie has no address space\n",
           (int)pid, maps_bytes(pid));
    printf("   free memory: %ld KiB: exit gave back %ld KiB\n", free_zombie,
           free_zombie - free_alive);
    pause_to_look("a zombie");

    int status;
    pid_t got = waitpid(pid, &status, 0);
    long free_reaped = free_kib();
    char path[32];
    snprintf(path, sizeof(path), "/proc/%d", (int)pid);
    int gone = access(path, F_OK) < 0 && errno == ENOENT;
    printf("3. the parent waits: waitpid = %d, exit status %d\n", (int)got,
           WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    printf("   /proc/%d: %s\n", (int)pid, gone ? "gone" : "still there");
    printf("   free memory: %ld KiB: wait gave back %ld KiB "
           "(what the zombie still held: its kernel stack)\n", free_reaped,
           free_reaped - free_zombie);
    close(ready[0]);
    close(go[1]);
    return zombie && got == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == EXIT_CODE && gone ? 0 : 1;
}

/* The middle process of step 4: fork the orphan-to-be, send its pid up
 * the pipe, exit.  The orphan waits for a byte on go_fd, then exits. */
static void middle(int pid_fd, int go_fd)
{
    pid_t orphan = fork();
    if (orphan == 0) {
        char c;
        read(go_fd, &c, 1);
        printf("   orphan %d: my parent is now %d; exiting\n", (int)getpid(),
               (int)getppid());
        fflush(stdout);
        _exit(0);
    }
    write(pid_fd, &orphan, sizeof(orphan));
    _exit(0);
}

/* The name of process pid (its comm), for the adoption line. */
static const char *name_of(int pid, char *buf, size_t size)
{
    char path[32];
    snprintf(path, sizeof(path), "/proc/%d/status", pid);
    if (status_field(path, "Name", buf, size) < 0)
        snprintf(buf, size, "?");
    return buf;
}

/* Step 4: an orphan is adopted and reaped by init. */
static int orphan_steps(void)
{
    int up[2], go[2];
    if (pipe(up) < 0 || pipe(go) < 0)
        return perror("zombiedemo: pipe"), 1;
    fflush(stdout);
    pid_t mid = fork();
    if (mid < 0)
        return perror("zombiedemo: fork"), 1;
    if (mid == 0) {
        close(up[0]);
        close(go[1]);
        middle(up[1], go[0]);
    }
    close(up[1]);
    close(go[0]);
    pid_t orphan = -1;
    read(up[0], &orphan, sizeof(orphan));
    int status;
    waitpid(mid, &status, 0);
    printf("4. middle process %d forked %d and exited; we reaped %d\n",
           (int)mid, (int)orphan, (int)mid);

    char path[32], ppid[16], name[32];
    snprintf(path, sizeof(path), "/proc/%d/status", (int)orphan);
    wait_state(orphan, 'S');                  /* it waits for its byte */
    show_field(orphan, "State");
    show_field(orphan, "PPid");
    status_field(path, "PPid", ppid, sizeof(ppid));
    printf("   adopted by pid %s (%s)\n", ppid, name_of(atoi(ppid), name, sizeof(name)));
    pid_t r = waitpid(orphan, &status, WNOHANG);
    int err = r < 0 ? errno : 0;
    printf("   waitpid(%d) here: %s: it is not our child any more\n", (int)orphan,
           r < 0 ? strerror(err) : "it is ours?");
    pause_to_look("an orphan");

    fflush(stdout);                           /* before the orphan prints */
    write(go[1], "g", 1);
    int reaped = wait_state(orphan, 0);
    if (reaped)
        printf("   %d exited and its new parent reaped it: /proc/%d is gone\n",
               (int)orphan, (int)orphan);
    else
        printf("   %d exited, but its new parent has not reaped it: /proc/%d "
               "is still there (state %c)\n", (int)orphan, (int)orphan,
               stat_state(orphan));
    close(up[0]);
    close(go[1]);
    return err == ECHILD && reaped ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "-w") == 0)
        pause_seconds = atoi(argv[2]);
    else if (argc != 1) {
        fprintf(stderr, "usage: zombiedemo [-w SECONDS]\n");
        return 2;
    }
    printf("zombiedemo (pid %d)\n", (int)getpid());
    int bad = zombie_steps();
    if (getpid() == 1) {
        printf("4. (skipped: zombiedemo is pid 1 itself, so an orphan "
               "would come back to it)\n");
        return bad;
    }
    return bad | orphan_steps();
}
