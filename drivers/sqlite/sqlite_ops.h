/*
 * sqlite_ops.h - what render_ops.c and render_rebuild.c share: one
 * rendering of portable ops, and a table whose portable columns are given
 * SQLite's declared types.
 */
#ifndef STRATA_DRIVERS_SQLITE_OPS_H
#define STRATA_DRIVERS_SQLITE_OPS_H

#include "sqlite.h"

/* The end of a refusal that needs the table as the database has it. */
#define SQLITE_NEEDS_LIVE_SCHEMA                                               \
  "render with --url against the database, as strata up does"

struct sqlite_ops {
  const struct strata_host *host;
  const struct strata_schema *before, *after;
  strata_write_fn write;
  void *ctx;
  unsigned *needs;
  struct strata_error *err;
  struct sqlite_text statement; /* the statement being built */
  struct sqlite_text notes;     /* "-- note:" lines it gets */
};

/* A copy of a table that sqlite_render_table() can write: each portable
 * column (no type_text) gets its declared type, and each enum a CHECK of
 * its labels.  Holds its own memory; the strings are borrowed. */
struct sqlite_local {
  struct strata_table table;
  struct strata_column *columns;
  struct strata_column **column_ptrs;
  struct strata_check *checks;
  struct strata_check **check_ptrs;
  char (*types)[48];
  struct sqlite_text *enums;
};

/* -1 when memory runs out; name, when set, replaces the table's. */
int sqlite_local_init(struct sqlite_local *l, const struct strata_table *t,
                      const char *name);
void sqlite_local_release(struct sqlite_local *l);

/* A "-- note:" line for the next statement: where SQLite differs. */
void sqlite_ops_note(struct sqlite_ops *r, const char *what, const char *name,
                     const char *text);
/* The notes a portable column gets, if any. */
void sqlite_ops_note_column(struct sqlite_ops *r, const struct strata_column *c);
/* Writes the notes and the statement built, terminated, and empties
 * them. */
int sqlite_ops_flush(struct sqlite_ops *r);
/* STRATA_ENOTSUP with fmt (one %s, name), located at op. */
int sqlite_ops_refuse(struct sqlite_ops *r, const struct strata_op *op,
                      const char *fmt, const char *name);
/* The table of that name in a model, or NULL. */
const struct strata_table *sqlite_ops_table(const struct strata_schema *m,
                                            const char *name);
/* CREATE [UNIQUE] INDEX from the model's parts (IF NOT EXISTS in flags). */
void sqlite_ops_index(struct sqlite_text *b, const char *table,
                      const struct strata_index *x, unsigned flags);
/* Whether text names name as a whole word, quoted or not, in any case. */
int sqlite_ops_mentions(const char *text, const char *name);

/* render_rebuild.c: the ops of one ALTER TABLE as a rebuild of its table
 * (SQLite's twelve steps; the guard does the foreign-key steps). */
int sqlite_rebuild(struct sqlite_ops *r, const struct strata_op *const *ops,
                   size_t n);

/* render_ops.c */
int sqlite_render_ops(const struct strata_host *host,
                      const struct strata_schema *before,
                      const struct strata_schema *after,
                      const struct strata_op *const *ops, size_t op_count,
                      const struct strata_render_options *opt,
                      strata_write_fn write, void *ctx, unsigned *needs,
                      struct strata_error *err);
/* guard.c: foreign keys off around a rebuild, checked before commit. */
int sqlite_guard(struct strata_conn *conn, enum strata_guard_step step,
                 unsigned needs, struct strata_error *err);
/* neutral.c: the model in portable terms (driver.h, neutral_form). */
int sqlite_neutral_form(const struct strata_host *host,
                        struct strata_schema *schema, unsigned *lacks,
                        struct strata_error *err);

#endif
