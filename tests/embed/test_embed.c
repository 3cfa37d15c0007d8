/*
 * test_embed.c - a program that embeds libstrata, as a user's test suite
 * would: it migrates an in-memory SQLite database from migrations held in
 * memory, using only strata.h.
 *
 * What the database holds is checked through later migrations whose success
 * or failure depends on it (an INSERT into a table that must exist, a
 * duplicate that a unique index must refuse).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strata/strata.h>
#include <unistd.h>

#include "tap.h"

static const struct strata_migration_def base[] = {
    {"1", "create_users",
     "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n"
     "CREATE UNIQUE INDEX users_email ON users (email);\n",
     "DROP TABLE users;"},
    {"2", "seed", "INSERT INTO users (email) VALUES ('a@example.com');",
     "DELETE FROM users;"},
};

static int events_seen;

static void count_events(void *ctx, const struct strata_event *ev) {
  if (ev->kind == STRATA_EVENT_MIGRATION_END)
    events_seen++;
}

static struct strata *open_memory(struct strata_config *cfg) {
  struct strata_error err;
  struct strata *s = NULL;
  strata_config_init(cfg);
  strata_config_set(cfg, "url", "sqlite::memory:");
  int rc = strata_open(cfg, count_events, NULL, &s, &err);
  is_int(rc, 0, "strata_open(sqlite::memory:) succeeds: %s", err.message);
  return s;
}

static size_t applied_count(struct strata *s) {
  struct strata_status *st = NULL;
  struct strata_error err;
  if (strata_status(s, &st, &err) != 0)
    return (size_t)-1;
  size_t n = st->applied;
  strata_status_free(st);
  return n;
}

static void test_up_and_down(struct strata *s) {
  struct strata_error err;
  is_int(strata_use_memory_source(s, base, 2, &err), 0, "memory source loads");
  is_int(strata_up(s, NULL, &err), 0, "up applies both: %s", err.message);
  is_int(events_seen, 2, "two migrations reported as done");
  is_int(applied_count(s), 2, "status: 2 applied");

  struct strata_run_options opt;
  strata_run_options_init(&opt);
  opt.all = 1;
  is_int(strata_down(s, &opt, &err), 0, "down --all reverts: %s", err.message);
  is_int(applied_count(s), 0, "status: 0 applied");
  is_int(strata_up(s, NULL, &err), 0, "up again: %s", err.message);
}

static void test_schema_is_real(struct strata *s) {
  static const struct strata_migration_def more[] = {
      base[0],
      base[1],
      {"3", "second_user", "INSERT INTO users (email) VALUES ('b@x.org');",
       NULL},
      {"4", "duplicate", "INSERT INTO users (email) VALUES ('a@example.com');",
       NULL},
  };
  struct strata_error err;
  strata_use_memory_source(s, more, 4, &err);
  struct strata_run_options opt;
  strata_run_options_init(&opt);
  opt.count = 1;
  is_int(strata_up(s, &opt, &err), 0, "an insert into users works");
  int rc = strata_up(s, NULL, &err);
  is_int(rc, STRATA_ESQL, "the unique index refuses the seeded email again");
  ok(strstr(err.message, "UNIQUE") != NULL, "the error says why: %s",
     err.message);
  is_str(err.file, "4_duplicate", "the error names the migration");
  is_int(applied_count(s), 3, "the failed migration is not recorded");
}

/* The lint findings a run told, as "file:rule:severity" lines. */
struct findings {
  char text[1024];
  int count;
};

static void collect_findings(void *ctx, const struct strata_event *ev) {
  struct findings *f = ctx;
  if (ev->kind != STRATA_EVENT_LINT_FINDING)
    return;
  size_t n = strlen(f->text);
  snprintf(f->text + n, sizeof f->text - n, "%s:%s:%s\n", ev->finding->file,
           ev->finding->rule, strata_lint_severity_name(ev->finding->severity));
  f->count++;
}

static const struct strata_migration_def risky[] = {
    {"1", "things", "CREATE TABLE things (id INTEGER PRIMARY KEY, n TEXT);",
     "DROP TABLE things;"},
    {"2", "code", "ALTER TABLE things ADD COLUMN code TEXT NOT NULL;", NULL},
};

static struct strata *open_linting(const char *mode, struct findings *f) {
  struct strata_config cfg;
  struct strata_error err;
  struct strata *s = NULL;
  strata_config_init(&cfg);
  strata_config_set(&cfg, "url", "sqlite::memory:");
  strata_config_set(&cfg, "lint", mode);
  memset(f, 0, sizeof *f);
  int rc = strata_open(&cfg, collect_findings, f, &s, &err);
  strata_config_release(&cfg);
  is_int(rc, 0, "strata_open with lint = %s: %s", mode, err.message);
  if (s != NULL && strata_use_memory_source(s, risky, 2, &err) != 0)
    ok(0, "the risky migrations load: %s", err.message);
  return s;
}

/* lint = error stops up before anything runs; only the steps about to run
 * are reported; lint = warn tells and goes on. */
static void test_lint_before_up(void) {
  struct findings f;
  struct strata_error err;
  struct strata *s = open_linting("error", &f);
  if (s == NULL)
    return;
  is_int(strata_up(s, NULL, &err), STRATA_ELINT,
         "lint = error: up fails with STRATA_ELINT");
  ok(strstr(err.message, "lint found 1 error") != NULL, "saying so: %s",
     err.message);
  ok(strstr(f.text, "2_code:alter-rebuild:error\n") != NULL,
     "the finding reached the event callback: %s", f.text);
  is_int(applied_count(s), 0, "nothing was applied");
  struct strata_run_options opt;
  strata_run_options_init(&opt);
  opt.to_version = "1";
  memset(&f, 0, sizeof f);
  is_int(strata_up(s, &opt, &err), 0, "up to 1 passes the lint: %s",
         err.message);
  ok(strstr(f.text, "2_code") == NULL, "2, not about to run, is not reported");
  is_int(applied_count(s), 1, "1 is applied");
  strata_free(s);

  s = open_linting("warn", &f);
  if (s == NULL)
    return;
  is_int(strata_up(s, NULL, &err), 0, "lint = warn: up runs: %s", err.message);
  ok(strstr(f.text, "2_code:alter-rebuild:error\n") != NULL,
     "and tells the finding: %s", f.text);
  is_int(applied_count(s), 2, "both are applied");
  strata_free(s);

  struct strata_config bad;
  strata_config_init(&bad);
  strata_config_set(&bad, "url", "sqlite::memory:");
  strata_config_set(&bad, "lint", "sometimes");
  is_int(strata_open(&bad, NULL, NULL, &s, &err), STRATA_EINVAL,
         "an unknown lint mode is refused at open: %s", err.message);
  strata_config_release(&bad);
}

/* A session keeps its own copy of the settings: the caller changes and
 * frees its config right after strata_open(), and the session still uses
 * the history table it was opened with (migration 2 reads it by name). */
static void test_config_is_the_sessions_own(void) {
  static const struct strata_migration_def defs[] = {
      {"1", "t", "CREATE TABLE t (id INTEGER PRIMARY KEY);", NULL},
      {"2", "seen", "CREATE TABLE seen AS SELECT count(*) AS n FROM embed_log;",
       NULL},
  };
  struct strata_config cfg, other;
  struct strata_error err;
  struct strata *s = NULL;
  strata_config_init(&cfg);
  strata_config_set(&cfg, "url", "sqlite::memory:");
  strata_config_set(&cfg, "table", "embed_log");
  strata_config_set(&cfg, "dir", "no/such/folder");
  is_int(strata_open(&cfg, NULL, NULL, &s, &err), 0,
         "strata_open with table = embed_log: %s", err.message);
  strata_config_set(&cfg, "table", "changed_log");
  strata_config_set(&cfg, "lint", "sometimes");
  strata_config_release(&cfg);
  strata_config_init(&other);
  strata_config_set(&other, "table", "other_log");
  if (s == NULL)
    return;
  strata_use_memory_source(s, defs, 2, &err);
  is_int(strata_up(s, NULL, &err), 0,
         "after the caller changed and freed its config, up still works "
         "with embed_log: %s",
         err.message);
  is_int(applied_count(s), 2, "both are recorded");
  strata_free(s);
  strata_config_release(&other);
}

static int count_difference(void *ctx, const struct strata_difference *d) {
  (void)d;
  (*(int *)ctx)++;
  return 0;
}

/* The schema in portable terms, as diff --neutral compares it. */
static void test_neutral_form(struct strata *s) {
  struct strata_schema *n = NULL;
  struct strata_error err;
  is_int(strata_schema_neutral(s, &n, &err), 0, "the neutral form is read: %s",
         err.message);
  if (n == NULL)
    return;
  is_str(n->engine, "portable", "its engine is portable");
  const struct strata_table *users = NULL;
  for (size_t i = 0; i < n->table_count; i++)
    if (strcmp(n->tables[i]->name, "users") == 0)
      users = n->tables[i];
  ok(users != NULL && users->column_count == 2, "users has its two columns");
  if (users != NULL && users->column_count == 2) {
    is_str(users->columns[0]->type_text, "integer", "INTEGER is integer");
    is_str(users->columns[1]->type_text, "text", "TEXT is text");
    ok(users->unique_count == 1 && users->index_count == 0 &&
           strcmp(users->uniques[0]->name, "users_email") == 0,
       "the unique index is a unique key");
  }
  strata_schema_free(n);
  int count = 0;
  is_int(strata_schema_diff_neutral(s, s, count_difference, &count, &err), 0,
         "a database is the same as itself in portable terms: %s", err.message);
  is_int(count, 0, "no difference is reported");
}

static int count_rule(void *ctx, const struct strata_difference *d,
                      const char *portable) {
  (void)d;
  (void)portable;
  (*(int *)ctx)++;
  return 0;
}

/* -v: a database compared with itself has nothing a rule made equal. */
static void test_rules(struct strata *s) {
  struct strata_error err;
  int count = 0;
  is_int(strata_schema_diff_neutral_rules(s, s, count_difference, count_rule,
                                          &count, &err),
         0, "the rules of a comparison are read: %s", err.message);
  is_int(count, 0, "and there are none between a database and itself");
}

/* One migration, run on two SQLite files by strata_verify_engines(). */
static void test_verify_engines(void) {
  char dir[] = "/tmp/strata_embed_XXXXXX", path[256], a[300], b[300];
  if (mkdtemp(dir) == NULL) {
    ok(0, "a folder to work in");
    return;
  }
  snprintf(path, sizeof path, "%s/1_t.up.sql", dir);
  FILE *f = fopen(path, "w");
  if (f == NULL) {
    ok(0, "a migration file in %s", dir);
    return;
  }
  fputs("CREATE TABLE t (id INTEGER PRIMARY KEY);\n", f);
  fclose(f);
  snprintf(a, sizeof a, "sqlite:%s/a.db", dir);
  snprintf(b, sizeof b, "sqlite:%s/b.db", dir);
  struct strata_config cfg;
  strata_config_init(&cfg);
  strata_config_set(&cfg, "dir", dir);
  const char *urls[] = {a, b};
  struct strata_engines_report *r = NULL;
  struct strata_error err;
  is_int(strata_verify_engines(&cfg, urls, 1, NULL, NULL, &r, &err),
         STRATA_EINVAL, "one database is not enough");
  ok(r == NULL, "and no report is made");
  is_int(strata_verify_engines(&cfg, urls, 2, NULL, NULL, &r, &err), 0,
         "two SQLite files are checked: %s", err.message);
  ok(r != NULL && r->ok && r->count == 1 && r->checked == 1 &&
         r->version == NULL && r->difference_count == 0,
     "the one version is the same on both");
  strata_engines_report_free(r);
  strata_config_release(&cfg);
  for (const char *name = "1_t.up.sql\0a.db\0b.db\0"; *name;
       name += strlen(name) + 1) {
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
  }
  rmdir(dir);
}

/* The file's bytes, to see that nothing changed it. */
static long file_bytes(const char *path, char *out, size_t size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return -1;
  long n = (long)fread(out, 1, size, f);
  fclose(f);
  return n;
}

/* One SQLite file named two ways is one database; strata_port() refuses
 * to copy it into itself and leaves it as it was. */
static void test_same_database(void) {
  char dir[] = "/tmp/strata_embed_XXXXXX", file[256], link_path[256];
  char plain[300], dotted[300], linked[300], other[300], before[65536],
      after[65536];
  if (mkdtemp(dir) == NULL) {
    ok(0, "a folder to work in");
    return;
  }
  snprintf(file, sizeof file, "%s/src.db", dir);
  snprintf(link_path, sizeof link_path, "%s/link.db", dir);
  snprintf(plain, sizeof plain, "sqlite:%s", file);
  snprintf(dotted, sizeof dotted, "sqlite3://%s/./src.db", dir);
  snprintf(linked, sizeof linked, "sqlite:%s", link_path);
  snprintf(other, sizeof other, "sqlite:%s/other.db", dir);
  struct strata_config cfg;
  struct strata *s = NULL;
  struct strata_error err;
  strata_config_init(&cfg);
  strata_config_set(&cfg, "url", plain);
  if (strata_open(&cfg, NULL, NULL, &s, &err) == 0)
    strata_use_memory_source(s, base, 1, &err);
  ok(s != NULL && strata_up(s, NULL, &err) == 0, "a source with a table: %s",
     err.message);
  strata_free(s);
  ok(symlink("src.db", link_path) == 0, "a link to it");
  ok(strata_same_database(&cfg, plain, NULL, dotted, NULL),
     "another spelling and scheme of the file is the same database");
  ok(strata_same_database(&cfg, plain, NULL, linked, "public"),
     "so is a link to it, in the default schema");
  ok(!strata_same_database(&cfg, plain, NULL, other, NULL),
     "another file is not");
  ok(!strata_same_database(&cfg, plain, NULL, plain, "other"),
     "nor is another schema");
  long size = file_bytes(file, before, sizeof before);
  struct strata_port_options opt;
  strata_port_options_init(&opt);
  opt.from_url = plain;
  opt.to_url = linked;
  opt.data_only = 1;
  is_int(strata_port(&cfg, &opt, &err), STRATA_ESAME,
         "a port into itself is refused");
  ok(strstr(err.message, "the same database") != NULL, "saying so: %s",
     err.message);
  ok(size > 0 && file_bytes(file, after, sizeof after) == size &&
         memcmp(before, after, (size_t)size) == 0,
     "and the file is as it was");
  strata_config_release(&cfg);
  unlink(link_path);
  unlink(file);
  rmdir(dir);
}

int main(void) {
  STRATA_USE_PRELOADED_PLUGINS();
  struct strata_config cfg;
  struct strata *s = open_memory(&cfg);
  if (s != NULL) {
    is_str(strata_driver_name(s), "sqlite", "the sqlite driver serves it");
    test_up_and_down(s);
    test_schema_is_real(s);
    test_neutral_form(s);
    test_rules(s);
    strata_free(s);
  }
  test_lint_before_up();
  test_config_is_the_sessions_own();
  test_verify_engines();
  test_same_database();
  strata_config_release(&cfg);
  return done_testing();
}
