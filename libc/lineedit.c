/*
 * libc/lineedit.c - lineedit_read: the terminal side of the line editor.
 *
 * While a line is read the terminal is in raw mode: cfmakeraw turns off
 * the line discipline's own editing (ICANON), echo, and the signal keys
 * (ISIG: ^C arrives as a byte), and we draw the line ourselves.  Output
 * processing (OPOST) is kept on, as readline keeps it, so that what a
 * background job prints meanwhile still gets its CR before each LF.  The
 * settings found on entry are put back before returning.
 *
 * Drawing: the line stays on one row of the screen.  When it is longer
 * than fits after the prompt, the row shows a window of it that scrolls
 * to keep the cursor in view (linenoise's single-line mode).  Each redraw
 * is one write: CR, prompt, the visible part, ESC [ K (erase to the end
 * of the row), and if the cursor is not at the end, CR and ESC [ N C (N
 * columns right).  The first prompt is written as it is, where the cursor
 * stands, as the shell always wrote it.  Wrapping onto more rows would
 * need the terminal's true width, and a serial line cannot tell it
 * (Pagoda's console always says 80 columns, TIOCGWINSZ): the one-row
 * window is right on any terminal at least that wide.  When the line is
 * done it is written out whole, once, and wraps as the terminal likes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "lineedit_impl.h"

#define DEFAULT_COLS 80          /* when TIOCGWINSZ says nothing */
#define MAX_COLS     1024        /* wider is drawn as this wide */
#define OUT_BUF      1024

static struct le_history history;
static struct le_state state;
static lineedit_completer *completer = lineedit_complete_default;

/* The terminal being edited on. */
struct term {
    int in, out;                 /* standard input and standard error */
    const char *prompt;
    size_t plen;                 /* prompt's width: its length, no escapes */
    size_t cols;                 /* the screen's width */
    const char *newline;         /* "\n" if the tty adds the CR, else "\r\n" */
};

/* Output gathered into one write, so a redraw does not flicker. */
struct out {
    int fd;
    size_t n;
    char buf[OUT_BUF];
};

/* Write all of buf, retrying after signals; give up on errors. */
static void write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        buf += w;
        n -= (size_t)w;
    }
}

/* Send what is gathered. */
static void out_flush(struct out *o)
{
    write_all(o->fd, o->buf, o->n);
    o->n = 0;
}

/* Gather n bytes. */
static void out_put(struct out *o, const char *s, size_t n)
{
    while (n > 0) {
        if (o->n == OUT_BUF)
            out_flush(o);
        size_t k = OUT_BUF - o->n < n ? OUT_BUF - o->n : n;
        memcpy(o->buf + o->n, s, k);
        o->n += k;
        s += k;
        n -= k;
    }
}

/* Gather a string. */
static void out_str(struct out *o, const char *s)
{
    out_put(o, s, strlen(s));
}

/* Gather ESC [ n C: the cursor n columns to the right (n > 0). */
static void out_cursor_right(struct out *o, size_t n)
{
    char seq[16], digits[12];
    int k = 0, d = 0;
    do
        digits[d++] = (char)('0' + n % 10);
    while ((n /= 10) > 0);
    seq[k++] = LE_ESC;
    seq[k++] = '[';
    while (d > 0)
        seq[k++] = digits[--d];
    seq[k++] = 'C';
    out_put(o, seq, k);
}

/* How many columns of the line fit after the prompt (keeping the last
 * column free, where the cursor could not go past the edge). */
static size_t window_width(const struct term *t)
{
    return t->plen + 2 <= t->cols ? t->cols - t->plen - 1 : 1;
}

/* Draw the prompt and the line, the cursor in its place. */
static void redraw(const struct term *t, const struct le_line *l)
{
    struct out o = { .fd = t->out };
    size_t avail = window_width(t);
    size_t off = l->pos > avail ? l->pos - avail : 0;
    size_t show = l->len - off < avail ? l->len - off : avail;
    out_str(&o, "\r");
    out_str(&o, t->prompt);
    out_put(&o, l->text + off, show);
    out_str(&o, "\x1b[K");
    if (l->pos != off + show) {          /* the cursor is not at the end */
        out_str(&o, "\r");
        if (t->plen + l->pos - off > 0)
            out_cursor_right(&o, t->plen + l->pos - off);
    }
    out_flush(&o);
}

/* After a key changed the line: a character typed at the end of a line
 * that still fits is just echoed; anything else redraws. */
static void show_edit(const struct term *t, const struct le_line *l, int key)
{
    int appended = key >= ' ' && key < LE_DEL && l->pos == l->len &&
                   l->pos <= window_width(t);
    if (appended)
        write_all(t->out, l->text + l->pos - 1, 1);
    else
        redraw(t, l);
}

/* List the candidates in columns below the line, sorted down the
 * columns as ls and bash do, then draw the line again under them. */
static void list_candidates(const struct term *t, const struct le_line *l,
                            const struct lineedit_completions *c)
{
    struct out o = { .fd = t->out };
    size_t width = 0, len;
    for (int i = 0; i < c->count; i++) {
        le_completion_display(c->word[i], &len);
        if (len + 2 > width)
            width = len + 2;
    }
    int ncols = t->cols / width > 0 ? (int)(t->cols / width) : 1;
    int nrows = (c->count + ncols - 1) / ncols;
    out_str(&o, t->newline);
    for (int r = 0; r < nrows; r++) {
        for (int i = r; i < c->count; i += nrows) {
            const char *name = le_completion_display(c->word[i], &len);
            out_put(&o, name, len);
            for (size_t pad = len; i + nrows < c->count && pad < width; pad++)
                out_put(&o, " ", 1);
        }
        out_str(&o, t->newline);
    }
    if (c->full) {
        out_str(&o, "(too many: the first 1024 are listed)");
        out_str(&o, t->newline);
    }
    out_flush(&o);
    redraw(t, l);
}

/* Tab: gather candidates for the word before the cursor and complete
 * it; on a second Tab in a row, list them if that added nothing. */
static void complete(const struct term *t, struct le_state *s, int second_tab)
{
    static struct lineedit_completions c;
    struct le_line *l = &s->line;
    size_t start = le_word_start(l->text, l->pos);
    completer(l->text, start, l->pos, &c);
    le_completions_sort(&c);
    enum le_complete_result r = le_complete_apply(l, start, &c);
    if (r == LE_COMPLETED)
        redraw(t, l);
    else if (r == LE_AMBIGUOUS && second_tab)
        list_candidates(t, l, &c);
    le_completions_free(&c);
}

/* Leave the line: show all of it, then a new row (after "^C" when the
 * line is abandoned).  A line that was scrolled is written out whole
 * from the start of its row and left to wrap as the terminal wraps it:
 * nothing is drawn over it afterwards, so the terminal's true width
 * does not matter, and the screen (and a log of it) keeps the command
 * as it was run. */
static void finish_line(const struct term *t, struct le_line *l, const char *mark)
{
    if (l->len > window_width(t)) {
        struct out o = { .fd = t->out };
        out_str(&o, "\r");
        out_str(&o, t->prompt);
        out_put(&o, l->text, l->len);
        out_flush(&o);
    } else if (l->pos != l->len) {
        l->pos = l->len;
        redraw(t, l);
    }
    write_all(t->out, mark, strlen(mark));
    write_all(t->out, t->newline, strlen(t->newline));
}

/* The line, as the caller's malloc'd copy. */
static char *line_copy(const struct le_line *l)
{
    char *s = strdup(l->text);
    if (!s)
        errno = ENOMEM;
    return s;
}

/* The editing loop, with the terminal in raw mode. */
static char *edit_loop(const struct term *t)
{
    struct le_decoder dec = { 0 };
    struct le_state *s = &state;
    int last_key = 0;
    le_state_reset(s, &history);
    write_all(t->out, t->prompt, t->plen);   /* where the cursor is */
    for (;;) {
        unsigned char byte;
        ssize_t n = read(t->in, &byte, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {                    /* the terminal went away */
            errno = 0;
            return s->line.len ? line_copy(&s->line) : NULL;
        }
        int key = le_decode(&dec, byte);
        if (key == LE_KEY_PENDING)
            continue;
        switch (le_edit(s, key)) {
        case LE_REDRAW:
            show_edit(t, &s->line, key);
            break;
        case LE_ACCEPT:
            finish_line(t, &s->line, "");
            return line_copy(&s->line);
        case LE_EOF:
            errno = 0;
            return NULL;
        case LE_INTERRUPT:
            finish_line(t, &s->line, "^C");
            errno = EINTR;
            return NULL;
        case LE_COMPLETE:
            complete(t, s, last_key == '\t');
            break;
        case LE_CLEAR_SCREEN:
            write_all(t->out, "\x1b[H\x1b[2J", 7);
            redraw(t, &s->line);
            break;
        case LE_NOTHING:
        case LE_BELL:
            break;
        }
        last_key = key;
    }
}

/* Not a terminal: print the prompt, read up to a newline a byte at a
 * time (what follows belongs to whoever reads next), as the shell always
 * did.  NULL at the end of the input. */
static char *read_plain(const char *prompt)
{
    write_all(2, prompt, strlen(prompt));
    size_t len = 0, cap = 128;
    char *buf = malloc(cap);
    if (!buf) {
        errno = ENOMEM;
        return NULL;
    }
    for (;;) {
        char c;
        ssize_t n = read(0, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 && len == 0) {
            free(buf);
            errno = 0;
            return NULL;
        }
        if (n <= 0 || c == '\n')
            break;
        if (len + 1 == cap) {
            char *more = realloc(buf, cap * 2);
            if (!more) {
                free(buf);
                errno = ENOMEM;
                return NULL;
            }
            buf = more;
            cap *= 2;
        }
        buf[len++] = c;
    }
    buf[len] = '\0';
    return buf;
}

/* Read one line, edited on the terminal (see lineedit.h). */
char *lineedit_read(const char *prompt)
{
    struct termios saved, raw;
    if (tcgetattr(0, &saved) < 0)
        return read_plain(prompt);
    raw = saved;
    cfmakeraw(&raw);
    raw.c_oflag = saved.c_oflag;         /* keep CR LF output (see above) */
    struct winsize ws = { 0 };
    struct term t = {
        .in = 0, .out = 2, .prompt = prompt, .plen = strlen(prompt),
        .cols = DEFAULT_COLS,
        .newline = (saved.c_oflag & OPOST) && (saved.c_oflag & ONLCR) ? "\n" : "\r\n",
    };
    if (ioctl(0, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        t.cols = ws.ws_col < MAX_COLS ? ws.ws_col : MAX_COLS;
    tcsetattr(0, TCSADRAIN, &raw);
    char *line = edit_loop(&t);
    int err = errno;
    tcsetattr(0, TCSADRAIN, &saved);
    errno = err;
    return line;
}

/* Remember a line for Up/Down. */
int lineedit_history_add(const char *line)
{
    return le_history_add(&history, line);
}

/* Choose who finds Tab's candidates. */
void lineedit_set_completer(lineedit_completer *fn)
{
    completer = fn ? fn : lineedit_complete_default;
}
