/*
 * rm - remove files.
 *
 *   rm [-r] [-f] FILE...   -r: remove directories and their contents
 *                          -f: ignore missing files, never complain
 *                              about them
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int recursive, force;

/* Print an error about path (unless -f hides it because path is simply
 * not there).  Returns -1. */
static int fail(const char *path)
{
    if (!(force && errno == ENOENT))
        fprintf(stderr, "rm: cannot remove '%s': %s\n", path, strerror(errno));
    return (force && errno == ENOENT) ? 0 : -1;
}

/* The names in a directory, except "." and "..", in a malloc'd array
 * with a NULL at the end.  Reading them all before removing any keeps
 * us from changing a directory while we read it. */
static char **read_names(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char **more = realloc(names, (n + 2) * sizeof(char *));
        char *copy = strdup(e->d_name);
        if (!more || !copy) {
            free(copy);
            names = more ? more : names;
            break;
        }
        names = more;
        names[n++] = copy;
    }
    closedir(d);
    if (!names)
        names = calloc(1, sizeof(char *));
    else
        names[n] = NULL;
    return names;
}

/* Remove path; with -r, a directory's contents first.  Returns 0 or -1. */
static int remove_path(const char *path)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return fail(path);
    if (!S_ISDIR(st.st_mode))
        return unlink(path) < 0 ? fail(path) : 0;
    if (!recursive) {
        fprintf(stderr, "rm: cannot remove '%s': Is a directory\n", path);
        return -1;
    }
    char **names = read_names(path);
    if (!names)
        return fail(path);
    int status = 0;
    for (char **n = names; *n; n++) {
        char *child = malloc(strlen(path) + strlen(*n) + 2);
        if (child) {
            sprintf(child, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", *n);
            if (remove_path(child) < 0)
                status = -1;
        }
        free(child);
        free(*n);
    }
    free(names);
    if (rmdir(path) < 0 && status == 0)
        return fail(path);
    return status;
}

/* The last component of path, ignoring trailing slashes, is . or ..? */
static int is_dot_or_dotdot(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t start = n;
    while (start > 0 && path[start - 1] != '/')
        start--;
    size_t len = n - start;
    return (len == 1 && path[start] == '.')
        || (len == 2 && path[start] == '.' && path[start + 1] == '.');
}

/* Parse the options, then remove each operand. */
int main(int argc, char **argv)
{
    int i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        for (char *o = argv[i] + 1; *o; o++) {
            if (*o == 'r' || *o == 'R') {
                recursive = 1;
            } else if (*o == 'f') {
                force = 1;
            } else {
                fprintf(stderr, "rm: invalid option -- '%c'\nusage: rm [-r] [-f] FILE...\n", *o);
                return 1;
            }
        }
    }
    if (i == argc && !force) {
        fprintf(stderr, "usage: rm [-r] [-f] FILE...\n");
        return 1;
    }
    for (; i < argc; i++) {
        if (is_dot_or_dotdot(argv[i])) {
            fprintf(stderr, "rm: refusing to remove '.' or '..' directory: skipping '%s'\n", argv[i]);
            status = 1;
        } else if (recursive && strspn(argv[i], "/") == strlen(argv[i])) {
            fprintf(stderr, "rm: it is dangerous to operate recursively on '/'\n");
            status = 1;
        } else if (remove_path(argv[i]) < 0) {
            status = 1;
        }
    }
    return status;
}
