/*
 * port.c - `strata port`: a MySQL or MariaDB database's schema moved to
 * PostgreSQL.
 *
 * The core only carries the model across: the source's driver describes
 * it, the target's driver translates and writes it (render_port), and the
 * core runs the script on the target in one transaction.  Which engines
 * may be source and target is the one thing the core names: a port is
 * defined as MySQL to PostgreSQL.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "loader.h"
#include "model.h"
#include "session.h"
#include "url.h"
#include "util.h"

void strata_port_options_init(struct strata_port_options *opt) {
  memset(opt, 0, sizeof *opt);
}

const char *strata_note_kind_name(enum strata_note_kind kind) {
  switch (kind) {
  case STRATA_NOTE_CHANGED: return "changed";
  case STRATA_NOTE_APPROXIMATED: return "approximated";
  case STRATA_NOTE_UNSUPPORTED: return "unsupported";
  case STRATA_NOTE_HAND: return "hand";
  }
  return "?";
}

/* One end of the port: its role in messages and the driver it needs. */
struct port_end {
  const char *role;    /* "source", "target" */
  const char *driver;  /* "mysql", "postgres" */
  const char *engines; /* for messages */
  const char *url;
  struct strata *s;
};

static void note(const struct strata_port_options *opt,
                 enum strata_note_kind kind, const char *object,
                 const char *message) {
  struct strata_note n = {.kind = kind, .object = object, .message = message};
  if (opt->note != NULL)
    opt->note(opt->note_ctx, &n);
}

/* Refuses a URL of the wrong engine before connecting to anything. */
static int check_engine(const struct strata_config *cfg,
                        const struct port_end *end, struct strata_error *err) {
  struct strata_url *url = NULL;
  const struct strata_driver *driver = NULL;
  char shown[1024];
  url_redact(end->url, shown, sizeof shown);
  int rc = url_parse(end->url, &url, err);
  if (rc == 0)
    rc = loader_find_driver(
        url->scheme, config_string(cfg, "plugin_path", NULL), &driver, err);
  if (rc == 0 && strcmp(driver->plugin.name, end->driver) != 0)
    rc = strata__error_set(err, STRATA_EINVAL,
                           "the %s '%s' is not %s: strata port moves MySQL or "
                           "MariaDB to PostgreSQL",
                           end->role, shown, end->engines);
  url_free(url);
  return rc;
}

/* Connects; a failure says which end it was (the driver's message names
 * the URL). */
static int open_end(const struct strata_config *cfg, struct port_end *end,
                    struct strata_error *err) {
  struct strata_config own;
  strata_config_init(&own);
  int rc = strata_config_copy(&own, cfg) == 0 &&
                   strata_config_set(&own, "url", end->url) == 0
               ? 0
               : strata__error_set(err, STRATA_ENOMEM, "out of memory");
  if (rc == 0)
    rc = strata_open(&own, NULL, NULL, &end->s, err);
  strata_config_release(&own);
  if (rc != 0 && rc != STRATA_ENOMEM) {
    char message[sizeof err->message];
    snprintf(message, sizeof message, "%s", err->message);
    strata__error_set(err, rc, "%s database: %s", end->role, message);
  }
  return rc;
}

/* ---- which tables -------------------------------------------------------- */

/* Whether name matches one of the comma-separated globs. */
static int matches(const char *patterns, const char *name) {
  char one[256];
  for (const char *p = patterns; *p != '\0';) {
    size_t n = strcspn(p, ",");
    snprintf(one, sizeof one, "%.*s", (int)n, p);
    if (n > 0 && fnmatch(one, name, 0) == 0)
      return 1;
    p += n + (p[n] == ',');
  }
  return 0;
}

static int is_wanted(const struct strata_port_options *opt, const char *name) {
  if (opt->tables != NULL && !matches(opt->tables, name))
    return 0;
  return opt->exclude == NULL || !matches(opt->exclude, name);
}

/* Views that read a table left out go too, said so. */
static void drop_views_reading(const struct strata_port_options *opt,
                               struct strata_schema *schema,
                               const char *table) {
  size_t kept = 0;
  for (size_t i = 0; i < schema->view_count; i++) {
    struct strata_view *v = schema->views[i];
    if (!model_mentions(v->definition, table)) {
      schema->views[kept++] = v;
      continue;
    }
    char object[300], message[400];
    snprintf(object, sizeof object, "view %s", v->name);
    snprintf(message, sizeof message,
             "left out: it reads table %s, which is not ported", table);
    note(opt, STRATA_NOTE_UNSUPPORTED, object, message);
  }
  schema->view_count = kept;
}

static void filter_tables(const struct strata_port_options *opt,
                          struct strata_schema *schema) {
  size_t i = 0;
  while (i < schema->table_count) {
    const char *name = schema->tables[i]->name;
    if (is_wanted(opt, name)) {
      i++;
      continue;
    }
    drop_views_reading(opt, schema, name);
    model_remove_table(schema, name);
  }
}

/* ---- rendering ----------------------------------------------------------- */

static int append_text(void *ctx, const char *text, size_t length) {
  return strbuf_append(ctx, text, length);
}

struct setting_list {
  struct strata_url_param items[8];
  size_t count;
};

static void add_setting(struct setting_list *l, const char *key,
                        const char *value) {
  if (value != NULL)
    l->items[l->count++] = (struct strata_url_param){key, value};
}

static void port_settings(const struct strata_port_options *opt,
                          struct setting_list *l) {
  add_setting(l, "enum", opt->enum_as);
  add_setting(l, "zero_dates", opt->zero_dates);
  add_setting(l, "unsigned_bigint", opt->unsigned_bigint);
  add_setting(l, "datetime", opt->datetime);
  add_setting(l, "time", opt->time);
  add_setting(l, "preserve_case", opt->preserve_case ? "yes" : NULL);
}

static const char *target_schema(const struct strata_port_options *opt) {
  return opt->schema ? opt->schema : "public";
}

static int render(struct strata *target, const struct strata_schema *schema,
                  const struct strata_port_options *opt, unsigned parts,
                  struct strbuf *out, struct strata_error *err) {
  struct setting_list settings = {0};
  port_settings(opt, &settings);
  struct strata_render_options ropt = {.struct_size = sizeof ropt,
                                       .parts = parts,
                                       .schema_name = target_schema(opt),
                                       .settings = settings.items,
                                       .setting_count = settings.count,
                                       .note = opt->note,
                                       .note_ctx = opt->note_ctx};
  if (target->driver->render_port == NULL)
    return strata__error_set(err, STRATA_ENOTSUP,
                             "the %s driver cannot be a port's target",
                             target->driver->plugin.name);
  int rc = target->driver->render_port(&target->host, schema, &ropt,
                                       append_text, out, err);
  if (rc == 0 && out->data == NULL)
    rc = strbuf_append(out, "", 0);
  if (rc != 0 && err->code == 0)
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  return rc;
}

/* ---- applying ------------------------------------------------------------ */

struct applier {
  struct strata *target;
  const char *script;
  struct strata_error *err;
};

static int apply_statement(void *ctx, const struct strata_statement *stmt) {
  struct applier *a = ctx;
  const char *sql = a->script + stmt->offset;
  int rc = a->target->driver->exec(a->target->conn, sql, stmt->length, a->err);
  size_t line = strcspn(sql, "\n");
  if (rc != 0)
    strata__error_add_detail(a->err, "in: %.*s",
                             (int)(line < stmt->length ? line : stmt->length),
                             sql);
  return rc;
}

/* The whole script in one transaction: a failure leaves nothing. */
static int apply(struct strata *target, const struct strbuf *script,
                 struct strata_error *err) {
  const struct strata_driver *d = target->driver;
  struct applier a = {target, script->data, err};
  struct strata_error ignored;
  int rc = d->begin(target->conn, err);
  if (rc != 0)
    return rc;
  rc = d->split(script->data, script->len, apply_statement, &a, err);
  if (rc == 0)
    return d->commit(target->conn, err);
  d->rollback(target->conn, &ignored);
  return rc;
}

/* What the target schema holds, described by the target's driver: its
 * renderer, asked for no part, writes only what puts the session in that
 * schema, and its introspection then describes it, or finds no such schema
 * yet (STRATA_ENOTFOUND), which is as empty as can be. */
static int refuse_filled_schema(struct strata *target,
                                const struct strata_schema *model,
                                const struct strata_port_options *opt,
                                struct strata_error *err) {
  struct strata_schema *live = NULL;
  struct strbuf enter;
  strbuf_init(&enter);
  int rc = render(target, model, opt, 0, &enter, err);
  if (rc == 0)
    rc = apply(target, &enter, err);
  strbuf_release(&enter);
  if (rc != 0)
    return rc;
  rc = strata_schema_read(target, &live, err);
  if (rc == STRATA_ENOTFOUND) {
    strata_error_clear(err);
    return 0;
  }
  size_t tables = rc == 0 ? live->table_count + live->view_count : 0;
  if (tables > 0)
    rc = strata__error_set(err, STRATA_EINVAL,
                           "the target schema '%s' of '%s' already has %zu "
                           "table%s: strata port creates a schema only in an "
                           "empty one",
                           target_schema(opt), strata_target(target), tables,
                           tables == 1 ? "" : "s");
  strata_schema_free(live);
  return rc;
}

/* ---- the port ------------------------------------------------------------ */

static int check_options(const struct strata_port_options *opt,
                         struct strata_error *err) {
  if (opt->from_url == NULL || opt->to_url == NULL)
    return strata__error_set(err, STRATA_EINVAL,
                             "a port needs a source (--from) and a target "
                             "(--to)");
  if (!opt->dry_run && !opt->schema_only)
    return strata__error_set(err, STRATA_ENOTSUP,
                             "copying data is not built yet: use "
                             "--schema-only to create the schema, or "
                             "--dry-run to see it");
  return 0;
}

static int write_ddl(const struct strata_port_options *opt,
                     const struct strbuf *script, struct strata_error *err) {
  if (opt->ddl == NULL || script->len == 0)
    return 0;
  if (opt->ddl(opt->ddl_ctx, script->data, script->len) != 0)
    return strata__error_set(err, STRATA_EIO, "cannot write the DDL");
  return 0;
}

static int port_between(const struct strata_port_options *opt,
                        struct port_end *source, struct port_end *target,
                        struct strata_error *err) {
  struct strata_schema *schema = NULL;
  struct strbuf script;
  strbuf_init(&script);
  int rc = strata_schema_read(source->s, &schema, err);
  if (rc == 0) {
    filter_tables(opt, schema);
    rc = render(target->s, schema, opt, STRATA_RENDER_ALL, &script, err);
  }
  if (rc == 0 && !opt->dry_run)
    rc = refuse_filled_schema(target->s, schema, opt, err);
  if (rc == 0)
    rc = write_ddl(opt, &script, err);
  if (rc == 0 && !opt->dry_run)
    rc = apply(target->s, &script, err);
  strbuf_release(&script);
  strata_schema_free(schema);
  return rc;
}

int strata_port(const struct strata_config *cfg,
                const struct strata_port_options *opt,
                struct strata_error *err) {
  struct port_end source = {"source", "mysql", "MySQL or MariaDB",
                            opt->from_url, NULL};
  struct port_end target = {"target", "postgres", "PostgreSQL", opt->to_url,
                            NULL};
  strata_error_clear(err);
  int rc = check_options(opt, err);
  if (rc == 0)
    rc = check_engine(cfg, &source, err);
  if (rc == 0)
    rc = check_engine(cfg, &target, err);
  if (rc == 0)
    rc = open_end(cfg, &source, err);
  if (rc == 0)
    rc = open_end(cfg, &target, err);
  if (rc == 0)
    rc = port_between(opt, &source, &target, err);
  strata_free(target.s);
  strata_free(source.s);
  return rc;
}
