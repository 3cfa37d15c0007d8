/*
 * history.c - reading and writing the history table.
 */
#include "history.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "util.h"
#include "version.h"

#define TEXT_OF_(x) #x
#define TEXT_OF(x) TEXT_OF_(x)

#define COLUMNS                                                                \
  "version, name, checksum, state, applied_at, duration_ms, "                  \
  "statements_done, statements_total, statement_hashes, error"
#define COLUMN_COUNT 10

static const char *const state_names[] = {"applied", "running", "failed",
                                          "reverting", "revert_failed"};
#define STATE_COUNT (sizeof state_names / sizeof state_names[0])

const char *history_state_name(enum history_state state) {
  return state_names[state];
}

int history_check_name(const char *name, struct strata_error *err) {
  size_t n = name ? strlen(name) : 0;
  int plain =
      n > 0 && n <= 60 && (isalpha((unsigned char)name[0]) || name[0] == '_');
  for (size_t i = 0; plain && i < n; i++)
    plain = isalnum((unsigned char)name[i]) || name[i] == '_';
  if (!plain)
    return strata__error_set(err, STRATA_EINVAL,
                             "history table name '%s' is not a plain "
                             "identifier: use letters, digits and '_'",
                             name ? name : "");
  return 0;
}

/* Runs one statement of ours; "%s" in fmt stands for the table name. */
static int history_sql(struct strata *s, const char *fmt,
                       const char *const *params, int count,
                       strata_row_fn on_row, void *ctx,
                       struct strata_error *err) {
  char *sql = strata__asprintf(fmt, s->table);
  if (sql == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  int rc = s->driver->query(s->conn, sql, params, count, on_row, ctx, err);
  free(sql);
  return rc;
}

static int exists(struct strata *s, const char *table, int *found,
                  struct strata_error *err) {
  *found = 0;
  return s->driver->table_exists(s->conn, table, found, err);
}

static int format_table_name(struct strata *s, char *out, size_t n) {
  return snprintf(out, n, "%s_format", s->table) < (int)n ? 0 : -1;
}

static int read_format(void *ctx, int columns, const char *const *values,
                       const size_t *lengths) {
  long *format = ctx;
  if (columns >= 1 && values[0] != NULL)
    *format = strtol(values[0], NULL, 10);
  return 0;
}

/* The tables, in SQL every engine takes; "%s" stands for the table name. */
static const char create_history_sql[] =
    "CREATE TABLE %s (version VARCHAR(" TEXT_OF(HISTORY_VERSION_MAX) ") "
    "NOT NULL PRIMARY KEY, name VARCHAR(" TEXT_OF(HISTORY_NAME_MAX) ") "
    "NOT NULL, checksum VARCHAR(80) NOT NULL, "
    "state VARCHAR(16) NOT NULL, applied_at VARCHAR(32) NOT NULL, "
    "duration_ms BIGINT NOT NULL, statements_done INTEGER NOT NULL, "
    "statements_total INTEGER NOT NULL, statement_hashes TEXT, error TEXT)";
static const char create_format_sql[] =
    "CREATE TABLE %s_format (format INTEGER NOT NULL)";

static int create_tables(struct strata *s, struct strata_error *err) {
  int rc = history_sql(s, create_history_sql, NULL, 0, NULL, NULL, err);
  if (rc == 0)
    rc = history_sql(s, create_format_sql, NULL, 0, NULL, NULL, err);
  if (rc == 0) {
    char format[16];
    snprintf(format, sizeof format, "%d", HISTORY_FORMAT);
    const char *params[] = {format};
    rc = history_sql(s, "INSERT INTO %s_format (format) VALUES (?)", params, 1,
                     NULL, NULL, err);
  }
  return rc;
}

static int check_format(struct strata *s, struct strata_error *err) {
  char name[96];
  int found = 0;
  if (format_table_name(s, name, sizeof name) != 0)
    return strata__error_set(err, STRATA_EINVAL, "history table name too long");
  int rc = exists(s, name, &found, err);
  if (rc != 0)
    return rc;
  if (!found)
    return strata__error_set(err, STRATA_EHISTORY,
                             "table '%s' was not created by strata (no '%s' "
                             "table beside it); rename it or choose another "
                             "history table with --table",
                             s->table, name);
  long format = -1;
  rc = history_sql(s, "SELECT format FROM %s_format", NULL, 0, read_format,
                   &format, err);
  if (rc != 0)
    return rc;
  if (format > HISTORY_FORMAT)
    return strata__error_set(err, STRATA_EHISTORY,
                             "history table '%s' was written by a newer strata "
                             "(format %ld; this one knows %d): upgrade strata",
                             s->table, format, HISTORY_FORMAT);
  if (format < 1)
    return strata__error_set(err, STRATA_EHISTORY,
                             "history table '%s' has no valid format record "
                             "in '%s'",
                             s->table, name);
  return 0;
}

/* Creating the tables is wrapped in a transaction where DDL allows it, so
 * runners that hold no session lock (SQLite) cannot both create them.  A
 * table that exists is checked by history_read(), which always follows. */
int history_ensure(struct strata *s, struct strata_error *err) {
  int transactional = s->driver->capabilities & STRATA_CAP_TRANSACTIONAL_DDL;
  int rc = transactional ? s->driver->begin(s->conn, err) : 0;
  int found = 0;
  if (rc == 0)
    rc = exists(s, s->table, &found, err);
  if (rc == 0)
    rc = found ? 0 : create_tables(s, err);
  if (!transactional)
    return rc;
  if (rc != 0) {
    struct strata_error ignored;
    s->driver->rollback(s->conn, &ignored);
    return rc;
  }
  return s->driver->commit(s->conn, err);
}

struct row_reader {
  struct history *h;
  size_t cap;
  struct strata *s;
  struct strata_error *err;
};

static int parse_state(const char *text, enum history_state *out) {
  for (size_t i = 0; i < STATE_COUNT; i++) {
    if (text && strcmp(text, state_names[i]) == 0) {
      *out = (enum history_state)i;
      return 0;
    }
  }
  return -1;
}

static int row_invalid(struct row_reader *r, const char *version,
                       const char *what) {
  return strata__error_set(r->err, STRATA_EHISTORY,
                           "history table '%s' is corrupt: row '%s' has %s; "
                           "fix the row by hand or restore the table",
                           r->s->table, version ? version : "(null)", what);
}

static int check_row(struct row_reader *r, const char *const *v,
                     enum history_state *state) {
  if (!version_is_valid(v[0]))
    return row_invalid(r, v[0], "an invalid version");
  if (v[1] == NULL || !checksum_is_valid(v[2]))
    return row_invalid(r, v[0], "an invalid name or checksum");
  if (parse_state(v[3], state) != 0)
    return row_invalid(r, v[0], "an unknown state");
  if (v[4] == NULL || v[5] == NULL || v[6] == NULL || v[7] == NULL)
    return row_invalid(r, v[0], "empty required fields");
  return 0;
}

static int read_row(void *ctx, int columns, const char *const *v,
                    const size_t *lengths) {
  struct row_reader *r = ctx;
  enum history_state state = HISTORY_APPLIED;
  if (columns != COLUMN_COUNT)
    return row_invalid(r, NULL, "the wrong number of columns");
  int rc = check_row(r, v, &state);
  if (rc != 0)
    return rc;
  if (r->h->count == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 64;
    struct history_row *rows = realloc(r->h->rows, cap * sizeof *rows);
    if (rows == NULL)
      return strata__error_set(r->err, STRATA_ENOMEM, "out of memory");
    r->h->rows = rows;
    r->cap = cap;
  }
  struct history_row *row = &r->h->rows[r->h->count++];
  *row = (struct history_row){
      .version = strata__strdup(v[0]),
      .name = strata__strdup(v[1]),
      .checksum = strata__strdup(v[2]),
      .state = state,
      .applied_at = strata__strdup(v[4]),
      .duration_ms = strtoll(v[5], NULL, 10),
      .statements_done = atoi(v[6]),
      .statements_total = atoi(v[7]),
      .statement_hashes = strata__strdup(v[8]),
      .error = strata__strdup(v[9]),
  };
  return 0;
}

static int compare_rows(const void *a, const void *b) {
  return version_compare(((const struct history_row *)a)->version,
                         ((const struct history_row *)b)->version);
}

int history_read(struct strata *s, struct history *out,
                 struct strata_error *err) {
  out->rows = NULL;
  out->count = 0;
  int found = 0;
  int rc = exists(s, s->table, &found, err);
  if (rc != 0 || !found)
    return rc;
  if ((rc = check_format(s, err)) != 0)
    return rc;
  struct row_reader reader = {out, 0, s, err};
  rc = history_sql(s, "SELECT " COLUMNS " FROM %s", NULL, 0, read_row, &reader,
                   err);
  if (rc != 0 && rc != STRATA_EHISTORY && rc != STRATA_ENOMEM) {
    char reason[sizeof err->message];
    snprintf(reason, sizeof reason, "%s", err->message);
    strata__error_set(err, STRATA_EHISTORY,
                      "history table '%s' is not what strata wrote (%s); "
                      "restore it or choose another table with --table",
                      s->table, reason);
    rc = STRATA_EHISTORY;
  }
  if (rc != 0) {
    history_release(out);
    return rc;
  }
  if (out->count > 1)
    qsort(out->rows, out->count, sizeof *out->rows, compare_rows);
  return 0;
}

void history_release(struct history *h) {
  for (size_t i = 0; i < h->count; i++) {
    struct history_row *r = &h->rows[i];
    free(r->version);
    free(r->name);
    free(r->checksum);
    free(r->applied_at);
    free(r->statement_hashes);
    free(r->error);
  }
  free(h->rows);
  h->rows = NULL;
  h->count = 0;
}

static int count_rows(void *ctx, int columns, const char *const *values,
                      const size_t *lengths) {
  (*(int *)ctx)++;
  return 0;
}

int history_has(struct strata *s, const char *version, int *found,
                struct strata_error *err) {
  *found = 0;
  const char *params[] = {version};
  return history_sql(s, "SELECT version FROM %s WHERE version = ?", params, 1,
                     count_rows, found, err);
}

void history_write_release(struct history_write *w) {
  free(w->sql);
  *w = (struct history_write){0};
}

static int prepare(struct strata *s, struct history_write *w, const char *fmt,
                   struct strata_error *err) {
  w->sql = strata__asprintf(fmt, s->table);
  return w->sql ? 0 : strata__error_set(err, STRATA_ENOMEM, "out of memory");
}

/* Adds a parameter; numbers are formatted into the write's own storage. */
static void add_param(struct history_write *w, const char *value) {
  w->params[w->count++] = value;
}

static void add_number(struct history_write *w, long long value) {
  char *text = w->numbers[w->number_count++];
  snprintf(text, sizeof w->numbers[0], "%lld", value);
  add_param(w, text);
}

int history_send(struct strata *s, struct history_write *w,
                 struct strata_error *err) {
  return s->driver->query(s->conn, w->sql, w->params, w->count, NULL, NULL,
                          err);
}

/* Sends a prepared write and releases it. */
static int send_once(struct strata *s, struct history_write *w, int rc,
                     struct strata_error *err) {
  if (rc == 0)
    rc = history_send(s, w, err);
  history_write_release(w);
  return rc;
}

static int prepare_insert(struct strata *s, struct history_write *w,
                          const char *version, const char *name,
                          const char *checksum, enum history_state state,
                          long long duration_ms, int done, int total,
                          struct strata_error *err) {
  *w = (struct history_write){0};
  strata__utc_now(w->at);
  add_param(w, version);
  add_param(w, name);
  add_param(w, checksum);
  add_param(w, history_state_name(state));
  add_param(w, w->at);
  add_number(w, duration_ms);
  add_number(w, done);
  add_number(w, total);
  return prepare(s, w,
                 "INSERT INTO %s (version, name, checksum, state, "
                 "applied_at, duration_ms, statements_done, "
                 "statements_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 err);
}

int history_record_applied(struct strata *s, const char *version,
                           const char *name, const char *checksum,
                           long long duration_ms, int statements,
                           struct strata_error *err) {
  struct history_write w;
  int rc = prepare_insert(s, &w, version, name, checksum, HISTORY_APPLIED,
                          duration_ms, statements, statements, err);
  return send_once(s, &w, rc, err);
}

int history_prepare_started(struct strata *s, struct history_write *w,
                            const char *version, const char *name,
                            const char *checksum, int statements,
                            struct strata_error *err) {
  return prepare_insert(s, w, version, name, checksum, HISTORY_RUNNING, 0, 0,
                        statements, err);
}

int history_prepare_progress(struct strata *s, struct history_write *w,
                             const char *version, int done, const char *hashes,
                             struct strata_error *err) {
  *w = (struct history_write){0};
  add_number(w, done);
  add_param(w, hashes);
  add_param(w, version);
  return prepare(s, w,
                 "UPDATE %s SET statements_done = ?, statement_hashes = ? "
                 "WHERE version = ?",
                 err);
}

int history_record_finished(struct strata *s, const char *version,
                            const char *checksum, long long duration_ms,
                            struct strata_error *err) {
  char at[24], duration[24];
  strata__utc_now(at);
  snprintf(duration, sizeof duration, "%lld", duration_ms);
  const char *params[] = {at, duration, checksum, version};
  return history_sql(s,
                     "UPDATE %s SET state = 'applied', applied_at = ?, "
                     "duration_ms = ?, checksum = ?, error = NULL, "
                     "statements_done = statements_total WHERE version = ?",
                     params, 4, NULL, NULL, err);
}

int history_record_failed(struct strata *s, const char *version,
                          enum history_state state, int done, const char *error,
                          struct strata_error *err) {
  char done_text[16];
  snprintf(done_text, sizeof done_text, "%d", done);
  const char *params[] = {history_state_name(state), done_text, error, version};
  return history_sql(s,
                     "UPDATE %s SET state = ?, statements_done = ?, error = ? "
                     "WHERE version = ?",
                     params, 4, NULL, NULL, err);
}

/* Moves a row to state with statements_done 0 of total (resume keeps the
 * count it had). */
static int prepare_restart(struct strata *s, struct history_write *w,
                           const char *version, enum history_state state,
                           int total, int reset_done,
                           struct strata_error *err) {
  *w = (struct history_write){0};
  add_param(w, history_state_name(state));
  add_number(w, total);
  add_param(w, version);
  return prepare(s, w,
                 reset_done ? "UPDATE %s SET state = ?, statements_total = "
                              "?, statements_done = 0, statement_hashes = "
                              "NULL, error = NULL WHERE version = ?"
                            : "UPDATE %s SET state = ?, statements_total = "
                              "?, error = NULL WHERE version = ?",
                 err);
}

int history_prepare_resumed(struct strata *s, struct history_write *w,
                            const char *version, int statements,
                            struct strata_error *err) {
  return prepare_restart(s, w, version, HISTORY_RUNNING, statements, 0, err);
}

int history_prepare_reverting(struct strata *s, struct history_write *w,
                              const char *version, int statements,
                              struct strata_error *err) {
  return prepare_restart(s, w, version, HISTORY_REVERTING, statements, 1, err);
}

int history_delete(struct strata *s, const char *version,
                   struct strata_error *err) {
  const char *params[] = {version};
  return history_sql(s, "DELETE FROM %s WHERE version = ?", params, 1, NULL,
                     NULL, err);
}

int history_set_checksum(struct strata *s, const char *version,
                         const char *checksum, struct strata_error *err) {
  const char *params[] = {checksum, version};
  return history_sql(s, "UPDATE %s SET checksum = ? WHERE version = ?", params,
                     2, NULL, NULL, err);
}

/* The literals are versions, names, hex checksums and digits, which no
 * engine would read differently, so no dialect's quoting is needed. */
static int dump_row(struct strbuf *b, const char *table,
                    const struct history_row *r) {
  return strbuf_appendf(b,
                        "INSERT INTO %s (version, name, checksum, state, "
                        "applied_at, duration_ms, statements_done, "
                        "statements_total) VALUES ('%s', '%s', '%s', "
                        "'applied', '', 0, %d, %d);\n",
                        table, r->version, r->name, r->checksum,
                        r->statements_total, r->statements_total);
}

static int dump_tables(struct strbuf *b, const char *table) {
  int rc = strbuf_appendf(
      b, "-- The migrations applied, recorded as strata does.\n");
  if (rc == 0)
    rc = strbuf_appendf(b, create_history_sql, table);
  if (rc == 0)
    rc = strbuf_appendf(b, ";\n");
  if (rc == 0)
    rc = strbuf_appendf(b, create_format_sql, table);
  if (rc == 0)
    rc = strbuf_appendf(b, ";\nINSERT INTO %s_format (format) VALUES (%d);\n",
                        table, HISTORY_FORMAT);
  return rc;
}

int history_dump(struct strata *s, const struct history *h,
                 strata_write_fn write, void *ctx, struct strata_error *err) {
  struct strbuf b;
  strbuf_init(&b);
  int rc = dump_tables(&b, s->table);
  for (size_t i = 0; rc == 0 && i < h->count; i++)
    if (h->rows[i].state == HISTORY_APPLIED)
      rc = dump_row(&b, s->table, &h->rows[i]);
  if (rc != 0)
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  else
    rc = write(ctx, b.data, b.len);
  strbuf_release(&b);
  return rc;
}
