/*
 * parse_table.c - CREATE TABLE, its columns and its constraints.
 *
 * Inline constraints may go unnamed in CREATE TABLE; ALTER TABLE ... ADD
 * CONSTRAINT needs a name, because an unnamed constraint cannot be dropped
 * the same way on every engine.
 */
#include "portable.h"

#include <string.h>

static int refuse(struct pp *pp, json_t *obj, const char *what) {
  return pp_refuse(pp, pp_where(pp, obj),
                   "%s is not in the portable dialect" PORTABLE_HINT, what);
}

/* ---- constraints --------------------------------------------------- */

static const char *action(const char *code) {
  switch (code ? code[0] : 'a') {
  case 'r':
    return "RESTRICT";
  case 'c':
    return "CASCADE";
  case 'n':
    return "SET NULL";
  case 'd':
    return "SET DEFAULT";
  default:
    return "NO ACTION";
  }
}

static int check_constraint_keys(struct pp *pp, json_t *con) {
  static const char *const allowed[] = {
      "contype",       "conname",       "location",      "raw_expr",
      "keys",          "pktable",       "pk_attrs",      "fk_attrs",
      "fk_matchtype",  "fk_upd_action", "fk_del_action", "initially_valid",
      "generated_when", NULL};
  static const char *const names[] = {
      "deferrable",      "DEFERRABLE",         "initdeferred",
      "INITIALLY DEFERRED", "skip_validation", "NOT VALID",
      "is_no_inherit",   "NO INHERIT",         "including",
      "INCLUDE",         "options",            "WITH (...)",
      "indexspace",      "USING INDEX TABLESPACE", "nulls_not_distinct",
      "NULLS NOT DISTINCT", "fk_del_set_cols", "ON DELETE SET NULL (columns)",
      "indexname",       "USING INDEX",        "access_method",
      "an index method", NULL};
  int rc = pp_only_keys(pp, con, allowed, names);
  const char *match = pp_str(con, "fk_matchtype");
  if (rc == 0 && match && strcmp(match, "s") != 0)
    rc = refuse(pp, con, "MATCH FULL");
  return rc;
}

static int foreign_key(struct pp *pp, json_t *con, const char *column,
                       struct strata_foreign_key *fk) {
  fk->on_delete = action(pp_str(con, "fk_del_action"));
  fk->on_update = action(pp_str(con, "fk_upd_action"));
  int rc = pp_relation(pp, json_object_get(con, "pktable"), &fk->ref_table);
  if (rc == 0 && column != NULL &&
      STRATA_SCHEMA_APPEND_TEXT(pp->host, pp->owner, fk->columns,
                                fk->column_count, column, strlen(column)))
    rc = pp_nomem(pp);
  if (rc == 0)
    rc = pp_names(pp, json_object_get(con, "fk_attrs"), &fk->columns,
                  &fk->column_count);
  if (rc == 0)
    rc = pp_names(pp, json_object_get(con, "pk_attrs"), &fk->ref_columns,
                  &fk->ref_column_count);
  if (rc == 0 && fk->ref_column_count == 0)
    rc = pp_refuse(pp, pp_where(pp, con),
                   "a foreign key must name the columns it references");
  if (rc == 0 && fk->ref_column_count != fk->column_count)
    rc = pp_refuse(pp, pp_where(pp, con),
                   "a foreign key has %zu columns but references %zu",
                   fk->column_count, fk->ref_column_count);
  return rc;
}

static int constraint_name(struct pp *pp, json_t *con, const char **out) {
  const char *name = pp_str(con, "conname");
  *out = NULL;
  if (name == NULL)
    return 0;
  int rc = pp_name(pp, name, pp_where(pp, con));
  if (rc == 0 && (*out = pp_dup(pp, name)) == NULL)
    rc = pp_nomem(pp);
  return rc;
}

static int key(struct pp *pp, json_t *con, const char *column,
               struct strata_key *k) {
  int rc = constraint_name(pp, con, &k->name);
  if (rc == 0 && column != NULL &&
      STRATA_SCHEMA_APPEND_TEXT(pp->host, pp->owner, k->columns,
                                k->column_count, column, strlen(column)))
    rc = pp_nomem(pp);
  if (rc == 0)
    rc = pp_names(pp, json_object_get(con, "keys"), &k->columns,
                  &k->column_count);
  return rc;
}

/* Adds a constraint to t; column is set for one written on a column. */
static int table_constraint(struct pp *pp, json_t *con, const char *column,
                            struct strata_table *t) {
  const char *type = pp_str(con, "contype");
  int rc = check_constraint_keys(pp, con);
  if (rc != 0)
    return rc;
  if (strcmp(type, "CONSTR_PRIMARY") == 0) {
    if (t->primary_key != NULL)
      return pp_refuse(pp, pp_where(pp, con),
                       "table \"%s\" has two primary keys", t->name);
    struct strata_key **slot = NULL;
    size_t n = 0;
    t->primary_key = pp->host->schema_append(pp->owner, &slot, &n,
                                             sizeof *t->primary_key);
    return t->primary_key ? key(pp, con, column, t->primary_key)
                          : pp_nomem(pp);
  }
  if (strcmp(type, "CONSTR_UNIQUE") == 0) {
    struct strata_key *k =
        STRATA_SCHEMA_APPEND(pp->host, pp->owner, t->uniques, t->unique_count);
    return k ? key(pp, con, column, k) : pp_nomem(pp);
  }
  if (strcmp(type, "CONSTR_CHECK") == 0) {
    struct strata_check *c =
        STRATA_SCHEMA_APPEND(pp->host, pp->owner, t->checks, t->check_count);
    if (c == NULL)
      return pp_nomem(pp);
    rc = constraint_name(pp, con, &c->name);
    return rc ? rc
              : pp_expr(pp, json_object_get(con, "raw_expr"), PP_EXPR_ANY,
                        &c->expression);
  }
  if (strcmp(type, "CONSTR_FOREIGN") == 0) {
    struct strata_foreign_key *fk = STRATA_SCHEMA_APPEND(
        pp->host, pp->owner, t->foreign_keys, t->foreign_key_count);
    if (fk == NULL)
      return pp_nomem(pp);
    rc = constraint_name(pp, con, &fk->name);
    return rc ? rc : foreign_key(pp, con, column, fk);
  }
  if (strcmp(type, "CONSTR_EXCLUSION") == 0)
    return refuse(pp, con, "EXCLUDE");
  if (strncmp(type, "CONSTR_ATTR_", 12) == 0)
    return refuse(pp, con, "DEFERRABLE and INITIALLY");
  return refuse(pp, con, "this constraint");
}

/* ---- columns ------------------------------------------------------- */

/* A constraint written on a column that belongs to the column itself. */
static int column_constraint(struct pp *pp, json_t *con, int in_table,
                             struct strata_column *c, struct strata_table *t) {
  const char *type = pp_str(con, "contype");
  int rc = check_constraint_keys(pp, con);
  if (rc != 0)
    return rc;
  if (strcmp(type, "CONSTR_NOTNULL") == 0)
    c->flags |= STRATA_COLUMN_NOT_NULL;
  else if (strcmp(type, "CONSTR_NULL") == 0)
    c->flags &= ~STRATA_COLUMN_NOT_NULL;
  else if (strcmp(type, "CONSTR_DEFAULT") == 0)
    return pp_default(pp, json_object_get(con, "raw_expr"), c);
  else if (strcmp(type, "CONSTR_IDENTITY") == 0 && in_table) {
    const char *when = pp_str(con, "generated_when");
    if (when && strcmp(when, "d") != 0)
      return pp_refuse(pp, pp_where(pp, con),
                       "GENERATED ALWAYS AS IDENTITY is not in the portable "
                       "dialect: write GENERATED BY DEFAULT AS IDENTITY");
    c->flags |= STRATA_COLUMN_IDENTITY | STRATA_COLUMN_NOT_NULL;
  } else if (strcmp(type, "CONSTR_GENERATED") == 0)
    return refuse(pp, con, "a generated column");
  else if (in_table)
    return table_constraint(pp, con, c->name, t);
  else
    return pp_refuse(pp, pp_where(pp, con),
                     "ADD COLUMN takes NOT NULL and DEFAULT only: add a key, "
                     "check or foreign key with ADD CONSTRAINT name");
  return 0;
}

static int column_def(struct pp *pp, json_t *def, int in_table,
                      struct strata_table *t, struct strata_column **out) {
  static const char *const allowed[] = {"colname", "typeName", "is_local",
                                        "constraints", "location", NULL};
  static const char *const names[] = {"collClause", "COLLATE",
                                      "raw_default", "a default",
                                      "storage", "STORAGE",
                                      "compression", "COMPRESSION", NULL};
  *out = NULL;
  int rc = pp_only_keys(pp, def, allowed, names);
  const char *name = pp_str(def, "colname");
  if (rc == 0)
    rc = pp_name(pp, name, pp_where(pp, def));
  if (rc != 0)
    return rc;
  struct strata_column *c =
      STRATA_SCHEMA_APPEND(pp->host, pp->owner, t->columns, t->column_count);
  if (c == NULL || (c->name = pp_dup(pp, name)) == NULL)
    return pp_nomem(pp);
  c->position = (int)t->column_count;
  rc = pp_type(pp, json_object_get(def, "typeName"), c);
  size_t i;
  json_t *item;
  json_array_foreach(json_object_get(def, "constraints"), i, item) {
    const char *type;
    json_t *con = pp_node(item, &type);
    if (rc == 0)
      rc = column_constraint(pp, con, in_table, c, t);
  }
  *out = c;
  return rc;
}

int pp_column(struct pp *pp, json_t *def, struct strata_table *t,
              struct strata_column **out) {
  return column_def(pp, def, 0, t, out);
}

/* ---- the table ----------------------------------------------------- */

static int find_column(const struct strata_table *t, const char *name) {
  for (size_t i = 0; i < t->column_count; i++)
    if (strcmp(t->columns[i]->name, name) == 0)
      return 1;
  return 0;
}

/* Identity is numbering every engine can do only on a one-column integer
 * primary key; key columns must exist. */
static int check_table(struct pp *pp, json_t *stmt, struct strata_table *t) {
  const struct strata_key *pk = t->primary_key;
  for (size_t i = 0; i < t->column_count; i++) {
    const struct strata_column *c = t->columns[i];
    if (!(c->flags & STRATA_COLUMN_IDENTITY))
      continue;
    int ok = (c->type == STRATA_TYPE_INTEGER || c->type == STRATA_TYPE_BIGINT) &&
             pk && pk->column_count == 1 && strcmp(pk->columns[0], c->name) == 0;
    if (!ok)
      return pp_refuse(pp, pp_where(pp, stmt),
                       "identity column \"%s\" must be an integer or bigint "
                       "and the table's only primary-key column",
                       c->name);
  }
  for (size_t i = 0; pk && i < pk->column_count; i++)
    if (!find_column(t, pk->columns[i]))
      return pp_refuse(pp, pp_where(pp, stmt),
                       "primary key column \"%s\" is not a column of \"%s\"",
                       pk->columns[i], t->name);
  for (size_t i = 0; pk && i < t->column_count; i++)
    for (size_t k = 0; k < pk->column_count; k++)
      if (strcmp(t->columns[i]->name, pk->columns[k]) == 0)
        t->columns[i]->flags |= STRATA_COLUMN_NOT_NULL;
  return 0;
}

static int table_element(struct pp *pp, json_t *item, struct strata_table *t) {
  const char *type;
  json_t *e = pp_node(item, &type);
  struct strata_column *c;
  if (strcmp(type, "ColumnDef") == 0)
    return column_def(pp, e, 1, t, &c);
  if (strcmp(type, "Constraint") == 0)
    return table_constraint(pp, e, NULL, t);
  return refuse(pp, e, "LIKE");
}

int pp_create_table(struct pp *pp, json_t *stmt) {
  static const char *const allowed[] = {"relation", "tableElts", "oncommit",
                                        "if_not_exists", NULL};
  static const char *const names[] = {
      "inhRelations", "INHERITS",    "partspec",       "PARTITION BY",
      "partbound",    "PARTITION OF", "ofTypename",    "OF type",
      "options",      "WITH (...)",  "tablespacename", "TABLESPACE",
      "accessMethod", "USING",       "constraints",    "this constraint",
      NULL};
  int rc = pp_only_keys(pp, stmt, allowed, names);
  const char *oncommit = pp_str(stmt, "oncommit");
  if (rc == 0 && oncommit && strcmp(oncommit, "ONCOMMIT_NOOP") != 0)
    rc = refuse(pp, stmt, "ON COMMIT");
  struct strata_op *op = rc ? NULL : pp_op(pp, STRATA_OP_CREATE_TABLE,
                                           pp->stmt_offset);
  if (op == NULL)
    return rc ? rc : STRATA_ENOMEM;
  struct strata_table **slot = NULL;
  size_t n = 0;
  struct strata_table *t = pp->host->schema_append(pp->owner, &slot, &n,
                                                   sizeof *t);
  if (t == NULL)
    return pp_nomem(pp);
  if (pp_bool(stmt, "if_not_exists"))
    op->flags |= STRATA_OP_IF_NOT_EXISTS;
  rc = pp_relation(pp, json_object_get(stmt, "relation"), &t->name);
  size_t i;
  json_t *item;
  json_array_foreach(json_object_get(stmt, "tableElts"), i, item) {
    if (rc == 0)
      rc = table_element(pp, item, t);
  }
  if (rc == 0 && t->column_count == 0)
    rc = pp_refuse(pp, pp_where(pp, stmt), "table \"%s\" has no column",
                   t->name);
  if (rc == 0)
    rc = check_table(pp, stmt, t);
  op->table = t->name;
  op->def = t;
  return rc;
}

int pp_add_constraint(struct pp *pp, json_t *con, const char *table) {
  const char *type = pp_str(con, "contype");
  if (pp_str(con, "conname") == NULL)
    return pp_refuse(pp, pp_where(pp, con),
                     "ADD CONSTRAINT needs a name (ADD CONSTRAINT name ...): "
                     "an unnamed constraint cannot be dropped portably");
  struct strata_table scratch = {.name = table};
  int rc = table_constraint(pp, con, NULL, &scratch);
  if (rc != 0)
    return rc;
  enum strata_op_kind kind =
      strcmp(type, "CONSTR_PRIMARY") == 0  ? STRATA_OP_ADD_PRIMARY_KEY
      : strcmp(type, "CONSTR_UNIQUE") == 0 ? STRATA_OP_ADD_UNIQUE
      : strcmp(type, "CONSTR_CHECK") == 0  ? STRATA_OP_ADD_CHECK
                                           : STRATA_OP_ADD_FOREIGN_KEY;
  struct strata_op *op = pp_op(pp, kind, pp_where(pp, con));
  if (op == NULL)
    return STRATA_ENOMEM;
  op->table = table;
  op->group = pp->group;
  op->key = scratch.primary_key ? scratch.primary_key
            : scratch.unique_count ? scratch.uniques[0]
                                   : NULL;
  op->check = scratch.check_count ? scratch.checks[0] : NULL;
  op->foreign_key = scratch.foreign_key_count ? scratch.foreign_keys[0] : NULL;
  op->name = op->key           ? op->key->name
             : op->check       ? op->check->name
                               : op->foreign_key->name;
  return 0;
}
