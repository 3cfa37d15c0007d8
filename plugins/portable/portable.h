/*
 * portable.h - what the files of the portable-migration parser share.
 *
 * plugin.c holds the table the core loads and walks the statements of a
 * file; parse_table.c reads CREATE TABLE and its columns and constraints,
 * parse_alter.c the other DDL, parse_data.c INSERT, UPDATE, DELETE and
 * COMMENT, parse_type.c type names, parse_expr.c expressions, which it
 * writes as canonical portable text (ops.h).  json.c reads the parse tree
 * libpg_query hands over as JSON.
 *
 * Every function that can fail returns 0 or a negative strata code, the
 * error already set, so a walk stops at the first refusal.
 */
#ifndef STRATA_PLUGINS_PORTABLE_H
#define STRATA_PLUGINS_PORTABLE_H

#include <jansson.h>
#include <strata/driver.h>
#include <strata/ops.h>

/* The longest name every engine takes (PostgreSQL's limit). */
#define PORTABLE_NAME_MAX 63

/* The hint every refusal ends with. */
#define PORTABLE_HINT                                                          \
  "; write it in an engine's own file (VERSION_name.postgres.up.sql, "        \
  ".mysql.up.sql, .sqlite.up.sql)"

struct pp {
  const struct strata_host *host;
  struct strata_schema *owner;
  struct strata_op ***ops;
  size_t *op_count;
  struct strata_error *err;
  const char *text; /* the file */
  size_t length;
  long stmt_offset; /* where the statement being read begins */
  size_t group;     /* the last ALTER TABLE's number */
};

/* A growable string; failed is set when memory ran out. */
struct ptext {
  char *data;
  size_t len, cap;
  int failed;
};

/* plugin.c: the module's one exported symbol. */
const struct strata_plugin *portable_parser_LTX_strata_plugin_entry(void);

/* json.c */
json_t *pp_node(json_t *value, const char **type); /* {"Type": {...}} */
const char *pp_str(json_t *obj, const char *key);
long long pp_int(json_t *obj, const char *key, long long absent);
int pp_bool(json_t *obj, const char *key);
/* The "sval" of a String node, or NULL. */
const char *pp_string_node(json_t *value);
/* The node's own location, else the statement's. */
long pp_where(const struct pp *pp, json_t *obj);
/* Refuses every key of obj that is not in allowed (NULL-terminated),
 * naming the clause from names ("key", "CLAUSE", ... NULL). */
int pp_only_keys(struct pp *pp, json_t *obj, const char *const *allowed,
                 const char *const *names);
int pp_refuse(struct pp *pp, long offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int pp_nomem(struct pp *pp);
/* A portable name: [a-z_][a-z0-9_]*, at most PORTABLE_NAME_MAX bytes. */
int pp_name(struct pp *pp, const char *name, long offset);
/* A copy owned by the model. */
const char *pp_dup(struct pp *pp, const char *text);
/* A new op of kind, appended to the file's list. */
struct strata_op *pp_op(struct pp *pp, enum strata_op_kind kind, long offset);
/* A RangeVar's relname, checked: no schema, no TEMP or UNLOGGED. */
int pp_relation(struct pp *pp, json_t *rangevar, const char **name);
/* Appends each name of a list of String nodes to *array. */
int pp_names(struct pp *pp, json_t *list, const char ***array, size_t *count);

void ptext_add(struct ptext *t, const char *s);
void ptext_addn(struct ptext *t, const char *s, size_t n);
void ptext_release(struct ptext *t);

/* parse_expr.c: what an expression may hold. */
enum pp_expr_use {
  PP_EXPR_DEFAULT, /* a literal, NULL, CURRENT_TIMESTAMP, CURRENT_DATE */
  PP_EXPR_VALUE,   /* no column: an INSERT's values */
  PP_EXPR_ANY      /* columns of the table too */
};
int pp_expr(struct pp *pp, json_t *node, enum pp_expr_use use,
            const char **out);
/* What pp_expr gave a default: its kind and, for a literal, its value. */
int pp_default(struct pp *pp, json_t *node, struct strata_column *c);

/* parse_type.c: fills c's neutral type from a TypeName. */
int pp_type(struct pp *pp, json_t *type_name, struct strata_column *c);

/* parse_table.c */
int pp_create_table(struct pp *pp, json_t *stmt);
/* A ColumnDef of ADD COLUMN: the column and no constraint but NULL, NOT
 * NULL and DEFAULT. */
int pp_column(struct pp *pp, json_t *def, struct strata_table *t,
              struct strata_column **out);
/* A named table constraint of ALTER TABLE ... ADD CONSTRAINT. */
int pp_add_constraint(struct pp *pp, json_t *con, const char *table);

/* parse_alter.c */
int pp_alter_table(struct pp *pp, json_t *stmt);
int pp_rename(struct pp *pp, json_t *stmt);
int pp_drop(struct pp *pp, json_t *stmt);
int pp_create_index(struct pp *pp, json_t *stmt);

/* parse_data.c */
int pp_insert(struct pp *pp, json_t *stmt);
int pp_update(struct pp *pp, json_t *stmt);
int pp_delete(struct pp *pp, json_t *stmt);
int pp_comment(struct pp *pp, json_t *stmt);

#endif
