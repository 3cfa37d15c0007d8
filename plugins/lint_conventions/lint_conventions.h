/*
 * lint_conventions.h - what the conventions rule set's files share.
 *
 * read.c turns each statement into facts (a table created, a column, a
 * primary key, an index's columns, a foreign key's columns); plugin.c
 * judges them when a script ends, so that a key or an index added later
 * in the same script counts.
 */
#ifndef STRATA_LINT_CONVENTIONS_H
#define STRATA_LINT_CONVENTIONS_H

#include <strata/lint.h>

#include "../lint_common/names.h"
#include "../lint_common/tokens.h"

#define CONV_NAME_LEN 256

struct conv_lint {
  const struct strata_lint_host *host;
  int mysql;            /* InnoDB indexes foreign key columns itself */
  struct names tables;  /* table -> tag: the script that created it */
  struct names created; /* tables created by this script -> offset */
  struct names columns; /* "table.column" */
  struct names keyed;   /* tables with a primary key */
  struct names indexes; /* "table(a,b)": an index's leading columns */
  struct names foreign; /* "table(a,b)" of this script's foreign keys
                         * -> offset */
  int script;
};

/* Reads one statement's facts; reports money-float and idempotent-create,
 * which need no later statement. */
void conv_read_statement(struct conv_lint *s, const struct toks *t);

/* The module's one export. */
const struct strata_plugin *lint_conventions_LTX_strata_plugin_entry(void);

#endif
