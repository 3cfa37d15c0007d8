/*
 * parse_alter.c - ALTER TABLE, renames, DROP and CREATE INDEX.
 *
 * The subcommands of one ALTER TABLE become ops sharing a group number, so
 * an engine can run them as one statement (MySQL) or one table rebuild
 * (SQLite).
 */
#include "portable.h"

#include <string.h>

static int refuse(struct pp *pp, json_t *obj, const char *what) {
  return pp_refuse(pp, pp_where(pp, obj),
                   "%s is not in the portable dialect" PORTABLE_HINT, what);
}

static int no_cascade(struct pp *pp, json_t *obj) {
  const char *b = pp_str(obj, "behavior");
  return b && strcmp(b, "DROP_CASCADE") == 0 ? refuse(pp, obj, "CASCADE") : 0;
}

/* A column named by a subcommand, checked and copied. */
static int column_name(struct pp *pp, json_t *cmd, const char **out) {
  const char *name = pp_str(cmd, "name");
  int rc = pp_name(pp, name, pp->stmt_offset);
  if (rc == 0 && (*out = pp_dup(pp, name)) == NULL)
    rc = pp_nomem(pp);
  return rc;
}

static struct strata_op *column_op(struct pp *pp, enum strata_op_kind kind,
                                   const char *table, json_t *cmd, int *rc) {
  struct strata_op *op = pp_op(pp, kind, pp->stmt_offset);
  if (op == NULL) {
    *rc = STRATA_ENOMEM;
    return NULL;
  }
  op->table = table;
  op->group = pp->group;
  *rc = column_name(pp, cmd, &op->name);
  return *rc ? NULL : op;
}

/* A column carried by ADD COLUMN, ALTER TYPE and SET DEFAULT lives in a
 * table of its own, never part of the model. */
static struct strata_table *scratch_table(struct pp *pp, const char *name) {
  struct strata_table **slot = NULL;
  size_t n = 0;
  struct strata_table *t = pp->host->schema_append(pp->owner, &slot, &n,
                                                   sizeof *t);
  if (t != NULL)
    t->name = name;
  return t;
}

static int add_column(struct pp *pp, const char *table, json_t *cmd) {
  if (pp_bool(cmd, "missing_ok"))
    return refuse(pp, cmd, "ADD COLUMN IF NOT EXISTS");
  struct strata_table *t = scratch_table(pp, table);
  struct strata_op *op = t ? pp_op(pp, STRATA_OP_ADD_COLUMN, pp->stmt_offset)
                           : NULL;
  if (op == NULL)
    return t ? STRATA_ENOMEM : pp_nomem(pp);
  const char *type;
  struct strata_column *c;
  int rc = pp_column(pp, pp_node(json_object_get(cmd, "def"), &type), t, &c);
  op->table = table;
  op->group = pp->group;
  op->column = c;
  op->name = c ? c->name : NULL;
  return rc;
}

static int alter_type(struct pp *pp, const char *table, json_t *cmd) {
  static const char *const allowed[] = {"typeName", "location", NULL};
  static const char *const names[] = {"raw_default", "USING",
                                      "collClause", "COLLATE", NULL};
  int rc;
  struct strata_op *op = column_op(pp, STRATA_OP_ALTER_TYPE, table, cmd, &rc);
  struct strata_table *t = op ? scratch_table(pp, table) : NULL;
  if (op == NULL || t == NULL)
    return op ? pp_nomem(pp) : rc;
  const char *type;
  json_t *def = pp_node(json_object_get(cmd, "def"), &type);
  rc = pp_only_keys(pp, def, allowed, names);
  struct strata_column *c =
      STRATA_SCHEMA_APPEND(pp->host, pp->owner, t->columns, t->column_count);
  if (c == NULL)
    return pp_nomem(pp);
  c->name = op->name;
  op->column = c;
  return rc ? rc : pp_type(pp, json_object_get(def, "typeName"), c);
}

static int column_default(struct pp *pp, const char *table, json_t *cmd) {
  json_t *def = json_object_get(cmd, "def");
  int rc;
  struct strata_op *op = column_op(
      pp, def ? STRATA_OP_SET_DEFAULT : STRATA_OP_DROP_DEFAULT, table, cmd, &rc);
  if (op == NULL || def == NULL)
    return rc;
  struct strata_table *t = scratch_table(pp, table);
  struct strata_column *c =
      t ? STRATA_SCHEMA_APPEND(pp->host, pp->owner, t->columns, t->column_count)
        : NULL;
  if (c == NULL)
    return pp_nomem(pp);
  c->name = op->name;
  op->column = c;
  return pp_default(pp, def, c);
}

static int drop_named(struct pp *pp, enum strata_op_kind kind,
                      const char *table, json_t *cmd) {
  int rc = no_cascade(pp, cmd);
  struct strata_op *op = rc ? NULL : column_op(pp, kind, table, cmd, &rc);
  if (op != NULL && pp_bool(cmd, "missing_ok"))
    op->flags |= STRATA_OP_IF_EXISTS;
  return rc;
}

static int alter_command(struct pp *pp, const char *table, json_t *cmd) {
  const char *sub = pp_str(cmd, "subtype");
  int rc;
  if (strcmp(sub, "AT_AddColumn") == 0)
    return add_column(pp, table, cmd);
  if (strcmp(sub, "AT_DropColumn") == 0)
    return drop_named(pp, STRATA_OP_DROP_COLUMN, table, cmd);
  if (strcmp(sub, "AT_AlterColumnType") == 0)
    return alter_type(pp, table, cmd);
  if (strcmp(sub, "AT_ColumnDefault") == 0)
    return column_default(pp, table, cmd);
  if (strcmp(sub, "AT_SetNotNull") == 0)
    return column_op(pp, STRATA_OP_SET_NOT_NULL, table, cmd, &rc) ? 0 : rc;
  if (strcmp(sub, "AT_DropNotNull") == 0)
    return column_op(pp, STRATA_OP_DROP_NOT_NULL, table, cmd, &rc) ? 0 : rc;
  if (strcmp(sub, "AT_DropConstraint") == 0)
    return drop_named(pp, STRATA_OP_DROP_CONSTRAINT, table, cmd);
  if (strcmp(sub, "AT_AddConstraint") == 0) {
    const char *type;
    return pp_add_constraint(pp, pp_node(json_object_get(cmd, "def"), &type),
                             table);
  }
  char what[96];
  snprintf(what, sizeof what, "this ALTER TABLE subcommand (%.40s)", sub + 3);
  return refuse(pp, cmd, what);
}

int pp_alter_table(struct pp *pp, json_t *stmt) {
  const char *objtype = pp_str(stmt, "objtype");
  if (objtype && strcmp(objtype, "OBJECT_TABLE") != 0)
    return refuse(pp, stmt, "this ALTER statement");
  if (pp_bool(stmt, "missing_ok"))
    return refuse(pp, stmt, "ALTER TABLE IF EXISTS");
  const char *table;
  int rc = pp_relation(pp, json_object_get(stmt, "relation"), &table);
  pp->group++;
  size_t i;
  json_t *item;
  json_array_foreach(json_object_get(stmt, "cmds"), i, item) {
    const char *type;
    if (rc == 0)
      rc = alter_command(pp, table, pp_node(item, &type));
  }
  return rc;
}

/* ---- renames --------------------------------------------------------- */

int pp_rename(struct pp *pp, json_t *stmt) {
  const char *what = pp_str(stmt, "renameType");
  enum strata_op_kind kind;
  if (strcmp(what, "OBJECT_TABLE") == 0)
    kind = STRATA_OP_RENAME_TABLE;
  else if (strcmp(what, "OBJECT_COLUMN") == 0)
    kind = STRATA_OP_RENAME_COLUMN;
  else if (strcmp(what, "OBJECT_INDEX") == 0)
    kind = STRATA_OP_RENAME_INDEX;
  else
    return refuse(pp, stmt, "this RENAME");
  if (pp_bool(stmt, "missing_ok"))
    return refuse(pp, stmt, "ALTER ... IF EXISTS");
  struct strata_op *op = pp_op(pp, kind, pp->stmt_offset);
  if (op == NULL)
    return STRATA_ENOMEM;
  const char *object;
  int rc = pp_relation(pp, json_object_get(stmt, "relation"), &object);
  const char *new_name = pp_str(stmt, "newname");
  if (rc == 0)
    rc = pp_name(pp, new_name, pp->stmt_offset);
  if (rc == 0 && (op->new_name = pp_dup(pp, new_name)) == NULL)
    rc = pp_nomem(pp);
  if (rc != 0)
    return rc;
  if (kind == STRATA_OP_RENAME_INDEX) {
    op->name = object;
    return 0;
  }
  op->table = object;
  if (kind == STRATA_OP_RENAME_COLUMN) {
    const char *column = pp_str(stmt, "subname");
    rc = pp_name(pp, column, pp->stmt_offset);
    if (rc == 0 && (op->name = pp_dup(pp, column)) == NULL)
      rc = pp_nomem(pp);
  }
  return rc;
}

/* ---- DROP -------------------------------------------------------------- */

int pp_drop(struct pp *pp, json_t *stmt) {
  const char *what = pp_str(stmt, "removeType");
  int table = strcmp(what, "OBJECT_TABLE") == 0;
  if (!table && strcmp(what, "OBJECT_INDEX") != 0)
    return refuse(pp, stmt, "this DROP");
  int rc = no_cascade(pp, stmt);
  size_t i;
  json_t *item;
  json_array_foreach(json_object_get(stmt, "objects"), i, item) {
    const char *type;
    json_t *names = json_object_get(pp_node(item, &type), "items");
    if (rc == 0 && json_array_size(names) != 1)
      rc = refuse(pp, stmt, "a schema-qualified name");
    const char *name = pp_string_node(json_array_get(names, 0));
    if (rc == 0)
      rc = pp_name(pp, name, pp->stmt_offset);
    struct strata_op *op =
        rc ? NULL
           : pp_op(pp, table ? STRATA_OP_DROP_TABLE : STRATA_OP_DROP_INDEX,
                   pp->stmt_offset);
    if (op == NULL)
      return rc ? rc : STRATA_ENOMEM;
    if ((op->name = pp_dup(pp, name)) == NULL)
      return pp_nomem(pp);
    if (table)
      op->table = op->name;
    if (pp_bool(stmt, "missing_ok"))
      op->flags |= STRATA_OP_IF_EXISTS;
    if (pp_bool(stmt, "concurrent"))
      op->flags |= STRATA_OP_CONCURRENTLY;
  }
  return rc;
}

/* ---- CREATE INDEX ------------------------------------------------------ */

static int index_part(struct pp *pp, json_t *elem, struct strata_index *ix) {
  static const char *const allowed[] = {"name", "expr", "ordering",
                                        "nulls_ordering", NULL};
  static const char *const names[] = {"opclass", "an operator class",
                                      "collation", "COLLATE",
                                      "opclassopts", "operator class options",
                                      "indexcolname", "a column name", NULL};
  int rc = pp_only_keys(pp, elem, allowed, names);
  const char *nulls = pp_str(elem, "nulls_ordering");
  if (rc == 0 && nulls && strcmp(nulls, "SORTBY_NULLS_DEFAULT") != 0)
    rc = refuse(pp, elem, "NULLS FIRST/LAST");
  struct strata_index_part *part =
      rc ? NULL
         : STRATA_SCHEMA_APPEND(pp->host, pp->owner, ix->parts, ix->part_count);
  if (part == NULL)
    return rc ? rc : pp_nomem(pp);
  const char *ordering = pp_str(elem, "ordering");
  part->descending = ordering && strcmp(ordering, "SORTBY_DESC") == 0;
  const char *name = pp_str(elem, "name");
  if (name == NULL)
    return pp_expr(pp, json_object_get(elem, "expr"), PP_EXPR_ANY,
                   &part->expression);
  rc = pp_name(pp, name, pp->stmt_offset);
  if (rc == 0 && (part->column = pp_dup(pp, name)) == NULL)
    rc = pp_nomem(pp);
  return rc;
}

static int index_keys(struct pp *pp, json_t *stmt) {
  static const char *const allowed[] = {
      "idxname", "relation", "accessMethod", "indexParams", "whereClause",
      "unique",  "concurrent", "if_not_exists", NULL};
  static const char *const names[] = {
      "indexIncludingParams", "INCLUDE", "options", "WITH (...)",
      "tableSpace", "TABLESPACE", "nulls_not_distinct", "NULLS NOT DISTINCT",
      NULL};
  int rc = pp_only_keys(pp, stmt, allowed, names);
  const char *method = pp_str(stmt, "accessMethod");
  if (rc == 0 && method && strcmp(method, "btree") != 0) {
    char what[64];
    snprintf(what, sizeof what, "USING %.30s", method);
    rc = refuse(pp, stmt, what);
  }
  if (rc == 0 && pp_str(stmt, "idxname") == NULL)
    rc = pp_refuse(pp, pp->stmt_offset,
                   "CREATE INDEX needs a name: each engine names unnamed "
                   "indexes its own way");
  return rc;
}

int pp_create_index(struct pp *pp, json_t *stmt) {
  int rc = index_keys(pp, stmt);
  const char *name = pp_str(stmt, "idxname");
  if (rc == 0)
    rc = pp_name(pp, name, pp->stmt_offset);
  struct strata_op *op =
      rc ? NULL : pp_op(pp, STRATA_OP_CREATE_INDEX, pp->stmt_offset);
  if (op == NULL)
    return rc ? rc : STRATA_ENOMEM;
  struct strata_index **slot = NULL;
  size_t n = 0;
  struct strata_index *ix =
      pp->host->schema_append(pp->owner, &slot, &n, sizeof *ix);
  if (ix == NULL || (ix->name = pp_dup(pp, name)) == NULL)
    return pp_nomem(pp);
  ix->flags = pp_bool(stmt, "unique") ? STRATA_INDEX_UNIQUE : 0;
  op->index = ix;
  op->name = ix->name;
  op->flags |= pp_bool(stmt, "concurrent") ? STRATA_OP_CONCURRENTLY : 0;
  op->flags |= pp_bool(stmt, "if_not_exists") ? STRATA_OP_IF_NOT_EXISTS : 0;
  rc = pp_relation(pp, json_object_get(stmt, "relation"), &op->table);
  size_t i;
  json_t *item;
  json_array_foreach(json_object_get(stmt, "indexParams"), i, item) {
    const char *type;
    if (rc == 0)
      rc = index_part(pp, pp_node(item, &type), ix);
  }
  json_t *where = json_object_get(stmt, "whereClause");
  if (rc == 0 && where != NULL)
    rc = pp_expr(pp, where, PP_EXPR_ANY, &ix->predicate);
  return rc;
}
