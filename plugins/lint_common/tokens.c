/*
 * tokens.c - the token scan of tokens.h.
 */
#include "tokens.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <strata/lint.h>

static int is_word_start(unsigned char c) {
  return isalpha(c) || c == '_' || c >= 0x80;
}

static int is_word_char(unsigned char c) {
  return is_word_start(c) || isdigit(c) || c == '$';
}

static int toks_push(struct toks *t, enum tok_kind kind, size_t offset,
                     size_t length, size_t *cap) {
  if (t->count == *cap) {
    size_t n = *cap ? *cap * 2 : 32;
    struct tok *items = realloc(t->items, n * sizeof *items);
    if (items == NULL)
      return -1;
    t->items = items;
    *cap = n;
  }
  t->items[t->count++] = (struct tok){kind, offset, length};
  return 0;
}

/* The end of a quoted run that opened at p (the quote) and closes with
 * close; a doubled close stands for itself. */
static size_t quoted_end(const char *s, size_t p, size_t end, char close,
                         int backslash) {
  for (p++; p < end; p++) {
    if (backslash && s[p] == '\\') {
      p++;
      continue;
    }
    if (s[p] != close)
      continue;
    if (p + 1 < end && s[p + 1] == close && close != ']') {
      p++;
      continue;
    }
    return p + 1;
  }
  return end;
}

/* The end of a comment starting at p, or p when none starts there. */
static size_t comment_end(const char *s, size_t p, size_t end) {
  if (s[p] == '#' || (s[p] == '-' && p + 1 < end && s[p + 1] == '-')) {
    while (p < end && s[p] != '\n')
      p++;
    return p;
  }
  if (s[p] == '/' && p + 1 < end && s[p + 1] == '*') {
    const char *close = NULL;
    for (size_t q = p + 2; q + 1 < end && close == NULL; q++)
      if (s[q] == '*' && s[q + 1] == '/')
        close = s + q + 2;
    return close ? (size_t)(close - s) : end;
  }
  return p;
}

/* The token at p: its kind and end. */
static enum tok_kind token_at(const char *s, size_t p, size_t end,
                              int backslash, size_t *stop) {
  unsigned char c = (unsigned char)s[p];
  if (c == '\'') {
    *stop = quoted_end(s, p, end, '\'', backslash);
    return TOK_STRING;
  }
  if (c == '"' || c == '`' || c == '[') {
    *stop = quoted_end(s, p, end, c == '[' ? ']' : (char)c, 0);
    return TOK_QUOTED;
  }
  size_t q = p + 1;
  if (is_word_start(c)) {
    while (q < end && is_word_char((unsigned char)s[q]))
      q++;
    *stop = q;
    return TOK_WORD;
  }
  if (isdigit(c)) {
    while (q < end && (isalnum((unsigned char)s[q]) || s[q] == '.'))
      q++;
    *stop = q;
    return TOK_NUMBER;
  }
  *stop = q;
  return TOK_PUNCT;
}

int toks_scan(struct toks *t, const char *text, size_t offset, size_t length,
              int backslash_escapes) {
  size_t cap = 0, end = offset + length, p = offset;
  t->text = text;
  t->items = NULL;
  t->count = 0;
  while (p < end) {
    size_t after = comment_end(text, p, end);
    if (after != p || isspace((unsigned char)text[p])) {
      p = after != p ? after : p + 1;
      continue;
    }
    size_t stop;
    enum tok_kind kind = token_at(text, p, end, backslash_escapes, &stop);
    if (toks_push(t, kind, p, stop - p, &cap) != 0)
      return -1;
    p = stop;
  }
  return 0;
}

void toks_release(struct toks *t) {
  free(t->items);
  t->items = NULL;
  t->count = 0;
}

int toks_is(const struct toks *t, size_t i, const char *word) {
  if (i >= t->count || t->items[i].kind != TOK_WORD)
    return 0;
  size_t n = strlen(word);
  return t->items[i].length == n &&
         strncasecmp(t->text + t->items[i].offset, word, n) == 0;
}

int toks_punct(const struct toks *t, size_t i, char c) {
  return i < t->count && t->items[i].kind == TOK_PUNCT &&
         t->text[t->items[i].offset] == c;
}

int toks_is_name(const struct toks *t, size_t i) {
  return i < t->count &&
         (t->items[i].kind == TOK_WORD || t->items[i].kind == TOK_QUOTED);
}

void toks_name(const struct toks *t, size_t i, char *out, size_t n) {
  const struct tok *k = &t->items[i];
  const char *s = t->text + k->offset;
  size_t len = k->length;
  if (k->kind == TOK_QUOTED && len >= 2) {
    s++;
    len -= 2;
  }
  if (len >= n)
    len = n - 1;
  for (size_t j = 0; j < len; j++)
    out[j] = (char)tolower((unsigned char)s[j]);
  out[len] = '\0';
}

int toks_qualified(const struct toks *t, size_t *i, char *out, size_t n) {
  if (!toks_is_name(t, *i))
    return -1;
  toks_name(t, *i, out, n);
  (*i)++;
  while (toks_punct(t, *i, '.') && toks_is_name(t, *i + 1)) {
    toks_name(t, *i + 1, out, n);
    *i += 2;
  }
  return 0;
}

size_t toks_skip_group(const struct toks *t, size_t i) {
  int depth = 0;
  for (; i < t->count; i++) {
    if (toks_punct(t, i, '('))
      depth++;
    else if (toks_punct(t, i, ')') && --depth <= 0)
      return i + 1;
  }
  return t->count;
}

size_t toks_item_end(const struct toks *t, size_t i, size_t end) {
  while (i < end && !toks_punct(t, i, ',') && !toks_punct(t, i, ')')) {
    if (toks_punct(t, i, '('))
      i = toks_skip_group(t, i);
    else
      i++;
  }
  return i < end ? i : end;
}

int toks_has_word(const struct toks *t, size_t from, size_t to,
                  const char *word) {
  for (size_t i = from; i < to && i < t->count; i++) {
    if (toks_punct(t, i, '(')) {
      i = toks_skip_group(t, i) - 1;
      continue;
    }
    if (toks_is(t, i, word))
      return 1;
  }
  return 0;
}

void toks_text(const struct toks *t, size_t from, size_t to, char *out,
               size_t n) {
  size_t used = 0;
  out[0] = '\0';
  for (size_t i = from; i < to && i < t->count && used + 1 < n; i++) {
    const struct tok *k = &t->items[i];
    int word = k->kind != TOK_PUNCT;
    if (word && i > from && t->items[i - 1].kind != TOK_PUNCT)
      out[used++] = ' ';
    for (size_t j = 0; j < k->length && used + 1 < n; j++)
      out[used++] = (char)tolower((unsigned char)t->text[k->offset + j]);
  }
  out[used] = '\0';
}

static const char *const column_option_words[] = {"not",
                                                  "null",
                                                  "default",
                                                  "primary",
                                                  "unique",
                                                  "key",
                                                  "references",
                                                  "check",
                                                  "constraint",
                                                  "auto_increment",
                                                  "autoincrement",
                                                  "comment",
                                                  "collate",
                                                  "generated",
                                                  "as",
                                                  "on",
                                                  "invisible",
                                                  "visible",
                                                  "character",
                                                  "charset",
                                                  "first",
                                                  "after",
                                                  "storage",
                                                  "column_format",
                                                  "srid",
                                                  "identity",
                                                  NULL};

static int is_column_option(const struct toks *t, size_t i) {
  for (const char *const *w = column_option_words; *w; w++)
    if (toks_is(t, i, *w))
      return 1;
  return 0;
}

size_t toks_type_end(const struct toks *t, size_t i, size_t end) {
  size_t first = i;
  while (i < end && (i == first || !is_column_option(t, i))) {
    if (toks_punct(t, i, '('))
      i = toks_skip_group(t, i);
    else
      i++;
  }
  return i < end ? i : end;
}

static const char *const table_constraint_words[] = {
    "constraint", "primary", "unique",  "foreign", "check",  "key", "index",
    "fulltext",   "spatial", "exclude", "like",    "period", NULL};

int toks_is_table_constraint(const struct toks *t, size_t i) {
  for (const char *const *w = table_constraint_words; *w; w++)
    if (toks_is(t, i, *w))
      return 1;
  return 0;
}

int toks_each_statement(const struct strata_lint_script *script,
                        int backslash_escapes,
                        void (*read)(void *state, const struct toks *t),
                        void *state) {
  for (size_t i = 0; i < script->count; i++) {
    struct toks t;
    const struct strata_statement *st = &script->statements[i];
    int rc = toks_scan(&t, script->text, st->offset, st->length,
                       backslash_escapes);
    if (rc == 0)
      read(state, &t);
    toks_release(&t);
    if (rc != 0)
      return -1;
  }
  return 0;
}
