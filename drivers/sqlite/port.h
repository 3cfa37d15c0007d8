/*
 * port.h - what render_port.c and load.c share: SQLite as a port's target.
 *
 * A model read from another engine is written through the same CREATE
 * TABLE writer a dump uses (render_table.c), from a copy of each table
 * whose columns carry SQLite's declared types and defaults; load.c binds
 * each canonical value (driver.h) by the column's neutral type.
 */
#ifndef STRATA_DRIVERS_SQLITE_PORT_H
#define STRATA_DRIVERS_SQLITE_PORT_H

#include "common.h"
#include "sqlite.h"

/* The declared type a column of another engine gets, into buf. */
void sqlite_port_type(const struct strata_schema *schema,
                      const struct strata_column *c, char *buf, size_t size);
/* Whether the column's values are copied: not when SQLite computes them
 * (a generated column). */
int sqlite_port_is_copied(const struct strata_column *c);

/* portable_expr.c: an expression as portable text (driver.h,
 * portable_expression). */
int sqlite_portable_expression(const struct strata_host *host,
                               const struct strata_schema *schema,
                               const struct strata_table *table,
                               enum strata_expression_kind kind,
                               const char *text, strata_write_fn write,
                               void *ctx, struct strata_error *err);

/* port_expr.c: an expression in portable text (a model from another
 * engine holds them so) appended to out as SQLite. */
void sqlite_port_expression(const char *portable, struct sqlite_text *out);

/* port_form.c: the model in a port's neutral terms (driver.h,
 * port_form). */
int sqlite_port_form(const struct strata_host *host,
                     struct strata_schema *schema, strata_note_fn note,
                     void *note_ctx, struct strata_error *err);

/* render_port.c */
int sqlite_render_port(const struct strata_host *host,
                       const struct strata_schema *schema,
                       const struct strata_render_options *opt,
                       strata_write_fn write, void *ctx,
                       struct strata_error *err);

/* read_rows.c: a table's rows as a port's source, canonical values. */
int sqlite_read_rows(struct strata_conn *conn, const char *table,
                     const char *const *columns, size_t column_count,
                     strata_row_fn on_row, void *ctx, struct strata_error *err);

/* load.c */
COMMON_PORT_LOAD_DECLARE(sqlite);

#endif
