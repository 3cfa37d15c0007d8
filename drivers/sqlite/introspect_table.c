/*
 * introspect_table.c - what only the stored CREATE TABLE says.
 *
 * The pragmas have already given the columns, keys and foreign keys.  No
 * pragma reports CHECK constraints, constraint names, generated-column
 * expressions, DEFERRABLE, WITHOUT ROWID or STRICT, so this reads the
 * statement with SQLite's grammar for a table:
 *
 *   CREATE TABLE name ( column-def | table-constraint, ... ) [options]
 *
 * and adds those to what the pragmas built.  A virtual table keeps its
 * USING clause as its options.
 */
#include "sqlite.h"

#include <stdlib.h>
#include <string.h>

struct create_table {
  struct sqlite_introspection *ix;
  struct strata_table *t;
  struct sqllex lx;
  struct sqltok tok;         /* the token in hand */
  struct sqltok constraint;  /* the pending CONSTRAINT name, or SQLTOK_END */
  unsigned char *fk_matched; /* foreign keys already given a clause */
  int failed;
};

static void next(struct create_table *p) {
  sqllex_next(&p->lx, &p->tok);
}

static int accept(struct create_table *p, const char *word) {
  if (!sqltok_is(&p->tok, word))
    return 0;
  next(p);
  return 1;
}

/* Steps over the parenthesised group starting at the token in hand, to
 * the token after it; returns where its closing parenthesis is. */
static const char *skip_group(struct create_table *p) {
  const char *close = p->lx.end;
  for (int depth = 0; p->tok.kind != SQLTOK_END;) {
    depth += (p->tok.kind == SQLTOK_LPAREN) - (p->tok.kind == SQLTOK_RPAREN);
    close = p->tok.text;
    next(p);
    if (depth == 0)
      break;
  }
  return close;
}

/* The text inside the group starting at the token in hand, laid out as an
 * expression; the token after the group is then in hand. */
static const char *group_expression(struct create_table *p) {
  const char *start = p->tok.text + 1;
  const char *close = skip_group(p);
  struct sqlite_text b = {0};
  sqlite_text_add_expr(&b, start, close > start ? (size_t)(close - start) : 0);
  return sqlite_ix_take(p->ix, &b, &p->failed);
}

static const char *constraint_name(struct create_table *p) {
  if (p->constraint.kind == SQLTOK_END)
    return NULL;
  char name[512];
  size_t n = sqltok_dequote(&p->constraint, name, sizeof name);
  p->constraint.kind = SQLTOK_END;
  return sqlite_ix_copy(p->ix, name, n < sizeof name ? n : sizeof name - 1,
                        &p->failed);
}

static struct strata_column *find_column(struct strata_table *t,
                                         const struct sqltok *tok) {
  for (size_t i = 0; i < t->column_count; i++)
    if (sqltok_names(tok, t->columns[i]->name))
      return t->columns[i];
  return NULL;
}

/* ---- column lists -------------------------------------------------- */

/* Names of a "(a, b COLLATE x DESC)" list: the first token of each item. */
struct name_list {
  struct sqltok names[64];
  size_t count;
};

static void read_name_list(struct create_table *p, struct name_list *l) {
  l->count = 0;
  int depth = 0, item_start = 1;
  do {
    depth += (p->tok.kind == SQLTOK_LPAREN) - (p->tok.kind == SQLTOK_RPAREN);
    if (depth == 1 && p->tok.kind == SQLTOK_COMMA)
      item_start = 1;
    else if (depth == 1 && item_start && p->tok.kind != SQLTOK_LPAREN) {
      if (l->count < sizeof l->names / sizeof l->names[0])
        l->names[l->count++] = p->tok;
      item_start = 0;
    }
    next(p);
  } while (depth > 0 && p->tok.kind != SQLTOK_END);
}

static int names_match(const struct name_list *l, const char *const *columns,
                       size_t count) {
  if (l->count != count)
    return 0;
  for (size_t i = 0; i < count; i++)
    if (!sqltok_names(&l->names[i], columns[i]))
      return 0;
  return 1;
}

/* ---- keys and checks ----------------------------------------------- */

static void name_primary_key(struct create_table *p) {
  const char *name = constraint_name(p);
  if (p->t->primary_key != NULL && name != NULL)
    p->t->primary_key->name = name;
}

static void name_unique(struct create_table *p, const struct name_list *l) {
  const char *name = constraint_name(p);
  for (size_t i = 0; name != NULL && i < p->t->unique_count; i++) {
    struct strata_key *k = p->t->uniques[i];
    if (k->name == NULL && names_match(l, k->columns, k->column_count)) {
      k->name = name;
      return;
    }
  }
}

static void add_check(struct create_table *p) {
  struct strata_table *t = p->t;
  struct strata_check *c = STRATA_SCHEMA_APPEND(p->ix->host, p->ix->schema,
                                                t->checks, t->check_count);
  if (c == NULL) {
    p->failed = 1;
    return;
  }
  c->name = constraint_name(p);
  c->expression = group_expression(p);
}

/* ON CONFLICT (ROLLBACK | ABORT | FAIL | IGNORE | REPLACE): the model has
 * no place for it, so the user hears that a dump will not keep it. */
static void skip_conflict(struct create_table *p, const char *what) {
  if (!accept(p, "ON"))
    return;
  static const char *const resolutions[] = {"ROLLBACK", "ABORT", "FAIL",
                                            "IGNORE", "REPLACE"};
  const char *resolution = "";
  next(p); /* CONFLICT */
  for (size_t i = 0; i < sizeof resolutions / sizeof resolutions[0]; i++)
    if (sqltok_is(&p->tok, resolutions[i]))
      resolution = resolutions[i];
  next(p);
  if (strcmp(resolution, "ABORT") == 0) /* what SQLite does anyway */
    return;
  const struct strata_host *h = p->ix->host;
  h->notice(h->host_ctx,
            "table '%s': ON CONFLICT %s of a %s is left out (the schema "
            "model has no place for it)",
            p->t->name, resolution, what);
}

/* ---- foreign keys -------------------------------------------------- */

struct fk_clause {
  struct sqltok parent;
  int deferrable;
  int initially_deferred;
};

static void read_deferrable(struct create_table *p, struct fk_clause *c) {
  int negated = accept(p, "NOT");
  next(p); /* DEFERRABLE */
  c->deferrable = !negated;
  if (accept(p, "INITIALLY")) {
    c->initially_deferred = sqltok_is(&p->tok, "DEFERRED");
    next(p); /* DEFERRED | IMMEDIATE */
  }
  if (!c->deferrable)
    c->initially_deferred = 0;
}

static int at_not_deferrable(const struct create_table *p) {
  struct sqllex ahead = p->lx;
  struct sqltok tok;
  sqllex_next(&ahead, &tok);
  return sqltok_is(&p->tok, "NOT") && sqltok_is(&tok, "DEFERRABLE");
}

/* REFERENCES parent [(columns)] {ON ... | MATCH name} [[NOT] DEFERRABLE
 * [INITIALLY DEFERRED | IMMEDIATE]] */
static void read_references(struct create_table *p, struct fk_clause *c) {
  *c = (struct fk_clause){.parent = p->tok};
  next(p);
  if (p->tok.kind == SQLTOK_LPAREN)
    skip_group(p);
  for (;;) {
    if (accept(p, "ON")) {
      next(p); /* DELETE | UPDATE */
      if (accept(p, "SET") || accept(p, "NO"))
        next(p); /* NULL | DEFAULT | ACTION */
      else
        next(p); /* CASCADE | RESTRICT */
    } else if (accept(p, "MATCH")) {
      next(p);
    } else if (sqltok_is(&p->tok, "DEFERRABLE") || at_not_deferrable(p)) {
      read_deferrable(p, c);
    } else {
      return;
    }
  }
}

static int fk_matches(const struct strata_foreign_key *fk,
                      const struct name_list *l, const struct fk_clause *c) {
  return sqltok_names(&c->parent, fk->ref_table) &&
         names_match(l, fk->columns, fk->column_count);
}

/* Gives the first key of those columns and parent not yet given a clause
 * its name and deferral. */
static void apply_fk_clause(struct create_table *p, const struct name_list *l,
                            const struct fk_clause *c) {
  const char *name = constraint_name(p);
  for (size_t i = 0; i < p->t->foreign_key_count; i++) {
    struct strata_foreign_key *fk = p->t->foreign_keys[i];
    if (p->fk_matched[i] || !fk_matches(fk, l, c))
      continue;
    p->fk_matched[i] = 1;
    fk->name = name;
    fk->deferrable = c->deferrable;
    fk->initially_deferred = c->initially_deferred;
    return;
  }
}

/* ---- column definitions -------------------------------------------- */

static int ends_type(const struct sqltok *tok) {
  static const char *const words[] = {
      "CONSTRAINT", "PRIMARY", "NOT",        "NULL",      "UNIQUE", "CHECK",
      "DEFAULT",    "COLLATE", "REFERENCES", "GENERATED", "AS"};
  if (tok->kind == SQLTOK_COMMA || tok->kind == SQLTOK_RPAREN ||
      tok->kind == SQLTOK_END)
    return 1;
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (sqltok_is(tok, words[i]))
      return 1;
  return 0;
}

/* DEFAULT (expr) | DEFAULT [+|-] literal | DEFAULT name */
static void skip_default(struct create_table *p) {
  if (p->tok.kind == SQLTOK_LPAREN) {
    skip_group(p);
    return;
  }
  if (p->tok.kind == SQLTOK_OPERATOR)
    next(p);
  next(p);
}

static void read_generated(struct create_table *p, struct strata_column *c) {
  if (accept(p, "GENERATED"))
    next(p); /* ALWAYS */
  next(p);   /* AS */
  const char *expr = group_expression(p);
  if (c != NULL)
    c->generated_expr = expr;
  if (!accept(p, "STORED"))
    accept(p, "VIRTUAL");
}

static void read_column_constraint(struct create_table *p,
                                   struct strata_column *c,
                                   const struct sqltok *column) {
  struct name_list single = {.names = {*column}, .count = 1};
  struct fk_clause fk;
  if (accept(p, "PRIMARY")) {
    next(p); /* KEY */
    name_primary_key(p);
    if (!accept(p, "ASC"))
      accept(p, "DESC");
    skip_conflict(p, "PRIMARY KEY");
    accept(p, "AUTOINCREMENT");
  } else if (accept(p, "NOT") || accept(p, "NULL")) {
    accept(p, "NULL");
    skip_conflict(p, "NOT NULL");
  } else if (accept(p, "UNIQUE")) {
    name_unique(p, &single);
    skip_conflict(p, "UNIQUE constraint");
  } else if (accept(p, "CHECK")) {
    add_check(p);
  } else if (accept(p, "DEFAULT")) {
    skip_default(p);
  } else if (accept(p, "COLLATE")) {
    next(p);
  } else if (sqltok_is(&p->tok, "REFERENCES")) {
    next(p);
    read_references(p, &fk);
    apply_fk_clause(p, &single, &fk);
  } else if (sqltok_is(&p->tok, "GENERATED") || sqltok_is(&p->tok, "AS")) {
    read_generated(p, c);
  } else {
    next(p); /* nothing SQLite accepts: step over it */
  }
}

static void read_column(struct create_table *p) {
  struct sqltok column = p->tok;
  struct strata_column *c = find_column(p->t, &column);
  next(p);
  while (!ends_type(&p->tok))
    if (p->tok.kind == SQLTOK_LPAREN)
      skip_group(p);
    else
      next(p);
  while (p->tok.kind != SQLTOK_COMMA && p->tok.kind != SQLTOK_RPAREN &&
         p->tok.kind != SQLTOK_END) {
    if (accept(p, "CONSTRAINT")) {
      p->constraint = p->tok;
      next(p);
    } else {
      read_column_constraint(p, c, &column);
      p->constraint.kind = SQLTOK_END;
    }
  }
}

/* ---- table constraints --------------------------------------------- */

static void read_table_constraint(struct create_table *p) {
  struct name_list l;
  struct fk_clause fk;
  if (accept(p, "PRIMARY")) {
    next(p); /* KEY */
    read_name_list(p, &l);
    name_primary_key(p);
    skip_conflict(p, "PRIMARY KEY");
  } else if (accept(p, "UNIQUE")) {
    read_name_list(p, &l);
    name_unique(p, &l);
    skip_conflict(p, "UNIQUE constraint");
  } else if (accept(p, "CHECK")) {
    add_check(p);
  } else if (accept(p, "FOREIGN")) {
    next(p); /* KEY */
    read_name_list(p, &l);
    next(p); /* REFERENCES */
    read_references(p, &fk);
    apply_fk_clause(p, &l, &fk);
  }
  while (p->tok.kind != SQLTOK_COMMA && p->tok.kind != SQLTOK_RPAREN &&
         p->tok.kind != SQLTOK_END)
    next(p);
}

static int starts_table_constraint(const struct sqltok *tok) {
  return sqltok_is(tok, "CONSTRAINT") || sqltok_is(tok, "PRIMARY") ||
         sqltok_is(tok, "UNIQUE") || sqltok_is(tok, "CHECK") ||
         sqltok_is(tok, "FOREIGN");
}

static void read_definitions(struct create_table *p) {
  next(p); /* past ( */
  while (p->tok.kind != SQLTOK_RPAREN && p->tok.kind != SQLTOK_END) {
    if (sqltok_is(&p->tok, "CONSTRAINT")) {
      next(p);
      p->constraint = p->tok;
      next(p);
      read_table_constraint(p);
    } else if (starts_table_constraint(&p->tok)) {
      read_table_constraint(p);
    } else {
      read_column(p);
    }
    p->constraint.kind = SQLTOK_END;
    if (p->tok.kind == SQLTOK_COMMA)
      next(p);
  }
  next(p); /* past ) */
}

/* ---- options ------------------------------------------------------- */

/* WITHOUT ROWID and STRICT, in that order whatever order they were typed
 * in. */
static void read_options(struct create_table *p) {
  int without_rowid = 0, strict = 0;
  for (; p->tok.kind != SQLTOK_END; next(p)) {
    without_rowid |= sqltok_is(&p->tok, "ROWID");
    strict |= sqltok_is(&p->tok, "STRICT");
  }
  if (without_rowid || strict)
    p->t->options = without_rowid && strict ? "WITHOUT ROWID, STRICT"
                    : without_rowid         ? "WITHOUT ROWID"
                                            : "STRICT";
}

/* CREATE VIRTUAL TABLE name USING module(arguments): the module reads its
 * arguments itself, so they are kept as typed after "USING ". */
static void read_virtual(struct create_table *p) {
  while (p->tok.kind != SQLTOK_END && !sqltok_is(&p->tok, "USING"))
    next(p);
  if (p->tok.kind == SQLTOK_END)
    return;
  next(p);
  const char *start = p->tok.text;
  const char *end = p->lx.end;
  while (end > start && (end[-1] == ' ' || end[-1] == '\n' || end[-1] == '\t' ||
                         end[-1] == '\r'))
    end--;
  struct sqlite_text b = {0};
  sqlite_text_adds(&b, "USING ");
  sqlite_text_add(&b, start, (size_t)(end - start));
  p->t->options = sqlite_ix_take(p->ix, &b, &p->failed);
}

/* Steps over CREATE TABLE [IF NOT EXISTS] [schema.]name. */
static void skip_head(struct create_table *p) {
  while (p->tok.kind != SQLTOK_END && p->tok.kind != SQLTOK_LPAREN)
    next(p);
}

/* The model orders checks and foreign keys by name; SQLite's are mostly
 * unnamed, so they come in an order of their own text, which two
 * databases declaring them in another order share. */
static void sort_unnamed(struct strata_table *t) {
  if (t->check_count > 1)
    qsort(t->checks, t->check_count, sizeof *t->checks, sqlite_check_order);
  if (t->foreign_key_count > 1)
    qsort(t->foreign_keys, t->foreign_key_count, sizeof *t->foreign_keys,
          sqlite_foreign_key_order);
}

int sqlite_ix_read_create_table(struct sqlite_introspection *ix,
                                struct sqlite_table_entry *te) {
  struct create_table p = {.ix = ix, .t = te->table};
  p.constraint.kind = SQLTOK_END;
  sqllex_init(&p.lx, te->sql, strlen(te->sql));
  next(&p);
  if (te->is_virtual) {
    read_virtual(&p);
    return p.failed ? sqlite_ix_nomem(ix) : 0;
  }
  p.fk_matched = calloc(te->table->foreign_key_count + 1, 1);
  if (p.fk_matched == NULL)
    return sqlite_ix_nomem(ix);
  skip_head(&p);
  read_definitions(&p);
  read_options(&p);
  free(p.fk_matched);
  sort_unnamed(te->table);
  return p.failed ? sqlite_ix_nomem(ix) : 0;
}
