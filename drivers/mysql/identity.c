/*
 * identity.c - what a session is in, as the server names it: the server
 * and the database (identity() in driver.h).
 *
 * MySQL names itself: server_uuid, drawn at random into its data folder
 * the first time it starts.  MariaDB has no such name; it is its
 * machine's host name, its port and its data folder, which no two servers
 * running at once share, with server_uid (a hash of a network card's
 * address and the port) where it has one (10.6.19 and later).  SHOW
 * VARIABLES lists those the server has, by name, and passes over the
 * others without failing.  A unix socket and TCP read the same values.
 */
#include "mysqldrv.h"

#include <stdio.h>
#include <string.h>

static const char identity_sql[] =
    "SHOW GLOBAL VARIABLES WHERE Variable_name IN "
    "('server_uuid', 'server_uid', 'hostname', 'port', 'datadir'); "
    "SELECT DATABASE()";

struct identity {
  char *out;
  size_t size;
  size_t used;
};

static void append(struct identity *id, const char *text, size_t length) {
  if (id->used < id->size)
    id->used += (size_t)snprintf(id->out + id->used, id->size - id->used,
                                 "%.*s", (int)length, text);
}

/* A variable's row has its name and value; DATABASE()'s row, the one
 * database (NULL when the session has none). */
static int read_row(void *ctx, int columns, const char *const *values,
                    const size_t *lengths) {
  struct identity *id = ctx;
  if (columns == 2) {
    append(id, " ", 1);
    append(id, values[0], lengths[0]);
    append(id, "=", 1);
    append(id, values[1] != NULL ? values[1] : "", lengths[1]);
  } else if (values[0] == NULL) {
    append(id, " no database", strlen(" no database"));
  } else {
    append(id, " database `", strlen(" database `"));
    append(id, values[0], lengths[0]);
    append(id, "`", 1);
  }
  return 0;
}

int mysqldrv_identity(struct strata_conn *conn, char *out, size_t size,
                      struct strata_error *err) {
  struct identity id = {out, size, 0};
  out[0] = '\0';
  append(&id, "mysql", strlen("mysql"));
  return mysqldrv_query(conn, identity_sql, NULL, 0, read_row, &id, err);
}
