/*
 * libc/lineedit_complete.c - what Tab does with the candidates a
 * completer found (lineedit_candidates.c finds commands and paths).
 *
 * The word before the cursor is replaced: by the only candidate, and a
 * space after it (no space after a directory's '/', so the next Tab goes
 * on inside it); or, with several candidates, by the longest prefix they
 * share.  When that adds nothing, the terminal side lists the
 * candidates on the second Tab, as bash does.
 */
#include <stdlib.h>
#include <string.h>

#include "lineedit_impl.h"

/* Characters that end a word for completion: blanks and the shell's
 * operators. */
static int is_word_break(char c)
{
    return c == ' ' || c == '\t' || c == '|' || c == ';' || c == '&' ||
           c == '<' || c == '>' || c == '(' || c == ')';
}

/* Where the word before pos starts. */
size_t le_word_start(const char *line, size_t pos)
{
    while (pos > 0 && !is_word_break(line[pos - 1]))
        pos--;
    return pos;
}

/* Add a copy of word; past the cap, note that some were dropped. */
void lineedit_add_completion(struct lineedit_completions *c, const char *word)
{
    if (c->count == LE_COMPLETIONS_MAX) {
        c->full = 1;
        return;
    }
    char *copy = strdup(word);
    if (copy)
        c->word[c->count++] = copy;
}

/* qsort's comparison of two candidates. */
static int compare_words(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort, then drop each candidate equal to the one before it. */
void le_completions_sort(struct lineedit_completions *c)
{
    if (c->count == 0)
        return;
    qsort(c->word, c->count, sizeof c->word[0], compare_words);
    int kept = 1;
    for (int i = 1; i < c->count; i++) {
        if (strcmp(c->word[i], c->word[kept - 1]) == 0)
            free(c->word[i]);
        else
            c->word[kept++] = c->word[i];
    }
    c->count = kept;
}

/* Free every candidate. */
void le_completions_free(struct lineedit_completions *c)
{
    for (int i = 0; i < c->count; i++)
        free(c->word[i]);
    c->count = 0;
    c->full = 0;
}

/* How many leading bytes all the (sorted) candidates share: those of
 * the first and the last, since sorting puts the most different apart. */
static size_t common_prefix(const struct lineedit_completions *c)
{
    const char *a = c->word[0], *b = c->word[c->count - 1];
    size_t n = 0;
    while (a[n] && a[n] == b[n])
        n++;
    return n;
}

/* Replace line[start..pos) with word[0..n), plus a space if asked. */
static int replace_word(struct le_line *l, size_t start, const char *word,
                        size_t n, int space)
{
    size_t old = l->pos - start;
    if (n + space > LE_LINE_MAX - (l->len - old))
        return -1;                       /* would not fit: change nothing */
    le_line_remove(l, start, l->pos);
    le_line_insert(l, word, n);
    if (space)
        le_line_insert(l, " ", 1);
    return 0;
}

/* Apply the sorted candidates to the word line[start..pos). */
enum le_complete_result le_complete_apply(struct le_line *l, size_t start,
                                          const struct lineedit_completions *c)
{
    if (c->count == 0)
        return LE_NO_MATCH;
    size_t typed = l->pos - start;
    if (c->count == 1) {
        const char *w = c->word[0];
        size_t n = strlen(w);
        int space = n == 0 || w[n - 1] != '/';
        return replace_word(l, start, w, n, space) < 0 ? LE_NO_MATCH : LE_COMPLETED;
    }
    size_t n = common_prefix(c);
    if (n <= typed || strncmp(c->word[0], l->text + start, typed) != 0)
        return LE_AMBIGUOUS;
    return replace_word(l, start, c->word[0], n, 0) < 0 ? LE_AMBIGUOUS : LE_COMPLETED;
}

/* The part of a candidate a listing shows: its last path component,
 * with a directory's trailing '/'. */
const char *le_completion_display(const char *word, size_t *len)
{
    size_t n = strlen(word);
    size_t end = n > 0 && word[n - 1] == '/' ? n - 1 : n;
    size_t start = end;
    while (start > 0 && word[start - 1] != '/')
        start--;
    *len = n - start;
    return word + start;
}
