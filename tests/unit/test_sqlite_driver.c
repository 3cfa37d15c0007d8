/*
 * test_sqlite_driver.c - the SQLite driver through its table, on an
 * in-memory database and on files in a scratch folder.
 */
#include "sqlite.h"
#include "tap.h"

#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The services the core would lend the driver. */
static int host_error_set(struct strata_error *err, int code, const char *fmt,
                          ...) {
  va_list ap;
  memset(err, 0, sizeof *err);
  err->code = code;
  err->offset = -1;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return code;
}

static void host_notice(void *ctx, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

static const struct strata_host host = {
    .abi_version = STRATA_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(struct strata_host),
    .error_set = host_error_set,
    .notice = host_notice,
};

static const struct strata_driver *drv;
static char scratch[64];

static void skip(const char *why) {
  printf("ok %d # SKIP %s\n", ++tap_count, why);
}

static struct strata_url url_for(const char *path) {
  struct strata_url url = {.scheme = "sqlite", .path = path, .redacted = path};
  return url;
}

static char *scratch_path(const char *name) {
  size_t n = strlen(scratch) + strlen(name) + 2;
  char *path = malloc(n);
  snprintf(path, n, "%s/%s", scratch, name);
  return path;
}

static struct strata_conn *connect_path(const char *path,
                                        struct strata_error *err) {
  struct strata_url url = url_for(path);
  struct strata_conn *conn = NULL;
  drv->connect(&host, &url, &conn, err);
  return conn;
}

static int exec(struct strata_conn *conn, const char *sql,
                struct strata_error *err) {
  return drv->exec(conn, sql, strlen(sql), err);
}

static int file_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  fputs(text, f);
  fclose(f);
}

/* Rows a query returned, as text; "(null)" stands for SQL NULL. */
struct rows {
  int count;
  int columns;
  char text[8][4][32];
  size_t length[8][4];
};

static int keep_row(void *ctx, int column_count, const char *const *values,
                    const size_t *lengths) {
  struct rows *r = ctx;
  if (r->count == 8 || column_count > 4)
    return -1;
  r->columns = column_count;
  for (int i = 0; i < column_count; i++) {
    snprintf(r->text[r->count][i], sizeof r->text[0][0], "%s",
             values[i] != NULL ? values[i] : "(null)");
    r->length[r->count][i] = lengths[i];
  }
  r->count++;
  return 0;
}

static int stop_at_once(void *ctx, int column_count, const char *const *values,
                        const size_t *lengths) {
  return 7;
}

static int table_exists(struct strata_conn *conn, const char *name) {
  struct strata_error err;
  int exists = -1;
  if (drv->table_exists(conn, name, &exists, &err) != 0)
    return -1;
  return exists;
}

static void test_descriptor(void) {
  const struct strata_plugin *p = driver_sqlite_LTX_strata_plugin_entry();
  drv = (const struct strata_driver *)p;
  is_int(p->abi_version, STRATA_PLUGIN_ABI_VERSION, "ABI version");
  is_int(p->kind, STRATA_PLUGIN_DRIVER, "kind is driver");
  is_str(p->name, "sqlite", "name");
  is_int(p->struct_size, sizeof(struct strata_driver), "struct size");
  is_str(drv->schemes[0], "sqlite", "canonical scheme");
  is_str(drv->schemes[1], "sqlite3", "second scheme");
  ok(drv->schemes[2] == NULL, "two schemes");
  is_int(drv->capabilities,
         STRATA_CAP_TRANSACTIONAL_DDL | STRATA_CAP_CREATE_DATABASE |
             STRATA_CAP_INTROSPECTION | STRATA_CAP_BULK_LOAD |
             STRATA_CAP_INLINE_CONSTRAINTS | STRATA_CAP_PORT_ANY_TIME,
         "transactional DDL, create database, introspection, a port's "
         "loads with keys inside its tables, times past 24 hours kept as "
         "they are, no session lock");
  ok(drv->introspect != NULL && drv->render_schema != NULL,
     "introspection comes with introspect and render_schema");
}

static void test_round_trip(struct strata_conn *conn) {
  struct strata_error err;
  const char *insert[] = {"1", NULL, "it's"};
  const char *select[] = {"1"};
  struct rows rows = {0};
  is_int(exec(conn, "CREATE TABLE t (a int, b text, c text)", &err), 0,
         "create a table");
  is_int(drv->query(conn, "INSERT INTO t VALUES (?, ?, ?)", insert, 3, NULL,
                    NULL, &err),
         0, "insert with parameters, one NULL");
  is_int(drv->query(conn, "SELECT a, b, c, length(c) FROM t WHERE a = ?",
                    select, 1, keep_row, &rows, &err),
         0, "select with a parameter");
  is_int(rows.count, 1, "one row");
  is_int(rows.columns, 4, "four columns");
  is_str(rows.text[0][0], "1", "an integer comes back as text");
  is_str(rows.text[0][1], "(null)", "NULL comes back as a NULL pointer");
  is_int(rows.length[0][1], 0, "whose length is 0");
  is_str(rows.text[0][2], "it's", "text comes back");
  is_int(rows.length[0][2], 4, "with its length");
  is_int(drv->query(conn, "SELECT a FROM t", NULL, 0, stop_at_once, NULL, &err),
         7, "a non-zero return from on_row is returned");
  is_int(drv->query(conn, "SELECT a FROM t WHERE a = ?", NULL, 0, keep_row,
                    &rows, &err),
         STRATA_EINVAL, "a missing parameter is refused");
}

static void test_syntax_error(struct strata_conn *conn) {
  struct strata_error err;
  const char *sql = "CREATE TABLE t2 (a int,, b int)";
  is_int(exec(conn, sql, &err), STRATA_ESQL, "a syntax error is STRATA_ESQL");
  is_int(err.offset, strstr(sql, ",,") + 1 - sql,
         "its offset points at the second comma");
  ok(strstr(err.message, "syntax error") != NULL, "SQLite's message: %s",
     err.message);
  const char *two = "SELECT 1;\nCREATE TABLE t2 (a int,, b int)";
  is_int(exec(conn, two, &err), STRATA_ESQL, "fails after a good statement");
  is_int(err.offset, strstr(two, ",,") + 1 - two,
         "the offset counts from the start of the text");
  is_int(exec(conn, "SELECT nosuch FROM t", &err), STRATA_ESQL,
         "an unknown column fails");
  ok(strstr(err.message, "no such column: nosuch") != NULL, "and says so");
  is_int(exec(conn, "-- nothing\n", &err), 0, "a comment runs as nothing");
}

static void test_transactions(struct strata_conn *conn) {
  struct strata_error err;
  is_int(drv->begin(conn, &err), 0, "begin");
  is_int(exec(conn, "CREATE TABLE r (x int)", &err), 0, "create in it");
  is_int(table_exists(conn, "r"), 1, "the table exists inside");
  is_int(drv->rollback(conn, &err), 0, "rollback");
  is_int(table_exists(conn, "r"), 0, "the rollback undid the CREATE TABLE");
  is_int(drv->begin(conn, &err), 0, "begin again");
  is_int(exec(conn, "CREATE TABLE r (x int)", &err), 0, "create again");
  is_int(drv->commit(conn, &err), 0, "commit");
  is_int(table_exists(conn, "r"), 1, "the committed table stays");
  is_int(table_exists(conn, "R"), 1, "names match without regard to case");
  is_int(table_exists(conn, "nosuch"), 0, "a missing table does not exist");
  is_int(drv->rollback(conn, &err), 0,
         "rollback outside a transaction is harmless");
}

static void test_foreign_keys(struct strata_conn *conn) {
  struct strata_error err;
  exec(conn, "CREATE TABLE p (id int PRIMARY KEY)", &err);
  exec(conn, "CREATE TABLE c (p int REFERENCES p (id))", &err);
  is_int(exec(conn, "INSERT INTO c VALUES (1)", &err), STRATA_ESQL,
         "foreign keys are enforced");
  ok(strstr(err.message, "FOREIGN KEY") != NULL, "with SQLite's message");
}

/* Counts the rows a digest load gives. */
static int count_digested(void *ctx, const char *text, size_t length) {
  (void)text;
  (void)length;
  ++*(int *)ctx;
  return 0;
}

/* A digest load (a port's --verify) counts the rows the mapping options
 * refuse, as a copy sets them aside: a zero date under zero_dates=error
 * is counted rejected, not digested. */
static void test_digest_load_counts_refused(struct strata_conn *conn) {
  struct strata_column id = {.name = "id",
                             .position = 1,
                             .type = STRATA_TYPE_INTEGER,
                             .precision = -1,
                             .scale = -1};
  struct strata_column day = {.name = "day",
                              .position = 2,
                              .type = STRATA_TYPE_DATE,
                              .precision = -1,
                              .scale = -1,
                              .flags = STRATA_COLUMN_NOT_NULL};
  struct strata_column *columns[] = {&id, &day};
  struct strata_table visits = {
      .name = "visits", .columns = columns, .column_count = 2};
  struct strata_table *tables[] = {&visits};
  struct strata_schema schema = {
      .engine = "mysql", .tables = tables, .table_count = 1};
  const struct strata_url_param settings[] = {{"zero_dates", "error"}};
  struct strata_render_options opt = {
      .struct_size = sizeof opt, .settings = settings, .setting_count = 1};
  const char *good[] = {"1", "2024-01-01"}, *zero[] = {"2", "0000-00-00"};
  const size_t good_lengths[] = {1, 10}, zero_lengths[] = {1, 10};
  struct strata_load *load = NULL;
  struct strata_load_stats stats = {0};
  struct strata_error err;
  const char *const *names = NULL;
  size_t name_count = 0;
  int digested = 0;
  int rc = drv->load_begin(conn, &schema, &visits, &opt, STRATA_LOAD_DIGEST,
                           count_digested, &digested, &load, &names,
                           &name_count, &err);
  if (!is_int(rc, 0, "a digest load begins"))
    printf("# %s\n", err.message);
  if (rc != 0)
    return;
  is_int(drv->load_row(load, good, good_lengths, &err), 0, "a row goes in");
  is_int(drv->load_row(load, zero, zero_lengths, &err), 0,
         "a zero date under zero_dates=error does not fail the load");
  is_int(drv->load_end(load, 0, &stats, &err), 0, "the load ends");
  is_int(digested, 1, "only the good row is digested");
  is_int(stats.rows, 1, "the load says one row was digested");
  is_int(stats.rejected, 1, "and counts the zero date's row rejected");
}

struct read_reals {
  int rows;
  char texts[3][32];
};

static int keep_reals(void *ctx, int column_count, const char *const *values,
                      const size_t *lengths) {
  struct read_reals *r = ctx;
  if (r->rows < 3 && column_count == 1 && values[0] != NULL)
    snprintf(r->texts[r->rows], sizeof r->texts[r->rows], "%.*s",
             (int)lengths[0], values[0]);
  r->rows++;
  return 0;
}

/* A real is read as the shortest text that is the same double: a
 * DECIMAL(12,2) target takes 79.19 as it is, where 79.189999999999998
 * would be rounded with a warning. */
static void test_read_rows_reals(struct strata_conn *conn) {
  struct strata_error err;
  struct read_reals r = {0};
  const char *const columns[] = {"amount"};
  exec(conn, "CREATE TABLE prices (id integer PRIMARY KEY, amount real)", &err);
  exec(conn, "INSERT INTO prices (amount) VALUES (79.19), (0.1 + 0.2), (-0.0)",
       &err);
  is_int(drv->read_rows(conn, "prices", columns, 1, keep_reals, &r, &err), 0,
         "read_rows of reals");
  is_int(r.rows, 3, "every row");
  is_str(r.texts[0], "79.19", "79.19 in its shortest text");
  is_str(r.texts[1], "0.30000000000000004",
         "0.1 + 0.2 with the 17 digits "
         "it needs");
  is_str(r.texts[2], "0", "-0.0 as SQLite stores it");
}

static void test_memory(void) {
  struct strata_error err;
  struct strata_conn *conn = connect_path(":memory:", &err);
  ok(conn != NULL, "connect to :memory:");
  if (conn == NULL)
    return;
  ok(strncmp(drv->server_version(conn), "SQLite 3.", 9) == 0,
     "server version %s", drv->server_version(conn));
  test_round_trip(conn);
  test_syntax_error(conn);
  test_transactions(conn);
  test_foreign_keys(conn);
  test_digest_load_counts_refused(conn);
  test_read_rows_reals(conn);
  is_int(drv->lock(conn, "strata", 1000, &err), 0, "lock is a busy timeout");
  is_int(drv->unlock(conn, "strata", &err), 0, "unlock");
  drv->disconnect(conn);
  struct strata_url url = url_for(":memory:");
  is_int(drv->create_database(&host, &url, &err), 0,
         "creating :memory: is nothing to do");
  is_int(drv->drop_database(&host, &url, &err), 0, "neither is dropping it");
}

static void test_bad_urls(void) {
  struct strata_error err;
  struct strata_conn *conn = (struct strata_conn *)&err;
  struct strata_url url = {.scheme = "sqlite",
                           .host = "db",
                           .path = "/app.sqlite3",
                           .redacted = "sqlite://db/app.sqlite3"};
  is_int(drv->connect(&host, &url, &conn, &err), STRATA_EURL,
         "a URL with a host is refused");
  ok(conn == NULL, "and *out is NULL");
  ok(strstr(err.message, "sqlite:///abs/path") != NULL, "with a hint: %s",
     err.message);
  struct strata_url_param param = {"journal", "wal"};
  struct strata_url with_param = {.scheme = "sqlite",
                                  .path = ":memory:",
                                  .params = &param,
                                  .param_count = 1,
                                  .redacted = "sqlite::memory:?journal=wal"};
  is_int(drv->connect(&host, &with_param, &conn, &err), STRATA_EURL,
         "an unknown parameter is refused");
  struct strata_url empty = {.scheme = "sqlite", .path = "", .redacted = ""};
  is_int(drv->connect(&host, &empty, &conn, &err), STRATA_EURL,
         "a URL with no path is refused");
}

static void test_create_drop(const char *path) {
  struct strata_error err;
  struct strata_url url = url_for(path);
  is_int(drv->create_database(&host, &url, &err), 0, "create a database");
  ok(file_exists(path), "its file exists");
  is_int(drv->create_database(&host, &url, &err), STRATA_EIO,
         "creating it again fails");
  ok(strstr(err.message, "already exists") != NULL, "saying so: %s",
     err.message);
}

static void test_persistence(const char *path) {
  struct strata_error err;
  struct strata_conn *conn = connect_path(path, &err);
  ok(conn != NULL, "connect to the file");
  if (conn == NULL)
    return;
  exec(conn, "CREATE TABLE kept (x text)", &err);
  exec(conn, "INSERT INTO kept VALUES ('here')", &err);
  drv->disconnect(conn);
  conn = connect_path(path, &err);
  struct rows rows = {0};
  drv->query(conn, "SELECT x FROM kept", NULL, 0, keep_row, &rows, &err);
  is_int(rows.count, 1, "a row written before reconnecting is there");
  is_str(rows.text[0][0], "here", "with its value");
  drv->disconnect(conn);
}

static void test_mode_ro(const char *path) {
  struct strata_error err;
  struct strata_url_param param = {"mode", "ro"};
  struct strata_url url = {.scheme = "sqlite",
                           .path = path,
                           .params = &param,
                           .param_count = 1,
                           .redacted = path};
  struct strata_conn *conn = NULL;
  is_int(drv->connect(&host, &url, &conn, &err), 0, "connect with mode=ro");
  if (conn == NULL)
    return;
  is_int(table_exists(conn, "kept"), 1, "reading works");
  is_int(exec(conn, "INSERT INTO kept VALUES ('no')", &err), STRATA_EREADONLY,
         "the first write is STRATA_EREADONLY");
  ok(strstr(err.message, "is read-only") != NULL, "saying so: %s", err.message);
  drv->disconnect(conn);
}

static void test_read_only_file(const char *path) {
  struct strata_error err;
  if (geteuid() == 0) {
    skip("running as root, where file permissions do not stop writes");
    skip("running as root, where file permissions do not stop writes");
    return;
  }
  chmod(path, 0444);
  struct strata_conn *conn = connect_path(path, &err);
  is_int(conn != NULL ? exec(conn, "INSERT INTO kept VALUES ('no')", &err)
                      : err.code,
         STRATA_EREADONLY, "a write to a 0444 file is STRATA_EREADONLY");
  ok(strstr(err.message, "check the file's permissions") != NULL,
     "and says what to check: %s", err.message);
  drv->disconnect(conn);
  chmod(path, 0644);
}

static void test_lock(const char *path) {
  struct strata_error err;
  struct strata_conn *a = connect_path(path, &err);
  struct strata_conn *b = connect_path(path, &err);
  if (a == NULL || b == NULL) {
    ok(0, "two connections to one file");
    drv->disconnect(a);
    drv->disconnect(b);
    return;
  }
  is_int(drv->begin(a, &err), 0, "the first runner begins");
  is_int(drv->lock(b, "strata", 0, &err), 0, "the second will not wait");
  is_int(drv->begin(b, &err), STRATA_ELOCK,
         "so its begin fails with STRATA_ELOCK");
  ok(strstr(err.message, "locked by another process") != NULL, "saying so: %s",
     err.message);
  is_int(drv->commit(a, &err), 0, "the first runner commits");
  is_int(drv->begin(b, &err), 0, "now the second begins");
  is_int(drv->commit(b, &err), 0, "and commits");
  drv->disconnect(a);
  drv->disconnect(b);
}

static void test_drop(const char *path) {
  struct strata_error err;
  struct strata_url url = url_for(path);
  char *journal = scratch_path("app.sqlite3-journal");
  write_file(journal, "");
  is_int(drv->drop_database(&host, &url, &err), 0, "drop the database");
  ok(!file_exists(path), "its file is gone");
  ok(!file_exists(journal), "and so is its journal");
  is_int(drv->drop_database(&host, &url, &err), STRATA_ENOTFOUND,
         "dropping it again is STRATA_ENOTFOUND");
  free(journal);
}

static void test_not_a_database(void) {
  struct strata_error err;
  char *path = scratch_path("notes.txt");
  write_file(path, "These are notes, not a database; keep them.\n");
  struct strata_conn *conn = connect_path(path, &err);
  ok(conn == NULL, "connecting to a text file fails");
  is_int(err.code, STRATA_EIO, "with STRATA_EIO");
  ok(strstr(err.message, path) != NULL &&
         strstr(err.message, "not an SQLite database") != NULL,
     "naming the file: %s", err.message);
  drv->disconnect(conn);
  struct strata_url url = url_for(path);
  is_int(drv->drop_database(&host, &url, &err), STRATA_EIO,
         "dropping it is refused");
  ok(file_exists(path), "and the file is kept");
  unlink(path);
  free(path);
}

static void test_missing_folder(void) {
  struct strata_error err;
  char *path = scratch_path("missing/app.sqlite3");
  char *folder = scratch_path("missing");
  struct strata_conn *conn = connect_path(path, &err);
  ok(conn == NULL, "a database in a missing folder cannot be opened");
  is_int(err.code, STRATA_EIO, "with STRATA_EIO");
  ok(strstr(err.message, folder) != NULL, "naming the folder: %s", err.message);
  struct strata_url url = url_for(path);
  is_int(drv->create_database(&host, &url, &err), STRATA_EIO, "nor created");
  ok(strstr(err.message, folder) != NULL, "naming the folder: %s", err.message);
  free(path);
  free(folder);
}

/* One file through two names is one database; another file, or memory,
 * is not. */
static void test_identity(const char *path) {
  struct strata_error err;
  char *linked = scratch_path("hard.sqlite3");
  char *other = scratch_path("other.sqlite3");
  char a[256], b[256], c[256], m1[256], m2[256];
  ok(link(path, linked) == 0, "a hard link to the file");
  struct strata_conn *conns[5] = {
      connect_path(path, &err), connect_path(linked, &err),
      connect_path(other, &err), connect_path(":memory:", &err),
      connect_path(":memory:", &err)};
  char *ids[5] = {a, b, c, m1, m2};
  for (size_t i = 0; i < 5; i++)
    is_int(conns[i] ? drv->identity(conns[i], ids[i], 256, &err) : -1, 0,
           "identity of connection %zu", i + 1);
  is_str(a, b, "the file through a hard link is the same: %s", a);
  ok(strcmp(a, c) != 0, "another file is not: %s", c);
  ok(strcmp(m1, m2) != 0 && strcmp(m1, a) != 0,
     "a database in memory is the same as nothing else: %s", m1);
  for (size_t i = 0; i < 5; i++)
    if (conns[i] != NULL)
      drv->disconnect(conns[i]);
  unlink(linked);
  unlink(other);
  free(linked);
  free(other);
}

static void test_files(void) {
  char *path = scratch_path("app.sqlite3");
  test_create_drop(path);
  test_persistence(path);
  test_mode_ro(path);
  test_read_only_file(path);
  test_lock(path);
  test_identity(path);
  test_drop(path);
  test_not_a_database();
  test_missing_folder();
  free(path);
}

int main(void) {
  const char *tmp = getenv("TMPDIR");
  snprintf(scratch, sizeof scratch, "%s/strata-sqlite.XXXXXX",
           tmp != NULL && strlen(tmp) < 40 ? tmp : "/tmp");
  if (mkdtemp(scratch) == NULL) {
    printf("Bail out! cannot create a scratch folder in %s\n", scratch);
    return 1;
  }
  test_descriptor();
  test_memory();
  test_bad_urls();
  test_files();
  rmdir(scratch);
  return done_testing();
}
