/*
 * libc/lineedit_impl.h - the line editor's parts, shared by its files:
 *
 *   lineedit_keys.c      bytes from the terminal -> keys (escape sequences
 *                        decoded, unknown ones swallowed whole)
 *   lineedit_line.c      the line being edited: a buffer and a cursor, and
 *                        what each key does to it (le_edit)
 *   lineedit_history.c   the lines typed before (Up/Down)
 *   lineedit_complete.c  Tab: candidates, the longest common prefix
 *   lineedit.c           the terminal: raw mode, drawing, the read loop
 *
 * Everything but lineedit.c is pure logic over memory, so the host unit
 * test (tests/unit/test_lineedit.c) compiles those files and feeds them
 * keys.  The public interface is libc/include/lineedit.h.
 */
#ifndef LIBC_LINEEDIT_IMPL_H
#define LIBC_LINEEDIT_IMPL_H

#include <stddef.h>

#include "include/lineedit.h"        /* by path: the host unit test too */

/* Caps.  A line holds at most LE_LINE_MAX bytes: Linux's canonical-mode
 * line is N_TTY_BUF_SIZE = 4096 bytes with its newline (n_tty.c), and a
 * longer one could not be typed at a cooked terminal either.  History
 * keeps LE_HISTORY_MAX lines, bash's default HISTSIZE.  One Tab gathers
 * at most LE_COMPLETIONS_MAX candidates. */
#define LE_LINE_MAX        4095
#define LE_HISTORY_MAX     500
#define LE_COMPLETIONS_MAX 1024

/* ---- keys (lineedit_keys.c) ---- */

/* A key is a byte 0..0x7f (printable, or a control key like 0x01 = ^A)
 * or one of these, decoded from an escape sequence. */
enum le_key {
    LE_KEY_PENDING = -1,         /* in the middle of a sequence */
    LE_KEY_UP = 0x100,
    LE_KEY_DOWN,
    LE_KEY_RIGHT,
    LE_KEY_LEFT,
    LE_KEY_HOME,
    LE_KEY_END,
    LE_KEY_DELETE,
    LE_KEY_WORD_LEFT,            /* Alt-b, Ctrl-Left */
    LE_KEY_WORD_RIGHT,           /* Alt-f, Ctrl-Right */
    LE_KEY_KILL_WORD_RIGHT,      /* Alt-d */
    LE_KEY_KILL_WORD_LEFT,       /* Alt-Backspace */
    LE_KEY_IGNORED,              /* a whole sequence we do not handle */
};

#define LE_CTRL(c) ((c) & 0x1f)  /* LE_CTRL('A') == 0x01 */
#define LE_ESC     0x1b
#define LE_DEL     0x7f

/* Where the decoder is: ESC [ parameters... final byte (CSI, ECMA-48
 * 5.4), or ESC O final byte (SS3, what terminals send in "application
 * cursor" mode). */
struct le_decoder {
    int state;                   /* LE_DEC_* in lineedit_keys.c */
    int param[2];                /* the first two numeric parameters */
    int nparam;                  /* how many ';'-separated ones were seen */
};

/* Feed one byte; returns a key, or LE_KEY_PENDING if the byte started or
 * continued a sequence. */
int le_decode(struct le_decoder *d, unsigned char byte);

/* ---- history (lineedit_history.c) ---- */

struct le_history {
    char *entry[LE_HISTORY_MAX]; /* entry[0] is the oldest */
    int count;
};

/* Remember a line: not an empty one, not the same as the newest; when
 * full, the oldest is forgotten.  1 if added, 0 if not, -1 without
 * memory. */
int le_history_add(struct le_history *h, const char *line);
/* The line `back` steps into the past (1 = the newest), or NULL. */
const char *le_history_get(const struct le_history *h, int back);
/* Forget everything. */
void le_history_clear(struct le_history *h);

/* ---- the line and its editing (lineedit_line.c) ---- */

struct le_line {
    char text[LE_LINE_MAX + 1];  /* NUL-terminated */
    size_t len, pos;             /* length; the cursor, 0..len */
};

/* What the editor state holds between keys. */
struct le_state {
    struct le_line line;
    struct le_history *history;
    int back;                    /* 0: the new line; N: history entry N back */
    char draft[LE_LINE_MAX + 1]; /* the new line, while browsing history */
    char killed[LE_LINE_MAX + 1];/* the text ^K ^U ^W cut, for ^Y */
    size_t killed_len;
};

/* What the terminal side must do after a key. */
enum le_action {
    LE_NOTHING,                  /* nothing changed */
    LE_REDRAW,                   /* the line or the cursor changed */
    LE_ACCEPT,                   /* Enter: the line is done */
    LE_EOF,                      /* ^D on an empty line */
    LE_INTERRUPT,                /* ^C: abandon the line */
    LE_COMPLETE,                 /* Tab */
    LE_CLEAR_SCREEN,             /* ^L */
    LE_BELL,                     /* the key could not do anything */
};

/* Start a new, empty line. */
void le_state_reset(struct le_state *s, struct le_history *h);
/* Replace the whole line with text (cut at LE_LINE_MAX), cursor at the end. */
void le_line_set(struct le_line *l, const char *text);
/* Insert n bytes at the cursor, which moves past them.  0, or -1 (and
 * nothing inserted) if the line would grow beyond LE_LINE_MAX. */
int le_line_insert(struct le_line *l, const char *s, size_t n);
/* Remove line[from..to) (from <= to <= len); the cursor follows. */
void le_line_remove(struct le_line *l, size_t from, size_t to);
/* Do what `key` does to the line (the keys are listed in docs/console.md). */
enum le_action le_edit(struct le_state *s, int key);

/* ---- completion (lineedit_complete.c) ---- */

/* The candidates for one Tab; each replaces the word before the cursor. */
struct lineedit_completions {
    char *word[LE_COMPLETIONS_MAX];
    int count;
    int full;                    /* some were dropped at the cap */
};

/* What a Tab did. */
enum le_complete_result {
    LE_COMPLETED,                /* the word was extended */
    LE_AMBIGUOUS,                /* several candidates, nothing to add */
    LE_NO_MATCH,
};

/* Where the word before the cursor starts: after the last blank or shell
 * operator (| ; & < > ( )) before pos. */
size_t le_word_start(const char *line, size_t pos);
/* Sort the candidates and drop repeats. */
void le_completions_sort(struct lineedit_completions *c);
/* Free the candidates. */
void le_completions_free(struct lineedit_completions *c);
/* Apply sorted candidates to the word line[start..pos): a single one is
 * put in whole (with a space after it unless it ends in '/'), several
 * are extended to their longest common prefix. */
enum le_complete_result le_complete_apply(struct le_line *l, size_t start,
                                          const struct lineedit_completions *c);
/* The part of a candidate a listing shows: after its last '/', with the
 * '/' of a directory kept ("/bin/" -> "bin/", "/bin/ls" -> "ls"). */
const char *le_completion_display(const char *word, size_t *len);

#endif
