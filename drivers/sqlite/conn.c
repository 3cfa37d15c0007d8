/*
 * conn.c - opening and closing a database, and how long to wait for locks.
 */
#include "sqlite.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct strata_conn *conn_new(const struct strata_host *host,
                                    const struct sqlite_target *target) {
  struct strata_conn *conn = calloc(1, sizeof *conn);
  if (conn == NULL)
    return NULL;
  conn->path = strdup(target->path);
  if (conn->path == NULL) {
    free(conn);
    return NULL;
  }
  conn->host = host;
  conn->read_only = (target->open_flags & SQLITE_OPEN_READONLY) != 0;
  snprintf(conn->version, sizeof conn->version, "SQLite %s",
           sqlite3_libversion());
  return conn;
}

static int open_database(struct strata_conn *conn,
                         const struct sqlite_target *target,
                         struct strata_error *err) {
  struct stat st;
  conn->created =
      !target->in_memory && stat(target->path, &st) != 0 && errno == ENOENT;
  int rc = sqlite3_open_v2(target->path, &conn->db, target->open_flags, NULL);
  if (rc == SQLITE_OK)
    return 0;
  if (conn->db == NULL)
    return conn->host->error_set(err, STRATA_ENOMEM, "out of memory");
  if ((rc & 0xff) == SQLITE_CANTOPEN) {
    int folder_rc =
        sqlite_target_missing_folder(conn->host, target->path, "open", err);
    if (folder_rc != 0)
      return folder_rc;
  }
  return sqlite_conn_fail(conn, rc, err);
}

/* Opening is lazy: SQLite reads nothing until a statement needs the file,
 * so the schema is read here to report a file that is not a database at
 * connect time rather than at the first migration. */
static int configure_database(struct strata_conn *conn,
                              struct strata_error *err) {
  static const char *const setup[] = {
      "PRAGMA foreign_keys = ON",
      "SELECT count(*) FROM sqlite_schema",
  };
  sqlite3_extended_result_codes(conn->db, 1);
  conn->lock_timeout_ms = STRATA_SQLITE_BUSY_TIMEOUT_MS;
  sqlite_conn_set_busy(conn, conn->lock_timeout_ms);
  for (size_t i = 0; i < sizeof setup / sizeof setup[0]; i++) {
    int rc = sqlite3_exec(conn->db, setup[i], NULL, NULL, NULL);
    if (rc != SQLITE_OK)
      return sqlite_conn_fail(conn, rc, err);
  }
  return 0;
}

int sqlite_conn_open(const struct strata_host *host,
                     const struct strata_url *url, struct strata_conn **out,
                     struct strata_error *err) {
  *out = NULL;
  struct sqlite_target target;
  int rc = sqlite_target_parse(host, url, &target, err);
  if (rc != 0)
    return rc;
  struct strata_conn *conn = conn_new(host, &target);
  if (conn == NULL)
    return host->error_set(err, STRATA_ENOMEM,
                           "out of memory opening database '%s'", target.path);
  rc = open_database(conn, &target, err);
  if (rc == 0)
    rc = configure_database(conn, err);
  if (rc != 0) {
    sqlite_conn_close(conn);
    return rc;
  }
  *out = conn;
  return 0;
}

/* A file this connection created and nothing wrote to (a status, a dry
 * run, an up that failed before its first migration) goes again: a
 * command that changed nothing leaves nothing behind. */
static void remove_if_unused(struct strata_conn *conn, const char *file) {
  struct stat st;
  if (conn->created && file != NULL && stat(file, &st) == 0 &&
      S_ISREG(st.st_mode) && st.st_size == 0)
    unlink(file);
}

void sqlite_conn_close(struct strata_conn *conn) {
  if (conn == NULL)
    return;
  const char *name = conn->db ? sqlite3_db_filename(conn->db, "main") : NULL;
  char *file = name && *name ? strdup(name) : NULL;
  sqlite3_close_v2(conn->db);
  remove_if_unused(conn, file);
  free(file);
  free(conn->path);
  free(conn);
}

void sqlite_conn_set_busy(struct strata_conn *conn, int timeout_ms) {
  conn->busy_timeout_ms = timeout_ms > 0 ? timeout_ms : 0;
  sqlite3_busy_timeout(conn->db, conn->busy_timeout_ms);
}

/* SQLite has no session lock.  The core serialises runners with one
 * BEGIN IMMEDIATE per migration; what a runner needs from lock() is that
 * waiting for another process's write transaction lasts as long as the
 * user allows instead of failing at once with "database is locked"; a
 * negative timeout allows the longest busy timeout there is, 24 days. */
int sqlite_conn_lock(struct strata_conn *conn, const char *key, int timeout_ms,
                     struct strata_error *err) {
  conn->lock_timeout_ms = timeout_ms >= 0 ? timeout_ms : INT_MAX;
  sqlite_conn_set_busy(conn, conn->lock_timeout_ms);
  return 0;
}

/* Once BEGIN IMMEDIATE holds the write lock, what is left to wait for is
 * readers (a rollback-journal COMMIT waits for them to finish): that wait
 * is the statement lock timeout.  exec.c switches between the two. */
int sqlite_conn_set_statement_lock_timeout(struct strata_conn *conn,
                                           int timeout_ms,
                                           struct strata_error *err) {
  (void)err;
  conn->statement_lock_timeout_ms = timeout_ms > 0 ? timeout_ms : 0;
  return 0;
}

int sqlite_conn_unlock(struct strata_conn *conn, const char *key,
                       struct strata_error *err) {
  return 0;
}

const char *sqlite_conn_version(struct strata_conn *conn) {
  return conn->version;
}

/* A no-transaction migration may have turned foreign keys off: they are
 * on again for the next one, as configure_database() set them. */
int sqlite_conn_end_migration(struct strata_conn *conn,
                              struct strata_error *err) {
  int rc = sqlite3_exec(conn->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  return rc == SQLITE_OK ? 0 : sqlite_conn_fail(conn, rc, err);
}

#define DANGLING_SHOWN 5

/* One foreign_key_check row (table, rowid, parent) appended to text. */
static size_t describe_dangling(sqlite3_stmt *st, char *text, size_t used,
                                size_t size) {
  if (used >= size)
    return used;
  const char *rowid = sqlite3_column_type(st, 1) == SQLITE_NULL
                          ? "none"
                          : (const char *)sqlite3_column_text(st, 1);
  int n = snprintf(text + used, size - used,
                   "%sa row of '%s' (rowid %s) refers to '%s'",
                   used ? "; " : "", (const char *)sqlite3_column_text(st, 0),
                   rowid, (const char *)sqlite3_column_text(st, 2));
  return n > 0 ? used + (size_t)n : used;
}

/* A migration that ran with foreign keys off, because it turned them off
 * itself or because the portable guard did around a table rebuild, must
 * not commit rows whose keys point nowhere: SQLite's own check, as its
 * manual's table rebuild ends.  The one check for both, so both say the
 * same thing. */
int sqlite_conn_check_before_commit(struct strata_conn *conn,
                                    struct strata_error *err) {
  sqlite3_stmt *st = NULL;
  int rc =
      sqlite3_prepare_v2(conn->db, "PRAGMA foreign_key_check", -1, &st, NULL);
  if (rc != SQLITE_OK)
    return sqlite_conn_fail(conn, rc, err);
  long count = 0;
  char shown[768] = "";
  size_t used = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    if (count++ < DANGLING_SHOWN)
      used = describe_dangling(st, shown, used, sizeof shown);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE)
    return sqlite_conn_fail(conn, rc, err);
  if (count == 0)
    return 0;
  return conn->host->error_set(
      err, STRATA_ESQL,
      "with foreign keys off, the migration left %ld row%s whose foreign key "
      "points nowhere (%s%s): fix the rows or the migration",
      count, count == 1 ? "" : "s", shown,
      count > DANGLING_SHOWN ? "; ..." : "");
}
