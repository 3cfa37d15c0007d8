/*
 * introspect_exact_tables.c - check, generated column and default
 * expressions with every character.
 *
 * information_schema gives them in utf8mb3 too, a 4-byte character as '?'
 * (introspect_exact.c).  The tables that hold such an expression with a
 * '?' are read again by SHOW CREATE TABLE, all in one round trip, and each
 * expression is taken from its place in the statement, found with the
 * lexer: inside CHECK ( ) or AS ( ) of its column or constraint; it is
 * taken only where it says what information_schema said.
 *
 * MariaDB loses a string default's 4-byte characters in SHOW CREATE TABLE
 * too, but DEFAULT(column) has them, even from a table without rows: the
 * string defaults with a '?' are read so, one SELECT per table, all in one
 * more round trip.  A NOT NULL column's DEFAULT() is NULL in that
 * outer-joined row: such a default is kept as shown, with a notice.  (MySQL's COLUMN_DEFAULT, literals unquoted, is left as
 * it is.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mysqldrv.h"
#include "split.h"

static int lost(const char *text) {
  return text != NULL && strchr(text, '?') != NULL;
}

/* A MariaDB string default that may have lost characters. */
static int default_lost(const struct mysqldrv_catalog *cat,
                        const struct strata_column *c) {
  return !cat->mysql && c->default_kind == STRATA_DEFAULT_LITERAL &&
         c->default_expr != NULL && c->default_expr[0] == '\'' &&
         lost(c->default_value);
}

static int table_lost(const struct strata_table *t) {
  for (size_t i = 0; i < t->column_count; i++)
    if (lost(t->columns[i]->generated_expr))
      return 1;
  for (size_t i = 0; i < t->check_count; i++)
    if (lost(t->checks[i]->expression))
      return 1;
  return 0;
}

/* A CREATE TABLE statement as tokens. */
struct statement {
  struct mysqldrv_lexer lx;
  struct mysqldrv_token *tokens;
  size_t count;
};

static int tokenize(struct statement *s, const char *text, size_t length) {
  size_t size = 0;
  struct mysqldrv_token tok;
  mysqldrv_lexer_init(&s->lx, text, length);
  s->tokens = NULL;
  s->count = 0;
  while (mysqldrv_lexer_next(&s->lx, &tok, NULL) == 0 &&
         tok.kind != MYSQLDRV_TOKEN_END) {
    if (s->count == size) {
      struct mysqldrv_token *bigger;
      size = size ? 2 * size : 64;
      if ((bigger = realloc(s->tokens, size * sizeof *bigger)) == NULL)
        return -1;
      s->tokens = bigger;
    }
    s->tokens[s->count++] = tok;
  }
  return 0;
}

static int is_punct(const struct statement *s, size_t i, char c) {
  return i < s->count && s->tokens[i].kind == MYSQLDRV_TOKEN_PUNCT &&
         s->lx.text[s->tokens[i].start] == c;
}

static int is_word(const struct statement *s, size_t i, const char *word) {
  return i < s->count && s->tokens[i].kind == MYSQLDRV_TOKEN_WORD &&
         mysqldrv_token_is(&s->lx, &s->tokens[i], word);
}

/* Whether token i is `name`, a backtick inside doubled. */
static int is_name(const struct statement *s, size_t i, const char *name) {
  const char *p, *end;
  if (i >= s->count || s->tokens[i].kind != MYSQLDRV_TOKEN_QUOTED)
    return 0;
  p = s->lx.text + s->tokens[i].start + 1;
  end = s->lx.text + s->tokens[i].end - 1;
  for (; p < end; p++, name++) {
    if (*name != *p)
      return 0;
    p += *p == '`';
  }
  return *name == '\0';
}

/* The index past the parenthesis that closes the one at i. */
static size_t past_close(const struct statement *s, size_t i) {
  int depth = 0;
  for (; i < s->count; i++) {
    depth += is_punct(s, i, '(') - is_punct(s, i, ')');
    if (depth == 0)
      return i + 1;
  }
  return s->count;
}

/* The tokens [*from, *to) of the definition inside the table's
 * parentheses that starts with `name`, or with CONSTRAINT `name` when
 * constraint is set.  0 when there is none. */
static int find_definition(const struct statement *s, const char *name,
                           int constraint, size_t *from, size_t *to) {
  size_t i = 0;
  while (i < s->count && !is_punct(s, i, '('))
    i++;
  while (i < s->count && !is_punct(s, i, ')')) {
    size_t start = ++i;
    while (i < s->count && !is_punct(s, i, ',') && !is_punct(s, i, ')'))
      i = is_punct(s, i, '(') ? past_close(s, i) : i + 1;
    if (constraint ? is_word(s, start, "CONSTRAINT") &&
                         is_name(s, start + 1, name)
                   : is_name(s, start, name)) {
      *from = start;
      *to = i;
      return 1;
    }
  }
  return 0;
}

/* The text inside the parentheses after keyword in the definition, where
 * it says what lossy does, in the model; or NULL. */
static const char *inside(struct mysqldrv_catalog *cat,
                          const struct statement *s, size_t from, size_t to,
                          const char *keyword, const char *lossy,
                          int *failed) {
  for (size_t i = from; i + 1 < to; i++) {
    size_t close, start, n;
    if (!is_word(s, i, keyword) || !is_punct(s, i + 1, '('))
      continue;
    close = past_close(s, i + 1) - 1;
    start = s->tokens[i + 1].end;
    n = s->tokens[close].start - start;
    if (close < to && mysqldrv_same_but_lost(s->lx.text + start, n, lossy))
      return mysqldrv_catalog_text(cat, s->lx.text + start, n, failed);
  }
  return NULL;
}

static int fix_generated(struct mysqldrv_catalog *cat,
                         const struct statement *s, struct strata_column *c) {
  size_t from, to;
  const char *exact;
  int failed = 0;
  if (!lost(c->generated_expr) || !find_definition(s, c->name, 0, &from, &to))
    return 0;
  if ((exact = inside(cat, s, from, to, "AS", c->generated_expr, &failed)))
    c->generated_expr = exact;
  return failed ? -1 : 0;
}

/* A table's check is CONSTRAINT `name` CHECK (...); a column's is named
 * after its column and stands in the column's definition. */
static int fix_check(struct mysqldrv_catalog *cat, const struct statement *s,
                     struct strata_check *k) {
  size_t from, to;
  const char *exact = NULL;
  int failed = 0;
  if (!lost(k->expression))
    return 0;
  if (find_definition(s, k->name, 1, &from, &to))
    exact = inside(cat, s, from, to, "CHECK", k->expression, &failed);
  if (exact == NULL && !failed && find_definition(s, k->name, 0, &from, &to))
    exact = inside(cat, s, from, to, "CHECK", k->expression, &failed);
  if (exact != NULL)
    k->expression = exact;
  return failed ? -1 : 0;
}

static int take_create_table(void *ctx, int columns, const char *const *values,
                             const size_t *lengths) {
  struct mysqldrv_catalog *cat = ctx;
  struct strata_table *t;
  struct statement s;
  int rc = 0;
  if (columns < 2 || values[1] == NULL ||
      (t = mysqldrv_catalog_table(cat, values[0])) == NULL)
    return 0;
  if (tokenize(&s, values[1], lengths[1]) != 0)
    rc = -1;
  for (size_t i = 0; rc == 0 && i < t->column_count; i++)
    rc = fix_generated(cat, &s, t->columns[i]);
  for (size_t i = 0; rc == 0 && i < t->check_count; i++)
    rc = fix_check(cat, &s, t->checks[i]);
  free(s.tokens);
  return rc ? mysqldrv_catalog_nomem(cat) : 0;
}

static size_t lost_defaults(const struct mysqldrv_catalog *cat,
                            const struct strata_table *t) {
  size_t n = 0;
  for (size_t i = 0; i < t->column_count; i++)
    n += default_lost(cat, t->columns[i]);
  return n;
}

/* A row of SELECT i, DEFAULT(`a`), ...: table i's lost defaults in its
 * order, each taken as the literal it is. */
static int take_defaults(void *ctx, int columns, const char *const *values,
                         const size_t *lengths) {
  struct mysqldrv_catalog *cat = ctx;
  size_t index = strtoul(values[0], NULL, 10);
  struct strata_table *t;
  int k = 1, failed = 0;
  (void)lengths;
  if (index >= cat->schema->table_count)
    return 0;
  t = cat->schema->tables[index];
  for (size_t i = 0; i < t->column_count && k < columns; i++) {
    struct strata_column *c = t->columns[i];
    struct mysqldrv_text literal = {0};
    if (!default_lost(cat, c))
      continue;
    if (values[k++] == NULL) {
      cat->conn->host->notice(cat->conn->host->host_ctx,
                              "column %s.%s: MariaDB shows its default with "
                              "'?' for any 4-byte character, and a NOT NULL "
                              "column's default cannot be read otherwise: "
                              "check it by hand",
                              t->name, c->name);
      continue;
    }
    mysqldrv_text_literal(&literal, values[k - 1]);
    c->default_value = NULL;
    if (literal.failed || mysqldrv_read_default(cat, c, literal.data, 0) != 0)
      failed = 1;
    mysqldrv_text_release(&literal);
  }
  return failed ? mysqldrv_catalog_nomem(cat) : 0;
}

static int read_exact_defaults(struct mysqldrv_catalog *cat) {
  struct mysqldrv_text sql = {0};
  int rc = 0;
  for (size_t i = 0; i < cat->schema->table_count; i++) {
    const struct strata_table *t = cat->schema->tables[i];
    char index[24];
    if (lost_defaults(cat, t) == 0)
      continue;
    snprintf(index, sizeof index, "%zu", i);
    mysqldrv_text_puts(&sql, sql.length ? ";SELECT " : "SELECT ");
    mysqldrv_text_puts(&sql, index);
    for (size_t j = 0; j < t->column_count; j++)
      if (default_lost(cat, t->columns[j])) {
        mysqldrv_text_puts(&sql, ", DEFAULT(");
        mysqldrv_text_ident(&sql, t->columns[j]->name);
        mysqldrv_text_puts(&sql, ")");
      }
    mysqldrv_text_puts(&sql, " FROM (SELECT 1) AS one LEFT JOIN ");
    mysqldrv_text_ident(&sql, t->name);
    mysqldrv_text_puts(&sql, " ON FALSE");
  }
  if (sql.failed)
    rc = mysqldrv_catalog_nomem(cat);
  else if (sql.length > 0)
    rc = mysqldrv_query_batch(cat->conn, sql.data, sql.length, take_defaults,
                              cat, cat->err);
  mysqldrv_text_release(&sql);
  return rc;
}

int mysqldrv_read_exact_tables(struct mysqldrv_catalog *cat) {
  struct mysqldrv_text sql = {0};
  int rc = read_exact_defaults(cat);
  for (size_t i = 0; rc == 0 && i < cat->schema->table_count; i++) {
    if (!table_lost(cat->schema->tables[i]))
      continue;
    mysqldrv_text_puts(&sql, sql.length ? ";SHOW CREATE TABLE "
                                        : "SHOW CREATE TABLE ");
    mysqldrv_text_ident(&sql, cat->schema->tables[i]->name);
  }
  if (sql.failed)
    rc = mysqldrv_catalog_nomem(cat);
  else if (rc == 0 && sql.length > 0)
    rc = mysqldrv_query_batch(cat->conn, sql.data, sql.length,
                              take_create_table, cat, cat->err);
  mysqldrv_text_release(&sql);
  return rc;
}
