/*
 * lock.c - the migration lock: a session advisory lock, asked for with
 * pg_try_advisory_lock and waited for by common_wait(), never by the
 * blocking pg_advisory_lock (common/lock.c says why).
 *
 * The lock's bigint comes from a stable hash (64-bit FNV-1a) of "strata:",
 * the key and the database, so every strata build agrees on it.
 */
#include "postgres.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct lock_id {
  char value[24]; /* the bigint, as text */
  char high[16];  /* how pg_locks shows it: classid and objid */
  char low[16];
};

static void lock_id_init(struct lock_id *id, const char *key, const char *db) {
  uint64_t h = common_fnv1a(COMMON_FNV1A_BASIS, "strata:");
  h = common_fnv1a(h, key);
  h = common_fnv1a(h, "@");
  h = common_fnv1a(h, db ? db : "");
  snprintf(id->value, sizeof id->value, "%lld", (long long)(int64_t)h);
  snprintf(id->high, sizeof id->high, "%lu", (unsigned long)(h >> 32));
  snprintf(id->low, sizeof id->low, "%lu", (unsigned long)(h & 0xffffffffu));
}

/* The session lock being waited for, for common_wait(). */
struct waiting {
  struct strata_conn *conn;
  struct lock_id id;
};

static int try_lock(void *ctx, int *got, struct strata_error *err) {
  struct waiting *w = ctx;
  const char *params[] = {w->id.value};
  *got = 0;
  return postgres_query(w->conn,
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

void postgres_session_lock_holder(struct strata_conn *conn, const char *key,
                                  char *out, size_t size) {
  struct lock_id id;
  struct holder holder;
  lock_id_init(&id, key, PQdb(conn->pg));
  find_holder(conn, &id, &holder);
  snprintf(out, size, "%s", holder.text);
}

static void describe_holder(void *ctx, char *out, size_t size) {
  struct waiting *w = ctx;
  struct holder holder;
  find_holder(w->conn, &w->id, &holder);
  snprintf(out, size, "%s", holder.text);
}

void postgres_lock_id(const char *key, const char *db, char out[24]) {
  struct lock_id id;
  lock_id_init(&id, key, db);
  memcpy(out, id.value, sizeof id.value);
}

int postgres_lock(struct strata_conn *conn, const char *key, int timeout_ms,
                  struct strata_error *err) {
  if (conn->lease.wanted) {
    /* Its own number: a session lock left on a pooled server connection
     * by a runner without a lease must not block every transaction. */
    struct lock_id xact;
    lock_id_init(&xact, key, "lease");
    memcpy(conn->lease_id, xact.value, sizeof xact.value);
    return common_lease_take(&conn->lease, conn, key, timeout_ms, err);
  }
  struct waiting waiting = {.conn = conn};
  lock_id_init(&waiting.id, key, PQdb(conn->pg));
  const struct common_wait wait = {
      conn->host, "migration lock", "retry later or raise --lock-timeout",
      &waiting,   try_lock,         describe_holder};
  return common_wait(&wait, timeout_ms, err);
}

int postgres_unlock(struct strata_conn *conn, const char *key,
                    struct strata_error *err) {
  if (conn->lease.wanted)
    return common_lease_release(&conn->lease, conn, err);
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
