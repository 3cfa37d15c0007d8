/*
 * ops.h - portable migrations: neutral operations, the plugin that parses
 * them, and what a driver needs to run them.
 *
 * A portable migration (VERSION_name.portable.up.sql) is written once in a
 * whitelisted subset of PostgreSQL's DDL and DML.  A parser plugin (kind
 * STRATA_PLUGIN_PORTABLE) turns its text into a list of struct strata_op;
 * each driver's render_ops() writes them in its own dialect.  The parser
 * is a plugin, not part of libstrata, because it links libpg_query, and
 * neither libstrata nor the strata command links a database library.
 *
 * Everything an op points to lives in a struct strata_schema the caller
 * owns (its engine is "portable"), grown through the host's schema_
 * functions, so one strata_schema_free() releases a parsed file.
 *
 * Objects an op carries are in neutral form: a column has no type_text
 * (its type is the neutral fields), and every expression (a column's
 * default_expr, a check's expression, an index's predicate or expression
 * part, a WHERE clause, a value) is canonical portable text: identifiers
 * in double quotes, strings in standard single quotes with no backslash
 * escapes, TRUE and FALSE, NULL, numbers as written, the operators of the
 * whitelist, parentheses around every operation.  That text is valid
 * PostgreSQL and SQLite as it is; MySQL requotes its identifiers.
 */
#ifndef STRATA_OPS_H
#define STRATA_OPS_H

#include <stddef.h>
#include <strata/error.h>
#include <strata/plugin.h>
#include <strata/schema.h>

#ifdef __cplusplus
extern "C" {
#endif

struct strata_host; /* driver.h */

enum strata_op_kind {
  STRATA_OP_CREATE_TABLE,    /* def */
  STRATA_OP_DROP_TABLE,      /* table */
  STRATA_OP_RENAME_TABLE,    /* table -> new_name */
  STRATA_OP_ADD_COLUMN,      /* table, column */
  STRATA_OP_DROP_COLUMN,     /* table, name */
  STRATA_OP_RENAME_COLUMN,   /* table, name -> new_name */
  STRATA_OP_ALTER_TYPE,      /* table, name, column (neutral type only) */
  STRATA_OP_SET_DEFAULT,     /* table, name, column (default only) */
  STRATA_OP_DROP_DEFAULT,    /* table, name */
  STRATA_OP_SET_NOT_NULL,    /* table, name */
  STRATA_OP_DROP_NOT_NULL,   /* table, name */
  STRATA_OP_ADD_PRIMARY_KEY, /* table, key (named) */
  STRATA_OP_ADD_UNIQUE,      /* table, key (named) */
  STRATA_OP_ADD_CHECK,       /* table, check (named) */
  STRATA_OP_ADD_FOREIGN_KEY, /* table, foreign_key (named) */
  STRATA_OP_DROP_CONSTRAINT, /* table, name; key when it is the derived
                                down of ADD PRIMARY KEY, which an engine
                                may have named its own way */
  STRATA_OP_CREATE_INDEX,    /* table, index */
  STRATA_OP_DROP_INDEX,      /* name; table when the model knows it */
  STRATA_OP_RENAME_INDEX,    /* name -> new_name; table as DROP_INDEX */
  STRATA_OP_INSERT,          /* table, columns, values (row-major) */
  STRATA_OP_UPDATE,          /* table, columns, values (one each), where */
  STRATA_OP_DELETE,          /* table, where */
  STRATA_OP_COMMENT          /* table[, name for a column], text (NULL
                                clears) */
};

enum strata_op_flag {
  STRATA_OP_IF_EXISTS = 1u << 0,
  STRATA_OP_IF_NOT_EXISTS = 1u << 1,
  STRATA_OP_CONCURRENTLY = 1u << 2 /* PostgreSQL index build */
};

struct strata_op {
  enum strata_op_kind kind;
  unsigned flags; /* enum strata_op_flag */
  const char *table;
  const char *name;
  const char *new_name;
  const struct strata_table *def; /* CREATE_TABLE */
  const struct strata_column *column;
  const struct strata_key *key;
  const struct strata_check *check;
  const struct strata_foreign_key *foreign_key;
  const struct strata_index *index;
  const char **columns; /* INSERT, UPDATE */
  size_t column_count;
  const char **values; /* INSERT: row_count rows of column_count */
  size_t row_count;
  const char *where; /* UPDATE, DELETE; NULL for every row */
  const char *text;  /* COMMENT */
  long offset;       /* of the statement in the file, for messages */
  size_t group;      /* the same number for ops of one ALTER TABLE */
};

/* The parser plugin: the module portable_parser, plugin name "parser". */
struct strata_portable_parser {
  struct strata_plugin plugin; /* kind == STRATA_PLUGIN_PORTABLE */

  /* Parses length bytes of text, a whole portable file, into ops
   * appended to *ops and *op_count (both start empty) and allocated in
   * owner through the host.  A statement or clause outside the portable
   * dialect is STRATA_ESOURCE naming the construct, with err->offset at
   * its byte in text (the caller turns it into file:line:col). */
  int (*parse)(const struct strata_host *host, const char *text,
               size_t length, struct strata_schema *owner,
               struct strata_op ***ops, size_t *op_count,
               struct strata_error *err);
};

/* What rendered ops need from the run around them (render_ops' *needs). */
enum strata_render_need {
  /* Foreign keys off before the transaction begins, checked before it
   * commits, restored after it ends: a SQLite table rebuild. */
  STRATA_NEED_FOREIGN_KEYS_OFF = 1u << 0,
  /* The statements cannot run in a transaction (CREATE INDEX
   * CONCURRENTLY). */
  STRATA_NEED_NO_TRANSACTION = 1u << 1
};

/* When the run calls a driver's guard(). */
enum strata_guard_step {
  STRATA_GUARD_BEFORE_BEGIN,  /* no transaction open yet */
  STRATA_GUARD_BEFORE_COMMIT, /* inside the migration's transaction */
  STRATA_GUARD_AFTER_END      /* after COMMIT or ROLLBACK; always called
                                 when BEFORE_BEGIN succeeded */
};

#ifdef __cplusplus
}
#endif
#endif
