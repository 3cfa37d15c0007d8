/*
 * loader.c - the plugin registry, filled through libltdl.
 */
#include "loader.h"

#include <ltdl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#ifndef STRATA_PKGLIBDIR
#define STRATA_PKGLIBDIR "/usr/local/lib/strata"
#endif

#define MODULE_PREFIX "driver_"

struct plugin_entry {
  struct plugin_entry *next;
  lt_dlhandle handle;
  char *origin;                /* "built-in" or the module's file */
  char *problem;               /* why it was refused, or NULL */
  struct strata_driver driver; /* zero-padded copy; valid when !problem */
};

static struct plugin_entry *registry;
static const struct strata_preloaded_symbol *preloaded_table;
static int ltdl_ready;
static int searched_path;

void strata_use_preloaded_plugins(const struct strata_preloaded_symbol *table) {
  preloaded_table = table;
}

static int registry_has_handle(lt_dlhandle handle) {
  for (struct plugin_entry *e = registry; e; e = e->next)
    if (e->handle == handle)
      return 1;
  return 0;
}

/* The problem with a plugin's header, or NULL when it is acceptable. */
static char *plugin_problem(const struct strata_plugin *p, const char *file) {
  if (p == NULL)
    return strata__asprintf("'%s' has no strata_plugin_entry function", file);
  if (p->abi_version != STRATA_PLUGIN_ABI_VERSION)
    return strata__asprintf(
        "plugin '%s' was built for strata plugin ABI %u, but this strata "
        "speaks ABI %u: rebuild the plugin against this strata's headers",
        file, p->abi_version, (unsigned)STRATA_PLUGIN_ABI_VERSION);
  if (p->kind != STRATA_PLUGIN_DRIVER)
    return strata__asprintf("plugin '%s' is not a driver (kind %d)", file,
                            (int)p->kind);
  if (p->name == NULL || p->struct_size < offsetof(struct strata_driver, lock))
    return strata__asprintf("plugin '%s' has a malformed driver table", file);
  return NULL;
}

/* Adds a just-opened module to the registry, checked. */
static void registry_add(lt_dlhandle handle, const char *origin) {
  struct plugin_entry *e = calloc(1, sizeof *e);
  if (e == NULL)
    return;
  e->handle = handle;
  e->origin = strata__strdup(origin);
  strata_plugin_entry_fn entry =
      (strata_plugin_entry_fn)lt_dlsym(handle, STRATA_PLUGIN_ENTRY_SYMBOL);
  const struct strata_plugin *p = entry ? entry() : NULL;
  e->problem = plugin_problem(p, origin);
  if (e->problem == NULL) {
    size_t n =
        p->struct_size < sizeof e->driver ? p->struct_size : sizeof e->driver;
    memcpy(&e->driver, p, n);
  }
  e->next = registry;
  registry = e;
}

static int add_preloaded(lt_dlhandle handle) {
  if (!registry_has_handle(handle))
    registry_add(handle, "built-in");
  return 0;
}

static void search_path_set(const char *plugin_path) {
  struct strbuf path;
  strbuf_init(&path);
  const char *env = getenv("STRATA_PLUGIN_PATH");
  const char *user = plugin_path && *plugin_path ? plugin_path : env;
  if (user && *user)
    strbuf_appendf(&path, "%s%c", user, LT_PATHSEP_CHAR);
  strbuf_appendf(&path, "%s", STRATA_PKGLIBDIR);
  lt_dlsetsearchpath(path.data);
  strbuf_release(&path);
}

static int loader_init(const char *plugin_path, struct strata_error *err) {
  if (ltdl_ready)
    return 0;
  if (lt_dlinit() != 0)
    return strata__error_set(err, STRATA_EPLUGIN,
                             "cannot start the plugin loader: %s",
                             lt_dlerror());
  ltdl_ready = 1;
  search_path_set(plugin_path);
  if (preloaded_table != NULL) {
    lt_dlpreload((const lt_dlsymlist *)preloaded_table);
    lt_dlpreload_open("@PROGRAM@", add_preloaded);
  }
  return 0;
}

/* Opens a module file found on the search path, unless already loaded. */
static void open_module(const char *file) {
  lt_dladvise advise;
  if (lt_dladvise_init(&advise) != 0)
    return;
  lt_dladvise_ext(&advise);
  lt_dladvise_local(&advise);
  lt_dlhandle handle = lt_dlopenadvise(file, advise);
  lt_dladvise_destroy(&advise);
  if (handle == NULL || registry_has_handle(handle))
    return;
  const lt_dlinfo *info = lt_dlgetinfo(handle);
  registry_add(handle, info && info->filename ? info->filename : file);
}

static int consider_file(const char *file, void *unused) {
  const char *base = strrchr(file, '/');
  base = base ? base + 1 : file;
  if (strncmp(base, MODULE_PREFIX, strlen(MODULE_PREFIX)) == 0)
    open_module(file);
  return 0;
}

/* Loads every driver module on the search path, once. */
static void load_search_path(void) {
  if (searched_path)
    return;
  searched_path = 1;
  lt_dlforeachfile(lt_dlgetsearchpath(), consider_file, NULL);
}

static int driver_has_scheme(const struct strata_driver *d,
                             const char *scheme) {
  for (const char *const *s = d->schemes; s && *s; s++)
    if (strcmp(*s, scheme) == 0)
      return 1;
  return 0;
}

static const struct strata_driver *registry_find(const char *scheme) {
  for (struct plugin_entry *e = registry; e; e = e->next)
    if (e->problem == NULL && driver_has_scheme(&e->driver, scheme))
      return &e->driver;
  return NULL;
}

static void list_known_schemes(struct strbuf *out) {
  for (struct plugin_entry *e = registry; e; e = e->next) {
    if (e->problem != NULL || e->driver.schemes == NULL)
      continue;
    strbuf_appendf(out, "%s%s", out->len ? ", " : "", e->driver.schemes[0]);
  }
}

/* A refused plugin that would have served scheme, for a better message. */
static const struct plugin_entry *refused_for(const char *scheme) {
  for (struct plugin_entry *e = registry; e; e = e->next) {
    const char *base = strrchr(e->origin, '/');
    base = base ? base + 1 : e->origin;
    if (e->problem &&
        strncmp(base, MODULE_PREFIX, strlen(MODULE_PREFIX)) == 0 &&
        strncmp(base + strlen(MODULE_PREFIX), scheme, strlen(scheme)) == 0)
      return e;
  }
  return NULL;
}

int loader_find_driver(const char *scheme, const char *plugin_path,
                       const struct strata_driver **out,
                       struct strata_error *err) {
  *out = NULL;
  int rc = loader_init(plugin_path, err);
  if (rc != 0)
    return rc;
  if ((*out = registry_find(scheme)) != NULL)
    return 0;
  load_search_path();
  if ((*out = registry_find(scheme)) != NULL)
    return 0;
  const struct plugin_entry *refused = refused_for(scheme);
  if (refused != NULL)
    return strata__error_set(err, STRATA_EPLUGIN, "%s", refused->problem);
  struct strbuf known;
  strbuf_init(&known);
  list_known_schemes(&known);
  if (known.len > 0)
    strata__error_set(err, STRATA_EPLUGIN,
                      "no driver for '%s:' URLs; this strata has drivers for "
                      "%s (see 'strata drivers')",
                      scheme, known.data);
  else
    strata__error_set(err, STRATA_EPLUGIN,
                      "no driver for '%s:' URLs: no driver plugin was found "
                      "in '%s'; set STRATA_PLUGIN_PATH to the folder that "
                      "holds them, or reinstall strata",
                      scheme, lt_dlgetsearchpath());
  strbuf_release(&known);
  return STRATA_EPLUGIN;
}

static void capability_words(unsigned caps, char *out, size_t n) {
  static const struct {
    unsigned bit;
    const char *word;
  } words[] = {
      {STRATA_CAP_TRANSACTIONAL_DDL, "transactional-ddl"},
      {STRATA_CAP_SESSION_LOCK, "session-lock"},
      {STRATA_CAP_CREATE_DATABASE, "create-database"},
      {STRATA_CAP_INTROSPECTION, "introspection"},
      {STRATA_CAP_BULK_LOAD, "bulk-load"},
  };
  out[0] = '\0';
  size_t used = 0;
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    if (!(caps & words[i].bit) || used >= n)
      continue;
    used += (size_t)snprintf(out + used, n - used, "%s%s", used ? " " : "",
                             words[i].word);
  }
}

int loader_list(const char *plugin_path, strata_plugin_fn each, void *ctx,
                struct strata_error *err) {
  int rc = loader_init(plugin_path, err);
  if (rc != 0)
    return rc;
  load_search_path();
  for (struct plugin_entry *e = registry; e; e = e->next) {
    char caps[128];
    struct strata_plugin_info info = {0};
    info.origin = e->origin;
    info.problem = e->problem;
    if (e->problem == NULL) {
      capability_words(e->driver.capabilities, caps, sizeof caps);
      info.name = e->driver.plugin.name;
      info.kind = "driver";
      info.description = e->driver.plugin.description;
      info.version = e->driver.plugin.version;
      info.abi_version = e->driver.plugin.abi_version;
      info.schemes = e->driver.schemes;
      info.capabilities = caps;
    }
    each(ctx, &info);
  }
  return 0;
}
