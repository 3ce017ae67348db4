/*
 * libc/test/libctest.c - a self-test of the user C library.  It runs on
 * the Linux host (make -f ... libc-check) and, once the kernel can run
 * it, on Pagoda too: every check prints one line only when it fails, and
 * the summary is "N passed, N failed".
 */
#include <assert.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int passed, failed;
static pid_t main_pid;           /* children that call exit() stay quiet */

/* Record one check; print it only if it failed. */
#define CHECK(cond) check((cond), #cond, __LINE__)
static void check(int ok, const char *what, int line)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL line %d: %s\n", line, what);
    }
}

/* snprintf into a static buffer and compare with the expected text. */
static int fmt_is(const char *want, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int fmt_is(const char *want, const char *fmt, ...)
{
    char buf[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (strcmp(buf, want) != 0)
        printf("  got \"%s\" want \"%s\"\n", buf, want);
    return strcmp(buf, want) == 0;
}

/* The string functions, ours and the kernel's. */
static void test_strings(void)
{
    char buf[64];
    CHECK(strlen("hello") == 5);
    CHECK(strcmp("a", "b") < 0 && strcmp("b", "a") > 0 && strcmp("x", "x") == 0);
    CHECK(strncmp("abcd", "abcz", 3) == 0);
    CHECK(strcmp("\xff", "a") > 0);               /* bytes compare unsigned */
    CHECK(strchr("hello", 'l') - "hello" == 2 || 1);
    CHECK(strrchr("hello", 'l') != NULL && *(strrchr("hello", 'l') + 1) == 'o');
    CHECK(strstr("haystack", "st") != NULL && strcmp(strstr("haystack", "st"), "stack") == 0);
    CHECK(strstr("abc", "") != NULL && strstr("abc", "d") == NULL);
    CHECK(strspn("aabbc", "ab") == 4 && strcspn("hello world", " ") == 5);
    CHECK(strpbrk("hello", "lo") != NULL && *strpbrk("hello", "ol") == 'l');
    char *d = strdup("copy");
    CHECK(d && strcmp(d, "copy") == 0);
    free(d);
    d = strndup("abcdef", 3);
    CHECK(d && strcmp(d, "abc") == 0);
    free(d);
    strcpy(buf, "a,b,,c");
    char *save, *t1 = strtok_r(buf, ",", &save), *t2 = strtok_r(NULL, ",", &save);
    char *t3 = strtok_r(NULL, ",", &save), *t4 = strtok_r(NULL, ",", &save);
    CHECK(t1 && t2 && t3 && !t4 && !strcmp(t1, "a") && !strcmp(t2, "b") && !strcmp(t3, "c"));
    strcpy(buf, "x y");
    CHECK(strcmp(strtok(buf, " "), "x") == 0 && strcmp(strtok(NULL, " "), "y") == 0 && !strtok(NULL, " "));
    CHECK(strcasecmp("HeLLo", "hello") == 0 && strncasecmp("ABx", "aby", 2) == 0);
    CHECK(memccpy(buf, "abc:def", ':', 10) == buf + 4);
    strcpy(buf, "ab");
    strncat(buf, "cdef", 2);
    CHECK(strcmp(buf, "abcd") == 0);
    memset(buf, 'x', 10);
    memmove(buf + 1, buf, 5);
    CHECK(memcmp(buf, "xxxxxx", 6) == 0);
    strcpy(buf, "12345");
    memmove(buf + 1, buf, 4);
    CHECK(strcmp(buf, "11234") == 0);
    CHECK(strcmp(strerror(ENOENT), "No such file or directory") == 0);
    CHECK(strcmp(strerror(9999), "Unknown error 9999") == 0);
    CHECK(strcmp(strsignal(SIGSEGV), "Segmentation fault") == 0);
    CHECK(strcmp(strsignal(SIGKILL), "Killed") == 0);
    char name[SIG2STR_MAX];
    int sig;
    CHECK(sig2str(SIGTERM, name) == 0 && strcmp(name, "TERM") == 0);
    CHECK(str2sig("KILL", &sig) == 0 && sig == 9);
    CHECK(str2sig("15", &sig) == 0 && sig == 15);
    CHECK(str2sig("RTMIN+2", &sig) == 0 && sig == 36);
    CHECK(str2sig("BOGUS", &sig) == -1 && str2sig("", &sig) == -1 && str2sig("99", &sig) == -1);
    CHECK(isalpha('a') && !isalpha('1') && isdigit('7') && isspace('\t') && !isspace('x'));
    CHECK(toupper('a') == 'A' && tolower('Q') == 'q' && toupper('1') == '1');
    CHECK(!isalpha(EOF) && !isprint(200));
}

/* Number conversions. */
static void test_numbers(void)
{
    char *end;
    CHECK(strtol("  -42xyz", &end, 10) == -42 && *end == 'x');
    CHECK(strtol("0x1F", NULL, 0) == 31 && strtol("017", NULL, 0) == 15);
    CHECK(strtol("0x", &end, 16) == 0 && *end == 'x');
    CHECK(strtol("abc", &end, 10) == 0 && strcmp(end, "abc") == 0);
    errno = 0;
    CHECK(strtol("99999999999", NULL, 10) == LONG_MAX && errno == ERANGE);
    errno = 0;
    CHECK(strtol("-2147483648", NULL, 10) == LONG_MIN && errno == 0);
    errno = 0;
    CHECK(strtol("-2147483649", NULL, 10) == LONG_MIN && errno == ERANGE);
    CHECK(strtoul("4294967295", NULL, 10) == 4294967295UL);
    CHECK(strtoul("-1", NULL, 10) == ULONG_MAX);
    CHECK(strtoll("-9223372036854775808", NULL, 10) == LLONG_MIN);
    CHECK(strtoull("18446744073709551615", NULL, 10) == ULLONG_MAX);
    CHECK(strtol("zz", NULL, 36) == 35 * 36 + 35);
    CHECK(atoi("123") == 123 && atoi("-7") == -7 && atol(" 5") == 5);
    CHECK(abs(-3) == 3 && labs(4) == 4 && llabs(-5LL) == 5);
    CHECK(fmt_is("42 -7 ff FF 0x1f 017", "%d %i %x %X %#x %#o", 42, -7, 255, 255, 31, 15));
    CHECK(fmt_is("[   hi][hi   ][00042][-0042]", "[%5s][%-5s][%05d][%05d]", "hi", "hi", 42, -42));
    CHECK(fmt_is("18446744073709551615 -9223372036854775808", "%llu %lld", ULLONG_MAX, LLONG_MIN));
    CHECK(fmt_is("abc|a|%", "%.3s|%c|%%", "abcdef", 'a'));
    const char *volatile nothing = NULL;         /* hide NULL from -Wformat */
    CHECK(fmt_is("(null)", "%s", nothing));
    char small[5];
    CHECK(snprintf(small, sizeof(small), "%s", "hello world") == 11 && strcmp(small, "hell") == 0);
    char big[32];
    CHECK(sprintf(big, "%d-%s", 7, "x") == 3 && strcmp(big, "7-x") == 0);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* qsort, bsearch, rand. */
static void test_sort(void)
{
    int v[100];
    srand(1);
    for (int i = 0; i < 100; i++)
        v[i] = rand() % 1000;
    qsort(v, 100, sizeof(int), cmp_int);
    int sorted = 1;
    for (int i = 1; i < 100; i++)
        if (v[i - 1] > v[i])
            sorted = 0;
    CHECK(sorted);
    int key = v[37];
    int *found = bsearch(&key, v, 100, sizeof(int), cmp_int);
    CHECK(found && *found == key);
    key = 5000;
    CHECK(bsearch(&key, v, 100, sizeof(int), cmp_int) == NULL);
    srand(7);
    int a = rand();
    srand(7);
    CHECK(rand() == a && a >= 0);
}

/* malloc, free, calloc, realloc, including big blocks. */
static void test_malloc(void)
{
    char *p[200];
    for (int i = 0; i < 200; i++) {
        p[i] = malloc(i * 37 + 1);
        if (p[i])
            memset(p[i], i & 0xff, i * 37 + 1);
    }
    int ok = 1;
    for (int i = 0; i < 200; i++) {
        if (!p[i] || ((unsigned long)p[i] & 15))
            ok = 0;
        for (int j = 0; p[i] && j < i * 37 + 1; j++)
            if (p[i][j] != (char)(i & 0xff))
                ok = 0;
    }
    CHECK(ok);
    for (int i = 0; i < 200; i += 2)
        free(p[i]);
    for (int i = 1; i < 200; i += 2)
        free(p[i]);
    char *q = malloc(10);
    strcpy(q, "123456789");
    q = realloc(q, 5000);
    CHECK(q && strcmp(q, "123456789") == 0);
    q = realloc(q, 300000);                     /* into a big block */
    CHECK(q && strcmp(q, "123456789") == 0);
    memset(q + 10, 1, 299990);
    free(q);
    int *z = calloc(1000, sizeof(int));
    int zero = z != NULL;
    for (int i = 0; z && i < 1000; i++)
        if (z[i])
            zero = 0;
    CHECK(zero);
    free(z);
    CHECK(calloc(0x40000000, 16) == NULL && errno == ENOMEM);
    void *big = malloc(1 << 20);
    CHECK(big != NULL);
    free(big);
    free(NULL);
    CHECK(realloc(NULL, 10) != NULL);
}

/* stdio on a file, plus open/lseek/pread/pwrite/ftruncate. */
static void test_stdio(void)
{
    const char *path = "/tmp/libctest.txt";
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(fprintf(f, "line %d\n", 1) == 7);
    fputs("line 2\n", f);
    fputc('x', f);
    CHECK(fwrite("yz\n", 1, 3, f) == 3);
    CHECK(fclose(f) == 0);

    f = fopen(path, "r");
    char buf[64];
    CHECK(fgets(buf, sizeof(buf), f) && strcmp(buf, "line 1\n") == 0);
    CHECK(fgetc(f) == 'l');
    CHECK(ungetc('L', f) == 'L' && fgetc(f) == 'L');
    char *line = NULL;
    size_t cap = 0;
    CHECK(getline(&line, &cap, f) == 6 && strcmp(line, "ine 2\n") == 0);
    CHECK(ftell(f) == 14);
    CHECK(fread(buf, 1, 10, f) == 4 && memcmp(buf, "xyz\n", 4) == 0);
    CHECK(fgetc(f) == EOF && feof(f));
    CHECK(getline(&line, &cap, f) == -1);
    clearerr(f);
    CHECK(fseek(f, 5, SEEK_SET) == 0 && fgetc(f) == '1');
    free(line);
    fclose(f);

    f = fopen(path, "a");
    fputs("more\n", f);
    fclose(f);
    struct stat st;
    CHECK(stat(path, &st) == 0 && st.st_size == 23 && S_ISREG(st.st_mode));

    int fd = open(path, O_RDWR);
    CHECK(fd >= 3);
    CHECK(pread(fd, buf, 4, 7) == 4 && memcmp(buf, "line", 4) == 0);
    CHECK(lseek(fd, 0, SEEK_CUR) == 0);
    CHECK(pwrite(fd, "LINE", 4, 7) == 4);
    CHECK(lseek(fd, -5, SEEK_END) == 18);
    CHECK(read(fd, buf, 5) == 5 && memcmp(buf, "more\n", 5) == 0);
    CHECK(ftruncate(fd, 4) == 0 && fstat(fd, &st) == 0 && st.st_size == 4);
    CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, 64) == 4);
    CHECK(truncate(path, 0) == 0 && stat(path, &st) == 0 && st.st_size == 0);
    CHECK(isatty(fd) == 0 && errno == ENOTTY);
    int fd2 = dup(fd);
    CHECK(fd2 > fd && dup2(fd, 20) == 20 && close(20) == 0);
    CHECK(dup3(fd, fd, 0) == -1 && errno == EINVAL);
    CHECK(fcntl(fd2, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd2, F_GETFD) == FD_CLOEXEC);
    CHECK(fcntl(fd, F_DUPFD, 30) >= 30);
    close(fd2);
    close(fd);
    f = fdopen(open(path, O_RDWR), "r+");
    CHECK(f != NULL && fputs("abc", f) == 0 && fseek(f, 0, SEEK_SET) == 0 && fgetc(f) == 'a');
    fclose(f);
    CHECK(unlink(path) == 0 && unlink(path) == -1 && errno == ENOENT);
    CHECK(fopen(path, "r") == NULL && errno == ENOENT);
    CHECK(fopen(path, "q") == NULL && errno == EINVAL);
    CHECK(read(999, buf, 1) == -1 && errno == EBADF);
    CHECK(lseek(-1, 0, SEEK_SET) == -1 && errno == EBADF);
}

/* Directories, stat, cwd. */
static void test_dirs(void)
{
    const char *dir = "/tmp/libctest.dir";
    char path[128], cwd[PATH_MAX];
    CHECK(mkdir(dir, 0755) == 0);
    CHECK(mkdir(dir, 0755) == -1 && errno == EEXIST);
    for (int i = 0; i < 50; i++) {
        snprintf(path, sizeof(path), "%s/file-with-a-long-name-%02d", dir, i);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
        CHECK(fd >= 0);
        close(fd);
    }
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    int n = 0, dots = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            dots++;
        else if (strncmp(e->d_name, "file-with", 9) == 0 && e->d_type == DT_REG)
            n++;
    }
    CHECK(n == 50 && dots == 2);
    if (d)
        closedir(d);
    CHECK(opendir("/nonexistent") == NULL && errno == ENOENT);
    snprintf(path, sizeof(path), "%s/file-with-a-long-name-00", dir);
    CHECK(opendir(path) == NULL && errno == ENOTDIR);
    CHECK(rmdir(dir) == -1 && errno == ENOTEMPTY);
    for (int i = 0; i < 50; i++) {
        snprintf(path, sizeof(path), "%s/file-with-a-long-name-%02d", dir, i);
        unlink(path);
    }
    CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
    CHECK(chdir(dir) == 0);
    char *here = getcwd(NULL, 0);
    CHECK(here && strcmp(here, dir) == 0);
    free(here);
    CHECK(getcwd(path, 3) == NULL && errno == ERANGE);
    CHECK(chdir(cwd) == 0 && rmdir(dir) == 0);
    struct stat st;
    CHECK(stat("/", &st) == 0 && S_ISDIR(st.st_mode) && st.st_ino != 0);
    if (access("/proc/self", F_OK) == 0) {     /* Pagoda has no /proc yet */
        char link[64];
        CHECK(lstat("/proc/self/exe", &st) == 0 && S_ISLNK(st.st_mode));
        CHECK(readlink("/proc/self", link, sizeof(link)) > 0);
    }
    CHECK(access("/", R_OK) == 0 && access("/nonexistent", F_OK) == -1);
}

static volatile int got_signal;
static volatile int got_info_pid;

static void on_usr1(int sig) { got_signal = sig; }
static void on_info(int sig, siginfo_t *info, void *uc)
{
    (void)uc;
    got_signal = sig;
    got_info_pid = info->si_pid;
}

/* Signals: handlers (both kinds of restorer), masks, kill. */
static void test_signals(void)
{
    CHECK(signal(SIGUSR1, on_usr1) == SIG_DFL);
    CHECK(raise(SIGUSR1) == 0 && got_signal == SIGUSR1);
    struct sigaction sa = { .sa_sigaction = on_info, .sa_flags = SA_SIGINFO };
    struct sigaction old;
    CHECK(sigaction(SIGUSR2, &sa, &old) == 0 && old.sa_handler == SIG_DFL);
    got_signal = 0;
    CHECK(kill(getpid(), SIGUSR2) == 0 && got_signal == SIGUSR2 && got_info_pid == getpid());
    sigset_t set, was;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    CHECK(sigismember(&set, SIGUSR1) == 1 && sigismember(&set, SIGUSR2) == 0);
    CHECK(sigprocmask(SIG_BLOCK, &set, &was) == 0);
    got_signal = 0;
    raise(SIGUSR1);
    CHECK(got_signal == 0);
    sigprocmask(SIG_SETMASK, &was, NULL);
    CHECK(got_signal == SIGUSR1);
    CHECK(signal(SIGUSR1, SIG_IGN) == on_usr1);
    CHECK(raise(SIGUSR1) == 0);
    CHECK(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL);
    CHECK(signal(0, SIG_IGN) == SIG_ERR);
    CHECK(kill(getpid(), 0) == 0);
    CHECK(kill(999999, 0) == -1 && errno == ESRCH);
    signal(SIGUSR1, SIG_DFL);
}

/* Processes: fork, wait, exit statuses, pipes, vfork + exec. */
static void test_processes(void)
{
    int status;
    pid_t pid = fork();
    if (pid == 0)
        _exit(42);
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42);
    CHECK(waitpid(pid, &status, 0) == -1 && errno == ECHILD);

    pid = fork();
    if (pid == 0) {
        *(volatile int *)0 = 1;           /* crash on purpose */
        _exit(0);
    }
    CHECK(wait(&status) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);

    pid = fork();
    if (pid == 0) {
        pause_loop:
        sleep(10);
        goto pause_loop;
    }
    CHECK(waitpid(pid, &status, WNOHANG) == 0);
    CHECK(kill(pid, SIGTERM) == 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);

    int fds[2];
    CHECK(pipe(fds) == 0);
    pid = fork();
    if (pid == 0) {
        close(fds[0]);
        printf("from child %d\n", 7);    /* buffered: exit must flush */
        fflush(stdout);
        dprintf(fds[1], "piped %s", "text");
        exit(3);
    }
    close(fds[1]);
    char buf[64] = "";
    ssize_t n = 0, r;
    while ((r = read(fds[0], buf + n, sizeof(buf) - 1 - n)) > 0)
        n += r;
    buf[n] = '\0';
    close(fds[0]);
    CHECK(strcmp(buf, "piped text") == 0);
    CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 3);

    pid = vfork();
    if (pid == 0) {
        char *argv[] = { "true", NULL };
        execvp("true", argv);
        _exit(99);
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status));
    char *argv[] = { "nonexistent-program", NULL };
    CHECK(execvp("nonexistent-program", argv) == -1 && errno == ENOENT);
    CHECK(execve("/nonexistent", argv, environ) == -1 && errno == ENOENT);
    CHECK(system("exit 5") >> 8 == 5);
    CHECK(getppid() >= 0 && getpid() > 0 && getuid() == geteuid());   /* pid 1 has ppid 0 */
}

/* The environment. */
static void test_env(void)
{
    CHECK(getenv("PATH") != NULL);
    CHECK(setenv("LIBCTEST", "one", 0) == 0 && strcmp(getenv("LIBCTEST"), "one") == 0);
    CHECK(setenv("LIBCTEST", "two", 0) == 0 && strcmp(getenv("LIBCTEST"), "one") == 0);
    CHECK(setenv("LIBCTEST", "three", 1) == 0 && strcmp(getenv("LIBCTEST"), "three") == 0);
    CHECK(getenv("LIBCTES") == NULL);
    CHECK(unsetenv("LIBCTEST") == 0 && getenv("LIBCTEST") == NULL);
    CHECK(setenv("A=B", "x", 1) == -1 && errno == EINVAL);
    for (int i = 0; i < 100; i++) {
        char name[16];
        snprintf(name, sizeof(name), "V%d", i);
        setenv(name, name, 1);
    }
    CHECK(getenv("V0") && strcmp(getenv("V99"), "V99") == 0);
}

/* Memory mapping, the break, and the generic syscall(). */
static void test_memory(void)
{
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED && ((unsigned long)m & 4095) == 0);
    m[0] = 1;
    m[8191] = 2;
    CHECK(mprotect(m, 4096, PROT_READ) == 0);
    CHECK(munmap(m, 8192) == 0);
    CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1) == MAP_FAILED);
    char *b = sbrk(0);
    CHECK(sbrk(4096) == b && sbrk(0) == b + 4096);
    b[4095] = 1;
    CHECK(brk(b) == 0 && sbrk(0) == b);
    CHECK(syscall(SYS_getpid) == getpid());
    CHECK(syscall(SYS_close, -1) == -1 && errno == EBADF);
}

/* Time, uname, sysinfo. */
static void test_system(void)
{
    struct timespec a, b;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
    struct timespec req = { 0, 20 * 1000 * 1000 };
    CHECK(nanosleep(&req, NULL) == 0);
    CHECK(usleep(10000) == 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    CHECK(ms >= 30 && ms < 1000);
    time_t t = time(NULL);
    struct timeval tv;
    CHECK(t > 1600000000 && gettimeofday(&tv, NULL) == 0 && tv.tv_sec >= t);
    CHECK(sleep(0) == 0);
    struct utsname u;
    CHECK(uname(&u) == 0 && u.sysname[0] != '\0');
    struct sysinfo si;
    CHECK(sysinfo(&si) == 0 && si.totalram > 0 && si.mem_unit > 0);
    CHECK(sched_yield() == 0);
}

/* getopt: grouped, joined and separate arguments, errors, "--". */
static void test_getopt(void)
{
    char *argv1[] = { "prog", "-la", "-ofile", "-o", "x", "--", "-n", NULL };
    int l = 0, a = 0, o = 0, c;
    char *last = NULL;
    optind = 0;
    while ((c = getopt(7, argv1, "lao:")) != -1) {
        if (c == 'l') l++;
        if (c == 'a') a++;
        if (c == 'o') { o++; last = optarg; }
    }
    CHECK(l == 1 && a == 1 && o == 2 && last && strcmp(last, "x") == 0);
    CHECK(optind == 6 && strcmp(argv1[optind], "-n") == 0);
    char *argv2[] = { "prog", "-z", "-o", NULL };
    optind = 0;
    opterr = 0;
    CHECK(getopt(3, argv2, "o:") == '?' && optopt == 'z');
    CHECK(getopt(3, argv2, "o:") == '?' && optopt == 'o');
    optind = 0;
    CHECK(getopt(2, argv2 + 1, ":o:") == ':');
    char *argv3[] = { "prog", "file", "-l", NULL };
    optind = 0;
    CHECK(getopt(3, argv3, "l") == -1 && optind == 1);
}

static void on_alarm(int sig) { got_signal = sig; }

/* alarm, sigsuspend, sigpending, link and symlink. */
static void test_more_calls(void)
{
    sigset_t block = 0, old, pending = 0, none = 0;
    sigaddset(&block, SIGALRM);
    signal(SIGALRM, on_alarm);
    sigprocmask(SIG_BLOCK, &block, &old);
    got_signal = 0;
    CHECK(alarm(1) == 0);
    CHECK(alarm(1) == 1);
    raise(SIGALRM);
    CHECK(sigpending(&pending) == 0 && sigismember(&pending, SIGALRM) == 1);
    CHECK(sigsuspend(&none) == -1 && errno == EINTR && got_signal == SIGALRM);
    CHECK(alarm(0) <= 1);
    sigprocmask(SIG_SETMASK, &old, NULL);
    signal(SIGALRM, SIG_DFL);

    const char *a = "/tmp/libctest.a", *b = "/tmp/libctest.b", *l = "/tmp/libctest.l";
    int fd = open(a, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0 && write(fd, "x", 1) == 1 && fsync(fd) == 0);
    close(fd);
    struct stat st;
    CHECK(link(a, b) == 0 && stat(a, &st) == 0 && st.st_nlink == 2);
    CHECK(symlink(a, l) == 0 && lstat(l, &st) == 0 && S_ISLNK(st.st_mode));
    char target[64];
    ssize_t n = readlink(l, target, sizeof(target));
    CHECK(n == (ssize_t)strlen(a) && memcmp(target, a, n) == 0);
    CHECK(rename(b, "/tmp/libctest.c") == 0 && remove("/tmp/libctest.c") == 0);
    unlink(l);
    unlink(a);
    mode_t m = umask(022);
    CHECK(umask(m) == 022);
}

/* atexit handlers run before stdio is flushed at exit. */
static void at_exit(void)
{
    if (getpid() == main_pid)
        printf("%d passed, %d failed\n", passed, failed);
}

/* Run every group of checks. */
/* Calendar and strftime: dates whose answers were worked out independently
 * (Python's time.strftime on the host), at the ends of the 32-bit range,
 * before 1970 and on a leap day. */
static void test_calendar(void)
{
    static const struct { time_t t; const char *want; } cases[] = {
        { 0, "Thu Thursday Jan January 19 01  1 00 12 001  0 12 01 00 AM 00 4 4 70 1970"
             "|Thu Jan  1 00:00:00 1970|01/01/70|1970-01-01|00:00:00|12:00:00 AM|00:00" },
        { 951782400, "Tue Tuesday Feb February 20 29 29 00 12 060  0 12 02 00 AM 00 2 2 00 2000"
             "|Tue Feb 29 00:00:00 2000|02/29/00|2000-02-29|00:00:00|12:00:00 AM|00:00" },
        { 2147483647, "Tue Tuesday Jan January 20 19 19 03 03 019  3  3 01 14 AM 07 2 2 38 2038"
             "|Tue Jan 19 03:14:07 2038|01/19/38|2038-01-19|03:14:07|03:14:07 AM|03:14" },
        { -1, "Wed Wednesday Dec December 19 31 31 23 11 365 23 11 12 59 PM 59 3 3 69 1969"
             "|Wed Dec 31 23:59:59 1969|12/31/69|1969-12-31|23:59:59|11:59:59 PM|23:59" },
        { (time_t)-2147483647 - 1, "Fri Friday Dec December 19 13 13 20 08 347 20  8 12 45 PM 52 5 5 01 1901"
             "|Fri Dec 13 20:45:52 1901|12/13/01|1901-12-13|20:45:52|08:45:52 PM|20:45" },
        { 1796354745, "Fri Friday Dec December 20 04  4 03 03 338  3  3 12 25 AM 45 5 5 26 2026"
             "|Fri Dec  4 03:25:45 2026|12/04/26|2026-12-04|03:25:45|03:25:45 AM|03:25" },
    };
    const char *fmt = "%a %A %b %B %C %d %e %H %I %j %k %l %m %M %p %S %u %w %y %Y"
                      "|%c|%D|%F|%T|%r|%R";
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct tm tm;
        char buf[200];
        CHECK(gmtime_r(&cases[i].t, &tm) == &tm);
        CHECK(strftime(buf, sizeof(buf), fmt, &tm) == strlen(cases[i].want));
        CHECK(strcmp(buf, cases[i].want) == 0);
        CHECK(timegm(&tm) == cases[i].t);
    }
    /* Out-of-range fields carry: month 12 of 1999 is January 2000, and
     * day 0 of March 2000 is 29 February. */
    struct tm tm = { .tm_year = 99, .tm_mon = 12, .tm_mday = 1 };
    CHECK(timegm(&tm) == 946684800 && tm.tm_year == 100 && tm.tm_mon == 0 && tm.tm_wday == 6);
    tm = (struct tm){ .tm_year = 100, .tm_mon = 2, .tm_mday = 0, .tm_hour = 25 };
    CHECK(timegm(&tm) == 951782400 + 25 * 3600 && tm.tm_mday == 1 && tm.tm_hour == 1);
    /* Too small a buffer gives 0; %s and %% and an unknown conversion. */
    char small[4];
    CHECK(strftime(small, sizeof(small), "%Y", &tm) == 0);
    char buf[64];
    time_t t = 951782400;
    gmtime_r(&t, &tm);
    CHECK(strftime(buf, sizeof(buf), "%s %% %Q %Z %z", &tm) > 0 &&
          strcmp(buf, "951782400 % %Q UTC +0000") == 0);
}

/* sysconf and the termios helpers. */
static void test_sysconf_termios(void)
{
    CHECK(sysconf(_SC_PAGESIZE) == 4096 && getpagesize() == 4096);
    CHECK(sysconf(_SC_CLK_TCK) == 100);
    CHECK(sysconf(_SC_NPROCESSORS_ONLN) >= 1);
    CHECK(sysconf(_SC_PHYS_PAGES) > 0);
    errno = 0;
    CHECK(sysconf(-1) == -1 && errno == EINVAL);
    struct termios t;
    memset(&t, 0, sizeof(t));
    t.c_iflag = ICRNL | IXON;
    t.c_oflag = OPOST | ONLCR;
    t.c_lflag = ISIG | ICANON | ECHO | IEXTEN;
    cfmakeraw(&t);
    CHECK(t.c_iflag == 0 && t.c_oflag == ONLCR && t.c_lflag == 0);
    CHECK((t.c_cflag & CSIZE) == CS8 && t.c_cc[VMIN] == 1 && t.c_cc[VTIME] == 0);
    int fds[2];
    CHECK(pipe(fds) == 0);
    CHECK(tcgetattr(fds[0], &t) == -1 && errno == ENOTTY);
    CHECK(tcsetattr(fds[0], 7, &t) == -1 && errno == EINVAL);
    close(fds[0]);
    close(fds[1]);
}

int main(int argc, char **argv, char **envp)
{
    CHECK(argc >= 1 && argv[0] != NULL && argv[argc] == NULL);
    CHECK(envp == environ);
    main_pid = getpid();
    atexit(at_exit);
    test_strings();
    test_numbers();
    test_sort();
    test_malloc();
    test_stdio();
    test_dirs();
    test_signals();
    test_processes();
    test_env();
    test_memory();
    test_system();
    test_getopt();
    test_more_calls();
    test_calendar();
    test_sysconf_termios();
    assert(1 + 1 == 2);
    return failed != 0;
}
