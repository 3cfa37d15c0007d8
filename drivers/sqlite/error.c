/*
 * error.c - SQLite result codes as strata errors.
 *
 * SQLite's own messages are terse ("attempt to write a readonly database",
 * "database is locked"); the cases a user can act on get a message that
 * names the database and says what to do.  Everything else keeps SQLite's
 * message, which is what a user searching for the error needs.
 */
#include "sqlite.h"

#include <string.h>

static int fail_read_only(struct strata_conn *conn, int rc,
                          struct strata_error *err) {
  const struct strata_host *h = conn->host;
  if (conn->read_only)
    return h->error_set(err, STRATA_EREADONLY,
                        "database '%s' is read-only: the URL opens it with "
                        "mode=ro",
                        conn->path);
  if (rc == SQLITE_READONLY_DIRECTORY)
    return h->error_set(err, STRATA_EREADONLY,
                        "database '%s' is read-only: check the permissions "
                        "of its folder, where SQLite writes its journal",
                        conn->path);
  return h->error_set(err, STRATA_EREADONLY,
                      "database '%s' is read-only: check the file's "
                      "permissions",
                      conn->path);
}

static int fail_locked(struct strata_conn *conn, int rc,
                       struct strata_error *err) {
  const struct strata_host *h = conn->host;
  if ((rc & 0xff) == SQLITE_LOCKED)
    return h->error_set(err, STRATA_ELOCK,
                        "database '%s' is locked: %s; retry when the other "
                        "statement on it is done",
                        conn->path, sqlite3_errmsg(conn->db));
  char holder[128];
  sqlite_lock_holder(conn->path, holder, sizeof holder);
  return h->error_set(err, STRATA_ELOCK,
                      "database '%s' is locked by %s: gave up after %d ms; "
                      "retry when it is done or raise the lock timeout",
                      conn->path, *holder ? holder : "another process",
                      conn->busy_timeout_ms);
}

/* Failures of the file itself rather than of a statement. */
static int fail_file(struct strata_conn *conn, int rc,
                     struct strata_error *err) {
  const struct strata_host *h = conn->host;
  int sys = sqlite3_system_errno(conn->db);
  switch (rc & 0xff) {
  case SQLITE_NOTADB:
    return h->error_set(err, STRATA_EIO,
                        "file '%s' is not an SQLite database: check that "
                        "the URL names the right file",
                        conn->path);
  case SQLITE_CORRUPT:
    return h->error_set(err, STRATA_EIO, "database '%s' is damaged: %s",
                        conn->path, sqlite3_errmsg(conn->db));
  case SQLITE_FULL:
    return h->error_set(err, STRATA_EIO,
                        "cannot write database '%s': the disk is full",
                        conn->path);
  case SQLITE_CANTOPEN:
    return h->error_set(err, STRATA_EIO, "cannot open database '%s': %s",
                        conn->path,
                        sys != 0 ? strerror(sys) : sqlite3_errmsg(conn->db));
  default:
    if (sys != 0)
      return h->error_set(err, STRATA_EIO, "cannot use database '%s': %s (%s)",
                          conn->path, sqlite3_errmsg(conn->db), strerror(sys));
    return h->error_set(err, STRATA_EIO, "cannot use database '%s': %s",
                        conn->path, sqlite3_errmsg(conn->db));
  }
}

static int pick_message(struct strata_conn *conn, int rc,
                        struct strata_error *err) {
  switch (rc & 0xff) {
  case SQLITE_READONLY: return fail_read_only(conn, rc, err);
  case SQLITE_BUSY:
  case SQLITE_LOCKED: return fail_locked(conn, rc, err);
  case SQLITE_NOTADB:
  case SQLITE_CORRUPT:
  case SQLITE_FULL:
  case SQLITE_IOERR:
  case SQLITE_CANTOPEN: return fail_file(conn, rc, err);
  case SQLITE_NOMEM:
    return conn->host->error_set(err, STRATA_ENOMEM, "out of memory");
  default:
    return conn->host->error_set(err, STRATA_ESQL, "%s",
                                 sqlite3_errmsg(conn->db));
  }
}

int sqlite_conn_fail(struct strata_conn *conn, int rc,
                     struct strata_error *err) {
  int code = pick_message(conn, rc, err);
  if (err != NULL)
    err->offset = -1;
  return code;
}
