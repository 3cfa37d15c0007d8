/*
 * introspect.c - the live schema of the main database as a model.
 *
 * A few queries read every table at once: the pragmas are table-valued
 * functions, joined with the list of tables, so the cost is one statement
 * per kind of object however many tables there are.  What no pragma keeps
 * (CHECK constraints, constraint names, generated expressions) comes from
 * the stored CREATE TABLE text afterwards (introspect_table.c).
 *
 * SQLite's own tables (sqlite_%) and the shadow tables of virtual tables,
 * which the virtual table creates itself, are left out.
 */
#include "sqlite.h"

#include <stdlib.h>
#include <string.h>

static const char tables_sql[] =
    "SELECT name, sql FROM main.sqlite_schema WHERE type = 'table' AND "
    "name IN (" SQLITE_IX_USER_TABLES " AND type IN ('table', 'virtual')) "
    "ORDER BY name";

/* Rows of a table come primary key columns first, in key order, so the key
 * is built as they arrive; the model orders columns by position later. */
static const char columns_sql[] = SQLITE_IX_WITH_TABLES
    "SELECT t.name, c.cid, c.name, c.type, c.\"notnull\", c.dflt_value, "
    "c.pk, c.hidden FROM t, pragma_table_xinfo(t.name, 'main') AS c "
    "ORDER BY t.name, c.pk = 0, c.pk, c.cid";

/* Triggers on views come too, to be named as left out. */
static const char objects_sql[] =
    "SELECT type, name, tbl_name, sql FROM main.sqlite_schema "
    "WHERE type IN ('index', 'view', 'trigger') AND sql IS NOT NULL AND "
    "tbl_name IN (" SQLITE_IX_USER_TABLES " AND type IN ('table', 'view')) "
    "ORDER BY type, name";

/* ---- shared helpers ------------------------------------------------ */

static int by_entry_name(const void *key, const void *element) {
  const struct sqlite_table_entry *e = element;
  return strcmp(key, e->table->name);
}

struct sqlite_table_entry *sqlite_ix_find(struct sqlite_introspection *ix,
                                          const char *name) {
  struct sqlite_table_entry *e =
      ix->table_count ? bsearch(name, ix->tables, ix->table_count,
                                sizeof *ix->tables, by_entry_name)
                      : NULL;
  for (size_t i = 0; e == NULL && i < ix->table_count; i++)
    if (sqlite3_stricmp(ix->tables[i].table->name, name) == 0)
      e = &ix->tables[i];
  return e;
}

const char *sqlite_ix_copy(struct sqlite_introspection *ix, const char *text,
                           size_t length, int *failed) {
  if (text == NULL)
    return NULL;
  const char *copy = ix->host->schema_strndup(ix->schema, text, length);
  if (copy == NULL)
    *failed = 1;
  return copy;
}

const char *sqlite_ix_take(struct sqlite_introspection *ix,
                           struct sqlite_text *b, int *failed) {
  const char *copy = NULL;
  if (b->failed)
    *failed = 1;
  else
    copy = sqlite_ix_copy(ix, b->data ? b->data : "", b->length, failed);
  sqlite_text_release(b);
  return copy;
}

int sqlite_ix_nomem(struct sqlite_introspection *ix) {
  return ix->host->error_set(ix->err, STRATA_ENOMEM,
                             "out of memory reading the schema of '%s'",
                             ix->conn->path);
}

/* The key is "table\x1fname": no name holds that character in practice, and
 * a false match could only merge two objects of one table. */
int sqlite_ix_same_object(struct sqlite_introspection *ix, const char *table,
                          const char *name) {
  struct sqlite_text *k = &ix->row_key;
  size_t n = strlen(table);
  if (ix->row_object != NULL && k->length == n + 1 + strlen(name) &&
      memcmp(k->data, table, n) == 0 && k->data[n] == '\x1f' &&
      strcmp(k->data + n + 1, name) == 0)
    return 1;
  ix->row_object = NULL;
  k->length = 0;
  sqlite_text_add(k, table, n);
  sqlite_text_add(k, "\x1f", 1);
  sqlite_text_adds(k, name);
  return 0;
}

int sqlite_ix_query(struct sqlite_introspection *ix, const char *sql,
                    strata_row_fn on_row) {
  ix->row_object = NULL;
  ix->row_key.length = 0;
  return sqlite_conn_query(ix->conn, sql, NULL, 0, on_row, ix, ix->err);
}

/* ---- tables -------------------------------------------------------- */

static struct sqlite_table_entry *entry_new(struct sqlite_introspection *ix) {
  if (ix->table_count == ix->table_capacity) {
    size_t cap = ix->table_capacity ? ix->table_capacity * 2 : 64;
    struct sqlite_table_entry *grown = realloc(ix->tables, cap * sizeof *grown);
    if (grown == NULL)
      return NULL;
    ix->tables = grown;
    ix->table_capacity = cap;
  }
  return &ix->tables[ix->table_count];
}

static int on_table(void *ctx, int n, const char *const *v, const size_t *len) {
  struct sqlite_introspection *ix = ctx;
  int failed = 0;
  struct sqlite_table_entry *e = entry_new(ix);
  struct strata_table *t =
      e ? STRATA_SCHEMA_APPEND(ix->host, ix->schema, ix->schema->tables,
                               ix->schema->table_count)
        : NULL;
  if (t == NULL)
    return sqlite_ix_nomem(ix);
  t->name = sqlite_ix_copy(ix, v[0], len[0], &failed);
  *e = (struct sqlite_table_entry){
      .table = t,
      .sql = sqlite_ix_copy(ix, v[1] ? v[1] : "", len[1], &failed),
      .is_virtual =
          v[1] != NULL && sqlite3_strnicmp(v[1], "CREATE VIRTUAL", 14) == 0,
  };
  ix->table_count++;
  return failed ? sqlite_ix_nomem(ix) : 0;
}

/* ---- columns ------------------------------------------------------- */

/* SQLite knows a column's collation and AUTOINCREMENT but no pragma says
 * them; this call does. */
static void column_metadata(struct sqlite_introspection *ix,
                            struct strata_table *t, struct strata_column *c,
                            int *failed) {
  const char *collation = NULL;
  int autoinc = 0;
  if (sqlite3_table_column_metadata(ix->conn->db, "main", t->name, c->name,
                                    NULL, &collation, NULL, NULL,
                                    &autoinc) != SQLITE_OK)
    return;
  if (autoinc)
    c->flags |= STRATA_COLUMN_IDENTITY;
  if (collation != NULL && sqlite3_stricmp(collation, "BINARY") != 0) {
    struct sqlite_text b = {0};
    sqlite_text_add_type(&b, collation, strlen(collation));
    c->collation = sqlite_ix_take(ix, &b, failed);
  }
}

static void column_default(struct sqlite_introspection *ix,
                           struct strata_column *c, const char *text,
                           size_t length, int *failed) {
  struct sqlite_text b = {0};
  sqlite_text_add_expr(&b, text, length);
  c->default_expr = sqlite_ix_take(ix, &b, failed);
  sqlite_ix_default_neutral(ix, c, failed);
}

static void column_type(struct sqlite_introspection *ix,
                        struct strata_column *c, const char *text,
                        size_t length, int *failed) {
  if (length > 0) {
    struct sqlite_text b = {0};
    sqlite_text_add_type(&b, text, length);
    c->type_text = sqlite_ix_take(ix, &b, failed);
  }
  sqlite_ix_type_neutral(c);
}

/* pragma_table_xinfo's hidden: 2 a virtual generated column, 3 a stored
 * one (1 is a hidden column of a virtual table, which is not read). */
static unsigned column_flags(const char *notnull, const char *hidden) {
  unsigned flags = 0;
  if (notnull != NULL && strcmp(notnull, "0") != 0)
    flags |= STRATA_COLUMN_NOT_NULL;
  if (hidden != NULL && strcmp(hidden, "2") == 0)
    flags |= STRATA_COLUMN_GENERATED_VIRTUAL;
  if (hidden != NULL && strcmp(hidden, "3") == 0)
    flags |= STRATA_COLUMN_GENERATED_STORED;
  return flags;
}

/* The model grows only through arrays, so the key is taken as the one
 * element of an array of its own. */
static int add_to_primary_key(struct sqlite_introspection *ix,
                              struct strata_table *t, const char *name) {
  if (t->primary_key == NULL) {
    struct strata_key **slot = NULL;
    size_t count = 0;
    t->primary_key = STRATA_SCHEMA_APPEND(ix->host, ix->schema, slot, count);
    if (t->primary_key == NULL)
      return -1;
  }
  struct strata_key *k = t->primary_key;
  return STRATA_SCHEMA_APPEND_TEXT(ix->host, ix->schema, k->columns,
                                   k->column_count, name, strlen(name));
}

static int on_column(void *ctx, int n, const char *const *v,
                     const size_t *len) {
  struct sqlite_introspection *ix = ctx;
  struct sqlite_table_entry *te = sqlite_ix_find(ix, v[0]);
  if (te == NULL)
    return 0;
  struct strata_table *t = te->table;
  struct strata_column *c =
      STRATA_SCHEMA_APPEND(ix->host, ix->schema, t->columns, t->column_count);
  if (c == NULL)
    return sqlite_ix_nomem(ix);
  int failed = 0;
  c->name = sqlite_ix_copy(ix, v[2], len[2], &failed);
  c->position = atoi(v[1]) + 1;
  c->precision = -1;
  c->scale = -1;
  c->flags = column_flags(v[4], v[7]);
  column_type(ix, c, v[3] ? v[3] : "", len[3], &failed);
  if (v[5] != NULL)
    column_default(ix, c, v[5], len[5], &failed);
  if (!failed && c->name != NULL)
    column_metadata(ix, t, c, &failed);
  if (!failed && v[6] != NULL && strcmp(v[6], "0") != 0)
    failed = add_to_primary_key(ix, t, c->name) != 0;
  return failed ? sqlite_ix_nomem(ix) : 0;
}

/* ---- indexes, views and triggers ----------------------------------- */

static int on_object(void *ctx, int n, const char *const *v,
                     const size_t *len) {
  struct sqlite_introspection *ix = ctx;
  if (strcmp(v[0], "view") == 0)
    return sqlite_ix_add_view(ix, v[1], v[3]);
  struct sqlite_table_entry *te = sqlite_ix_find(ix, v[2]);
  if (te == NULL) {
    ix->host->notice(ix->host->host_ctx,
                     "trigger '%s' on view '%s': left out: the schema "
                     "model keeps triggers on tables only",
                     v[1], v[2]);
    return 0;
  }
  if (strcmp(v[0], "index") == 0)
    return sqlite_ix_add_index(ix, te, v[1], v[3]);
  return sqlite_ix_add_trigger(ix, te, v[1], v[3]);
}

static int read_create_tables(struct sqlite_introspection *ix) {
  for (size_t i = 0; i < ix->table_count; i++) {
    int rc = sqlite_ix_read_create_table(ix, &ix->tables[i]);
    if (rc != 0)
      return rc;
  }
  return 0;
}

/* AUTOINCREMENT's counters, for a port: SQLite keeps them in
 * sqlite_sequence, which exists once a table uses AUTOINCREMENT. */
static int read_counters(struct sqlite_introspection *ix) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(ix->conn->db, "SELECT name, seq FROM sqlite_sequence",
                         -1, &st, NULL) != SQLITE_OK)
    return 0; /* no table uses AUTOINCREMENT */
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(st, 0);
    struct sqlite_table_entry *te = name ? sqlite_ix_find(ix, name) : NULL;
    if (te != NULL)
      te->table->next_auto_increment = sqlite3_column_int64(st, 1) + 1;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : sqlite_conn_fail(ix->conn, rc, ix->err);
}

int sqlite_introspect(struct strata_conn *conn, struct strata_schema *schema,
                      struct strata_error *err) {
  struct sqlite_introspection ix = {
      .conn = conn, .host = conn->host, .schema = schema, .err = err};
  schema->name = "main";
  int rc = sqlite_ix_query(&ix, tables_sql, on_table);
  if (rc == 0)
    rc = sqlite_ix_query(&ix, columns_sql, on_column);
  if (rc == 0)
    rc = sqlite_ix_query(&ix, objects_sql, on_object);
  if (rc == 0)
    rc = sqlite_ix_read_indexes(&ix);
  if (rc == 0)
    rc = sqlite_ix_read_foreign_keys(&ix);
  if (rc == 0)
    rc = read_create_tables(&ix);
  if (rc == 0)
    rc = read_counters(&ix);
  free(ix.tables);
  sqlite_text_release(&ix.row_key);
  return rc;
}
