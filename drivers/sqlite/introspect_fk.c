/*
 * introspect_fk.c - foreign keys.
 *
 * pragma_foreign_key_list gives the columns and actions of each key, one
 * row per column.  Names and DEFERRABLE, which it does not give, come from
 * the CREATE TABLE text later (introspect_table.c).
 *
 * A key may name its parent in any case and leave out the parent's
 * columns (meaning its primary key); both are written out here the way the
 * parent spells them, so that keys typed either way read the same.
 */
#include "sqlite.h"

#include <stdlib.h>
#include <string.h>

static const char foreign_keys_sql[] = SQLITE_IX_WITH_TABLES
    "SELECT t.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, "
    "f.on_delete, f.\"match\" FROM t, "
    "pragma_foreign_key_list(t.name, 'main') AS f "
    "ORDER BY t.name, f.id, f.seq";

enum { T_NAME, F_ID, F_TABLE, F_FROM, F_TO, F_ON_UPDATE, F_ON_DELETE, F_MATCH };

/* The model's spelling of an action, which is SQLite's. */
static const char *action(const char *text) {
  static const char *const actions[] = {"NO ACTION", "RESTRICT", "CASCADE",
                                        "SET NULL", "SET DEFAULT"};
  for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
    if (text != NULL && sqlite3_stricmp(text, actions[i]) == 0)
      return actions[i];
  return "NO ACTION";
}

static struct strata_foreign_key *
new_foreign_key(struct sqlite_introspection *ix, struct strata_table *t,
                const char *const *v, const size_t *len) {
  struct strata_foreign_key *fk = STRATA_SCHEMA_APPEND(
      ix->host, ix->schema, t->foreign_keys, t->foreign_key_count);
  if (fk == NULL)
    return NULL;
  int failed = 0;
  fk->ref_table = sqlite_ix_copy(ix, v[F_TABLE], len[F_TABLE], &failed);
  fk->on_update = action(v[F_ON_UPDATE]);
  fk->on_delete = action(v[F_ON_DELETE]);
  if (v[F_MATCH] != NULL && sqlite3_stricmp(v[F_MATCH], "NONE") != 0)
    fk->match = sqlite_ix_copy(ix, v[F_MATCH], len[F_MATCH], &failed);
  return failed ? NULL : fk;
}

static int on_foreign_key_column(void *ctx, int n, const char *const *v,
                                 const size_t *len) {
  struct sqlite_introspection *ix = ctx;
  struct sqlite_table_entry *te = sqlite_ix_find(ix, v[T_NAME]);
  if (te == NULL)
    return 0;
  struct strata_foreign_key *fk = ix->row_object;
  if (!sqlite_ix_same_object(ix, v[T_NAME], v[F_ID]))
    ix->row_object = fk = new_foreign_key(ix, te->table, v, len);
  if (fk == NULL ||
      STRATA_SCHEMA_APPEND_TEXT(ix->host, ix->schema, fk->columns,
                                fk->column_count, v[F_FROM], len[F_FROM]) != 0)
    return sqlite_ix_nomem(ix);
  if (v[F_TO] != NULL &&
      STRATA_SCHEMA_APPEND_TEXT(ix->host, ix->schema, fk->ref_columns,
                                fk->ref_column_count, v[F_TO], len[F_TO]) != 0)
    return sqlite_ix_nomem(ix);
  return 0;
}

static const char *parent_column(const struct strata_table *parent,
                                 const char *name) {
  for (size_t i = 0; i < parent->column_count; i++)
    if (sqlite3_stricmp(parent->columns[i]->name, name) == 0)
      return parent->columns[i]->name;
  return name;
}

static int resolve_parent(struct sqlite_introspection *ix,
                          struct strata_foreign_key *fk) {
  struct sqlite_table_entry *pe = sqlite_ix_find(ix, fk->ref_table);
  if (pe == NULL)
    return 0;
  const struct strata_table *parent = pe->table;
  fk->ref_table = parent->name;
  for (size_t i = 0; i < fk->ref_column_count; i++)
    fk->ref_columns[i] = parent_column(parent, fk->ref_columns[i]);
  const struct strata_key *pk = parent->primary_key;
  if (fk->ref_column_count > 0 || pk == NULL)
    return 0;
  for (size_t i = 0; i < pk->column_count; i++)
    if (STRATA_SCHEMA_APPEND_TEXT(ix->host, ix->schema, fk->ref_columns,
                                  fk->ref_column_count, pk->columns[i],
                                  strlen(pk->columns[i])) != 0)
      return sqlite_ix_nomem(ix);
  return 0;
}

int sqlite_ix_read_foreign_keys(struct sqlite_introspection *ix) {
  int rc = sqlite_ix_query(ix, foreign_keys_sql, on_foreign_key_column);
  for (size_t i = 0; rc == 0 && i < ix->table_count; i++) {
    struct strata_table *t = ix->tables[i].table;
    for (size_t j = 0; rc == 0 && j < t->foreign_key_count; j++)
      rc = resolve_parent(ix, t->foreign_keys[j]);
  }
  return rc;
}
