/*
 * unlock.c - naming the holder of the migration lock, and clearing a
 * lease a runner left behind.
 */
#include <stddef.h>
#include <string.h>

#include "session.h"
#include "util.h"

static int has_member(const struct strata *s, size_t offset) {
  return s->driver->plugin.struct_size > offset;
}

int strata_lock_holder(struct strata *s, char *out, size_t size, int *is_lease,
                       struct strata_error *err) {
  out[0] = '\0';
  *is_lease = 0;
  strata_error_clear(err);
  if (!has_member(s, offsetof(struct strata_driver, lock_holder)) ||
      s->driver->lock_holder == NULL)
    return strata__error_set(err, STRATA_ENOTSUP,
                             "the %s driver has no migration lock to "
                             "name: runners take turns on the database "
                             "itself",
                             s->driver->plugin.name);
  return s->driver->lock_holder(s->conn, s->table, out, size, is_lease, err);
}

int strata_unlock(struct strata *s, char *out, size_t size,
                  struct strata_error *err) {
  int is_lease = 0;
  int rc = strata_lock_holder(s, out, size, &is_lease, err);
  if (rc != 0 || out[0] == '\0')
    return rc;
  /* A session lock (PostgreSQL, MySQL) ends with its session, SQLite's
   * write lock with its process's transaction: neither can be taken away
   * from here. */
  if (!is_lease)
    return strata__error_set(err, STRATA_ELOCK,
                             "the migration lock is held by %s, and not as "
                             "a lease: it ends only when that holder's "
                             "session or transaction ends; stop that "
                             "runner, or end its session on the server",
                             out);
  if (!has_member(s, offsetof(struct strata_driver, clear_lease)) ||
      s->driver->clear_lease == NULL)
    return strata__error_set(err, STRATA_ENOTSUP,
                             "the %s driver cannot clear a lease",
                             s->driver->plugin.name);
  return s->driver->clear_lease(s->conn, s->table, out, size, err);
}
