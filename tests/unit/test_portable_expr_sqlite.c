/*
 * test_portable_expr_sqlite.c - the SQLite driver's
 * portable_expression() and port_form(): SQLite's names in any quoting
 * and case written as the model spells them, a name that names nothing
 * refused (SQLite would read "x" as a string), a backslash a character
 * of its own, IS between two values refused; and the rowid key an
 * identity, INTEGER a bigint, each said.
 */
#include "port.h"

#include <stdlib.h>
#include <string.h>

#include "neutral_harness.h"
#include "tap.h"

/* The case's expected text, or for a refusal "!" and the start of the
 * reason. */
static const struct {
  const char *sqlite, *portable, *what;
} cases[] = {
    {"QTY >= 0", "\"Qty\" >= 0", "a bare name in another case"},
    {"[qty] > 0 AND `Qty` < 9 AND \"qty\" <> 5",
     "\"Qty\" > 0 AND \"Qty\" < 9 AND \"Qty\" <> 5",
     "[name], `name` and \"name\""},
    {"length(name) > 0", "length(\"name\") > 0", "length() counts characters"},
    {"name <> 'a\\b'", "\"name\" <> 'a\\b'", "a backslash is itself"},
    {"name == 'x'", "\"name\" = 'x'", "== is ="},
    {"\"nothing\" > 0", "!nothing names no column",
     "a quoted name that names nothing"},
    {"qty IS name", "!IS followed by a value",
     "IS between two values is SQLite's"},
    {"name || 'x' <> ''", "!'||'", "|| is refused"},
    {"qty IS NOT NULL", "\"Qty\" IS NOT NULL", "IS NOT NULL"},
};

static void test_expressions(const struct strata_host *host,
                             struct strata_schema *s, struct strata_table *t) {
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    struct harness_expr_out o = {{0}};
    struct strata_error err = {0};
    int rc = sqlite_portable_expression(host, s, t, STRATA_EXPRESSION_CHECK,
                                        cases[i].sqlite, harness_expr_keep, &o,
                                        &err);
    harness_expr_case(rc, &err, &o, cases[i].portable, cases[i].what);
  }
}

static void count_note(void *ctx, const struct strata_note *note) {
  (void)note;
  ++*(int *)ctx;
}

static void test_port_form(const struct strata_host *host,
                           struct strata_schema *s, struct strata_table *t) {
  struct strata_error err = {0};
  int notes = 0;
  struct strata_column *id = t->columns[0], *qty = t->columns[1];
  is_int(sqlite_port_form(host, s, count_note, &notes, &err), 0, "port_form");
  ok(id->flags & STRATA_COLUMN_IDENTITY, "the INTEGER PRIMARY KEY numbers");
  is_int(id->type, STRATA_TYPE_BIGINT, "as a bigint");
  is_int(qty->type, STRATA_TYPE_BIGINT, "every INTEGER is a bigint");
  ok(!(qty->flags & STRATA_COLUMN_IDENTITY), "a column outside the key not");
  is_int(notes, 3, "each change is a note");
}

int main(void) {
  struct strata_host host;
  harness_host(&host);
  struct strata_schema *s = model_new();
  struct strata_table *t = harness_table(s, "parts");
  struct strata_column *id = harness_column(s, t, "id", STRATA_TYPE_INTEGER, 0);
  id->type_text = harness_text(s, "INTEGER");
  struct strata_column *qty =
      harness_column(s, t, "Qty", STRATA_TYPE_INTEGER, 0);
  qty->type_text = harness_text(s, "INTEGER");
  harness_column(s, t, "name", STRATA_TYPE_TEXT, 0);
  const char *key[] = {"id"};
  struct strata_key primary_key = {.columns = key, .column_count = 1};
  t->primary_key = &primary_key;
  test_expressions(&host, s, t);
  test_port_form(&host, s, t);
  strata_schema_free(s);
  return done_testing();
}
