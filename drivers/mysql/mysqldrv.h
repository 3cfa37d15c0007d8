/*
 * mysqldrv.h - what the files of the MySQL/MariaDB driver share.
 *
 * driver.c holds the table the core loads; conn.c connects; error.c turns
 * client and server errors into strata errors; exec.c runs statements,
 * queries and transactions; lock.c holds the migration lock; database.c
 * creates and drops databases.  introspect*.c describe the live schema
 * from information_schema; render*.c write a model back as DDL;
 * read_rows.c streams a table's rows out for a port.  lexer.c and split.c
 * cut scripts into statements and position.c maps a server's "at line N"
 * back into a statement (split.h); those three need no client library.
 *
 * Symbols shared between files start with mysqldrv_, out of the client
 * library's mysql_ and my_ name spaces.
 */
#ifndef STRATA_DRIVERS_MYSQLDRV_H
#define STRATA_DRIVERS_MYSQLDRV_H

#include <mysql.h>
#include <strata/driver.h>

#include "common.h"
#include "split.h"

struct strata_conn {
  const struct strata_host *host;
  MYSQL *mysql;
  char *database;     /* the database the URL names, or NULL */
  char version[64];   /* "MariaDB 10.11.6" or "MySQL 8.0.36" */
  int in_transaction; /* between begin() and commit() or rollback() */
  /* lease.c: the migration lock as a lease row (Galera). */
  struct common_lease lease;
  /* The session reset after a migration, not sent yet: it goes in the
   * packet of the next query of the core's, or alone before anything else
   * (exec.c). */
  int reset_pending;
  /* load.c: temporary tables made for a port's digests, to name the next;
   * whether LOAD DATA LOCAL INFILE was refused (loads then use INSERT). */
  unsigned port_shadows;
  int no_local_infile;
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

/* identity.c */
int mysqldrv_identity(struct strata_conn *conn, char *out, size_t size,
                      struct strata_error *err);
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
/* Runs sql, statements joined by ";" with no "?" bound, in one round
 * trip: on_row sees the rows of every result in order. */
int mysqldrv_query_batch(struct strata_conn *conn, const char *sql,
                         size_t length, strata_row_fn on_row, void *ctx,
                         struct strata_error *err);
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

/* lock_wait.c: the driver's set_statement_lock_timeout() and
 * describe_lock_holders(). */
int mysqldrv_set_statement_lock_timeout(struct strata_conn *conn,
                                        int timeout_ms,
                                        struct strata_error *err);
int mysqldrv_describe_lock_holders(struct strata_conn *conn, const char *sql,
                                   size_t length, char *out, size_t size,
                                   struct strata_error *err);

/* lease.c: the lease lock (common/lease.c) in MySQL's SQL.  init()
 * readies conn->lease; set_lock_kind() picks the kind; keep() renews a
 * lease when due, outside transactions. */
void mysqldrv_lease_init(struct strata_conn *conn);
int mysqldrv_set_lock_kind(struct strata_conn *conn, const char *kind,
                           int lease_ms, int *is_lease,
                           struct strata_error *err);
int mysqldrv_lease_keep(struct strata_conn *conn, struct strata_error *err);
/* strata unlock: the driver's lock_holder() and clear_lease(). */
int mysqldrv_lock_holder(struct strata_conn *conn, const char *key, char *out,
                         size_t size, int *is_lease, struct strata_error *err);
int mysqldrv_clear_lease(struct strata_conn *conn, const char *key, char *out,
                         size_t size, struct strata_error *err);
/* lock.c: who holds GET_LOCK() for key, or "". */
int mysqldrv_session_lock_holder(struct strata_conn *conn, const char *key,
                                 char *out, size_t size,
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

/* render_text.c: a growing text in malloc()ed memory.  An append that
 * runs out of memory sets failed and is ignored, so a writer checks once
 * at the end. */
struct mysqldrv_text {
  char *data; /* NUL-terminated once anything was appended */
  size_t length;
  size_t size;
  int failed;
};
void mysqldrv_text_append(struct mysqldrv_text *t, const char *s, size_t n);
void mysqldrv_text_puts(struct mysqldrv_text *t, const char *s);
/* An identifier in backticks, a backtick inside doubled. */
void mysqldrv_text_ident(struct mysqldrv_text *t, const char *name);
/* A string literal in single quotes, quotes doubled and backslashes
 * escaped. */
void mysqldrv_text_literal(struct mysqldrv_text *t, const char *s);
void mysqldrv_text_release(struct mysqldrv_text *t);

/* introspect*.c: the passes over information_schema that describe one
 * database, each one query for the whole database. */
struct mysqldrv_catalog {
  struct strata_conn *conn;
  struct strata_schema *schema;
  struct strata_error *err;
  const char *database; /* DATABASE(), in the model's memory */
  /* MySQL rather than MariaDB: it reports literal defaults unquoted and
   * expressions with their quotes backslash-escaped. */
  int mysql;
  int has_index_expression;  /* STATISTICS.EXPRESSION (MySQL 8.0.13+) */
  int has_check_table;       /* CHECK_CONSTRAINTS.TABLE_NAME (MariaDB) */
  int has_check_level;       /* CHECK_CONSTRAINTS.LEVEL (MariaDB 10.5.10+) */
  int has_view_algorithm;    /* VIEWS.ALGORITHM (MariaDB) */
  struct strata_table *last; /* the table the previous row named */
};

int mysqldrv_introspect(struct strata_conn *conn, struct strata_schema *schema,
                        struct strata_error *err);
/* Runs sql with every "?" bound to the database's name. */
int mysqldrv_catalog_query(struct mysqldrv_catalog *cat, const char *sql,
                           strata_row_fn on_row, void *ctx);
/* The model's table of that name, or NULL (a view's columns, a table
 * created since the table pass). */
struct strata_table *mysqldrv_catalog_table(struct mysqldrv_catalog *cat,
                                            const char *name);
/* A copy of value in the model; NULL for NULL, and with *failed set when
 * memory runs out. */
const char *mysqldrv_catalog_text(struct mysqldrv_catalog *cat,
                                  const char *value, size_t length,
                                  int *failed);
/* An expression as the engine would take it back: MySQL's
 * information_schema escapes the quotes inside expressions. */
const char *mysqldrv_catalog_expression(struct mysqldrv_catalog *cat,
                                        const char *value, size_t length,
                                        int *failed);
/* introspect_settings.c: the session a stored program was created under,
 * from the four values information_schema.ROUTINES and TRIGGERS give in
 * this order (SQL_MODE, CHARACTER_SET_CLIENT, COLLATION_CONNECTION,
 * DATABASE_COLLATION), kept until its definition is whole. */
enum mysqldrv_session_value {
  MYSQLDRV_SESSION_SQL_MODE,
  MYSQLDRV_SESSION_CLIENT,
  MYSQLDRV_SESSION_CONNECTION,
  MYSQLDRV_SESSION_DATABASE,
  MYSQLDRV_SESSION_VALUES
};
struct mysqldrv_program_session {
  char *values[MYSQLDRV_SESSION_VALUES];
};
/* Copies the values; 0, or -1 when memory runs out. */
int mysqldrv_session_keep(struct mysqldrv_program_session *s,
                          const char *const *values);
void mysqldrv_session_release(struct mysqldrv_program_session *s);
/* The statements that set a session up as the program's was, for its
 * settings in the model; NULL when the server said nothing of it, or with
 * *failed set when memory runs out. */
const char *mysqldrv_session_settings(struct mysqldrv_catalog *cat,
                                      const struct mysqldrv_program_session *s,
                                      const char *definition, int *failed);
/* Whether the table's default collation, as introspect_tables.c puts it
 * in the table's options, is collation. */
int mysqldrv_table_collation_is(const struct strata_table *t,
                                const char *collation);
/* portable_expr.c: the character a backslash escape stands for (n for a
 * newline), as MySQL's lexer reads it; an unknown escape stands for the
 * character. */
char mysqldrv_unescaped(char c);
/* introspect_defaults.c: fills the column's default from COLUMN_DEFAULT
 * (text, NULL for none), after its type and flags; expression is whether
 * EXTRA says DEFAULT_GENERATED (MySQL). */
int mysqldrv_read_default(struct mysqldrv_catalog *cat, struct strata_column *c,
                          const char *text, int expression);
/* The length of the quoted string at s, and its value unescaped into out
 * (room for length bytes) when out is not NULL: doubled quotes and
 * backslash escapes, as the server writes them. */
size_t mysqldrv_read_quoted(const char *s, size_t length, char *out,
                            size_t *out_length);
/* Reports memory running out; returns STRATA_ENOMEM. */
int mysqldrv_catalog_nomem(struct mysqldrv_catalog *cat);
/* The passes, in the order they run: columns need their tables, the
 * checks their columns (MariaDB's json), and views the names of routines. */
int mysqldrv_read_tables(struct mysqldrv_catalog *cat);
int mysqldrv_read_columns(struct mysqldrv_catalog *cat);
int mysqldrv_read_checks(struct mysqldrv_catalog *cat);
int mysqldrv_read_indexes(struct mysqldrv_catalog *cat);
int mysqldrv_read_foreign_keys(struct mysqldrv_catalog *cat);
int mysqldrv_read_routines(struct mysqldrv_catalog *cat);
/* introspect_exact.c: a stored program's body or a view's SELECT as
 * information_schema gave it, where a 4-byte character is '?'. */
struct mysqldrv_exact {
  const char *kind;  /* FUNCTION, PROCEDURE, TRIGGER or VIEW */
  const char *name;
  const char **text; /* where the reader keeps it, in the model; a view's
                        with its CHECK OPTION */
};
/* The i-th of a reader's texts. */
typedef struct mysqldrv_exact (*mysqldrv_exact_fn)(void *ctx, size_t i);
/* Puts in each of the count texts item() gives that holds a '?' the same
 * text read by SHOW CREATE, in the model, every character whole: one
 * round trip for them all. */
int mysqldrv_read_exact(struct mysqldrv_catalog *cat, mysqldrv_exact_fn item,
                        void *ctx, size_t count);
/* Whether the n bytes at exact say what lossy does, each 4-byte character
 * of exact being one '?' in lossy, or four (one per byte). */
int mysqldrv_same_but_lost(const char *exact, size_t n, const char *lossy);
/* introspect_exact_tables.c: the same for check, generated column and
 * default expressions, by SHOW CREATE TABLE. */
int mysqldrv_read_exact_tables(struct mysqldrv_catalog *cat);
int mysqldrv_read_views(struct mysqldrv_catalog *cat);
int mysqldrv_read_triggers(struct mysqldrv_catalog *cat);

/* render_table.c: each function appends one statement, ";\n" included,
 * or nothing when the table has nothing of the kind. */
/* CREATE TABLE with what parts (enum strata_render_part) asks for inside:
 * keys and checks, indexes, comments. */
void mysqldrv_render_create_table(struct mysqldrv_text *t,
                                  const struct strata_table *tb,
                                  unsigned parts);
/* One column's whole definition, AUTO_INCREMENT and COMMENT included, as
 * MODIFY restates it; no terminator. */
void mysqldrv_render_column(struct mysqldrv_text *t,
                            const struct strata_column *c);
void mysqldrv_render_add_keys(struct mysqldrv_text *t,
                              const struct strata_table *tb);
void mysqldrv_render_add_index(struct mysqldrv_text *t,
                               const struct strata_table *tb,
                               const struct strata_index *ix);
void mysqldrv_render_add_foreign_key(struct mysqldrv_text *t,
                                     const struct strata_table *tb,
                                     const struct strata_foreign_key *fk);
void mysqldrv_render_table_comment(struct mysqldrv_text *t,
                                   const struct strata_table *tb);
void mysqldrv_render_column_comment(struct mysqldrv_text *t,
                                    const struct strata_table *tb,
                                    const struct strata_column *c);
/* CREATE VIEW from the view's own text and options. */
void mysqldrv_render_create_view(struct mysqldrv_text *t,
                                 const struct strata_view *v);
/* A stored program's CREATE (a routine's, a trigger's) between DELIMITER
 * lines, as its body holds semicolons.  With its settings (NULL for none)
 * it is created under them, and the session's own put back after it, as
 * one statement. */
void mysqldrv_render_stored_program(struct mysqldrv_text *t,
                                    const char *settings,
                                    const char *definition);

/* neutral.c: the model in portable terms (driver.h, neutral_form). */
int mysqldrv_neutral_form(const struct strata_host *host,
                          struct strata_schema *schema, unsigned *lacks,
                          struct strata_error *err);

/* portable_expr.c: an expression as portable text (driver.h,
 * portable_expression). */
int mysqldrv_portable_expression(const struct strata_host *host,
                                 const struct strata_schema *schema,
                                 const struct strata_table *table,
                                 enum strata_expression_kind kind,
                                 const char *text, strata_write_fn write,
                                 void *ctx, struct strata_error *err);

/* render_ops.c: portable ops (ops.h) as MySQL statements. */
int mysqldrv_render_ops(const struct strata_host *host,
                        const struct strata_schema *before,
                        const struct strata_schema *after,
                        const struct strata_op *const *ops, size_t op_count,
                        const struct strata_render_options *opt,
                        strata_write_fn write, void *ctx, unsigned *needs,
                        struct strata_error *err);

/* render.c: the driver's render_schema(). */
int mysqldrv_render_schema(const struct strata_host *host,
                           const struct strata_schema *schema, unsigned parts,
                           strata_write_fn write, void *ctx,
                           struct strata_error *err);

/* read_rows.c: the driver's read_rows().  When on_row stops the read,
 * the session is dropped rather than the rest read, and conn can then
 * only be disconnected. */
int mysqldrv_read_rows(struct strata_conn *conn, const char *table,
                       const char *const *columns, size_t column_count,
                       strata_row_fn on_row, void *ctx,
                       struct strata_error *err);
/* read_rows.c: the driver's count_values(), one SELECT of sums. */
int mysqldrv_count_values(struct strata_conn *conn, const char *table,
                          struct strata_value_count *counts, size_t count,
                          struct strata_error *err);

/* load.c: the local-file handler every session has, which sends no file:
 * only a port's load, for its own statement, sends its rows. */
void mysqldrv_refuse_local_files(MYSQL *m);

/* driver.c: the module's one exported symbol. */
int mysqldrv_end_migration(struct strata_conn *conn, struct strata_error *err);
/* conn.c: the statement that puts back the session's settings, and the
 * client-side half of it, to run after that statement. */
extern const char mysqldrv_restore_settings[];
int mysqldrv_pin_charset(struct strata_conn *conn, struct strata_error *err);
const struct strata_plugin *driver_mysql_LTX_strata_plugin_entry(void);

#endif
