/*
 * introspect_object.c - views and triggers, from their stored text.
 *
 * SQLite keeps a view or a trigger only as the statement that made it (with
 * IF NOT EXISTS and TEMP taken out), so that text is what a dump writes
 * back: a view's SELECT as typed, a trigger whole.
 */
#include "sqlite.h"

#include <string.h>

/* Starts reading sql past "CREATE VIEW name" or "CREATE TRIGGER name",
 * with the next token in tok.  SQLite stores the statement from the name
 * on, so no IF NOT EXISTS or schema comes before it. */
static void skip_head(struct sqllex *lx, struct sqltok *tok, const char *sql) {
  sqllex_init(lx, sql, strlen(sql));
  while (sqllex_next(lx, tok) != SQLTOK_END && !sqltok_is(tok, "VIEW") &&
         !sqltok_is(tok, "TRIGGER"))
    continue;
  sqllex_next(lx, tok); /* the name */
  sqllex_next(lx, tok);
}

static const char *trim_end(const char *start, const char *end) {
  while (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' ||
                         end[-1] == '\r' || end[-1] == ';'))
    end--;
  return end;
}

/* A view's column list, "(a, b)", is kept in its options. */
static void read_view_columns(struct sqlite_introspection *ix,
                              struct strata_view *v, struct sqllex *lx,
                              struct sqltok *tok, int *failed) {
  const char *start = tok->text;
  for (int depth = 1; depth > 0 && sqllex_next(lx, tok) != SQLTOK_END;)
    depth += (tok->kind == SQLTOK_LPAREN) - (tok->kind == SQLTOK_RPAREN);
  struct sqlite_text b = {0};
  sqlite_text_add_expr(&b, start, (size_t)(lx->at - start));
  v->options = sqlite_ix_take(ix, &b, failed);
  sqllex_next(lx, tok);
}

int sqlite_ix_add_view(struct sqlite_introspection *ix, const char *name,
                       const char *sql) {
  struct strata_schema *s = ix->schema;
  struct strata_view *v =
      STRATA_SCHEMA_APPEND(ix->host, s, s->views, s->view_count);
  if (v == NULL)
    return sqlite_ix_nomem(ix);
  int failed = 0;
  struct sqllex lx;
  struct sqltok tok;
  skip_head(&lx, &tok, sql);
  if (tok.kind == SQLTOK_LPAREN)
    read_view_columns(ix, v, &lx, &tok, &failed);
  /* tok is AS: the SELECT is the rest. */
  const char *select = lx.at;
  while (select < lx.end && (*select == ' ' || *select == '\t' ||
                             *select == '\n' || *select == '\r'))
    select++;
  v->name = sqlite_ix_copy(ix, name, strlen(name), &failed);
  v->definition = sqlite_ix_copy(
      ix, select, (size_t)(trim_end(select, lx.end) - select), &failed);
  return failed ? sqlite_ix_nomem(ix) : 0;
}

/* [BEFORE | AFTER | INSTEAD OF] (DELETE | INSERT | UPDATE [OF ...]): a
 * trigger without a time runs before. */
static void read_trigger_event(struct strata_trigger *tr, struct sqllex *lx,
                               struct sqltok *tok) {
  tr->timing = "BEFORE";
  if (sqltok_is(tok, "AFTER"))
    tr->timing = "AFTER";
  if (sqltok_is(tok, "INSTEAD")) {
    tr->timing = "INSTEAD OF";
    sqllex_next(lx, tok);
  }
  if (sqltok_is(tok, "BEFORE") || sqltok_is(tok, "AFTER") ||
      sqltok_is(tok, "OF"))
    sqllex_next(lx, tok);
  tr->events = sqltok_is(tok, "DELETE")   ? "DELETE"
               : sqltok_is(tok, "INSERT") ? "INSERT"
                                          : "UPDATE";
}

int sqlite_ix_add_trigger(struct sqlite_introspection *ix,
                          struct sqlite_table_entry *te, const char *name,
                          const char *sql) {
  struct strata_table *t = te->table;
  struct strata_trigger *tr =
      STRATA_SCHEMA_APPEND(ix->host, ix->schema, t->triggers, t->trigger_count);
  if (tr == NULL)
    return sqlite_ix_nomem(ix);
  int failed = 0;
  struct sqllex lx;
  struct sqltok tok;
  skip_head(&lx, &tok, sql);
  read_trigger_event(tr, &lx, &tok);
  tr->name = sqlite_ix_copy(ix, name, strlen(name), &failed);
  tr->table = t->name;
  tr->definition = sqlite_ix_copy(
      ix, sql, (size_t)(trim_end(sql, sql + strlen(sql)) - sql), &failed);
  return failed ? sqlite_ix_nomem(ix) : 0;
}
