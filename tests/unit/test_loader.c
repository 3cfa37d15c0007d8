/*
 * test_loader.c - the plugin registry: drivers found by name and by
 * scheme, zero-padded copies as long as the caller asks, every plugin of a
 * kind, a clear error for a plugin that is not there, and the same answer
 * to threads that ask at once.  The drivers come from this build tree (or
 * are linked in, in a build without shared libraries).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "tap.h"

enum { THREADS = 8 };

static const struct strata_driver *found_by[THREADS];
static int rc_of[THREADS];

static void *find_sqlite(void *arg) {
  int i = (int)(size_t)arg;
  struct strata_error err;
  rc_of[i] = loader_find_driver("sqlite3", NULL, &found_by[i], &err);
  return NULL;
}

static void threads_share_one_registry(void) {
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++)
    pthread_create(&t[i], NULL, find_sqlite, (void *)(size_t)i);
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], NULL);
  int same = 1;
  for (int i = 0; i < THREADS; i++)
    same = same && rc_of[i] == 0 && found_by[i] == found_by[0];
  ok(same && found_by[0] != NULL,
     "%d threads asking at once for the first time get one driver", THREADS);
}

struct padded {
  struct strata_driver driver;
  void *(*later_member)(void);
};

static void copies_are_padded(void) {
  struct strata_error err = {0};
  const struct strata_plugin *p = NULL;
  int rc = loader_find_plugin(STRATA_PLUGIN_DRIVER, "sqlite",
                              sizeof(struct padded), NULL, &p, &err);
  is_int(rc, 0, "the sqlite driver is found by name: %s", err.message);
  if (p == NULL)
    return;
  const struct padded *d = (const struct padded *)p;
  is_str(p->name, "sqlite", "its copy starts with its header");
  ok(d->driver.connect != NULL, "and holds its members");
  ok(d->later_member == NULL,
     "a member past the plugin's struct_size reads as NULL");
  const struct strata_driver *by_scheme = NULL;
  loader_find_driver("sqlite", NULL, &by_scheme, &err);
  ok(by_scheme != NULL && (const void *)by_scheme != (const void *)p,
     "a caller asking for another size gets its own copy");
}

static int count_plugin(void *ctx, const struct strata_plugin *p) {
  ++*(int *)ctx;
  return p->kind == STRATA_PLUGIN_DRIVER ? 0 : -1;
}

static int stop_at_first(void *ctx, const struct strata_plugin *p) {
  ++*(int *)ctx;
  return 7;
}

static void each_plugin_of_a_kind(void) {
  struct strata_error err;
  int n = 0, built = 0;
  const char *drivers = getenv("STRATA_DRIVERS");
  for (const char *w = drivers; w && *w; w += strcspn(w, " ")) {
    w += strspn(w, " ");
    built += *w != '\0';
  }
  int rc =
      loader_each_plugin(STRATA_PLUGIN_DRIVER, NULL, count_plugin, &n, &err);
  is_int(rc, 0, "each driver is visited");
  is_int(n, built, "once, every driver this build made ('%s')",
         drivers ? drivers : "");
  n = 0;
  rc = loader_each_plugin(STRATA_PLUGIN_DRIVER, NULL, stop_at_first, &n, &err);
  ok(rc == 7 && n == 1, "a non-zero return stops the walk and is returned");
}

static void skip_one(const char *why) {
  printf("ok %d # SKIP %s\n", ++tap_count, why);
}

static int add_name(void *ctx, const struct strata_plugin *p) {
  size_t n = strlen(ctx);
  snprintf((char *)ctx + n, 256 - n, "%s ", p->name);
  return 0;
}

#ifdef STRATA_HAVE_PRELOADED
/* Linked into the program, every rule set is in the registry and mapped
 * from the start: there is no module left closed to look for.  A lint run
 * still keeps to the rule sets whose engines include its own (core/lint.c). */
static void other_engines_stay_closed(char *names) {
  (void)names;
  skip_one("the plugins are linked in: every rule set is there from the "
           "start");
}
#else
/* Whether a shared object whose path holds name is mapped into this
 * process. */
static int mapped(const char *name) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[1024];
  int found = 0;
  while (f != NULL && !found && fgets(line, sizeof line, f) != NULL)
    found = strstr(line, name) != NULL;
  if (f != NULL)
    fclose(f);
  return found;
}

/* names holds the rule sets a walk for sqlite visited. */
static void other_engines_stay_closed(char *names) {
  struct strata_error err;
  ok(strstr(names, " postgres ") == NULL && strstr(names, " mysql ") == NULL,
     "no other engine's rule set is visited");
  ok(!mapped("lint_postgres") && !mapped("libpg_query") &&
         !mapped("lint_mysql"),
     "nor its module (or libpg_query) even mapped");
  names[1] = '\0';
  int rc = loader_each_lint_plugin("postgres", NULL, add_name, names, &err);
  ok(rc == 0 && strstr(names, " postgres ") && mapped("lint_postgres"),
     "asked for postgres, its rule set is loaded then:%s", names);
}
#endif

/* Runs before anything else asks for a lint plugin. */
static void lint_rule_sets_of_one_engine(void) {
  struct strata_error err;
  char names[256] = " ";
  int rc = loader_each_lint_plugin("sqlite", NULL, add_name, names, &err);
  is_int(rc, 0, "the lint rule sets for sqlite are visited: %s", err.message);
  ok(strstr(names, " sqlite ") && strstr(names, " conventions "),
     "sqlite's own and the engine-neutral conventions:%s", names);
  ok(loader_lint_module_wanted("sqlite", "sqlite"),
     "lint_sqlite is wanted on sqlite");
  ok(loader_lint_module_wanted("house_rules", "sqlite"),
     "a lint module named after no driver is taken as engine-neutral");
  const char *drivers = getenv("STRATA_DRIVERS");
  if (strstr(drivers, "postgres") == NULL) {
    skip_one("this build has no PostgreSQL driver");
    return;
  }
  ok(!loader_lint_module_wanted("postgres", "sqlite"),
     "lint_postgres, named after a driver, is not wanted on sqlite");
  other_engines_stay_closed(names);
}

static void missing_plugin(void) {
  struct strata_error err;
  const struct strata_plugin *p = (const void *)&err;
  int rc = loader_find_plugin(STRATA_PLUGIN_LAYOUT, "nosuch",
                              sizeof(struct strata_plugin), NULL, &p, &err);
  is_int(rc, STRATA_EPLUGIN, "a layout that is not there is an error");
  ok(p == NULL, "with *out set to NULL");
  ok(strstr(err.message, "no layout for 'nosuch'") != NULL,
     "naming the kind and the name: %s", err.message);
  rc = loader_find_plugin((enum strata_plugin_kind)42, "x",
                          sizeof(struct strata_plugin), NULL, &p, &err);
  is_int(rc, STRATA_EINVAL, "an unknown kind is refused");
}

int main(void) {
  const char *drivers = getenv("STRATA_DRIVERS");
  if (drivers == NULL || strstr(drivers, "sqlite") == NULL) {
    printf("1..0 # SKIP this build has no SQLite driver\n");
    return 0;
  }
#ifdef STRATA_HAVE_PRELOADED
  STRATA_USE_PRELOADED_PLUGINS();
#endif
  lint_rule_sets_of_one_engine();
  threads_share_one_registry();
  copies_are_padded();
  each_plugin_of_a_kind();
  missing_plugin();
  return done_testing();
}
