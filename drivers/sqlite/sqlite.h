/*
 * sqlite.h - what the files of the SQLite driver share.
 *
 * driver.c holds the table the core loads; target.c reads the URL; conn.c
 * opens and closes a database; exec.c runs statements, queries and
 * transactions; error.c turns SQLite's result codes into strata errors;
 * file.c creates and drops database files; split.c splits scripts;
 * introspect*.c describe the live schema as a model and render*.c write a
 * model back as a script.
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
  int lock_timeout_ms; /* the wait for another writer: lock() sets it */
  int statement_lock_timeout_ms; /* the wait inside a transaction, or 0 */
  char version[32];    /* "SQLite 3.x.y" */
  int created;         /* the file did not exist before this connection */
  int foreign_keys_were_on; /* guard.c: the setting to restore */
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

/* identity.c */
int sqlite_identity(struct strata_conn *conn, char *out, size_t size,
                    struct strata_error *err);

/* Sets the busy timeout, remembering it for messages. */
void sqlite_conn_set_busy(struct strata_conn *conn, int timeout_ms);
int sqlite_conn_set_statement_lock_timeout(struct strata_conn *conn,
                                           int timeout_ms,
                                           struct strata_error *err);

/* lock_holder.c: "process 1234 (sqlite3)", the process holding a lock on
 * the database at path that conflicts with writing, or "". */
void sqlite_lock_holder(const char *path, char *out, size_t size);
/* The driver's lock_holder(), for `strata unlock`: the process holding
 * the database's write lock, which is what serialises runners on SQLite
 * (never a lease), or "" when it is free. */
int sqlite_write_lock_holder(struct strata_conn *conn, const char *key,
                             char *out, size_t size, int *is_lease,
                             struct strata_error *err);
int sqlite_describe_lock_holders(struct strata_conn *conn, const char *sql,
                                 size_t length, char *out, size_t size,
                                 struct strata_error *err);

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

/* introspect_sql.c: SQLite's quotes and comments, which split.c steps over
 * too; tokens of stored schema text, text being built, and the canonical
 * spelling of names, types and expressions. */

/* Where the quoted text opening at p ('...', "...", `...` or [...]) ends,
 * past its closing quote; NULL when it is never closed.  A doubled quote
 * stands for itself, except in [...]. */
const char *sqllex_after_quoted(const char *p, const char *end);
/* Whether a comment (-- or slash-star) opens at p. */
int sqllex_at_comment(const char *p, const char *end);
/* Where the comment opening at p ends, past its newline or its closing
 * star-slash; a line comment may run to end, a block comment never closed
 * gives NULL. */
const char *sqllex_after_comment(const char *p, const char *end);

enum sqltok_kind {
  SQLTOK_END = 0,
  SQLTOK_WORD,   /* a bare word: keyword or name */
  SQLTOK_ID,     /* "quoted", [bracketed] or `backquoted` */
  SQLTOK_STRING, /* 'text' */
  SQLTOK_NUMBER,
  SQLTOK_BLOB,     /* x'00ff' */
  SQLTOK_VARIABLE, /* ?1, :name */
  SQLTOK_LPAREN,
  SQLTOK_RPAREN,
  SQLTOK_COMMA,
  SQLTOK_SEMI,
  SQLTOK_DOT,
  SQLTOK_OPERATOR
};

struct sqltok {
  enum sqltok_kind kind;
  const char *text;
  size_t length;
};

struct sqllex {
  const char *at;
  const char *end;
};

void sqllex_init(struct sqllex *lx, const char *text, size_t length);
/* Reads the next token, skipping blanks and comments. */
enum sqltok_kind sqllex_next(struct sqllex *lx, struct sqltok *tok);
/* Whether tok is that bare word, in any case. */
int sqltok_is(const struct sqltok *tok, const char *word);
/* Whether text is one token or a signed number: a plain value, which
 * SQLite takes after DEFAULT without parentheses.  first is its first
 * token. */
int sqllex_is_plain_value(const char *text, struct sqltok *first);
/* The name tok stands for, unquoted, in out (cut to size); its length. */
size_t sqltok_dequote(const struct sqltok *tok, char *out, size_t size);
/* Whether tok names name, compared as SQLite does (ASCII case folded). */
int sqltok_names(const struct sqltok *tok, const char *name);

/* A growing NUL-terminated text; failed is set when memory runs out and
 * every later add is ignored. */
struct sqlite_text {
  char *data;
  size_t length;
  size_t capacity;
  int failed;
};

void sqlite_text_add(struct sqlite_text *b, const char *s, size_t n);
void sqlite_text_adds(struct sqlite_text *b, const char *s);
void sqlite_text_release(struct sqlite_text *b);
/* name, double-quoted only when it must be. */
void sqlite_text_add_ident(struct sqlite_text *b, const char *name);
/* An expression, or a declared type, in the canonical layout. */
void sqlite_text_add_expr(struct sqlite_text *b, const char *text,
                          size_t length);
void sqlite_text_add_type(struct sqlite_text *b, const char *text,
                          size_t length);

/* introspect.c: the live schema of the main database as a model. */
int sqlite_introspect(struct strata_conn *conn, struct strata_schema *schema,
                      struct strata_error *err);

/* What the introspect*.c files share while they read one database.  The
 * pragmas give the facts SQLite keeps in its own structures; the stored
 * CREATE text gives what it keeps nowhere else. */
/* The tables and views of the main database a model describes: not
 * SQLite's own (sqlite_%), nor the shadow tables a virtual table keeps for
 * itself, which pragma_table_list calls 'shadow'. */
#define SQLITE_IX_USER_TABLES                                                  \
  "SELECT name FROM pragma_table_list WHERE schema = 'main' AND "              \
  "name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
/* The ordinary tables as t, for joining with the pragmas. */
#define SQLITE_IX_WITH_TABLES                                                  \
  "WITH t AS (" SQLITE_IX_USER_TABLES " AND type = 'table') "

struct sqlite_table_entry {
  struct strata_table *table;
  const char *sql; /* the stored CREATE TABLE, owned by the model */
  int is_virtual;
};

struct sqlite_introspection {
  struct strata_conn *conn;
  const struct strata_host *host;
  struct strata_schema *schema;
  struct strata_error *err;
  struct sqlite_table_entry *tables; /* in name order */
  size_t table_count;
  size_t table_capacity;
  /* The object the previous row of a query added to, so that the next row
   * of the same object adds to it rather than starting another. */
  void *row_object;
  struct sqlite_text row_key;
};

/* The table of that name (exactly, then without regard to case). */
struct sqlite_table_entry *sqlite_ix_find(struct sqlite_introspection *ix,
                                          const char *name);
/* A copy owned by the model; NULL for NULL.  *failed is set when memory
 * runs out. */
const char *sqlite_ix_copy(struct sqlite_introspection *ix, const char *text,
                           size_t length, int *failed);
/* The built text as a copy owned by the model, releasing b. */
const char *sqlite_ix_take(struct sqlite_introspection *ix,
                           struct sqlite_text *b, int *failed);
int sqlite_ix_nomem(struct sqlite_introspection *ix);
/* Whether this row continues the object of the previous row, which the
 * row names by the table and its own name; when it does not, row_object is
 * cleared and the names are kept for the next row. */
int sqlite_ix_same_object(struct sqlite_introspection *ix, const char *table,
                          const char *name);
/* Runs one of introspection's queries, each row to on_row. */
int sqlite_ix_query(struct sqlite_introspection *ix, const char *sql,
                    strata_row_fn on_row);

/* introspect_index.c: indexes, and the UNIQUE keys SQLite backs by one. */
int sqlite_ix_read_indexes(struct sqlite_introspection *ix);
int sqlite_ix_add_index(struct sqlite_introspection *ix,
                        struct sqlite_table_entry *te, const char *name,
                        const char *sql);
/* introspect_fk.c: foreign keys. */
int sqlite_ix_read_foreign_keys(struct sqlite_introspection *ix);
/* introspect_object.c: views and triggers. */
int sqlite_ix_add_view(struct sqlite_introspection *ix, const char *name,
                       const char *sql);
int sqlite_ix_add_trigger(struct sqlite_introspection *ix,
                          struct sqlite_table_entry *te, const char *name,
                          const char *sql);
/* introspect_type.c: a column's neutral type and default. */
void sqlite_ix_type_neutral(struct strata_column *c);
void sqlite_ix_default_neutral(struct sqlite_introspection *ix,
                               struct strata_column *c, int *failed);
/* introspect_table.c: what only a CREATE TABLE says. */
int sqlite_ix_read_create_table(struct sqlite_introspection *ix,
                                struct sqlite_table_entry *te);

/* render.c: a model of an SQLite database as a script. */
int sqlite_render_schema(const struct strata_host *host,
                         const struct strata_schema *schema, unsigned parts,
                         strata_write_fn write, void *ctx,
                         struct strata_error *err);

/* render_table.c: one CREATE TABLE, with its keys, checks and foreign
 * keys inside it, appended to b without its ';'. */
void sqlite_render_table(struct sqlite_text *b, const struct strata_table *t);
/* One column of t as CREATE TABLE writes it, indented. */
void sqlite_render_column(struct sqlite_text *b, const struct strata_table *t,
                          const struct strata_column *c);
/* qsort orders of checks and of foreign keys: by name, unnamed first, then
 * by what they say, so that unnamed ones have an order of their own. */
int sqlite_check_order(const void *x, const void *y);
int sqlite_foreign_key_order(const void *x, const void *y);

/* driver.c: the module's one exported symbol. */
int sqlite_conn_end_migration(struct strata_conn *conn,
                              struct strata_error *err);
int sqlite_conn_check_before_commit(struct strata_conn *conn,
                                    struct strata_error *err);
const struct strata_plugin *driver_sqlite_LTX_strata_plugin_entry(void);

#endif
