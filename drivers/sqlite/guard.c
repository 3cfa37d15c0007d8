/*
 * guard.c - foreign keys off around a migration that rebuilds or drops a
 * table.
 *
 * With foreign keys on, DROP TABLE deletes the table's rows first and
 * every ON DELETE CASCADE or SET NULL in its children fires: a rebuild
 * would empty the children.  PRAGMA foreign_keys does nothing inside a
 * transaction, so it is turned off before BEGIN and restored after the
 * transaction ends, whatever happened; PRAGMA foreign_key_check before
 * COMMIT (the driver's check_before_commit, shared with migrations that
 * turn foreign keys off themselves) fails the migration on any row the
 * change left dangling, so nothing is committed that enforcement would
 * have refused.
 */
#include "sqlite_ops.h"

#include <string.h>

static int read_flag(void *ctx, int columns, const char *const *values,
                     const size_t *lengths) {
  *(int *)ctx = columns > 0 && values[0] && strcmp(values[0], "1") == 0;
  return 0;
}

int sqlite_guard(struct strata_conn *conn, enum strata_guard_step step,
                 unsigned needs, struct strata_error *err) {
  if (!(needs & STRATA_NEED_FOREIGN_KEYS_OFF))
    return 0;
  static const char off[] = "PRAGMA foreign_keys = OFF";
  static const char on[] = "PRAGMA foreign_keys = ON";
  int rc;
  switch (step) {
  case STRATA_GUARD_BEFORE_BEGIN:
    rc = sqlite_conn_query(conn, "PRAGMA foreign_keys", NULL, 0, read_flag,
                           &conn->foreign_keys_were_on, err);
    return rc ? rc : sqlite_conn_exec(conn, off, sizeof off - 1, err);
  case STRATA_GUARD_BEFORE_COMMIT:
    return conn->foreign_keys_were_on
               ? sqlite_conn_check_before_commit(conn, err)
               : 0;
  default:
    return conn->foreign_keys_were_on
               ? sqlite_conn_exec(conn, on, sizeof on - 1, err)
               : 0;
  }
}
