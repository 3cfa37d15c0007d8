/*
 * lock.c - the migration lock: a named user lock, GET_LOCK(), asked for
 * with a zero timeout and waited for by common_wait().
 *
 * The lock belongs to the session, so the server releases it when the
 * connection ends, however the process holding it died.
 *
 * Lock names are at most 64 characters and are server-wide: the name is
 * "strata:", the database and the core's key, or for a long one its start
 * and a hash of the rest.
 */
#include <stdio.h>
#include <string.h>

#include "mysqldrv.h"

#define LOCK_NAME_MAX 64
#define LOCK_PREFIX "strata:"

/* A query's first value, as text. */
struct scalar {
  int found;
  int is_null;
  char text[256];
};

static int read_scalar(void *ctx, int columns, const char *const *values,
                       const size_t *lengths) {
  struct scalar *s = ctx;
  if (s->found || columns < 1)
    return 0;
  s->found = 1;
  s->is_null = values[0] == NULL;
  if (values[0] != NULL)
    snprintf(s->text, sizeof(s->text), "%.*s", (int)lengths[0], values[0]);
  return 0;
}

static int query_scalar(struct strata_conn *conn, const char *sql,
                        const char *param, struct scalar *out,
                        struct strata_error *err) {
  const char *params[1] = {param};
  memset(out, 0, sizeof(*out));
  return mysqldrv_query(conn, sql, params, 1, read_scalar, out, err);
}

/* "strata:app.strata_migrations": the database scopes the name, as
 * PostgreSQL scopes advisory locks, so that runners on two databases of
 * one server do not wait for each other. */
static void lock_name(const struct strata_conn *conn, const char *key,
                      char out[LOCK_NAME_MAX + 1]) {
  const char *db = conn->database ? conn->database : "";
  size_t room = LOCK_NAME_MAX - strlen(LOCK_PREFIX);
  char scoped[LOCK_NAME_MAX * 4];
  int n = snprintf(scoped, sizeof(scoped), "%s%s%s", db, *db ? "." : "", key);
  if (n >= 0 && (size_t)n <= room)
    snprintf(out, LOCK_NAME_MAX + 1, "%s%.*s", LOCK_PREFIX, (int)room, scoped);
  else
    snprintf(out, LOCK_NAME_MAX + 1, "%s%.*s#%016llx%016llx", LOCK_PREFIX,
             (int)(room - 33), scoped,
             (unsigned long long)common_fnv1a(COMMON_FNV1A_BASIS, db),
             (unsigned long long)common_fnv1a(COMMON_FNV1A_BASIS, key));
}

/* Describes who holds the lock: "connection 42 (app@10.0.0.5:51234,
 * Sleep for 12 s)", or less when the processlist hides the connection; ""
 * when nobody does. */
static int describe_holder(struct strata_conn *conn, const char *name,
                           char *out, size_t n, struct strata_error *err) {
  struct scalar id, who;
  int rc = query_scalar(conn, "SELECT IS_USED_LOCK(?)", name, &id, err);
  if (rc != 0)
    return rc;
  out[0] = '\0';
  if (!id.found || id.is_null)
    return 0;
  rc = query_scalar(conn,
                    "SELECT CONCAT(user, '@', host, ', ', command, ' for ', "
                    "time, ' s') FROM information_schema.processlist "
                    "WHERE id = ?",
                    id.text, &who, err);
  if (rc != 0)
    return rc;
  if (who.found && !who.is_null)
    snprintf(out, n, "connection %s (%s)", id.text, who.text);
  else
    snprintf(out, n, "connection %s", id.text);
  return 0;
}

/* The lock being waited for, for common_wait(). */
struct waiting {
  struct strata_conn *conn;
  char name[LOCK_NAME_MAX + 1];
};

/* One try: *granted is 1 when this session holds the lock now. */
static int try_lock(void *ctx, int *granted, struct strata_error *err) {
  struct waiting *w = ctx;
  struct scalar r;
  int rc = query_scalar(w->conn, "SELECT GET_LOCK(?, 0)", w->name, &r, err);
  *granted = 0;
  if (rc != 0)
    return rc;
  if (!r.found || r.is_null)
    return mysqldrv_fail(w->conn->host, err, STRATA_ELOCK,
                         "the server could not take the migration lock "
                         "'%s'; retry, and if it fails again see the "
                         "server's error log",
                         w->name);
  *granted = strcmp(r.text, "1") == 0;
  return 0;
}

static void describe_waited(void *ctx, char *out, size_t size) {
  struct waiting *w = ctx;
  struct strata_error ignored;
  describe_holder(w->conn, w->name, out, size, &ignored);
}

int mysqldrv_lock(struct strata_conn *conn, const char *key, int timeout_ms,
                  struct strata_error *err) {
  if (conn->lease.wanted)
    return common_lease_take(&conn->lease, conn, key, timeout_ms, err);
  struct waiting waiting = {.conn = conn};
  char what[LOCK_NAME_MAX + 32];
  lock_name(conn, key, waiting.name);
  snprintf(what, sizeof what, "migration lock '%s'", waiting.name);
  const struct common_wait wait = {
      conn->host, what,     "retry later or raise --lock-timeout",
      &waiting,   try_lock, describe_waited};
  return common_wait(&wait, timeout_ms, err);
}

int mysqldrv_unlock(struct strata_conn *conn, const char *key,
                    struct strata_error *err) {
  char name[LOCK_NAME_MAX + 1];
  struct scalar r;
  int rc;
  if (conn->lease.wanted)
    return common_lease_release(&conn->lease, conn, err);
  lock_name(conn, key, name);
  rc = query_scalar(conn, "SELECT RELEASE_LOCK(?)", name, &r, err);
  if (rc != 0)
    return rc;
  if (!r.found || r.is_null || strcmp(r.text, "1") != 0)
    return mysqldrv_fail(conn->host, err, STRATA_ELOCK,
                         "the migration lock '%s' was not held by this "
                         "session, so another runner may have run "
                         "meanwhile; check 'strata status'",
                         name);
  return 0;
}

int mysqldrv_session_lock_holder(struct strata_conn *conn, const char *key,
                                 char *out, size_t size,
                                 struct strata_error *err) {
  char name[LOCK_NAME_MAX + 1];
  struct scalar used;
  lock_name(conn, key, name);
  out[0] = '\0';
  int rc = query_scalar(conn, "SELECT IS_USED_LOCK(?)", name, &used, err);
  if (rc != 0 || !used.found || used.is_null)
    return rc;
  return describe_holder(conn, name, out, size, err);
}
