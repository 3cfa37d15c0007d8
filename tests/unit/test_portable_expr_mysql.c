/*
 * test_portable_expr_mysql.c - the MySQL driver's portable_expression()
 * on the text MySQL and MariaDB print back: backticked names, strings
 * with backslash escapes and character set introducers, the functions
 * MariaDB renames, and what means something else elsewhere refused with
 * its reason.
 */
#include "mysqldrv.h"

#include <stdlib.h>
#include <string.h>

#include "neutral_harness.h"
#include "tap.h"

/* The case's expected text, or for a refusal "!" and the start of the
 * reason. */
static const struct {
  enum strata_expression_kind kind;
  const char *mysql, *portable, *what;
} cases[] = {
    {STRATA_EXPRESSION_CHECK, "`qty` > 0", "\"qty\" > 0", "a backticked name"},
    {STRATA_EXPRESSION_GENERATED, "`price` * `qty`", "\"price\" * \"qty\"",
     "arithmetic"},
    {STRATA_EXPRESSION_DEFAULT, "lcase('ABC')", "lower('ABC')",
     "MariaDB's lcase() is lower()"},
    {STRATA_EXPRESSION_CHECK, "`name` <> _utf8mb4'it\\'s'",
     "\"name\" <> 'it''s'", "an introducer dropped, a backslash escape read"},
    {STRATA_EXPRESSION_CHECK, "`name` <> 'a\\%b\\nc'", "\"name\" <> 'a\\%b\nc'",
     "\\% stays, \\n is a new line"},
    {STRATA_EXPRESSION_CHECK, "char_length(`name`) >= 2",
     "char_length(\"name\") >= 2", "char_length() carries"},
    {STRATA_EXPRESSION_CHECK, "`qty` between 1 and 9 and `qty` <> 5",
     "\"qty\" BETWEEN 1 AND 9 AND \"qty\" <> 5",
     "BETWEEN's AND is not a new condition, the next AND is"},
    {STRATA_EXPRESSION_CHECK, "`name` is not null", "\"name\" IS NOT NULL",
     "IS NOT NULL"},
    {STRATA_EXPRESSION_CHECK, "length(`name`) > 2", "!length() counts bytes",
     "length() is refused"},
    {STRATA_EXPRESSION_CHECK, "if(`qty` > 5,`price` > 1,1)",
     "!if() is a MySQL function", "if() is refused"},
    {STRATA_EXPRESSION_CHECK, "concat(`a`,`b`) <> ''", "!concat()",
     "concat() is refused"},
    {STRATA_EXPRESSION_CHECK, "`a` || `b`", "!'||'", "|| is refused"},
    {STRATA_EXPRESSION_CHECK, "`a` <=> 1", "!the null-safe", "<=> is refused"},
    {STRATA_EXPRESSION_CHECK, "`name` like 'a%'", "!LIKE", "LIKE is refused"},
    {STRATA_EXPRESSION_CHECK, "`qty` / 2 > 1", "!'/'", "/ is refused"},
    {STRATA_EXPRESSION_CHECK, "`qty` > 0x1f", "!a number",
     "a hexadecimal number is refused"},
    {STRATA_EXPRESSION_CHECK, "`a` = `b` = 1", "!= follows",
     "two comparisons in a row are refused"},
    {STRATA_EXPRESSION_CHECK, "`a` < `b` is true", "!IS follows",
     "so is a comparison before IS"},
    {STRATA_EXPRESSION_VIEW,
     "select `t`.`id` AS `id`,count(0) AS `n` from `t` group by `t`.`id`",
     "SELECT \"t\".\"id\" AS \"id\",count(0) AS \"n\" FROM \"t\" GROUP BY "
     "\"t\".\"id\"",
     "a view's SELECT, with an aggregate"},
    {STRATA_EXPRESSION_CHECK, "count(`id`) > 0", "!count() is not among",
     "an aggregate only in a view"},
};

int main(void) {
  struct strata_host host;
  harness_host(&host);
  struct strata_schema *s = model_new();
  struct strata_table *t = harness_table(s, "t");
  harness_column(s, t, "qty", STRATA_TYPE_INTEGER, 0);
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    struct harness_expr_out o = {{0}};
    struct strata_error err = {0};
    int rc = mysqldrv_portable_expression(
        &host, s, cases[i].kind == STRATA_EXPRESSION_VIEW ? NULL : t,
        cases[i].kind, cases[i].mysql, harness_expr_keep, &o, &err);
    harness_expr_case(rc, &err, &o, cases[i].portable, cases[i].what);
  }
  strata_schema_free(s);
  return done_testing();
}
