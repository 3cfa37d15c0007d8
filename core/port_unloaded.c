/*
 * port_unloaded.c - the source columns a copy into existing tables
 * leaves out.
 *
 * A port that renders the schema learns from the target's driver which
 * columns it leaves out (a type the target has no equivalent for), as
 * notes.  --data-only renders nothing: the loader, which takes only the
 * columns the target holds, is asked instead.  A source column it does
 * not take, and the target does not compute from the others (a
 * generated column), has its values left out: a note says so, as the
 * schema's would have.
 */
#include <stdio.h>
#include <string.h>

#include "port.h"
#include "session.h"

static int is_generated(const struct strata_column *c) {
  return (c->flags & (STRATA_COLUMN_GENERATED_STORED |
                      STRATA_COLUMN_GENERATED_VIRTUAL)) != 0;
}

static int is_loaded(const struct strata_column *c, const char *const *columns,
                     size_t column_count) {
  for (size_t i = 0; i < column_count; i++)
    if (strcmp(columns[i], c->name) == 0)
      return 1;
  return 0;
}

static void note_unloaded(const struct port *p, const struct strata_table *t,
                          const char *const *columns, size_t column_count) {
  char object[600];
  for (size_t i = 0; i < t->column_count; i++) {
    const struct strata_column *c = t->columns[i];
    if (is_generated(c) || is_loaded(c, columns, column_count))
      continue;
    snprintf(object, sizeof object, "column %s.%s", t->name, c->name);
    struct strata_note n = {.kind = STRATA_NOTE_UNSUPPORTED,
                            .object = object,
                            .message = "its values are left out: the target "
                                       "has no column to load them into"};
    p->opt->note(p->opt->note_ctx, &n);
  }
}

/* A load begun for each table, and ended before its first row, in a
 * transaction rolled back: it writes nothing. */
static int check_tables(struct port *p, struct strata_error *err) {
  struct strata *target = p->target.s;
  const struct strata_driver *d = target->driver;
  struct strata_render_options ro;
  int rc = 0;
  port_render_options(p, 0, &ro);
  ro.note = NULL;
  for (size_t i = 0; rc == 0 && i < p->schema->table_count; i++) {
    const struct strata_table *t = p->schema->tables[i];
    struct strata_load *load = NULL;
    const char *const *columns = NULL;
    size_t column_count = 0;
    rc = d->load_begin(target->conn, p->schema, t, &ro, STRATA_LOAD_COPY, NULL,
                       NULL, &load, &columns, &column_count, err);
    if (rc != 0)
      break;
    note_unloaded(p, t, columns, column_count);
    rc = d->load_end(load, 1, NULL, err);
  }
  return rc;
}

int port_note_unloaded(struct port *p, struct strata_error *err) {
  struct strata *target = p->target.s;
  struct strata_error ignored;
  if (p->opt->note == NULL)
    return 0;
  int rc = target->driver->begin(target->conn, err);
  if (rc != 0)
    return rc;
  rc = check_tables(p, err);
  target->driver->rollback(target->conn, &ignored);
  return rc;
}
