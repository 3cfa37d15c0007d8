/*
 * port.h - what port_types.c, render_port.c and load.c share: MySQL and
 * MariaDB as a port's target.
 *
 * A model read from another engine is written through the writers a dump
 * uses (render_table.c), from a copy of each table whose names, types
 * and defaults are MySQL's; load.c sends each canonical value (driver.h)
 * by the column's neutral type, in batches of LOAD DATA LOCAL INFILE (a
 * batch MySQL warns about goes again as INSERTs).
 */
#ifndef STRATA_DRIVERS_MYSQL_PORT_H
#define STRATA_DRIVERS_MYSQL_PORT_H

#include "mysqldrv.h"

/* Room for any name mysqldrv_port_name() writes. */
enum { MYSQLDRV_PORT_NAME_SIZE = 260 };

/* What every rendering starts with, and what a port's sessions run:
 * strict values (a value MySQL cannot hold is refused, not bent), an
 * explicit 0 kept in an AUTO_INCREMENT column, foreign keys unchecked so
 * rows load in any order and keys are added without a scan, UTC. */
extern const char mysqldrv_port_session[];

/* The name MySQL gives a name of another engine: itself, or, when longer
 * than MySQL's 64 characters, its first 55 and a hash of the whole.
 * Writes at most MYSQLDRV_PORT_NAME_SIZE bytes into buf; returns whether
 * the name was shortened. */
int mysqldrv_port_name(const char *name, char *buf);
/* The column's MySQL type, appended to out: t is its table (a text column
 * in a key gets a length). */
void mysqldrv_port_type(const struct strata_schema *schema,
                        const struct strata_table *t,
                        const struct strata_column *c,
                        struct mysqldrv_text *out);
/* Whether a column of t is part of a key, an index or a foreign key. */
int mysqldrv_port_in_key(const struct strata_table *t, const char *column);
/* Whether the column's canonical values are bytes (sent as hex). */
int mysqldrv_port_is_bytes(const struct strata_column *c);

/* port_expr.c: an expression in portable text (a model from another
 * engine holds them so) appended to out as MySQL. */
void mysqldrv_port_expression(const char *portable, struct mysqldrv_text *out);
/* Whether the column's values are copied: not when MySQL computes them
 * (a generated column). */
int mysqldrv_port_is_copied(const struct strata_column *c);

/* One rendering of a port's model: statements gather in out, each part
 * written to write/ctx as it is complete. */
struct mysqldrv_port_render {
  const struct strata_host *host;
  const struct strata_schema *schema;
  const struct strata_render_options *opt;
  strata_write_fn write;
  void *ctx;
  struct strata_error *err;
  struct mysqldrv_text out;
};

/* render_port.c */
/* Writes what r->out holds (statements ending in ";\n"), and empties it. */
int mysqldrv_port_flush(struct mysqldrv_port_render *r);
/* What every rendering starts with: the statement that gives the session
 * what a port needs (mysqldrv_port_session), written out. */
int mysqldrv_port_start(struct mysqldrv_port_render *r);
/* DROP: what parts made (STRATA_RENDER_VIEWS, _TABLES, and _TYPES for the
 * routines), dependents first: views, then tables (their triggers go with
 * them), then routines, each IF EXISTS by the name it has on MySQL
 * (mysqldrv_port_name(), which keeps a MySQL name as it is). */
int mysqldrv_port_render_drop(struct mysqldrv_port_render *r, unsigned parts);
/* ORPHANS: per foreign key whose parent is ported, in the model's order,
 * the query of its table's rows whose parent is missing. */
int mysqldrv_port_render_orphans(struct mysqldrv_port_render *r);
int mysqldrv_render_port(const struct strata_host *host,
                         const struct strata_schema *schema,
                         const struct strata_render_options *opt,
                         strata_write_fn write, void *ctx,
                         struct strata_error *err);

/* render_port_same.c: a model read from MySQL or MariaDB, copied from
 * its own text; the loads take its values as they are. */
int mysqldrv_is_own_model(const struct strata_schema *schema);
int mysqldrv_render_port_same(struct mysqldrv_port_render *r);

/* load.c and digest.c */
COMMON_PORT_LOAD_DECLARE(mysqldrv);

#endif
