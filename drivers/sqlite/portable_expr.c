/*
 * portable_expr.c - an SQLite expression as portable text (driver.h,
 * portable_expression): checks, generated columns, expression defaults,
 * index predicates and parts, and view SELECTs, as written in the schema.
 *
 * SQLite keeps the text as it was written, so it differs from portable
 * text in its names only: "name", [name] and `name` are names, a bare
 * word may be one, and SQLite matches them in any case (QTY is the column
 * qty) and reads a "name" that names nothing as a string; so every name
 * must be a column of the expression's table, or a table or a view, and
 * is written as the model spells it.  A backslash in a string is itself.
 * Its length() counts characters, as PostgreSQL's does.  The reading
 * itself is drivers/common/expr_read.c's.
 */
#include "port.h"

static const struct common_function sqlite_functions[] = {
    {"length", "length", NULL}, {NULL, NULL, NULL}};

static const struct common_dialect sqlite_dialect = {
    .name_quotes = "\"[`",
    .bare_names = 1,
    .names_resolved = 1,
    .names_any_case = 1,
    .functions = sqlite_functions,
};

int sqlite_portable_expression(const struct strata_host *host,
                               const struct strata_schema *schema,
                               const struct strata_table *table,
                               enum strata_expression_kind kind,
                               const char *text, strata_write_fn write,
                               void *ctx, struct strata_error *err) {
  return common_portable_expression(host, &sqlite_dialect, schema, table, kind,
                                    text, write, ctx, err);
}
