/*
 * port_state.c - the list of tables a port has copied, kept on the target
 * while the port runs.
 *
 * Each table's row is written in the transaction that copies the table,
 * so the list is exactly what the target holds: a port that stops keeps
 * it, a port run again with --resume skips what it names, and the port's
 * last transaction drops it.  The SQL is plain enough for any target.
 */
#include <stdio.h>

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
             "NULL PRIMARY KEY, rows_copied bigint NOT NULL)",
             NULL, 0, NULL, NULL, err);
}

int port_state_record(struct strata *target, const char *table,
                      unsigned long long rows, struct strata_error *err) {
  char count[24];
  snprintf(count, sizeof count, "%llu", rows);
  const char *params[] = {table, count};
  return run(target,
             "INSERT INTO strata_port_state (table_name, rows_copied) "
             "VALUES (?, ?)",
             params, 2, NULL, NULL, err);
}

struct reader {
  void (*done)(void *ctx, const char *table);
  void *ctx;
};

static int read_row(void *ctx, int columns, const char *const *values,
                    const size_t *lengths) {
  struct reader *r = ctx;
  (void)lengths;
  if (columns == 1 && values[0] != NULL)
    r->done(r->ctx, values[0]);
  return 0;
}

int port_state_read(struct strata *target,
                    void (*done)(void *ctx, const char *table), void *ctx,
                    struct strata_error *err) {
  struct reader r = {done, ctx};
  return run(target, "SELECT table_name FROM strata_port_state", NULL, 0,
             read_row, &r, err);
}

int port_state_drop(struct strata *target, struct strata_error *err) {
  return run(target, "DROP TABLE IF EXISTS strata_port_state", NULL, 0, NULL,
             NULL, err);
}
