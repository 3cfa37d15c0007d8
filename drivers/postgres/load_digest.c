/*
 * load_digest.c - a loaded table's rows read back as the canonical text
 * --verify compares with the source's (load_canon.c).
 *
 * The rows come out with COPY TO, one line each and never all at once,
 * the columns a load takes in its order.  The settings that shape how the
 * server writes values are fixed for the transaction first (SET LOCAL):
 * ISO dates, times in UTC, intervals as hh:mm:ss, floats with every digit
 * and bytea in hex.  With no transaction open, the read gets one of its
 * own.
 */
#include "load.h"

#include <stdlib.h>
#include <string.h>

static const char settings_sql[] =
    "SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL TimeZone = 'UTC'; "
    "SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 3; "
    "SET LOCAL bytea_output = 'hex'";

/* Runs a statement of the read's own, which is to end with that status. */
static int run(struct strata_load *l, const char *sql, ExecStatusType want) {
  PGresult *res = PQexec(l->conn->pg, sql);
  int rc = PQresultStatus(res) == want
               ? 0
               : postgres_result_error(l->conn->pg, res, NULL, 0, l->err);
  PQclear(res);
  return rc;
}

/* COPY (SELECT a, b FROM schema.table) TO STDOUT */
static char *select_statement(const struct load_target *target) {
  struct postgres_sql sql = {0};
  postgres_sql_addf(&sql, "COPY (SELECT %s FROM %s) TO STDOUT",
                    target->columns.data ? target->columns.data : "",
                    target->table.data);
  if (!sql.out_of_memory)
    return sql.data;
  postgres_sql_release(&sql);
  return NULL;
}

/* One line from the server, its newline dropped, as canonical text. */
static int digest_line(struct strata_load *l, const char *line, int length) {
  size_t n = length > 0 && line[length - 1] == '\n' ? (size_t)length - 1
                                                    : (size_t)length;
  int rc = load_canon_line(&l->canon, l->columns, l->column_count, line, n,
                           &l->text);
  if (rc < 0)
    return postgres_error_set(l->err, STRATA_ENOMEM, "out of memory");
  if (rc > 0)
    return postgres_error_set(l->err, STRATA_ESQL,
                              "table '%s' gave a row of another width than "
                              "its columns",
                              l->table->name);
  return l->digest(l->digest_ctx, l->text.data, l->text.length);
}

/* Reads every line of the COPY; after the first failure the rest is only
 * read, so the connection comes out of the COPY. */
static int read_lines(struct strata_load *l) {
  PGconn *pg = l->conn->pg;
  char *line;
  int n, rc = 0;
  while ((n = PQgetCopyData(pg, &line, 0)) > 0) {
    if (rc == 0)
      rc = digest_line(l, line, n);
    PQfreemem(line);
  }
  PGresult *res = PQgetResult(pg);
  if (rc == 0 && (n == -2 || PQresultStatus(res) != PGRES_COMMAND_OK))
    rc = postgres_result_error(pg, res, NULL, 0, l->err);
  PQclear(res);
  while ((res = PQgetResult(pg)) != NULL)
    PQclear(res);
  return rc;
}

static int read_rows(struct strata_load *l, const struct load_target *target) {
  char *sql = select_statement(target);
  if (sql == NULL)
    return postgres_error_set(l->err, STRATA_ENOMEM, "out of memory");
  int rc = run(l, settings_sql, PGRES_COMMAND_OK);
  if (rc == 0)
    rc = run(l, sql, PGRES_COPY_OUT);
  if (rc == 0)
    rc = read_lines(l);
  free(sql);
  return rc;
}

int postgres_digest_rows(struct strata_conn *conn,
                         const struct strata_schema *schema,
                         const struct strata_table *table,
                         const struct strata_render_options *opt,
                         strata_write_fn digest, void *ctx,
                         struct strata_error *err) {
  struct strata_load l = {.conn = conn,
                          .opt = opt,
                          .table = table,
                          .mode = STRATA_LOAD_DIGEST,
                          .digest = digest,
                          .digest_ctx = ctx,
                          .err = err};
  struct load_target target = {0};
  int own = 0, rc = load_columns_init(&l, schema, &target);
  if (rc == 0 && PQtransactionStatus(conn->pg) == PQTRANS_IDLE) {
    rc = run(&l, "BEGIN READ ONLY", PGRES_COMMAND_OK);
    own = rc == 0;
  }
  if (rc == 0)
    rc = read_rows(&l, &target);
  if (own && rc == 0)
    rc = run(&l, "COMMIT", PGRES_COMMAND_OK);
  else if (own)
    PQclear(PQexec(conn->pg, "ROLLBACK"));
  load_target_release(&target);
  load_columns_release(&l);
  load_canon_release(&l.canon);
  load_buf_release(&l.text);
  return rc;
}
