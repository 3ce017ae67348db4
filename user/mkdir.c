/*
 * mkdir - make directories.
 *
 *   mkdir [-p] DIR...    -p: make missing parents too, and do not
 *                        complain if DIR already exists
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Make one directory.  With parents, make each missing ancestor first,
 * and an existing directory is fine.  Returns 0 or -1. */
static int make(char *path, int parents)
{
    if (parents) {
        /* Walk the path, stopping at each '/' to make the prefix. */
        for (char *p = path + 1; *p; p++) {
            if (*p != '/')
                continue;
            *p = '\0';
            if (mkdir(path, 0777) < 0 && errno != EEXIST) {
                fprintf(stderr, "mkdir: cannot create directory '%s': %s\n",
                        path, strerror(errno));
                *p = '/';
                return -1;
            }
            *p = '/';
        }
    }
    if (mkdir(path, 0777) == 0)
        return 0;
    if (parents && errno == EEXIST) {
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            return 0;
    }
    fprintf(stderr, "mkdir: cannot create directory '%s': %s\n", path, strerror(errno));
    return -1;
}

/* Make each directory named on the command line. */
int main(int argc, char **argv)
{
    int parents = 0, status = 0, i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "-p") == 0) {
            parents = 1;
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            fprintf(stderr, "mkdir: invalid option '%s'\nusage: mkdir [-p] DIR...\n", argv[i]);
            return 1;
        }
    }
    if (i == argc) {
        fprintf(stderr, "usage: mkdir [-p] DIR...\n");
        return 1;
    }
    for (; i < argc; i++)
        if (make(argv[i], parents) < 0)
            status = 1;
    return status;
}
