/*
 * load_same.c - what a load does differently when the model is MySQL's
 * own (a same-engine copy, render_port_same.c): every value goes as the
 * source holds it, into columns of the source's own types.
 *
 * The port's session is strict (a value the target cannot hold is
 * refused, never bent) but keeps NO_ZERO_DATE and NO_ZERO_IN_DATE out, so
 * zero dates ('0000-00-00', '2020-00-15') load as they are.  The one
 * value a strict session refuses that a column can hold is an enum's
 * error value '' (index 0), which MySQL stores only with a warning, one
 * per value: a batch of LOAD DATA (not strict) is kept when it warns
 * exactly once per such value; a multi-row INSERT holding some, refused,
 * goes again as INSERT IGNORE under a savepoint, kept on the same
 * condition; failing that, each row refused goes again alone the same
 * way, and a row that still warns otherwise is undone and set aside,
 * with MySQL's warnings as the reason.
 *
 * Generated columns are not loaded: the target computes them.  The
 * shadow --verify goes through has the source's types and collations.
 */
#include "load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The error values of the waiting rows from first, count of them. */
static int count_error_values(const struct strata_load *l, size_t first,
                              size_t count, unsigned *n) {
  const char **values = calloc(l->base.count + 1, sizeof *values);
  size_t *lengths = calloc(l->base.count + 1, sizeof *lengths);
  *n = 0;
  for (size_t k = first; values && lengths && k < first + count; k++) {
    mysqldrv_load_read_raw(l, k, values, lengths);
    *n += error_values(l, values, lengths);
  }
  int failed = values == NULL || lengths == NULL;
  free(values);
  free(lengths);
  return failed ? mysqldrv_fail(l->base.conn->host, l->base.err,
                                STRATA_ENOMEM, "out of memory")
                : 0;
}

int mysqldrv_load_same_error_values(const struct strata_load *l,
                                    unsigned *n) {
  return count_error_values(l, 0, l->rows_waiting, n);
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

/* insert (an INSERT INTO of rows rows) again as INSERT IGNORE, under a
 * savepoint: kept when every row went in with exactly expected warnings
 * (one per error value), else undone, why (when given) holding MySQL's
 * warnings. */
static int insert_ignoring(struct strata_load *l,
                           const struct mysqldrv_text *insert,
                           unsigned expected, size_t rows, int *kept,
                           char *why, size_t size) {
  MYSQL *m = l->base.conn->mysql;
  struct mysqldrv_text again = {0};
  struct warnings w = {why, size, 0};
  *kept = 0;
  if (expected == 0)
    return 0;
  mysqldrv_text_puts(&again, "INSERT IGNORE");
  mysqldrv_text_append(&again, insert->data + 6, insert->length - 6);
  int rc = again.failed ? mysqldrv_fail(l->base.conn->host, l->base.err,
                                        STRATA_ENOMEM, "out of memory")
                        : run(l, "SAVEPOINT strata_ignoring");
  if (rc == 0)
    rc = mysqldrv_load_run(l, again.data, again.length);
  mysqldrv_text_release(&again);
  if (rc != 0)
    return rc;
  *kept = mysql_warning_count(m) == expected &&
          mysql_affected_rows(m) == (my_ulonglong)rows;
  if (*kept)
    return run(l, "RELEASE SAVEPOINT strata_ignoring");
  if (why != NULL)
    rc = mysqldrv_query(l->base.conn, "SHOW WARNINGS", NULL, 0, take_warning,
                        &w, l->base.err);
  return rc == 0 ? run(l, "ROLLBACK TO SAVEPOINT strata_ignoring") : rc;
}

int mysqldrv_load_same_batch_again(struct strata_load *l, int *kept) {
  unsigned expected = 0;
  int rc = count_error_values(l, 0, l->rows_waiting, &expected);
  return rc != 0 ? rc
                 : insert_ignoring(l, &l->batch, expected, l->rows_waiting,
                                   kept, NULL, 0);
}

int mysqldrv_load_same_again(struct strata_load *l, size_t k, int *kept,
                             char *why, size_t size) {
  unsigned expected = 0;
  int rc = count_error_values(l, k, 1, &expected);
  return rc != 0 ? rc
                 : insert_ignoring(l, &l->scratch, expected, 1, kept, why,
                                   size);
}
