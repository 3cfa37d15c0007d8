/*
 * dump.c - the live schema as a model, and as a canonical script.
 *
 * The driver describes and renders; the core drops its own tables, puts the
 * model in canonical order, and adds the history at the end of a dump.
 */
#include <stdio.h>
#include <string.h>

#include "history.h"
#include "model.h"
#include "session.h"
#include "util.h"

/* strata's own tables are not part of the user's schema. */
static void drop_history_tables(struct strata *s, struct strata_schema *schema) {
  char format[128];
  snprintf(format, sizeof format, "%s_format", s->table);
  model_remove_table(schema, s->table);
  model_remove_table(schema, format);
  snprintf(format, sizeof format, "%s_lock", s->table);
  model_remove_table(schema, format);
}

int strata_schema_read(struct strata *s, struct strata_schema **out,
                       struct strata_error *err) {
  *out = NULL;
  if (s->driver->introspect == NULL ||
      !(s->driver->capabilities & STRATA_CAP_INTROSPECTION))
    return strata__error_set(err, STRATA_ENOTSUP,
                             "the %s driver cannot describe a schema",
                             s->driver->plugin.name);
  struct strata_schema *schema = model_new();
  if (schema == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  schema->engine = s->driver->plugin.name;
  int rc = s->driver->introspect(s->conn, schema, err);
  if (rc != 0) {
    strata_schema_free(schema);
    return rc;
  }
  drop_history_tables(s, schema);
  model_sort(schema);
  *out = schema;
  return 0;
}

/* Counts what the renderer writes, so the history part knows whether a
 * blank line must separate it from a schema above. */
struct counted_writer {
  strata_write_fn write;
  void *ctx;
  size_t written;
};

static int write_counted(void *ctx, const char *text, size_t length) {
  struct counted_writer *w = ctx;
  w->written += length;
  return w->write(w->ctx, text, length);
}

static int render(struct strata *s, const struct strata_schema *schema,
                  struct counted_writer *w, struct strata_error *err) {
  if (s->driver->render_schema == NULL)
    return strata__error_set(err, STRATA_ENOTSUP,
                             "the %s driver cannot write a schema",
                             s->driver->plugin.name);
  return s->driver->render_schema(&s->host, schema, STRATA_RENDER_ALL,
                                  write_counted, w, err);
}

int strata_dump(struct strata *s, strata_write_fn write, void *ctx,
                struct strata_error *err) {
  struct strata_schema *schema = NULL;
  struct history h = {0};
  struct counted_writer w = {write, ctx, 0};
  strata_error_clear(err);
  int rc = strata_schema_read(s, &schema, err);
  if (rc == 0)
    rc = history_read(s, &h, err);
  if (rc == 0)
    rc = render(s, schema, &w, err);
  if (rc == 0 && w.written > 0)
    rc = write(ctx, "\n", 1);
  if (rc == 0)
    rc = history_dump(s, &h, write, ctx, err);
  if (rc != 0 && err->code == 0)
    rc = strata__error_set(err, STRATA_EIO, "cannot write the dump");
  history_release(&h);
  strata_schema_free(schema);
  return rc;
}
