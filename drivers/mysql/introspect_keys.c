/*
 * introspect_keys.c - indexes, primary and unique keys, foreign keys and
 * CHECK constraints.
 *
 * MySQL keeps every key as an index.  One made only of whole columns in
 * ascending order, a plain BTREE without a comment, is a key in the model
 * (primary_key, uniques), which any engine can declare; any other (a
 * prefix, a descending part, an expression, FULLTEXT, SPATIAL, HASH) stays
 * an index, flagged PRIMARY or UNIQUE when it is one.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mysqldrv.h"

enum index_value {
  I_TABLE,
  I_NAME,
  I_NON_UNIQUE,
  I_COLUMN,
  I_SUB_PART,
  I_COLLATION,
  I_TYPE,
  I_COMMENT,
  I_EXPRESSION
};

/* The index whose parts the rows are listing. */
struct index_reader {
  struct mysqldrv_catalog *cat;
  struct strata_table *table; /* NULL: none open */
  struct strata_index index;  /* parts in the model's memory */
  struct strata_key **spare;  /* where primary keys are allocated */
  size_t spare_count;
};

static int is_plain_key(const struct strata_index *ix) {
  if (strcmp(ix->method, "btree") != 0 || ix->comment != NULL)
    return 0;
  for (size_t i = 0; i < ix->part_count; i++) {
    const struct strata_index_part *p = ix->parts[i];
    if (p->column == NULL || p->prefix_length != 0 || p->descending)
      return 0;
  }
  return 1;
}

static int fill_key(struct index_reader *r, struct strata_key *key) {
  const struct strata_host *host = r->cat->conn->host;
  key->name = r->index.name;
  for (size_t i = 0; i < r->index.part_count; i++) {
    const char *column = r->index.parts[i]->column;
    if (STRATA_SCHEMA_APPEND_TEXT(host, r->cat->schema, key->columns,
                                  key->column_count, column,
                                  strlen(column)) != 0)
      return -1;
  }
  return 0;
}

/* Files the finished index as a key or as an index. */
static int close_index(struct index_reader *r) {
  const struct strata_host *host = r->cat->conn->host;
  struct strata_schema *schema = r->cat->schema;
  struct strata_table *t = r->table;
  int rc = 0;
  r->table = NULL;
  if (is_plain_key(&r->index) && (r->index.flags & STRATA_INDEX_PRIMARY)) {
    t->primary_key =
        STRATA_SCHEMA_APPEND(host, schema, r->spare, r->spare_count);
    rc = t->primary_key ? fill_key(r, t->primary_key) : -1;
  } else if (is_plain_key(&r->index) &&
             (r->index.flags & STRATA_INDEX_UNIQUE)) {
    struct strata_key *key =
        STRATA_SCHEMA_APPEND(host, schema, t->uniques, t->unique_count);
    rc = key ? fill_key(r, key) : -1;
  } else {
    struct strata_index *ix =
        STRATA_SCHEMA_APPEND(host, schema, t->indexes, t->index_count);
    if (ix != NULL)
      *ix = r->index;
    rc = ix ? 0 : -1;
  }
  return rc == 0 ? 0 : mysqldrv_catalog_nomem(r->cat);
}

/* BTREE -> btree, FULLTEXT -> fulltext ... */
static const char *method_name(struct mysqldrv_catalog *cat, const char *type,
                               int *failed) {
  char lower[32];
  size_t n = strlen(type);
  if (n >= sizeof lower)
    n = sizeof lower - 1;
  for (size_t i = 0; i < n; i++)
    lower[i] = (char)tolower((unsigned char)type[i]);
  return mysqldrv_catalog_text(cat, lower, n, failed);
}

static int open_index(struct index_reader *r, struct strata_table *t,
                      const char *const *values, const size_t *lengths) {
  struct mysqldrv_catalog *cat = r->cat;
  int failed = 0;
  memset(&r->index, 0, sizeof r->index);
  r->table = t;
  r->index.name =
      mysqldrv_catalog_text(cat, values[I_NAME], lengths[I_NAME], &failed);
  if (strcmp(values[I_NAME], "PRIMARY") == 0)
    r->index.flags |= STRATA_INDEX_PRIMARY;
  if (strcmp(values[I_NON_UNIQUE], "0") == 0)
    r->index.flags |= STRATA_INDEX_UNIQUE;
  r->index.method =
      method_name(cat, values[I_TYPE] ? values[I_TYPE] : "BTREE", &failed);
  if (values[I_COMMENT] != NULL && lengths[I_COMMENT] > 0)
    r->index.comment = mysqldrv_catalog_text(cat, values[I_COMMENT],
                                             lengths[I_COMMENT], &failed);
  return failed ? mysqldrv_catalog_nomem(cat) : 0;
}

static int add_part(struct index_reader *r, const char *const *values,
                    const size_t *lengths) {
  struct mysqldrv_catalog *cat = r->cat;
  struct strata_index_part *p = STRATA_SCHEMA_APPEND(
      cat->conn->host, cat->schema, r->index.parts, r->index.part_count);
  int failed = p == NULL;
  if (p == NULL)
    return mysqldrv_catalog_nomem(cat);
  p->column =
      mysqldrv_catalog_text(cat, values[I_COLUMN], lengths[I_COLUMN], &failed);
  if (p->column == NULL && values[I_EXPRESSION] != NULL)
    p->expression = mysqldrv_catalog_expression(cat, values[I_EXPRESSION],
                                                lengths[I_EXPRESSION], &failed);
  /* MariaDB gives a SPATIAL part a length, which is no prefix. */
  if (values[I_SUB_PART] != NULL && strcmp(r->index.method, "spatial") != 0)
    p->prefix_length = atoll(values[I_SUB_PART]);
  p->descending =
      values[I_COLLATION] != NULL && strcmp(values[I_COLLATION], "D") == 0;
  return failed ? mysqldrv_catalog_nomem(cat) : 0;
}

static int take_index_part(void *ctx, int columns, const char *const *values,
                           const size_t *lengths) {
  struct index_reader *r = ctx;
  struct strata_table *t = mysqldrv_catalog_table(r->cat, values[I_TABLE]);
  int rc = 0;
  (void)columns;
  if (r->table != NULL &&
      (r->table != t || strcmp(r->index.name, values[I_NAME]) != 0))
    rc = close_index(r);
  if (rc == 0 && t != NULL && r->table == NULL)
    rc = open_index(r, t, values, lengths);
  if (rc == 0 && t != NULL)
    rc = add_part(r, values, lengths);
  return rc;
}

int mysqldrv_read_indexes(struct mysqldrv_catalog *cat) {
  static const char sql[] =
      "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, "
      "COLLATION, INDEX_TYPE, INDEX_COMMENT, %s "
      "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? "
      "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";
  char query[sizeof sql + 16];
  struct index_reader r = {.cat = cat};
  int rc;
  snprintf(query, sizeof query, sql,
           cat->has_index_expression ? "EXPRESSION" : "NULL");
  rc = mysqldrv_catalog_query(cat, query, take_index_part, &r);
  if (rc == 0 && r.table != NULL)
    rc = close_index(&r);
  return rc;
}

enum foreign_key_value { F_TABLE, F_NAME, F_COLUMN, F_REF_TABLE, F_REF_COLUMN };

struct foreign_key_reader {
  struct mysqldrv_catalog *cat;
  struct strata_table *table;
  struct strata_foreign_key *fk; /* the one the rows are listing */
};

static int open_foreign_key(struct foreign_key_reader *r,
                            struct strata_table *t, const char *const *values,
                            const size_t *lengths) {
  struct mysqldrv_catalog *cat = r->cat;
  struct strata_foreign_key *fk = STRATA_SCHEMA_APPEND(
      cat->conn->host, cat->schema, t->foreign_keys, t->foreign_key_count);
  int failed = fk == NULL;
  r->table = t;
  r->fk = fk;
  if (fk == NULL)
    return mysqldrv_catalog_nomem(cat);
  fk->name =
      mysqldrv_catalog_text(cat, values[F_NAME], lengths[F_NAME], &failed);
  fk->ref_table = mysqldrv_catalog_text(cat, values[F_REF_TABLE],
                                        lengths[F_REF_TABLE], &failed);
  return failed ? mysqldrv_catalog_nomem(cat) : 0;
}

static int take_foreign_key_column(void *ctx, int columns,
                                   const char *const *values,
                                   const size_t *lengths) {
  struct foreign_key_reader *r = ctx;
  struct mysqldrv_catalog *cat = r->cat;
  const struct strata_host *host = cat->conn->host;
  struct strata_table *t = mysqldrv_catalog_table(cat, values[F_TABLE]);
  int rc = 0;
  (void)columns;
  if (t == NULL)
    return 0;
  if (r->table != t || strcmp(r->fk->name, values[F_NAME]) != 0)
    rc = open_foreign_key(r, t, values, lengths);
  if (rc == 0 &&
      (STRATA_SCHEMA_APPEND_TEXT(host, cat->schema, r->fk->columns,
                                 r->fk->column_count, values[F_COLUMN],
                                 lengths[F_COLUMN]) != 0 ||
       STRATA_SCHEMA_APPEND_TEXT(host, cat->schema, r->fk->ref_columns,
                                 r->fk->ref_column_count, values[F_REF_COLUMN],
                                 lengths[F_REF_COLUMN]) != 0))
    rc = mysqldrv_catalog_nomem(cat);
  return rc;
}

enum rule_value { U_TABLE, U_NAME, U_UPDATE_RULE, U_DELETE_RULE };

static int take_rules(void *ctx, int columns, const char *const *values,
                      const size_t *lengths) {
  struct mysqldrv_catalog *cat = ctx;
  struct strata_table *t = mysqldrv_catalog_table(cat, values[U_TABLE]);
  int failed = 0;
  (void)columns;
  for (size_t i = 0; t != NULL && i < t->foreign_key_count; i++) {
    struct strata_foreign_key *fk = t->foreign_keys[i];
    if (strcmp(fk->name, values[U_NAME]) != 0)
      continue;
    fk->on_update = mysqldrv_catalog_text(cat, values[U_UPDATE_RULE],
                                          lengths[U_UPDATE_RULE], &failed);
    fk->on_delete = mysqldrv_catalog_text(cat, values[U_DELETE_RULE],
                                          lengths[U_DELETE_RULE], &failed);
  }
  return failed ? mysqldrv_catalog_nomem(cat) : 0;
}

/* The columns, then the rules.  Two queries: MariaDB joins these two
 * views by scanning every database for the second. */
int mysqldrv_read_foreign_keys(struct mysqldrv_catalog *cat) {
  static const char columns_sql[] =
      "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, "
      "REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME "
      "FROM information_schema.KEY_COLUMN_USAGE "
      "WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL "
      "ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION";
  static const char rules_sql[] =
      "SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE "
      "FROM information_schema.REFERENTIAL_CONSTRAINTS "
      "WHERE CONSTRAINT_SCHEMA = ? ORDER BY TABLE_NAME, CONSTRAINT_NAME";
  struct foreign_key_reader r = {.cat = cat};
  int rc =
      mysqldrv_catalog_query(cat, columns_sql, take_foreign_key_column, &r);
  if (rc == 0 && r.table != NULL)
    rc = mysqldrv_catalog_query(cat, rules_sql, take_rules, cat);
  return rc;
}

enum check_value { K_TABLE, K_NAME, K_CLAUSE, K_LEVEL };

/* MariaDB's JSON is longtext in utf8mb4_bin with the column check
 * json_valid(`col`); the model calls it json, which MariaDB reads back as
 * that same column and check. */
static int is_json_check(const struct strata_table *t, struct strata_column *c,
                         const char *clause) {
  const char *collation = c->collation;
  size_t n = strlen(c->name);
  if (c->type != STRATA_TYPE_TEXT || strcmp(c->type_text, "longtext") != 0)
    return 0;
  if (collation == NULL && !mysqldrv_table_collation_is(t, "utf8mb4_bin"))
    return 0;
  if (collation != NULL && strcmp(collation, "utf8mb4_bin") != 0)
    return 0;
  return strncmp(clause, "json_valid(`", 12) == 0 &&
         strncmp(clause + 12, c->name, n) == 0 &&
         strcmp(clause + 12 + n, "`)") == 0 && strchr(c->name, '`') == NULL;
}

static struct strata_column *find_column(const struct strata_table *t,
                                         const char *name) {
  for (size_t i = 0; i < t->column_count; i++)
    if (strcmp(t->columns[i]->name, name) == 0)
      return t->columns[i];
  return NULL;
}

/* Whether the check is the one MariaDB's json type brings; if so the
 * column becomes json. */
static int took_json(struct mysqldrv_catalog *cat, struct strata_table *t,
                     const char *const *values) {
  struct strata_column *c;
  if (values[K_LEVEL] == NULL || strcmp(values[K_LEVEL], "Column") != 0)
    return 0;
  c = find_column(t, values[K_NAME]);
  if (c == NULL || !is_json_check(t, c, values[K_CLAUSE]))
    return 0;
  c->type = STRATA_TYPE_JSON;
  c->type_text = cat->conn->host->schema_strndup(cat->schema, "json", 4);
  c->collation = NULL;
  return 1;
}

static int take_check(void *ctx, int columns, const char *const *values,
                      const size_t *lengths) {
  struct mysqldrv_catalog *cat = ctx;
  struct strata_table *t = mysqldrv_catalog_table(cat, values[K_TABLE]);
  struct strata_check *k;
  int failed = 0;
  (void)columns;
  if (t == NULL || took_json(cat, t, values))
    return 0;
  k = STRATA_SCHEMA_APPEND(cat->conn->host, cat->schema, t->checks,
                           t->check_count);
  if (k == NULL)
    return mysqldrv_catalog_nomem(cat);
  k->name =
      mysqldrv_catalog_text(cat, values[K_NAME], lengths[K_NAME], &failed);
  k->expression = mysqldrv_catalog_expression(cat, values[K_CLAUSE],
                                              lengths[K_CLAUSE], &failed);
  return failed ? mysqldrv_catalog_nomem(cat) : 0;
}

/* MariaDB names each check's table and level (a column's check is named
 * after its column); MySQL names its checks per database and ties them to
 * tables through TABLE_CONSTRAINTS. */
int mysqldrv_read_checks(struct mysqldrv_catalog *cat) {
  static const char mariadb_sql[] =
      "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, %s "
      "FROM information_schema.CHECK_CONSTRAINTS "
      "WHERE CONSTRAINT_SCHEMA = ? ORDER BY TABLE_NAME, CONSTRAINT_NAME";
  static const char mysql_sql[] =
      "SELECT t.TABLE_NAME, c.CONSTRAINT_NAME, c.CHECK_CLAUSE, 'Table' "
      "FROM information_schema.CHECK_CONSTRAINTS c "
      "JOIN information_schema.TABLE_CONSTRAINTS t "
      "ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA "
      "AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME "
      "WHERE c.CONSTRAINT_SCHEMA = ? AND t.CONSTRAINT_TYPE = 'CHECK' "
      "ORDER BY t.TABLE_NAME, c.CONSTRAINT_NAME";
  char query[sizeof mariadb_sql + 16];
  if (!cat->has_check_table)
    return mysqldrv_catalog_query(cat, mysql_sql, take_check, cat);
  snprintf(query, sizeof query, mariadb_sql,
           cat->has_check_level ? "LEVEL" : "'Table'");
  return mysqldrv_catalog_query(cat, query, take_check, cat);
}
