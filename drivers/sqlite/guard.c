/*
 * guard.c - foreign keys off around a migration that rebuilds or drops a
 * table.
 *
 * With foreign keys on, DROP TABLE deletes the table's rows first and
 * every ON DELETE CASCADE or SET NULL in its children fires: a rebuild
 * would empty the children.  PRAGMA foreign_keys does nothing inside a
 * transaction, so it is turned off before BEGIN and restored after the
 * transaction ends, whatever happened; PRAGMA foreign_key_check before
 * COMMIT fails the migration on any row the change left dangling, so
 * nothing is committed that enforcement would have refused.
 */
#include "sqlite_ops.h"

#include <stdio.h>
#include <string.h>

#define VIOLATIONS_SHOWN 5

static int read_flag(void *ctx, int columns, const char *const *values,
                     const size_t *lengths) {
  *(int *)ctx = columns > 0 && values[0] && strcmp(values[0], "1") == 0;
  return 0;
}

struct violations {
  char text[768];
  size_t used;
  long count;
};

/* foreign_key_check rows: table, rowid, parent, fkid. */
static int note_violation(void *ctx, int columns, const char *const *values,
                          const size_t *lengths) {
  struct violations *v = ctx;
  if (v->count++ < VIOLATIONS_SHOWN && columns >= 3 &&
      v->used < sizeof v->text) {
    int n = snprintf(v->text + v->used, sizeof v->text - v->used,
                     "%srow %s of %s references a missing row of %s",
                     v->used ? "; " : "", values[1] ? values[1] : "?",
                     values[0] ? values[0] : "?", values[2] ? values[2] : "?");
    if (n > 0)
      v->used += (size_t)n;
  }
  return 0;
}

static int check_foreign_keys(struct strata_conn *conn,
                              struct strata_error *err) {
  struct violations v = {.used = 0};
  int rc = sqlite_conn_query(conn, "PRAGMA foreign_key_check", NULL, 0,
                             note_violation, &v, err);
  if (rc != 0 || v.count == 0)
    return rc;
  return conn->host->error_set(
      err, STRATA_ESQL,
      "%ld foreign key violation%s after the change (%s%s): fix the rows or "
      "the migration",
      v.count, v.count == 1 ? "" : "s", v.text,
      v.count > VIOLATIONS_SHOWN ? "; ..." : "");
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
    return conn->foreign_keys_were_on ? check_foreign_keys(conn, err) : 0;
  default:
    return conn->foreign_keys_were_on
               ? sqlite_conn_exec(conn, on, sizeof on - 1, err)
               : 0;
  }
}
