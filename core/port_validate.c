/*
 * port_validate.c - a port's foreign keys validated one at a time.
 *
 * The keys were added NOT VALID with the rest of what follows the data.
 * When a table had rows rejected, rows of other tables may have lost
 * their parent: validating such a key would fail, and with it the whole
 * last transaction.  So after rejects (or in a resumed port, which cannot
 * know what an earlier run rejected), each key's rows without a parent are
 * counted first, with the query the target's driver writes for it; a key
 * that has some stays NOT VALID, and the port says how many rows, which
 * query lists them, and that --resume validates it once the data is
 * fixed.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "port.h"
#include "session.h"

/* A script cut into its statements. */
struct statements {
  const char *script;
  struct strata_statement *list;
  size_t count;
};

static int keep_statement(void *ctx, const struct strata_statement *stmt) {
  struct statements *s = ctx;
  struct strata_statement *bigger =
      realloc(s->list, (s->count + 1) * sizeof *s->list);
  if (bigger == NULL)
    return -1;
  s->list = bigger;
  s->list[s->count++] = *stmt;
  return 0;
}

static int cut(struct port *p, const struct strbuf *script,
               struct statements *out, struct strata_error *err) {
  struct strata *target = p->target.s;
  *out = (struct statements){script->data, NULL, 0};
  if (script->len == 0)
    return 0;
  int rc = target->driver->split(script->data, script->len, keep_statement, out,
                                 err);
  if (rc != 0 && err->code == 0)
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  return rc;
}

/* The foreign key whose statements come n-th: the renderer writes one
 * for each key whose table is ported, in the model's order. */
static int nth_key(const struct port *p, size_t n,
                   const struct strata_table **t,
                   const struct strata_foreign_key **fk) {
  for (size_t i = 0; i < p->schema->table_count; i++) {
    const struct strata_table *ti = p->schema->tables[i];
    for (size_t j = 0; j < ti->foreign_key_count; j++) {
      if (model_find_table(p->schema, ti->foreign_keys[j]->ref_table) == NULL)
        continue;
      if (n-- == 0) {
        *t = ti;
        *fk = ti->foreign_keys[j];
        return 0;
      }
    }
  }
  return -1;
}

/* The statement's text without its terminator. */
static void statement_text(const struct statements *s, size_t i, char *buf,
                           size_t size) {
  const char *text = s->script + s->list[i].offset;
  size_t n = s->list[i].length;
  while (n > 0 && strchr(" \t\r\n;", text[n - 1]) != NULL)
    n--;
  snprintf(buf, size, "%.*s", (int)n, text);
}

static int read_count(void *ctx, int columns, const char *const *values,
                      const size_t *lengths) {
  (void)lengths;
  if (columns == 1 && values[0] != NULL)
    *(unsigned long long *)ctx = strtoull(values[0], NULL, 10);
  return 0;
}

static int count_orphans(struct port *p, const char *query,
                         unsigned long long *rows, struct strata_error *err) {
  struct strata *target = p->target.s;
  struct strbuf sql;
  strbuf_init(&sql);
  *rows = 0;
  int rc = strbuf_appendf(&sql, "SELECT count(*) FROM (%s) AS orphans", query);
  if (rc != 0)
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  if (rc == 0)
    rc = target->driver->query(target->conn, sql.data, NULL, 0, read_count,
                               rows, err);
  strbuf_release(&sql);
  return rc;
}

/* state: "left NOT VALID", or "not met" on a target whose keys came with
 * its tables. */
static void report_pending(size_t pending, const char *state,
                           const struct strata_table *t,
                           const struct strata_foreign_key *fk,
                           unsigned long long rows, const char *query,
                           struct strata_error *err) {
  const char *name = fk->name ? fk->name : fk->ref_table;
  if (pending == 0)
    strata__error_set(err, STRATA_EFAILED,
                      "foreign key %s.%s is %s: %llu row%s of %s %s no "
                      "parent row in %s",
                      t->name, name, state, rows, rows == 1 ? "" : "s",
                      t->name, rows == 1 ? "has" : "have", fk->ref_table);
  else
    strata__error_add_detail(err,
                             "foreign key %s.%s is %s too: %llu row%s of %s "
                             "without a parent row in %s",
                             t->name, name, state, rows, rows == 1 ? "" : "s",
                             t->name, fk->ref_table);
  strata__error_add_detail(err, "  those rows: %s", query);
}

/* A target whose keys came with its tables (STRATA_CAP_INLINE_CONSTRAINTS)
 * loaded its rows with them unchecked, and one that adds them unchecked
 * (STRATA_CAP_PORT_UNCHECKED_KEYS) never checks them: every key's rows
 * are counted, and there is no statement to validate one. */
static int keys_inline(const struct port *p) {
  unsigned unchecked =
      STRATA_CAP_INLINE_CONSTRAINTS | STRATA_CAP_PORT_UNCHECKED_KEYS;
  return (p->target.s->driver->capabilities & unchecked) != 0;
}

static int validate_each(struct port *p, const struct statements *validate,
                         const struct statements *orphans, size_t *pending,
                         struct strata_error *err) {
  struct strata *target = p->target.s;
  /* A resumed port cannot know what an earlier run rejected. */
  int check = p->rejected > 0 || p->opt->resume || keys_inline(p);
  int rc = 0;
  char query[4096];
  for (size_t i = 0; rc == 0 && i < orphans->count; i++) {
    const struct strata_table *t;
    const struct strata_foreign_key *fk;
    unsigned long long rows = 0;
    if (nth_key(p, i, &t, &fk) != 0)
      return strata__error_set(err, STRATA_EINVAL,
                               "the target's driver wrote more foreign keys "
                               "than the schema has");
    statement_text(orphans, i, query, sizeof query);
    if (check)
      rc = count_orphans(p, query, &rows, err);
    if (rc == 0 && rows > 0)
      report_pending((*pending)++,
                     keys_inline(p) ? "not met" : "left NOT VALID", t, fk,
                     rows, query, err);
    else if (rc == 0 && !keys_inline(p))
      rc = target->driver->exec(target->conn,
                                validate->script + validate->list[i].offset,
                                validate->list[i].length, err);
  }
  return rc;
}

/* How many statements every rendering starts with: those that put the
 * session in the target schema, all a rendering of no part writes. */
static int entering(struct port *p, size_t *count, struct strata_error *err) {
  struct strbuf enter;
  struct statements s = {0};
  strbuf_init(&enter);
  int rc = port_render(p, 0, 0, &enter, err);
  if (rc == 0)
    rc = cut(p, &enter, &s, err);
  *count = s.count;
  free(s.list);
  strbuf_release(&enter);
  return rc;
}

/* The statements of a part, those that enter the schema left out. */
static int part_statements(struct port *p, unsigned part, size_t skip,
                           struct strbuf *sql, struct statements *out,
                           struct strata_error *err) {
  int rc = port_render(p, part, 0, sql, err);
  if (rc == 0)
    rc = cut(p, sql, out, err);
  if (rc == 0 && out->count >= skip) {
    memmove(out->list, out->list + skip,
            (out->count - skip) * sizeof *out->list);
    out->count -= skip;
  }
  return rc;
}

int port_validate_keys(struct port *p, size_t *pending,
                       struct strata_error *err) {
  struct strbuf validate_sql, orphans_sql;
  struct statements validate = {0}, orphans = {0};
  size_t skip = 0;
  strbuf_init(&validate_sql);
  strbuf_init(&orphans_sql);
  *pending = 0;
  int rc = entering(p, &skip, err);
  if (rc == 0 && !keys_inline(p))
    rc = part_statements(p, STRATA_RENDER_VALIDATE, skip, &validate_sql,
                         &validate, err);
  if (rc == 0)
    rc = part_statements(p, STRATA_RENDER_ORPHANS, skip, &orphans_sql, &orphans,
                         err);
  if (rc == 0 && !keys_inline(p) && validate.count != orphans.count)
    rc = strata__error_set(err, STRATA_EINVAL,
                           "the target's driver wrote %zu foreign key "
                           "validations but %zu queries of their rows",
                           validate.count, orphans.count);
  if (rc == 0)
    rc = validate_each(p, &validate, &orphans, pending, err);
  free(validate.list);
  free(orphans.list);
  strbuf_release(&validate_sql);
  strbuf_release(&orphans_sql);
  return rc;
}
