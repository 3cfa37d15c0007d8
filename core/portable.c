/*
 * portable.c - a portable migration from its text to an engine's script.
 *
 * The ops of a file are rendered group by group (one op, or the ops of one
 * ALTER TABLE), each against the model as it stands before the group and
 * after it.  The core simulates that model from the target's live schema,
 * so that a driver which must restate a table (a SQLite rebuild, a MySQL
 * MODIFY) works from what the table holds, not from what the file says.
 */
#include "portable.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "model.h"

static int ends_with(const char *name, const char *suffix) {
  size_t n = strlen(name), s = strlen(suffix);
  return n > s && strcmp(name + n - s, suffix) == 0;
}

int portable_is_up(const char *name) {
  return name && ends_with(name, PORTABLE_UP_SUFFIX);
}

int portable_is_down(const char *name) {
  return name && ends_with(name, PORTABLE_DOWN_SUFFIX);
}

static int host_error_set(struct strata_error *err, int code, const char *fmt,
                          ...) {
  va_list ap;
  va_start(ap, fmt);
  strata__error_setv(err, code, fmt, ap);
  va_end(ap);
  return code;
}

static void host_notice(void *ctx, const char *fmt, ...) {}

void portable_host_init(struct strata_host *host) {
  *host = (struct strata_host){
      .abi_version = STRATA_PLUGIN_ABI_VERSION,
      .struct_size = sizeof *host,
      .error_set = host_error_set,
      .notice = host_notice,
      .schema_append = model_append,
      .schema_append_text = model_append_text,
      .schema_strndup = model_strndup,
      .schema_find_table = model_find_table,
  };
}

void portable_locate(const struct portable_file *pf, long offset,
                     struct strata_error *err) {
  err->offset = offset;
  strata__error_locate(err, pf->label, pf->text, 0);
  err->offset = -1;
}

static int find_parser(const char *plugin_path,
                       const struct strata_portable_parser **out,
                       struct strata_error *err) {
  const struct strata_plugin *p = NULL;
  int rc = loader_find_plugin(STRATA_PLUGIN_PORTABLE, "parser",
                              sizeof(struct strata_portable_parser),
                              plugin_path, &p, err);
  *out = (const struct strata_portable_parser *)p;
  if (rc == 0 && (*out)->parse == NULL)
    rc = strata__error_set(err, STRATA_EPLUGIN,
                           "the portable parser plugin has no parse function");
  if (rc != 0)
    strata__error_add_detail(err, "portable migrations need the "
                                  "portable_parser plugin (built with "
                                  "libpg_query)");
  return rc;
}

int portable_parse(const char *plugin_path, const struct strata_host *host,
                   const char *label, const char *text, size_t length,
                   struct portable_file *out, struct strata_error *err) {
  *out = (struct portable_file){.label = label, .text = text,
                                .length = length};
  const struct strata_portable_parser *parser;
  int rc = find_parser(plugin_path, &parser, err);
  if (rc != 0)
    return rc;
  out->owner = model_new();
  if (out->owner == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  out->owner->engine = "portable";
  err->offset = -1;
  rc = parser->parse(host, text, length, out->owner, &out->ops, &out->count,
                     err);
  if (rc != 0 && err->offset >= 0)
    portable_locate(out, err->offset, err);
  if (rc == 0 && out->count == 0)
    rc = strata__error_set(err, STRATA_ESOURCE,
                           "portable migration '%s' holds no statement",
                           label);
  return rc;
}

void portable_release(struct portable_file *pf) {
  strata_schema_free(pf->owner);
  *pf = (struct portable_file){0};
}

/* ---- rendering ------------------------------------------------------ */

/* Ops of one ALTER TABLE render together. */
static size_t group_end(const struct portable_file *pf, size_t i) {
  size_t j = i + 1;
  size_t g = pf->ops[i]->group;
  while (g != 0 && j < pf->count && pf->ops[j]->group == g)
    j++;
  return j;
}

static int write_strbuf(void *ctx, const char *text, size_t length) {
  return strbuf_append(ctx, text, length);
}

static int render_group(const struct strata_host *host,
                        const struct strata_driver *driver,
                        struct portable_file *pf, struct strata_schema **model,
                        int strict, size_t first, size_t end,
                        struct strbuf *out, unsigned *needs,
                        struct strata_error *err) {
  struct strata_schema *after = portable_model_copy(pf, *model);
  if (after == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  int rc = 0;
  for (size_t i = first; rc == 0 && i < end; i++)
    rc = portable_model_apply(pf, after, pf->ops[i], strict, err);
  struct strata_render_options opt = {.struct_size = sizeof opt};
  unsigned need = 0;
  err->offset = -1;
  if (rc == 0)
    rc = driver->render_ops(host, *model, after,
                            (const struct strata_op *const *)pf->ops + first,
                            end - first, &opt, write_strbuf, out, &need, err);
  if (rc != 0 && err->offset >= 0)
    portable_locate(pf, err->offset, err);
  *needs |= need;
  *model = after;
  return rc;
}

int portable_driver_check(const struct strata_driver *driver,
                          struct strata_error *err) {
  if (driver->render_ops != NULL)
    return 0;
  return strata__error_set(err, STRATA_ENOTSUP,
                           "the %s driver cannot run portable migrations "
                           "(it predates them): rebuild it, or write "
                           "this migration for the engine",
                           driver->plugin.name);
}

int portable_render(const struct strata_host *host,
                    const struct strata_driver *driver,
                    struct portable_file *pf, const struct strata_schema *live,
                    int strict, struct strbuf *out, unsigned *needs,
                    struct strata_error *err) {
  *needs = 0;
  int ready = portable_driver_check(driver, err);
  if (ready != 0)
    return ready;
  struct strata_schema empty = {.engine = "portable"};
  struct strata_schema *model =
      portable_model_copy(pf, live ? live : &empty);
  if (model == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < pf->count;) {
    size_t end = group_end(pf, i);
    struct portable_mark *mark =
        model_append(pf->owner, &pf->marks, &pf->mark_count, sizeof *mark);
    if (mark == NULL)
      return strata__error_set(err, STRATA_ENOMEM, "out of memory");
    *mark = (struct portable_mark){.at = out->len,
                                   .offset = pf->ops[i]->offset};
    rc = render_group(host, driver, pf, &model, live != NULL && strict, i,
                      end, out, needs, err);
    i = end;
  }
  if (rc == 0 && out->data == NULL)
    rc = strbuf_append(out, "", 0);
  return rc;
}

/* ---- offline rendering ---------------------------------------------- */

static int render_file(const char *plugin_path, const char *file,
                       const struct strata_driver *driver, int down,
                       const char *text, size_t length, struct strbuf *out,
                       struct strata_error *err) {
  struct strata_host host;
  portable_host_init(&host);
  struct portable_file pf;
  unsigned needs = 0;
  int rc = portable_parse(plugin_path, &host, file, text, length, &pf, err);
  if (rc == 0 && down)
    rc = portable_invert(&pf, err);
  if (rc == 0)
    rc = portable_render(&host, driver, &pf, NULL, 0, out, &needs, err);
  portable_release(&pf);
  return rc;
}

int strata_render_portable(const struct strata_config *cfg, const char *file,
                           const char *engine, int down, strata_write_fn write,
                           void *ctx, struct strata_error *err) {
  const char *plugin_path = strata_config_get(cfg, "plugin_path");
  const struct strata_driver *driver = NULL;
  char *text = NULL;
  size_t length = 0;
  struct strbuf out;
  strbuf_init(&out);
  strata_error_clear(err);
  int rc = loader_find_driver(engine, plugin_path, &driver, err);
  if (rc == 0)
    rc = strata__read_file(file, &text, &length, err);
  if (rc == 0)
    rc = render_file(plugin_path, file, driver, down, text, length, &out, err);
  if (rc == 0 && write(ctx, out.data, out.len) != 0)
    rc = strata__error_set(err, STRATA_EIO, "cannot write the rendered SQL");
  strbuf_release(&out);
  free(text);
  return rc;
}
