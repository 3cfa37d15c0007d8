/*
 * common.h - what the drivers share that knows no engine: the wait for
 * the migration lock, the lease lock's life (lease.c) over the few
 * statements each engine writes in its own SQL, and what every port
 * target does alike (port.c).
 *
 * Each driver module compiles drivers/common/ into itself with
 * STRATA_COMMON_PREFIX set to its own prefix, so that the copies do not
 * clash where the drivers are linked into one program
 * (--enable-static-plugins): common_wait() is postgres_common_wait() in
 * the PostgreSQL driver and mysqldrv_common_wait() in the MySQL one.
 */
#ifndef STRATA_DRIVERS_COMMON_H
#define STRATA_DRIVERS_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <strata/driver.h>

#ifndef STRATA_COMMON_PREFIX
#error "the driver's local.mk sets STRATA_COMMON_PREFIX"
#endif
#define COMMON_PASTE(prefix, name) prefix##_common_##name
#define COMMON_NAME(prefix, name) COMMON_PASTE(prefix, name)
#define COMMON(name) COMMON_NAME(STRATA_COMMON_PREFIX, name)

#define common_now_ms COMMON(now_ms)
#define common_wait COMMON(wait)
#define common_fnv1a COMMON(fnv1a)
#define common_holders_init COMMON(holders_init)
#define common_holders_add COMMON(holders_add)
#define common_holders_row COMMON(holders_row)
#define common_lease_choose COMMON(lease_choose)
#define common_lease_take COMMON(lease_take)
#define common_lease_keep COMMON(lease_keep)
#define common_lease_release COMMON(lease_release)
#define common_lock_holder COMMON(lock_holder)
#define common_lease_clear COMMON(lease_clear)
#define common_lease_holder_name COMMON(lease_holder_name)
#define common_rewrite_text COMMON(rewrite_text)
#define common_port_note COMMON(port_note)
#define common_port_column_note COMMON(port_column_note)
#define common_port_note_routines COMMON(port_note_routines)
#define common_port_setting COMMON(port_setting)
#define common_port_zero_dates_error COMMON(port_zero_dates_error)
#define common_port_is_zero_date COMMON(port_is_zero_date)
#define common_port_is_date COMMON(port_is_date)
#define common_port_boolean_value COMMON(port_boolean_value)
#define common_port_is_single_key COMMON(port_is_single_key)
#define common_port_is_sequence_key COMMON(port_is_sequence_key)
#define common_port_index_of_columns COMMON(port_index_of_columns)
#define common_port_parent_ported COMMON(port_parent_ported)
#define common_port_drops_zero_date COMMON(port_drops_zero_date)
#define common_port_enum_labels COMMON(port_enum_labels)
#define common_port_row_key COMMON(port_row_key)
#define common_port_check_settings COMMON(port_check_settings)
#define common_port_reject COMMON(port_reject)
#define common_port_note_changes COMMON(port_note_changes)
#define common_load_init COMMON(load_init)
#define common_load_add COMMON(load_add)
#define common_load_reject COMMON(load_reject)
#define common_load_end COMMON(load_end)
#define common_load_release COMMON(load_release)
#define common_portable_expression COMMON(portable_expression)
#define common_spell_portable COMMON(spell_portable)

/* ---- lock.c: waiting for the migration lock ---- */

/* A monotonic clock, in milliseconds. */
double common_now_ms(void);

/* A lock to wait for: try_take(ctx) asks once, without waiting, and sets
 * *got when the lock is this runner's now; describe(ctx) writes who holds
 * it ("pid 4242 (strata) since ..."), or nothing when it cannot tell. */
struct common_wait {
  const struct strata_host *host;
  const char *what; /* "migration lock", "migration lease" */
  const char *hint; /* what to do when it is never granted */
  void *ctx;
  int (*try_take)(void *ctx, int *got, struct strata_error *err);
  void (*describe)(void *ctx, char *out, size_t size);
};

/* Asks again and again, at intervals growing from 10 ms to half a second,
 * telling the user every 5 s who holds the lock, until it is granted or
 * timeout_ms have passed (a negative timeout_ms: no limit); then fails
 * with STRATA_ELOCK naming the holder. */
int common_wait(const struct common_wait *w, int timeout_ms,
                struct strata_error *err);

/* 64-bit FNV-1a of s, going on from h (COMMON_FNV1A_BASIS to start):
 * stable across builds and machines, so every runner agrees on a lock's
 * number or name. */
#define COMMON_FNV1A_BASIS UINT64_C(14695981039346656037)
uint64_t common_fnv1a(uint64_t h, const char *s);

/* A list of the sessions holding locks, written into the caller's out
 * (size bytes), "; " between them; what does not fit is cut.  A query's
 * rows of `columns` values each go through common_holders_row(), which
 * has add() write each (with common_holders_add()). */
struct common_holders {
  char *out;
  size_t size, used;
  int columns;
  void (*add)(struct common_holders *h, const char *const *values);
};
void common_holders_init(struct common_holders *h, char *out, size_t size,
                         int columns,
                         void (*add)(struct common_holders *h,
                                     const char *const *values));
/* A strata_row_fn; ctx is the struct common_holders. */
int common_holders_row(void *ctx, int columns, const char *const *values,
                       const size_t *lengths);
void common_holders_add(struct common_holders *h, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---- lease.c: the migration lock as a row of a table ---- */

#define COMMON_OWNER_SIZE 20

/* The few statements of a lease in the engine's SQL, on conn, about the
 * lease's table and key.  Each returns 0 or a negative STRATA_E* code. */
struct common_lease_ops {
  /* Creates the lease's table when it is missing. */
  int (*create_table)(struct strata_conn *conn, struct strata_error *err);
  /* Takes the row where it is absent or expired; *got when it did. */
  int (*try_take)(struct strata_conn *conn, int *got, struct strata_error *err);
  /* Pushes this owner's expiry on; *rows is 1 when it still held it. */
  int (*renew)(struct strata_conn *conn, int *rows, struct strata_error *err);
  /* Deletes the row of this owner (mine) or of anyone; *rows deleted. */
  int (*remove)(struct strata_conn *conn, int mine, int *rows,
                struct strata_error *err);
  /* Whether the table and a row for the key exist. */
  int (*find)(struct strata_conn *conn, int *found, struct strata_error *err);
  /* The row described: "strata pid 42 on build-7 since ..., expiring in
   * 12 s unless renewed"; "" when there is none. */
  void (*describe)(struct strata_conn *conn, char *out, size_t size);
  /* Whether a transaction is open, when no renewal may run. */
  int (*in_transaction)(struct strata_conn *conn);
  /* Who holds the engine's session lock for key, or "". */
  int (*session_holder)(struct strata_conn *conn, const char *key, char *out,
                        size_t size, struct strata_error *err);
};

struct common_lease {
  const struct common_lease_ops *ops;
  const struct strata_host *host;
  int wanted; /* lock() takes a lease rather than a session lock */
  int held;   /* and holds it */
  int ms;     /* its life after each renewal */
  double renewed_ms;
  char table[80]; /* "<key>_lock" */
  char key[72];
  char owner[COMMON_OWNER_SIZE]; /* this runner's token */
};

/* The setting lock: "lease", "session", or "auto", which takes a lease
 * where automatic() says one is needed (it is asked only then).  Sets
 * *is_lease; an unknown value is STRATA_EINVAL. */
int common_lease_choose(struct common_lease *l, struct strata_conn *conn,
                        const char *kind, int lease_ms,
                        int (*automatic)(struct strata_conn *conn, int *lease,
                                         struct strata_error *err),
                        int *is_lease, struct strata_error *err);
/* The driver's lock() under a lease: creates the table when it is missing
 * and waits, as common_wait(), for the row. */
int common_lease_take(struct common_lease *l, struct strata_conn *conn,
                      const char *key, int timeout_ms,
                      struct strata_error *err);
/* Renews the lease when a third of its life has passed, outside
 * transactions only: a renewal inside one would hold the row locked, and
 * vanish with a rollback.  A lease lost meanwhile is STRATA_ELOCK. */
int common_lease_keep(struct common_lease *l, struct strata_conn *conn,
                      struct strata_error *err);
/* Gives the row back; STRATA_ELOCK when this runner no longer held it. */
int common_lease_release(struct common_lease *l, struct strata_conn *conn,
                         struct strata_error *err);
/* strata unlock: the driver's lock_holder() (the lease's row, else the
 * session lock's holder) and clear_lease(). */
int common_lock_holder(struct common_lease *l, struct strata_conn *conn,
                       const char *key, char *out, size_t size, int *is_lease,
                       struct strata_error *err);
int common_lease_clear(struct common_lease *l, struct strata_conn *conn,
                       const char *key, char *out, size_t size,
                       struct strata_error *err);
/* "strata pid 42 on build-7": letters, digits, '.', '-' and '_' only, so
 * that it can stand in SQL as it is. */
void common_lease_holder_name(char *out, size_t size);

/* The neutral form's rewriting of a text of schema (text.c): *field,
 * unless NULL, becomes schema's copy of what rewrite() writes from it,
 * which is never longer than the text.  0, or STRATA_ENOMEM. */
int common_rewrite_text(const struct strata_host *host,
                        struct strata_schema *schema, const char **field,
                        void (*rewrite)(const char *text, char *out),
                        struct strata_error *err);

/* ---- port.c: what every port target does alike ---- */

/* A note to opt's note callback, when it has one. */
void common_port_note(const struct strata_render_options *opt,
                      enum strata_note_kind kind, const char *object,
                      const char *message, const char *source);
/* The same about "column <table>.<column>". */
void common_port_column_note(const struct strata_render_options *opt,
                             enum strata_note_kind kind, const char *table,
                             const char *column, const char *message,
                             const char *source);
/* A hand note of message with its source for each of schema's routines
 * ("procedure <name>", "function <name>"), which no port to another
 * engine translates. */
void common_port_note_routines(const struct strata_render_options *opt,
                               const struct strata_schema *schema,
                               const char *message);
/* The value of the mapping option key, or NULL when it is not given. */
const char *common_port_setting(const struct strata_render_options *opt,
                                const char *key);
/* Whether opt asks for zero dates to be rejected (zero_dates=error). */
int common_port_zero_dates_error(const struct strata_render_options *opt);
/* Whether the n bytes of v are a date with year, month or day 0
 * (0000-00-00, 2022-11-00 ...), which no engine but MySQL holds. */
int common_port_is_zero_date(const char *v, size_t n);
/* Whether a column of the type holds a day: date, timestamp, timestamptz. */
int common_port_is_date(enum strata_type type);
/* 1 or 0 for the text of a boolean default, -1 when it says neither. */
int common_port_boolean_value(const char *v);
/* Whether name is the whole of t's primary key. */
int common_port_is_single_key(const struct strata_table *t, const char *name);
/* Whether c is a single-column integer primary key numbered by
 * nextval(): a serial. */
int common_port_is_sequence_key(const struct strata_table *t,
                                const struct strata_column *c);
/* Whether v, column c's literal default, is a zero date, which a target
 * without them drops: a note says so. */
int common_port_drops_zero_date(const struct strata_render_options *opt,
                                const struct strata_table *t,
                                const struct strata_column *c, const char *v);
/* Whether index x is made of columns alone; when a part is an
 * expression, a note about object says the index is left out, to be
 * written by hand in engine's syntax ("MySQL"). */
int common_port_index_of_columns(const struct strata_render_options *opt,
                                 const struct strata_index *x,
                                 const char *object, const char *engine);
/* Whether the table foreign key fk of t references is in s, the tables
 * ported; when it is not, a note says the key is left out. */
int common_port_parent_ported(const struct strata_host *host,
                              const struct strata_render_options *opt,
                              const struct strata_schema *s,
                              const struct strata_table *t,
                              const struct strata_foreign_key *fk);
/* An enum's labels, *n of them: its own, or those of the type it names;
 * NULL when that type is not in s. */
const char **common_port_enum_labels(const struct strata_schema *s,
                                     const struct strata_column *c, size_t *n);
/* What a rejected row is known by, into buf: "id=42", the values of t's
 * primary key among the count columns names, or "row <number>". */
void common_port_row_key(const struct strata_table *t, const char *const *names,
                         size_t count, const char *const *values,
                         const size_t *lengths, unsigned long long number,
                         char *buf, size_t size);
/* Refuses, as STRATA_EINVAL, a mapping option other than
 * zero_dates=null|error and tinyint1, the ones a target other than
 * PostgreSQL reads: target says which ("a MySQL target"). */
int common_port_check_settings(const struct strata_host *host,
                               const struct strata_render_options *opt,
                               const char *target, struct strata_error *err);
/* Gives row number of table t (its count values, of the columns names)
 * to opt's reject callback, by its key and its values as text, cut at
 * 4000 bytes; without a callback, or when the callback fails, the row
 * fails the load: STRATA_EFAILED naming the reason. */
int common_port_reject(const struct strata_host *host,
                       const struct strata_render_options *opt,
                       const struct strata_table *t, const char *const *names,
                       size_t count, const char *const *values,
                       const size_t *lengths, unsigned long long number,
                       const char *reason, struct strata_error *err);
/* A note per column of t with values changed on the way in (changed[i]
 * of columns[i]): zero dates that became NULL, NaNs that became NULL,
 * integers beyond 64 bits that became REAL. */
void common_port_note_changes(const struct strata_render_options *opt,
                              const struct strata_table *t,
                              const struct strata_column *const *columns,
                              const unsigned long long *changed, size_t count);

/* What a port target's load (its struct strata_load) keeps whatever the
 * engine: where the rows go, the columns loaded, and the counts. */
struct common_load {
  struct strata_conn *conn;
  const struct strata_host *host;
  const struct strata_render_options *opt;
  const struct strata_table *table;
  enum strata_load_mode mode;
  strata_write_fn digest;
  void *digest_ctx;
  const struct strata_column **columns; /* those loaded, in order */
  const char **names;                   /* their names */
  unsigned long long *changed;          /* values changed, per column */
  size_t count;
  unsigned long long rows, rejected, changed_values;
  int zero_error;           /* zero_dates=error, read once, not per row */
  struct strata_error *err; /* the current call's */
};

/* Fills b for a load of table, with room for all its columns and none
 * chosen yet; -1 when memory runs out (b is then released as it is). */
int common_load_init(struct common_load *b, struct strata_conn *conn,
                     const struct strata_host *host,
                     const struct strata_table *table,
                     const struct strata_render_options *opt,
                     enum strata_load_mode mode, strata_write_fn digest,
                     void *digest_ctx, struct strata_error *err);
/* Adds c to the columns loaded. */
void common_load_add(struct common_load *b, const struct strata_column *c);
/* Counts the row (its number given) as rejected and hands it to the
 * reject callback, as common_port_reject(). */
int common_load_reject(struct common_load *b, const char *const *values,
                       const size_t *lengths, unsigned long long number,
                       const char *reason);
/* A load's end: a copy that completed notes the values it changed; stats,
 * when given, receives the counts. */
void common_load_end(struct common_load *b, int completed,
                     struct strata_load_stats *stats);
void common_load_release(struct common_load *b);

/* ---- expr_read.c: an engine's expression as portable text ---- */

/* A function as an engine writes it: the name it has in the portable
 * text, or NULL and the reason it is refused. */
struct common_function {
  const char *name; /* lower case */
  const char *portable;
  const char *refusal;
};

/* What sets an engine's expressions apart (a source driver's). */
struct common_dialect {
  const char *name_quotes; /* the characters that open a quoted name */
  /* What a backslash and the character after it stand for in a string,
   * or NULL: a backslash is itself. */
  char (*unescaped)(char c);
  int charset_introducers; /* _utf8mb4'text' is 'text' */
  int bare_names;          /* a word that is no keyword is a name */
  /* A name must be a column of the expression's table, or a table or a
   * view (in a view, any table's column), and is written as the model
   * spells it (SQLite reads "x" that names nothing as a string). */
  int names_resolved;
  int names_any_case;                      /* and matches in any case */
  const struct common_function *functions; /* ended by a NULL name */
};

/* driver.h's portable_expression(), for an engine's dialect d. */
int common_portable_expression(const struct strata_host *host,
                               const struct common_dialect *d,
                               const struct strata_schema *schema,
                               const struct strata_table *table,
                               enum strata_expression_kind kind,
                               const char *text, strata_write_fn write,
                               void *ctx, struct strata_error *err);

/* ---- expr_write.c: portable text as a port's target writes it ---- */

struct common_spelling {
  void *ctx;
  void (*name)(void *ctx, const char *name);    /* a name, unquoted */
  void (*string)(void *ctx, const char *value); /* a string's value */
  void (*put)(void *ctx, const char *text, size_t length); /* the rest */
  /* Pairs of a function's portable name and the target's, ended by a
   * NULL; may be NULL. */
  const char *const *renames;
};

/* Writes text, canonical portable text, through s; -1 when memory runs
 * out. */
int common_spell_portable(const char *text, const struct common_spelling *s);

/* Declares the members of struct strata_driver a port target loads and
 * reads its rows back with, as prefix_load_begin(), prefix_load_row(),
 * prefix_load_end() and prefix_digest_rows(). */
#define COMMON_PORT_LOAD_DECLARE(prefix)                                       \
  int prefix##_load_begin(                                                     \
      struct strata_conn *conn, const struct strata_schema *schema,            \
      const struct strata_table *table,                                        \
      const struct strata_render_options *opt, enum strata_load_mode mode,     \
      strata_write_fn digest, void *digest_ctx, struct strata_load **out,      \
      const char *const **columns, size_t *column_count,                       \
      struct strata_error *err);                                               \
  int prefix##_load_row(struct strata_load *load, const char *const *values,   \
                        const size_t *lengths, struct strata_error *err);      \
  int prefix##_load_end(struct strata_load *load, int abort,                   \
                        struct strata_load_stats *stats,                       \
                        struct strata_error *err);                             \
  int prefix##_digest_rows(                                                    \
      struct strata_conn *conn, const struct strata_schema *schema,            \
      const struct strata_table *table,                                        \
      const struct strata_render_options *opt, strata_write_fn digest,         \
      void *ctx, struct strata_error *err)

#endif
