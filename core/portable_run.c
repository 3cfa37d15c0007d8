/*
 * portable_run.c - a portable migration inside a run: checked before
 * anything runs, rendered just before it runs.
 *
 * The rendering needs the live schema as the migrations before this one
 * left it, so it happens step by step, after the previous migration
 * committed and under the run's lock.  The parse happens first for every
 * chosen migration, so a construct outside the portable dialect stops the
 * run before anything ran.
 */
#include "portable_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

int portable_run_is(const char *path) {
  return portable_is_up(path) || portable_is_down(path);
}

int portable_run_check(struct strata *s, const char *label, const char *text,
                       size_t length, int invert, struct strata_error *err) {
  struct portable_file pf;
  int rc = portable_parse(s->plugin_path, &s->host, label, text,
                          length, &pf, err);
  if (rc == 0 && invert)
    rc = portable_invert(&pf, err);
  portable_release(&pf);
  return rc;
}

static int render_live(struct strata *s, struct portable_file *pf,
                       int dry_run, struct strbuf *out, unsigned *needs,
                       struct strata_error *err) {
  struct strata_schema *live = NULL;
  int rc = portable_driver_check(s->driver, err);
  if (rc == 0)
    rc = strata_schema_read(s, &live, err);
  if (rc == 0)
    rc = portable_render(&s->host, s->driver, pf, live, !dry_run, out, needs,
                         err);
  strata_schema_free(live);
  return rc;
}

static int keep_marks(const struct portable_file *pf,
                      struct portable_rendered *out,
                      struct strata_error *err) {
  out->marks = calloc(pf->mark_count + 1, sizeof *out->marks);
  if (out->marks == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  for (size_t i = 0; i < pf->mark_count; i++)
    out->marks[i] = *pf->marks[i];
  out->mark_count = pf->mark_count;
  return 0;
}

void portable_run_locate(const struct portable_rendered *r, const char *file,
                         const char *text, size_t statement_offset,
                         struct strata_error *err) {
  const struct portable_mark *mark = NULL;
  for (size_t i = 0; i < r->mark_count && r->marks[i].at <= statement_offset;
       i++)
    mark = &r->marks[i];
  if (mark == NULL)
    return;
  strata__error_add_detail(err, "at line %d, column %d of the SQL rendered "
                                "from it ('strata render --url' shows it)",
                           err->line, err->column);
  err->offset = mark->offset;
  strata__error_locate(err, file, text, 0);
}

int portable_run_render(struct strata *s, const char *label, const char *text,
                        size_t length, int dry_run, int invert,
                        struct portable_rendered *out,
                        struct strata_error *err) {
  struct portable_file pf;
  struct strbuf sql;
  strbuf_init(&sql);
  *out = (struct portable_rendered){0};
  int rc = portable_parse(s->plugin_path, &s->host, label, text,
                          length, &pf, err);
  if (rc == 0 && invert)
    rc = portable_invert(&pf, err);
  if (rc == 0)
    rc = render_live(s, &pf, dry_run, &sql, &out->needs, err);
  if (rc == 0 && out->needs != 0 && s->driver->guard == NULL)
    rc = strata__error_set(err, STRATA_ENOTSUP,
                           "the %s driver cannot run what '%s' renders to "
                           "(it has no guard)",
                           s->driver->plugin.name, label);
  if (rc == 0)
    rc = keep_marks(&pf, out, err);
  portable_release(&pf);
  if (rc == 0)
    out->label = strata__asprintf("%s (as rendered for %s)", label,
                                  s->driver->plugin.name);
  if (rc == 0 && out->label == NULL)
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  out->sql = sql.data;
  out->length = sql.len;
  if (rc != 0)
    portable_rendered_release(out);
  return rc;
}

void portable_rendered_release(struct portable_rendered *r) {
  free(r->sql);
  free(r->label);
  free(r->marks);
  *r = (struct portable_rendered){0};
}

int portable_run_guard(struct strata *s, unsigned needs,
                       enum strata_guard_step step, struct strata_error *err) {
  if (needs == 0 || s->driver->guard == NULL)
    return 0;
  return s->driver->guard(s->conn, step, needs, err);
}

int strata_render_portable_at(struct strata *s, const char *file, int down,
                              strata_write_fn write, void *ctx,
                              struct strata_error *err) {
  char *text = NULL;
  size_t length = 0;
  struct portable_file pf = {0};
  struct strbuf sql;
  unsigned needs = 0;
  strbuf_init(&sql);
  strata_error_clear(err);
  int rc = strata__read_file(file, &text, &length, err);
  if (rc == 0)
    rc = portable_parse(s->plugin_path, &s->host, file, text, length, &pf, err);
  if (rc == 0 && down)
    rc = portable_invert(&pf, err);
  if (rc == 0)
    rc = render_live(s, &pf, 0, &sql, &needs, err);
  if (rc == 0 && write(ctx, sql.data, sql.len) != 0)
    rc = strata__error_set(err, STRATA_EIO, "cannot write the rendered SQL");
  portable_release(&pf);
  strbuf_release(&sql);
  free(text);
  return rc;
}
