/*
 * neutral.c - a PostgreSQL model in portable terms (driver.h,
 * neutral_form): what the server made of a portable migration, undone.
 *
 * PostgreSQL keeps expressions as parse trees and prints them back with
 * every cast it added ('-1'::integer, (code)::bpchar, (0)::numeric) and
 * IN lists as = ANY (ARRAY[...]); it names unnamed constraints
 * <table>_<columns>_check, _fkey, _key and _pkey; and an enum type
 * (a raw migration's CREATE TYPE) lives apart from its column.
 */
#include "postgres.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Words that continue a type name after its first: character varying,
 * double precision, timestamp with time zone. */
static const char *const type_words[] = {
    "varying", "precision", "with", "without", "time", "zone", NULL};

static const char *const number_types[] = {
    "integer", "bigint", "smallint", "numeric", "real", "double", NULL};

static int word_is(const char *p, size_t n, const char *const *words) {
  for (; *words; words++)
    if (strlen(*words) == n && strncmp(p, *words, n) == 0)
      return 1;
  return 0;
}

/* Past the type of a cast, from just after "::"; *numeric tells whether
 * it is a number type. */
static const char *after_type(const char *p, int *numeric) {
  if (*p == '"')
    p = postgres_after_quoted(p);
  const char *word = p;
  p = postgres_after_word(p);
  *numeric = word_is(word, (size_t)(p - word), number_types);
  for (;;) {
    const char *q = p;
    while (*q == ' ')
      q++;
    const char *end = postgres_after_word(q);
    if (end == q || !word_is(q, (size_t)(end - q), type_words))
      break;
    p = end;
  }
  if (*p == '(')
    while (*p && *p++ != ')')
      ;
  while (p[0] == '[' && p[1] == ']')
    p += 2;
  return p;
}

/* '-1' written before a cast to a number: the number itself. */
static void unquote_number(char *start, char **out) {
  char *end = *out;
  if (start == NULL || end - start < 3 || end[-1] != '\'')
    return;
  for (char *p = start + 1; p < end - 1; p++)
    if (!(isdigit((unsigned char)*p) || *p == '-' || *p == '.'))
      return;
  memmove(start, start + 1, (size_t)(end - start - 2));
  *out = end - 2;
}

/* Writes text without its casts and with its ANY/ALL arrays as IN
 * lists into out (as long as text at least). */
static void rewrite(const char *text, char *out) {
  static const char any[] = "= ANY (ARRAY[", all[] = "<> ALL (ARRAY[";
  char *last_string = NULL;
  int in_array = 0;
  for (const char *p = text; *p;) {
    if (*p == '\'' || *p == '"') {
      const char *end = postgres_after_quoted(p);
      last_string = *p == '\'' ? out : NULL;
      memcpy(out, p, (size_t)(end - p));
      out += end - p;
      p = end;
    } else if (p[0] == ':' && p[1] == ':') {
      int numeric;
      p = after_type(p + 2, &numeric);
      if (numeric)
        unquote_number(last_string, &out);
      last_string = NULL;
    } else if (strncmp(p, any, sizeof any - 1) == 0 ||
               strncmp(p, all, sizeof all - 1) == 0) {
      int negated = *p == '<';
      const char *in = negated ? "NOT IN (" : "IN (";
      memcpy(out, in, strlen(in));
      out += strlen(in);
      p += negated ? sizeof all - 1 : sizeof any - 1;
      in_array = 1;
    } else if (in_array && p[0] == ']' && p[1] == ')') {
      *out++ = ')';
      p += 2;
      in_array = 0;
    } else {
      last_string = NULL;
      *out++ = *p++;
    }
  }
  *out = '\0';
}

/* ---- names PostgreSQL made up -------------------------------------------- */

/* Whether name is <table>_..._<suffix>, with a number after it when the
 * first choice was taken. */
static int is_made_up(const char *name, const char *table, const char *suffix) {
  size_t n = strlen(table), s = strlen(suffix);
  if (name == NULL || strncmp(name, table, n) != 0 || name[n] != '_')
    return 0;
  const char *end = name + strlen(name);
  while (end > name && isdigit((unsigned char)end[-1]))
    end--;
  return (size_t)(end - name) >= n + s && strncmp(end - s, suffix, s) == 0;
}

static void forget_made_up_names(struct strata_table *t) {
  for (size_t i = 0; i < t->check_count; i++)
    if (is_made_up(t->checks[i]->name, t->name, "_check"))
      t->checks[i]->name = NULL;
  for (size_t i = 0; i < t->foreign_key_count; i++)
    if (is_made_up(t->foreign_keys[i]->name, t->name, "_fkey"))
      t->foreign_keys[i]->name = NULL;
  for (size_t i = 0; i < t->unique_count; i++)
    if (is_made_up(t->uniques[i]->name, t->name, "_key"))
      t->uniques[i]->name = NULL;
}

/* ---- enum types ---------------------------------------------------------- */

static struct strata_enum_type *find_enum(const struct strata_schema *schema,
                                          const char *name) {
  for (size_t i = 0; name != NULL && i < schema->enum_count; i++)
    if (strcmp(schema->enums[i]->name, name) == 0)
      return schema->enums[i];
  return NULL;
}

/* A column of an enum type holds its labels; the types columns hold go. */
static void inline_enums(struct strata_schema *schema) {
  size_t used = 0;
  for (size_t i = 0; i < schema->table_count; i++) {
    struct strata_table *t = schema->tables[i];
    for (size_t j = 0; j < t->column_count; j++) {
      struct strata_column *c = t->columns[j];
      struct strata_enum_type *e = find_enum(schema, c->type_ref);
      if (e == NULL || (c->flags & STRATA_COLUMN_ARRAY))
        continue;
      c->type = STRATA_TYPE_ENUM;
      c->labels = e->labels;
      c->label_count = e->label_count;
      used++;
    }
  }
  size_t kept = 0;
  for (size_t i = 0; used > 0 && i < schema->enum_count; i++) {
    int held = 0;
    for (size_t j = 0; j < schema->table_count && !held; j++)
      for (size_t k = 0; k < schema->tables[j]->column_count && !held; k++) {
        const struct strata_column *c = schema->tables[j]->columns[k];
        held = c->type == STRATA_TYPE_ENUM && c->type_ref != NULL &&
               strcmp(c->type_ref, schema->enums[i]->name) == 0;
      }
    if (!held)
      schema->enums[kept++] = schema->enums[i];
  }
  if (used > 0)
    schema->enum_count = kept;
}

/* ---- the whole model ----------------------------------------------------- */

static int neutral_table(const struct strata_host *host,
                         struct strata_schema *schema, struct strata_table *t,
                         struct strata_error *err) {
  int rc = 0;
  forget_made_up_names(t);
  for (size_t i = 0; rc == 0 && i < t->column_count; i++) {
    struct strata_column *c = t->columns[i];
    if (c->default_kind == STRATA_DEFAULT_EXPRESSION)
      rc = common_rewrite_text(host, schema, &c->default_expr, rewrite, err);
    if (rc == 0)
      rc = common_rewrite_text(host, schema, &c->generated_expr, rewrite, err);
  }
  for (size_t i = 0; rc == 0 && i < t->check_count; i++)
    rc = common_rewrite_text(host, schema, &t->checks[i]->expression, rewrite,
                             err);
  for (size_t i = 0; rc == 0 && i < t->index_count; i++) {
    struct strata_index *ix = t->indexes[i];
    rc = common_rewrite_text(host, schema, &ix->predicate, rewrite, err);
    for (size_t j = 0; rc == 0 && j < ix->part_count; j++)
      rc = common_rewrite_text(host, schema, &ix->parts[j]->expression, rewrite,
                               err);
  }
  return rc;
}

int postgres_neutral_form(const struct strata_host *host,
                          struct strata_schema *schema, unsigned *lacks,
                          struct strata_error *err) {
  *lacks = 0;
  inline_enums(schema);
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < schema->table_count; i++)
    rc = neutral_table(host, schema, schema->tables[i], err);
  return rc;
}
