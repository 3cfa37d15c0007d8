/*
 * postgres.h - what the files of the PostgreSQL driver share.
 *
 * driver.c holds the table the core loads; error.c fills strata errors;
 * scan.c runs the server's own lexer (libpg_query) over a script; split.c
 * cuts a script into statements from those tokens; conn.c connects;
 * exec.c runs statements, queries and transactions; copy.c feeds a psql
 * COPY ... FROM stdin block through the COPY protocol; lock.c holds the
 * migration lock; database.c creates and drops databases.  introspect*.c
 * describe the live schema as a model (schema.h), and render*.c write a
 * model back as canonical DDL; render_port*.c write another engine's
 * model as PostgreSQL, and load*.c (load.h) carry a port's rows;
 * portable_expr.c writes this engine's expressions as portable text for
 * a port to another engine.
 */
#ifndef STRATA_DRIVERS_POSTGRES_H
#define STRATA_DRIVERS_POSTGRES_H

#include <libpq-fe.h>
#include <stddef.h>
#include <strata/driver.h>

#include "common.h"

#if defined(__GNUC__)
#define POSTGRES_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define POSTGRES_PRINTF(f, a)
#endif

struct strata_conn {
  const struct strata_host *host;
  PGconn *pg;
  char version[32]; /* "PostgreSQL 15.4" */
  /* The URL's search_path as strata set it, run again after each
   * migration; "" when the URL names none. */
  char search_path_sql[1024];
  /* A pooler (pgbouncer) sits between: the server's port is not the one
   * dialled, and a session does not outlive a transaction. */
  int pooled;
  int statement_lock_timeout_ms; /* lock_wait.c; 0: the server's */
  /* lease.c: the migration lock as a lease row. */
  struct common_lease lease;
  char lease_id[24]; /* the advisory lock each transaction takes */
  /* The session reset after a migration, not sent yet: it goes ahead of
   * the next statement or query, in the query's round trip (exec.c). */
  int reset_pending;
  /* The history row a migration's transaction ends with, sent in a
   * pipeline whose results are not read yet: commit() sends COMMIT behind
   * it in the same round trip; any other call reads them first
   * (exec.c). */
  int write_unread;
};

/* error.c: the driver fills errors itself, because split() runs with no
 * host.  postgres_error_set() empties err (which may be NULL), sets code and
 * the formatted one-line message, and returns code. */
int postgres_error_set(struct strata_error *err, int code, const char *fmt, ...)
    POSTGRES_PRINTF(3, 4);
/* Appends one line to err->detail. */
void postgres_error_detail(struct strata_error *err, const char *fmt, ...)
    POSTGRES_PRINTF(2, 3);
/* msg without libpq's "FATAL:  " (or other severity) prefix. */
const char *postgres_skip_severity(const char *msg);
/* The byte offset of the character at 0-based index chars in the UTF-8
 * text s of len bytes (len when the text is shorter). */
size_t postgres_utf8_offset(const char *s, size_t len, long chars);

/* scan.c: the tokens PostgreSQL's lexer finds in a script. */
enum postgres_token_kind {
  POSTGRES_TOKEN_SEMICOLON = ';',
  POSTGRES_TOKEN_OPEN_PAREN = '(',
  POSTGRES_TOKEN_CLOSE_PAREN = ')',
  POSTGRES_TOKEN_IDENT = 258,
  POSTGRES_TOKEN_SQL_COMMENT = 275,
  POSTGRES_TOKEN_C_COMMENT = 276
};

struct postgres_token {
  size_t start; /* byte offsets into the text scanned */
  size_t end;
  int kind;    /* libpg_query's token number (pg_query.proto) */
  int keyword; /* non-zero for a keyword */
};

struct postgres_tokens {
  struct postgres_token *items;
  size_t count;
};

/* Scans the len bytes at text.  On a lexical error (an unterminated string,
 * comment or dollar quote) returns STRATA_ESQL with err->offset at the
 * problem, relative to text. */
int postgres_scan(const char *text, size_t len, struct postgres_tokens *out,
                  struct strata_error *err);
void postgres_tokens_release(struct postgres_tokens *toks);

/* split.c: a statement as split() finds it, and for a psql COPY ... FROM
 * stdin block, where its command and its data lie.  Offsets are relative
 * to the script split. */
struct postgres_statement {
  struct strata_statement range;
  int is_copy_block;
  size_t command_length; /* the COPY command, from range.offset */
  size_t data_offset;    /* the rows, up to the "\." line */
  size_t data_length;
};

typedef int (*postgres_statement_fn)(void *ctx,
                                     const struct postgres_statement *stmt);

int postgres_split_statements(const char *script, size_t length,
                              postgres_statement_fn emit, void *ctx,
                              struct strata_error *err);
/* The driver's split(). */
int postgres_split(const char *script, size_t length, strata_statement_fn emit,
                   void *ctx, struct strata_error *err);
/* Whether the statement sql (as split() delimited it) is a COPY ... FROM
 * stdin block: 1 with *out filled, 0, or a negative code. */
int postgres_copy_block(const char *sql, size_t length,
                        struct postgres_statement *out,
                        struct strata_error *err);

/* conn.c */
int postgres_connect(const struct strata_host *host,
                     const struct strata_url *url, struct strata_conn **out,
                     struct strata_error *err);
void postgres_disconnect(struct strata_conn *conn);
const char *postgres_server_version(struct strata_conn *conn);

/* identity.c */
int postgres_identity(struct strata_conn *conn, char *out, size_t size,
                      struct strata_error *err);
/* Opens a libpq connection to the server the URL names, to database dbname
 * instead of the URL's when dbname is not NULL. */
int postgres_open(const struct strata_url *url, const char *dbname,
                  PGconn **out, struct strata_error *err);
/* The database a URL names: its path without the '/', or its dbname
 * parameter; "" when it names none. */
const char *postgres_url_dbname(const struct strata_url *url);
/* Quotes name as an SQL identifier into *out (free() it). */
int postgres_quote_ident(PGconn *pg, const char *name, char **out,
                         struct strata_error *err);

/* exec.c */
int postgres_exec(struct strata_conn *conn, const char *sql, size_t length,
                  struct strata_error *err);
int postgres_query(struct strata_conn *conn, const char *sql,
                   const char *const *params, int param_count,
                   strata_row_fn on_row, void *ctx, struct strata_error *err);
int postgres_begin(struct strata_conn *conn, struct strata_error *err);
int postgres_commit(struct strata_conn *conn, struct strata_error *err);
int postgres_rollback(struct strata_conn *conn, struct strata_error *err);
int postgres_table_exists(struct strata_conn *conn, const char *table,
                          int *exists, struct strata_error *err);
/* A row handler for a query of one boolean: *(int *)ctx is whether it is
 * true. */
int postgres_read_bool(void *ctx, int columns, const char *const *values,
                       const size_t *lengths);
/* Reports a failed result (res may be NULL) of a statement sent as sql:
 * server message, SQLSTATE, detail and hint, err->offset in bytes into sql,
 * or a lost connection as STRATA_ECONNECT. */
int postgres_result_error(PGconn *pg, const PGresult *res, const char *sql,
                          size_t length, struct strata_error *err);

/* copy.c: runs a COPY ... FROM stdin block found by postgres_copy_block,
 * with err->offset on the row the server blamed. */
int postgres_copy_in(struct strata_conn *conn, const char *sql,
                     const struct postgres_statement *block,
                     struct strata_error *err);
/* Ends a COPY that a statement with no rows of its own started (status
 * PGRES_COPY_IN or PGRES_COPY_OUT): a COPY FROM stdin is refused, the
 * output of a COPY TO stdout discarded. */
int postgres_copy_unexpected(struct strata_conn *conn, ExecStatusType status,
                             struct strata_error *err);

/* lock_wait.c: the driver's set_statement_lock_timeout() and
 * describe_lock_holders(). */
int postgres_set_statement_lock_timeout(struct strata_conn *conn,
                                        int timeout_ms,
                                        struct strata_error *err);
int postgres_describe_lock_holders(struct strata_conn *conn, const char *sql,
                                   size_t length, char *out, size_t size,
                                   struct strata_error *err);
/* Behind a pooler, a statement about to run outside a transaction gets one
 * of its own with the lock timeout (*began); ..._end() commits it, or
 * rolls it back after rc, the statement's result.  *alone: the statement
 * refused the transaction, and is to run again on its own. */
int postgres_bounded_begin(struct strata_conn *conn, const char *sql,
                           size_t length, int *began, struct strata_error *err);
int postgres_bounded_end(struct strata_conn *conn, const char *sql,
                         size_t length, int rc, int *alone,
                         struct strata_error *err);

/* lease.c: the lease lock (common/lease.c) in PostgreSQL's SQL.  init()
 * readies conn->lease; set_lock_kind() picks the kind; keep() renews a
 * lease when due, between transactions; begin() opens a transaction with
 * its lock timeout and the lease's transaction lock in one round trip. */
void postgres_lease_init(struct strata_conn *conn);
int postgres_set_lock_kind(struct strata_conn *conn, const char *kind,
                           int lease_ms, int *is_lease,
                           struct strata_error *err);
int postgres_lease_keep(struct strata_conn *conn, struct strata_error *err);
int postgres_lease_begin(struct strata_conn *conn, struct strata_error *err);
/* strata unlock: the driver's lock_holder() and clear_lease(). */
int postgres_lock_holder(struct strata_conn *conn, const char *key, char *out,
                         size_t size, int *is_lease, struct strata_error *err);
int postgres_clear_lease(struct strata_conn *conn, const char *key, char *out,
                         size_t size, struct strata_error *err);

/* lock.c */
int postgres_lock(struct strata_conn *conn, const char *key, int timeout_ms,
                  struct strata_error *err);
/* Who holds the session lock for key ("pid 4242 (strata) since ..."), or
 * "". */
void postgres_session_lock_holder(struct strata_conn *conn, const char *key,
                                  char *out, size_t size);
/* The bigint of the advisory lock for key in database db, as text. */
void postgres_lock_id(const char *key, const char *db, char out[24]);
int postgres_unlock(struct strata_conn *conn, const char *key,
                    struct strata_error *err);

/* database.c */
int postgres_create_database(const struct strata_host *host,
                             const struct strata_url *url,
                             struct strata_error *err);
int postgres_drop_database(const struct strata_host *host,
                           const struct strata_url *url,
                           struct strata_error *err);

/* introspect*.c: the schema the connection targets, current_schema(), read
 * into a model with one catalog query per object class, so the time taken
 * does not grow with round trips per table.  Objects that belong to an
 * extension are left out: CREATE EXTENSION brings them. */
int postgres_introspect(struct strata_conn *conn, struct strata_schema *schema,
                        struct strata_error *err);

/* An SQL condition: the object oid of that catalog (pg_class, pg_type,
 * pg_proc) does not belong to an extension. */
#define POSTGRES_NOT_FROM_EXTENSION(catalog, oid)                              \
  "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend x WHERE x.classid = "        \
  "'pg_catalog." catalog "'::pg_catalog.regclass AND x.objid = " oid           \
  " AND x.deptype = 'e')"

/* A table of the model by its pg_class oid. */
struct postgres_table_ref {
  unsigned long oid;
  struct strata_table *table;
};

/* What the queries of one introspection share.  Their rows come grouped by
 * object (a key's columns, an index's parts, an enum's labels are rows of
 * their own), so last_oid and last remember the object being filled. */
struct postgres_introspection {
  struct strata_conn *conn;
  struct strata_schema *schema;
  struct strata_error *err;
  char namespace_oid[16];    /* the queries' one parameter */
  const char *quoted_schema; /* as the server writes it in a qualified name */
  struct postgres_table_ref *tables; /* in oid order */
  size_t table_count;
  size_t table_cap;
  unsigned long last_oid;
  void *last;
  int out_of_memory;
};

/* Runs sql, whose one parameter "?" is the schema's oid, handing each row
 * to on_row with ix as its context. */
int postgres_introspect_query(struct postgres_introspection *ix,
                              const char *sql, strata_row_fn on_row);
/* A copy of a query's value owned by the model; NULL for SQL NULL.  A copy
 * that fails sets ix->out_of_memory. */
const char *postgres_introspect_text(struct postgres_introspection *ix,
                                     const char *value, size_t length);
/* The table with that oid (the text of one), or NULL when it is not in the
 * model (another schema's, or an extension's). */
struct strata_table *
postgres_introspect_table(const struct postgres_introspection *ix,
                          const char *oid);
/* Whether the value is SQL true ("t"). */
int postgres_introspect_bool(const char *value);
/* Starts a new object when the row's oid differs from the last one; 1 when
 * it does (then ix->last is to be set), 0 when the row continues it. */
int postgres_introspect_next(struct postgres_introspection *ix,
                             const char *oid);
/* The row handlers' end: STRATA_ENOMEM with the error set when a copy
 * failed, else 0. */
int postgres_introspect_row_done(struct postgres_introspection *ix);
/* Drops "schema." from text at offset at, where the server qualified a name
 * in a definition it wrote; the model's definitions name the schema's
 * objects unqualified, as the rest of a dump does. */
const char *postgres_introspect_unqualify(struct postgres_introspection *ix,
                                          const char *text, size_t length,
                                          size_t at);

/* introspect_tables.c */
int postgres_introspect_tables(struct postgres_introspection *ix);
int postgres_introspect_columns(struct postgres_introspection *ix);
/* introspect_keys.c */
int postgres_introspect_constraints(struct postgres_introspection *ix);
int postgres_introspect_indexes(struct postgres_introspection *ix);
int postgres_introspect_triggers(struct postgres_introspection *ix);
/* introspect_objects.c */
int postgres_introspect_enums(struct postgres_introspection *ix);
int postgres_introspect_sequences(struct postgres_introspection *ix);
int postgres_introspect_views(struct postgres_introspection *ix);
int postgres_introspect_routines(struct postgres_introspection *ix);
/* introspect_domains.c */
int postgres_introspect_domains(struct postgres_introspection *ix);
/* port_domains.c: driver.h's port_form(), which folds each domain into
 * the columns of it. */
int postgres_port_form(const struct strata_host *host,
                       struct strata_schema *schema, strata_note_fn note,
                       void *note_ctx, struct strata_error *err);

/* render*.c: a model of this engine written as DDL that psql and split()
 * both load, in dependency order (schema.h, driver.h). */
int postgres_render_schema(const struct strata_host *host,
                           const struct strata_schema *schema, unsigned parts,
                           strata_write_fn write, void *ctx,
                           struct strata_error *err);

/* render_sql.c: a growing SQL text.  A failed allocation is remembered and
 * reported when the text is written. */
struct postgres_sql {
  char *data;
  size_t length;
  size_t cap;
  int out_of_memory;
};

void postgres_sql_add(struct postgres_sql *sql, const char *text);
void postgres_sql_addf(struct postgres_sql *sql, const char *fmt, ...)
    POSTGRES_PRINTF(2, 3);
/* name as the server would write it: bare when it is lower case, plain and
 * not a keyword the grammar reserves in any way, else double-quoted. */
void postgres_sql_ident(struct postgres_sql *sql, const char *name);
/* "(a, b)": a list of column names. */
void postgres_sql_ident_list(struct postgres_sql *sql, const char *const *names,
                             size_t count);
/* text as a string literal that reads the same whatever
 * standard_conforming_strings says. */
void postgres_sql_literal(struct postgres_sql *sql, const char *text);
/* "'a', 'b'": literals separated by commas, with no brackets. */
void postgres_sql_literal_list(struct postgres_sql *sql,
                               const char *const *texts, size_t count);
void postgres_sql_release(struct postgres_sql *sql);

/* render.c: one rendering under way. */
struct postgres_render {
  const struct strata_host *host;
  const struct strata_schema *schema;
  unsigned parts;
  strata_write_fn write;
  void *ctx;
  struct strata_error *err;
  struct postgres_sql sql; /* the statement being built */
  size_t written;          /* statements written so far */
};

/* Ends the statement built in r->sql, writes it (after a blank line unless
 * it is the first) and empties r->sql for the next. */
int postgres_render_statement(struct postgres_render *r);
/* COMMENT ON what [table.]name IS 'comment', as one statement. */
int postgres_render_comment(struct postgres_render *r, const char *what,
                            const char *table, const char *name,
                            const char *comment);
/* CREATE TYPE name AS ENUM ('label', ...), as one statement. */
int postgres_render_enum(struct postgres_render *r, const char *name,
                         const char *const *labels, size_t count);
/* Whether the rendering asked for all of these parts. */
int postgres_render_wants(const struct postgres_render *r, unsigned parts);
/* The parts r asks for, each object's own text, in dependency order. */
int postgres_render_parts(struct postgres_render *r);

/* render_routines.c: the routines that go before the tables, and those
 * that read tables or views and go after the views. */
int postgres_render_early_routines(struct postgres_render *r);
int postgres_render_late_routines(struct postgres_render *r);

/* render_tables.c: the parts of the model that hang off its tables, and
 * the pieces of their statements a port writes too. */
/* "ALTER TABLE table\n  ADD ": a constraint added to a table that exists. */
void postgres_sql_alter_table_add(struct postgres_sql *sql, const char *table);
/* "CONSTRAINT name ", or nothing when name is NULL. */
void postgres_sql_constraint_name(struct postgres_sql *sql, const char *name);
/* A foreign key's " ON UPDATE ..." and " ON DELETE ...", but NO ACTION. */
void postgres_sql_fk_actions(struct postgres_sql *sql,
                             const struct strata_foreign_key *fk);
/* "CONSTRAINT name FOREIGN KEY (a) REFERENCES t (x) ...", as the model
 * says it. */
void postgres_sql_foreign_key(struct postgres_sql *sql,
                              const struct strata_foreign_key *fk);
int postgres_render_tables(struct postgres_render *r);
int postgres_render_keys(struct postgres_render *r);
int postgres_render_indexes(struct postgres_render *r);
int postgres_render_foreign_keys(struct postgres_render *r);
int postgres_render_triggers(struct postgres_render *r);
int postgres_render_table_comments(struct postgres_render *r);

/* read_rows.c: a table's rows for a port, in the canonical format. */
int postgres_read_rows(struct strata_conn *conn, const char *table,
                       const char *const *columns, size_t column_count,
                       strata_row_fn on_row, void *ctx,
                       struct strata_error *err);

/* render_port*.c: a model read from another engine written as
 * PostgreSQL DDL, with every choice reported as a note (driver.h); its
 * expressions are portable text, which the core had the source's driver
 * write. */
/* render_ops.c: portable ops (ops.h) as PostgreSQL statements. */
int postgres_render_ops(const struct strata_host *host,
                        const struct strata_schema *before,
                        const struct strata_schema *after,
                        const struct strata_op *const *ops, size_t op_count,
                        const struct strata_render_options *opt,
                        strata_write_fn write, void *ctx, unsigned *needs,
                        struct strata_error *err);

/* deparsed.c: past a word (letters, digits, '_') of text PostgreSQL
 * printed back, and past a quoted run ('...' or "...", doubled quotes
 * inside) starting at p. */
const char *postgres_after_word(const char *p);
const char *postgres_after_quoted(const char *p);

/* neutral.c: the model in portable terms (driver.h, neutral_form). */
int postgres_neutral_form(const struct strata_host *host,
                          struct strata_schema *schema, unsigned *lacks,
                          struct strata_error *err);

/* portable_expr.c: an expression as portable text (driver.h,
 * portable_expression). */
int postgres_portable_expression(const struct strata_host *host,
                                 const struct strata_schema *schema,
                                 const struct strata_table *table,
                                 enum strata_expression_kind kind,
                                 const char *text, strata_write_fn write,
                                 void *ctx, struct strata_error *err);

int postgres_render_port(const struct strata_host *host,
                         const struct strata_schema *schema,
                         const struct strata_render_options *opt,
                         strata_write_fn write, void *ctx,
                         struct strata_error *err);

/* The room for a name the port composes, as bytes plus the NUL, and the
 * longest name it writes (PostgreSQL's NAMEDATALEN - 1). */
#define PORT_NAME_MAX 320
#define PORT_NAME_BYTES 63

/* One port rendering under way: the statement writer and the choices. */
/* What becomes of a zero date (zero_dates=null|infinity|error). */
enum port_zero_dates {
  PORT_ZERO_DATES_NULL,
  PORT_ZERO_DATES_INFINITY, /* -infinity: NOT NULL kept */
  PORT_ZERO_DATES_ERROR
};

struct port_render {
  struct postgres_render base;
  const struct strata_render_options *opt;
  int enum_check;        /* enum=check: text + CHECK, no enum types */
  int unsigned_bigint;   /* unsigned_bigint=bigint */
  int datetime_tz;       /* datetime=timestamptz */
  int time_interval;     /* time=interval */
  int preserve_case;     /* preserve_case=yes */
  int zero_dates;        /* enum port_zero_dates */
  int nul_bytes_error;   /* nul_bytes=error: text with a NUL is rejected */
  int json_text;         /* json=json: json, not jsonb */
  int tinyint1_smallint; /* tinyint1=smallint: no booleans of tinyint(1) */
  int from_postgres;     /* the model is PostgreSQL's: a same-engine copy */
};

/* render_port.c: the choices, notes and names.  port_render_init() fills
 * p and reads opt's settings (an unknown or bad one is an error); release
 * it with port_render_release() whatever it returned. */
int port_render_init(struct port_render *p, const struct strata_host *host,
                     const struct strata_schema *schema,
                     const struct strata_render_options *opt,
                     strata_write_fn write, void *ctx,
                     struct strata_error *err);
void port_render_release(struct port_render *p);
void port_note(struct port_render *p, enum strata_note_kind kind,
               const char *source, const char *object, const char *fmt, ...)
    POSTGRES_PRINTF(5, 6);
/* A name of more than PORT_NAME_BYTES in buf shortened in place to its
 * first 54 bytes (whole UTF-8 characters) and "_" and 8 hex digits of a
 * hash of all of it; returns buf. */
const char *port_fit_name(char *buf);
/* The target names of a table (or view), a column of t, a constraint
 * (lower-cased unless preserve_case) and an index or key of t, written
 * into buf (PORT_NAME_MAX bytes); each returns buf. */
const char *port_table_name(const struct port_render *p, const char *name,
                            char *buf);
const char *port_column_name(const struct port_render *p,
                             const struct strata_table *t, const char *name,
                             char *buf);
const char *port_constraint_name(const struct port_render *p, const char *name,
                                 char *buf);
const char *port_index_name(const struct port_render *p,
                            const struct strata_table *t, const char *name,
                            char *buf);
/* The target names of a unique key, a CHECK and a foreign key of t:
 * their own, or when they have none (SQLite), the one PostgreSQL would
 * give them. */
const char *port_unique_name(const struct port_render *p,
                             const struct strata_table *t,
                             const struct strata_key *k, char *buf);
const char *port_check_name(const struct port_render *p,
                            const struct strata_table *t,
                            const struct strata_check *k, char *buf);
const char *port_foreign_key_name(const struct port_render *p,
                                  const struct strata_table *t,
                                  const struct strata_foreign_key *fk,
                                  char *buf);
/* The name of what the port makes for a column c of t, "table_column"
 * and suffix: its enum type (""), its type's CHECK ("_check"). */
const char *port_column_object_name(const struct port_render *p,
                                    const struct strata_table *t,
                                    const struct strata_column *c,
                                    const char *suffix, char *buf);
void port_add_table(struct port_render *p, const char *name);
void port_add_column(struct port_render *p, const struct strata_table *t,
                     const char *name);
void port_add_columns(struct port_render *p, const struct strata_table *t,
                      const char *const *names, size_t count);
const struct strata_table *port_find_table(const struct port_render *p,
                                           const char *name);

/* render_port_types.c: columns. */
/* Whether the column has a PostgreSQL equivalent at all. */
int port_column_supported(const struct strata_column *c);
/* Whether the target numbers c's rows: an identity (AUTO_INCREMENT, an
 * INTEGER PRIMARY KEY), or in a same-engine copy a serial. */
int port_column_is_identity(const struct port_render *p,
                            const struct strata_table *t,
                            const struct strata_column *c);
/* Whether it becomes a boolean (tinyint(1) unless tinyint1=smallint,
 * bit(1)). */
int port_column_is_boolean(const struct port_render *p,
                           const struct strata_column *c);
/* Whether a bigint unsigned becomes numeric(20,0) (else bigint). */
int port_column_is_numeric_bigint(const struct port_render *p,
                                  const struct strata_column *c);
/* Whether a generated column stays generated (its expression translates):
 * PostgreSQL computes it, so a load leaves it out. */
int port_column_is_generated(const struct port_render *p,
                             const struct strata_table *t,
                             const struct strata_column *c);
/* The enum type the types part creates for c, into buf; NULL when c
 * needs none or uses another column's. */
const char *port_enum_type_created(const struct port_render *p,
                                   const struct strata_table *t,
                                   const struct strata_column *c, char *buf);
int port_render_types(struct port_render *p);
int port_render_tables(struct port_render *p);
/* The CHECK a column's type needs (unsigned, enum as check, set), into
 * sql without the CHECK keyword; 0 when it needs none. */
int port_type_check(struct port_render *p, const struct strata_table *t,
                    const struct strata_column *c, struct postgres_sql *sql);

/* render_port_expr.c: an expression or a view's SELECT in portable text
 * (what the core rewrote the model's into) appended to out, its names as
 * the port names them; t is its table (NULL for a view). */
void port_expression(const struct port_render *p, const struct strata_table *t,
                     const char *portable, struct postgres_sql *out);

/* render_port_objects.c: what follows the data.  Which objects the
 * parts write, and their names (into buf, PORT_NAME_MAX bytes): */
int port_key_written(const struct strata_table *t, const struct strata_key *k);
/* The CHECK a column's type needs, or NULL when none. */
const char *port_type_check_name(struct port_render *p,
                                 const struct strata_table *t,
                                 const struct strata_column *c, char *buf);
/* When the index is not written and object is given, a note says why. */
int port_index_written(struct port_render *p, const struct strata_table *t,
                       const struct strata_index *ix, const char *object);
const char *port_index_name_of(const struct port_render *p,
                               const struct strata_table *t,
                               const struct strata_index *ix, char *buf);
/* The trigger function of the table's ON UPDATE columns, which is also
 * its trigger's name, or NULL when it has none. */
const char *port_on_update_function(const struct port_render *p,
                                    const struct strata_table *t, char *buf);
int port_render_keys(struct port_render *p);
int port_render_indexes(struct port_render *p);
/* Each identity's sequence set past the rows loaded and the source's
 * counter. */
int port_render_identity(struct port_render *p);
int port_render_foreign_keys(struct port_render *p);
/* Each foreign key validated; each one's rows without a parent row, as
 * a query (SELECT c.* ...), in the same order. */
int port_render_validation(struct port_render *p);
int port_render_orphans(struct port_render *p);
int port_render_views(struct port_render *p);
int port_render_triggers(struct port_render *p);
int port_render_comments(struct port_render *p);

/* render_port_drop.c: with STRATA_RENDER_DROP, the statements that drop
 * what the parts asked for create (the search path aside). */
int port_render_drop(struct port_render *p);

/* driver.c: the module's one exported symbol. */
int postgres_end_migration(struct strata_conn *conn, struct strata_error *err);
const struct strata_plugin *driver_postgres_LTX_strata_plugin_entry(void);

#endif
