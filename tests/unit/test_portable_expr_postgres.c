/*
 * test_portable_expr_postgres.c - the PostgreSQL driver's
 * portable_expression() on the text the server deparses: the casts it
 * prints dropped where they change nothing and refused elsewhere, = ANY
 * arrays as IN lists, names bare or quoted as the model spells them, and
 * what the shared reader refuses (drivers/common/expr_read.c).
 */
#include "postgres.h"

#include <stdlib.h>
#include <string.h>

#include "neutral_harness.h"
#include "tap.h"

/* The case's expected text, or for a refusal "!" and the start of the
 * reason. */
static const struct {
  enum strata_expression_kind kind;
  const char *deparsed, *portable, *what;
} cases[] = {
    {STRATA_EXPRESSION_CHECK, "(qty > 0)", "(\"qty\" > 0)",
     "a bare name is the column"},
    {STRATA_EXPRESSION_CHECK, "(amount > (0)::numeric)", "(\"amount\" > (0))",
     "a number's cast to numeric is dropped"},
    {STRATA_EXPRESSION_CHECK, "((label)::text <> ''::text)",
     "((\"label\") <> '')", "a varchar read as text, a string's own type"},
    {STRATA_EXPRESSION_CHECK, "(qty > '-1'::integer)", "(\"qty\" > -1)",
     "a negative number in quotes is the number"},
    {STRATA_EXPRESSION_CHECK, "(kind = ANY (ARRAY['a'::text, 'b'::text]))",
     "(\"kind\" IN ('a', 'b'))", "= ANY (ARRAY[...]) is IN (...)"},
    {STRATA_EXPRESSION_CHECK, "(kind <> ALL (ARRAY['a'::text]))",
     "(\"kind\" NOT IN ('a'))", "<> ALL is NOT IN"},
    {STRATA_EXPRESSION_CHECK, "(char_length((label)::text) <= 10)",
     "(char_length((\"label\")) <= 10)", "char_length() carries"},
    {STRATA_EXPRESSION_CHECK, "(\"Odd\" IS NOT NULL)", "(\"Odd\" IS NOT NULL)",
     "a quoted name keeps its case"},
    {STRATA_EXPRESSION_CHECK, "((code)::text = 'x'::text)", "!a cast to text",
     "a char column read as text loses its padding: refused"},
    {STRATA_EXPRESSION_CHECK, "(day > '2020-01-01'::date)", "!a cast to date",
     "a cast to a date is refused"},
    {STRATA_EXPRESSION_CHECK, "((label)::text ~ '^[a-z]+$'::text)",
     "!the character '~'", "a PostgreSQL-only operator is refused"},
    {STRATA_EXPRESSION_CHECK, "((qty / 2) > 1)", "!'/'",
     "integer division is refused"},
    {STRATA_EXPRESSION_CHECK, "((label)::text || 'x'::text) <> 'y'::text",
     "!'||'", "|| is refused"},
    {STRATA_EXPRESSION_CHECK, "((label)::text ~~ 'a%'::text)",
     "!the character '~'", "LIKE as PostgreSQL prints it is refused"},
    {STRATA_EXPRESSION_CHECK, "(upper((label)::text) = 'A'::text)",
     "(upper((\"label\")) = 'A')", "upper() carries"},
    {STRATA_EXPRESSION_CHECK, "(md5((label)::text) <> ''::text)",
     "!md5() is not among", "an engine-only function is refused"},
    {STRATA_EXPRESSION_CHECK, "((qty > 0) = (amount > (0)::numeric))",
     "((\"qty\" > 0) = (\"amount\" > (0)))",
     "comparisons apart in parentheses carry"},
    {STRATA_EXPRESSION_CHECK, "(qty = 1 = true)", "!= follows another",
     "two comparisons in a row are refused"},
    {STRATA_EXPRESSION_CHECK, "(alias.qty > 0)", "!alias names no column",
     "a name the model does not know is refused"},
    {STRATA_EXPRESSION_VIEW,
     "SELECT stock.label FROM stock WHERE (stock.qty > 0)",
     "SELECT \"stock\".\"label\" FROM \"stock\" WHERE (\"stock\".\"qty\" > 0)",
     "a view's SELECT"},
    {STRATA_EXPRESSION_CHECK, "(SELECT 1)", "!the word SELECT",
     "SELECT is a view's word only"},
};

int main(void) {
  struct strata_host host;
  harness_host(&host);
  struct strata_schema *s = model_new();
  struct strata_table *t = harness_table(s, "stock");
  harness_column(s, t, "qty", STRATA_TYPE_INTEGER, 0);
  harness_column(s, t, "amount", STRATA_TYPE_DECIMAL, 0);
  harness_column(s, t, "label", STRATA_TYPE_VARCHAR, 20);
  harness_column(s, t, "kind", STRATA_TYPE_TEXT, 0);
  harness_column(s, t, "code", STRATA_TYPE_CHAR, 4);
  harness_column(s, t, "day", STRATA_TYPE_DATE, 0);
  harness_column(s, t, "Odd", STRATA_TYPE_TEXT, 0);
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    struct harness_expr_out o = {{0}};
    struct strata_error err = {0};
    int rc = postgres_portable_expression(
        &host, s, cases[i].kind == STRATA_EXPRESSION_VIEW ? NULL : t,
        cases[i].kind, cases[i].deparsed, harness_expr_keep, &o, &err);
    harness_expr_case(rc, &err, &o, cases[i].portable, cases[i].what);
  }
  strata_schema_free(s);
  return done_testing();
}
