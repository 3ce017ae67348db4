/*
 * kernel/cmdline.h - the kernel command line, e.g.
 *     ktest=all strace=1 init=/bin/sh -c "echo hi"
 * Words with '=' are options (key=value), and so are the kernel's own
 * switches without one (norandmaps: an option with the value "").  The
 * first other word without '=', every word after it, and everything
 * after "--" are extra arguments that go to init (here: -c and "echo hi").
 * Double quotes group words: init="/bin/echo a b".
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#define CMDLINE_MAX      1024
#define CMDLINE_MAX_OPTS 32
#define CMDLINE_MAX_ARGS 32

/* Parse (a copy of) `line`; later calls replace earlier ones. */
void cmdline_parse(const char *line);
/* The command line as given. */
const char *cmdline_raw(void);
/* The value of option `key`, or NULL if it is absent. */
const char *cmdline_get(const char *key);
/* Whether option or switch `key` was given (e.g. "norandmaps"). */
int cmdline_has(const char *key);
/* Option `key` as a decimal number, or `def` if absent or not a number. */
int cmdline_get_int(const char *key, int def);
/* The words that are not options, in order. */
int cmdline_argc(void);
const char *cmdline_arg(int i);

#endif
