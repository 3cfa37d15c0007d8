/*
 * render_text.c - text that grows as SQL is written into it.
 */
#include <stdlib.h>
#include <string.h>

#include "mysqldrv.h"

static int reserve(struct mysqldrv_text *t, size_t more) {
  size_t size = t->size ? t->size : 256;
  char *bigger;
  if (t->failed)
    return -1;
  if (t->length + more + 1 <= t->size)
    return 0;
  while (size < t->length + more + 1)
    size *= 2;
  if ((bigger = realloc(t->data, size)) == NULL) {
    t->failed = 1;
    return -1;
  }
  t->data = bigger;
  t->size = size;
  return 0;
}

void mysqldrv_text_append(struct mysqldrv_text *t, const char *s, size_t n) {
  if (reserve(t, n) != 0)
    return;
  memcpy(t->data + t->length, s, n);
  t->length += n;
  t->data[t->length] = '\0';
}

void mysqldrv_text_puts(struct mysqldrv_text *t, const char *s) {
  mysqldrv_text_append(t, s, strlen(s));
}

/* Appends s with each byte in doubles also doubled, between quotes; and,
 * when backslash is set, a backslash escaped. */
static void append_quoted(struct mysqldrv_text *t, const char *s, char quote,
                          int backslash) {
  size_t n = strlen(s);
  if (reserve(t, 2 * n + 2) != 0)
    return;
  t->data[t->length++] = quote;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == quote || (backslash && s[i] == '\\'))
      t->data[t->length++] = s[i] == quote ? quote : '\\';
    t->data[t->length++] = s[i];
  }
  t->data[t->length++] = quote;
  t->data[t->length] = '\0';
}

void mysqldrv_text_ident(struct mysqldrv_text *t, const char *name) {
  append_quoted(t, name, '`', 0);
}

void mysqldrv_text_literal(struct mysqldrv_text *t, const char *s) {
  append_quoted(t, s, '\'', 1);
}

void mysqldrv_text_release(struct mysqldrv_text *t) {
  free(t->data);
  *t = (struct mysqldrv_text){0};
}
