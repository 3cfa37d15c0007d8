/*
 * load_same.c - what a load does differently when the model is MySQL's
 * own (a same-engine copy, render_port_same.c): every value goes as the
 * source holds it, into columns of the source's own types.
 *
 * The port's session is strict (a value the target cannot hold is
 * refused, never bent) but keeps NO_ZERO_DATE and NO_ZERO_IN_DATE out, so
 * zero dates ('0000-00-00', '2020-00-15') load as they are.  The one
 * value a strict session refuses that a column can hold is an enum's
 * error value '' (index 0), which MySQL stores only with a warning: a row
 * holding one, refused, goes again alone with INSERT IGNORE under a
 * savepoint, and stays only if it went in with no warning but one per
 * such value; otherwise it is undone and set aside, with MySQL's
 * warnings as the reason.
 *
 * Generated columns are not loaded: the target computes them.  The
 * shadow --verify goes through has the source's types and collations.
 */
#include "load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mysqldrv_load_same_takes(const struct strata_column *c) {
  return c->generated_expr == NULL &&
         !(c->flags & (STRATA_COLUMN_GENERATED_STORED |
                       STRATA_COLUMN_GENERATED_VIRTUAL));
}

void mysqldrv_load_same_type(const struct strata_column *c,
                             struct mysqldrv_text *out) {
  mysqldrv_text_puts(out, c->type_text ? c->type_text : "longtext");
  if (c->collation != NULL) {
    mysqldrv_text_puts(out, " COLLATE ");
    mysqldrv_text_puts(out, c->collation);
  }
}

/* The options end with "DEFAULT CHARSET=x COLLATE=y" when the server
 * reported a collation (introspect_tables.c); the engine is left out, as
 * a temporary table of some engines (CSV) could not hold the rows. */
void mysqldrv_load_same_charset(const struct strata_table *t,
                                struct mysqldrv_text *out) {
  const char *charset =
      t->options ? strstr(t->options, "DEFAULT CHARSET=") : NULL;
  if (charset != NULL) {
    mysqldrv_text_puts(out, " ");
    mysqldrv_text_puts(out, charset);
  }
}

/* How many of the row's values are an enum's error value: '' in an enum
 * that has no label ''. */
static unsigned error_values(const struct strata_load *l,
                             const char *const *values,
                             const size_t *lengths) {
  unsigned n = 0;
  for (size_t i = 0; i < l->base.count; i++) {
    const struct strata_column *c = l->base.columns[i];
    int labelled = 0;
    if (c->type != STRATA_TYPE_ENUM || values[i] == NULL || lengths[i] != 0)
      continue;
    for (size_t j = 0; j < c->label_count; j++)
      labelled |= c->labels[j][0] == '\0';
    n += !labelled;
  }
  return n;
}

struct warnings {
  char *why;
  size_t size, used;
};

/* SHOW WARNINGS: Level, Code, Message; the messages joined. */
static int take_warning(void *ctx, int columns, const char *const *values,
                        const size_t *lengths) {
  struct warnings *w = ctx;
  (void)lengths;
  if (columns < 3 || values[2] == NULL || w->used >= w->size)
    return 0;
  w->used += (size_t)snprintf(w->why + w->used, w->size - w->used, "%s%s",
                              w->used ? "; " : "", values[2]);
  return 0;
}

/* Runs sql, whose failure ends the load. */
static int run(struct strata_load *l, const char *sql) {
  return mysqldrv_load_run(l, sql, strlen(sql));
}

int mysqldrv_load_same_again(struct strata_load *l, size_t k, int *kept,
                             char *why, size_t size) {
  MYSQL *m = l->base.conn->mysql;
  const char **values = calloc(l->base.count + 1, sizeof *values);
  size_t *lengths = calloc(l->base.count + 1, sizeof *lengths);
  struct mysqldrv_text again = {0};
  struct warnings w = {why, size, 0};
  unsigned expected;
  *kept = 0;
  if (values == NULL || lengths == NULL) {
    free(values);
    free(lengths);
    return mysqldrv_fail(l->base.conn->host, l->base.err, STRATA_ENOMEM,
                         "out of memory");
  }
  mysqldrv_load_read_raw(l, k, values, lengths);
  expected = error_values(l, values, lengths);
  free(values);
  free(lengths);
  if (expected == 0)
    return 0;
  /* l->scratch is "INSERT INTO ... VALUES (...)": INSERT IGNORE INTO. */
  mysqldrv_text_puts(&again, "INSERT IGNORE");
  mysqldrv_text_append(&again, l->scratch.data + 6, l->scratch.length - 6);
  int rc = again.failed ? mysqldrv_fail(l->base.conn->host, l->base.err,
                                        STRATA_ENOMEM, "out of memory")
                        : run(l, "SAVEPOINT strata_row");
  if (rc == 0)
    rc = mysqldrv_load_run(l, again.data, again.length);
  mysqldrv_text_release(&again);
  if (rc != 0)
    return rc;
  *kept = mysql_warning_count(m) == expected && mysql_affected_rows(m) == 1;
  if (*kept)
    return run(l, "RELEASE SAVEPOINT strata_row");
  rc = mysqldrv_query(l->base.conn, "SHOW WARNINGS", NULL, 0, take_warning, &w,
                      l->base.err);
  return rc == 0 ? run(l, "ROLLBACK TO SAVEPOINT strata_row") : rc;
}
