/*
 * port.c - `strata port`: a database moved to another (or the same)
 * engine, in phases: the tables without their keys, the rows
 * (port_copy.c), then keys, indexes, identity counters, foreign keys,
 * views, triggers and comments.
 *
 * The core only carries the model and the rows across: the source's
 * driver describes and reads, and writes its expressions in portable
 * text for another engine (port_expr.c); the target's driver translates,
 * writes and loads.  The core names no engine: any driver that can describe its
 * schema and read rows can be a source, any that can render a model of
 * another engine and load rows can be a target (driver.h), and the
 * target's driver refuses, in its own words, a model it cannot render.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "loader.h"
#include "model.h"
#include "port.h"
#include "same_database.h"
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

static void note(const struct strata_port_options *opt,
                 enum strata_note_kind kind, const char *object,
                 const char *message) {
  struct strata_note n = {.kind = kind, .object = object, .message = message};
  if (opt->note != NULL)
    opt->note(opt->note_ctx, &n);
}

/* What an end's driver must have: a source describes and reads, a
 * target renders a model of another engine and loads rows. */
static const char *missing_member(const struct strata_driver *d,
                                  int is_source) {
  if (is_source) {
    if (d->introspect == NULL || !(d->capabilities & STRATA_CAP_INTROSPECTION))
      return "describe its schema";
    return d->read_rows == NULL ? "read a table's rows" : NULL;
  }
  if (d->render_port == NULL)
    return "render a schema of another engine";
  if (d->load_begin == NULL || d->load_row == NULL || d->load_end == NULL ||
      d->digest_rows == NULL)
    return "load rows";
  return NULL;
}

/* Refuses, before connecting to anything, an end whose driver cannot play
 * its part. */
static int check_end(const struct strata_config *cfg,
                     const struct port_end *end, struct strata_error *err) {
  struct strata_url *url = NULL;
  const struct strata_driver *driver = NULL;
  char shown[1024];
  url_redact(end->url, shown, sizeof shown);
  int rc = url_parse(end->url, &url, err);
  if (rc == 0)
    rc = loader_find_driver(
        url->scheme, config_string(cfg, "plugin_path", NULL), &driver, err);
  const char *missing =
      rc == 0 ? missing_member(driver, strcmp(end->role, "source") == 0)
              : NULL;
  if (missing != NULL)
    rc = strata__error_set(err, STRATA_ENOTSUP,
                           "the %s '%s' cannot be a port's %s: the %s driver "
                           "cannot %s",
                           end->role, shown, end->role, driver->plugin.name,
                           missing);
  url_free(url);
  return rc;
}

/* Connects; a failure says which end it was (the driver's message names
 * the URL). */
int port_open_end(const struct port *p, struct port_end *end,
                  strata_event_fn events, void *events_ctx,
                  struct strata_error *err) {
  struct strata_config own;
  strata_config_init(&own);
  int rc = strata_config_copy(&own, p->cfg) == 0 &&
                   strata_config_set(&own, "url", end->url) == 0
               ? 0
               : strata__error_set(err, STRATA_ENOMEM, "out of memory");
  if (rc == 0)
    rc = strata_open(&own, events, events_ctx, &end->s, err);
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

static void add_setting(struct port *p, const char *key, const char *value) {
  if (value != NULL)
    p->given[p->given_count++] = (struct strata_url_param){key, value};
}

/* The options given; the port runs with them unless the target stored
 * others (port_mapping.c). */
static void port_settings(struct port *p) {
  const struct strata_port_options *opt = p->opt;
  add_setting(p, "enum", opt->enum_as);
  add_setting(p, "zero_dates", opt->zero_dates);
  add_setting(p, "unsigned_bigint", opt->unsigned_bigint);
  add_setting(p, "datetime", opt->datetime);
  add_setting(p, "time", opt->time);
  add_setting(p, "preserve_case", opt->preserve_case ? "yes" : NULL);
  add_setting(p, "nul_bytes", opt->nul_bytes);
  add_setting(p, "json", opt->json);
  add_setting(p, "tinyint1", opt->tinyint1);
  memcpy(p->settings, p->given, sizeof p->given);
  p->setting_count = p->given_count;
}

static const char *target_schema(const struct strata_port_options *opt) {
  return opt->schema ? opt->schema : "public";
}

/* The target schema by the name its driver gave the model it read (none
 * when there is no such schema yet), told to the caller. */
static void name_target(struct port *p, const struct strata_schema *live) {
  const char *name = target_schema(p->opt);
  if (p->opt->schema == NULL && live != NULL && live->name != NULL &&
      live->name[0] != '\0')
    name = live->name;
  snprintf(p->target_name, sizeof p->target_name, "%s", name);
  if (p->opt->target_schema != NULL)
    p->opt->target_schema(p->opt->target_schema_ctx, p->target_name);
}

static void locked_note(void *ctx, const struct strata_note *n) {
  struct port *p = ctx;
  pthread_mutex_lock(&p->note_lock);
  p->opt->note(p->opt->note_ctx, n);
  pthread_mutex_unlock(&p->note_lock);
}

void port_render_options(struct port *p, unsigned parts,
                         struct strata_render_options *out) {
  *out = (struct strata_render_options){
      .struct_size = sizeof *out,
      .parts = parts,
      .schema_name = target_schema(p->opt),
      .settings = p->settings,
      .setting_count = p->setting_count,
      .note = p->opt->note ? locked_note : NULL,
      .note_ctx = p};
}

static int render(struct port *p, const struct strata_schema *model,
                  unsigned parts, int with_notes, struct strbuf *out,
                  struct strata_error *err) {
  struct strata *target = p->target.s;
  struct strata_render_options ropt;
  port_render_options(p, parts, &ropt);
  if (!with_notes)
    ropt.note = NULL;
  int rc = target->driver->render_port(&target->host, model, &ropt,
                                       append_text, out, err);
  if (rc != 0 && err->code == 0)
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  return rc;
}

int port_render(struct port *p, unsigned parts, int with_notes,
                struct strbuf *out, struct strata_error *err) {
  return render(p, p->schema, parts, with_notes, out, err);
}

int port_render_model(struct port *p, const struct strata_schema *model,
                      unsigned parts, struct strbuf *out,
                      struct strata_error *err) {
  return render(p, model, parts, 0, out, err);
}

/* ---- applying ------------------------------------------------------------ */

/* The renderer, asked for no part, writes only what puts the session in
 * the target schema (and gives no note). */
int port_enter_schema(struct port *p, struct strata *target,
                      struct strata_error *err) {
  struct strata_render_options ropt;
  struct strbuf enter;
  strbuf_init(&enter);
  port_render_options(p, 0, &ropt);
  int rc = target->driver->render_port(&target->host, p->schema, &ropt,
                                       append_text, &enter, err);
  if (rc == 0 && enter.len > 0)
    rc = port_apply(target, enter.data, enter.len, err);
  strbuf_release(&enter);
  return rc;
}

/* ---- what the target holds ----------------------------------------------- */

/* What the target schema holds, described by the target's driver, or no
 * such schema yet (STRATA_ENOTFOUND), which is as empty as can be. */
static int read_target(struct port *p, struct strata_schema **live,
                       struct strata_error *err) {
  *live = NULL;
  int rc = port_enter_schema(p, p->target.s, err);
  if (rc == 0)
    rc = strata_schema_read(p->target.s, live, err);
  if (rc == STRATA_ENOTFOUND) {
    strata_error_clear(err);
    return 0;
  }
  return rc;
}

/* The ends the URLs did not tell apart, the same database and schema as
 * their servers name them: the target's session is in the port's schema
 * by now, the source's in the one its model was read from. */
static int refuse_one_database(struct port *p, struct strata_error *err) {
  int same = 0;
  int rc = same_database_open(p->source.s, p->target.s, &same, err);
  if (rc != 0 || !same)
    return rc;
  return strata__error_set(err, STRATA_ESAME,
                           "--from '%s' and --to '%s' reach the same "
                           "database: a port would copy it into itself; give "
                           "--to another database (or another --schema)",
                           strata_target(p->source.s),
                           strata_target(p->target.s));
}

/* A new port needs an empty schema; a resumed one, the state an earlier
 * run left; a copy into existing tables or a verification, the tables (a
 * port left open compares as it stands). */
static int check_target(struct port *p, int *stored,
                        struct strata_error *err) {
  const struct strata_port_options *opt = p->opt;
  struct strata_schema *live = NULL;
  int rc = read_target(p, &live, err);
  if (rc == 0)
    rc = refuse_one_database(p, err);
  if (rc != 0) {
    strata_schema_free(live);
    return rc;
  }
  name_target(p, live);
  const struct strata_table *state =
      live != NULL ? model_find_table(live, port_state_table) : NULL;
  int interrupted = state != NULL;
  p->state_missing = state != NULL ? port_state_missing(state) : 0;
  size_t tables = live ? live->table_count + live->view_count : 0;
  *stored = live != NULL && model_find_table(live, port_settings_table) != NULL;
  /* the port's own, not the user's */
  tables -= (size_t)*stored + (size_t)interrupted;
  const char *where = strata_target(p->target.s);
  if (opt->resume && !interrupted)
    rc = strata__error_set(err, STRATA_EINVAL,
                           "there is no port to resume in schema '%s' of "
                           "'%s': run it without --resume",
                           p->target_name, where);
  else if (!opt->resume && !opt->verify_only && interrupted)
    rc = strata__error_set(err, STRATA_EINVAL,
                           "schema '%s' of '%s' holds a port that stopped "
                           "half way: run it again with --resume to finish "
                           "it",
                           p->target_name, where);
  else if (!opt->resume && !opt->data_only && !opt->verify_only && tables > 0)
    rc = strata__error_set(err, STRATA_EINVAL,
                           "the target schema '%s' of '%s' already has %zu "
                           "table%s: strata port creates a schema only in an "
                           "empty one (--data-only copies rows into tables "
                           "that exist)",
                           p->target_name, where, tables,
                           tables == 1 ? "" : "s");
  else if ((opt->data_only || opt->verify_only) && tables == 0)
    rc = strata__error_set(err, STRATA_EINVAL,
                           "the target schema '%s' of '%s' has no tables to "
                           "%s: port the schema first",
                           p->target_name, where,
                           opt->verify_only ? "compare" : "copy rows into");
  p->found = live;
  return rc;
}

/* ---- the phases ---------------------------------------------------------- */

/* Everything that follows the data, one part at a time, in the order
 * PORTING.md gives. */
static const unsigned after_data =
    STRATA_RENDER_KEYS | STRATA_RENDER_INDEXES | STRATA_RENDER_IDENTITY |
    STRATA_RENDER_FOREIGN_KEYS | STRATA_RENDER_VIEWS |
    STRATA_RENDER_TRIGGERS | STRATA_RENDER_COMMENTS;

static const unsigned before_data =
    STRATA_RENDER_TYPES | STRATA_RENDER_TABLES;

static int write_ddl(const struct strata_port_options *opt,
                     const struct strbuf *script, struct strata_error *err) {
  if (opt->ddl == NULL || script->len == 0)
    return 0;
  if (opt->ddl(opt->ddl_ctx, script->data, script->len) != 0)
    return strata__error_set(err, STRATA_EIO, "cannot write the DDL");
  return 0;
}

/* The tables a port creates come with its list of tables copied and its
 * mapping; rows copied into tables that exist, only with the list. */
static int start_port(struct port *p, struct strata *target,
                      struct strata_error *err) {
  int rc = port_state_create(target, err);
  if (rc == 0 && !p->opt->data_only)
    rc = port_mapping_store(p, target, err);
  return rc;
}

static int store_mapping(struct port *p, struct strata *target,
                         struct strata_error *err) {
  return port_mapping_store(p, target, err);
}

/* The foreign keys validated; the port ends, or waits in its last phase
 * for --resume: when some keys stay NOT VALID (err says why, with rc 0),
 * or when its runs set aside more rows than --max-rejects allows, so that
 * a resume with a larger --max-rejects can accept them. */
static int end_port(struct port *p, struct strata *target,
                    struct strata_error *err) {
  size_t pending = 0;
  int rc = p->opt->data_only ? 0 : port_validate_keys(p, &pending, err);
  if (rc != 0)
    return rc;
  if (pending > 0) {
    p->keys_pending = pending;
    p->pending_error = *err;
    strata_error_clear(err);
  }
  if (pending > 0 || p->rejected > p->opt->max_rejects) {
    p->kept_open = 1;
    return p->opt->data_only ? 0 : port_mapping_mark(target, "validate", err);
  }
  rc = port_state_drop(target, err);
  if (rc == 0 && p->phase[0] != '\0')
    rc = port_mapping_mark(target, NULL, err);
  return rc;
}

struct copied {
  struct port *p;
  struct port_copied *tables; /* by the index of p->schema's tables */
  int failed;
};

static char *copy_text(const char *text, int *failed) {
  char *copy = strata__strdup(text);
  *failed |= text != NULL && copy == NULL;
  return copy;
}

/* A resumed port with no --reject-dir sets its rows aside where the
 * earlier run did, so one folder holds the port's rejects. */
static void mark_copied(void *ctx, const struct port_copied *table) {
  struct copied *c = ctx;
  const struct strata_schema *schema = c->p->schema;
  for (size_t i = 0; i < schema->table_count; i++) {
    if (strcmp(schema->tables[i]->name, table->table) != 0)
      continue;
    c->tables[i] = *table;
    c->tables[i].table = schema->tables[i]->name;
    c->tables[i].reject_dir = copy_text(table->reject_dir, &c->failed);
  }
  if (table->reject_dir != NULL && c->p->reject_dir[0] == '\0')
    snprintf(c->p->reject_dir, sizeof c->p->reject_dir, "%s",
             table->reject_dir);
}

static void free_copied(struct port_copied *tables, size_t count) {
  for (size_t i = 0; i < count; i++)
    free((char *)tables[i].reject_dir);
  free(tables);
}

/* The tables an earlier run copied, their rows and their rejects; a
 * resumed port skips them and counts what they set aside. */
static int copied_before(struct port *p, struct port_copied *tables,
                         struct strata_error *err) {
  struct copied c = {p, tables, 0};
  if (!p->opt->resume)
    return 0;
  int rc = port_state_read(p->target.s, mark_copied, &c, err);
  if (rc == 0 && c.failed)
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  return rc;
}

static int copy_data(struct port *p, struct strata_error *err) {
  size_t count = p->schema->table_count;
  struct port_copied *tables = calloc(count + 1, sizeof *tables);
  if (tables == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  int rc = copied_before(p, tables, err);
  if (rc == 0)
    rc = port_copy(p, tables, err);
  free_copied(tables, count);
  return rc;
}

/* A list of tables copied made by an older strata gains the columns
 * this one writes. */
static int upgrade_state(struct port *p, struct strata *target,
                         struct strata_error *err) {
  return port_state_upgrade(target, p->state_missing, err);
}

/* A port creates the tables with its bookkeeping, or with --data-only
 * only the list of tables copied; it copies the rows; then keys and the
 * rest, and the end of the list, in one transaction: a port is finished
 * exactly when it commits.  A port resumed in its last phase (foreign
 * keys left NOT VALID) copies nothing more, but counts what its earlier
 * runs copied and set aside, and validates the keys. */
static int copy_phases(struct port *p, struct strata_error *err) {
  const struct strata_port_options *opt = p->opt;
  int validating = strcmp(p->phase, "validate") == 0;
  struct strbuf none;
  int rc = 0;
  strbuf_init(&none);
  if (opt->resume && p->state_missing != 0)
    rc = port_in_one_transaction(p, &none, PORT_SCRIPT_NONE, upgrade_state,
                                 err);
  else if (!opt->resume)
    rc = port_in_one_transaction(p, &p->before, PORT_SCRIPT_CREATE, start_port,
                                 err);
  if (rc == 0)
    rc = copy_data(p, err);
  if (rc == 0)
    rc = port_in_one_transaction(p, validating ? &none : &p->after,
                                 PORT_SCRIPT_AFTER, end_port, err);
  return rc;
}

/* --schema-only creates the whole schema at once. */
static int run_phases(struct port *p, struct strata_error *err) {
  const struct strata_port_options *opt = p->opt;
  int rc;
  if (opt->verify_only)
    return port_copy(p, NULL, err);
  if (opt->schema_only)
    rc = port_in_one_transaction(p, &p->before, PORT_SCRIPT_CREATE,
                                 store_mapping, err);
  else
    rc = copy_phases(p, err);
  if (rc != 0 || opt->emit_migration == NULL)
    return rc;
  rc = port_emit_migration(p, err);
  if (rc != 0)
    strata__error_add_detail(err, "the port itself is complete: only its "
                                  "migration was not written");
  return rc;
}

/* Whether render_ddl() gives the notes: not when it renders nothing. */
static int renders_with_notes(const struct strata_port_options *opt) {
  return opt->dry_run || opt->schema_only ||
         (!opt->data_only && !opt->verify_only);
}

/* The DDL, rendered once (each note is given once): the whole schema for
 * a dry run or --schema-only, the parts before and after the rows for a
 * port, none for a copy into existing tables or a comparison. */
static int render_ddl(struct port *p, struct strata_error *err) {
  const struct strata_port_options *opt = p->opt;
  int rc = 0;
  if (opt->dry_run || opt->schema_only)
    p->before_parts = STRATA_RENDER_ALL;
  else if (!opt->data_only && !opt->verify_only)
    p->before_parts = before_data;
  if (p->before_parts != 0)
    rc = port_render(p, p->before_parts, 1, &p->before, err);
  if (rc == 0 && !opt->dry_run && !opt->schema_only && !opt->data_only &&
      !opt->verify_only)
    rc = port_render(p, after_data, 1, &p->after, err);
  if (rc == 0)
    rc = write_ddl(opt, &p->before, err);
  if (rc == 0)
    rc = write_ddl(opt, &p->after, err);
  return rc;
}

/* What the source's driver leaves out of the model as it describes the
 * schema (a table's partitions, an event) is left out of the port too: a
 * note, its object and message split at the first ": " of the driver's
 * "OBJECT: what is left out". */
static void source_notice(void *ctx, const struct strata_event *ev) {
  const struct port *p = ctx;
  if (ev->kind != STRATA_EVENT_NOTICE || !p->describing || ev->text == NULL)
    return;
  const char *colon = strstr(ev->text, ": ");
  char object[512];
  if (colon == NULL || (size_t)(colon - ev->text) >= sizeof object) {
    note(p->opt, STRATA_NOTE_UNSUPPORTED, "source", ev->text);
    return;
  }
  snprintf(object, sizeof object, "%.*s", (int)(colon - ev->text), ev->text);
  note(p->opt, STRATA_NOTE_UNSUPPORTED, object, colon + 2);
}

/* The target is looked at before anything is decided: a port that goes
 * on from an earlier one takes its mapping from the target. */
static int port_between(struct port *p, struct strata_error *err) {
  int stored = 0;
  p->describing = renders_with_notes(p->opt);
  int rc = strata_schema_read(p->source.s, &p->schema, err);
  p->describing = 0;
  if (rc != 0)
    return rc;
  /* A source that was itself a port's target keeps that port's
   * bookkeeping: strata's, not the user's. */
  model_remove_table(p->schema, port_settings_table);
  model_remove_table(p->schema, port_state_table);
  filter_tables(p->opt, p->schema);
  rc = port_other_engine(p, renders_with_notes(p->opt), err);
  if (rc == 0 && !p->opt->dry_run)
    rc = check_target(p, &stored, err);
  if (rc == 0)
    rc = port_mapping_choose(p, stored, err);
  if (rc == 0)
    rc = render_ddl(p, err);
  if (rc == 0 && p->opt->data_only && !p->opt->dry_run)
    rc = port_note_unloaded(p, err);
  if (rc == 0 && !p->opt->dry_run)
    rc = run_phases(p, err);
  return rc;
}

/* A port that kept every table but set rows aside, or left foreign keys
 * NOT VALID, did not do all it was asked: it fails, the rows per table
 * on the last line. */
static int check_outcome(struct port *p, struct strata_error *err) {
  const struct strata_port_options *opt = p->opt;
  int too_many = p->rejected > opt->max_rejects;
  if (!too_many && p->keys_pending == 0)
    return 0;
  if (p->keys_pending > 0) {
    *err = p->pending_error;
    strata__error_add_detail(err,
                             "fix those rows (or their parents) on the "
                             "target, then run the port again with --resume "
                             "to validate the key%s",
                             p->keys_pending == 1 ? "" : "s");
  } else {
    strata__error_set(err, STRATA_EFAILED,
                      "%llu row%s rejected, more than --max-rejects allows "
                      "(%llu): each one's key and reason are in '%s'",
                      p->rejected, p->rejected == 1 ? " was" : "s were",
                      opt->max_rejects, p->reject_dir);
    if (p->kept_open)
      strata__error_add_detail(err,
                               "the port stays open on the target: run it "
                               "again with --resume --max-rejects %llu to "
                               "accept %s and finish it",
                               p->rejected,
                               p->rejected == 1 ? "that row" : "those rows");
  }
  if (p->rejected > 0)
    strata__error_add_detail(err, "rejected rows (in '%s'): %s", p->reject_dir,
                             p->rejected_tables.data);
  return err->code;
}

/* ---- the port ------------------------------------------------------------ */

/* A port into its own source rejects every row and leaves its bookkeeping
 * there: refused before anything connects, as far as the URLs and --schema
 * tell, and once both ends are connected, by what their drivers say they
 * are in (check_target()).  A dry run changes nothing, and may show such a
 * copy. */
static int refuse_itself(struct port *p, struct strata_error *err) {
  const struct strata_port_options *opt = p->opt;
  if (!opt->dry_run &&
      strata_same_database(p->cfg, opt->from_url, NULL, opt->to_url,
                           target_schema(opt)))
    return strata__error_set(err, STRATA_ESAME,
                             "--from and --to are the same database: a port "
                             "would copy it into itself; give --to another "
                             "database (or another --schema)");
  return 0;
}

static int check_options(const struct strata_port_options *opt,
                         struct strata_error *err) {
  if (opt->from_url == NULL || opt->to_url == NULL)
    return strata__error_set(err, STRATA_EINVAL,
                             "a port needs a source (--from) and a target "
                             "(--to)");
  if (opt->schema_only + opt->data_only + opt->verify_only > 1)
    return strata__error_set(err, STRATA_EINVAL,
                             "--schema-only, --data-only and --verify-only "
                             "exclude one another");
  if (opt->resume && (opt->schema_only || opt->verify_only))
    return strata__error_set(err, STRATA_EINVAL,
                             "--resume finishes a port that copies data: "
                             "not with --schema-only or --verify-only");
  if (opt->emit_migration != NULL &&
      (opt->dry_run || opt->data_only || opt->verify_only))
    return strata__error_set(err, STRATA_EINVAL,
                             "--emit-migration writes the schema a port "
                             "creates: not with --dry-run, --data-only or "
                             "--verify-only");
  if (opt->jobs < 0 || opt->jobs > 64)
    return strata__error_set(err, STRATA_EINVAL,
                             "--jobs takes 1 to 64, not %d", opt->jobs);
  return 0;
}

int strata_port(const struct strata_config *cfg,
                const struct strata_port_options *opt,
                struct strata_error *err) {
  struct port p = {.cfg = cfg,
                   .opt = opt,
                   .source = {"source", opt->from_url, NULL},
                   .target = {"target", opt->to_url, NULL}};
  strata_error_clear(err);
  strbuf_init(&p.before);
  strbuf_init(&p.after);
  strbuf_init(&p.rejected_tables);
  if (opt->reject_dir != NULL)
    snprintf(p.reject_dir, sizeof p.reject_dir, "%s", opt->reject_dir);
  pthread_mutex_init(&p.note_lock, NULL);
  port_settings(&p);
  int rc = check_options(opt, err);
  if (rc == 0)
    rc = check_end(cfg, &p.source, err);
  if (rc == 0)
    rc = check_end(cfg, &p.target, err);
  if (rc == 0)
    rc = refuse_itself(&p, err);
  if (rc == 0)
    rc = port_open_end(&p, &p.source, source_notice, &p, err);
  if (rc == 0)
    rc = port_open_end(&p, &p.target, NULL, NULL, err);
  if (rc == 0)
    rc = port_between(&p, err);
  if (rc == 0)
    rc = check_outcome(&p, err);
  strata_schema_free(p.schema);
  strata_schema_free(p.found);
  free(p.choices);
  strbuf_release(&p.rejected_tables);
  strbuf_release(&p.before);
  strbuf_release(&p.after);
  strata_free(p.target.s);
  strata_free(p.source.s);
  pthread_mutex_destroy(&p.note_lock);
  return rc;
}
