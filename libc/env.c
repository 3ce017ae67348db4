/*
 * libc/env.c - the environment: environ, getenv, setenv, unsetenv.
 *
 * At start-up environ points at the strings the kernel put on the stack
 * (crt0 sets it).  The first setenv or unsetenv copies the pointer array
 * to the heap so that it can grow; strings we add come from malloc.
 * Replaced strings are never freed, since the program may still hold
 * pointers into them (getenv results): a small, deliberate leak.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char **environ;

static int environ_is_ours;      /* environ points at a malloc'd array */

/* If entry is "name=...", return a pointer to the value, else NULL. */
static char *match(const char *entry, const char *name, size_t len)
{
    if (strncmp(entry, name, len) == 0 && entry[len] == '=')
        return (char *)entry + len + 1;
    return NULL;
}

/* The value of the environment variable name, or NULL. */
char *getenv(const char *name)
{
    size_t len = strlen(name);
    if (!environ)
        return NULL;
    for (char **e = environ; *e; e++) {
        char *v = match(*e, name, len);
        if (v)
            return v;
    }
    return NULL;
}

/* A name is valid if it is non-empty and has no '='. */
static int bad_name(const char *name)
{
    if (!name || !*name || strchr(name, '=')) {
        errno = EINVAL;
        return 1;
    }
    return 0;
}

/* Number of entries in environ. */
static int env_count(void)
{
    int n = 0;
    while (environ && environ[n])
        n++;
    return n;
}

/* Make environ a heap array with room for `extra` more entries. */
static int env_grow(int extra)
{
    int n = env_count();
    char **e = malloc((n + extra + 1) * sizeof(char *));
    if (!e)
        return -1;
    for (int i = 0; i < n; i++)
        e[i] = environ[i];
    e[n] = NULL;
    if (environ_is_ours)
        free(environ);
    environ = e;
    environ_is_ours = 1;
    return 0;
}

/* Set name=value.  An existing variable is replaced only if overwrite
 * is non-zero. */
int setenv(const char *name, const char *value, int overwrite)
{
    if (bad_name(name))
        return -1;
    size_t len = strlen(name);
    int n = env_count(), i;
    for (i = 0; i < n; i++)
        if (match(environ[i], name, len))
            break;
    if (i < n && !overwrite)
        return 0;
    size_t vlen = strlen(value);
    char *entry = malloc(len + vlen + 2);
    if (!entry)
        return -1;
    memcpy(entry, name, len);
    entry[len] = '=';
    memcpy(entry + len + 1, value, vlen + 1);
    if (i == n) {                        /* a new variable: append */
        if (env_grow(1) < 0) {
            free(entry);
            return -1;
        }
        environ[n + 1] = NULL;
    }
    environ[i] = entry;
    return 0;
}

/* Remove every definition of name. */
int unsetenv(const char *name)
{
    if (bad_name(name))
        return -1;
    size_t len = strlen(name);
    if (!environ)
        return 0;
    if (!environ_is_ours && env_grow(0) < 0)
        return -1;
    char **out = environ;
    for (char **e = environ; *e; e++)
        if (!match(*e, name, len))
            *out++ = *e;
    *out = NULL;
    return 0;
}
