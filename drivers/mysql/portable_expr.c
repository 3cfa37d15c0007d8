/*
 * portable_expr.c - a MySQL or MariaDB expression as portable text
 * (driver.h, portable_expression): checks, generated columns, expression
 * defaults and view SELECTs, as the server prints them back.
 *
 * The server quotes every name in backticks, writes strings with
 * backslash escapes and sometimes a character set introducer
 * (_utf8mb4'text'), and keeps an expression default in parentheses,
 * which stay: the reading itself is drivers/common/expr_read.c's.  What
 * is MySQL's own is refused by name: length() counts bytes here and
 * characters elsewhere (char_length() carries), concat() gives NULL for
 * any NULL where PostgreSQL's skips them, and every function the other
 * engines do not share.
 */
#include "mysqldrv.h"

char mysqldrv_unescaped(char c) {
  switch (c) {
  case '0': return '\0';
  case 'b': return '\b';
  case 'n': return '\n';
  case 'r': return '\r';
  case 't': return '\t';
  case 'Z': return '\032';
  default: return c;
  }
}

static const struct common_function mysql_functions[] = {
    {"char_length", "char_length", NULL},
    {"lcase", "lower", NULL}, /* MariaDB prints lower() so */
    {"ucase", "upper", NULL},
    {"character_length", "char_length", NULL},
    {"length", NULL,
     "length() counts bytes in MySQL and characters elsewhere (char_length() "
     "carries)"},
    {"concat", NULL,
     "concat(), which gives NULL for any NULL in MySQL and skips NULLs in "
     "PostgreSQL"},
    {"if", NULL, "if() is a MySQL function (CASE WHEN carries)"},
    {"ifnull", NULL, "ifnull() is a MySQL function (coalesce() carries)"},
    {NULL, NULL, NULL}};

static const struct common_dialect mysql_dialect = {
    .name_quotes = "`",
    .unescaped = mysqldrv_unescaped,
    .charset_introducers = 1,
    .functions = mysql_functions,
};

int mysqldrv_portable_expression(const struct strata_host *host,
                                 const struct strata_schema *schema,
                                 const struct strata_table *table,
                                 enum strata_expression_kind kind,
                                 const char *text, strata_write_fn write,
                                 void *ctx, struct strata_error *err) {
  return common_portable_expression(host, &mysql_dialect, schema, table, kind,
                                    text, write, ctx, err);
}
