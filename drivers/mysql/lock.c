/*
 * lock.c - the migration lock: a named user lock, GET_LOCK().
 *
 * The lock belongs to the session, so the server releases it when the
 * connection ends, however the process holding it died.  Asking with a
 * zero timeout and polling, with an interval that grows to half a second,
 * lets the wait end at any millisecond and tell the user, every few
 * seconds, which connection holds the lock.
 *
 * Lock names are at most 64 characters and are server-wide: the name is
 * "strata:", the database and the core's key, or for a long one its start
 * and a hash of the rest.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mysqldrv.h"

#define LOCK_NAME_MAX 64
#define LOCK_PREFIX "strata:"
#define POLL_FIRST_MS 10
#define POLL_MAX_MS 500
#define NOTICE_EVERY_MS 5000

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

static uint64_t fnv1a(const char *s) {
  uint64_t h = 14695981039346656037ULL;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
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
             (int)(room - 33), scoped, (unsigned long long)fnv1a(db),
             (unsigned long long)fnv1a(key));
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(double ms) {
  struct timespec ts;
  if (ms <= 0)
    return;
  ts.tv_sec = (time_t)(ms / 1000);
  ts.tv_nsec = (long)((ms - (double)ts.tv_sec * 1000) * 1e6);
  nanosleep(&ts, NULL);
}

/* Describes who holds the lock: "connection 42 (app@10.0.0.5:51234,
 * Sleep for 12 s)", or less when the processlist hides the connection. */
static int describe_holder(struct strata_conn *conn, const char *name,
                           char *out, size_t n, struct strata_error *err) {
  struct scalar id, who;
  int rc = query_scalar(conn, "SELECT IS_USED_LOCK(?)", name, &id, err);
  if (rc != 0)
    return rc;
  if (!id.found || id.is_null) {
    snprintf(out, n, "another session, which has just let it go");
    return 0;
  }
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

/* One try: *granted is 1 when this session holds the lock now. */
static int try_lock(struct strata_conn *conn, const char *name, int *granted,
                    struct strata_error *err) {
  struct scalar r;
  int rc = query_scalar(conn, "SELECT GET_LOCK(?, 0)", name, &r, err);
  *granted = 0;
  if (rc != 0)
    return rc;
  if (!r.found || r.is_null)
    return mysqldrv_fail(conn->host, err, STRATA_ELOCK,
                         "the server could not take the migration lock "
                         "'%s'; retry, and if it fails again see the "
                         "server's error log",
                         name);
  *granted = strcmp(r.text, "1") == 0;
  return 0;
}

static int lock_timed_out(struct strata_conn *conn, const char *name,
                          struct strata_error *err) {
  char holder[600]; /* "connection " + two scalars */
  int rc = describe_holder(conn, name, holder, sizeof(holder), err);
  if (rc != 0)
    return rc;
  return mysqldrv_fail(conn->host, err, STRATA_ELOCK,
                       "the migration lock '%s' is held by %s; retry later "
                       "or raise --lock-timeout",
                       name, holder);
}

static int notice_holder(struct strata_conn *conn, const char *name,
                         struct strata_error *err) {
  char holder[600]; /* "connection " + two scalars */
  int rc = describe_holder(conn, name, holder, sizeof(holder), err);
  if (rc == 0)
    conn->host->notice(conn->host->host_ctx,
                       "waiting for the migration lock '%s', held by %s", name,
                       holder);
  return rc;
}

/* A negative timeout waits for as long as it takes. */
int mysqldrv_lock(struct strata_conn *conn, const char *key, int timeout_ms,
                  struct strata_error *err) {
  char name[LOCK_NAME_MAX + 1];
  double start = now_ms(), next_notice = start, interval = POLL_FIRST_MS;
  if (conn->lease)
    return mysqldrv_lease_take(conn, key, timeout_ms, err);
  lock_name(conn, key, name);
  for (;;) {
    int granted, rc = try_lock(conn, name, &granted, err);
    double now = now_ms(), left = start + timeout_ms - now;
    if (rc != 0 || granted)
      return rc;
    if (timeout_ms >= 0 && left <= 0)
      return lock_timed_out(conn, name, err);
    if (now >= next_notice) {
      if ((rc = notice_holder(conn, name, err)) != 0)
        return rc;
      next_notice = now + NOTICE_EVERY_MS;
    }
    sleep_ms(timeout_ms >= 0 && left < interval ? left : interval);
    if ((interval *= 2) > POLL_MAX_MS)
      interval = POLL_MAX_MS;
  }
}

int mysqldrv_unlock(struct strata_conn *conn, const char *key,
                    struct strata_error *err) {
  char name[LOCK_NAME_MAX + 1];
  struct scalar r;
  int rc;
  if (conn->lease)
    return mysqldrv_lease_release(conn, err);
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
