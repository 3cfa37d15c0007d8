/*
 * lint_mysql.h - what the MySQL and MariaDB rule set's files share.
 *
 * The driver's splitter has cut the script into statements (DELIMITER,
 * procedures and backslash escapes are its business); these rules read
 * each statement as tokens (../lint_common/tokens.h).
 */
#ifndef STRATA_LINT_MYSQL_H
#define STRATA_LINT_MYSQL_H

#include <strata/lint.h>

#include "../lint_common/names.h"
#include "../lint_common/report.h"
#include "../lint_common/tokens.h"

#define MY_NAME_LEN 256

struct my_lint {
  const struct strata_lint_host *host;
  struct names tables;  /* table -> tag: the script that created it */
  struct names columns; /* "table.column" -> its type as written */
  int script;           /* the number of the script being read */
};

/* Whether table was created by the script being read. */
int my_created_here(const struct my_lint *s, const char *table);

/* The type of a column definition starting at from (its first word), as
 * one lower-case text with integer types in one spelling: "int unsigned"
 * for INTEGER(11) UNSIGNED. */
void my_type_text(const struct toks *t, size_t from, size_t to, char *out,
                  size_t n);

/* Remembers the columns of a CREATE TABLE's list, which opens at i. */
void my_remember_columns(struct my_lint *s, const struct toks *t,
                         const char *table, size_t i);
/* Remembers one column definition from..to (name first). */
void my_remember_column(struct my_lint *s, const struct toks *t,
                        const char *table, size_t from, size_t to);

/* Reads an ALTER TABLE whose table name is at token i. */
void my_alter_table(struct my_lint *s, const struct toks *t, size_t i);

/* The module's one export. */
const struct strata_plugin *lint_mysql_LTX_strata_plugin_entry(void);

#endif
