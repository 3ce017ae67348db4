/*
 * kernel/cmdline.c - splits the command line into options and arguments.
 * Pure string work, so tests/unit/test_cmdline.c runs it on the host.
 */
#include "kernel/cmdline.h"
#include "lib/string.h"

static char raw[CMDLINE_MAX];
static char words[CMDLINE_MAX];          /* the words, NUL-separated */
static const char *opt_key[CMDLINE_MAX_OPTS], *opt_val[CMDLINE_MAX_OPTS];
static const char *args[CMDLINE_MAX_ARGS];
static int nopts, nargs;

/* Words without '=' that are the kernel's own switches, as in Linux's
 * Documentation/admin-guide/kernel-parameters.txt, not init's arguments. */
static const char *const kernel_flags[] = { "norandmaps" };

static int is_kernel_flag(const char *word)
{
    for (unsigned i = 0; i < sizeof(kernel_flags) / sizeof(kernel_flags[0]); i++)
        if (strcmp(word, kernel_flags[i]) == 0)
            return 1;
    return 0;
}

/* Copy the next word of `*src` to `*dst`, removing quotes.  Returns 0 at
 * the end of the line. */
static int next_word(const char **src, char **dst, char *dst_end)
{
    const char *s = *src;
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    if (!*s)
        return 0;
    char *d = *dst;
    int quoted = 0;
    for (; *s && (quoted || (*s != ' ' && *s != '\t' && *s != '\n')); s++) {
        if (*s == '"')
            quoted = !quoted;
        else if (d < dst_end - 1)
            *d++ = *s;
    }
    *d++ = '\0';
    *src = s;
    *dst = d;
    return 1;
}

void cmdline_parse(const char *line)
{
    strlcpy(raw, line ? line : "", sizeof(raw));
    nopts = nargs = 0;
    const char *src = raw;
    char *dst = words;
    int only_args = 0;
    char *word = dst;
    while (dst < words + sizeof(words) - 1 &&
           next_word(&src, &dst, words + sizeof(words))) {
        char *eq = strchr(word, '=');
        if (!only_args && nargs == 0 && strcmp(word, "--") == 0) {
            only_args = 1;
        } else if (!only_args && eq && eq != word && nargs == 0) {
            if (nopts < CMDLINE_MAX_OPTS) {    /* beyond the limit: dropped */
                *eq = '\0';
                opt_key[nopts] = word;
                opt_val[nopts++] = eq + 1;
            }
        } else if (!only_args && nargs == 0 && is_kernel_flag(word)) {
            if (nopts < CMDLINE_MAX_OPTS) {
                opt_key[nopts] = word;
                opt_val[nopts++] = "";
            }
        } else if (nargs < CMDLINE_MAX_ARGS) {
            args[nargs++] = word;
        }
        word = dst;
    }
}

const char *cmdline_raw(void)
{
    return raw;
}

const char *cmdline_get(const char *key)
{
    for (int i = nopts - 1; i >= 0; i--)    /* the last one given wins */
        if (strcmp(opt_key[i], key) == 0)
            return opt_val[i];
    return NULL;
}

int cmdline_has(const char *key)
{
    return cmdline_get(key) != NULL;
}

int cmdline_get_int(const char *key, int def)
{
    const char *v = cmdline_get(key);
    if (!v)
        return def;
    int negative = *v == '-';
    if (negative)
        v++;
    if (!*v)
        return def;                    /* "" or a lone "-" */
    long long n = 0;
    for (; *v; v++) {
        if (*v < '0' || *v > '9')
            return def;
        n = n * 10 + (*v - '0');
        if (n > 2147483648LL)
            return def;                /* does not fit in an int */
    }
    if (negative)
        n = -n;
    return (n > 2147483647LL) ? def : (int)n;
}

int cmdline_argc(void)
{
    return nargs;
}

const char *cmdline_arg(int i)
{
    return (i >= 0 && i < nargs) ? args[i] : NULL;
}
