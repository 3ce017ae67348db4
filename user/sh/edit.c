/*
 * user/sh/edit.c - the terminal's side of the shell: each line typed at
 * the prompt is read through libc's line editor (lineedit.h; the keys
 * are in docs/console.md), which keeps the terminal raw only while the
 * line is typed.  Here the shell adds what only it knows: that ^C at
 * the prompt sets $? to 130 (as bash does) and drops a half-typed
 * command, and which words Tab completes (its builtins, the programs in
 * its own $PATH, paths).
 */
#include <errno.h>
#include <lineedit.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

int line_interrupted;

/* Tab: at a command's place, the builtins and the programs in the
 * shell's $PATH (which need not be the environment's); a word with a
 * '/' or any later word: paths. */
static void complete_word(const char *line, size_t start, size_t end,
                          struct lineedit_completions *c)
{
    size_t n = end - start;
    if (!lineedit_command_position(line, start) || memchr(line + start, '/', n)) {
        lineedit_complete_default(line, start, end, c);
        return;
    }
    const char *name;
    for (int i = 0; (name = builtin_name(i)) != NULL; i++)
        if (strncmp(name, line + start, n) == 0)
            lineedit_add_completion(c, name);
    if (strncmp("exec", line + start, n) == 0)
        lineedit_add_completion(c, "exec");
    char *prefix = strndup(line + start, n);
    if (prefix)
        lineedit_complete_commands(c, prefix, var_get("PATH"));
    free(prefix);
}

/* The one place the shell reads a line typed at the terminal: a
 * malloc'd line without its newline, or NULL at the end of the input.
 * When standard input is no terminal, lineedit_read prints the prompt
 * and reads one byte at a time up to the newline, as the shell always
 * did, so nothing after it is taken from the commands we run. */
char *read_interactive_line(const char *prompt)
{
    static int completer_set;
    if (!completer_set) {
        lineedit_set_completer(complete_word);
        completer_set = 1;
    }
    char *line = lineedit_read(prompt);
    line_interrupted = !line && errno == EINTR;
    if (line_interrupted) {
        last_status = 130;
        return xstrdup("");
    }
    if (line)
        lineedit_history_add(line);
    return line;
}
