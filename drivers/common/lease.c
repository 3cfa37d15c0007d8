/*
 * lease.c - the migration lock as a lease: a row of the table <key>_lock
 * naming its owner, for where a session lock protects nothing (behind a
 * transaction pooler, whose sessions change hands between transactions)
 * or is not shared (a Galera cluster, whose nodes each grant their own).
 *
 * The row is taken only where it is absent or expired.  Its owner renews
 * it between statements whenever a third of its life has passed; a holder
 * that crashed stops renewing and its lease expires.  The engine's SQL
 * lives in the driver, behind struct common_lease_ops.
 */
#include "common.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_LEASE_MS 30000

/* A token no other runner has: 16 random hex digits. */
static void make_owner(char out[COMMON_OWNER_SIZE]) {
  uint64_t r = 0;
  int fd = open("/dev/urandom", O_RDONLY);
  if (fd < 0 || read(fd, &r, sizeof r) != (ssize_t)sizeof r)
    r = (uint64_t)getpid() * 2654435761u ^ (uint64_t)time(NULL);
  if (fd >= 0)
    close(fd);
  snprintf(out, COMMON_OWNER_SIZE, "%016llx", (unsigned long long)r);
}

static void name(struct common_lease *l, const char *key) {
  snprintf(l->table, sizeof l->table, "%s_lock", key);
  snprintf(l->key, sizeof l->key, "%s", key);
}

int common_lease_choose(struct common_lease *l, struct strata_conn *conn,
                        const char *kind, int lease_ms,
                        int (*automatic)(struct strata_conn *conn, int *lease,
                                         struct strata_error *err),
                        int *is_lease, struct strata_error *err) {
  int rc = 0;
  *is_lease = 0;
  if (strcmp(kind, "lease") == 0)
    l->wanted = 1;
  else if (strcmp(kind, "session") == 0)
    l->wanted = 0;
  else if (strcmp(kind, "auto") == 0)
    rc = automatic(conn, &l->wanted, err);
  else
    return l->host->error_set(err, STRATA_EINVAL,
                              "invalid value '%s' for 'lock': expected auto, "
                              "session or lease",
                              kind);
  l->ms = lease_ms > 0 ? lease_ms : DEFAULT_LEASE_MS;
  *is_lease = l->wanted;
  return rc;
}

/* What common_wait() hands back to the callbacks below. */
struct taking {
  const struct common_lease *lease;
  struct strata_conn *conn;
};

static int try_take(void *ctx, int *got, struct strata_error *err) {
  const struct taking *t = ctx;
  return t->lease->ops->try_take(t->conn, got, err);
}

static void describe(void *ctx, char *out, size_t size) {
  const struct taking *t = ctx;
  t->lease->ops->describe(t->conn, out, size);
}

int common_lease_take(struct common_lease *l, struct strata_conn *conn,
                      const char *key, int timeout_ms,
                      struct strata_error *err) {
  struct taking taking = {l, conn};
  const struct common_wait wait = {
      l->host,
      "migration lease",
      "retry later, raise --lock-timeout, or clear a stuck lease with "
      "'strata unlock'",
      &taking,
      try_take,
      describe};
  name(l, key);
  make_owner(l->owner);
  int rc = l->ops->create_table(conn, err);
  if (rc == 0)
    rc = common_wait(&wait, timeout_ms, err);
  l->held = rc == 0;
  if (l->held)
    l->renewed_ms = common_now_ms();
  return rc;
}

int common_lease_keep(struct common_lease *l, struct strata_conn *conn,
                      struct strata_error *err) {
  if (!l->held || l->ops->in_transaction(conn) ||
      common_now_ms() - l->renewed_ms < l->ms / 3.0)
    return 0;
  int rows = 0, rc = l->ops->renew(conn, &rows, err);
  if (rc == 0 && rows != 1) {
    l->held = 0;
    return l->host->error_set(err, STRATA_ELOCK,
                              "lost the migration lease: it expired and "
                              "another runner took it, or 'strata unlock' "
                              "cleared it; raise lock_lease above the "
                              "longest migration, then run again");
  }
  l->renewed_ms = common_now_ms();
  return rc;
}

int common_lease_release(struct common_lease *l, struct strata_conn *conn,
                         struct strata_error *err) {
  int held = l->held, rows = 0;
  l->held = 0;
  int rc = l->ops->remove(conn, 1, &rows, err);
  if (rc == 0 && (rows != 1 || !held))
    rc = l->host->error_set(err, STRATA_ELOCK,
                            "could not release the migration lease: this "
                            "runner no longer held it, so another may have "
                            "run meanwhile; check 'strata status', and raise "
                            "lock_lease above the longest migration");
  return rc;
}

/* The lease row for key, described, into out; "" when there is none. */
static int lease_row(struct common_lease *l, struct strata_conn *conn,
                     const char *key, char *out, size_t size,
                     struct strata_error *err) {
  int found = 0;
  name(l, key);
  out[0] = '\0';
  int rc = l->ops->find(conn, &found, err);
  if (rc == 0 && found)
    l->ops->describe(conn, out, size);
  return rc;
}

int common_lock_holder(struct common_lease *l, struct strata_conn *conn,
                       const char *key, char *out, size_t size, int *is_lease,
                       struct strata_error *err) {
  int rc = lease_row(l, conn, key, out, size, err);
  *is_lease = rc == 0 && out[0] != '\0';
  if (rc == 0 && !*is_lease)
    rc = l->ops->session_holder(conn, key, out, size, err);
  return rc;
}

int common_lease_clear(struct common_lease *l, struct strata_conn *conn,
                       const char *key, char *out, size_t size,
                       struct strata_error *err) {
  int rc = lease_row(l, conn, key, out, size, err);
  if (rc != 0 || out[0] == '\0')
    return rc;
  int rows = 0;
  return l->ops->remove(conn, 0, &rows, err);
}
