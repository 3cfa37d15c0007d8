/*
 * parse_data.c - INSERT, UPDATE, DELETE and COMMENT.
 *
 * An INSERT names its columns: column order is the one thing a rename or
 * a rebuild may change on one engine and not another.
 */
#include "portable.h"

#include <string.h>

static int refuse(struct pp *pp, json_t *obj, const char *what) {
  return pp_refuse(pp, pp_where(pp, obj),
                   "%s is not in the portable dialect" PORTABLE_HINT, what);
}

static int target_name(struct pp *pp, json_t *res, const char ***names,
                       size_t *count) {
  if (json_object_get(res, "indirection") != NULL)
    return refuse(pp, res, "a subscript or field in a target column");
  const char *name = pp_str(res, "name");
  int rc = pp_name(pp, name, pp_where(pp, res));
  if (rc == 0 && STRATA_SCHEMA_APPEND_TEXT(pp->host, pp->owner, *names, *count,
                                           name, strlen(name)) != 0)
    rc = pp_nomem(pp);
  return rc;
}

static int insert_rows(struct pp *pp, json_t *select, struct strata_op *op) {
  static const char *const allowed[] = {"valuesLists", "limitOption", "op",
                                        NULL};
  const char *setop = pp_str(select, "op");
  if (json_object_get(select, "valuesLists") == NULL ||
      (setop && strcmp(setop, "SETOP_NONE") != 0))
    return refuse(pp, select, "INSERT ... SELECT");
  int rc = pp_only_keys(pp, select, allowed, NULL);
  size_t i, j;
  json_t *row, *value;
  json_array_foreach(json_object_get(select, "valuesLists"), i, row) {
    const char *type;
    json_t *items = json_object_get(pp_node(row, &type), "items");
    if (rc == 0 && json_array_size(items) != op->column_count)
      rc = pp_refuse(pp, pp->stmt_offset,
                     "row %zu has %zu values for %zu columns", i + 1,
                     json_array_size(items), op->column_count);
    json_array_foreach(items, j, value) {
      const char *text = NULL;
      if (rc == 0)
        rc = pp_expr(pp, value, PP_EXPR_VALUE, &text);
      if (rc == 0 && STRATA_SCHEMA_APPEND_TEXT(pp->host, pp->owner, op->values,
                                               op->row_count, text,
                                               strlen(text)) != 0)
        rc = pp_nomem(pp);
    }
  }
  op->row_count = op->column_count ? op->row_count / op->column_count : 0;
  return rc;
}

int pp_insert(struct pp *pp, json_t *stmt) {
  static const char *const allowed[] = {"relation", "cols", "selectStmt",
                                        "override", NULL};
  static const char *const names[] = {
      "onConflictClause", "ON CONFLICT", "returningList", "RETURNING",
      "withClause", "WITH", NULL};
  int rc = pp_only_keys(pp, stmt, allowed, names);
  const char *override = pp_str(stmt, "override");
  if (rc == 0 && override && strcmp(override, "OVERRIDING_NOT_SET") != 0)
    rc = refuse(pp, stmt, "OVERRIDING");
  if (rc == 0 && json_object_get(stmt, "cols") == NULL)
    rc = pp_refuse(pp, pp->stmt_offset,
                   "INSERT needs its column list: INSERT INTO t (a, b) ...");
  struct strata_op *op = rc ? NULL : pp_op(pp, STRATA_OP_INSERT,
                                           pp->stmt_offset);
  if (op == NULL)
    return rc ? rc : STRATA_ENOMEM;
  rc = pp_relation(pp, json_object_get(stmt, "relation"), &op->table);
  size_t i;
  json_t *item;
  json_array_foreach(json_object_get(stmt, "cols"), i, item) {
    const char *type;
    if (rc == 0)
      rc = target_name(pp, pp_node(item, &type), &op->columns,
                       &op->column_count);
  }
  const char *type;
  if (rc == 0)
    rc = insert_rows(pp, pp_node(json_object_get(stmt, "selectStmt"), &type),
                     op);
  return rc;
}

static int where(struct pp *pp, json_t *stmt, struct strata_op *op) {
  json_t *w = json_object_get(stmt, "whereClause");
  return w ? pp_expr(pp, w, PP_EXPR_ANY, &op->where) : 0;
}

int pp_update(struct pp *pp, json_t *stmt) {
  static const char *const allowed[] = {"relation", "targetList",
                                        "whereClause", NULL};
  static const char *const names[] = {"fromClause", "FROM", "returningList",
                                      "RETURNING", "withClause", "WITH",
                                      NULL};
  int rc = pp_only_keys(pp, stmt, allowed, names);
  struct strata_op *op = rc ? NULL : pp_op(pp, STRATA_OP_UPDATE,
                                           pp->stmt_offset);
  if (op == NULL)
    return rc ? rc : STRATA_ENOMEM;
  rc = pp_relation(pp, json_object_get(stmt, "relation"), &op->table);
  size_t i, n = 0;
  json_t *item;
  json_array_foreach(json_object_get(stmt, "targetList"), i, item) {
    const char *type, *text = NULL;
    json_t *res = pp_node(item, &type);
    if (rc == 0)
      rc = target_name(pp, res, &op->columns, &op->column_count);
    if (rc == 0)
      rc = pp_expr(pp, json_object_get(res, "val"), PP_EXPR_ANY, &text);
    if (rc == 0 && STRATA_SCHEMA_APPEND_TEXT(pp->host, pp->owner, op->values,
                                             n, text, strlen(text)) != 0)
      rc = pp_nomem(pp);
  }
  op->row_count = 1;
  return rc ? rc : where(pp, stmt, op);
}

int pp_delete(struct pp *pp, json_t *stmt) {
  static const char *const allowed[] = {"relation", "whereClause", NULL};
  static const char *const names[] = {"usingClause", "USING", "returningList",
                                      "RETURNING", "withClause", "WITH",
                                      NULL};
  int rc = pp_only_keys(pp, stmt, allowed, names);
  struct strata_op *op = rc ? NULL : pp_op(pp, STRATA_OP_DELETE,
                                           pp->stmt_offset);
  if (op == NULL)
    return rc ? rc : STRATA_ENOMEM;
  rc = pp_relation(pp, json_object_get(stmt, "relation"), &op->table);
  return rc ? rc : where(pp, stmt, op);
}

int pp_comment(struct pp *pp, json_t *stmt) {
  const char *what = pp_str(stmt, "objtype");
  int column = strcmp(what, "OBJECT_COLUMN") == 0;
  if (!column && strcmp(what, "OBJECT_TABLE") != 0)
    return refuse(pp, stmt, "COMMENT on this kind of object");
  const char *type;
  json_t *names = json_object_get(pp_node(json_object_get(stmt, "object"),
                                          &type),
                                  "items");
  size_t want = column ? 2 : 1;
  if (json_array_size(names) != want)
    return refuse(pp, stmt, "a schema-qualified name");
  struct strata_op *op = pp_op(pp, STRATA_OP_COMMENT, pp->stmt_offset);
  if (op == NULL)
    return STRATA_ENOMEM;
  const char *table = pp_string_node(json_array_get(names, 0));
  const char *col = column ? pp_string_node(json_array_get(names, 1)) : NULL;
  int rc = pp_name(pp, table, pp->stmt_offset);
  if (rc == 0 && column)
    rc = pp_name(pp, col, pp->stmt_offset);
  if (rc != 0)
    return rc;
  op->table = pp_dup(pp, table);
  op->name = pp_dup(pp, col);
  op->text = pp_dup(pp, pp_str(stmt, "comment"));
  return op->table ? 0 : pp_nomem(pp);
}
