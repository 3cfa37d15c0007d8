/*
 * driver.h - the backend ABI every database driver implements.
 *
 * A driver speaks one engine: it connects, runs statements, splits scripts
 * into statements with its dialect's lexical rules, runs transactions and
 * locks.  It knows nothing of migration files, history or the CLI; the core
 * drives it through this table.
 *
 * Drivers never link libstrata.  What they need from the core (error
 * reporting, notices) arrives as a struct strata_host at connect time, the way
 * SQLite hands sqlite3_api_routines to its extensions.
 *
 * Ownership: a driver allocates its struct strata_conn and frees it in
 * disconnect().  Strings passed in are borrowed for the duration of the call.
 */
#ifndef STRATA_DRIVER_H
#define STRATA_DRIVER_H

#include <stddef.h>
#include <strata/error.h>
#include <strata/ops.h>
#include <strata/plugin.h>
#include <strata/schema.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a driver can do.  The core checks these before relying on a feature. */
enum strata_driver_capability {
  /* DDL can be rolled back: one transaction per migration holds the
   * migration's statements and its history row. */
  STRATA_CAP_TRANSACTIONAL_DDL = 1u << 0,
  /* lock() serialises runners across connections and processes. */
  STRATA_CAP_SESSION_LOCK = 1u << 1,
  /* create_database() and drop_database() work. */
  STRATA_CAP_CREATE_DATABASE = 1u << 2,
  /* The driver can describe the live schema (schema.h). */
  STRATA_CAP_INTROSPECTION = 1u << 3,
  /* The driver can load rows in bulk (COPY-style). */
  STRATA_CAP_BULK_LOAD = 1u << 4,
  /* Scripts may hold bytes that are not UTF-8: the server takes a string
   * literal's bytes as they are (a MySQL dump of a BLOB column). */
  STRATA_CAP_BINARY_SCRIPTS = 1u << 5,
  /* As a port's target, keys, checks and foreign keys are created with
   * the tables (SQLite cannot add them later): its foreign keys cannot be
   * validated afterwards, only their rows without a parent counted. */
  STRATA_CAP_INLINE_CONSTRAINTS = 1u << 6,
  /* As a port's target, its time type holds any time the canonical format
   * carries (hours past 24, negative times) as it is: the port need not
   * count them nor make such a column an interval. */
  STRATA_CAP_PORT_ANY_TIME = 1u << 7,
  /* As a port's target, foreign keys are added after the rows without
   * checking them (MySQL with foreign_key_checks off) and cannot be
   * validated afterwards: only their rows without a parent are counted,
   * as with STRATA_CAP_INLINE_CONSTRAINTS. */
  STRATA_CAP_PORT_UNCHECKED_KEYS = 1u << 8
};

/* A target URL taken apart by the core.  Percent-escapes are decoded.
 * Absent parts are NULL (port: 0).  For "scheme:opaque" URLs such as
 * "sqlite:db/app.sqlite3" or "sqlite::memory:", only path is set. */
struct strata_url_param {
  const char *key;
  const char *value;
};

struct strata_url {
  const char *scheme; /* lower case: "postgres", "mysql", "sqlite" ... */
  const char *user;
  const char *password; /* never print it: use redacted instead */
  const char *host;     /* a name, an address, or a socket directory */
  int port;
  const char *path; /* after the authority, leading '/' kept: "/app" */
  const struct strata_url_param *params;
  size_t param_count;
  const char *redacted; /* the whole URL with the password as "***" */
};

/* Services the core lends a driver.  host_ctx is passed back unchanged. */
struct strata_host {
  unsigned abi_version;
  size_t struct_size;
  void *host_ctx;
  /* Sets err->code and a printf-formatted one-line message; returns code. */
  int (*error_set)(struct strata_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
      __attribute__((format(printf, 3, 4)))
#endif
      ;
  /* A line for the user that is not an error: a lock holder while waiting,
   * a server NOTICE. */
  void (*notice)(void *host_ctx, const char *fmt, ...)
#if defined(__GNUC__)
      __attribute__((format(printf, 2, 3)))
#endif
      ;
  /* Grow a struct strata_schema (schema.h): use STRATA_SCHEMA_APPEND and
   * STRATA_SCHEMA_APPEND_TEXT rather than calling these directly.  array
   * points to the array member, count to its count member. */
  void *(*schema_append)(struct strata_schema *schema, void *array,
                         size_t *count, size_t size);
  int (*schema_append_text)(struct strata_schema *schema, void *array,
                            size_t *count, const char *text, size_t length);
  /* A NUL-terminated copy of length bytes of text owned by schema; NULL
   * when memory runs out.  A NULL text gives NULL. */
  const char *(*schema_strndup)(struct strata_schema *schema, const char *text,
                                size_t length);
  /* The table of that name already in schema, or NULL. */
  struct strata_table *(*schema_find_table)(const struct strata_schema *schema,
                                            const char *name);
};

/* Flags a driver sets on a statement when it splits a script. */
enum strata_statement_flag {
  /* The statement may not run inside a transaction (CREATE INDEX
   * CONCURRENTLY, VACUUM, ...). */
  STRATA_STMT_NO_TRANSACTION = 1u << 0,
  /* The statement is DDL; on an engine without transactional DDL it commits
   * implicitly. */
  STRATA_STMT_DDL = 1u << 1,
  /* The statement leaves or drops a database (MySQL's USE, DROP DATABASE):
   * run by a migration, strata's history would be written elsewhere or
   * lost with it. */
  STRATA_STMT_LEAVES_DATABASE = 1u << 2,
  /* The statement changes a setting that a transaction would ignore
   * (SQLite's PRAGMA foreign_keys = OFF): a transactional migration runs it
   * before its transaction begins, and has check_before_commit() check
   * what the setting let through. */
  STRATA_STMT_BEFORE_TRANSACTION = 1u << 3
};

/* One statement found by split(): a range of the script.  The range is what
 * exec() should be given; it excludes the terminator and any client-only
 * directive (a MySQL DELIMITER line), and may span a data block (a psql
 * COPY ... FROM stdin block through its "\." line). */
struct strata_statement {
  size_t offset;
  size_t length;
  unsigned flags; /* enum strata_statement_flag */
};

/* Receives each statement in order; a non-zero return stops the split and is
 * returned by split(). */
typedef int (*strata_statement_fn)(void *ctx,
                                   const struct strata_statement *stmt);

/* Receives each row of a query as text; values[i] is NULL for SQL NULL.
 * A non-zero return stops the query and is returned by query(). */
typedef int (*strata_row_fn)(void *ctx, int column_count,
                             const char *const *values, const size_t *lengths);

struct strata_conn; /* defined by each driver */

/* A row a port's target cannot hold, set aside rather than loaded. */
struct strata_reject {
  const char *table;  /* the source's name for it */
  const char *key;    /* "id=42", "a=1, b=x", or "row 1234" with no key */
  const char *reason; /* "zero date 0000-00-00 in NOT NULL column d" */
  const char *row;    /* the source's values, tab-separated, \N for NULL */
};

/* Receives each reject: 0 to go on, non-zero to fail the load with the
 * reject as its error. */
typedef int (*strata_reject_fn)(void *ctx, const struct strata_reject *reject);

/* What load_begin() starts. */
enum strata_load_mode {
  STRATA_LOAD_COPY,  /* the rows go into the table */
  STRATA_LOAD_DIGEST /* the rows go to digest() as digest_rows() writes
                      * them; nothing is written to the database */
};

/* What a load did, filled by load_end(). */
struct strata_load_stats {
  unsigned long long rows;     /* loaded (or digested) */
  unsigned long long rejected; /* handed to the reject function */
  unsigned long long changed;  /* values changed by a mapping choice
                                * (a zero date made NULL), each noted */
};

struct strata_load; /* defined by each driver that loads */

/* Values a port's default mapping cannot carry into the target type as
 * they are, which count_values() counts before the port maps a column. */
enum strata_value_kind {
  STRATA_VALUES_ZERO_DATE,  /* a date or datetime with year, month or day 0 */
  STRATA_VALUES_NOT_BIT,    /* an integer other than 0 and 1 */
  STRATA_VALUES_BEYOND_DAY, /* a time before 00:00:00 or after 24:00:00 */
  STRATA_VALUES_EMPTY_ENUM  /* an enum's error value '', not one of its labels */
};

struct strata_value_count {
  const char *column;
  enum strata_value_kind kind;
  unsigned long long rows; /* filled by count_values() */
};

/* How render_port() translates a model.  struct_size is sizeof the
 * caller's struct, so members added later read as unset. */
struct strata_render_options {
  size_t struct_size;
  unsigned parts;          /* enum strata_render_part */
  const char *schema_name; /* the target schema, or NULL for the default */
  /* Mapping choices as key=value, each key at most once: enum=check,
   * zero_dates=error, unsigned_bigint=bigint, datetime=timestamptz,
   * time=interval, preserve_case=yes.  A key absent takes the driver's
   * default; an unknown key is an error. */
  const struct strata_url_param *settings;
  size_t setting_count;
  strata_note_fn note; /* may be NULL */
  void *note_ctx;
  /* A row load_row() cannot load; NULL fails the load on the first. */
  strata_reject_fn reject;
  void *reject_ctx;
};

/* Where an expression of a model stands (portable_expression()). */
enum strata_expression_kind {
  STRATA_EXPRESSION_CHECK,       /* a CHECK's condition */
  STRATA_EXPRESSION_GENERATED,   /* a generated column's expression */
  STRATA_EXPRESSION_DEFAULT,     /* a column's default_expr */
  STRATA_EXPRESSION_INDEX_PART,  /* an index's expression part */
  STRATA_EXPRESSION_PREDICATE,   /* a partial index's WHERE */
  STRATA_EXPRESSION_VIEW         /* a view's whole SELECT */
};

/* The revision of struct strata_driver these headers describe.  Each
 * revision added members at the end, under the mark "revision N" below, and
 * left the plugin ABI (STRATA_PLUGIN_ABI_VERSION) as it was: a driver built
 * against revision N works with a core of any later revision, its
 * plugin.struct_size telling the core which members it has.  A driver that
 * must build against older headers too can test this number. */
#define STRATA_DRIVER_REVISION 12

struct strata_driver {
  /* ---- revision 1: connect, run, split, lock ---- */
  struct strata_plugin plugin; /* kind == STRATA_PLUGIN_DRIVER */

  /* URL schemes this driver answers, NULL-terminated: the first is the
   * canonical one and names the module (driver_<scheme>). */
  const char *const *schemes;
  unsigned capabilities; /* enum strata_driver_capability */

  int (*connect)(const struct strata_host *host, const struct strata_url *url,
                 struct strata_conn **out, struct strata_error *err);
  void (*disconnect)(struct strata_conn *conn);

  /* Splits a script into statements with the engine's lexical rules.
   * Needs no connection, so a dry run and the unit tests work offline.
   * A script that cannot be split (an unterminated string) is an error with
   * err->offset set. */
  int (*split)(const char *script, size_t length, strata_statement_fn emit,
               void *ctx, struct strata_error *err);

  /* Runs one statement as split() delimited it.  On failure err->offset is
   * the position the server blamed, relative to sql, or -1. */
  int (*exec)(struct strata_conn *conn, const char *sql, size_t length,
              struct strata_error *err);

  /* Runs one statement of the core's own, with text parameters marked "?"
   * (the core never writes "?" anywhere else), and hands back its rows. */
  int (*query)(struct strata_conn *conn, const char *sql,
               const char *const *params, int param_count, strata_row_fn on_row,
               void *ctx, struct strata_error *err);

  int (*begin)(struct strata_conn *conn, struct strata_error *err);
  int (*commit)(struct strata_conn *conn, struct strata_error *err);
  int (*rollback)(struct strata_conn *conn, struct strata_error *err);

  /* Sets *exists to whether a table of that name is visible (in the schema
   * the connection targets). */
  int (*table_exists)(struct strata_conn *conn, const char *table, int *exists,
                      struct strata_error *err);

  /* The migration lock.  Waits at most timeout_ms (a negative one: as long
   * as it takes), telling the user through host->notice who holds it;
   * STRATA_ELOCK when it is not granted. */
  int (*lock)(struct strata_conn *conn, const char *key, int timeout_ms,
              struct strata_error *err);
  int (*unlock)(struct strata_conn *conn, const char *key,
                struct strata_error *err);

  /* Creates or drops the database the URL names, connecting elsewhere on the
   * same server to do so. */
  int (*create_database)(const struct strata_host *host,
                         const struct strata_url *url,
                         struct strata_error *err);
  int (*drop_database)(const struct strata_host *host,
                       const struct strata_url *url, struct strata_error *err);

  /* A short description of the server for `strata status -v`. */
  const char *(*server_version)(struct strata_conn *conn);

  /* ---- revision 2: the schema model (schema.h), strata dump ---- */

  /* Describes the live schema the connection targets into schema (empty,
   * engine and name unset), through the host's schema_ functions.  Every
   * table is included, strata's own too: the core drops those.
   * STRATA_ENOTFOUND when the schema the connection targets does not exist
   * (a PostgreSQL search_path naming none that does).  What the model has
   * no place for is said through host->notice as "OBJECT: what is left
   * out" (a port counts each as an object left out).  Needs
   * STRATA_CAP_INTROSPECTION. */
  int (*introspect)(struct strata_conn *conn, struct strata_schema *schema,
                    struct strata_error *err);

  /* Writes the parts of schema asked for (enum strata_render_part) as a
   * script of this engine that its split() and its own client both accept,
   * statements terminated.  The model may come from another engine, in
   * which case the neutral fields are rendered instead of the engine text.
   * Objects appear in a stable order, so equal models give equal text. */
  int (*render_schema)(const struct strata_host *host,
                       const struct strata_schema *schema, unsigned parts,
                       strata_write_fn write, void *ctx,
                       struct strata_error *err);

  /* ---- revision 3: a history write sent with the statement after it ---- */

  /* Runs one statement of the core's own (as query(), no rows) and then,
   * only if it succeeded, a statement of a script (as exec()), in one round
   * trip where the engine allows: the history write before a statement of
   * a non-transactional migration travels with it.  *query_failed tells a
   * failed query (the statement did not run) from a failed statement.
   * NULL: the core calls query() and exec() in turn. */
  int (*query_then_exec)(struct strata_conn *conn, const char *query,
                         const char *const *params, int param_count,
                         const char *sql, size_t length, int *query_failed,
                         struct strata_error *err);

  /* ---- revision 4: strata port, the schema ---- */

  /* Writes a model read from another engine as this engine's DDL,
   * translating the neutral fields, with the choices opt carries, and
   * telling opt->note about every change, approximation, omission and
   * object left for hand porting.  Each part (opt->parts) is complete on
   * its own, so a port can run them one at a time around its data load;
   * a note is given with the part that writes its object.  Asked for no
   * part, it writes only what puts the session in opt->schema_name (and
   * gives no note): the core runs that before it looks at what the target
   * schema holds.  NULL: the driver cannot be a port's target. */
  int (*render_port)(const struct strata_host *host,
                     const struct strata_schema *schema,
                     const struct strata_render_options *opt,
                     strata_write_fn write, void *ctx,
                     struct strata_error *err);

  /* ---- revision 5: strata port, the data ---- */

  /* The canonical value format between read_rows() and load_row(), by the
   * column's neutral type (schema.h); NULL is a NULL pointer:
   *   boolean                 1 or 0
   *   integers, decimal, year plain decimal text: -12, 18446744073709551615
   *   real, double            decimal text that reads back to the same
   *                           value; inf, -inf, nan
   *   date                    YYYY-MM-DD
   *   time                    [-]HH:MM:SS[.ffffff], hours past 24 allowed
   *   timestamp               YYYY-MM-DD HH:MM:SS[.ffffff]
   *   timestamptz             the same, in UTC
   *   char, varchar, text,    UTF-8 text
   *   json, uuid, interval
   *   binary, blob, bit       the bytes (bit: big-endian, as MySQL sends it)
   *   enum                    the label
   *   set                     the labels, comma-joined
   * A value the source holds that its type does not allow (a MySQL zero
   * date, a time of 100 hours) passes as it is: the target decides. */

  /* A port's data: read_rows() runs on the source, the load_ and digest_
   * members on the target.
   *
   * Streams the rows of table from the server without holding them (each
   * row is handed to on_row, then forgotten), the named columns in that
   * order, in the canonical value format below, so that any target's
   * load_row() reads any source's rows.  The rows are those of one
   * consistent snapshot.  A
   * non-zero return from on_row stops the read and is returned; the
   * connection may then only be good for disconnect().  NULL: the driver
   * cannot be a port's source. */
  int (*read_rows)(struct strata_conn *conn, const char *table,
                   const char *const *columns, size_t column_count,
                   strata_row_fn on_row, void *ctx, struct strata_error *err);

  /* Starts loading the rows of table, a table of schema (a model of
   * another engine that render_port() wrote, with the same opt), in the
   * transaction open on conn.  *columns and *column_count receive the
   * source columns load_row() takes, in its order (a column the target
   * left out or computes itself is not among them); they live until
   * load_end().  In STRATA_LOAD_DIGEST mode nothing is sent: each row
   * goes to digest as the text digest_rows() would give for it once
   * loaded, and a row the driver itself would refuse is only counted
   * (opt->reject is not called).  In STRATA_LOAD_COPY mode digest (which may be NULL) gets
   * that text for each row the server refused, so that a caller that
   * also gave the rows to a digest load can take them out again.  NULL:
   * the driver cannot be a port's target. */
  int (*load_begin)(struct strata_conn *conn,
                    const struct strata_schema *schema,
                    const struct strata_table *table,
                    const struct strata_render_options *opt,
                    enum strata_load_mode mode, strata_write_fn digest,
                    void *digest_ctx, struct strata_load **out,
                    const char *const **columns, size_t *column_count,
                    struct strata_error *err);
  /* One row, as read_rows() gave it.  A row the target cannot hold goes
   * to opt->reject with the reason and is skipped. */
  int (*load_row)(struct strata_load *load, const char *const *values,
                  const size_t *lengths, struct strata_error *err);
  /* Sends what is left and frees load; with abort set, only frees it.
   * stats may be NULL. */
  int (*load_end)(struct strata_load *load, int abort,
                  struct strata_load_stats *stats, struct strata_error *err);
  /* Writes each row of the target's table, one write per row, as a
   * canonical text that is equal for two rows exactly when they hold the
   * same values: what a port's --verify compares with the source's rows
   * given to a STRATA_LOAD_DIGEST load. */
  int (*digest_rows)(struct strata_conn *conn,
                     const struct strata_schema *schema,
                     const struct strata_table *table,
                     const struct strata_render_options *opt,
                     strata_write_fn digest, void *ctx,
                     struct strata_error *err);

  /* ---- revision 6: strata port, the values looked at before a copy ---- */
  /* Counts, in one read of the source's table, the rows whose column
   * holds a value of each kind asked (counts[i].rows receives it): what
   * a port looks at before it maps those columns.  NULL: the driver
   * cannot tell, and the port maps by the schema alone. */
  int (*count_values)(struct strata_conn *conn, const char *table,
                      struct strata_value_count *counts, size_t count,
                      struct strata_error *err);

  /* ---- revision 7: a migration's session settings end with it ---- */
  /* Puts back the session settings a migration may have changed for the
   * rest of the connection (MySQL's sql_mode and foreign_key_checks,
   * SQLite's foreign_keys), after every migration whatever its outcome:
   * one migration's settings never reach the next, nor strata's own
   * statements.  NULL: the engine keeps no such settings. */
  int (*end_migration)(struct strata_conn *conn, struct strata_error *err);

  /* Checks, inside the transaction and before it commits, what statements
   * flagged STRATA_STMT_BEFORE_TRANSACTION let through (SQLite: rows whose
   * foreign keys point nowhere); an error rolls the migration back.  Called
   * only for a migration that has such statements.  NULL: nothing to
   * check. */
  int (*check_before_commit)(struct strata_conn *conn,
                             struct strata_error *err);

  /* ---- revision 8: lock timeouts on live tables ---- */

  /* How long each later statement and commit may wait for a lock another
   * session holds on what it touches (a table being read) before giving
   * up: PostgreSQL's lock_timeout, MySQL's lock_wait_timeout, SQLite's
   * busy timeout after BEGIN.  A statement that gives up fails with
   * STRATA_ELOCK (no other failure of exec() or commit() uses that code)
   * and leaves nothing of itself behind.  0 (or a negative value)
   * restores the engine's wait.  NULL: the driver cannot bound the wait. */
  int (*set_statement_lock_timeout)(struct strata_conn *conn, int timeout_ms,
                                    struct strata_error *err);
  /* Writes into out, one line, the sessions that hold locks the statement
   * sql (which gave up with STRATA_ELOCK) may have waited for: "pid 4242
   * (psql, idle in transaction for 12 s: SELECT ...)"; "" when it sees
   * none.  Called with no transaction open.  NULL: it cannot tell. */
  int (*describe_lock_holders)(struct strata_conn *conn, const char *sql,
                               size_t length, char *out, size_t size,
                               struct strata_error *err);

  /* ---- revision 8: locks behind poolers and on clusters ---- */

  /* Chooses the migration lock lock() takes, before it is taken: kind is
   * "session" (a lock the server ties to this connection), "lease" (a row
   * naming its owner, with an expiry the owner renews while it works, for
   * connections a pooler shares between clients or a cluster whose nodes
   * lock apart), or "auto" (the driver picks lease where it sees a pooler
   * or a cluster).  A lease left by a holder that stopped renewing it
   * expires lease_ms after its last renewal.  *is_lease tells which the
   * driver chose: under a lease each migration checks its history row
   * again inside its own transaction.  NULL: only the session lock. */
  int (*set_lock_kind)(struct strata_conn *conn, const char *kind,
                       int lease_ms, int *is_lease, struct strata_error *err);
  /* For `strata unlock`, on a connection that holds no lock: writes into
   * out who holds the migration lock for key, as lock() names a holder,
   * or "" when nobody does.  A lease row is looked for first, whatever
   * lock this connection would take; *is_lease tells whether the holder's
   * lock is one, which clear_lease() can remove.  NULL: no lock to name. */
  int (*lock_holder)(struct strata_conn *conn, const char *key, char *out,
                     size_t size, int *is_lease, struct strata_error *err);
  /* Removes the lease for key whoever holds it, writing into out whose it
   * was ("" when there was none). */
  int (*clear_lease)(struct strata_conn *conn, const char *key, char *out,
                     size_t size, struct strata_error *err);

  /* ---- revision 9: portable migrations (ops.h) ---- */
  /* Writes ops, one group of a portable migration (a single op, or the
   * consecutive ops of one ALTER TABLE), as a script of this engine that
   * its split() accepts.  before is the model before the group and after
   * the model once it is applied, both as the core simulated them from
   * the live schema; both are NULL when the target is unknown (an offline
   * render), and a renderer that needs them then refuses with
   * STRATA_ENOTSUP.  Sets in *needs what the run must do around the
   * migration (enum strata_render_need).  A construct this engine cannot
   * do is STRATA_ENOTSUP with err->offset at the op's offset.  NULL: the
   * driver cannot run portable migrations. */
  int (*render_ops)(const struct strata_host *host,
                    const struct strata_schema *before,
                    const struct strata_schema *after,
                    const struct strata_op *const *ops, size_t op_count,
                    const struct strata_render_options *opt,
                    strata_write_fn write, void *ctx, unsigned *needs,
                    struct strata_error *err);
  /* Does what a need of render_ops() asks at each step of the run
   * (enum strata_guard_step).  NULL: the driver has no need to meet. */
  int (*guard)(struct strata_conn *conn, enum strata_guard_step step,
               unsigned needs, struct strata_error *err);

  /* ---- revision 10: comparing engines (strata diff --neutral) ---- */
  /* Rewrites schema, a model this driver's introspect() filled, in place
   * into portable terms, undoing what this engine made of a portable
   * migration, so that two engines' models of one migration set compare
   * equal (the core then writes every name, type, default and expression
   * in one spelling):
   *   - each column's type is the portable one (enum strata_type among
   *     boolean, smallint, integer, bigint, decimal, real, double, char,
   *     varchar, text, blob, date, time, timestamp, timestamptz, uuid,
   *     json, enum with its labels inline), precision -1 where it is the
   *     engine's default;
   *   - a default is default_kind with default_value (the value, unquoted;
   *     a boolean as 1 or 0), default_expr only for an expression;
   *   - expressions (checks, index predicates and expression parts,
   *     expression defaults) use only ANSI quoting ("identifier",
   *     'string' with '' inside) and no cast or engine-only spelling;
   *   - a name the engine made up for an unnamed key, check, foreign key
   *     or index is NULL, and an object the engine made by itself (an
   *     index backing a foreign key) is gone;
   *   - enum types a column names are inlined in the column and removed.
   * Sets in *lacks what this engine's models never hold (enum
   * strata_neutral_lack): the comparison passes over those facts on both
   * sides.  NULL: the driver's models cannot be compared with another
   * engine's. */
  int (*neutral_form)(const struct strata_host *host,
                      struct strata_schema *schema, unsigned *lacks,
                      struct strata_error *err);

  /* ---- revision 11: a port's expressions in portable text ---- */
  /* Writes text, one expression of a model this driver's introspect()
   * filled (what kind says it is; table is the one it belongs to, NULL
   * for a view), as the canonical portable text of ops.h, so that a port
   * to another engine carries it: identifiers in double quotes as the
   * model names them, strings in standard single quotes, TRUE, FALSE and
   * NULL, numbers as written, and only the operators, keywords and
   * functions whose meaning every engine shares (a view's SELECT adds
   * its clauses and the aggregates).  The source's parentheses are kept
   * and none is added, so an operation whose grouping the engines read
   * differently (two comparisons in a row) is refused.  Anything the
   * driver cannot carry with its meaning intact (an engine-only
   * function, a cast that changes a value, '/' on integers, a '||' or a
   * length() whose meaning differs) is STRATA_ENOTSUP, err's message
   * naming it: a wrong translation is worse than none.  NULL: every
   * expression is refused. */
  int (*portable_expression)(const struct strata_host *host,
                             const struct strata_schema *schema,
                             const struct strata_table *table,
                             enum strata_expression_kind kind,
                             const char *text, strata_write_fn write,
                             void *ctx, struct strata_error *err);
  /* Rewrites schema, a model this driver's introspect() filled, in place
   * with what its engine implies and its neutral fields do not say yet,
   * before a port to another engine reads it (SQLite: an INTEGER PRIMARY
   * KEY is numbered by the engine, STRATA_COLUMN_IDENTITY, and its
   * integers are 64-bit, STRATA_TYPE_BIGINT), so that no target need ask
   * which engine the model came from; note (which may be NULL) is told of
   * each change.  NULL: the neutral fields say it all. */
  int (*port_form)(const struct strata_host *host,
                   struct strata_schema *schema, strata_note_fn note,
                   void *note_ctx, struct strata_error *err);

  /* ---- revision 12: one database reached two ways ---- */
  /* Writes into out, one line, what the session is in as the server
   * names it: the server instance (not the address or socket it was
   * reached by), the database and, on an engine whose databases hold
   * schemas, the schema the session works in now.  Two sessions in one
   * database (and schema) write the same text however their URLs reached
   * it; two in different ones never do; the text begins with the engine,
   * so that two engines never agree.  The core compares the ends of a
   * port, and the databases of verify --engines, after connecting and
   * before writing anything.  Called with no transaction open.  NULL:
   * the driver cannot tell, and only the URLs are compared. */
  int (*identity)(struct strata_conn *conn, char *out, size_t size,
                  struct strata_error *err);
};

/* What an engine's models cannot hold (neutral_form's *lacks). */
enum strata_neutral_lack {
  STRATA_LACKS_COMMENTS = 1u << 0, /* no comment on tables or columns */
  /* an identity column is always the engine's one integer type (SQLite's
   * INTEGER PRIMARY KEY AUTOINCREMENT, 64-bit) */
  STRATA_LACKS_IDENTITY_WIDTH = 1u << 1,
  /* a foreign key's NO ACTION and RESTRICT are one action (MySQL reports
   * both as RESTRICT) */
  STRATA_LACKS_RESTRICT = 1u << 2,
  /* no partial index (MySQL): the WHERE of an index that is not unique is
   * passed over, since it changes no query's result; a unique one's stays
   * a difference, since it changes which rows are accepted */
  STRATA_LACKS_PARTIAL_INDEX = 1u << 3
};

#ifdef __cplusplus
}
#endif
#endif
