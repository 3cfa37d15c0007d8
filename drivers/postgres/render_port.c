/*
 * render_port.c - a model read from another engine written as PostgreSQL
 * DDL: the choices a port is given, the notes it gives back, and the
 * names it writes.  The model's expressions are portable text, written
 * by the source's driver (render_port_expr.c writes them), and what its
 * engine implies is in its neutral fields (driver.h, port_form): its
 * engine is asked only to tell a same-engine copy.
 *
 * Names are lower-cased, so that they need no quotes in the queries the
 * application writes, unless two names of one scope would become one, or
 * the caller asked to keep them (preserve_case).  MySQL names its keys and
 * indexes per table, PostgreSQL per schema: a name used on two tables is
 * prefixed with its table's, and every primary key is <table>_pkey.
 * PostgreSQL keeps 63 bytes of a name and drops the rest, so two long
 * names could become one: a longer name is shortened here, the same way
 * every time it is written (port_fit_name).
 *
 * Each part of the rendering stands alone (a port runs them around its
 * data load), so everything is derived from the model each time and each
 * note is given by the part that writes its object.  With
 * STRATA_RENDER_DROP the parts write their down instead, which gives no
 * note.
 */
#include "postgres.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void port_note(struct port_render *p, enum strata_note_kind kind,
               const char *source, const char *object, const char *fmt, ...) {
  char message[1024];
  va_list ap;
  if (p->opt->note == NULL)
    return;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  struct strata_note note = {
      .kind = kind, .object = object, .message = message, .source = source};
  p->opt->note(p->opt->note_ctx, &note);
}

static char *lower_into(const char *name, char *buf) {
  size_t n = 0;
  for (; name[n] != '\0' && n < PORT_NAME_MAX - 1; n++)
    buf[n] = name[n] >= 'A' && name[n] <= 'Z' ? (char)(name[n] - 'A' + 'a')
                                              : name[n];
  buf[n] = '\0';
  return buf;
}

static int same_lowered(const char *a, const char *b) {
  char la[PORT_NAME_MAX], lb[PORT_NAME_MAX];
  return strcmp(lower_into(a, la), lower_into(b, lb)) == 0;
}

static int has_upper(const char *name) {
  return name[strcspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")] != '\0';
}

static char *copy_into(const char *name, char *buf) {
  snprintf(buf, PORT_NAME_MAX, "%s", name);
  return buf;
}

/* FNV-1a: the short name's suffix, not a secret. */
static unsigned name_hash(const char *name) {
  unsigned h = 2166136261u;
  for (; *name != '\0'; name++)
    h = (h ^ (unsigned char)*name) * 16777619u;
  return h;
}

/* What a shortened name ends in: "_" and 8 hex digits. */
#define HASH_SUFFIX_BYTES 9

const char *port_fit_name(char *buf) {
  size_t keep = PORT_NAME_BYTES - HASH_SUFFIX_BYTES;
  if (strlen(buf) <= PORT_NAME_BYTES)
    return buf;
  unsigned hash = name_hash(buf);
  while (keep > 0 && ((unsigned char)buf[keep] & 0xC0) == 0x80)
    keep--; /* not inside a UTF-8 character */
  snprintf(buf + keep, PORT_NAME_MAX - keep, "_%08x", hash);
  return buf;
}

/* Tables and views share one namespace in PostgreSQL. */
static int relation_collides(const struct strata_schema *schema,
                             const char *name) {
  for (size_t i = 0; i < schema->table_count; i++)
    if (strcmp(schema->tables[i]->name, name) != 0 &&
        same_lowered(schema->tables[i]->name, name))
      return 1;
  for (size_t i = 0; i < schema->view_count; i++)
    if (strcmp(schema->views[i]->name, name) != 0 &&
        same_lowered(schema->views[i]->name, name))
      return 1;
  return 0;
}

const char *port_table_name(const struct port_render *p, const char *name,
                            char *buf) {
  if (p->preserve_case || !has_upper(name) ||
      relation_collides(p->base.schema, name))
    return port_fit_name(copy_into(name, buf));
  return port_fit_name(lower_into(name, buf));
}

const char *port_column_name(const struct port_render *p,
                             const struct strata_table *t, const char *name,
                             char *buf) {
  if (p->preserve_case || !has_upper(name))
    return port_fit_name(copy_into(name, buf));
  for (size_t i = 0; t != NULL && i < t->column_count; i++)
    if (strcmp(t->columns[i]->name, name) != 0 &&
        same_lowered(t->columns[i]->name, name))
      return port_fit_name(copy_into(name, buf));
  return port_fit_name(lower_into(name, buf));
}

static int table_uses_index_name(const struct strata_table *t,
                                 const char *name) {
  for (size_t i = 0; i < t->index_count; i++)
    if (same_lowered(t->indexes[i]->name, name))
      return 1;
  for (size_t i = 0; i < t->unique_count; i++)
    if (t->uniques[i]->name != NULL && same_lowered(t->uniques[i]->name, name))
      return 1;
  return 0;
}

/* Whether another table, or a relation, has the name already. */
static int index_name_taken(const struct strata_schema *schema,
                            const struct strata_table *t, const char *name) {
  for (size_t i = 0; i < schema->table_count; i++) {
    const struct strata_table *other = schema->tables[i];
    if (same_lowered(other->name, name) ||
        (other != t && table_uses_index_name(other, name)))
      return 1;
  }
  for (size_t i = 0; i < schema->view_count; i++)
    if (same_lowered(schema->views[i]->name, name))
      return 1;
  return 0;
}

const char *port_constraint_name(const struct port_render *p, const char *name,
                                 char *buf) {
  return port_fit_name(p->preserve_case ? copy_into(name, buf)
                                        : lower_into(name, buf));
}

const char *port_index_name(const struct port_render *p,
                            const struct strata_table *t, const char *name,
                            char *buf) {
  char table[PORT_NAME_MAX], own[PORT_NAME_MAX];
  port_table_name(p, t->name, table);
  if (name == NULL || strcmp(name, "PRIMARY") == 0) {
    snprintf(buf, PORT_NAME_MAX, "%.100s_pkey", table);
    return port_fit_name(buf);
  }
  port_constraint_name(p, name, own);
  if (!index_name_taken(p->base.schema, t, name))
    return copy_into(own, buf);
  snprintf(buf, PORT_NAME_MAX, "%.150s_%.150s", table, own);
  return port_fit_name(buf);
}

/* "table_a_b" and a suffix, as PostgreSQL names what it was not given a
 * name for. */
static const char *generated_name(const struct port_render *p,
                                  const struct strata_table *t,
                                  const char *const *columns, size_t count,
                                  const char *suffix, char *buf) {
  char part[PORT_NAME_MAX];
  size_t used = strlen(port_table_name(p, t->name, buf));
  for (size_t i = 0; i < count && used < PORT_NAME_MAX; i++)
    used += (size_t)snprintf(buf + used, PORT_NAME_MAX - used, "_%s",
                             port_column_name(p, t, columns[i], part));
  if (used < PORT_NAME_MAX)
    snprintf(buf + used, PORT_NAME_MAX - used, "%s", suffix);
  return port_fit_name(buf);
}

const char *port_unique_name(const struct port_render *p,
                             const struct strata_table *t,
                             const struct strata_key *k, char *buf) {
  if (k->name != NULL)
    return port_index_name(p, t, k->name, buf);
  return generated_name(p, t, k->columns, k->column_count, "_key", buf);
}

/* An unnamed CHECK is table_check, then table_check1, table_check2 ... */
const char *port_check_name(const struct port_render *p,
                            const struct strata_table *t,
                            const struct strata_check *k, char *buf) {
  size_t unnamed = 0;
  char suffix[32];
  if (k->name != NULL)
    return port_constraint_name(p, k->name, buf);
  for (size_t i = 0; i < t->check_count && t->checks[i] != k; i++)
    unnamed += t->checks[i]->name == NULL;
  if (unnamed == 0)
    snprintf(suffix, sizeof suffix, "_check");
  else
    snprintf(suffix, sizeof suffix, "_check%zu", unnamed);
  return generated_name(p, t, NULL, 0, suffix, buf);
}

const char *port_foreign_key_name(const struct port_render *p,
                                  const struct strata_table *t,
                                  const struct strata_foreign_key *fk,
                                  char *buf) {
  if (fk->name != NULL)
    return port_constraint_name(p, fk->name, buf);
  return generated_name(p, t, fk->columns, fk->column_count, "_fkey", buf);
}

const char *port_column_object_name(const struct port_render *p,
                                    const struct strata_table *t,
                                    const struct strata_column *c,
                                    const char *suffix, char *buf) {
  char table[PORT_NAME_MAX], column[PORT_NAME_MAX];
  snprintf(buf, PORT_NAME_MAX, "%.150s_%.150s%s",
           port_table_name(p, t->name, table),
           port_column_name(p, t, c->name, column), suffix);
  return port_fit_name(buf);
}

void port_add_table(struct port_render *p, const char *name) {
  char buf[PORT_NAME_MAX];
  postgres_sql_ident(&p->base.sql, port_table_name(p, name, buf));
}

void port_add_column(struct port_render *p, const struct strata_table *t,
                     const char *name) {
  char buf[PORT_NAME_MAX];
  postgres_sql_ident(&p->base.sql, port_column_name(p, t, name, buf));
}

void port_add_columns(struct port_render *p, const struct strata_table *t,
                      const char *const *names, size_t count) {
  postgres_sql_add(&p->base.sql, "(");
  for (size_t i = 0; i < count; i++) {
    if (i > 0)
      postgres_sql_add(&p->base.sql, ", ");
    port_add_column(p, t, names[i]);
  }
  postgres_sql_add(&p->base.sql, ")");
}

const struct strata_table *port_find_table(const struct port_render *p,
                                           const char *name) {
  for (size_t i = 0; i < p->base.schema->table_count; i++)
    if (strcmp(p->base.schema->tables[i]->name, name) == 0)
      return p->base.schema->tables[i];
  return NULL;
}

/* ---- the choices --------------------------------------------------------- */

struct setting {
  const char *key;
  const char *values[4]; /* the default first; NULL after the last */
  size_t field;          /* offset of the int in struct port_render that
                          * receives the value's index */
};

static const struct setting settings[] = {
    {"enum", {"native", "check"}, offsetof(struct port_render, enum_check)},
    {"unsigned_bigint",
     {"numeric", "bigint"},
     offsetof(struct port_render, unsigned_bigint)},
    {"datetime",
     {"timestamp", "timestamptz"},
     offsetof(struct port_render, datetime_tz)},
    {"time", {"time", "interval"}, offsetof(struct port_render, time_interval)},
    {"preserve_case",
     {"no", "yes"},
     offsetof(struct port_render, preserve_case)},
    {"zero_dates",
     {"null", "infinity", "error"},
     offsetof(struct port_render, zero_dates)},
    {"nul_bytes",
     {"strip", "error"},
     offsetof(struct port_render, nul_bytes_error)},
    {"json", {"jsonb", "json"}, offsetof(struct port_render, json_text)},
    {"tinyint1",
     {"boolean", "smallint"},
     offsetof(struct port_render, tinyint1_smallint)},
};

/* "'a', 'b' or 'c'": the values a setting takes, for its refusal. */
static void list_values(const struct setting *s, char *buf, size_t size) {
  size_t n = 0, used = 0;
  while (n < 4 && s->values[n] != NULL)
    n++;
  buf[0] = '\0';
  for (size_t i = 0; i < n && used < size; i++)
    used += (size_t)snprintf(buf + used, size - used, "%s'%s'",
                             i == 0       ? ""
                             : i + 1 == n ? " or "
                                          : ", ",
                             s->values[i]);
}

static int apply_setting(struct port_render *p,
                         const struct strata_url_param *kv) {
  char values[128];
  for (size_t i = 0; i < sizeof settings / sizeof *settings; i++) {
    const struct setting *s = &settings[i];
    if (strcmp(kv->key, s->key) != 0)
      continue;
    for (int v = 0; v < 4 && s->values[v] != NULL; v++)
      if (strcmp(kv->value, s->values[v]) == 0) {
        *(int *)((char *)p + s->field) = v;
        return 0;
      }
    list_values(s, values, sizeof values);
    return p->base.host->error_set(p->base.err, STRATA_EINVAL,
                                   "mapping option '%s' takes %s, not '%s'",
                                   s->key, values, kv->value);
  }
  return p->base.host->error_set(p->base.err, STRATA_EINVAL,
                                 "unknown mapping option '%s'", kv->key);
}

static int apply_settings(struct port_render *p) {
  const struct strata_render_options *opt = p->opt;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < opt->setting_count; i++)
    rc = apply_setting(p, &opt->settings[i]);
  return rc;
}

/* ---- the parts ----------------------------------------------------------- */

static int dropping(const struct port_render *p) {
  return (p->base.parts & STRATA_RENDER_DROP) != 0;
}

/* Every part runs in the target schema, which the first part creates (and
 * its down leaves: render_port_drop.c). */
static int render_search_path(struct port_render *p) {
  const char *name = p->opt->schema_name;
  int rc = 0;
  if (name == NULL)
    return 0;
  if ((p->base.parts & STRATA_RENDER_TYPES) && !dropping(p) &&
      strcmp(name, "public") != 0) {
    postgres_sql_add(&p->base.sql, "CREATE SCHEMA IF NOT EXISTS ");
    postgres_sql_ident(&p->base.sql, name);
    rc = postgres_render_statement(&p->base);
  }
  if (rc != 0)
    return rc;
  postgres_sql_add(&p->base.sql, "SET search_path TO ");
  postgres_sql_ident(&p->base.sql, name);
  return postgres_render_statement(&p->base);
}

/* Routines never translate: each is listed with its source. */
static int note_routines(struct port_render *p) {
  common_port_note_routines(p->opt, p->base.schema,
                            "not translated: port it by hand");
  return 0;
}

static int render_parts(struct port_render *p) {
  static const struct {
    unsigned part;
    int (*render)(struct port_render *);
  } steps[] = {
      {STRATA_RENDER_TYPES, port_render_types},
      {STRATA_RENDER_TYPES, note_routines},
      {STRATA_RENDER_TABLES, port_render_tables},
      {STRATA_RENDER_KEYS, port_render_keys},
      {STRATA_RENDER_INDEXES, port_render_indexes},
      {STRATA_RENDER_IDENTITY, port_render_identity},
      {STRATA_RENDER_FOREIGN_KEYS, port_render_foreign_keys},
      {STRATA_RENDER_VALIDATE, port_render_validation},
      {STRATA_RENDER_ORPHANS, port_render_orphans},
      {STRATA_RENDER_VIEWS, port_render_views},
      {STRATA_RENDER_TRIGGERS, port_render_triggers},
      {STRATA_RENDER_COMMENTS, port_render_comments},
  };
  int rc = render_search_path(p);
  if (rc == 0 && dropping(p))
    return port_render_drop(p);
  for (size_t i = 0; rc == 0 && i < sizeof steps / sizeof *steps; i++)
    if (p->base.parts & steps[i].part)
      rc = steps[i].render(p);
  return rc;
}

int port_render_init(struct port_render *p, const struct strata_host *host,
                     const struct strata_schema *schema,
                     const struct strata_render_options *opt,
                     strata_write_fn write, void *ctx,
                     struct strata_error *err) {
  const char *engine = schema->engine ? schema->engine : "unknown";
  *p = (struct port_render){.base = {.host = host,
                                     .schema = schema,
                                     .parts = opt->parts,
                                     .write = write,
                                     .ctx = ctx,
                                     .err = err},
                            .opt = opt};
  p->from_postgres = strcmp(engine, "postgres") == 0;
  if (p->from_postgres && opt->setting_count > 0)
    return host->error_set(err, STRATA_EINVAL,
                           "mapping option '%s' does not apply to a copy "
                           "from PostgreSQL to PostgreSQL: leave it out",
                           opt->settings[0].key);
  p->preserve_case = p->from_postgres; /* names are already PostgreSQL's */
  return apply_settings(p);
}

void port_render_release(struct port_render *p) {
  postgres_sql_release(&p->base.sql);
}

/* The row format keeps a bit string's bits as bytes, not their count. */
static void note_copy_losses(struct port_render *p) {
  const struct strata_schema *schema = p->base.schema;
  for (size_t i = 0; i < schema->table_count; i++) {
    const struct strata_table *t = schema->tables[i];
    for (size_t j = 0; j < t->column_count; j++) {
      const struct strata_column *c = t->columns[j];
      char object[2 * PORT_NAME_MAX];
      if (c->type != STRATA_TYPE_BIT || c->type_text == NULL ||
          strncmp(c->type_text, "bit varying", 11) != 0)
        continue;
      snprintf(object, sizeof object, "column %s.%s", t->name, c->name);
      port_note(p, STRATA_NOTE_APPROXIMATED, NULL, object,
                "%s: a shorter value arrives padded to %lld bits with "
                "leading zeros",
                c->type_text, c->length);
    }
  }
}

/* Added NOT VALID, as from any engine: the port validates each on its
 * own and counts the rows without a parent of a key that fails. */
static int render_copy_foreign_keys(struct port_render *p) {
  const struct strata_schema *schema = p->base.schema;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < schema->table_count; i++) {
    const struct strata_table *t = schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->foreign_key_count; j++) {
      postgres_sql_alter_table_add(&p->base.sql, t->name);
      postgres_sql_foreign_key(&p->base.sql, t->foreign_keys[j]);
      postgres_sql_add(&p->base.sql, " NOT VALID");
      rc = postgres_render_statement(&p->base);
    }
  }
  return rc;
}

/* From PostgreSQL each object is written as `strata dump` writes it, in
 * the port's phases; the foreign keys are validated, and the sequences
 * go on, after the rows are loaded. */
static int render_copy(struct port_render *p) {
  static const struct {
    unsigned part;
    int (*render)(struct port_render *);
  } after_rows[] = {
      {STRATA_RENDER_FOREIGN_KEYS, render_copy_foreign_keys},
      {STRATA_RENDER_IDENTITY, port_render_identity},
      {STRATA_RENDER_VALIDATE, port_render_validation},
      {STRATA_RENDER_ORPHANS, port_render_orphans},
  };
  unsigned parts = p->base.parts;
  int rc = render_search_path(p);
  if (rc == 0 && dropping(p))
    return port_render_drop(p);
  if (rc == 0 && postgres_render_wants(&p->base, STRATA_RENDER_TABLES))
    note_copy_losses(p);
  p->base.parts &= ~(unsigned)STRATA_RENDER_FOREIGN_KEYS;
  if (rc == 0)
    rc = postgres_render_parts(&p->base);
  p->base.parts = parts;
  for (size_t i = 0; rc == 0 && i < sizeof after_rows / sizeof *after_rows; i++)
    if (parts & after_rows[i].part)
      rc = after_rows[i].render(p);
  return rc;
}

int postgres_render_port(const struct strata_host *host,
                         const struct strata_schema *schema,
                         const struct strata_render_options *opt,
                         strata_write_fn write, void *ctx,
                         struct strata_error *err) {
  struct port_render p;
  int rc = port_render_init(&p, host, schema, opt, write, ctx, err);
  if (rc == 0 && p.from_postgres) {
    rc = render_copy(&p);
    port_render_release(&p);
    return rc;
  }
  if (rc == 0)
    rc = render_parts(&p);
  port_render_release(&p);
  return rc;
}
