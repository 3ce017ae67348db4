/*
 * user/sh/input.c - reading shell text: from the terminal (with a
 * prompt), from a script file, or the string of -c; a line, then more
 * lines while a quote or a construct is still open.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"


/* The next byte of input, or -1 at the end.  Standard input is read one
 * byte at a time, so that the shell never reads past the end of its
 * line: the rest belongs to the commands it runs (think of
 * `echo 'cat; echo done' | sh` - cat must get what follows). */
static int next_byte(struct input *in)
{
    if (in->pos < in->len)
        return (unsigned char)in->buf[in->pos++];
    int want = in->bytewise ? 1 : (int)sizeof(in->buf);
    int n;
    do
        n = read(in->fd, in->buf, want);
    while (n < 0 && errno == EINTR);
    if (n <= 0)
        return -1;
    in->pos = 1;
    in->len = n;
    return (unsigned char)in->buf[0];
}

/* Read one line (without its newline) into a malloc'd string; NULL at
 * the end of the input. */
static char *read_line(struct input *in, const char *prompt)
{
    if (in->fd < 0) {                    /* -c: the whole text, once */
        if (in->done)
            return NULL;
        in->done = 1;
        return xstrdup(in->text);
    }
    if (interactive && in->fd == 0)
        return read_interactive_line(prompt);
    struct str b = { 0 };
    int c;
    while ((c = next_byte(in)) >= 0 && c != '\n')
        str_addc(&b, (char)c);
    if (c < 0 && b.len == 0) {
        free(b.s);
        return NULL;
    }
    if (!b.s)
        return xstrdup("");
    return b.s;
}

/* Does text stop in the middle of something: a quote, a line ending in
 * \ | && ||, or a compound command without its end (if without fi)?
 * A trial lex and parse, thrown away afterwards; errors are left for
 * run_text to report. */
static int command_incomplete(const char *text)
{
    enum lex_result r = lex(text);
    int incomplete = r == LEX_INCOMPLETE;
    if (r == LEX_OK) {
        struct list l;
        parse_quiet = 1;
        incomplete = parse_program(&l) < 0 && parse_incomplete;
        parse_quiet = 0;
    }
    arena_free_all();
    return incomplete;
}

/* Read a complete command: a line, plus more lines while a quote is
 * open, the line ends in \ | && or ||, or a compound command is open.  Returns malloc'd text, or NULL
 * at the end of the input. */
char *read_command(struct input *in)
{
    char *text = read_line(in, "$ ");
    if (!text)
        return NULL;
    for (;;) {
        if (!command_incomplete(text) || in->fd < 0)
            return text;
        char *more = read_line(in, "> ");
        if (!more)
            return text;                 /* run_text will report it */
        if (line_interrupted) {          /* ^C at "> " drops the command */
            free(more);
            text[0] = '\0';
            return text;
        }
        char *joined = xmalloc(strlen(text) + strlen(more) + 2);
        strcpy(joined, text);
        strcat(joined, "\n");
        strcat(joined, more);
        free(text);
        free(more);
        text = joined;
    }
}
