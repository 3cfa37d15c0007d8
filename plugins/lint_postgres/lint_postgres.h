/*
 * lint_postgres.h - what the PostgreSQL rule set's files share.
 *
 * Each statement is parsed by libpg_query, the server's own grammar, into
 * its JSON parse tree, which jansson reads.  The rules look at the parse
 * nodes (IndexStmt, AlterTableStmt, ...) rather than the text, so quoting,
 * comments and odd spacing cannot hide a statement from them.
 */
#ifndef STRATA_LINT_POSTGRES_H
#define STRATA_LINT_POSTGRES_H

#include <jansson.h>
#include <strata/lint.h>

#include "../lint_common/names.h"

/* The memory of one run over a set of migrations. */
struct pg_lint {
  const struct strata_lint_host *host;
  struct names tables;      /* table -> tag: the script that created it */
  struct names columns;     /* "table.column" -> its type, as written */
  struct names checks;      /* "table.constraint" -> the column of a NOT
                             * VALID CHECK (column IS NOT NULL) */
  struct names not_null_ok; /* "table.column" with a validated such check */
  int script;               /* the number of the script being read */
  size_t base;              /* the statement's offset in its script */
};

/* Reads one parsed statement (the object under "stmt"). */
void pg_lint_statement(struct pg_lint *s, json_t *stmt);

/* The node of type inside a wrapper {"Type": {...}}, or NULL. */
json_t *pg_node(json_t *wrapper, const char *type);
/* A string member, or NULL. */
const char *pg_string(json_t *obj, const char *key);
/* The "location" member, or -1 when the node has none. */
long pg_location(json_t *obj);
/* The last name of a list of {"String": {"sval": ...}}, or NULL. */
const char *pg_last_name(json_t *list);
/* A type as written: "varchar(10)", "numeric(12,2)", "text[]". */
void pg_type_text(json_t *type_name, char *out, size_t n);

/* The module's one export. */
const struct strata_plugin *lint_postgres_LTX_strata_plugin_entry(void);

#endif
