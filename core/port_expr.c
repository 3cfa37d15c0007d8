/*
 * port_expr.c - a port's model made ready for another engine by the
 * SOURCE's driver, which alone knows its engine: first what the engine
 * implies and the neutral fields do not say (driver.h, port_form), then
 * each check, generated column, expression default, index predicate or
 * expression part and view SELECT, rewritten into the canonical portable
 * text (portable_expression), which any target reads.  A target knows
 * only portable text and its own engine's.
 *
 * What the source refuses is left out of the model the target sees, and
 * said once, here, with the source's text and the reason: a check, an
 * expression default or a view is left out, an index is left out whole
 * (without its WHERE it would accept other rows, or serve other
 * queries), a generated column becomes a plain column holding the values
 * copied, and a view reading a view left out goes too.
 *
 * A port between two databases of one engine (one driver) keeps the
 * engine's own text: nothing is rewritten.  So is the default of a column
 * that a sequence of the model is OWNED BY, which is that sequence's
 * numbering and which the targets read as such, not as an expression.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "port.h"
#include "session.h"

struct rewriter {
  struct port *p;
  /* The source driver's portable_expression(), or NULL. */
  int (*portable)(const struct strata_host *host,
                  const struct strata_schema *schema,
                  const struct strata_table *table,
                  enum strata_expression_kind kind, const char *text,
                  strata_write_fn write, void *ctx, struct strata_error *err);
  int with_notes;
  struct strata_error why; /* the last refusal */
};

static void note(struct rewriter *w, enum strata_note_kind kind,
                 const char *object, const char *message, const char *source) {
  struct strata_note n = {kind, object, message, source};
  if (w->with_notes && w->p->opt->note != NULL)
    w->p->opt->note(w->p->opt->note_ctx, &n);
}

static int append_text(void *ctx, const char *text, size_t length) {
  return strbuf_append(ctx, text, length);
}

/* *field in portable text: 0, 1 when the source refused it (w->why
 * says why: a refusal is STRATA_ENOTSUP, any other code a failure), or a
 * negative code with err set. */
static int rewrite(struct rewriter *w, const struct strata_table *t,
                   enum strata_expression_kind kind, const char **field,
                   struct strata_error *err) {
  struct strbuf out;
  struct strata *source = w->p->source.s;
  strbuf_init(&out);
  strata_error_clear(&w->why);
  int rc = w->portable == NULL
               ? strata__error_set(&w->why, STRATA_ENOTSUP,
                                   "the %s driver cannot write its "
                                   "expressions for another engine",
                                   source->driver->plugin.name)
               : w->portable(&source->host, w->p->schema, t, kind, *field,
                             append_text, &out, &w->why);
  if (rc == 0) {
    *field = model_strndup(w->p->schema, out.data ? out.data : "", out.len);
    rc = *field == NULL ? strata__error_set(err, STRATA_ENOMEM, "out of memory")
                        : 0;
  } else if (w->why.code == STRATA_ENOTSUP) {
    rc = 1;
  } else if (w->why.code != 0) {
    *err = w->why;
    rc = err->code;
  } else {
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  }
  strbuf_release(&out);
  return rc;
}

/* ---- a table's expressions ----------------------------------------------- */

static void hand_note(struct rewriter *w, const char *object, const char *what,
                      const char *source) {
  char message[sizeof w->why.message + 200];
  snprintf(message, sizeof message, "%s: %s; port it by hand", what,
           w->why.message);
  note(w, STRATA_NOTE_HAND, object, message, source);
}

static int rewrite_column(struct rewriter *w, struct strata_table *t,
                          struct strata_column *c, struct strata_error *err) {
  char object[600];
  const char *text = c->generated_expr;
  int rc = 0;
  snprintf(object, sizeof object, "column %s.%s", t->name, c->name);
  if (c->generated_expr != NULL &&
      (rc = rewrite(w, t, STRATA_EXPRESSION_GENERATED, &c->generated_expr,
                    err)) == 1) {
    hand_note(w, object,
              "becomes a plain column holding the values copied, its "
              "expression left out",
              text);
    c->generated_expr = NULL;
    c->flags &= ~(unsigned)(STRATA_COLUMN_GENERATED_STORED |
                            STRATA_COLUMN_GENERATED_VIRTUAL);
    rc = 0;
  }
  text = c->default_expr;
  if (rc != 0 || c->default_kind != STRATA_DEFAULT_EXPRESSION ||
      c->default_expr == NULL ||
      strata_column_sequence(w->p->schema, t, c) != NULL)
    return rc;
  rc = rewrite(w, t, STRATA_EXPRESSION_DEFAULT, &c->default_expr, err);
  if (rc != 1)
    return rc;
  hand_note(w, object, "its default is left out", text);
  c->default_kind = STRATA_DEFAULT_NONE;
  c->default_expr = NULL;
  return 0;
}

static int rewrite_checks(struct rewriter *w, struct strata_table *t,
                          struct strata_error *err) {
  size_t kept = 0;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < t->check_count; i++) {
    struct strata_check *k = t->checks[i];
    const char *text = k->expression;
    char object[600];
    rc = rewrite(w, t, STRATA_EXPRESSION_CHECK, &k->expression, err);
    if (rc == 0)
      t->checks[kept++] = k;
    if (rc != 1)
      continue;
    snprintf(object, sizeof object, "check %s.%s", t->name,
             k->name ? k->name : "(unnamed)");
    hand_note(w, object, "left out", text);
    rc = 0;
  }
  t->check_count = kept;
  return rc;
}

/* 0 when every expression of ix translated, 1 when one did not. */
static int rewrite_index_parts(struct rewriter *w, struct strata_table *t,
                               struct strata_index *ix,
                               struct strata_error *err) {
  int rc = 0;
  if (ix->predicate != NULL)
    rc = rewrite(w, t, STRATA_EXPRESSION_PREDICATE, &ix->predicate, err);
  for (size_t i = 0; rc == 0 && i < ix->part_count; i++)
    if (ix->parts[i]->expression != NULL)
      rc = rewrite(w, t, STRATA_EXPRESSION_INDEX_PART,
                   &ix->parts[i]->expression, err);
  return rc;
}

static int rewrite_indexes(struct rewriter *w, struct strata_table *t,
                           struct strata_error *err) {
  size_t kept = 0;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < t->index_count; i++) {
    struct strata_index *ix = t->indexes[i];
    char object[600];
    rc = rewrite_index_parts(w, t, ix, err);
    if (rc == 0)
      t->indexes[kept++] = ix;
    if (rc != 1)
      continue;
    snprintf(object, sizeof object, "index %s.%s", t->name, ix->name);
    hand_note(w, object, "left out", ix->definition);
    rc = 0;
  }
  t->index_count = kept;
  return rc;
}

static int rewrite_table(struct rewriter *w, struct strata_table *t,
                         struct strata_error *err) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < t->column_count; i++)
    rc = rewrite_column(w, t, t->columns[i], err);
  if (rc == 0)
    rc = rewrite_checks(w, t, err);
  if (rc == 0)
    rc = rewrite_indexes(w, t, err);
  return rc;
}

/* ---- views --------------------------------------------------------------- */

/* Whether the view reads one of the views left out so far (the model
 * lists a view after those it reads). */
static const char *reads_left_out(const struct strata_view *v,
                                  const char *const *left_out, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (model_mentions(v->definition, left_out[i]))
      return left_out[i];
  return NULL;
}

static int rewrite_views(struct rewriter *w, struct strata_error *err) {
  struct strata_schema *schema = w->p->schema;
  const char **left_out = calloc(schema->view_count + 1, sizeof *left_out);
  size_t kept = 0, dropped = 0;
  int rc = left_out == NULL
               ? strata__error_set(err, STRATA_ENOMEM, "out of memory")
               : 0;
  for (size_t i = 0; rc == 0 && i < schema->view_count; i++) {
    struct strata_view *v = schema->views[i];
    const char *text = v->definition, *read = NULL;
    char object[600], message[800];
    snprintf(object, sizeof object, "view %s", v->name);
    if ((read = reads_left_out(v, left_out, dropped)) != NULL) {
      snprintf(message, sizeof message,
               "left out: it reads view %s, which is not ported", read);
      note(w, STRATA_NOTE_UNSUPPORTED, object, message, NULL);
    } else if ((rc = rewrite(w, NULL, STRATA_EXPRESSION_VIEW, &v->definition,
                             err)) == 0) {
      schema->views[kept++] = v;
      continue;
    } else if (rc == 1) {
      hand_note(w, object, "left out", text);
      rc = 0;
    }
    left_out[dropped++] = v->name;
  }
  if (rc == 0)
    schema->view_count = kept;
  free((void *)left_out);
  return rc;
}

/* The source's port_form(), when its driver has one. */
static int port_form(struct rewriter *w, struct strata_error *err) {
  struct strata *source = w->p->source.s;
  const struct strata_driver *d = source->driver;
  int with_notes = w->with_notes && w->p->opt->note != NULL;
  if (d->plugin.struct_size <= offsetof(struct strata_driver, port_form) ||
      d->port_form == NULL)
    return 0;
  return d->port_form(&source->host, w->p->schema,
                      with_notes ? w->p->opt->note : NULL, w->p->opt->note_ctx,
                      err);
}

int port_same_engine(const struct port *p) {
  return strcmp(p->source.s->driver->plugin.name,
                p->target.s->driver->plugin.name) == 0;
}

int port_other_engine(struct port *p, int with_notes,
                      struct strata_error *err) {
  const struct strata_driver *source = p->source.s->driver;
  struct rewriter w = {.p = p, .with_notes = with_notes};
  if (port_same_engine(p))
    return 0;
  if (source->plugin.struct_size >
      offsetof(struct strata_driver, portable_expression))
    w.portable = source->portable_expression;
  int rc = port_form(&w, err);
  for (size_t i = 0; rc == 0 && i < p->schema->table_count; i++)
    rc = rewrite_table(&w, p->schema->tables[i], err);
  if (rc == 0)
    rc = rewrite_views(&w, err);
  return rc;
}
