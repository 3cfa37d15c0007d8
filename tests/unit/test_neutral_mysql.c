/*
 * test_neutral_mysql.c - the MySQL driver's neutral_form(): tinyint(1) as
 * boolean and char(36) as uuid, no precision as the engine's default, the
 * server's names for unnamed checks and foreign keys forgotten, the index
 * InnoDB adds for a foreign key left out, and checks' strings in standard
 * quoting.
 */
#include "mysqldrv.h"

#include <stdlib.h>

#include "neutral_harness.h"
#include "tap.h"

static void test_types(const struct strata_host *host) {
  struct strata_schema *s = model_new();
  struct strata_table *t = harness_table(s, "t");
  struct strata_column *flag =
      harness_column(s, t, "flag", STRATA_TYPE_TINYINT, 1);
  struct strata_column *tiny =
      harness_column(s, t, "tiny", STRATA_TYPE_TINYINT, 4);
  struct strata_column *ref = harness_column(s, t, "ref", STRATA_TYPE_CHAR, 36);
  struct strata_column *code =
      harness_column(s, t, "code", STRATA_TYPE_CHAR, 8);
  struct strata_column *at =
      harness_column(s, t, "at", STRATA_TYPE_TIMESTAMP, 0);
  at->precision = 0;
  struct strata_column *fine =
      harness_column(s, t, "fine", STRATA_TYPE_TIMESTAMPTZ, 0);
  fine->precision = 3;
  unsigned lacks = 0;
  struct strata_error err = {0};
  is_int(mysqldrv_neutral_form(host, s, &lacks, &err), 0, "neutral_form");
  is_int((long)lacks,
         (long)(STRATA_LACKS_RESTRICT | STRATA_LACKS_PARTIAL_INDEX),
         "MySQL cannot tell RESTRICT from NO ACTION, and has no partial index");
  is_int(flag->type, STRATA_TYPE_BOOLEAN, "tinyint(1) is boolean");
  is_int(tiny->type, STRATA_TYPE_TINYINT, "tinyint(4) is not");
  is_int(ref->type, STRATA_TYPE_UUID, "char(36) is uuid");
  is_int(code->type, STRATA_TYPE_CHAR, "char(8) is char");
  is_int(at->precision, -1, "datetime is timestamp with no precision");
  is_int(fine->precision, 3, "timestamp(3) keeps its precision");
  strata_schema_free(s);
}

static void test_names_and_indexes(const struct strata_host *host) {
  struct strata_schema *s = model_new();
  struct strata_table *t = harness_table(s, "lines");
  harness_check(s, t, "CONSTRAINT_1", "`q` > 0");
  harness_check(s, t, "lines_q", "`q` < 100");
  harness_foreign_key(s, t, "lines_ibfk_1", "order_id");
  harness_foreign_key(s, t, "lines_product", "product_id");
  harness_foreign_key(s, t, "lines_ibfk_2", "other_id");
  harness_index(s, t, "order_id", "order_id", NULL);
  harness_index(s, t, "lines_product", "product_id", NULL);
  harness_index(s, t, "lines_other", "other_id", NULL);
  harness_index(s, t, "lines_q", "q", NULL);
  unsigned lacks = 0;
  struct strata_error err = {0};
  is_int(mysqldrv_neutral_form(host, s, &lacks, &err), 0, "neutral_form");
  is_str(t->checks[0]->name, NULL, "CONSTRAINT_1 is made up");
  is_str(t->checks[1]->name, "lines_q", "a name written stays");
  is_str(t->foreign_keys[0]->name, NULL, "<table>_ibfk_1 is made up");
  is_str(t->foreign_keys[1]->name, "lines_product", "a name written stays");
  is_int((long)t->index_count, 2, "the indexes InnoDB added are gone");
  is_str(t->indexes[0]->name, "lines_other", "one written for a key stays");
  is_str(t->indexes[1]->name, "lines_q", "and one of another column");
  strata_schema_free(s);
}

static const struct {
  const char *printed;
  const char *neutral;
} texts[] = {
    {"`s` in ('a','b')", "`s` in ('a','b')"},
    {"`s` <> 'it\\'s'", "`s` <> 'it''s'"},
    {"`s` <> 'a\\\\b'", "`s` <> 'a\\b'"},
    {"`s` = _utf8mb4'x'", "`s` = 'x'"},
    {"`s` = 'it''s'", "`s` = 'it''s'"},
    {"`a_b` = 1", "`a_b` = 1"},
};

static void test_expressions(const struct strata_host *host) {
  for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
    struct strata_schema *s = model_new();
    struct strata_table *t = harness_table(s, "t");
    struct strata_check *k = harness_check(s, t, "t_rule", texts[i].printed);
    unsigned lacks = 0;
    struct strata_error err = {0};
    is_int(mysqldrv_neutral_form(host, s, &lacks, &err), 0, "neutral_form");
    is_str(k->expression, texts[i].neutral, "%s", texts[i].printed);
    strata_schema_free(s);
  }
}

int main(void) {
  struct strata_host host;
  harness_host(&host);
  test_types(&host);
  test_names_and_indexes(&host);
  test_expressions(&host);
  return done_testing();
}
