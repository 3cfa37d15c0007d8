/*
 * adopt.c - `strata adopt`: strata's history written from the history
 * table of the tool that migrated the database until now.
 *
 * Each tool says in its own way which versions are applied.  golang-migrate
 * keeps one row, the newest version, with a dirty flag (it runs migrations
 * in order, so every older one is applied); dbmate and diesel keep a row per
 * applied version; sqlx a row per version with a success flag; goose a row
 * per up and, in older releases, per down, the newest row of a version
 * saying where it stands; Flyway a row per event in installed_rank order:
 * migrations (successful or not), undos, deletions by its repair, a
 * baseline that stands for every version up to it, and repeatable
 * migrations with no version.  Read, they all say the same three things:
 * the versions applied, a version that failed, and a version up to which
 * everything is applied.  Versions are matched to the folder's migrations
 * as the folder's layout names them and the source orders them (Flyway's
 * 1.2 is V1_2__x.sql, and 1.2 < 1.10).
 *
 * A Flyway repeatable is named by its script: the layout reads that name
 * to find the R__ migration it is.  Flyway runs a repeatable again when
 * its checksum changes, so one is recorded only when Flyway's checksum of
 * the file today is the one of its last run; otherwise the file changed
 * since, and it stays pending, as it would for Flyway's next migrate.
 *
 * Nothing is recorded unless everything can be: a failed migration in the
 * old history, or an applied version with no file in the source, refuses
 * the whole adoption, so strata's history never holds a guess.  The old
 * table is left as it is.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "adopt.h"
#include "history.h"
#include "session.h"
#include "util.h"
#include "version.h"

/* Versions listed in a message before "and N more". */
#define LISTED 10

struct old_version {
  char *version; /* as the tool wrote it; a repeatable's script */
  int applied;
  int repeatable;
  char *checksum; /* a repeatable's, as Flyway wrote it, or NULL */
};

/* What an old history says, whatever the tool. */
struct old_history {
  struct old_version *versions;
  size_t count, cap;
  char *through;            /* every version up to it is applied, or NULL */
  int through_is_migration; /* through names a migration that ran (and so
                             * has a file), not a baseline */
  char *failed;             /* the first version recorded as failed */
  struct strata_error *err;
};

struct tool {
  const char *name;
  const char *table;   /* its default */
  const char *columns; /* ones its table has, space-separated */
  size_t column_count; /* exactly that many, or 0 for at least those */
  const char *query;   /* reads its rows; "%s" stands for the table */
  strata_row_fn read;
  const char *fix; /* what to do about a failed migration */
};

/* ---- reading the rows --------------------------------------------------- */

/* Booleans as each engine hands them over as text: t/f, 1/0, true/false. */
static int is_true(const char *v) {
  return v != NULL && (v[0] == '1' || v[0] == 't' || v[0] == 'T' ||
                       v[0] == 'y' || v[0] == 'Y');
}

static int out_of_memory(struct old_history *h) {
  return strata__error_set(h->err, STRATA_ENOMEM, "out of memory");
}

static int same_version(const char *a, const char *b) {
  if (version_is_valid(a) && version_is_valid(b))
    return version_compare(a, b) == 0;
  return strcmp(a, b) == 0;
}

/* The entry of a version (or a repeatable's script), added if new; NULL
 * when out of memory. */
static struct old_version *version_entry(struct old_history *h,
                                         const char *version, int repeatable) {
  for (size_t i = 0; i < h->count; i++)
    if (h->versions[i].repeatable == repeatable &&
        same_version(h->versions[i].version, version))
      return &h->versions[i];
  if (h->count == h->cap) {
    size_t cap = h->cap ? h->cap * 2 : 32;
    struct old_version *grown = realloc(h->versions, cap * sizeof *grown);
    if (grown == NULL)
      return NULL;
    h->versions = grown;
    h->cap = cap;
  }
  char *copy = strata__strdup(version);
  if (copy == NULL)
    return NULL;
  h->versions[h->count] = (struct old_version){.version = copy,
                                               .repeatable = repeatable};
  return &h->versions[h->count++];
}

/* The newest word on a version wins: goose and Flyway list events. */
static int set_version(struct old_history *h, const char *version,
                       int applied) {
  struct old_version *v = version_entry(h, version, 0);
  if (v == NULL)
    return out_of_memory(h);
  v->applied = applied;
  return 0;
}

/* A repeatable's newest row wins too: a later run brings a new checksum,
 * a repair's DELETE row takes it out. */
static int set_repeatable(struct old_history *h, const char *script,
                          int applied, const char *checksum) {
  struct old_version *v = version_entry(h, script, 1);
  if (v == NULL)
    return out_of_memory(h);
  v->applied = applied;
  free(v->checksum);
  v->checksum = checksum ? strata__strdup(checksum) : NULL;
  return checksum && v->checksum == NULL ? out_of_memory(h) : 0;
}

static int note_failed(struct old_history *h, const char *version) {
  if (h->failed != NULL)
    return 0;
  h->failed = strata__strdup(version ? version : "(no version)");
  return h->failed ? 0 : out_of_memory(h);
}

/* A version up to which all are applied; of two, the newer counts. */
static int note_through(struct old_history *h, const char *version,
                        int is_migration) {
  if (!version_is_valid(version))
    return set_version(h, version, 1); /* it will be reported as missing */
  if (h->through != NULL && version_compare(version, h->through) <= 0)
    return 0;
  free(h->through);
  h->through = strata__strdup(version);
  h->through_is_migration = is_migration;
  return h->through ? 0 : out_of_memory(h);
}

static int read_golang_migrate(void *ctx, int columns, const char *const *v,
                               const size_t *lengths) {
  struct old_history *h = ctx;
  if (v[0] == NULL)
    return 0;
  return is_true(v[1]) ? note_failed(h, v[0]) : note_through(h, v[0], 1);
}

static int read_versions(void *ctx, int columns, const char *const *v,
                         const size_t *lengths) {
  return v[0] ? set_version(ctx, v[0], 1) : 0;
}

static int read_sqlx(void *ctx, int columns, const char *const *v,
                     const size_t *lengths) {
  struct old_history *h = ctx;
  if (v[0] == NULL)
    return 0;
  return is_true(v[1]) ? set_version(h, v[0], 1) : note_failed(h, v[0]);
}

/* goose's first row, version 0, only marks its table as made. */
static int read_goose(void *ctx, int columns, const char *const *v,
                      const size_t *lengths) {
  if (v[0] == NULL || version_compare(v[0], "0") == 0)
    return 0;
  return set_version(ctx, v[0], is_true(v[1]));
}

static int read_flyway(void *ctx, int columns, const char *const *v,
                       const size_t *lengths) {
  struct old_history *h = ctx;
  const char *version = v[0], *type = v[1] ? v[1] : "", *script = v[3];
  if (!is_true(v[2]))
    return note_failed(h, version ? version : script);
  if (strcasecmp(type, "SCHEMA") == 0) /* Flyway made the schema */
    return 0;
  int undone =
      strncasecmp(type, "UNDO", 4) == 0 || strcasecmp(type, "DELETE") == 0;
  if (version == NULL)
    return set_repeatable(h, script ? script : "", !undone, v[4]);
  if (strcasecmp(type, "BASELINE") == 0)
    return note_through(h, version, 0);
  return set_version(h, version, !undone);
}

static const struct tool tools[] = {
    {"golang-migrate", "schema_migrations", "version dirty", 0,
     "SELECT version, dirty FROM %s", read_golang_migrate,
     "finish or undo it by hand, run 'migrate force VERSION' with the "
     "version the database is at"},
    {"dbmate", "schema_migrations", "version", 1, "SELECT version FROM %s",
     read_versions, NULL},
    {"sqlx", "_sqlx_migrations", "version success checksum", 0,
     "SELECT version, success FROM %s", read_sqlx,
     "finish or undo it by hand and delete its row"},
    {"flyway", "flyway_schema_history",
     "installed_rank version type success script checksum", 0,
     "SELECT version, type, success, script, checksum FROM %s "
     "ORDER BY installed_rank",
     read_flyway, "finish or undo it by hand and run 'flyway repair'"},
    {"goose", "goose_db_version", "version_id is_applied", 0,
     "SELECT version_id, is_applied FROM %s ORDER BY id", read_goose, NULL},
    {"diesel", "__diesel_schema_migrations", "version run_on", 0,
     "SELECT version FROM %s", read_versions, NULL}};
#define TOOL_COUNT (sizeof tools / sizeof tools[0])
#define TOOL_NAMES "golang-migrate, dbmate, sqlx, flyway, goose or diesel"

int adopt_is_tool_table(const char *table) {
  for (size_t i = 0; i < TOOL_COUNT; i++)
    if (strcasecmp(tools[i].table, table) == 0)
      return 1;
  return 0;
}

/* ---- finding the table -------------------------------------------------- */

static const struct strata_table *find_table(const struct strata_schema *sc,
                                             const char *name) {
  for (size_t i = 0; i < sc->table_count; i++)
    if (strcasecmp(sc->tables[i]->name, name) == 0)
      return sc->tables[i];
  return NULL;
}

static int has_column(const struct strata_table *t, const char *name,
                      size_t length) {
  for (size_t i = 0; i < t->column_count; i++)
    if (strlen(t->columns[i]->name) == length &&
        strncasecmp(t->columns[i]->name, name, length) == 0)
      return 1;
  return 0;
}

/* Whether t has the shape of tool's table: dbmate's and golang-migrate's
 * share a name, and only their columns tell them apart. */
static int table_fits(const struct strata_table *t, const struct tool *tool) {
  if (t == NULL ||
      (tool->column_count && t->column_count != tool->column_count))
    return 0;
  for (const char *c = tool->columns; *c;) {
    size_t n = strcspn(c, " ");
    if (!has_column(t, c, n))
      return 0;
    c += n + (c[n] == ' ');
  }
  return 1;
}

static const struct tool *tool_named(const char *name) {
  for (size_t i = 0; i < TOOL_COUNT; i++)
    if (strcasecmp(tools[i].name, name) == 0)
      return &tools[i];
  return NULL;
}

static int named_tool(struct strata *s, const struct strata_schema *sc,
                      const struct strata_adopt_options *opt,
                      const struct tool **tool, const char **table,
                      struct strata_error *err) {
  *tool = tool_named(opt->tool);
  if (*tool == NULL)
    return strata__error_set(
        err, STRATA_EINVAL,
        "strata cannot adopt from '%s': it knows " TOOL_NAMES, opt->tool);
  *table = opt->table ? opt->table : (*tool)->table;
  int rc = history_check_name(*table, err);
  if (rc != 0)
    return rc;
  const struct strata_table *t = find_table(sc, *table);
  if (t == NULL)
    return strata__error_set(err, STRATA_ENOTFOUND,
                             "%s has no table '%s' for %s's history; name "
                             "the table with --from %s:TABLE",
                             s->url->redacted, *table, (*tool)->name,
                             (*tool)->name);
  if (!table_fits(t, *tool))
    return strata__error_set(err, STRATA_EHISTORY,
                             "table '%s' is not %s's history table (%s%s); "
                             "name the tool that wrote it with --from",
                             *table, (*tool)->name,
                             (*tool)->column_count ? "its columns are only: "
                                                   : "it needs the columns ",
                             (*tool)->columns);
  return 0;
}

/* The one tool whose table the target holds. */
static int found_tool(struct strata *s, const struct strata_schema *sc,
                      const struct tool **tool, const char **table,
                      struct strata_error *err) {
  const struct tool *found[TOOL_COUNT];
  size_t n = 0;
  for (size_t i = 0; i < TOOL_COUNT; i++)
    if (table_fits(find_table(sc, tools[i].table), &tools[i]))
      found[n++] = &tools[i];
  if (n == 0)
    return strata__error_set(err, STRATA_ENOTFOUND,
                             "%s holds no history table of " TOOL_NAMES
                             "; name the tool and its table with --from "
                             "TOOL:TABLE",
                             s->url->redacted);
  if (n > 1)
    return strata__error_set(err, STRATA_EINVAL,
                             "%s holds the history tables of %s (%s) and %s "
                             "(%s); choose one with --from",
                             s->url->redacted, found[0]->name, found[0]->table,
                             found[1]->name, found[1]->table);
  *tool = found[0];
  *table = found[0]->table;
  return 0;
}

static int choose_tool(struct strata *s, const struct strata_adopt_options *opt,
                       const struct tool **tool, const char **table,
                       struct strata_error *err) {
  if (opt->tool == NULL && opt->table != NULL)
    return strata__error_set(err, STRATA_EINVAL,
                             "a history table to adopt needs its tool: "
                             "--from TOOL:%s",
                             opt->table);
  struct strata_schema *sc = NULL;
  int rc = strata_schema_read(s, &sc, err);
  if (rc == 0)
    rc = opt->tool ? named_tool(s, sc, opt, tool, table, err)
                   : found_tool(s, sc, tool, table, err);
  strata_schema_free(sc);
  return rc;
}

/* ---- deciding what to record -------------------------------------------- */

struct adoption {
  struct strata *s;
  const struct strata_adopt_options *opt;
  const struct tool *tool;
  const char *table;
  struct old_history old;
  char *chosen; /* per migration of the source: to be recorded */
  struct strbuf missing;
  int missing_count;
  char *pending; /* per migration of the source: a repeatable left pending */
  int recorded, already;
};

/* The migration of the source an old history's version names, or NULL.
 * The source compares versions run by run, so Flyway's "1.2" finds the
 * layout's V1_2__x.sql and "00001" and goose's 1 are one version. */
static const struct migration *migration_for(const struct source *src,
                                             const char *version) {
  return version_is_valid(version) ? source_find(src, version) : NULL;
}

/* The repeatable migration of the source a Flyway script names (as Flyway
 * writes it: relative to its location, maybe in a subfolder), or NULL:
 * the folder's layout reads the name, so it is found as the folder names
 * it. */
static const struct migration *repeatable_for(const struct strata *s,
                                              const char *script) {
  const struct source *src = &s->source;
  if (src->layout == NULL)
    return NULL;
  const char *base = strrchr(script, '/');
  base = base ? base + 1 : script;
  struct strata_layout_file file;
  memset(&file, 0, sizeof file);
  struct strata_error ignored;
  if (src->layout->parse_name(&s->host, base, &file, &ignored) != 0 ||
      file.role != STRATA_LAYOUT_REPEATABLE)
    return NULL;
  file.name[sizeof file.name - 1] = '\0';
  char key[sizeof VERSION_REPEATABLE_PREFIX + sizeof file.name];
  snprintf(key, sizeof key, VERSION_REPEATABLE_PREFIX "%s", file.name);
  return source_find(src, key);
}

/* Flyway's checksum of a script: CRC-32 of its lines without their line
 * ends (so CRLF and LF files agree) and without a byte-order mark, as a
 * signed 32-bit number. */
static long long flyway_checksum(const char *text, size_t length) {
  uint32_t crc = 0xffffffffu;
  for (size_t i = 0; i < length; i++) {
    if (text[i] == '\r' || text[i] == '\n')
      continue;
    crc ^= (unsigned char)text[i];
    for (int bit = 0; bit < 8; bit++)
      crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  crc ^= 0xffffffffu;
  return crc > INT32_MAX ? (long long)crc - 4294967296LL : (long long)crc;
}

/* Whether Flyway's last run of repeatable m was of the file as it is. */
static int repeatable_unchanged(const struct migration *m,
                                const char *checksum) {
  if (checksum == NULL)
    return 0;
  char *end;
  errno = 0;
  long long recorded = strtoll(checksum, &end, 10);
  return errno == 0 && end != checksum && *end == '\0' &&
         recorded == flyway_checksum(m->up, m->up_len);
}

static int add_missing(struct adoption *a, const char *version,
                       struct strata_error *err) {
  int rc = 0;
  if (a->missing_count < LISTED)
    rc = strbuf_appendf(&a->missing, "%s%s", a->missing_count ? ", " : "",
                        version);
  a->missing_count++;
  return rc ? strata__error_set(err, STRATA_ENOMEM, "out of memory") : 0;
}

static int choose(struct adoption *a, const struct old_version *v,
                  struct strata_error *err) {
  const struct source *src = &a->s->source;
  const struct migration *m = v->repeatable ? repeatable_for(a->s, v->version)
                                            : migration_for(src, v->version);
  if (m == NULL)
    return add_missing(a, v->version, err);
  if (v->repeatable && !repeatable_unchanged(m, v->checksum))
    a->pending[m - src->items] = 1;
  else
    a->chosen[m - src->items] = 1;
  return 0;
}

static int choose_versions(struct adoption *a, struct strata_error *err) {
  const struct source *src = &a->s->source;
  const struct old_history *h = &a->old;
  a->chosen = calloc(src->count + 1, 1);
  a->pending = calloc(src->count + 1, 1);
  if (a->chosen == NULL || a->pending == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < h->count; i++)
    if (h->versions[i].applied)
      rc = choose(a, &h->versions[i], err);
  if (rc != 0 || h->through == NULL)
    return rc;
  if (h->through_is_migration && migration_for(src, h->through) == NULL)
    rc = add_missing(a, h->through, err);
  for (size_t i = 0; i < src->count; i++)
    if (version_compare(src->items[i].version, h->through) <= 0)
      a->chosen[i] = 1;
  return rc;
}

static int refuse_failed(const struct adoption *a, struct strata_error *err) {
  if (a->old.failed == NULL)
    return 0;
  return strata__error_set(err, STRATA_EFAILED,
                           "%s's history table '%s' says migration %s failed "
                           "part way; %s, then adopt again",
                           a->tool->name, a->table, a->old.failed,
                           a->tool->fix ? a->tool->fix
                                        : "finish or undo it by hand");
}

static int refuse_missing(const struct adoption *a, struct strata_error *err) {
  if (a->missing_count == 0)
    return 0;
  const char *dir = a->s->source.dir ? a->s->source.dir : "the source";
  char more[48] = "";
  if (a->missing_count > LISTED)
    snprintf(more, sizeof more, " and %d more", a->missing_count - LISTED);
  return strata__error_set(
      err, STRATA_ENOTFOUND,
      "%d version%s applied by %s ha%s no migration file in '%s': %s%s; "
      "point --dir at the folder that holds them, or restore the files, "
      "then adopt again",
      a->missing_count, a->missing_count == 1 ? "" : "s", a->tool->name,
      a->missing_count == 1 ? "s" : "ve", dir, a->missing.data, more);
}

/* Versions strata's history holds already are not recorded again; one it
 * holds as failed or unfinished is for strata's own recovery first. */
static int skip_recorded(struct adoption *a, const struct history *h,
                         struct strata_error *err) {
  const struct source *src = &a->s->source;
  for (size_t i = 0; i < h->count; i++) {
    const struct history_row *row = &h->rows[i];
    const struct migration *m = source_find(src, row->version);
    if (m == NULL || !a->chosen[m - src->items])
      continue;
    if (row->state != HISTORY_APPLIED)
      return strata__error_set(err, STRATA_EFAILED,
                               "strata's history holds %s_%s as %s; finish it "
                               "with 'strata up --resume' or 'strata repair' "
                               "before adopting",
                               row->version, row->name,
                               history_state_name(row->state));
    a->chosen[m - src->items] = 0;
    a->already++;
  }
  return 0;
}

/* ---- recording ---------------------------------------------------------- */

static void say(const struct adoption *a, const char *fmt, const char *what,
                const char *name) {
  char line[1200];
  snprintf(line, sizeof line, fmt, a->opt->dry_run ? "would " : "", what, name);
  session_notice(a->s, line);
}

static int record_chosen(struct adoption *a, struct strata_error *err) {
  const struct source *src = &a->s->source;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < src->count; i++) {
    const struct migration *m = &src->items[i];
    if (!a->chosen[i])
      continue;
    say(a,
        version_is_repeatable(m->version) ? "%srecord %s as applied"
                                          : "%srecord %s_%s as applied",
        m->version, m->name);
    a->recorded++;
    if (!a->opt->dry_run)
      rc = history_record_applied(a->s, m->version, m->name, m->checksum, 0, 0,
                                  err);
  }
  return rc;
}

/* Repeatables whose text changed since Flyway ran them are not recorded:
 * 'strata up' runs them again, as Flyway's next migrate would have. */
static void tell_pending(const struct adoption *a) {
  const struct source *src = &a->s->source;
  for (size_t i = 0; i < src->count; i++)
    if (a->pending[i])
      say(a,
          "%sleave %s pending: it changed since %s last ran it, so "
          "'strata up' runs it again",
          src->items[i].version, a->tool->name);
}

/* Records in one transaction, so an adoption is whole or not at all. */
static int record(struct adoption *a, struct strata_error *err) {
  struct strata *s = a->s;
  int rc = a->opt->dry_run ? 0 : s->driver->begin(s->conn, err);
  if (rc == 0)
    rc = record_chosen(a, err);
  if (a->opt->dry_run)
    return rc;
  if (rc == 0)
    return s->driver->commit(s->conn, err);
  struct strata_error ignored;
  s->driver->rollback(s->conn, &ignored);
  return rc;
}

static int read_old(struct adoption *a, struct strata_error *err) {
  char *sql = strata__asprintf(a->tool->query, a->table);
  if (sql == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  a->old.err = err;
  int rc = a->s->driver->query(a->s->conn, sql, NULL, 0, a->tool->read, &a->old,
                               err);
  free(sql);
  return rc;
}

static int adopt_locked(struct adoption *a, struct strata_error *err) {
  struct history h = {0};
  int rc = choose_tool(a->s, a->opt, &a->tool, &a->table, err);
  if (rc == 0)
    rc = read_old(a, err);
  if (rc == 0)
    rc = refuse_failed(a, err);
  if (rc == 0)
    rc = choose_versions(a, err);
  if (rc == 0)
    rc = refuse_missing(a, err);
  if (rc == 0 && !a->opt->dry_run)
    rc = history_ensure(a->s, err);
  if (rc == 0)
    rc = history_read(a->s, &h, err);
  if (rc == 0)
    rc = skip_recorded(a, &h, err);
  if (rc == 0)
    rc = record(a, err);
  if (rc == 0)
    tell_pending(a);
  history_release(&h);
  return rc;
}

static void adoption_release(struct adoption *a) {
  for (size_t i = 0; i < a->old.count; i++) {
    free(a->old.versions[i].version);
    free(a->old.versions[i].checksum);
  }
  free(a->old.versions);
  free(a->old.through);
  free(a->old.failed);
  strbuf_release(&a->missing);
  free(a->chosen);
  free(a->pending);
}

void strata_adopt_options_init(struct strata_adopt_options *opt) {
  memset(opt, 0, sizeof *opt);
}

static int adopt(struct adoption *a, struct strata_error *err) {
  struct strata *s = a->s;
  int locked = 0;
  int rc = session_source(s, err);
  if (rc == 0 && !a->opt->dry_run && s->driver->lock) {
    rc = s->driver->lock(s->conn, s->table, (int)s->lock_timeout_ms, err);
    locked = rc == 0;
  }
  if (rc == 0)
    rc = adopt_locked(a, err);
  if (locked) {
    struct strata_error ignored;
    s->driver->unlock(s->conn, s->table, &ignored);
  }
  return rc;
}

int strata_adopt(struct strata *s, const struct strata_adopt_options *opt,
                 struct strata_adopt_result *result, struct strata_error *err) {
  struct strata_adopt_options defaults;
  strata_adopt_options_init(&defaults);
  struct adoption a = {.s = s, .opt = opt ? opt : &defaults};
  strbuf_init(&a.missing);
  strata_error_clear(err);
  int rc = adopt(&a, err);
  *result = (struct strata_adopt_result){
      .tool = a.tool ? a.tool->name : NULL,
      .table = a.table,
      .recorded = rc == 0 ? a.recorded : 0,
      .already = a.already};
  adoption_release(&a);
  return rc;
}
