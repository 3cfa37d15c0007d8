/*
 * render_routines.c - functions and procedures, in the two places a script
 * can create them.
 *
 * Most routines come before the tables, since a default, a check, a
 * generated column or an index may call them.  Their bodies are strings
 * the server checks only as far as check_function_bodies asks, which is
 * turned off while they are created, as a LANGUAGE sql body may read a
 * table that comes later.  A routine with an SQL-standard body (BEGIN
 * ATOMIC, RETURN) is parsed whatever that setting says, so one that names
 * a table or a view comes after the views instead.
 */
#include "postgres.h"

#include <ctype.h>
#include <string.h>

/* pg_get_functiondef() starts a string body on a line "AS $function$...";
 * an SQL-standard body has no such line. */
static int has_sql_standard_body(const struct strata_routine *routine) {
  return strstr(routine->definition, "\nAS ") == NULL;
}

static int is_word_char(char c) {
  return isalnum((unsigned char)c) || c == '_' || c == '$';
}

/* Whether text names name as a whole word.  A false match only moves a
 * routine after the views. */
static int mentions(const char *text, const char *name) {
  size_t n = strlen(name);
  for (const char *p = strstr(text, name); p != NULL; p = strstr(p + 1, name))
    if ((p == text || !is_word_char(p[-1])) && !is_word_char(p[n]))
      return 1;
  return 0;
}

static int reads_relations(const struct strata_schema *schema,
                           const struct strata_routine *routine) {
  for (size_t i = 0; i < schema->table_count; i++)
    if (mentions(routine->definition, schema->tables[i]->name))
      return 1;
  for (size_t i = 0; i < schema->view_count; i++)
    if (mentions(routine->definition, schema->views[i]->name))
      return 1;
  return 0;
}

static int comes_late(const struct strata_schema *schema,
                      const struct strata_routine *routine) {
  return has_sql_standard_body(routine) && reads_relations(schema, routine);
}

static int render_routine(struct postgres_render *r,
                          const struct strata_routine *routine) {
  postgres_sql_add(&r->sql, routine->definition);
  return postgres_render_statement(r);
}

static int render_setting(struct postgres_render *r, const char *sql) {
  postgres_sql_add(&r->sql, sql);
  return postgres_render_statement(r);
}

int postgres_render_early_routines(struct postgres_render *r) {
  const struct strata_schema *schema = r->schema;
  size_t early = 0;
  for (size_t i = 0; i < schema->routine_count; i++)
    early += !comes_late(schema, schema->routines[i]);
  if (early == 0)
    return 0;
  int rc = render_setting(r, "SET check_function_bodies = false");
  for (size_t i = 0; rc == 0 && i < schema->routine_count; i++)
    if (!comes_late(schema, schema->routines[i]))
      rc = render_routine(r, schema->routines[i]);
  return rc == 0 ? render_setting(r, "RESET check_function_bodies") : rc;
}

int postgres_render_late_routines(struct postgres_render *r) {
  const struct strata_schema *schema = r->schema;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < schema->routine_count; i++)
    if (comes_late(schema, schema->routines[i]))
      rc = render_routine(r, schema->routines[i]);
  return rc;
}
