/*
 * model_neutral.c - the portable normal form of a model, in which two
 * engines' schemas built by one portable migration set are equal.
 *
 * A driver's neutral_form() first undoes what its engine alone does
 * (driver.h: its types, its names for unnamed objects, its casts).  What
 * is left here holds for every engine: every type, default and expression
 * is spelled once (the portable spelling, in type_text and default_expr,
 * so the comparison of model_diff.c reads it), a unique index without
 * anything a constraint lacks is a unique constraint, a text column whose
 * only rule is a check of its labels is an enum, primary key columns are
 * NOT NULL, and what no portable migration writes (collations, table
 * options, the engine text of views, triggers and routines) is dropped.
 */
#include <stdlib.h>
#include <string.h>

#include <strata/driver.h>

#include "model.h"
#include "util.h"

#define APPEND(schema, array, count)                                           \
  model_append((schema), (void *)&(array), &(count), sizeof **(array))

/* Keeps an arena copy of a malloc'd text (freed here); -1 when memory
 * runs out. */
static int keep(struct strata_schema *s, const char **field, char *text) {
  if (text == NULL)
    return -1;
  *field = model_strndup(s, text, strlen(text));
  free(text);
  return *field != NULL ? 0 : -1;
}

static int keep_expression(struct strata_schema *s, const char **field) {
  if (*field == NULL)
    return 0;
  return keep(s, field, neutral_expression(*field));
}

/* ---- types --------------------------------------------------------------- */

static char *with_precision(const char *name, int precision) {
  return precision >= 0 ? strata__asprintf("%s(%d)", name, precision)
                        : strata__strdup(name);
}

/* The portable spelling of a column's type; the engine's own text for a
 * type no portable migration writes. */
static char *portable_type(const struct strata_column *c) {
  switch (c->type) {
  case STRATA_TYPE_BOOLEAN: return strata__strdup("boolean");
  case STRATA_TYPE_SMALLINT: return strata__strdup("smallint");
  case STRATA_TYPE_INTEGER: return strata__strdup("integer");
  case STRATA_TYPE_BIGINT: return strata__strdup("bigint");
  case STRATA_TYPE_DECIMAL:
    if (c->precision < 0)
      return strata__strdup("decimal");
    return strata__asprintf("decimal(%d,%d)", c->precision,
                            c->scale > 0 ? c->scale : 0);
  case STRATA_TYPE_REAL: return strata__strdup("real");
  case STRATA_TYPE_DOUBLE: return strata__strdup("double precision");
  case STRATA_TYPE_CHAR: return strata__asprintf("char(%lld)", c->length);
  case STRATA_TYPE_VARCHAR:
    return c->length > 0 ? strata__asprintf("varchar(%lld)", c->length)
                         : strata__strdup("varchar");
  case STRATA_TYPE_TEXT: return strata__strdup("text");
  case STRATA_TYPE_BLOB: return strata__strdup("blob");
  case STRATA_TYPE_DATE: return strata__strdup("date");
  case STRATA_TYPE_TIME: return with_precision("time", c->precision);
  case STRATA_TYPE_TIMESTAMP: return with_precision("timestamp", c->precision);
  case STRATA_TYPE_TIMESTAMPTZ:
    return with_precision("timestamptz", c->precision);
  case STRATA_TYPE_UUID: return strata__strdup("uuid");
  case STRATA_TYPE_JSON: return strata__strdup("json");
  case STRATA_TYPE_ENUM: return strata__strdup("enum");
  default: break;
  }
  return strata__strdup(c->type_text ? c->type_text : "unknown");
}

/* ---- defaults ------------------------------------------------------------ */

static int is_one_of(const char *value, const char *const *words) {
  for (; *words; words++)
    if (strcasecmp(value, *words) == 0)
      return 1;
  return 0;
}

static int is_number_type(enum strata_type type) {
  return type >= STRATA_TYPE_TINYINT && type <= STRATA_TYPE_DOUBLE;
}

static char *literal_default(const struct strata_column *c) {
  static const char *const truths[] = {"1",   "t",  "true", "y",
                                       "yes", "on", NULL};
  static const char *const lies[] = {"0", "f", "false", "n", "no", "off", NULL};
  const char *v = c->default_value ? c->default_value : "";
  if (c->type == STRATA_TYPE_BOOLEAN && is_one_of(v, truths))
    return strata__strdup("TRUE");
  if (c->type == STRATA_TYPE_BOOLEAN && is_one_of(v, lies))
    return strata__strdup("FALSE");
  if (is_number_type(c->type) || c->type == STRATA_TYPE_BIT)
    return neutral_expression(v);
  return neutral_quoted(v);
}

/* The default in one spelling, or NULL for none (DEFAULT NULL is none:
 * a nullable column without a default holds NULL on every engine). */
static int neutral_default(struct strata_schema *s, struct strata_column *c) {
  char *text = NULL;
  switch (c->default_kind) {
  case STRATA_DEFAULT_NONE:
  case STRATA_DEFAULT_NULL:
    c->default_kind = STRATA_DEFAULT_NONE;
    c->default_value = c->default_expr = NULL;
    return 0;
  case STRATA_DEFAULT_LITERAL: text = literal_default(c); break;
  case STRATA_DEFAULT_CURRENT_TIME:
    text = strata__strdup("CURRENT_TIMESTAMP");
    break;
  case STRATA_DEFAULT_CURRENT_DATE:
    text = strata__strdup("CURRENT_DATE");
    break;
  case STRATA_DEFAULT_EXPRESSION:
    text = neutral_expression(c->default_expr    ? c->default_expr
                              : c->default_value ? c->default_value
                                                 : "");
    break;
  }
  c->default_value = NULL;
  return keep(s, &c->default_expr, text);
}

/* ---- columns ------------------------------------------------------------- */

static void pass_over_column(struct strata_column *c, unsigned lacks) {
  if (lacks & STRATA_LACKS_COMMENTS)
    c->comment = NULL;
  if ((lacks & STRATA_LACKS_IDENTITY_WIDTH) &&
      (c->flags & STRATA_COLUMN_IDENTITY) &&
      (c->type == STRATA_TYPE_SMALLINT || c->type == STRATA_TYPE_INTEGER))
    c->type = STRATA_TYPE_BIGINT;
}

static int neutral_column(struct strata_schema *s, const struct strata_table *t,
                          struct strata_column *c, unsigned lacks) {
  pass_over_column(c, lacks);
  if (model_in_primary_key(t, c->name) || (c->flags & STRATA_COLUMN_IDENTITY))
    c->flags |= STRATA_COLUMN_NOT_NULL;
  c->type_ref = NULL;
  c->collation = NULL;
  if (c->type != STRATA_TYPE_CHAR && c->type != STRATA_TYPE_VARCHAR &&
      c->type != STRATA_TYPE_BIT)
    c->length = 0;
  if (keep(s, &c->type_text, portable_type(c)) != 0 ||
      neutral_default(s, c) != 0)
    return -1;
  return keep_expression(s, &c->generated_expr);
}

/* ---- enums written as a check -------------------------------------------- */

/* The labels of a canonical check ("c" IN ('a', 'b')), appended to c's;
 * 1 when check is one over c, 0 when not, -1 when memory runs out. */
static int labels_of(struct strata_schema *s, const char *check,
                     struct strata_column *c) {
  size_t n = strlen(c->name);
  if (strncmp(check, "(\"", 2) != 0 || strncmp(check + 2, c->name, n) != 0 ||
      strncmp(check + 2 + n, "\" IN (", 6) != 0)
    return 0;
  const char *p = check + 8 + n;
  struct strbuf label;
  strbuf_init(&label);
  int rc = 0;
  while (rc == 0 && *p == '\'') {
    for (p++; *p && !(*p == '\'' && p[1] != '\''); p++) {
      p += *p == '\'';
      rc = rc || strbuf_append(&label, p, 1);
    }
    if (rc == 0 && *p == '\'')
      rc = model_append_text(s, (void *)&c->labels, &c->label_count,
                             label.data ? label.data : "", label.len);
    label.len = 0;
    p += *p == '\'';
    p += strncmp(p, ", ", 2) == 0 ? 2 : 0;
  }
  strbuf_release(&label);
  if (rc != 0)
    return -1;
  return strcmp(p, "))") == 0 && c->label_count > 0;
}

static struct strata_column *find_column(const struct strata_table *t,
                                         const char *check) {
  for (size_t i = 0; i < t->column_count; i++) {
    struct strata_column *c = t->columns[i];
    size_t n = strlen(c->name);
    if (strncmp(check, "(\"", 2) == 0 && strncmp(check + 2, c->name, n) == 0 &&
        check[2 + n] == '"')
      return c;
  }
  return NULL;
}

/* An unnamed check "c IN (labels)" on a text column c is how an engine
 * without enums holds enum(labels): 1 when check was one (and is now the
 * column's type), 0 when not, -1 when memory runs out. */
static int enum_from_check(struct strata_schema *s, struct strata_table *t,
                           const struct strata_check *check) {
  struct strata_column *c = find_column(t, check->expression);
  if (check->name != NULL || c == NULL || c->type != STRATA_TYPE_TEXT ||
      c->label_count > 0)
    return 0;
  int rc = labels_of(s, check->expression, c);
  if (rc == 1) {
    c->type = STRATA_TYPE_ENUM;
    return keep(s, &c->type_text, portable_type(c)) == 0 ? 1 : -1;
  }
  c->labels = NULL;
  c->label_count = 0;
  return rc;
}

static int neutral_checks(struct strata_schema *s, struct strata_table *t) {
  size_t kept = 0;
  for (size_t i = 0; i < t->check_count; i++) {
    struct strata_check *check = t->checks[i];
    if (keep_expression(s, &check->expression) != 0)
      return -1;
    int rc = enum_from_check(s, t, check);
    if (rc < 0)
      return -1;
    if (rc == 0)
      t->checks[kept++] = check;
  }
  t->check_count = kept;
  return 0;
}

/* ---- keys and indexes ---------------------------------------------------- */

/* Whether a unique index says no more than a unique constraint could: the
 * form SQLite gives ADD CONSTRAINT ... UNIQUE. */
static int is_plain_unique(const struct strata_index *ix) {
  if (!(ix->flags & STRATA_INDEX_UNIQUE) ||
      (ix->flags & STRATA_INDEX_PRIMARY) || ix->predicate != NULL ||
      ix->part_count == 0)
    return 0;
  for (size_t i = 0; i < ix->part_count; i++) {
    const struct strata_index_part *p = ix->parts[i];
    if (p->column == NULL || p->descending || p->prefix_length > 0 ||
        p->opclass != NULL)
      return 0;
  }
  return 1;
}

static int unique_from_index(struct strata_schema *s, struct strata_table *t,
                             const struct strata_index *ix) {
  struct strata_key *k = APPEND(s, t->uniques, t->unique_count);
  if (k == NULL)
    return -1;
  k->name = ix->name;
  for (size_t i = 0; i < ix->part_count; i++) {
    const char *col = ix->parts[i]->column;
    if (model_append_text(s, (void *)&k->columns, &k->column_count, col,
                          strlen(col)) != 0)
      return -1;
  }
  return 0;
}

static int neutral_index(struct strata_schema *s, struct strata_index *ix) {
  ix->definition = NULL;
  if (ix->method != NULL && strcmp(ix->method, "btree") == 0)
    ix->method = NULL;
  for (size_t i = 0; i < ix->part_count; i++)
    if (keep_expression(s, &ix->parts[i]->expression) != 0)
      return -1;
  return keep_expression(s, &ix->predicate);
}

static int neutral_indexes(struct strata_schema *s, struct strata_table *t,
                           unsigned lacks) {
  size_t kept = 0;
  for (size_t i = 0; i < t->index_count; i++) {
    struct strata_index *ix = t->indexes[i];
    if (lacks & STRATA_LACKS_COMMENTS)
      ix->comment = NULL;
    if ((lacks & STRATA_LACKS_PARTIAL_INDEX) &&
        !(ix->flags & STRATA_INDEX_UNIQUE))
      ix->predicate = NULL;
    if (neutral_index(s, ix) != 0)
      return -1;
    if (!is_plain_unique(ix))
      t->indexes[kept++] = ix;
    else if (unique_from_index(s, t, ix) != 0)
      return -1;
  }
  t->index_count = kept;
  return 0;
}

/* An engine may leave the default action unsaid; MySQL says RESTRICT for
 * both. */
static const char *neutral_action(const char *rule, unsigned lacks) {
  if (rule == NULL ||
      ((lacks & STRATA_LACKS_RESTRICT) && strcmp(rule, "RESTRICT") == 0))
    return "NO ACTION";
  return rule;
}

static void neutral_foreign_key(struct strata_foreign_key *fk, unsigned lacks) {
  fk->on_delete = neutral_action(fk->on_delete, lacks);
  fk->on_update = neutral_action(fk->on_update, lacks);
  if (fk->match != NULL && strcmp(fk->match, "SIMPLE") == 0)
    fk->match = NULL;
}

/* ---- tables and the rest ------------------------------------------------- */

static int neutral_table(struct strata_schema *s, struct strata_table *t,
                         unsigned lacks) {
  t->options = NULL;
  if (lacks & STRATA_LACKS_COMMENTS)
    t->comment = NULL;
  if (t->primary_key != NULL)
    t->primary_key->name = NULL;
  for (size_t i = 0; i < t->column_count; i++)
    if (neutral_column(s, t, t->columns[i], lacks) != 0)
      return -1;
  for (size_t i = 0; i < t->foreign_key_count; i++)
    neutral_foreign_key(t->foreign_keys[i], lacks);
  for (size_t i = 0; i < t->trigger_count; i++)
    t->triggers[i]->definition = t->triggers[i]->settings = NULL;
  if (neutral_checks(s, t) != 0)
    return -1;
  return neutral_indexes(s, t, lacks);
}

static void neutral_objects(struct strata_schema *s, unsigned lacks) {
  for (size_t i = 0; i < s->view_count; i++) {
    struct strata_view *v = s->views[i];
    v->definition = v->options = NULL;
    if (lacks & STRATA_LACKS_COMMENTS)
      v->comment = NULL;
  }
  for (size_t i = 0; i < s->routine_count; i++)
    s->routines[i]->definition = s->routines[i]->signature =
        s->routines[i]->settings = NULL;
}

int model_neutral(struct strata_schema *schema, unsigned lacks) {
  for (size_t i = 0; i < schema->table_count; i++)
    if (neutral_table(schema, schema->tables[i], lacks) != 0)
      return STRATA_ENOMEM;
  neutral_objects(schema, lacks);
  schema->engine = "portable";
  model_sort(schema);
  return 0;
}
