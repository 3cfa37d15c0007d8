/*
 * render_sql.c - building SQL text: identifiers and literals quoted as the
 * server itself quotes them.
 *
 * A name is written bare exactly when the server's quote_ident() would
 * write it bare, so the names strata writes and the names inside the
 * definitions the server wrote (indexes, views, triggers) look alike.
 */
#include "postgres.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* pg_query.proto's KeywordKind: a name of these needs no quotes. */
enum { NO_KEYWORD = 0, UNRESERVED_KEYWORD = 1 };

static int reserve(struct postgres_sql *sql, size_t more) {
  if (sql->out_of_memory)
    return -1;
  if (sql->length + more + 1 <= sql->cap)
    return 0;
  size_t cap = sql->cap ? sql->cap : 256;
  while (cap < sql->length + more + 1)
    cap *= 2;
  char *bigger = realloc(sql->data, cap);
  if (bigger == NULL) {
    sql->out_of_memory = 1;
    return -1;
  }
  sql->data = bigger;
  sql->cap = cap;
  return 0;
}

static void add_bytes(struct postgres_sql *sql, const char *text, size_t n) {
  if (reserve(sql, n) != 0)
    return;
  memcpy(sql->data + sql->length, text, n);
  sql->length += n;
  sql->data[sql->length] = '\0';
}

void postgres_sql_add(struct postgres_sql *sql, const char *text) {
  add_bytes(sql, text, strlen(text));
}

void postgres_sql_addf(struct postgres_sql *sql, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || reserve(sql, (size_t)n) != 0)
    return;
  va_start(ap, fmt);
  vsnprintf(sql->data + sql->length, (size_t)n + 1, fmt, ap);
  va_end(ap);
  sql->length += (size_t)n;
}

/* Lower-case letters, digits and '_', not starting with a digit. */
static int is_plain(const char *name) {
  if (!((*name >= 'a' && *name <= 'z') || *name == '_'))
    return 0;
  return name[strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_")] == '\0';
}

/* The server's lexer says whether a plain name is a keyword, and of which
 * kind: only unreserved keywords may stand as names unquoted. */
static int is_bare_word(const char *name) {
  struct postgres_tokens toks;
  if (postgres_scan(name, strlen(name), &toks, NULL) != 0)
    return 0;
  int bare = toks.count == 1 && (toks.items[0].keyword == NO_KEYWORD ||
                                 toks.items[0].keyword == UNRESERVED_KEYWORD);
  postgres_tokens_release(&toks);
  return bare;
}

void postgres_sql_ident(struct postgres_sql *sql, const char *name) {
  if (is_plain(name) && is_bare_word(name)) {
    postgres_sql_add(sql, name);
    return;
  }
  add_bytes(sql, "\"", 1);
  for (const char *p = name; *p != '\0'; p++) {
    if (*p == '"')
      add_bytes(sql, p, 1);
    add_bytes(sql, p, 1);
  }
  add_bytes(sql, "\"", 1);
}

void postgres_sql_ident_list(struct postgres_sql *sql, const char *const *names,
                             size_t count) {
  add_bytes(sql, "(", 1);
  for (size_t i = 0; i < count; i++) {
    if (i > 0)
      add_bytes(sql, ", ", 2);
    postgres_sql_ident(sql, names[i]);
  }
  add_bytes(sql, ")", 1);
}

/* With a backslash in it, the literal is an E'' string, whose escaping
 * does not depend on standard_conforming_strings. */
void postgres_sql_literal(struct postgres_sql *sql, const char *text) {
  int escaped = strchr(text, '\\') != NULL;
  postgres_sql_add(sql, escaped ? "E'" : "'");
  for (const char *p = text; *p != '\0'; p++) {
    if (*p == '\'' || (escaped && *p == '\\'))
      add_bytes(sql, p, 1);
    add_bytes(sql, p, 1);
  }
  add_bytes(sql, "'", 1);
}

void postgres_sql_literal_list(struct postgres_sql *sql,
                               const char *const *texts, size_t count) {
  for (size_t i = 0; i < count; i++) {
    if (i > 0)
      add_bytes(sql, ", ", 2);
    postgres_sql_literal(sql, texts[i]);
  }
}

void postgres_sql_release(struct postgres_sql *sql) {
  free(sql->data);
  *sql = (struct postgres_sql){0};
}
