/*
 * introspect_index.c - indexes, and the UNIQUE keys SQLite backs by one.
 *
 * An index made by CREATE INDEX is read twice: its stored text gives the
 * expressions of expression parts and the WHERE of a partial index, which
 * no pragma reports; pragma_index_xinfo then says which parts are plain
 * columns, their order and their collation.  An index SQLite made for a
 * UNIQUE constraint (origin 'u') becomes a key of the table instead; the
 * one behind a PRIMARY KEY (origin 'pk') is the primary key, read with the
 * columns.
 */
#include "sqlite.h"

#include <stdlib.h>
#include <string.h>

static const char index_parts_sql[] = SQLITE_IX_WITH_TABLES
    "SELECT t.name, i.name, i.origin, i.\"unique\", x.seqno, x.cid, x.name, "
    "x.\"desc\", x.coll FROM t, pragma_index_list(t.name, 'main') AS i, "
    "pragma_index_xinfo(i.name, 'main') AS x WHERE x.key "
    "ORDER BY t.name, i.name, x.seqno";

/* ---- the stored CREATE INDEX --------------------------------------- */

/* One part as typed: its text without a trailing ASC or DESC. */
static int add_part(struct sqlite_introspection *ix, struct strata_index *x,
                    const char *start, const struct sqltok *last,
                    const struct sqltok *before_last) {
  struct strata_index_part *p =
      STRATA_SCHEMA_APPEND(ix->host, ix->schema, x->parts, x->part_count);
  if (p == NULL)
    return -1;
  const char *end = last->text + last->length;
  if (sqltok_is(last, "DESC") || sqltok_is(last, "ASC")) {
    p->descending = sqltok_is(last, "DESC");
    end = before_last->text + before_last->length;
  }
  int failed = 0;
  struct sqlite_text b = {0};
  sqlite_text_add_expr(&b, start, (size_t)(end - start));
  p->expression = sqlite_ix_take(ix, &b, &failed);
  return failed ? -1 : 0;
}

/* Reads "( part, part ... )" up to its closing parenthesis. */
static int read_parts(struct sqlite_introspection *ix, struct strata_index *x,
                      struct sqllex *lx) {
  struct sqltok tok, last = {0}, before_last = {0};
  const char *start = NULL;
  int depth = 1;
  while (depth > 0 && sqllex_next(lx, &tok) != SQLTOK_END) {
    depth += (tok.kind == SQLTOK_LPAREN) - (tok.kind == SQLTOK_RPAREN);
    if (depth == 0 || (depth == 1 && tok.kind == SQLTOK_COMMA)) {
      if (start != NULL && add_part(ix, x, start, &last, &before_last) != 0)
        return -1;
      start = NULL;
      continue;
    }
    if (start == NULL)
      start = tok.text;
    before_last = last;
    last = tok;
  }
  return 0;
}

static int read_predicate(struct sqlite_introspection *ix,
                          struct strata_index *x, struct sqllex *lx) {
  struct sqltok tok;
  sqllex_next(lx, &tok);
  if (!sqltok_is(&tok, "WHERE"))
    return 0;
  int failed = 0;
  struct sqlite_text b = {0};
  sqlite_text_add_expr(&b, lx->at, (size_t)(lx->end - lx->at));
  x->predicate = sqlite_ix_take(ix, &b, &failed);
  return failed ? -1 : 0;
}

/* CREATE [UNIQUE] INDEX name ON table (parts) [WHERE predicate]: SQLite
 * stores it without IF NOT EXISTS. */
static int read_create_index(struct sqlite_introspection *ix,
                             struct strata_index *x, const char *sql) {
  struct sqllex lx;
  struct sqltok tok;
  sqllex_init(&lx, sql, strlen(sql));
  while (sqllex_next(&lx, &tok) != SQLTOK_END && tok.kind != SQLTOK_LPAREN)
    if (sqltok_is(&tok, "UNIQUE"))
      x->flags |= STRATA_INDEX_UNIQUE;
  if (tok.kind == SQLTOK_END || read_parts(ix, x, &lx) != 0)
    return tok.kind == SQLTOK_END ? 0 : -1;
  return read_predicate(ix, x, &lx);
}

int sqlite_ix_add_index(struct sqlite_introspection *ix,
                        struct sqlite_table_entry *te, const char *name,
                        const char *sql) {
  struct strata_table *t = te->table;
  struct strata_index *x =
      STRATA_SCHEMA_APPEND(ix->host, ix->schema, t->indexes, t->index_count);
  if (x == NULL)
    return sqlite_ix_nomem(ix);
  int failed = 0;
  x->name = sqlite_ix_copy(ix, name, strlen(name), &failed);
  x->definition = sqlite_ix_copy(ix, sql, strlen(sql), &failed);
  x->method = "btree";
  if (failed || read_create_index(ix, x, sql) != 0)
    return sqlite_ix_nomem(ix);
  return 0;
}

/* ---- the pragmas --------------------------------------------------- */

enum {
  T_NAME,
  I_NAME,
  I_ORIGIN,
  I_UNIQUE,
  X_SEQNO,
  X_CID,
  X_NAME,
  X_DESC,
  X_COLL
};

static struct strata_index *find_index(struct strata_table *t,
                                       const char *name) {
  for (size_t i = 0; i < t->index_count; i++)
    if (strcmp(t->indexes[i]->name, name) == 0)
      return t->indexes[i];
  return NULL;
}

static const char *column_collation(const struct strata_table *t,
                                    const char *name) {
  for (size_t i = 0; i < t->column_count; i++)
    if (sqlite3_stricmp(t->columns[i]->name, name) == 0)
      return t->columns[i]->collation ? t->columns[i]->collation : "BINARY";
  return "BINARY";
}

/* A column part that compares by another collation than its column's is
 * kept as the expression "column COLLATE name": the model's parts have no
 * collation of their own. */
static int set_column_part(struct sqlite_introspection *ix,
                           struct strata_table *t, struct strata_index_part *p,
                           const char *const *v) {
  int failed = 0;
  const char *coll = v[X_COLL] ? v[X_COLL] : "BINARY";
  if (sqlite3_stricmp(coll, column_collation(t, v[X_NAME])) == 0) {
    p->column = sqlite_ix_copy(ix, v[X_NAME], strlen(v[X_NAME]), &failed);
    p->expression = NULL;
    return failed ? -1 : 0;
  }
  struct sqlite_text b = {0};
  sqlite_text_add_ident(&b, v[X_NAME]);
  sqlite_text_adds(&b, " COLLATE ");
  sqlite_text_add_type(&b, coll, strlen(coll));
  p->expression = sqlite_ix_take(ix, &b, &failed);
  return failed ? -1 : 0;
}

static int on_created_index_part(struct sqlite_introspection *ix,
                                 struct strata_table *t, const char *const *v) {
  struct strata_index *x = ix->row_object;
  if (!sqlite_ix_same_object(ix, v[T_NAME], v[I_NAME]))
    ix->row_object = x = find_index(t, v[I_NAME]);
  if (x == NULL)
    return 0;
  if (strcmp(v[I_UNIQUE], "0") != 0)
    x->flags |= STRATA_INDEX_UNIQUE;
  size_t seqno = (size_t)atol(v[X_SEQNO]);
  if (seqno >= x->part_count)
    return 0;
  struct strata_index_part *p = x->parts[seqno];
  p->descending = strcmp(v[X_DESC], "0") != 0;
  if (v[X_NAME] == NULL) /* an expression, or the rowid */
    return 0;
  return set_column_part(ix, t, p, v) != 0 ? sqlite_ix_nomem(ix) : 0;
}

static int on_unique_part(struct sqlite_introspection *ix,
                          struct strata_table *t, const char *const *v) {
  struct strata_key *k = ix->row_object;
  if (!sqlite_ix_same_object(ix, v[T_NAME], v[I_NAME])) {
    k = STRATA_SCHEMA_APPEND(ix->host, ix->schema, t->uniques, t->unique_count);
    if (k == NULL)
      return sqlite_ix_nomem(ix);
    ix->row_object = k;
  }
  const char *name = v[X_NAME] ? v[X_NAME] : "rowid";
  if (STRATA_SCHEMA_APPEND_TEXT(ix->host, ix->schema, k->columns,
                                k->column_count, name, strlen(name)) != 0)
    return sqlite_ix_nomem(ix);
  return 0;
}

/* A key's columns are names only in the model, so a key that compares a
 * column by another collation than the column's own loses it: the user
 * hears so. */
static void check_key_collation(struct sqlite_introspection *ix,
                                const struct strata_table *t,
                                const char *const *v) {
  const char *coll = v[X_COLL] ? v[X_COLL] : "BINARY";
  if (v[X_NAME] == NULL ||
      sqlite3_stricmp(coll, column_collation(t, v[X_NAME])) == 0)
    return;
  ix->host->notice(ix->host->host_ctx,
                   "table '%s': COLLATE %s on column '%s' of its %s is "
                   "left out (the schema model keeps a key's columns only)",
                   t->name, coll, v[X_NAME],
                   strcmp(v[I_ORIGIN], "pk") == 0 ? "primary key"
                                                  : "UNIQUE constraint");
}

static int on_index_part(void *ctx, int n, const char *const *v,
                         const size_t *len) {
  struct sqlite_introspection *ix = ctx;
  struct sqlite_table_entry *te = sqlite_ix_find(ix, v[T_NAME]);
  if (te == NULL)
    return 0;
  if (strcmp(v[I_ORIGIN], "c") == 0)
    return on_created_index_part(ix, te->table, v);
  check_key_collation(ix, te->table, v);
  if (strcmp(v[I_ORIGIN], "u") == 0)
    return on_unique_part(ix, te->table, v);
  return 0;
}

int sqlite_ix_read_indexes(struct sqlite_introspection *ix) {
  return sqlite_ix_query(ix, index_parts_sql, on_index_part);
}
