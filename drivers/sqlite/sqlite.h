/*
 * sqlite.h - what the files of the SQLite driver share.
 *
 * driver.c holds the table the core loads; target.c reads the URL; conn.c
 * opens and closes a database; exec.c runs statements, queries and
 * transactions; error.c turns SQLite's result codes into strata errors;
 * file.c creates and drops database files; split.c splits scripts.
 */
#ifndef STRATA_DRIVERS_SQLITE_H
#define STRATA_DRIVERS_SQLITE_H

#include <sqlite3.h>
#include <strata/driver.h>

/* How long a statement waits for another process's lock before it fails,
 * until the core asks for another timeout through lock(). */
#define STRATA_SQLITE_BUSY_TIMEOUT_MS 60000

/* The database a URL names.  path is borrowed from the URL. */
struct sqlite_target {
  const char *path; /* a file name, or ":memory:" */
  int open_flags;   /* SQLITE_OPEN_* for sqlite3_open_v2 */
  int in_memory;
};

struct strata_conn {
  const struct strata_host *host;
  sqlite3 *db;
  char *path;          /* the database as the URL named it, for messages */
  int read_only;       /* opened with ?mode=ro */
  int busy_timeout_ms; /* what sqlite3_busy_timeout() was last given */
  char version[32];    /* "SQLite 3.x.y" */
};

/* target.c */
int sqlite_target_parse(const struct strata_host *host,
                        const struct strata_url *url, struct sqlite_target *out,
                        struct strata_error *err);
int sqlite_target_missing_folder(const struct strata_host *host,
                                 const char *path, const char *action,
                                 struct strata_error *err);

/* conn.c */
int sqlite_conn_open(const struct strata_host *host,
                     const struct strata_url *url, struct strata_conn **out,
                     struct strata_error *err);
void sqlite_conn_close(struct strata_conn *conn);
int sqlite_conn_lock(struct strata_conn *conn, const char *key, int timeout_ms,
                     struct strata_error *err);
int sqlite_conn_unlock(struct strata_conn *conn, const char *key,
                       struct strata_error *err);
const char *sqlite_conn_version(struct strata_conn *conn);

/* exec.c */
int sqlite_conn_exec(struct strata_conn *conn, const char *sql, size_t length,
                     struct strata_error *err);
int sqlite_conn_query(struct strata_conn *conn, const char *sql,
                      const char *const *params, int param_count,
                      strata_row_fn on_row, void *ctx,
                      struct strata_error *err);
int sqlite_conn_begin(struct strata_conn *conn, struct strata_error *err);
int sqlite_conn_commit(struct strata_conn *conn, struct strata_error *err);
int sqlite_conn_rollback(struct strata_conn *conn, struct strata_error *err);
int sqlite_conn_table_exists(struct strata_conn *conn, const char *table,
                             int *exists, struct strata_error *err);

/* error.c: reports the connection's last error, whose result code is rc,
 * and returns the strata code chosen.  err->offset is left at -1. */
int sqlite_conn_fail(struct strata_conn *conn, int rc,
                     struct strata_error *err);

/* file.c */
int sqlite_file_create(const struct strata_host *host,
                       const struct strata_url *url, struct strata_error *err);
int sqlite_file_drop(const struct strata_host *host,
                     const struct strata_url *url, struct strata_error *err);

/* split.c */
int sqlite_script_split(const char *script, size_t length,
                        strata_statement_fn emit, void *ctx,
                        struct strata_error *err);

/* driver.c: the module's one exported symbol. */
const struct strata_plugin *driver_sqlite_LTX_strata_plugin_entry(void);

#endif
