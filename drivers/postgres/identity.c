/*
 * identity.c - what a session is in, as the server names it: the
 * cluster, the database and the schema (identity() in driver.h).
 *
 * A cluster is its system identifier, which initdb draws at random and
 * every physical standby of it shares, so a standby and its primary are
 * one database, as they are for a port.  Any role may read it, unless
 * EXECUTE on pg_control_system() was revoked (data_directory, the other
 * mark of a cluster, only superusers and pg_read_all_settings may read);
 * then the postmaster's start time to the microsecond, which two running
 * clusters do not share, stands in.  The schema is the one the session
 * creates in, or, while its search_path names none that exists, that
 * path.
 */
#include "postgres.h"

#include <stdio.h>
#include <string.h>

#define SESSION_PART                                                          \
  " || ' database ' || pg_catalog.quote_ident(pg_catalog.current_database())" \
  " || COALESCE(' schema ' ||"                                                \
  " pg_catalog.quote_ident(pg_catalog.current_schema()),"                     \
  " ' search_path ' || pg_catalog.current_setting('search_path'))"

static const char by_system_identifier[] =
    "SELECT 'postgres cluster ' || system_identifier" SESSION_PART
    " FROM pg_catalog.pg_control_system()";

static const char by_start_time[] =
    "SELECT 'postgres started ' ||"
    " EXTRACT(epoch FROM pg_catalog.pg_postmaster_start_time())" SESSION_PART;

struct identity {
  char *out;
  size_t size;
};

static int read_identity(void *ctx, int columns, const char *const *values,
                         const size_t *lengths) {
  struct identity *id = ctx;
  (void)columns;
  snprintf(id->out, id->size, "%.*s", (int)lengths[0],
           values[0] != NULL ? values[0] : "");
  return 0;
}

int postgres_identity(struct strata_conn *conn, char *out, size_t size,
                      struct strata_error *err) {
  struct identity id = {out, size};
  out[0] = '\0';
  int rc = postgres_query(conn, by_system_identifier, NULL, 0, read_identity,
                          &id, err);
  if (rc == STRATA_ESQL) {
    memset(err, 0, sizeof *err);
    rc = postgres_query(conn, by_start_time, NULL, 0, read_identity, &id, err);
  }
  return rc;
}
