/*
 * port_form.c - an SQLite model in the neutral terms a port to another
 * engine reads (driver.h, port_form): what SQLite implies and the
 * model's neutral fields do not say.
 *
 * SQLite numbers the rows of an INTEGER PRIMARY KEY (the table's rowid)
 * as an identity numbers them, AUTOINCREMENT or not, so the column is an
 * identity; and SQLite's INTEGER holds 64 bits whatever its name says,
 * so it is a bigint.
 */
#include "port.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int is_rowid_alias(const struct strata_table *t,
                          const struct strata_column *c) {
  return common_port_is_single_key(t, c->name) && c->type_text != NULL &&
         strcasecmp(c->type_text, "INTEGER") == 0 &&
         (t->options == NULL || strstr(t->options, "WITHOUT ROWID") == NULL);
}

static void note(strata_note_fn fn, void *ctx, const struct strata_table *t,
                 const struct strata_column *c, const char *message) {
  char object[600];
  snprintf(object, sizeof object, "column %s.%s", t->name, c->name);
  struct strata_note n = {STRATA_NOTE_CHANGED, object, message, NULL};
  if (fn != NULL)
    fn(ctx, &n);
}

int sqlite_port_form(const struct strata_host *host,
                     struct strata_schema *schema, strata_note_fn fn, void *ctx,
                     struct strata_error *err) {
  char message[200];
  (void)host;
  (void)err;
  for (size_t i = 0; i < schema->table_count; i++) {
    const struct strata_table *t = schema->tables[i];
    for (size_t j = 0; j < t->column_count; j++) {
      struct strata_column *c = t->columns[j];
      if (c->type == STRATA_TYPE_INTEGER) {
        c->type = STRATA_TYPE_BIGINT;
        snprintf(message, sizeof message,
                 "%s becomes bigint: SQLite's integers have 64 bits",
                 c->type_text ? c->type_text : "INTEGER");
        note(fn, ctx, t, c, message);
      }
      if (is_rowid_alias(t, c) && !(c->flags & STRATA_COLUMN_IDENTITY)) {
        c->flags |= STRATA_COLUMN_IDENTITY;
        note(fn, ctx, t, c,
             "INTEGER PRIMARY KEY becomes an identity: the target numbers "
             "the rows inserted without it, as SQLite does");
      }
    }
  }
  return 0;
}
