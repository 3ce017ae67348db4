/*
 * lineedit.h - read a line from the terminal with editing, history and
 * Tab completion (Pagoda's own, in the spirit of readline and linenoise).
 *
 *     char *line = lineedit_read("$ ");    // malloc'd; free() it
 *     if (line && *line)
 *         lineedit_history_add(line);
 *
 * While it reads, the terminal is in raw mode (termios, cfmakeraw); the
 * saved settings are put back before lineedit_read returns, so whatever
 * runs next finds the terminal as it was.  When standard input is not a
 * terminal it just prints the prompt and reads one line, byte by byte
 * (never past the newline).  Output (prompt, echo) goes to standard
 * error, as a shell's prompt does.  The keys are listed in docs/console.md.
 */
#ifndef _LINEEDIT_H
#define _LINEEDIT_H

#include <stddef.h>

/* Read a line (without its newline).  Returns a malloc'd string, or
 * NULL: at the end of the input (^D on an empty line) with errno 0, on
 * ^C with errno EINTR (the line is abandoned; a shell prompts again and
 * sets $? to 130), or without memory with errno ENOMEM. */
char *lineedit_read(const char *prompt);

/* Remember a line for Up/Down.  Empty lines and a repeat of the newest
 * line are not kept; at most 500 lines are, the oldest go first.
 * Returns 1 if kept, 0 if not, -1 without memory. */
int lineedit_history_add(const char *line);

/* ---- Tab completion ---- */

/* The candidates for one Tab. */
struct lineedit_completions;

/* A completer is called on Tab with the line, and the word before the
 * cursor, line[start..end).  It adds candidates: each is a whole
 * replacement for that word. */
typedef void lineedit_completer(const char *line, size_t start, size_t end,
                                struct lineedit_completions *c);

/* Use fn on Tab (NULL: the default, lineedit_complete_default). */
void lineedit_set_completer(lineedit_completer *fn);
/* Add a candidate (copied; repeats are dropped later). */
void lineedit_add_completion(struct lineedit_completions *c, const char *word);
/* Add the programs in the directories of `path` (a $PATH: dirs separated
 * by ':') whose names start with prefix. */
void lineedit_complete_commands(struct lineedit_completions *c,
                                const char *prefix, const char *path);
/* Add the files whose paths start with prefix ("/b" -> "/bin/",
 * "RE" -> "README"), a '/' after each directory. */
void lineedit_complete_paths(struct lineedit_completions *c, const char *prefix);
/* Is the word starting at line[start] where a shell expects a command:
 * the first word, or the first after | ; & ( ? */
int lineedit_command_position(const char *line, size_t start);
/* The default completer: at a command position, commands from $PATH (or
 * paths, if the word has a '/'); elsewhere, paths. */
void lineedit_complete_default(const char *line, size_t start, size_t end,
                               struct lineedit_completions *c);

#endif
