/*
 * mysqldrv.h - what the files of the MySQL/MariaDB driver share.
 *
 * driver.c holds the table the core loads; conn.c connects; error.c turns
 * client and server errors into strata errors; exec.c runs statements,
 * queries and transactions; lock.c holds the migration lock; database.c
 * creates and drops databases.  lexer.c and split.c cut scripts into
 * statements and position.c maps a server's "at line N" back into a
 * statement (split.h); those three need no client library.
 *
 * Symbols shared between files start with mysqldrv_, out of the client
 * library's mysql_ and my_ name spaces.
 */
#ifndef STRATA_DRIVERS_MYSQLDRV_H
#define STRATA_DRIVERS_MYSQLDRV_H

#include <mysql.h>
#include <strata/driver.h>

#include "split.h"

struct strata_conn {
  const struct strata_host *host;
  MYSQL *mysql;
  char *database;   /* the database the URL names, or NULL */
  char version[64]; /* "MariaDB 10.11.6" or "MySQL 8.0.36" */
};

/* error.c.  mysqldrv_fail() sets err to code and the formatted message,
 * through the host, with no SQLSTATE and no offset; returns code. */
int mysqldrv_fail(const struct strata_host *host, struct strata_error *err,
                  int code, const char *fmt, ...) MYSQLDRV_PRINTF(4, 5);
/* Reports a failed mysql_real_connect() on m to the server redacted names,
 * for database dbname (NULL: none), and returns the strata code chosen:
 * STRATA_ECONNECT for an unreachable server, STRATA_EAUTH for a refused
 * login, STRATA_ENOTFOUND for an unknown database. */
int mysqldrv_connect_error(const struct strata_host *host, MYSQL *m,
                           const char *redacted, const char *dbname,
                           struct strata_error *err);
/* Reports the last error on m as "ERROR 1064 (42000): ...", with
 * err->sqlstate; STRATA_ECONNECT when the connection is lost, else
 * STRATA_ESQL.  When sql is not NULL, err->offset is where in those len
 * bytes the server's "at line N" points, else -1. */
int mysqldrv_server_error(const struct strata_host *host, MYSQL *m,
                          const char *sql, size_t len,
                          struct strata_error *err);

/* conn.c */
int mysqldrv_connect(const struct strata_host *host,
                     const struct strata_url *url, struct strata_conn **out,
                     struct strata_error *err);
void mysqldrv_disconnect(struct strata_conn *conn);
const char *mysqldrv_server_version(struct strata_conn *conn);
/* Opens a session to the server the URL names, in database dbname (NULL:
 * none selected), with the URL's options, utf8mb4, and UTC timestamps. */
int mysqldrv_open(const struct strata_host *host, const struct strata_url *url,
                  const char *dbname, MYSQL **out, struct strata_error *err);
/* The database the URL's path names, or NULL.  *out is malloc()ed. */
int mysqldrv_url_database(const struct strata_host *host,
                          const struct strata_url *url, char **out,
                          struct strata_error *err);

/* exec.c */
int mysqldrv_exec(struct strata_conn *conn, const char *sql, size_t length,
                  struct strata_error *err);
int mysqldrv_query(struct strata_conn *conn, const char *sql,
                   const char *const *params, int param_count,
                   strata_row_fn on_row, void *ctx, struct strata_error *err);
int mysqldrv_query_then_exec(struct strata_conn *conn, const char *query,
                             const char *const *params, int param_count,
                             const char *sql, size_t length, int *query_failed,
                             struct strata_error *err);
int mysqldrv_begin(struct strata_conn *conn, struct strata_error *err);
int mysqldrv_commit(struct strata_conn *conn, struct strata_error *err);
int mysqldrv_rollback(struct strata_conn *conn, struct strata_error *err);
int mysqldrv_table_exists(struct strata_conn *conn, const char *table,
                          int *exists, struct strata_error *err);
/* Runs a query on m and hands each row of its result to on_row. */
int mysqldrv_run(const struct strata_host *host, MYSQL *m, const char *sql,
                 size_t length, strata_row_fn on_row, void *ctx,
                 struct strata_error *err);

/* lock.c */
int mysqldrv_lock(struct strata_conn *conn, const char *key, int timeout_ms,
                  struct strata_error *err);
int mysqldrv_unlock(struct strata_conn *conn, const char *key,
                    struct strata_error *err);

/* database.c */
int mysqldrv_create_database(const struct strata_host *host,
                             const struct strata_url *url,
                             struct strata_error *err);
int mysqldrv_drop_database(const struct strata_host *host,
                           const struct strata_url *url,
                           struct strata_error *err);

/* driver.c: the module's one exported symbol. */
const struct strata_plugin *driver_mysql_LTX_strata_plugin_entry(void);

#endif
