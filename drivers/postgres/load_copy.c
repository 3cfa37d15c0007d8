/*
 * load_copy.c - a table's lines of COPY text sent in batches, each batch
 * one COPY under a savepoint, so that a line the server refuses costs its
 * row and not the load.
 *
 * Lines go to the server while the batch fills, a chunk at a time, so the
 * server parses one chunk while the next is read from the source; the
 * batch stays in memory until the server has taken all of it.  When the
 * server refuses a line (its error's CONTEXT names it: 'COPY t, line 3,
 * column b: "x"'), the batch is rolled back to its savepoint, that line
 * is set aside as a reject, and the lines before and after it are sent
 * again.  Memory is one batch, whatever the size of the table.
 */
#include "load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lines are sent once this much is waiting; a batch ends (its COPY and
 * savepoint with it) at this size.  A batch costs two round trips and a
 * subtransaction; it is what a refused line makes the load send again. */
#define FLUSH_BYTES ((size_t)256 * 1024)
#define BATCH_BYTES ((size_t)4 * 1024 * 1024)
/* The most one PQputCopyData() call is given. */
#define PUT_BYTES ((size_t)1024 * 1024)

/* end_copy(): the server refused a line of the COPY. */
#define REFUSED 1

/* Undoes the batch's COPY (its statement begins with the savepoint). */
static const char undo_sql[] = "ROLLBACK TO SAVEPOINT strata_load; "
                               "RELEASE SAVEPOINT strata_load";

/* Says which table a failure of the server's was loading. */
static int table_error(struct strata_load *l, int rc) {
  struct strata_error *err = l->err;
  char message[sizeof err->message];
  if (err == NULL)
    return rc;
  int n = snprintf(message, sizeof message,
                   "cannot load table '%s': ", l->table->name);
  if (n < 0 || (size_t)n >= sizeof message)
    return rc;
  size_t kept = strnlen(err->message, sizeof message - 1 - (size_t)n);
  memcpy(message + n, err->message, kept);
  message[(size_t)n + kept] = '\0';
  memcpy(err->message, message, sizeof message);
  return rc;
}

static int server_error(struct strata_load *l, const PGresult *res) {
  return table_error(l,
                     postgres_result_error(l->conn->pg, res, NULL, 0, l->err));
}

/* Runs a statement of the load's own, which is to end with that status. */
static int run(struct strata_load *l, const char *sql, ExecStatusType want) {
  PGresult *res = PQexec(l->conn->pg, sql);
  int rc = PQresultStatus(res) == want ? 0 : server_error(l, res);
  PQclear(res);
  return rc;
}

static int start_copy(struct strata_load *l) {
  int rc = run(l, l->copy_sql, PGRES_COPY_IN);
  l->copy_open = rc == 0;
  return rc;
}

static int put(struct strata_load *l, size_t from, size_t to) {
  while (from < to) {
    size_t n = to - from > PUT_BYTES ? PUT_BYTES : to - from;
    if (PQputCopyData(l->conn->pg, l->batch.data + from, (int)n) != 1)
      return server_error(l, NULL);
    from += n;
  }
  return 0;
}

/* Sends what the batch holds that the COPY was not sent yet, starting the
 * COPY when none is open. */
static int flush(struct strata_load *l) {
  int rc = l->copy_open ? 0 : start_copy(l);
  if (rc == 0)
    rc = put(l, l->sent, l->batch.length);
  if (rc == 0)
    l->sent = l->batch.length;
  return rc;
}

/* The line of CONTEXT the COPY wrote, 'COPY t, line 3, column b: "x"';
 * lines before it may come from the value's input function ('JSON data,
 * line 1: ...'). */
static const char *copy_context(const char *context) {
  for (const char *p = context; p != NULL && *p != '\0';) {
    if (strncmp(p, "COPY ", 5) == 0)
      return p;
    p = strchr(p, '\n');
    p = p ? p + 1 : NULL;
  }
  return NULL;
}

/* The server's reason for refusing a line, the column it names first:
 * 'column b: invalid input syntax for type integer: "x"'. */
static void keep_refusal(struct strata_load *l, const PGresult *res,
                         const char *context) {
  const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
  const char *column = strstr(context, ", column ");
  int column_length = column ? (int)strcspn(column + 9, ":\n") : 0;
  if (primary == NULL)
    primary = "refused by the server";
  if (column != NULL)
    snprintf(l->refusal, sizeof l->refusal, "column %.*s: %s", column_length,
             column + 9, primary);
  else
    snprintf(l->refusal, sizeof l->refusal, "%s", primary);
}

/* Whether the failure is one row's value (a data exception or a broken
 * constraint, SQLSTATE class 22 or 23) at a line the COPY's CONTEXT
 * names; *line receives it.  Anything else (a full disk, a lost
 * connection) fails the load. */
static int refused_line(struct strata_load *l, const PGresult *res,
                        long *line) {
  const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  const char *context = copy_context(PQresultErrorField(res, PG_DIAG_CONTEXT));
  const char *at = context ? strstr(context, ", line ") : NULL;
  if (state == NULL || at == NULL || PQstatus(l->conn->pg) == CONNECTION_BAD ||
      (strncmp(state, "22", 2) != 0 && strncmp(state, "23", 2) != 0))
    return 0;
  *line = strtol(at + 7, NULL, 10);
  if (*line <= 0)
    return 0;
  keep_refusal(l, res, context);
  return 1;
}

static void drain_results(PGconn *pg) {
  PGresult *res;
  while ((res = PQgetResult(pg)) != NULL)
    PQclear(res);
}

/* Ends the COPY: 0 when the server took every line (the savepoint is
 * released), REFUSED with *line set when it refused one (the batch is
 * rolled back to the savepoint), or an error. */
static int end_copy(struct strata_load *l, long *line) {
  PGconn *pg = l->conn->pg;
  l->copy_open = 0;
  if (PQputCopyEnd(pg, NULL) != 1)
    return server_error(l, NULL);
  PGresult *res = PQgetResult(pg);
  int rc = 0;
  if (PQresultStatus(res) != PGRES_COMMAND_OK)
    rc = refused_line(l, res, line) ? REFUSED : server_error(l, res);
  PQclear(res);
  drain_results(pg);
  if (rc == 0)
    return run(l, "RELEASE SAVEPOINT strata_load", PGRES_COMMAND_OK);
  if (rc == REFUSED) {
    int undone = run(l, undo_sql, PGRES_COMMAND_OK);
    return undone != 0 ? undone : REFUSED;
  }
  return rc;
}

/* ---- refused lines ------------------------------------------------------- */

/* Line number `line` (from 1) of the lines from offset `from`: where it
 * starts and where the next one does. */
static int find_line(const struct strata_load *l, size_t from, size_t to,
                     long line, size_t *start, size_t *next) {
  const char *data = l->batch.data;
  for (long n = 1; n < line && from < to; n++) {
    const char *nl = memchr(data + from, '\n', to - from);
    from = nl ? (size_t)(nl - data) + 1 : to;
  }
  if (from >= to)
    return -1;
  const char *nl = memchr(data + from, '\n', to - from);
  *start = from;
  *next = nl ? (size_t)(nl - data) + 1 : to;
  return 0;
}

/* The row number of the line at offset start of the batch: the batch's
 * rows are consecutive, but for those set aside. */
static unsigned long long line_row(const struct strata_load *l, size_t start) {
  size_t index = 0, skip = 0;
  for (const char *p = l->batch.data, *end = p + start;
       (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
    index++;
  for (unsigned long long row = l->first_row;; row++) {
    while (skip < l->skipped_count && l->skipped[skip] == row) {
      skip++;
      row++;
    }
    if (index-- == 0)
      return row;
  }
}

/* A line the server refused goes to the caller's digest, if it keeps
 * one: the rows given to a digest load included it. */
static int forget_line(struct strata_load *l, const char *line,
                       size_t length) {
  if (l->digest == NULL)
    return 0;
  int rc = load_canon_line(&l->canon, l->columns, l->column_count, line,
                           length, &l->text);
  if (rc < 0)
    return postgres_error_set(l->err, STRATA_ENOMEM, "out of memory");
  /* A line of another shape was not what the digest load saw either. */
  return rc > 0 ? 0 : l->digest(l->digest_ctx, l->text.data, l->text.length);
}

/* Sets aside the line the server refused, and tells where it lies. */
static int refuse_line(struct strata_load *l, size_t from, size_t to, long line,
                       size_t *start, size_t *next) {
  if (find_line(l, from, to, line, start, next) != 0)
    return postgres_error_set(l->err, STRATA_ESQL,
                              "cannot load table '%s': the server refused "
                              "line %ld of a COPY of fewer lines: %s",
                              l->table->name, line, l->refusal);
  unsigned long long row = l->key_count == 0 ? line_row(l, *start) : 0;
  int rc = load_reject_line(l, l->batch.data + *start, *next - *start - 1, row,
                            l->refusal);
  return rc != 0 ? rc
                 : forget_line(l, l->batch.data + *start, *next - *start - 1);
}

/* Sends the lines [from, to) of the batch as one COPY; a line refused is
 * set aside and the lines around it sent again.  The lines before it
 * were taken once already, so the next refusal is further on. */
static int send_lines(struct strata_load *l, size_t from, size_t to) {
  while (from < to) {
    long line = 0;
    size_t start, next;
    int rc = start_copy(l);
    if (rc == 0)
      rc = put(l, from, to);
    if (rc == 0)
      rc = end_copy(l, &line);
    if (rc != REFUSED)
      return rc;
    rc = refuse_line(l, from, to, line, &start, &next);
    if (rc == 0 && start > from)
      rc = send_lines(l, from, start);
    if (rc != 0)
      return rc;
    from = next;
  }
  return 0;
}

/* Ends the batch's COPY, sending the lines around any it refused again,
 * and starts an empty batch. */
static int end_batch(struct strata_load *l) {
  long line = 0;
  size_t start, next, length = l->batch.length;
  int rc = l->copy_open || length > 0 ? flush(l) : 0;
  if (rc == 0 && length > 0)
    rc = end_copy(l, &line);
  if (rc == REFUSED) {
    rc = refuse_line(l, 0, length, line, &start, &next);
    if (rc == 0)
      rc = send_lines(l, 0, start);
    if (rc == 0)
      rc = send_lines(l, next, length);
  }
  l->batch.length = 0;
  l->sent = 0;
  l->first_row = l->row_number + 1;
  l->skipped_count = 0;
  return rc;
}

/* ---- the load's calls ---------------------------------------------------- */

int load_copy_row(struct strata_load *l) {
  if (l->batch.length >= BATCH_BYTES)
    return end_batch(l);
  if (l->batch.length - l->sent >= FLUSH_BYTES)
    return flush(l);
  return 0;
}

int load_copy_skip(struct strata_load *l, unsigned long long row_number) {
  if (l->key_count > 0)
    return 0;
  if (l->skipped_count == l->skipped_cap) {
    size_t cap = l->skipped_cap ? 2 * l->skipped_cap : 16;
    unsigned long long *bigger = realloc(l->skipped, cap * sizeof *bigger);
    if (bigger == NULL)
      return postgres_error_set(l->err, STRATA_ENOMEM, "out of memory");
    l->skipped = bigger;
    l->skipped_cap = cap;
  }
  l->skipped[l->skipped_count++] = row_number;
  return 0;
}

int load_copy_finish(struct strata_load *l) {
  return end_batch(l);
}

/* The server is told the COPY failed, and the transaction is brought back
 * to before it, so the caller's rollback (or anything else) works. */
void load_copy_abort(struct strata_load *l) {
  PGconn *pg = l->conn->pg;
  if (!l->copy_open)
    return;
  l->copy_open = 0;
  PQputCopyEnd(pg, "the load was abandoned");
  drain_results(pg);
  PQclear(PQexec(pg, undo_sql));
}
