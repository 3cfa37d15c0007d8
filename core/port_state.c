/*
 * port_state.c - the list of tables a port has copied, kept on the target
 * while the port runs.
 *
 * Each table's row is written in the transaction that copies the table,
 * so the list is exactly what the target holds: a port that stops keeps
 * it, a port run again with --resume skips what it names, and the port's
 * last transaction drops it.  A row also says how many of the table's
 * rows were set aside and where, so a resumed port counts them with its
 * own: --max-rejects covers the whole port, whatever the number of runs.
 * The SQL is plain enough for any target.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "port.h"
#include "session.h"

const char port_state_table[] = "strata_port_state";

static int run(struct strata *target, const char *sql,
               const char *const *params, int count, strata_row_fn on_row,
               void *ctx, struct strata_error *err) {
  return target->driver->query(target->conn, sql, params, count, on_row, ctx,
                               err);
}

int port_state_create(struct strata *target, struct strata_error *err) {
  return run(target,
             "CREATE TABLE strata_port_state (table_name varchar(255) NOT "
             "NULL PRIMARY KEY, rows_copied bigint NOT NULL, rows_rejected "
             "bigint NOT NULL DEFAULT 0, reject_dir varchar(4096) NOT NULL "
             "DEFAULT '')",
             NULL, 0, NULL, NULL, err);
}

/* The columns a strata before rows_rejected did not create, as
 * ALTER TABLE adds them (the defaults say: nothing set aside). */
static const char *const added_columns[][2] = {
    {"rows_rejected", "ALTER TABLE strata_port_state ADD COLUMN "
                      "rows_rejected bigint NOT NULL DEFAULT 0"},
    {"reject_dir", "ALTER TABLE strata_port_state ADD COLUMN reject_dir "
                   "varchar(4096) NOT NULL DEFAULT ''"}};

unsigned port_state_missing(const struct strata_table *live) {
  size_t n = sizeof added_columns / sizeof *added_columns;
  unsigned missing = 0;
  for (size_t i = 0; i < n; i++)
    if (model_find_column(live, added_columns[i][0]) == NULL)
      missing |= 1u << i;
  return missing;
}

int port_state_upgrade(struct strata *target, unsigned missing,
                       struct strata_error *err) {
  size_t n = sizeof added_columns / sizeof *added_columns;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < n; i++)
    if (missing & (1u << i))
      rc = run(target, added_columns[i][1], NULL, 0, NULL, NULL, err);
  return rc;
}

int port_state_record(struct strata *target, const struct port_copied *t,
                      struct strata_error *err) {
  char rows[24], rejected[24];
  snprintf(rows, sizeof rows, "%llu", t->rows);
  snprintf(rejected, sizeof rejected, "%llu", t->rejected);
  const char *params[] = {t->table, rows, rejected,
                          t->reject_dir ? t->reject_dir : ""};
  return run(target,
             "INSERT INTO strata_port_state (table_name, rows_copied, "
             "rows_rejected, reject_dir) VALUES (?, ?, ?, ?)",
             params, 4, NULL, NULL, err);
}

struct reader {
  void (*done)(void *ctx, const struct port_copied *table);
  void *ctx;
};

static int read_row(void *ctx, int columns, const char *const *values,
                    const size_t *lengths) {
  struct reader *r = ctx;
  (void)lengths;
  if (columns != 4 || values[0] == NULL)
    return 0;
  struct port_copied t = {
      .table = values[0],
      .rows = values[1] ? strtoull(values[1], NULL, 10) : 0,
      .rejected = values[2] ? strtoull(values[2], NULL, 10) : 0,
      .reject_dir = values[3] && *values[3] ? values[3] : NULL};
  r->done(r->ctx, &t);
  return 0;
}

int port_state_read(struct strata *target,
                    void (*done)(void *ctx, const struct port_copied *table),
                    void *ctx, struct strata_error *err) {
  struct reader r = {done, ctx};
  return run(target,
             "SELECT table_name, rows_copied, rows_rejected, reject_dir FROM "
             "strata_port_state",
             NULL, 0, read_row, &r, err);
}

int port_state_drop(struct strata *target, struct strata_error *err) {
  return run(target, "DROP TABLE IF EXISTS strata_port_state", NULL, 0, NULL,
             NULL, err);
}
