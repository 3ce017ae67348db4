/*
 * tests/unit/test_cmdline.c - kernel/cmdline.c: options, quotes, init's
 * arguments, "--", numbers, and lines too long or with too many words.
 */
#include "kernel/cmdline.c"

#include "tests/unit/unit.h"

#include <sys/wait.h>
#include <unistd.h>

/* Run fn(arg) in a child process, for code that may die (a sanitizer
 * report ends the process).  Returns fn's value (0..255) when the
 * child exits normally, -1 if it died or exited some other way. */
static int run_in_child(int (*fn)(void *), void *arg)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int r = fn(arg);
        fflush(stdout);
        _exit(r & 0xff);
    }
    int status;
    if (waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The host's glibc (before 2.38) has no strlcpy; this one follows
 * lib/string.h: copy at most size-1 bytes, terminate, return strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);
    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

/* Option `key` must be `want` (NULL: absent). */
#define CHECK_OPT(key, want)                                                \
    do {                                                                    \
        const char *got_ = cmdline_get(key);                                \
        const char *want_ = (want);                                         \
        CHECK(want_ ? got_ && strcmp(got_, want_) == 0 : got_ == NULL,      \
              "option %s: got %s%s%s, want %s%s%s", key,                    \
              got_ ? "\"" : "", got_ ? got_ : "NULL", got_ ? "\"" : "",     \
              want_ ? "\"" : "", want_ ? want_ : "NULL", want_ ? "\"" : ""); \
    } while (0)

/* The init arguments must be exactly the NULL-terminated list. */
static void check_args(int line, const char *const *want)
{
    int n = 0;
    while (want[n])
        n++;
    CHECK(cmdline_argc() == n, "line %d: %d arguments, want %d",
          line, cmdline_argc(), n);
    for (int i = 0; i < n && i < cmdline_argc(); i++)
        CHECK(cmdline_arg(i) && strcmp(cmdline_arg(i), want[i]) == 0,
              "line %d: argument %d is \"%s\", want \"%s\"", line, i,
              cmdline_arg(i) ? cmdline_arg(i) : "(NULL)", want[i]);
    CHECK(cmdline_arg(n) == NULL && cmdline_arg(-1) == NULL,
          "line %d: out-of-range arguments are not NULL", line);
}
#define ARGS(...) check_args(__LINE__, (const char *const[]){ __VA_ARGS__, NULL })
#define NO_ARGS() check_args(__LINE__, (const char *const[]){ NULL })

static void test_options(void)
{
    group_begin("cmdline_options");
    cmdline_parse("ktest=all strace=1 console=ttyS0");
    CHECK_OPT("ktest", "all");
    CHECK_OPT("strace", "1");
    CHECK_OPT("console", "ttyS0");
    CHECK_OPT("init", NULL);
    CHECK_OPT("kt", NULL);                 /* no prefix matches */
    CHECK_OPT("ktestx", NULL);
    NO_ARGS();
    CHECK(strcmp(cmdline_raw(), "ktest=all strace=1 console=ttyS0") == 0,
          "raw is \"%s\"", cmdline_raw());

    cmdline_parse("a=1 b=2 a=3");          /* the last one wins */
    CHECK_OPT("a", "3");
    CHECK_OPT("b", "2");

    cmdline_parse("  \t a=1 \n\t b=x=y   ");   /* any blanks; '=' in value */
    CHECK_OPT("a", "1");
    CHECK_OPT("b", "x=y");
    NO_ARGS();

    cmdline_parse("empty= x=");            /* empty values are values */
    CHECK_OPT("empty", "");
    CHECK_OPT("x", "");

    cmdline_parse("a=1");                  /* a new parse replaces the old */
    CHECK_OPT("a", "1");
    CHECK_OPT("b", NULL);
    group_end();
}

static void test_quotes(void)
{
    group_begin("cmdline_quotes");
    cmdline_parse("init=\"/bin/echo a b\" x=1");
    CHECK_OPT("init", "/bin/echo a b");
    CHECK_OPT("x", "1");
    NO_ARGS();

    cmdline_parse("msg=\"\" y=\"two  spaces\"");
    CHECK_OPT("msg", "");
    CHECK_OPT("y", "two  spaces");

    cmdline_parse("k=ab\"c d\"ef");        /* quotes in mid-word */
    CHECK_OPT("k", "abc def");

    cmdline_parse("\"k=v w\"");            /* the quote may open the word */
    CHECK_OPT("k", "v w");

    cmdline_parse("k=\"unterminated quote");   /* runs to the end */
    CHECK_OPT("k", "unterminated quote");
    NO_ARGS();
    group_end();
}

static void test_arguments(void)
{
    group_begin("cmdline_arguments");
    cmdline_parse("init=/bin/sh -c \"echo hi\" ktest=x");
    CHECK_OPT("init", "/bin/sh");
    CHECK_OPT("ktest", NULL);              /* after an argument: an argument */
    ARGS("-c", "echo hi", "ktest=x");

    cmdline_parse("single");
    ARGS("single");

    cmdline_parse("a=1 plain b=2 c");
    CHECK_OPT("a", "1");
    CHECK_OPT("b", NULL);
    ARGS("plain", "b=2", "c");

    cmdline_parse("=x a=1");               /* no key: not an option */
    ARGS("=x", "a=1");
    CHECK_OPT("", NULL);
    CHECK_OPT("a", NULL);

    cmdline_parse("x \"\" y");             /* an empty quoted argument */
    ARGS("x", "", "y");
    group_end();
}

/* norandmaps is a kernel switch without '=': an option, not init's
 * argument, but only where an option may stand. */
static void test_kernel_flags(void)
{
    group_begin("cmdline_kernel_flags");
    cmdline_parse("norandmaps init=/bin/sh");
    CHECK_OPT("norandmaps", "");
    CHECK(cmdline_has("norandmaps"), "norandmaps not seen");
    CHECK_OPT("init", "/bin/sh");
    NO_ARGS();

    cmdline_parse("init=/bin/sh norandmaps");   /* still before any argument */
    CHECK(cmdline_has("norandmaps"), "norandmaps after init= not seen");
    NO_ARGS();

    cmdline_parse("init=/bin/echo hi norandmaps");   /* after an argument */
    CHECK(!cmdline_has("norandmaps"), "an argument became the switch");
    ARGS("hi", "norandmaps");

    cmdline_parse("-- norandmaps");
    CHECK(!cmdline_has("norandmaps"), "after --: an argument");
    ARGS("norandmaps");

    cmdline_parse("norandmapsx a=1");           /* whole words only */
    CHECK(!cmdline_has("norandmaps") && !cmdline_has("norandmapsx"),
          "a longer word matched");
    ARGS("norandmapsx", "a=1");

    cmdline_parse("ktest=all");
    CHECK(!cmdline_has("norandmaps") && cmdline_has("ktest"), "cmdline_has");
    group_end();
}

static void test_double_dash(void)
{
    group_begin("cmdline_double_dash");
    cmdline_parse("a=1 -- b=2 c");
    CHECK_OPT("a", "1");
    CHECK_OPT("b", NULL);
    ARGS("b=2", "c");

    cmdline_parse("--");
    NO_ARGS();

    cmdline_parse("a=1 -- -- x");          /* only the first "--" is eaten */
    ARGS("--", "x");

    cmdline_parse("-- --");
    ARGS("--");

    cmdline_parse("a=\"--\"");             /* a quoted value is just a value */
    CHECK_OPT("a", "--");
    NO_ARGS();
    group_end();

    /* Once the arguments have started, every word belongs to init, as
     * kernel/cmdline.h says: "sh -c -- x" must reach init unchanged. */
    group_begin("cmdline_double_dash_after_args");
    cmdline_parse("init=/bin/sh -c -- x");
    ARGS("-c", "--", "x");
    group_end();
}

struct int_case {
    const char *line;
    int want;               /* with default 99 */
};

/* Exit status 0 if cmdline_get_int gives the expected value, else 42
 * (a sanitizer ending the child exits with 1). */
static int int_case_child(void *arg)
{
    const struct int_case *c = arg;
    cmdline_parse(c->line);
    return cmdline_get_int("n", 99) == c->want ? 0 : 42;
}

static void test_numbers(void)
{
    group_begin("cmdline_get_int");
    cmdline_parse("n=42 neg=-17 zero=0 big=2147483647 lead=007 "
                  "bad=12x hex=0x10 sp=\" 5\" plus=+3 empty= dash=--5 "
                  "min=-2147483647");
    CHECK(cmdline_get_int("n", -1) == 42);
    CHECK(cmdline_get_int("neg", 0) == -17);
    CHECK(cmdline_get_int("zero", 9) == 0);
    CHECK(cmdline_get_int("big", 0) == 2147483647);
    CHECK(cmdline_get_int("min", 0) == -2147483647);
    CHECK(cmdline_get_int("lead", 0) == 7);
    CHECK(cmdline_get_int("bad", 99) == 99);
    CHECK(cmdline_get_int("hex", 99) == 99);
    CHECK(cmdline_get_int("sp", 99) == 99);
    CHECK(cmdline_get_int("plus", 99) == 99);
    CHECK(cmdline_get_int("empty", 99) == 99);
    CHECK(cmdline_get_int("dash", 99) == 99);
    CHECK(cmdline_get_int("absent", -5) == -5);
    group_end();

    /* Not numbers either: a lone "-", and values that do not fit in an
     * int (computing them overflows a signed int: undefined behaviour,
     * which UBSan would stop this test on). */
    group_begin("cmdline_get_int_edge");
    cmdline_parse("minus=-");
    CHECK(cmdline_get_int("minus", 99) == 99, "\"-\" gave %d",
          cmdline_get_int("minus", 99));
    /* In a child, as UBSan ends the process on the overflow. */
    static const struct int_case cases[] = {
        { "n=2147483648", 99 },          /* INT_MAX + 1: not an int */
        { "n=99999999999", 99 },
        { "n=-2147483649", 99 },
        { "n=-2147483648", -2147483647 - 1 },   /* INT_MIN fits */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int r = run_in_child(int_case_child, (void *)&cases[i]);
        CHECK(r == 0, "\"%s\": %s", cases[i].line,
              r == 42 ? "wrong value" : "died (see the sanitizer report)");
    }
    group_end();
}

static void test_limits(void)
{
    group_begin("cmdline_limits");
    char line[4096];
    int len = 0;

    /* More options than CMDLINE_MAX_OPTS: the first 32 are kept. */
    for (int i = 0; i < CMDLINE_MAX_OPTS + 8; i++)
        len += sprintf(line + len, "o%d=%d ", i, i);
    cmdline_parse(line);
    CHECK_OPT("o0", "0");
    CHECK_OPT("o31", "31");
    CHECK(cmdline_get("o32") == NULL);
    CHECK(cmdline_argc() <= CMDLINE_MAX_ARGS);

    /* More arguments than CMDLINE_MAX_ARGS: the first 32 are kept. */
    len = 0;
    for (int i = 0; i < CMDLINE_MAX_ARGS + 10; i++)
        len += sprintf(line + len, "w%d ", i);
    cmdline_parse(line);
    CHECK(cmdline_argc() == CMDLINE_MAX_ARGS, "argc %d", cmdline_argc());
    CHECK(cmdline_arg(0) && strcmp(cmdline_arg(0), "w0") == 0);
    CHECK(cmdline_arg(31) && strcmp(cmdline_arg(31), "w31") == 0);
    CHECK(cmdline_arg(32) == NULL);

    /* A line longer than CMDLINE_MAX: cut, never overflowing (ASan
     * watches the static buffers). */
    memset(line, 'a', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    memcpy(line, "k=", 2);
    cmdline_parse(line);
    CHECK(strlen(cmdline_raw()) == CMDLINE_MAX - 1, "raw length %zu",
          strlen(cmdline_raw()));
    CHECK(cmdline_get("k") && strlen(cmdline_get("k")) == CMDLINE_MAX - 3);

    /* Many one-letter words: words[] needs 2 bytes per word, as raw. */
    for (int i = 0; i < (int)sizeof(line) - 1; i++)
        line[i] = (i & 1) ? ' ' : 'x';
    cmdline_parse(line);
    CHECK(cmdline_argc() == CMDLINE_MAX_ARGS, "argc %d", cmdline_argc());

    /* Many empty quoted words: each takes 1 byte of words[] for 2 of raw,
     * then the rest of words[] stays unused. */
    for (int i = 0; i < (int)sizeof(line) - 1; i += 3)
        memcpy(line + i, "\"\" ", 3);
    line[sizeof(line) - 1] = '\0';
    cmdline_parse(line);
    CHECK(cmdline_argc() == CMDLINE_MAX_ARGS, "argc %d", cmdline_argc());

    /* One huge quoted word. */
    line[0] = '"';
    memset(line + 1, 'q', sizeof(line) - 2);
    cmdline_parse(line);
    CHECK(cmdline_argc() == 1 && strlen(cmdline_arg(0)) == CMDLINE_MAX - 2,
          "argc %d", cmdline_argc());
    group_end();

    /* Options beyond the 32nd are dropped; they must not turn into
     * arguments for init (and make every later option one, too). */
    group_begin("cmdline_too_many_options");
    len = 0;
    for (int i = 0; i < CMDLINE_MAX_OPTS + 2; i++)
        len += sprintf(line + len, "o%d=%d ", i, i);
    cmdline_parse(line);
    CHECK(cmdline_argc() == 0, "%d arguments, first \"%s\"", cmdline_argc(),
          cmdline_arg(0) ? cmdline_arg(0) : "");
    group_end();
}

static void test_empty(void)
{
    group_begin("cmdline_empty");
    cmdline_parse("a=1 b");
    cmdline_parse("");
    CHECK(strcmp(cmdline_raw(), "") == 0);
    CHECK_OPT("a", NULL);
    NO_ARGS();
    cmdline_parse("a=1 b");
    cmdline_parse(NULL);
    CHECK(strcmp(cmdline_raw(), "") == 0);
    CHECK_OPT("a", NULL);
    NO_ARGS();
    cmdline_parse("   \t\n  ");
    CHECK_OPT("a", NULL);
    NO_ARGS();
    CHECK(cmdline_get_int("a", 7) == 7);
    group_end();
}

int main(void)
{
    test_options();
    test_quotes();
    test_arguments();
    test_kernel_flags();
    test_double_dash();
    test_numbers();
    test_limits();
    test_empty();
    return unit_exit();
}
