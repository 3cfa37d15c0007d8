/*
 * embed.c - a program that migrates a database with libstrata, built
 * against an installed strata with pkg-config only:
 *
 *   cc -o embed embed.c $(pkg-config --cflags --libs strata)
 *   ./embed sqlite:app.db
 *
 * It applies its two migrations, held in memory, to the database the URL
 * names (an in-memory SQLite database by default) and prints the state of
 * each.  The installed drivers are found in strata's pkglibdir, or in
 * STRATA_PLUGIN_PATH.
 */
#include <stdio.h>
#include <strata/strata.h>

static const struct strata_migration_def migrations[] = {
    {"1", "create_users",
     "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);",
     "DROP TABLE users;"},
    {"2", "seed_admin", "INSERT INTO users (email) VALUES ('admin@example.com');",
     "DELETE FROM users;"},
};

static int migrate(struct strata *s, struct strata_error *err) {
  struct strata_status *status = NULL;
  int rc = strata_use_memory_source(s, migrations, 2, err);
  if (rc == 0)
    rc = strata_up(s, NULL, err);
  if (rc == 0)
    rc = strata_status(s, &status, err);
  for (size_t i = 0; rc == 0 && i < status->count; i++) {
    const struct strata_status_entry *m = &status->entries[i];
    printf("%s %s %s\n", m->version, m->name, strata_state_name(m->state));
  }
  strata_status_free(status);
  return rc;
}

int main(int argc, char **argv) {
  struct strata_config cfg;
  struct strata_error err;
  struct strata *s = NULL;
  int rc;

  strata_config_init(&cfg);
  strata_config_set(&cfg, "url", argc > 1 ? argv[1] : "sqlite::memory:");
  rc = strata_open(&cfg, NULL, NULL, &s, &err);
  if (rc == 0)
    rc = migrate(s, &err);
  if (rc != 0)
    fprintf(stderr, "embed: %s\n", err.message);
  strata_free(s);
  strata_config_release(&cfg);
  return rc == 0 ? 0 : 1;
}
