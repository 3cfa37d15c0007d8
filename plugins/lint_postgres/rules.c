/*
 * rules.c - the PostgreSQL rules, one parse node at a time.
 *
 * Every node also teaches the run something: the tables a script creates
 * (a change to those is harmless: nobody else holds them yet), the type of
 * every column seen, and which NOT NULL checks were validated.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lint_common/report.h"
#include "lint_postgres.h"

#define NAME_MAX_LEN 256

/* Where a node is in the script: its location, or the statement's start. */
static size_t offset_of(const struct pg_lint *s, json_t *node) {
  long loc = pg_location(node);
  return s->base + (loc > 0 ? (size_t)loc : 0);
}

/* Reports at a node's location, or at the statement's start. */
static void report_at(struct pg_lint *s, json_t *node, const char *rule,
                      const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void report_at(struct pg_lint *s, json_t *node, const char *rule,
                      const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  lint_vreport(s->host, rule, offset_of(s, node), fmt, ap);
  va_end(ap);
}

/* Whether a possibly missing string is want. */
static int is(const char *value, const char *want) {
  return value != NULL && strcmp(value, want) == 0;
}

static int created_here(const struct pg_lint *s, const char *table) {
  return names_has_tag(&s->tables, table, s->script);
}

static void remember_column(struct pg_lint *s, const char *table,
                            json_t *column_def) {
  const char *col = pg_string(column_def, "colname");
  json_t *type = json_object_get(column_def, "typeName");
  if (col == NULL || type == NULL)
    return;
  char key[2 * NAME_MAX_LEN], text[NAME_MAX_LEN];
  names_pair(key, sizeof key, table, col);
  pg_type_text(type, text, sizeof text);
  names_set(&s->columns, key, text, 0);
}

/* The column a CHECK (column IS NOT NULL) is about, or NULL. */
static const char *not_null_check_column(json_t *constraint) {
  json_t *test = pg_node(json_object_get(constraint, "raw_expr"), "NullTest");
  if (test == NULL || !is(pg_string(test, "nulltesttype"), "IS_NOT_NULL"))
    return NULL;
  json_t *ref = pg_node(json_object_get(test, "arg"), "ColumnRef");
  return pg_last_name(json_object_get(ref, "fields"));
}

/* Remembers a CHECK (col IS NOT NULL): validated now, or once its
 * VALIDATE CONSTRAINT runs. */
static void remember_check(struct pg_lint *s, const char *table,
                           json_t *constraint) {
  const char *col = not_null_check_column(constraint);
  if (col == NULL)
    return;
  char key[2 * NAME_MAX_LEN];
  const char *name = pg_string(constraint, "conname");
  if (json_is_true(json_object_get(constraint, "skip_validation"))) {
    if (name == NULL)
      return;
    names_pair(key, sizeof key, table, name);
    names_set(&s->checks, key, col, 0);
    return;
  }
  names_pair(key, sizeof key, table, col);
  names_set(&s->not_null_ok, key, NULL, 0);
}

static void create_table(struct pg_lint *s, json_t *stmt) {
  const char *table = pg_string(json_object_get(stmt, "relation"), "relname");
  if (table == NULL)
    return;
  names_set(&s->tables, table, NULL, s->script);
  json_t *elts = json_object_get(stmt, "tableElts");
  for (size_t i = 0; i < json_array_size(elts); i++) {
    json_t *e = json_array_get(elts, i);
    if (pg_node(e, "ColumnDef") != NULL)
      remember_column(s, table, pg_node(e, "ColumnDef"));
    else if (pg_node(e, "Constraint") != NULL)
      remember_check(s, table, pg_node(e, "Constraint"));
  }
}

static void create_table_as(struct pg_lint *s, json_t *stmt) {
  json_t *into = json_object_get(stmt, "into");
  const char *table = pg_string(json_object_get(into, "rel"), "relname");
  if (table != NULL)
    names_set(&s->tables, table, NULL, s->script);
}

static void create_index(struct pg_lint *s, json_t *stmt) {
  json_t *rel = json_object_get(stmt, "relation");
  const char *table = pg_string(rel, "relname");
  if (table == NULL || created_here(s, table) ||
      json_is_true(json_object_get(stmt, "concurrent")))
    return;
  report_at(s, rel, "index-not-concurrent",
            "CREATE INDEX on existing table '%s' blocks writes to it until "
            "the index is built; use CREATE INDEX CONCURRENTLY in a "
            "'-- strata:no-transaction' migration",
            table);
}

/* Functions whose value changes from row to row: as a new column's default
 * they make PostgreSQL compute it for every row, rewriting the table. */
static const char *const volatile_functions[] = {
    "random",           "gen_random_uuid",
    "uuid_generate_v1", "uuid_generate_v1mc",
    "uuid_generate_v4", "clock_timestamp",
    "timeofday",        "nextval",
    "txid_current",     NULL};

/* The first volatile function expr calls, at any depth, or NULL. */
static const char *volatile_call(json_t *expr) {
  json_t *call = pg_node(expr, "FuncCall");
  const char *name = pg_last_name(json_object_get(call, "funcname"));
  for (const char *const *f = volatile_functions; name && *f; f++)
    if (strcmp(name, *f) == 0)
      return name;
  const char *key, *found;
  json_t *value;
  if (json_is_object(expr))
    json_object_foreach(expr, key, value) {
      if ((found = volatile_call(value)) != NULL)
        return found;
    }
  for (size_t i = 0; i < json_array_size(expr); i++)
    if ((found = volatile_call(json_array_get(expr, i))) != NULL)
      return found;
  return NULL;
}

/* The volatile function a column's default calls, or "serial" for a serial
 * type (its default calls nextval()), or NULL. */
static const char *volatile_default(json_t *column_def) {
  char type[NAME_MAX_LEN];
  pg_type_text(json_object_get(column_def, "typeName"), type, sizeof type);
  if (strstr(type, "serial") != NULL)
    return "serial";
  json_t *constraints = json_object_get(column_def, "constraints");
  for (size_t i = 0; i < json_array_size(constraints); i++) {
    json_t *c = pg_node(json_array_get(constraints, i), "Constraint");
    if (is(pg_string(c, "contype"), "CONSTR_DEFAULT"))
      return volatile_call(json_object_get(c, "raw_expr"));
  }
  return NULL;
}

static void add_column(struct pg_lint *s, const char *table, json_t *cmd) {
  json_t *def = pg_node(json_object_get(cmd, "def"), "ColumnDef");
  if (def == NULL)
    return;
  remember_column(s, table, def);
  const char *fn = created_here(s, table) ? NULL : volatile_default(def);
  if (fn == NULL)
    return;
  report_at(s, def, "volatile-default",
            "column '%s' is added to existing table '%s' with a volatile "
            "default (%s%s), which rewrites the table under an exclusive lock; "
            "add it without a default, backfill in batches, then set the "
            "default",
            pg_string(def, "colname"), table, fn,
            strcmp(fn, "serial") == 0 ? "" : "()");
}

/* The number in "name(n)" or "name(n,m)", or -1; *name_len its length. */
static long type_length(const char *type, size_t *name_len) {
  const char *open = strchr(type, '(');
  *name_len = open ? (size_t)(open - type) : strlen(type);
  return open ? strtol(open + 1, NULL, 10) : -1;
}

/* Whether PostgreSQL changes old to new without touching the rows: a
 * varchar that grows or loses its limit, a varchar or text becoming text,
 * a numeric whose precision grows at the same scale. */
static int type_change_is_free(const char *old, const char *new_type) {
  size_t old_len, new_len;
  long old_n = type_length(old, &old_len),
       new_n = type_length(new_type, &new_len);
  int old_varchar = old_len == 7 && strncmp(old, "varchar", 7) == 0;
  int old_text = strcmp(old, "text") == 0;
  if ((old_varchar || old_text) && strcmp(new_type, "text") == 0)
    return 1;
  if (old_varchar && new_len == 7 && strncmp(new_type, "varchar", 7) == 0)
    return new_n < 0 || (old_n >= 0 && new_n >= old_n);
  if (old_len == 7 && strncmp(old, "numeric", 7) == 0 && new_len == 7 &&
      strncmp(new_type, "numeric", 7) == 0) {
    const char *old_scale = strchr(old, ','),
               *new_scale = strchr(new_type, ',');
    return new_n < 0 || (old_n >= 0 && new_n >= old_n &&
                         strcmp(old_scale ? old_scale : ",0)",
                                new_scale ? new_scale : ",0)") == 0);
  }
  return 0;
}

static void alter_type(struct pg_lint *s, const char *table, json_t *cmd) {
  const char *col = pg_string(cmd, "name");
  json_t *def = pg_node(json_object_get(cmd, "def"), "ColumnDef");
  if (col == NULL || def == NULL)
    return;
  char key[2 * NAME_MAX_LEN], type[NAME_MAX_LEN];
  names_pair(key, sizeof key, table, col);
  pg_type_text(json_object_get(def, "typeName"), type, sizeof type);
  long known = names_find(&s->columns, key);
  const char *old = known >= 0 ? s->columns.values[known] : NULL;
  int uses_expr = json_object_get(def, "raw_default") != NULL;
  int free_change = old != NULL && !uses_expr && type_change_is_free(old, type);
  names_set(&s->columns, key, type, 0);
  if (created_here(s, table) || free_change)
    return;
  report_at(s, def, "type-rewrite",
            "changing the type of '%s' to %s rewrites the table and its "
            "indexes under an exclusive lock%s; add a new column, backfill "
            "it, then switch over",
            key, type, old ? "" : " (unless the old type only widens)");
}

static void set_not_null(struct pg_lint *s, const char *table, json_t *cmd,
                         json_t *rel) {
  const char *col = pg_string(cmd, "name");
  char key[2 * NAME_MAX_LEN];
  if (col == NULL || created_here(s, table))
    return;
  names_pair(key, sizeof key, table, col);
  if (names_find(&s->not_null_ok, key) >= 0)
    return;
  report_at(s, rel, "set-not-null",
            "SET NOT NULL on '%s' scans the whole table under an exclusive "
            "lock; first add CHECK (%s IS NOT NULL) NOT VALID and VALIDATE "
            "it, so that PostgreSQL 12 and later skip the scan",
            key, col);
}

/* ADD PRIMARY KEY or UNIQUE builds its index as CREATE INDEX does, holding
 * writes off; USING INDEX adopts one built CONCURRENTLY beforehand. */
static void add_key(struct pg_lint *s, const char *table, json_t *c,
                    const char *type) {
  int primary = strcmp(type, "CONSTR_PRIMARY") == 0;
  if ((!primary && strcmp(type, "CONSTR_UNIQUE") != 0) ||
      created_here(s, table) || pg_string(c, "indexname") != NULL)
    return;
  report_at(s, c, "index-not-concurrent",
            "ADD %s on existing table '%s' builds its index while blocking "
            "writes to the table; build a unique index CONCURRENTLY in a "
            "'-- strata:no-transaction' migration first, then add the "
            "constraint USING INDEX",
            primary ? "PRIMARY KEY" : "UNIQUE", table);
}

static void add_constraint(struct pg_lint *s, const char *table, json_t *cmd) {
  json_t *c = pg_node(json_object_get(cmd, "def"), "Constraint");
  const char *type = pg_string(c, "contype");
  if (c == NULL || type == NULL)
    return;
  remember_check(s, table, c);
  add_key(s, table, c, type);
  int fk = strcmp(type, "CONSTR_FOREIGN") == 0;
  if ((!fk && strcmp(type, "CONSTR_CHECK") != 0) || created_here(s, table) ||
      json_is_true(json_object_get(c, "skip_validation")))
    return;
  report_at(s, c, "constraint-not-valid",
            "%s added to existing table '%s' without NOT VALID checks every "
            "row while holding a lock; add it NOT VALID, then run VALIDATE "
            "CONSTRAINT",
            fk ? "a foreign key" : "a check", table);
}

static void validate_constraint(struct pg_lint *s, const char *table,
                                json_t *cmd) {
  const char *name = pg_string(cmd, "name");
  char key[2 * NAME_MAX_LEN];
  if (name == NULL)
    return;
  names_pair(key, sizeof key, table, name);
  long i = names_find(&s->checks, key);
  if (i < 0)
    return;
  names_pair(key, sizeof key, table, s->checks.values[i]);
  names_set(&s->not_null_ok, key, NULL, 0);
}

static void drop_column(struct pg_lint *s, const char *table, json_t *cmd,
                        json_t *rel) {
  const char *col = pg_string(cmd, "name");
  char key[2 * NAME_MAX_LEN];
  if (col == NULL)
    return;
  names_pair(key, sizeof key, table, col);
  names_remove(&s->columns, key);
  if (created_here(s, table))
    return;
  lint_report_drop_column(s->host, offset_of(s, rel), table, col);
}

static void alter_command(struct pg_lint *s, const char *table, json_t *rel,
                          json_t *cmd) {
  const char *sub = pg_string(cmd, "subtype");
  if (sub == NULL)
    return;
  if (strcmp(sub, "AT_AddColumn") == 0)
    add_column(s, table, cmd);
  else if (strcmp(sub, "AT_AlterColumnType") == 0)
    alter_type(s, table, cmd);
  else if (strcmp(sub, "AT_SetNotNull") == 0)
    set_not_null(s, table, cmd, rel);
  else if (strcmp(sub, "AT_AddConstraint") == 0)
    add_constraint(s, table, cmd);
  else if (strcmp(sub, "AT_ValidateConstraint") == 0)
    validate_constraint(s, table, cmd);
  else if (strcmp(sub, "AT_DropColumn") == 0)
    drop_column(s, table, cmd, rel);
}

static void alter_table(struct pg_lint *s, json_t *stmt) {
  json_t *rel = json_object_get(stmt, "relation");
  const char *table = pg_string(rel, "relname");
  if (table == NULL || !is(pg_string(stmt, "objtype"), "OBJECT_TABLE"))
    return;
  json_t *cmds = json_object_get(stmt, "cmds");
  for (size_t i = 0; i < json_array_size(cmds); i++)
    alter_command(s, table, rel,
                  pg_node(json_array_get(cmds, i), "AlterTableCmd"));
}

static void drop_tables(struct pg_lint *s, json_t *stmt) {
  if (!is(pg_string(stmt, "removeType"), "OBJECT_TABLE"))
    return;
  json_t *objects = json_object_get(stmt, "objects");
  for (size_t i = 0; i < json_array_size(objects); i++) {
    json_t *list = pg_node(json_array_get(objects, i), "List");
    const char *table = pg_last_name(json_object_get(list, "items"));
    if (table == NULL)
      continue;
    int mine = created_here(s, table);
    names_remove(&s->tables, table);
    if (!mine)
      lint_report_drop_table(s->host, offset_of(s, NULL), table);
  }
}

static void rename_object(struct pg_lint *s, json_t *stmt) {
  const char *kind = pg_string(stmt, "renameType");
  json_t *rel = json_object_get(stmt, "relation");
  const char *table = pg_string(rel, "relname");
  const char *to = pg_string(stmt, "newname");
  if (kind == NULL || table == NULL || to == NULL)
    return;
  int is_table = strcmp(kind, "OBJECT_TABLE") == 0;
  if (!is_table && strcmp(kind, "OBJECT_COLUMN") != 0)
    return;
  int mine = created_here(s, table);
  if (is_table) {
    names_remove(&s->tables, table);
    names_set(&s->tables, to, NULL, mine ? s->script : 0);
  }
  if (mine)
    return;
  lint_report_rename(s->host, offset_of(s, rel), is_table ? "table" : "column",
                     is_table ? table : pg_string(stmt, "subname"), to);
}

void pg_lint_statement(struct pg_lint *s, json_t *stmt) {
  json_t *node;
  if ((node = pg_node(stmt, "CreateStmt")) != NULL)
    create_table(s, node);
  else if ((node = pg_node(stmt, "CreateTableAsStmt")) != NULL)
    create_table_as(s, node);
  else if ((node = pg_node(stmt, "IndexStmt")) != NULL)
    create_index(s, node);
  else if ((node = pg_node(stmt, "AlterTableStmt")) != NULL)
    alter_table(s, node);
  else if ((node = pg_node(stmt, "DropStmt")) != NULL)
    drop_tables(s, node);
  else if ((node = pg_node(stmt, "RenameStmt")) != NULL)
    rename_object(s, node);
}
