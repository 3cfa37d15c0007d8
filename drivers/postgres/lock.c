/*
 * lock.c - the migration lock: a session advisory lock.
 *
 * The lock is taken by polling pg_try_advisory_lock, never by the blocking
 * pg_advisory_lock: a runner blocked on the lock inside the server would
 * keep CREATE INDEX CONCURRENTLY in another session waiting for it, and
 * that session holds the lock.  Polling also lets the user hear, while
 * waiting, which backend holds the lock.
 *
 * The lock's bigint comes from a stable hash (64-bit FNV-1a) of "strata:",
 * the key and the database, so every strata build agrees on it.
 */
#include "postgres.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define FIRST_POLL_MS 10
#define LAST_POLL_MS 500
#define REPORT_EVERY_MS 5000

struct lock_id {
  char value[24]; /* the bigint, as text */
  char high[16];  /* how pg_locks shows it: classid and objid */
  char low[16];
};

static void hash_text(uint64_t *h, const char *s) {
  for (; *s != '\0'; s++) {
    *h ^= (unsigned char)*s;
    *h *= UINT64_C(1099511628211);
  }
}

static void lock_id_init(struct lock_id *id, const char *key, const char *db) {
  uint64_t h = UINT64_C(14695981039346656037);
  hash_text(&h, "strata:");
  hash_text(&h, key);
  hash_text(&h, "@");
  hash_text(&h, db ? db : "");
  snprintf(id->value, sizeof id->value, "%lld", (long long)(int64_t)h);
  snprintf(id->high, sizeof id->high, "%lu", (unsigned long)(h >> 32));
  snprintf(id->low, sizeof id->low, "%lu", (unsigned long)(h & 0xffffffffu));
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static void sleep_ms(double ms) {
  long whole = (long)ms;
  struct timespec t = {(time_t)(whole / 1000), (whole % 1000) * 1000000L};
  nanosleep(&t, NULL);
}

static int try_lock(struct strata_conn *conn, const struct lock_id *id,
                    int *got, struct strata_error *err) {
  const char *params[] = {id->value};
  *got = 0;
  return postgres_query(conn,
                        "SELECT pg_catalog.pg_try_advisory_lock(?::bigint)",
                        params, 1, postgres_read_bool, got, err);
}

struct holder {
  char text[256];
};

static int read_holder(void *ctx, int columns, const char *const *values,
                       const size_t *lengths) {
  (void)lengths;
  struct holder *h = ctx;
  if (columns != 3 || values[0] == NULL)
    return 0;
  const char *app = values[1] ? values[1] : "";
  const char *since = values[2] ? values[2] : "";
  snprintf(h->text, sizeof h->text, "pid %s%s%s%s%s%s", values[0],
           *app ? " (" : "", app, *app ? ")" : "", *since ? " since " : "",
           since);
  return 0;
}

/* Who holds the lock, as "pid 1234 (strata) since 2025-01-08T10:00:00Z":
 * the backend's start, the earliest it can have taken a session lock; ""
 * when nobody does. */
static void find_holder(struct strata_conn *conn, const struct lock_id *id,
                        struct holder *out) {
  const char *params[] = {id->high, id->low};
  struct strata_error ignored;
  out->text[0] = '\0';
  postgres_query(
      conn,
      "SELECT l.pid, a.application_name, "
      "pg_catalog.to_char(a.backend_start AT TIME ZONE 'UTC', "
      "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
      "FROM pg_catalog.pg_locks l "
      "LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
      "AND l.database = (SELECT oid FROM pg_catalog.pg_database "
      "WHERE datname = pg_catalog.current_database()) "
      "AND l.classid = ? AND l.objid = ? LIMIT 1",
      params, 2, read_holder, out, &ignored);
}

static void describe_holder(struct strata_conn *conn, const struct lock_id *id,
                            struct holder *out) {
  find_holder(conn, id, out);
  if (out->text[0] == '\0')
    snprintf(out->text, sizeof out->text, "another session");
}

void postgres_session_lock_holder(struct strata_conn *conn, const char *key,
                                  char *out, size_t size) {
  struct lock_id id;
  struct holder holder;
  lock_id_init(&id, key, PQdb(conn->pg));
  find_holder(conn, &id, &holder);
  snprintf(out, size, "%s", holder.text);
}

static void report_holder(struct strata_conn *conn, const struct lock_id *id) {
  struct holder holder;
  if (conn->host == NULL || conn->host->notice == NULL)
    return;
  describe_holder(conn, id, &holder);
  conn->host->notice(conn->host->host_ctx,
                     "waiting for the migration lock: held by %s", holder.text);
}

static int give_up(struct strata_conn *conn, const struct lock_id *id,
                   int timeout_ms, struct strata_error *err) {
  struct holder holder;
  describe_holder(conn, id, &holder);
  return postgres_error_set(err, STRATA_ELOCK,
                            "could not take the migration lock within %g s: "
                            "held by %s; retry later or raise --lock-timeout",
                            timeout_ms / 1000.0, holder.text);
}

void postgres_lock_id(const char *key, const char *db, char out[24]) {
  struct lock_id id;
  lock_id_init(&id, key, db);
  memcpy(out, id.value, sizeof id.value);
}

int postgres_lock(struct strata_conn *conn, const char *key, int timeout_ms,
                  struct strata_error *err) {
  struct lock_id id;
  lock_id_init(&id, key, PQdb(conn->pg));
  if (conn->lease) {
    /* Its own number: a session lock left on a pooled server connection
     * by a runner without a lease must not block every transaction. */
    struct lock_id xact;
    lock_id_init(&xact, key, "lease");
    memcpy(conn->lease_id, xact.value, sizeof xact.value);
    return postgres_lease_take(conn, key, timeout_ms, err);
  }
  double start = now_ms(), next_report = start;
  double interval = FIRST_POLL_MS;
  for (;;) {
    int got;
    int rc = try_lock(conn, &id, &got, err);
    if (rc != 0 || got)
      return rc;
    double now = now_ms(), left = start + timeout_ms - now;
    if (timeout_ms >= 0 && left <= 0)
      return give_up(conn, &id, timeout_ms, err);
    if (now >= next_report) {
      report_holder(conn, &id);
      next_report = now + REPORT_EVERY_MS;
    }
    sleep_ms(timeout_ms >= 0 && left < interval ? left : interval);
    interval = interval * 2 < LAST_POLL_MS ? interval * 2 : LAST_POLL_MS;
  }
}

int postgres_unlock(struct strata_conn *conn, const char *key,
                    struct strata_error *err) {
  if (conn->lease)
    return postgres_lease_release(conn, err);
  struct lock_id id;
  lock_id_init(&id, key, PQdb(conn->pg));
  const char *params[] = {id.value};
  int released = 0;
  int rc =
      postgres_query(conn, "SELECT pg_catalog.pg_advisory_unlock(?::bigint)",
                     params, 1, postgres_read_bool, &released, err);
  if (rc == 0 && !released)
    rc = postgres_error_set(err, STRATA_ELOCK,
                            "could not release the migration lock: this "
                            "session did not hold it, so another runner may "
                            "have run meanwhile; check 'strata status'");
  return rc;
}
