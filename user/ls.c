/*
 * ls - list directory contents.
 *
 *   ls [-l] [-a] [-1] [PATH...]
 *     -l   long format: type and permissions, links, size, name
 *     -a   include names that start with '.'
 *     -1   one name per line (always the case here)
 *
 * As in coreutils: files named on the command line are listed first,
 * then each directory's contents, sorted by name, under a "DIR:" header
 * when there is more than one operand.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int opt_long, opt_all;
static int status;               /* 0, 1 for minor trouble, 2 for serious */

/* One name to print, with its status if we could get it. */
struct entry {
    char *name;                  /* as shown */
    char *path;                  /* for lstat and readlink */
    struct stat st;
    int have_st;
};

/* Sort entries by name, byte by byte (the "C" locale order). */
static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* The 10-character mode string, e.g. "drwxr-xr-x". */
static void mode_string(mode_t m, char *s)
{
    s[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b'
         : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        s[i + 1] = (m & (0400 >> i)) ? rwx[i] : '-';
    if (m & S_ISUID)
        s[3] = (m & S_IXUSR) ? 's' : 'S';
    if (m & S_ISGID)
        s[6] = (m & S_IXGRP) ? 's' : 'S';
    if (m & S_ISVTX)
        s[9] = (m & S_IXOTH) ? 't' : 'T';
    s[10] = '\0';
}

/* The size column: bytes, or "major, minor" for a device. */
static void size_string(const struct stat *st, char *s, size_t n)
{
    if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) {
        unsigned major = (st->st_rdev >> 8) & 0xfff;
        unsigned minor = (st->st_rdev & 0xff) | ((st->st_rdev >> 12) & 0xfff00);
        snprintf(s, n, "%u, %u", major, minor);
    } else {
        snprintf(s, n, "%lld", (long long)st->st_size);
    }
}

/* Print entries, one per line; in long format the link and size columns
 * are as wide as their widest value. */
static void print_entries(struct entry *e, int n)
{
    int wlinks = 1, wsize = 1;
    char buf[32];
    for (int i = 0; opt_long && i < n; i++) {
        if (!e[i].have_st)
            continue;
        int w = snprintf(buf, sizeof(buf), "%u", e[i].st.st_nlink);
        if (w > wlinks)
            wlinks = w;
        size_string(&e[i].st, buf, sizeof(buf));
        w = strlen(buf);
        if (w > wsize)
            wsize = w;
    }
    for (int i = 0; i < n; i++) {
        if (!opt_long) {
            printf("%s\n", e[i].name);
            continue;
        }
        if (!e[i].have_st) {
            printf("?????????? %*s %*s %s\n", wlinks, "?", wsize, "?", e[i].name);
            continue;
        }
        char mode[11];
        mode_string(e[i].st.st_mode, mode);
        size_string(&e[i].st, buf, sizeof(buf));
        printf("%s %*u %*s %s", mode, wlinks, e[i].st.st_nlink, wsize, buf, e[i].name);
        if (S_ISLNK(e[i].st.st_mode)) {
            char target[4096];
            ssize_t len = readlink(e[i].path, target, sizeof(target) - 1);
            if (len >= 0) {
                target[len] = '\0';
                printf(" -> %s", target);
            }
        }
        printf("\n");
    }
}

/* dir + "/" + name in a new malloc'd string. */
static char *join(const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    char *p = malloc(dl + strlen(name) + 2);
    if (p)
        sprintf(p, "%s%s%s", dir, (dl && dir[dl - 1] == '/') ? "" : "/", name);
    return p;
}

/* List the contents of one directory. */
static void list_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "ls: cannot open directory '%s': %s\n", dir, strerror(errno));
        status = 2;
        return;
    }
    struct entry *e = NULL;
    int n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' && !opt_all)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            struct entry *more = realloc(e, cap * sizeof(struct entry));
            if (!more)
                break;
            e = more;
        }
        e[n].name = strdup(de->d_name);
        e[n].path = join(dir, de->d_name);
        if (!e[n].name || !e[n].path) {
            free(e[n].name);
            free(e[n].path);
            break;
        }
        e[n].have_st = opt_long && lstat(e[n].path, &e[n].st) == 0;
        n++;
    }
    closedir(d);
    qsort(e, n, sizeof(struct entry), by_name);
    print_entries(e, n);
    for (int i = 0; i < n; i++) {
        free(e[i].name);
        free(e[i].path);
    }
    free(e);
}

/* Parse options, sort the operands into files and directories, and
 * list them. */
int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        for (char *o = argv[i] + 1; *o; o++) {
            if (*o == 'l') {
                opt_long = 1;
            } else if (*o == 'a') {
                opt_all = 1;
            } else if (*o != '1') {
                fprintf(stderr, "ls: invalid option -- '%c'\nusage: ls [-l] [-a] [-1] [PATH...]\n", *o);
                return 2;
            }
        }
    }
    char *dot[] = { ".", NULL };
    char **ops = i < argc ? argv + i : dot;
    int nops = i < argc ? argc - i : 1;

    struct entry *files = calloc(nops, sizeof(struct entry));
    struct entry *dirs = calloc(nops, sizeof(struct entry));
    int nfiles = 0, ndirs = 0;
    if (!files || !dirs) {
        fprintf(stderr, "ls: out of memory\n");
        return 2;
    }
    for (int k = 0; k < nops; k++) {
        struct stat st;
        /* Follow a symbolic link named on the command line, except to
         * show the link itself with -l, as coreutils does. */
        int r = opt_long ? lstat(ops[k], &st) : stat(ops[k], &st);
        if (r < 0 && !opt_long)
            r = lstat(ops[k], &st);          /* a dangling link */
        if (r < 0) {
            fprintf(stderr, "ls: cannot access '%s': %s\n", ops[k], strerror(errno));
            status = 2;
            continue;
        }
        struct entry *e = S_ISDIR(st.st_mode) ? &dirs[ndirs++] : &files[nfiles++];
        e->name = ops[k];
        e->path = ops[k];
        e->st = st;
        e->have_st = 1;
    }
    qsort(files, nfiles, sizeof(struct entry), by_name);
    qsort(dirs, ndirs, sizeof(struct entry), by_name);
    print_entries(files, nfiles);
    for (int k = 0; k < ndirs; k++) {
        if (nops > 1) {
            if (nfiles > 0 || k > 0)
                printf("\n");
            printf("%s:\n", dirs[k].name);
        }
        list_dir(dirs[k].name);
    }
    return status;
}
