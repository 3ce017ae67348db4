/*
 * libc/lineedit_candidates.c - where Tab's candidates come from: the
 * programs in $PATH for a command word, the file system for a path.
 *
 * Words are taken as they are written: no quotes, no ~ and no $VAR are
 * understood, and a name with a blank in it cannot be completed.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lineedit_impl.h"

#define PATH_BYTES 4096          /* PATH_MAX: a longer path is skipped */

/* dir + "/" + name into buf (dir "" means the current directory). */
static int join_path(char *buf, const char *dir, size_t dirlen, const char *name)
{
    size_t n = strlen(name);
    if (dirlen + 1 + n + 1 > PATH_BYTES)
        return -1;
    memcpy(buf, dir, dirlen);
    if (dirlen > 0 && dir[dirlen - 1] != '/')
        buf[dirlen++] = '/';
    memcpy(buf + dirlen, name, n + 1);
    return 0;
}

/* Should a directory entry be offered for this prefix?  "." and ".."
 * and hidden files only when the prefix asks for a dot, as bash does. */
static int entry_matches(const char *name, const char *base, size_t baselen)
{
    if (name[0] == '.' && base[0] != '.')
        return 0;
    return strncmp(name, base, baselen) == 0;
}

/* The programs (executable regular files) in dir[0..dirlen) that start
 * with prefix. */
static void commands_in(struct lineedit_completions *c, const char *dir,
                        size_t dirlen, const char *prefix)
{
    char path[PATH_BYTES];
    if (dirlen + 1 > PATH_BYTES)
        return;
    memcpy(path, dir, dirlen);
    path[dirlen] = '\0';
    DIR *d = opendir(dirlen ? path : ".");
    if (!d)
        return;
    size_t plen = strlen(prefix);
    struct dirent *e;
    struct stat st;
    while ((e = readdir(d)) != NULL) {
        if (!entry_matches(e->d_name, prefix, plen) ||
            join_path(path, dir, dirlen, e->d_name) < 0)
            continue;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111))
            lineedit_add_completion(c, e->d_name);
    }
    closedir(d);
}

/* Commands from every directory of path (':'-separated; an empty entry
 * is the current directory, as execvp takes it). */
void lineedit_complete_commands(struct lineedit_completions *c,
                                const char *prefix, const char *path)
{
    if (!path)
        return;
    for (;;) {
        const char *colon = strchr(path, ':');
        size_t n = colon ? (size_t)(colon - path) : strlen(path);
        commands_in(c, path, n, prefix);
        if (!colon)
            return;
        path = colon + 1;
    }
}

/* Files that start with prefix: the entries of prefix's directory part
 * that start with its last component, each as the whole path, with a
 * '/' after directories. */
void lineedit_complete_paths(struct lineedit_completions *c, const char *prefix)
{
    const char *slash = strrchr(prefix, '/');
    size_t dirlen = slash ? (size_t)(slash - prefix) + 1 : 0;   /* "dir/" */
    const char *base = prefix + dirlen;
    size_t baselen = strlen(base);
    char dir[PATH_BYTES], path[PATH_BYTES], word[PATH_BYTES];
    if (dirlen + 1 > PATH_BYTES)
        return;
    memcpy(dir, prefix, dirlen);
    dir[dirlen] = '\0';
    DIR *d = opendir(dirlen ? dir : ".");
    if (!d)
        return;
    struct dirent *e;
    struct stat st;
    while ((e = readdir(d)) != NULL) {
        if (!entry_matches(e->d_name, base, baselen) ||
            join_path(path, dir, dirlen, e->d_name) < 0)
            continue;
        int is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
        size_t n = strlen(path);
        if (!dirlen)                     /* "README", not "./README" */
            n = strlen(e->d_name);
        if (n + 2 > PATH_BYTES)
            continue;
        memcpy(word, dirlen ? path : e->d_name, n);
        word[n] = '/';
        word[n + is_dir] = '\0';
        lineedit_add_completion(c, word);
    }
    closedir(d);
}

/* Is line[start] where a command name goes: nothing but blanks before it
 * since the line's start or one of | ; & ( ? */
int lineedit_command_position(const char *line, size_t start)
{
    while (start > 0 && (line[start - 1] == ' ' || line[start - 1] == '\t'))
        start--;
    if (start == 0)
        return 1;
    char c = line[start - 1];
    return c == '|' || c == ';' || c == '&' || c == '(';
}

/* The default: commands at a command position (unless the word is a
 * path, like ./prog or /bin/ls), paths everywhere else. */
void lineedit_complete_default(const char *line, size_t start, size_t end,
                               struct lineedit_completions *c)
{
    size_t n = end - start;
    char word[PATH_BYTES];
    if (n + 1 > PATH_BYTES)
        return;
    memcpy(word, line + start, n);
    word[n] = '\0';
    if (lineedit_command_position(line, start) && !strchr(word, '/'))
        lineedit_complete_commands(c, word, getenv("PATH"));
    else
        lineedit_complete_paths(c, word);
}
