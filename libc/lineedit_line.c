/*
 * libc/lineedit_line.c - the line being edited and what each key does.
 *
 * The line is a fixed buffer of at most LE_LINE_MAX bytes with a cursor
 * (0..len: before the first byte .. after the last).  le_edit applies
 * one key, with the Emacs-style bindings of readline and bash (the list
 * is in docs/console.md), and tells the terminal side what to do next.
 * Only printable ASCII is inserted; other bytes are ignored.
 *
 * Up/Down browse the history.  The line being typed is kept aside (the
 * draft) when the first Up leaves it, and comes back with the last Down.
 * A history line can be edited and entered; editing it and moving on
 * drops the edit (the history itself never changes).
 */
#include <string.h>

#include "lineedit_impl.h"

/* Start an empty line, not browsing history. */
void le_state_reset(struct le_state *s, struct le_history *h)
{
    s->line.len = s->line.pos = 0;
    s->line.text[0] = '\0';
    s->history = h;
    s->back = 0;
    s->draft[0] = '\0';
}

/* Replace the whole line, cursor at the end. */
void le_line_set(struct le_line *l, const char *text)
{
    size_t n = strlen(text);
    if (n > LE_LINE_MAX)
        n = LE_LINE_MAX;
    memcpy(l->text, text, n);
    l->text[n] = '\0';
    l->len = l->pos = n;
}

/* Insert s[0..n) at the cursor, or nothing if it does not fit. */
int le_line_insert(struct le_line *l, const char *s, size_t n)
{
    if (n > LE_LINE_MAX - l->len)
        return -1;
    memmove(l->text + l->pos + n, l->text + l->pos, l->len - l->pos + 1);
    memcpy(l->text + l->pos, s, n);
    l->len += n;
    l->pos += n;
    return 0;
}

/* Remove text[from..to); a cursor after it moves back with the text, a
 * cursor inside it goes to `from`. */
void le_line_remove(struct le_line *l, size_t from, size_t to)
{
    memmove(l->text + from, l->text + to, l->len - to + 1);
    l->len -= to - from;
    if (l->pos >= to)
        l->pos -= to - from;
    else if (l->pos > from)
        l->pos = from;
}

/* Cut text[from..to) into the kill buffer (for ^Y); a bell if empty. */
static enum le_action kill_range(struct le_state *s, size_t from, size_t to)
{
    if (from == to)
        return LE_BELL;
    memcpy(s->killed, s->line.text + from, to - from);
    s->killed_len = to - from;
    le_line_remove(&s->line, from, to);
    return LE_REDRAW;
}

/* Letters and digits make the words of Alt-b, Alt-f and Alt-d. */
static int is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The start of the word before pos (readline's backward-word). */
static size_t word_left(const struct le_line *l, size_t pos)
{
    while (pos > 0 && !is_word_char(l->text[pos - 1]))
        pos--;
    while (pos > 0 && is_word_char(l->text[pos - 1]))
        pos--;
    return pos;
}

/* The end of the word after pos (readline's forward-word). */
static size_t word_right(const struct le_line *l, size_t pos)
{
    while (pos < l->len && !is_word_char(l->text[pos]))
        pos++;
    while (pos < l->len && is_word_char(l->text[pos]))
        pos++;
    return pos;
}

/* ^W: the start of the blank-separated word before pos (readline's
 * unix-word-rubout, the tty's WERASE). */
static size_t blank_word_left(const struct le_line *l, size_t pos)
{
    while (pos > 0 && l->text[pos - 1] == ' ')
        pos--;
    while (pos > 0 && l->text[pos - 1] != ' ')
        pos--;
    return pos;
}

/* Put the cursor at pos: a redraw if it moved, else a bell. */
static enum le_action move_to(struct le_state *s, size_t pos)
{
    if (pos == s->line.pos)
        return LE_BELL;
    s->line.pos = pos;
    return LE_REDRAW;
}

/* Up (older = 1) or Down (older = -1) through the history. */
static enum le_action history_step(struct le_state *s, int older)
{
    int back = s->back + older;
    const char *text = back == 0 ? s->draft : le_history_get(s->history, back);
    if (back < 0 || !text)
        return LE_BELL;
    if (s->back == 0)
        memcpy(s->draft, s->line.text, s->line.len + 1);
    s->back = back;
    le_line_set(&s->line, back == 0 ? s->draft : text);
    return LE_REDRAW;
}

/* Insert a printable character at the cursor. */
static enum le_action insert_char(struct le_state *s, int key)
{
    char c = (char)key;
    return le_line_insert(&s->line, &c, 1) < 0 ? LE_BELL : LE_REDRAW;
}

/* Delete and ^D: remove the character under the cursor. */
static enum le_action delete_under_cursor(struct le_line *l)
{
    if (l->pos == l->len)
        return LE_BELL;
    le_line_remove(l, l->pos, l->pos + 1);
    return LE_REDRAW;
}

/* The keys that delete or cut; LE_NOTHING if key is none of them. */
static enum le_action edit_delete(struct le_state *s, int key)
{
    struct le_line *l = &s->line;
    switch (key) {
    case LE_DEL:
    case LE_CTRL('H'):
        if (l->pos == 0)
            return LE_BELL;
        le_line_remove(l, l->pos - 1, l->pos);
        return LE_REDRAW;
    case LE_CTRL('D'):
        return l->len == 0 ? LE_EOF : delete_under_cursor(l);
    case LE_KEY_DELETE:
        return delete_under_cursor(l);
    case LE_CTRL('K'):
        return kill_range(s, l->pos, l->len);
    case LE_CTRL('U'):
        return kill_range(s, 0, l->pos);
    case LE_CTRL('W'):
        return kill_range(s, blank_word_left(l, l->pos), l->pos);
    case LE_KEY_KILL_WORD_LEFT:
        return kill_range(s, word_left(l, l->pos), l->pos);
    case LE_KEY_KILL_WORD_RIGHT:
        return kill_range(s, l->pos, word_right(l, l->pos));
    case LE_CTRL('Y'):
        if (s->killed_len == 0)
            return LE_BELL;
        return le_line_insert(l, s->killed, s->killed_len) < 0 ? LE_BELL : LE_REDRAW;
    }
    return LE_NOTHING;
}

/* The keys that move the cursor; LE_NOTHING if key is none of them. */
static enum le_action edit_move(struct le_state *s, int key)
{
    struct le_line *l = &s->line;
    switch (key) {
    case LE_CTRL('A'):
    case LE_KEY_HOME:
        return move_to(s, 0);
    case LE_CTRL('E'):
    case LE_KEY_END:
        return move_to(s, l->len);
    case LE_CTRL('B'):
    case LE_KEY_LEFT:
        return l->pos == 0 ? LE_BELL : move_to(s, l->pos - 1);
    case LE_CTRL('F'):
    case LE_KEY_RIGHT:
        return l->pos == l->len ? LE_BELL : move_to(s, l->pos + 1);
    case LE_KEY_WORD_LEFT:
        return move_to(s, word_left(l, l->pos));
    case LE_KEY_WORD_RIGHT:
        return move_to(s, word_right(l, l->pos));
    case LE_CTRL('P'):
    case LE_KEY_UP:
        return history_step(s, 1);
    case LE_CTRL('N'):
    case LE_KEY_DOWN:
        return history_step(s, -1);
    }
    return LE_NOTHING;
}

/* Apply one key to the line. */
enum le_action le_edit(struct le_state *s, int key)
{
    if (key >= ' ' && key < LE_DEL)
        return insert_char(s, key);
    switch (key) {
    case '\r':
    case '\n':
        return LE_ACCEPT;
    case LE_CTRL('C'):
        return LE_INTERRUPT;
    case '\t':
        return LE_COMPLETE;
    case LE_CTRL('L'):
        return LE_CLEAR_SCREEN;
    }
    enum le_action a = edit_delete(s, key);
    return a != LE_NOTHING ? a : edit_move(s, key);
}
