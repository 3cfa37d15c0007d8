/*
 * test_neutral_postgres.c - the PostgreSQL driver's neutral_form(): the
 * casts the server prints taken out, IN lists back from = ANY (ARRAY[]),
 * the names it makes up for unnamed constraints forgotten, and an enum
 * type held in its column.
 */
#include "postgres.h"

#include <stdlib.h>

#include "neutral_harness.h"
#include "tap.h"

static const struct {
  const char *printed;
  const char *neutral;
} texts[] = {
    {"(price >= (0)::numeric)", "(price >= (0))"},
    {"(num > '-1'::integer)", "(num > -1)"},
    {"((note)::text <> ''::text)", "((note) <> '')"},
    {"((code)::bpchar = 'x'::bpchar)", "((code) = 'x')"},
    {"lower((name)::text)", "lower((name))"},
    {"(state = ANY (ARRAY['on'::text, 'it''s'::text]))",
     "(state IN ('on', 'it''s'))"},
    {"(n <> ALL (ARRAY[1, 2]))", "(n NOT IN (1, 2))"},
    {"(d > '2026-01-01'::timestamp with time zone)", "(d > '2026-01-01')"},
    {"(v > (1.5)::double precision)", "(v > (1.5))"},
    {"(s = 'a::b'::character varying(10))", "(s = 'a::b')"},
};

static void test_expressions(const struct strata_host *host) {
  for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
    struct strata_schema *s = model_new();
    struct strata_table *t = harness_table(s, "t");
    struct strata_check *k = harness_check(s, t, "t_rule", texts[i].printed);
    unsigned lacks = 1;
    struct strata_error err = {0};
    int rc = postgres_neutral_form(host, s, &lacks, &err);
    is_int(rc, 0, "neutral_form succeeds");
    is_str(k->expression, texts[i].neutral, "%s", texts[i].printed);
    strata_schema_free(s);
  }
}

static void test_names_and_enums(const struct strata_host *host) {
  struct strata_schema *s = model_new();
  struct strata_table *t = harness_table(s, "orders");
  struct strata_column *c = harness_column(s, t, "state", STRATA_TYPE_OTHER, 0);
  c->type_ref = harness_text(s, "orders_state");
  harness_column(s, t, "total", STRATA_TYPE_DECIMAL, 0);
  struct strata_enum_type *e = HARNESS_APPEND(s, s->enums, s->enum_count);
  e->name = harness_text(s, "orders_state");
  harness_add(s, &e->labels, &e->label_count, "new");
  harness_add(s, &e->labels, &e->label_count, "paid");
  struct strata_enum_type *unused = HARNESS_APPEND(s, s->enums, s->enum_count);
  unused->name = harness_text(s, "mood");
  harness_check(s, t, "orders_total_check", "(total >= (0)::numeric)");
  harness_check(s, t, "orders_total_check1", "(total < (9)::numeric)");
  harness_check(s, t, "total_positive", "(total > (0)::numeric)");
  harness_foreign_key(s, t, "orders_customer_id_fkey", "customer_id");
  harness_foreign_key(s, t, "orders_customer", "customer_id");
  struct strata_key *u = HARNESS_APPEND(s, t->uniques, t->unique_count);
  u->name = harness_text(s, "orders_ref_key");
  unsigned lacks = 1;
  struct strata_error err = {0};
  is_int(postgres_neutral_form(host, s, &lacks, &err), 0, "neutral_form");
  is_int((long)lacks, 0, "PostgreSQL lacks nothing");
  is_int(c->type, STRATA_TYPE_ENUM, "a column of an enum type is an enum");
  is_int((long)c->label_count, 2, "with the type's labels");
  is_int((long)s->enum_count, 1, "the type it used is gone");
  is_str(s->enums[0]->name, "mood", "an unused one stays");
  is_str(t->checks[0]->name, NULL, "<table>_<column>_check is made up");
  is_str(t->checks[1]->name, NULL, "so is a numbered one");
  is_str(t->checks[2]->name, "total_positive", "a name written stays");
  is_str(t->foreign_keys[0]->name, NULL, "<table>_<column>_fkey is made up");
  is_str(t->foreign_keys[1]->name, "orders_customer", "a name written stays");
  is_str(u->name, NULL, "<table>_<column>_key is made up");
  strata_schema_free(s);
}

int main(void) {
  struct strata_host host;
  harness_host(&host);
  test_expressions(&host);
  test_names_and_enums(&host);
  return done_testing();
}
