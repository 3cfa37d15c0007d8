/*
 * driver_lite.c - a strata driver built outside strata's tree, against the
 * installed headers only:
 *
 *   cc -shared -fPIC -o driver_lite.so driver_lite.c \
 *      $(pkg-config --cflags --libs strata sqlite3)
 *   STRATA_PLUGIN_PATH=. strata -u lite:app.db up
 *
 * It serves "lite:FILE" URLs with SQLite, and implements just what `up`,
 * `down` and `status` need.  A driver never links libstrata: errors go
 * through the host table it is given at connect time.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strata/driver.h>

struct strata_conn {
  const struct strata_host *host;
  sqlite3 *db;
};

static int failed(struct strata_conn *c, struct strata_error *err) {
  return c->host->error_set(err, STRATA_ESQL, "%s", sqlite3_errmsg(c->db));
}

static int lite_connect(const struct strata_host *host,
                        const struct strata_url *url, struct strata_conn **out,
                        struct strata_error *err) {
  struct strata_conn *c = calloc(1, sizeof *c);
  *out = NULL;
  if (c == NULL)
    return host->error_set(err, STRATA_ENOMEM, "out of memory");
  c->host = host;
  if (sqlite3_open(url->path ? url->path : "", &c->db) != SQLITE_OK) {
    int rc = failed(c, err);
    sqlite3_close(c->db);
    free(c);
    return rc;
  }
  *out = c;
  return 0;
}

static void lite_disconnect(struct strata_conn *c) {
  sqlite3_close(c->db);
  free(c);
}

/* A statement ends at the first ';' after which SQLite calls it complete. */
static int lite_split(const char *script, size_t length, strata_statement_fn emit,
                      void *ctx, struct strata_error *err) {
  char *text = malloc(length + 1);
  size_t start = 0;
  int rc = 0;
  if (text == NULL)
    return STRATA_ENOMEM;
  for (size_t i = 0; i <= length && rc == 0; i++) {
    int end = i == length || script[i] == ';';
    if (!end)
      continue;
    memcpy(text, script + start, i - start);
    strcpy(text + (i - start), ";");
    if (i < length && !sqlite3_complete(text))
      continue;
    size_t skip = strspn(text, " \t\r\n");
    if (skip < i - start) {
      struct strata_statement st = {start + skip, i - start - skip, 0};
      rc = emit(ctx, &st);
    }
    start = i + 1;
  }
  free(text);
  return rc;
}

static int lite_query(struct strata_conn *c, const char *sql,
                      const char *const *params, int count, strata_row_fn on_row,
                      void *ctx, struct strata_error *err) {
  sqlite3_stmt *st;
  int rc = 0, step;
  if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
    return failed(c, err);
  for (int i = 0; i < count; i++)
    sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_STATIC);
  while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW && on_row) {
    int n = sqlite3_column_count(st);
    const char *values[16] = {0};
    size_t lengths[16] = {0};
    for (int i = 0; i < n && i < 16; i++) {
      values[i] = (const char *)sqlite3_column_text(st, i);
      lengths[i] = (size_t)sqlite3_column_bytes(st, i);
    }
    rc = on_row(ctx, n < 16 ? n : 16, values, lengths);
  }
  if (rc == 0 && step != SQLITE_DONE && step != SQLITE_ROW)
    rc = failed(c, err);
  sqlite3_finalize(st);
  return rc;
}

static int lite_exec(struct strata_conn *c, const char *sql, size_t length,
                     struct strata_error *err) {
  char *text = strndup(sql, length);
  int rc = text ? lite_query(c, text, NULL, 0, NULL, NULL, err) : STRATA_ENOMEM;
  free(text);
  return rc;
}

static int lite_begin(struct strata_conn *c, struct strata_error *err) {
  return lite_query(c, "BEGIN IMMEDIATE", NULL, 0, NULL, NULL, err);
}
static int lite_commit(struct strata_conn *c, struct strata_error *err) {
  return lite_query(c, "COMMIT", NULL, 0, NULL, NULL, err);
}
static int lite_rollback(struct strata_conn *c, struct strata_error *err) {
  return lite_query(c, "ROLLBACK", NULL, 0, NULL, NULL, err);
}

static int count_row(void *ctx, int n, const char *const *v, const size_t *l) {
  ++*(int *)ctx;
  return 0;
}

static int lite_table_exists(struct strata_conn *c, const char *table,
                             int *exists, struct strata_error *err) {
  *exists = 0;
  return lite_query(c, "SELECT 1 FROM sqlite_master WHERE name = ?", &table, 1,
                    count_row, exists, err);
}

static const char *const schemes[] = {"lite", NULL};

static const struct strata_driver lite = {
    .plugin = {.abi_version = STRATA_PLUGIN_ABI_VERSION,
               .kind = STRATA_PLUGIN_DRIVER,
               .name = "lite",
               .struct_size = sizeof(struct strata_driver),
               .description = "SQLite files, from an out-of-tree example",
               .version = "1.0"},
    .schemes = schemes,
    .capabilities = STRATA_CAP_TRANSACTIONAL_DDL,
    .connect = lite_connect,
    .disconnect = lite_disconnect,
    .split = lite_split,
    .exec = lite_exec,
    .query = lite_query,
    .begin = lite_begin,
    .commit = lite_commit,
    .rollback = lite_rollback,
    .table_exists = lite_table_exists,
};

/* Built as a plain shared object, the module's one export needs no
 * libtool prefix: libltdl looks for strata_plugin_entry too. */
const struct strata_plugin *strata_plugin_entry(void) { return &lite.plugin; }
