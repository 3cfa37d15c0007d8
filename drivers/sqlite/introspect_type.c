/*
 * introspect_type.c - a column's neutral type and default, from SQLite's
 * declared type and default text.
 *
 * SQLite stores any declared type and gives it an affinity by looking for
 * INT, CHAR, CLOB, TEXT, BLOB, REAL, FLOA and DOUB in it.  The common
 * names map to the neutral type they say; anything else maps to what its
 * affinity holds.  REAL and FLOAT are 8-byte floats in SQLite, hence
 * DOUBLE.
 */
#include "sqlite.h"

#include <stdlib.h>
#include <string.h>

struct type_name {
  const char *name;
  enum strata_type type;
};

static const struct type_name type_names[] = {
    {"BOOLEAN", STRATA_TYPE_BOOLEAN},
    {"BOOL", STRATA_TYPE_BOOLEAN},
    {"TINYINT", STRATA_TYPE_TINYINT},
    {"SMALLINT", STRATA_TYPE_SMALLINT},
    {"INT2", STRATA_TYPE_SMALLINT},
    {"MEDIUMINT", STRATA_TYPE_MEDIUMINT},
    {"INT", STRATA_TYPE_INTEGER},
    {"INTEGER", STRATA_TYPE_INTEGER},
    {"INT4", STRATA_TYPE_INTEGER},
    {"BIGINT", STRATA_TYPE_BIGINT},
    {"BIG INT", STRATA_TYPE_BIGINT},
    {"INT8", STRATA_TYPE_BIGINT},
    {"DECIMAL", STRATA_TYPE_DECIMAL},
    {"DEC", STRATA_TYPE_DECIMAL},
    {"NUMERIC", STRATA_TYPE_DECIMAL},
    {"FLOAT4", STRATA_TYPE_REAL},
    {"REAL", STRATA_TYPE_DOUBLE},
    {"FLOAT", STRATA_TYPE_DOUBLE},
    {"FLOAT8", STRATA_TYPE_DOUBLE},
    {"DOUBLE", STRATA_TYPE_DOUBLE},
    {"DOUBLE PRECISION", STRATA_TYPE_DOUBLE},
    {"CHAR", STRATA_TYPE_CHAR},
    {"CHARACTER", STRATA_TYPE_CHAR},
    {"NCHAR", STRATA_TYPE_CHAR},
    {"NATIVE CHARACTER", STRATA_TYPE_CHAR},
    {"VARCHAR", STRATA_TYPE_VARCHAR},
    {"NVARCHAR", STRATA_TYPE_VARCHAR},
    {"CHARACTER VARYING", STRATA_TYPE_VARCHAR},
    {"VARYING CHARACTER", STRATA_TYPE_VARCHAR},
    {"TEXT", STRATA_TYPE_TEXT},
    {"CLOB", STRATA_TYPE_TEXT},
    {"TINYTEXT", STRATA_TYPE_TEXT},
    {"MEDIUMTEXT", STRATA_TYPE_TEXT},
    {"LONGTEXT", STRATA_TYPE_TEXT},
    {"BINARY", STRATA_TYPE_BINARY},
    {"VARBINARY", STRATA_TYPE_VARBINARY},
    {"BLOB", STRATA_TYPE_BLOB},
    {"BYTEA", STRATA_TYPE_BLOB},
    {"TINYBLOB", STRATA_TYPE_BLOB},
    {"MEDIUMBLOB", STRATA_TYPE_BLOB},
    {"LONGBLOB", STRATA_TYPE_BLOB},
    {"DATE", STRATA_TYPE_DATE},
    {"TIME", STRATA_TYPE_TIME},
    {"DATETIME", STRATA_TYPE_TIMESTAMP},
    {"TIMESTAMP", STRATA_TYPE_TIMESTAMP},
    {"TIMESTAMP WITHOUT TIME ZONE", STRATA_TYPE_TIMESTAMP},
    {"TIMESTAMPTZ", STRATA_TYPE_TIMESTAMPTZ},
    {"TIMESTAMP WITH TIME ZONE", STRATA_TYPE_TIMESTAMPTZ},
    {"JSON", STRATA_TYPE_JSON},
    {"JSONB", STRATA_TYPE_JSON},
    {"UUID", STRATA_TYPE_UUID},
    /* What portable migrations declare: the word TEXT gives TEXT affinity,
     * so an all-digit value is not made a number. */
    {"UUID TEXT", STRATA_TYPE_UUID},
    {"JSON TEXT", STRATA_TYPE_JSON},
};

/* SQLite's affinity rules, in its order, for names not listed above. */
static enum strata_type by_affinity(const char *name) {
  if (name[0] == '\0' || strcmp(name, "ANY") == 0)
    return STRATA_TYPE_OTHER;
  if (strstr(name, "INT") != NULL)
    return STRATA_TYPE_INTEGER;
  if (strstr(name, "CHAR") || strstr(name, "CLOB") || strstr(name, "TEXT"))
    return STRATA_TYPE_TEXT;
  if (strstr(name, "BLOB") != NULL)
    return STRATA_TYPE_BLOB;
  if (strstr(name, "REAL") || strstr(name, "FLOA") || strstr(name, "DOUB"))
    return STRATA_TYPE_DOUBLE;
  return STRATA_TYPE_DECIMAL;
}

static enum strata_type by_name(const char *name) {
  for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
    if (strcmp(type_names[i].name, name) == 0)
      return type_names[i].type;
  return by_affinity(name);
}

/* The words of a canonical type text (upper case, one space apart),
 * without UNSIGNED, up to its parenthesis; up to two numbers inside it. */
struct declared {
  char name[128];
  int is_unsigned;
  long long args[2];
  int arg_count;
};

static void add_word(struct declared *d, const struct sqltok *tok) {
  size_t used = strlen(d->name);
  if (sqltok_is(tok, "UNSIGNED")) {
    d->is_unsigned = 1;
    return;
  }
  if (used + tok->length + 2 > sizeof d->name)
    return;
  if (used > 0)
    d->name[used++] = ' ';
  memcpy(d->name + used, tok->text, tok->length);
  d->name[used + tok->length] = '\0';
}

static void read_declared(const char *text, struct declared *d) {
  struct sqllex lx;
  struct sqltok tok;
  int in_args = 0;
  *d = (struct declared){0};
  sqllex_init(&lx, text, strlen(text));
  while (sqllex_next(&lx, &tok) != SQLTOK_END) {
    if (tok.kind == SQLTOK_LPAREN)
      in_args = 1;
    else if (!in_args && (tok.kind == SQLTOK_WORD || tok.kind == SQLTOK_ID))
      add_word(d, &tok);
    else if (in_args && tok.kind == SQLTOK_NUMBER && d->arg_count < 2)
      d->args[d->arg_count++] = strtoll(tok.text, NULL, 10);
  }
}

static void set_sizes(struct strata_column *c, const struct declared *d) {
  if (d->arg_count == 0)
    return;
  switch (c->type) {
  case STRATA_TYPE_DECIMAL:
    c->precision = (int)d->args[0];
    c->scale = d->arg_count > 1 ? (int)d->args[1] : 0;
    break;
  case STRATA_TYPE_TIME:
  case STRATA_TYPE_TIMESTAMP:
  case STRATA_TYPE_TIMESTAMPTZ: c->precision = (int)d->args[0]; break;
  case STRATA_TYPE_CHAR:
  case STRATA_TYPE_VARCHAR:
  case STRATA_TYPE_BINARY:
  case STRATA_TYPE_VARBINARY:
  case STRATA_TYPE_BIT: c->length = d->args[0]; break;
  default: break;
  }
}

void sqlite_ix_type_neutral(struct strata_column *c) {
  struct declared d;
  read_declared(c->type_text ? c->type_text : "", &d);
  c->type = by_name(d.name);
  if (d.is_unsigned)
    c->flags |= STRATA_COLUMN_UNSIGNED;
  set_sizes(c, &d);
}

/* ---- defaults ------------------------------------------------------ */

/* A string literal's value: without its quotes, '' read as '. */
static void set_literal_string(struct sqlite_introspection *ix,
                               struct strata_column *c,
                               const struct sqltok *tok, int *failed) {
  struct sqlite_text b = {0};
  for (size_t i = 1; i + 1 < tok->length; i++) {
    sqlite_text_add(&b, tok->text + i, 1);
    if (tok->text[i] == '\'')
      i++;
  }
  c->default_kind = STRATA_DEFAULT_LITERAL;
  c->default_value = sqlite_ix_take(ix, &b, failed);
}

static void set_literal(struct sqlite_introspection *ix,
                        struct strata_column *c, const char *text,
                        size_t length, int *failed) {
  c->default_kind = STRATA_DEFAULT_LITERAL;
  c->default_value = sqlite_ix_copy(ix, text, length, failed);
}

/* One token, or a sign and a number. */
static void default_of_literal(struct sqlite_introspection *ix,
                               struct strata_column *c,
                               const struct sqltok *first, int *failed) {
  const char *text = c->default_expr;
  if (first->kind == SQLTOK_STRING)
    set_literal_string(ix, c, first, failed);
  else if (first->kind == SQLTOK_NUMBER || first->kind == SQLTOK_OPERATOR)
    set_literal(ix, c, text + (text[0] == '+'), strlen(text) - (text[0] == '+'),
                failed);
  else if (sqltok_is(first, "NULL"))
    c->default_kind = STRATA_DEFAULT_NULL;
  else if (sqltok_is(first, "CURRENT_TIMESTAMP"))
    c->default_kind = STRATA_DEFAULT_CURRENT_TIME;
  else if (sqltok_is(first, "CURRENT_DATE"))
    c->default_kind = STRATA_DEFAULT_CURRENT_DATE;
  else if (sqltok_is(first, "TRUE") || sqltok_is(first, "FALSE"))
    set_literal(ix, c, sqltok_is(first, "TRUE") ? "1" : "0", 1, failed);
}

void sqlite_ix_default_neutral(struct sqlite_introspection *ix,
                               struct strata_column *c, int *failed) {
  const char *text = c->default_expr;
  c->default_kind = STRATA_DEFAULT_EXPRESSION;
  if (text == NULL)
    return;
  if (strcmp(text, "datetime('now')") == 0) {
    c->default_kind = STRATA_DEFAULT_CURRENT_TIME;
    return;
  }
  if (strcmp(text, "date('now')") == 0) {
    c->default_kind = STRATA_DEFAULT_CURRENT_DATE;
    return;
  }
  struct sqltok first;
  if (sqllex_is_plain_value(text, &first))
    default_of_literal(ix, c, &first, failed);
}
