/*
 * test_model_neutral.c - the portable normal form of a model (strata diff
 * --neutral): one spelling for expressions whichever engine printed them,
 * for types and defaults, the rules that make two engines' forms of one
 * schema equal, and the differences that must still show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <strata/driver.h>
#include <strata/strata.h>

#include "model.h"
#include "tap.h"
#include "util.h"

#define APPEND(schema, array, count)                                           \
  model_append((schema), (void *)&(array), &(count), sizeof **(array))

/* ---- expressions --------------------------------------------------------- */

static const struct {
  const char *engine_text;
  const char *canonical;
} expressions[] = {
    /* PostgreSQL, casts taken out by its driver */
    {"(price >= (0))", "(\"price\" >= 0)"},
    {"((num > 0) AND flag)", "((\"num\" > 0) AND \"flag\")"},
    {"((a > 0) AND (b > 0) AND (c > 0))",
     "((\"a\" > 0) AND (\"b\" > 0) AND (\"c\" > 0))"},
    {"lower((name))", "lower(\"name\")"},
    {"((x >= 1) AND (x <= 5))", "((\"x\" >= 1) AND (\"x\" <= 5))"},
    /* MariaDB */
    {"`price` >= 0", "(\"price\" >= 0)"},
    {"`a` > 0 and `b` > 0 and `c` > 0",
     "((\"a\" > 0) AND (\"b\" > 0) AND (\"c\" > 0))"},
    {"lcase(`name`)", "lower(\"name\")"},
    {"`x` between 1 and 5", "((\"x\" >= 1) AND (\"x\" <= 5))"},
    {"`s` in ('a','it''s')", "(\"s\" IN ('a', 'it''s'))"},
    {"`n` is not null", "(\"n\" IS NOT NULL)"},
    {"`v` != 2.50", "(\"v\" <> 2.5)"},
    /* SQLite, as its renderer wrote it */
    {"(\"x\" BETWEEN 1 AND 5)", "((\"x\" >= 1) AND (\"x\" <= 5))"},
    {"state IN ('on', 'off')", "(\"state\" IN ('on', 'off'))"},
    {"(\"a\" OR (\"b\" AND NOT \"c\"))", "(\"a\" OR (\"b\" AND (NOT \"c\")))"},
    {"\"flag\" = TRUE", "(\"flag\" = 1)"},
    {"(a + b) * -3", "((\"a\" + \"b\") * -3)"},
    {"x NOT BETWEEN 1 AND 2", "((\"x\" < 1) OR (\"x\" > 2))"},
    {"x NOT IN (1, 2)", "(\"x\" NOT IN (1, 2))"},
    {"coalesce(a, 'x') <> upper(b)", "(coalesce(\"a\", 'x') <> upper(\"b\"))"},
    /* OR inside AND keeps its parentheses; AND inside OR too */
    {"(a OR b) AND c", "((\"a\" OR \"b\") AND \"c\")"},
    {"a OR b AND c", "(\"a\" OR (\"b\" AND \"c\"))"},
    /* what the parser does not follow compares by its words */
    {"CASE WHEN a THEN 1 END", "CASE WHEN \"a\" THEN 1 END"},
};

static void test_expressions(void) {
  for (size_t i = 0; i < sizeof expressions / sizeof *expressions; i++) {
    char *got = neutral_expression(expressions[i].engine_text);
    is_str(got, expressions[i].canonical, "expression %s",
           expressions[i].engine_text);
    free(got);
  }
}

/* ---- models -------------------------------------------------------------- */

static const char *text(struct strata_schema *s, const char *t) {
  return t ? model_strndup(s, t, strlen(t)) : NULL;
}

static void add_text(struct strata_schema *s, const char ***array,
                     size_t *count, const char *t) {
  model_append_text(s, (void *)array, count, t, strlen(t));
}

static struct strata_table *table(struct strata_schema *s, const char *name) {
  struct strata_table *t = APPEND(s, s->tables, s->table_count);
  t->name = text(s, name);
  return t;
}

static struct strata_column *column(struct strata_schema *s,
                                    struct strata_table *t, const char *name,
                                    enum strata_type type,
                                    const char *type_text) {
  struct strata_column *c = APPEND(s, t->columns, t->column_count);
  c->name = text(s, name);
  c->position = (int)t->column_count;
  c->type = type;
  c->type_text = text(s, type_text);
  c->precision = c->scale = -1;
  return c;
}

static void literal(struct strata_schema *s, struct strata_column *c,
                    const char *value, const char *expr) {
  c->default_kind = STRATA_DEFAULT_LITERAL;
  c->default_value = text(s, value);
  c->default_expr = text(s, expr);
}

static struct strata_check *check(struct strata_schema *s,
                                  struct strata_table *t, const char *name,
                                  const char *expression) {
  struct strata_check *k = APPEND(s, t->checks, t->check_count);
  k->name = text(s, name);
  k->expression = text(s, expression);
  return k;
}

static void primary_key(struct strata_schema *s, struct strata_table *t,
                        const char *name, const char *col) {
  struct strata_key **keys = NULL;
  size_t count = 0;
  t->primary_key = APPEND(s, keys, count);
  t->primary_key->name = text(s, name);
  add_text(s, &t->primary_key->columns, &t->primary_key->column_count, col);
}

static struct strata_foreign_key *foreign_key(struct strata_schema *s,
                                              struct strata_table *t,
                                              const char *name, const char *col,
                                              const char *on_delete) {
  struct strata_foreign_key *fk =
      APPEND(s, t->foreign_keys, t->foreign_key_count);
  fk->name = text(s, name);
  add_text(s, &fk->columns, &fk->column_count, col);
  fk->ref_table = text(s, "parent");
  add_text(s, &fk->ref_columns, &fk->ref_column_count, "id");
  fk->on_delete = text(s, on_delete);
  return fk;
}

static struct strata_index *unique_index(struct strata_schema *s,
                                         struct strata_table *t,
                                         const char *name, const char *col) {
  struct strata_index *ix = APPEND(s, t->indexes, t->index_count);
  ix->name = text(s, name);
  ix->flags = STRATA_INDEX_UNIQUE;
  struct strata_index_part *p = APPEND(s, ix->parts, ix->part_count);
  p->column = text(s, col);
  return ix;
}

/* One table as two engines hold it after their drivers' neutral_form():
 * A the way PostgreSQL or MariaDB does, B the way SQLite does. */
static struct strata_schema *engine_a(void) {
  struct strata_schema *s = model_new();
  s->engine = "postgres";
  struct strata_table *t = table(s, "items");
  t->comment = text(s, "what we sell");
  t->options = text(s, "ENGINE=InnoDB");
  struct strata_column *id = column(s, t, "id", STRATA_TYPE_BIGINT, "bigint");
  id->flags = STRATA_COLUMN_IDENTITY;
  literal(s, column(s, t, "flag", STRATA_TYPE_BOOLEAN, "boolean"), "true",
          "true");
  literal(s, column(s, t, "price", STRATA_TYPE_DECIMAL, "numeric(10,2)"),
          "0.00", "0.00");
  t->columns[2]->precision = 10;
  t->columns[2]->scale = 2;
  struct strata_column *state = column(s, t, "state", STRATA_TYPE_TEXT, "text");
  literal(s, state, "on", "'on'::text");
  struct strata_column *at =
      column(s, t, "at", STRATA_TYPE_TIMESTAMPTZ, "timestamp(6)");
  at->precision = 6;
  at->default_kind = STRATA_DEFAULT_CURRENT_TIME;
  at->default_value = text(s, "6");
  struct strata_column *note =
      column(s, t, "note", STRATA_TYPE_VARCHAR, "varchar(20)");
  note->length = 20;
  note->default_kind = STRATA_DEFAULT_NULL;
  note->comment = text(s, "free text");
  note->collation = text(s, "utf8mb4_bin");
  column(s, t, "parent_id", STRATA_TYPE_BIGINT, "bigint");
  primary_key(s, t, "PRIMARY", "id");
  check(s, t, NULL, "(state IN ('on', 'off'))");
  check(s, t, "items_price", "`price` >= 0");
  foreign_key(s, t, "items_parent", "parent_id", "RESTRICT");
  struct strata_key *u = APPEND(s, t->uniques, t->unique_count);
  u->name = text(s, "items_note");
  add_text(s, &u->columns, &u->column_count, "note");
  return s;
}

static struct strata_schema *engine_b(void) {
  struct strata_schema *s = model_new();
  s->engine = "sqlite";
  struct strata_table *t = table(s, "items");
  struct strata_column *id = column(s, t, "id", STRATA_TYPE_INTEGER, "INTEGER");
  id->flags = STRATA_COLUMN_IDENTITY;
  literal(s, column(s, t, "flag", STRATA_TYPE_BOOLEAN, "BOOLEAN"), "1", "TRUE");
  literal(s, column(s, t, "price", STRATA_TYPE_DECIMAL, "DECIMAL(10,2)"), "0",
          "0");
  t->columns[2]->precision = 10;
  t->columns[2]->scale = 2;
  literal(s, column(s, t, "state", STRATA_TYPE_TEXT, "TEXT"), "on", "'on'");
  struct strata_column *at =
      column(s, t, "at", STRATA_TYPE_TIMESTAMPTZ, "TIMESTAMPTZ(6)");
  at->precision = 6;
  at->default_kind = STRATA_DEFAULT_CURRENT_TIME;
  at->default_expr = text(s, "CURRENT_TIMESTAMP");
  struct strata_column *note =
      column(s, t, "note", STRATA_TYPE_VARCHAR, "VARCHAR(20)");
  note->length = 20;
  column(s, t, "parent_id", STRATA_TYPE_BIGINT, "BIGINT");
  primary_key(s, t, NULL, "id");
  check(s, t, NULL, "state IN ('on', 'off')");
  check(s, t, NULL, "(\"price\" >= 0)");
  foreign_key(s, t, NULL, "parent_id", NULL);
  unique_index(s, t, "items_note", "note");
  return s;
}

static int collect(void *ctx, const struct strata_difference *d) {
  struct strbuf *b = ctx;
  char line[512];
  strata_difference_text(d, line, sizeof line);
  return strbuf_appendf(b, "%s\n", line);
}

/* The differences between two neutral forms, one per line. */
static char *differences(struct strata_schema *a, struct strata_schema *b,
                         unsigned lacks) {
  struct strbuf out;
  strbuf_init(&out);
  strbuf_append(&out, "", 0);
  if (model_neutral(a, lacks) != 0 || model_neutral(b, lacks) != 0 ||
      model_diff_neutral(a, b, collect, &out) < 0)
    strbuf_appendf(&out, "failed\n");
  return out.data;
}

static const unsigned sqlite_and_mysql =
    STRATA_LACKS_COMMENTS | STRATA_LACKS_IDENTITY_WIDTH | STRATA_LACKS_RESTRICT;

static void test_equal_by_rule(void) {
  struct strata_schema *a = engine_a(), *b = engine_b();
  char *got = differences(a, b, sqlite_and_mysql);
  is_str(got, "", "two engines' forms of one table are equal");
  free(got);

  const struct strata_table *t = a->tables[0];
  is_str(a->engine, "portable", "the form is portable");
  is_str(t->columns[0]->type_text, "bigint", "identity widened to bigint");
  ok(t->columns[0]->flags & STRATA_COLUMN_NOT_NULL, "a key column is NOT NULL");
  is_str(t->columns[1]->default_expr, "TRUE", "true is TRUE");
  is_str(b->tables[0]->columns[1]->default_expr, "TRUE", "1 is TRUE");
  is_str(t->columns[2]->default_expr, "0", "0.00 is 0");
  is_str(t->columns[2]->type_text, "decimal(10,2)", "numeric is decimal");
  is_str(t->columns[3]->type_text, "enum", "text + check of labels is enum");
  is_int((long)t->columns[3]->label_count, 2, "with its labels");
  is_str(t->columns[3]->default_expr, "'on'", "a text default is quoted");
  is_str(t->columns[4]->default_expr, "CURRENT_TIMESTAMP",
         "current_timestamp(6) is CURRENT_TIMESTAMP");
  is_str(t->columns[5]->default_expr, NULL, "DEFAULT NULL is no default");
  is_str(t->columns[5]->collation, NULL, "collations go");
  is_str(t->columns[5]->comment, NULL, "comments go when one side lacks them");
  is_str(t->options, NULL, "table options go");
  is_int((long)t->check_count, 1, "the enum's check is no longer a check");
  is_str(t->foreign_keys[0]->on_delete, "NO ACTION",
         "RESTRICT is NO ACTION when one side cannot tell them apart");
  is_int((long)b->tables[0]->index_count, 0, "the unique index ...");
  is_int((long)b->tables[0]->unique_count, 1, "... is a unique key");
  strata_schema_free(a);
  strata_schema_free(b);
}

/* Each change to one side, and the line the comparison must give. */
static void change_type(struct strata_schema *s) {
  s->tables[0]->columns[5]->length = 30;
}
static void change_default(struct strata_schema *s) {
  s->tables[0]->columns[3]->default_value = "off";
}
static void drop_foreign_key(struct strata_schema *s) {
  s->tables[0]->foreign_key_count = 0;
}
static void drop_column(struct strata_schema *s) {
  s->tables[0]->column_count--;
  s->tables[0]->foreign_key_count = 0;
}
static void drop_unique(struct strata_schema *s) {
  s->tables[0]->index_count = 0;
}
static void rename_check(struct strata_schema *s) {
  s->tables[0]->checks[1]->name = "price_positive";
}
static void change_labels(struct strata_schema *s) {
  s->tables[0]->checks[0]->expression = "state IN ('on', 'off', 'gone')";
}
static void keep_comment(struct strata_schema *s) {
  s->tables[0]->comment = "what we sell";
}

static const struct {
  void (*change)(struct strata_schema *b);
  unsigned lacks;
  const char *want;
} changes[] = {
    {change_type, sqlite_and_mysql,
     "table items: column note: type varchar(20) vs varchar(30)\n"},
    {change_default, sqlite_and_mysql,
     "table items: column state: default 'on' vs 'off'\n"},
    {drop_foreign_key, sqlite_and_mysql,
     "table items: foreign key items_parent: only in A\n"},
    {drop_column, sqlite_and_mysql,
     "table items: column parent_id: only in A\n"
     "table items: foreign key items_parent: only in A\n"},
    {drop_unique, sqlite_and_mysql,
     "table items: unique items_note: only in A\n"},
    {rename_check, sqlite_and_mysql,
     "table items: check items_price: name items_price vs price_positive\n"},
    {change_labels, sqlite_and_mysql,
     "table items: column state: labels (on, off) vs (on, off, gone)\n"},
    {keep_comment, STRATA_LACKS_IDENTITY_WIDTH | STRATA_LACKS_RESTRICT,
     "table items: column note: comment free text vs none\n"},
};

static void test_differences(void) {
  for (size_t i = 0; i < sizeof changes / sizeof *changes; i++) {
    struct strata_schema *a = engine_a(), *b = engine_b();
    changes[i].change(b);
    char *got = differences(a, b, changes[i].lacks);
    is_str(got, changes[i].want, "change %zu is found", i);
    free(got);
    strata_schema_free(a);
    strata_schema_free(b);
  }
}

/* The identity width and a PostgreSQL-only comparison keep what two
 * engines with full models can tell apart. */
static void test_without_lacks(void) {
  struct strata_schema *a = engine_a(), *b = engine_a();
  b->tables[0]->columns[0]->type = STRATA_TYPE_INTEGER;
  b->tables[0]->foreign_keys[0]->on_delete = "NO ACTION";
  char *got = differences(a, b, 0);
  is_str(got,
         "table items: column id: type bigint vs integer\n"
         "table items: foreign key items_parent: on delete RESTRICT vs NO "
         "ACTION\n",
         "without lacks, identity width and RESTRICT count");
  free(got);
  strata_schema_free(a);
  strata_schema_free(b);
}

/* An index over state, partial (WHERE state = 'on') on a and whole on b,
 * unique on both or on neither. */
static char *partial_vs_whole(unsigned flags, unsigned lacks) {
  struct strata_schema *a = engine_a(), *b = engine_a();
  unique_index(a, a->tables[0], "items_on", "state")->predicate =
      text(a, "(\"state\" = 'on')");
  unique_index(b, b->tables[0], "items_on", "state");
  a->tables[0]->indexes[0]->flags = b->tables[0]->indexes[0]->flags = flags;
  char *got = differences(a, b, lacks);
  strata_schema_free(a);
  strata_schema_free(b);
  return got;
}

static void test_partial_index(void) {
  char *got = partial_vs_whole(0, STRATA_LACKS_PARTIAL_INDEX);
  is_str(got, "",
         "an engine without partial indexes: a plain index's WHERE "
         "is passed over");
  free(got);
  got = partial_vs_whole(STRATA_INDEX_UNIQUE, STRATA_LACKS_PARTIAL_INDEX);
  is_str(got,
         "table items: unique items_on: only in B\n"
         "index items_on: only in A\n",
         "a unique index's WHERE still counts: it changes what is accepted");
  free(got);
  got = partial_vs_whole(0, 0);
  is_str(got, "index items_on: where (\"state\" = 'on') vs none\n",
         "two engines with partial indexes compare the WHERE");
  free(got);
}

int main(void) {
  test_expressions();
  test_equal_by_rule();
  test_differences();
  test_without_lacks();
  test_partial_index();
  return done_testing();
}
