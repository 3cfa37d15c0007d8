/*
 * loader.c - the plugin registry, filled through libltdl.
 *
 * Two lists make the registry.  module_files holds the module files found
 * in the folders searched so far, not yet opened; plugins holds every
 * module opened (or that failed to open) and every preloaded one, each
 * with its checked table or the reason it was refused.  A module is opened
 * at most once: its module_file is marked tried.
 */
#include "loader.h"

#ifdef HAVE_DLFCN_H
#include <dlfcn.h>
#endif
#include <glob.h>
#include <limits.h>
#include <ltdl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#ifndef STRATA_PKGLIBDIR
#define STRATA_PKGLIBDIR "/usr/local/lib/strata"
#endif

/* How far above the program's folder a build tree's top may be: cli/strata
 * is one level down, tests/embed/test_embed two. */
#define BUILD_TREE_DEPTH 3

static const struct {
  enum strata_plugin_kind kind;
  const char *word;   /* as `strata drivers` shows it */
  const char *prefix; /* of its module files */
  size_t min_size;    /* the least struct_size a plugin may declare */
} kinds[] = {
    {STRATA_PLUGIN_DRIVER, "driver", "driver_",
     offsetof(struct strata_driver, lock)},
    {STRATA_PLUGIN_LAYOUT, "layout", "layout_", sizeof(struct strata_plugin)},
    {STRATA_PLUGIN_LINT, "lint", "lint_", sizeof(struct strata_plugin)},
    {STRATA_PLUGIN_PORTABLE, "portable", "portable_",
     sizeof(struct strata_portable_parser)},
};
#define KIND_COUNT (sizeof kinds / sizeof kinds[0])

/* A zero-padded copy of a plugin's struct, as long as one caller asked. */
struct plugin_copy {
  struct plugin_copy *next;
  size_t size;
  void *bytes;
};

struct plugin_entry {
  struct plugin_entry *next;
  lt_dlhandle handle;                 /* NULL when the module did not open */
  char *origin;                       /* "built-in" or the module's file */
  char *problem;                      /* why it was refused, or NULL */
  const struct strata_plugin *plugin; /* the module's table; NULL if refused */
  struct plugin_copy *copies;
};

/* A module file found on a folder searched, named <prefix><name>. */
struct module_file {
  struct module_file *next;
  char *folder;
  char *path; /* without extension, as libltdl lists it */
  char *name;
  size_t kind; /* index in kinds[] */
  int tried;
};

/* A folder already listed into module_files. */
struct scanned_folder {
  struct scanned_folder *next;
  char *path;
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct plugin_entry *plugins;
static struct module_file *module_files;
static struct scanned_folder *scanned;
static const struct strata_preloaded_symbol *preloaded_table;
static const struct strata_preloaded_symbol *preloaded_opened;
static int ltdl_ready;
static int build_tree_checked;
static char *build_tree_folders; /* LT_PATHSEP_CHAR-separated, or NULL */

void strata_use_preloaded_plugins(const struct strata_preloaded_symbol *table) {
  pthread_mutex_lock(&registry_lock);
  preloaded_table = table;
  pthread_mutex_unlock(&registry_lock);
}

/* ---- the registry --------------------------------------------------- */

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static int kind_index(enum strata_plugin_kind kind) {
  for (size_t i = 0; i < KIND_COUNT; i++)
    if (kinds[i].kind == kind)
      return (int)i;
  return -1;
}

static int registry_has_handle(lt_dlhandle handle) {
  for (struct plugin_entry *e = plugins; e; e = e->next)
    if (e->handle == handle)
      return 1;
  return 0;
}

/* The problem with a plugin's header, or NULL when it is acceptable.
 * want is the kind its file name says (-1 for a preloaded module). */
static char *plugin_problem(const struct strata_plugin *p, const char *file,
                            int want) {
  if (p == NULL)
    return strata__asprintf("'%s' has no strata_plugin_entry function", file);
  if (p->abi_version != STRATA_PLUGIN_ABI_VERSION)
    return strata__asprintf(
        "plugin '%s' was built for strata plugin ABI %u, but this strata "
        "speaks ABI %u: rebuild the plugin against this strata's headers",
        file, p->abi_version, (unsigned)STRATA_PLUGIN_ABI_VERSION);
  int k = kind_index(p->kind);
  if (k < 0)
    return strata__asprintf("plugin '%s' is of unknown kind %d", file,
                            (int)p->kind);
  if (want >= 0 && k != want)
    return strata__asprintf(
        "plugin '%s' is a %s plugin, but its file name says %s: name the "
        "module %s<name>",
        file, kinds[k].word, kinds[want].word, kinds[k].prefix);
  if (p->name == NULL || p->struct_size < kinds[k].min_size)
    return strata__asprintf("plugin '%s' has a malformed %s table", file,
                            kinds[k].word);
  return NULL;
}

static struct plugin_entry *registry_push(const char *origin, char *problem) {
  struct plugin_entry *e = calloc(1, sizeof *e);
  if (e == NULL) {
    free(problem);
    return NULL;
  }
  e->origin = strata__strdup(origin);
  e->problem = problem;
  e->next = plugins;
  plugins = e;
  return e;
}

/* Adds a just-opened module to the registry, checked. */
static struct plugin_entry *registry_add(lt_dlhandle handle, const char *origin,
                                         int want) {
  strata_plugin_entry_fn entry =
      (strata_plugin_entry_fn)lt_dlsym(handle, STRATA_PLUGIN_ENTRY_SYMBOL);
  const struct strata_plugin *p = entry ? entry() : NULL;
  struct plugin_entry *e =
      registry_push(origin, plugin_problem(p, origin, want));
  if (e == NULL)
    return NULL;
  e->handle = handle;
  if (e->problem == NULL)
    e->plugin = p;
  return e;
}

/* The copy of e's struct that is size bytes long, made on first request. */
static const struct strata_plugin *plugin_copy(struct plugin_entry *e,
                                               size_t size) {
  for (struct plugin_copy *c = e->copies; c; c = c->next)
    if (c->size == size)
      return c->bytes;
  struct plugin_copy *c = calloc(1, sizeof *c);
  void *bytes = calloc(1, size);
  if (c == NULL || bytes == NULL) {
    free(c);
    free(bytes);
    return NULL;
  }
  size_t n = e->plugin->struct_size < size ? e->plugin->struct_size : size;
  memcpy(bytes, e->plugin, n);
  c->size = size;
  c->bytes = bytes;
  c->next = e->copies;
  e->copies = c;
  return bytes;
}

/* ---- opening modules ------------------------------------------------ */

static int add_preloaded(lt_dlhandle handle) {
  if (!registry_has_handle(handle))
    registry_add(handle, "built-in", -1);
  return 0;
}

/* Starts libltdl once, and takes in the program's preloaded modules once
 * strata_use_preloaded_plugins() has named them.  Called with the lock. */
static int loader_ready(struct strata_error *err) {
  if (!ltdl_ready) {
    if (lt_dlinit() != 0)
      return strata__error_set(err, STRATA_EPLUGIN,
                               "cannot start the plugin loader: %s",
                               lt_dlerror());
    ltdl_ready = 1;
  }
  if (preloaded_table != NULL && preloaded_table != preloaded_opened) {
    preloaded_opened = preloaded_table;
    lt_dlpreload((const lt_dlsymlist *)preloaded_table);
    lt_dlpreload_open("@PROGRAM@", add_preloaded);
  }
  return 0;
}

/* The file a module path (without extension) stands for: its libtool
 * archive, else the shared object itself.  Opening that very file, rather
 * than letting libltdl try each extension, keeps the reason a module that
 * exists does not load (libltdl would report "file not found"). */
static char *module_file_name(const char *stem) {
  static const char *const exts[] = {".la", ".so", ".dylib", ".dll"};
  for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
    char *file = strata__asprintf("%s%s", stem, exts[i]);
    if (file && access(file, F_OK) == 0)
      return file;
    free(file);
  }
  return strata__strdup(stem);
}

/* Why a module that exists did not load.  libltdl tries each of its
 * loaders in turn and reports the last one's failure, which is "file not
 * found" from the preloaded-module loader; the system's loader, asked
 * again, gives the real reason (a missing library, an undefined symbol). */
static char *load_failure(const char *stem, const char *ltdl_reason) {
#ifdef HAVE_DLFCN_H
  char *so = strata__asprintf("%s.so", stem);
  if (so != NULL && access(so, F_OK) == 0) {
    void *module = dlopen(so, RTLD_LAZY | RTLD_LOCAL);
    if (module == NULL) {
      free(so);
      return strata__strdup(dlerror());
    }
    dlclose(module);
  }
  free(so);
#endif
  return strata__strdup(ltdl_reason ? ltdl_reason : "unknown error");
}

static struct plugin_entry *open_failed(const char *stem, const char *file,
                                        const char *ltdl_reason) {
  char *why = load_failure(stem, ltdl_reason);
  struct plugin_entry *e =
      registry_push(file, strata__asprintf("cannot load '%s': %s", file,
                                           why ? why : "out of memory"));
  free(why);
  return e;
}

/* Opens a module file, once, and registers what it holds.  Returns its
 * entry, or NULL when it was open already or memory ran out. */
static struct plugin_entry *open_module(struct module_file *m) {
  if (m->tried)
    return NULL;
  m->tried = 1;
  char *file = module_file_name(m->path);
  lt_dladvise advise;
  if (file == NULL || lt_dladvise_init(&advise) != 0) {
    free(file);
    return NULL;
  }
  lt_dladvise_local(&advise);
  lt_dlhandle handle = lt_dlopenadvise(file, advise);
  lt_dladvise_destroy(&advise);
  struct plugin_entry *e = NULL;
  if (handle == NULL)
    e = open_failed(m->path, file, lt_dlerror());
  else if (registry_has_handle(handle))
    lt_dlclose(handle);
  else
    e = registry_add(handle, file, (int)m->kind);
  free(file);
  return e;
}

/* ---- finding module files ------------------------------------------- */

/* A plugin name is letters, digits and '_': that leaves out the objects
 * libtool leaves beside a module (driver_x_la-conn.o). */
static int valid_name(const char *name) {
  if (*name == '\0')
    return 0;
  for (; *name; name++)
    if (!(*name == '_' || (*name >= 'a' && *name <= 'z') ||
          (*name >= 'A' && *name <= 'Z') || (*name >= '0' && *name <= '9')))
      return 0;
  return 1;
}

static void module_file_add(const char *folder, const char *path, size_t k,
                            const char *name) {
  struct module_file *m = calloc(1, sizeof *m);
  if (m == NULL)
    return;
  m->folder = strata__strdup(folder);
  m->path = strata__strdup(path);
  m->name = strata__strdup(name);
  m->kind = k;
  if (m->folder == NULL || m->path == NULL || m->name == NULL) {
    free(m->folder);
    free(m->path);
    free(m->name);
    free(m);
    return;
  }
  m->next = module_files;
  module_files = m;
}

/* Whether stem plus a module extension is a file (a folder named like a
 * module is not one). */
static int module_exists(const char *stem) {
  char *file = module_file_name(stem);
  struct stat st;
  int found = file && strcmp(file, stem) != 0 && stat(file, &st) == 0 &&
              S_ISREG(st.st_mode);
  free(file);
  return found;
}

/* libltdl hands each file of the folder once, its extension taken off. */
static int consider_file(const char *path, void *folder) {
  const char *base = base_name(path);
  for (size_t k = 0; k < KIND_COUNT; k++) {
    size_t n = strlen(kinds[k].prefix);
    if (strncmp(base, kinds[k].prefix, n) == 0 && valid_name(base + n) &&
        module_exists(path))
      module_file_add(folder, path, k, base + n);
  }
  return 0;
}

static void scan_folder(const char *folder) {
  for (struct scanned_folder *s = scanned; s; s = s->next)
    if (strcmp(s->path, folder) == 0)
      return;
  struct scanned_folder *s = calloc(1, sizeof *s);
  if (s == NULL || (s->path = strata__strdup(folder)) == NULL) {
    free(s);
    return;
  }
  s->next = scanned;
  scanned = s;
  lt_dlforeachfile(folder, consider_file, (void *)folder);
}

/* Appends the folders matching pattern (a glob) to path. */
static void append_glob(struct strbuf *path, const char *pattern) {
  glob_t g;
  if (glob(pattern, 0, NULL, &g) != 0)
    return;
  for (size_t i = 0; i < g.gl_pathc; i++)
    if (path->len)
      strbuf_appendf(path, "%c%s", LT_PATHSEP_CHAR, g.gl_pathv[i]);
    else
      strbuf_appendf(path, "%s", g.gl_pathv[i]);
  globfree(&g);
}

/* The module folders of the strata build tree the program runs from, or
 * NULL when it was installed.  A build tree is recognised by the
 * uninstalled core/libstrata.la at its top. */
static char *find_build_tree_folders(void) {
  char exe[PATH_MAX];
  if (realpath("/proc/self/exe", exe) == NULL)
    return NULL;
  for (int depth = 0; depth < BUILD_TREE_DEPTH; depth++) {
    char *slash = strrchr(exe, '/');
    if (slash == NULL || slash == exe)
      return NULL;
    *slash = '\0';
    char landmark[PATH_MAX + 32];
    snprintf(landmark, sizeof landmark, "%s/core/libstrata.la", exe);
    if (access(landmark, F_OK) != 0)
      continue;
    struct strbuf path;
    strbuf_init(&path);
    char pattern[PATH_MAX + 32];
    snprintf(pattern, sizeof pattern, "%s/drivers/*/.libs", exe);
    append_glob(&path, pattern);
    snprintf(pattern, sizeof pattern, "%s/plugins/*/.libs", exe);
    append_glob(&path, pattern);
    return path.data;
  }
  return NULL;
}

/* The folders searched, in order, separated by LT_PATHSEP_CHAR: the
 * caller's, then the build tree's or the installed pkglibdir. */
static char *search_path(const char *plugin_path) {
  if (!build_tree_checked) {
    build_tree_checked = 1;
    build_tree_folders = find_build_tree_folders();
  }
  const char *env = getenv("STRATA_PLUGIN_PATH");
  const char *user = plugin_path && *plugin_path ? plugin_path : env;
  const char *own = build_tree_folders && *build_tree_folders
                        ? build_tree_folders
                        : STRATA_PKGLIBDIR;
  if (user && *user)
    return strata__asprintf("%s%c%s", user, LT_PATHSEP_CHAR, own);
  return strata__strdup(own);
}

/* Calls fn on each folder of path, in order, until it returns non-zero. */
static int each_folder(const char *path, int (*fn)(const char *, void *),
                       void *ctx) {
  char *copy = strata__strdup(path);
  int rc = 0;
  if (copy == NULL)
    return 0;
  for (char *f = copy, *end; f && rc == 0; f = end ? end + 1 : NULL) {
    end = strchr(f, LT_PATHSEP_CHAR);
    if (end)
      *end = '\0';
    if (*f) {
      scan_folder(f);
      rc = fn(f, ctx);
    }
  }
  free(copy);
  return rc;
}

/* ---- matching ------------------------------------------------------- */

/* What a search looks for: a plugin of a kind, by name or URL scheme. */
struct wanted {
  size_t kind;
  const char *name;   /* opens only modules of this name; NULL: all */
  const char *scheme; /* for drivers: matches by scheme rather than name */
  struct plugin_entry *found;
};

static int driver_has_scheme(const struct strata_plugin *p,
                             const char *scheme) {
  const struct strata_driver *d = (const struct strata_driver *)p;
  for (const char *const *s = d->schemes; s && *s; s++)
    if (strcmp(*s, scheme) == 0)
      return 1;
  return 0;
}

static int entry_matches(const struct plugin_entry *e, const struct wanted *w) {
  if (e->plugin == NULL || e->plugin->kind != kinds[w->kind].kind)
    return 0;
  if (w->scheme)
    return driver_has_scheme(e->plugin, w->scheme);
  return w->name == NULL || strcmp(e->plugin->name, w->name) == 0;
}

static struct plugin_entry *registry_find(const struct wanted *w) {
  for (struct plugin_entry *e = plugins; e; e = e->next)
    if (entry_matches(e, w))
      return e;
  return NULL;
}

/* Opens the untried modules of folder that w may be in, until one holds
 * what w wants (returning 1). */
static int open_in_folder(const char *folder, void *ctx) {
  struct wanted *w = ctx;
  for (struct module_file *m = module_files; m; m = m->next) {
    if (m->kind != w->kind || strcmp(m->folder, folder) != 0 ||
        (w->name && strcmp(m->name, w->name) != 0))
      continue;
    struct plugin_entry *e = open_module(m);
    if (e && entry_matches(e, w)) {
      w->found = e;
      return 1;
    }
  }
  return 0;
}

/* The plugin w wants: in the registry, or from the first folder of path
 * that holds it. */
static struct plugin_entry *find_entry(struct wanted *w, const char *path) {
  struct plugin_entry *e = registry_find(w);
  if (e != NULL)
    return e;
  each_folder(path, open_in_folder, w);
  return w->found;
}

/* ---- errors --------------------------------------------------------- */

/* A module of that kind and name that failed to load or was refused. */
static const struct plugin_entry *refused_module(size_t k, const char *name) {
  for (struct plugin_entry *e = plugins; e; e = e->next) {
    const char *base = base_name(e->origin);
    size_t n = strlen(kinds[k].prefix), len = strlen(name);
    if (e->problem && strncmp(base, kinds[k].prefix, n) == 0 &&
        strncmp(base + n, name, len) == 0 &&
        (base[n + len] == '\0' || base[n + len] == '.'))
      return e;
  }
  return NULL;
}

/* "; 'file' did not load: reason" for each module of kind k with a
 * problem, so that "no such plugin" names what might have been it. */
static void append_problems(struct strbuf *out, size_t k) {
  for (struct plugin_entry *e = plugins; e; e = e->next)
    if (e->problem && strncmp(base_name(e->origin), kinds[k].prefix,
                              strlen(kinds[k].prefix)) == 0)
      strbuf_appendf(out, "; %s", e->problem);
}

static void list_known(struct strbuf *out, size_t k) {
  for (struct plugin_entry *e = plugins; e; e = e->next) {
    if (e->plugin == NULL || e->plugin->kind != kinds[k].kind)
      continue;
    const char *shown = e->plugin->name;
    if (kinds[k].kind == STRATA_PLUGIN_DRIVER) {
      const struct strata_driver *d = (const struct strata_driver *)e->plugin;
      if (d->schemes && d->schemes[0])
        shown = d->schemes[0];
    }
    strbuf_appendf(out, "%s%s", out->len ? ", " : "", shown);
  }
}

/* The error for a plugin of kind k named name (a scheme, for drivers)
 * that is not there. */
static int not_found(size_t k, const char *name, const char *path,
                     struct strata_error *err) {
  const struct plugin_entry *refused = refused_module(k, name);
  if (refused != NULL)
    return strata__error_set(err, STRATA_EPLUGIN, "%s", refused->problem);
  struct strbuf known, problems;
  strbuf_init(&known);
  strbuf_init(&problems);
  list_known(&known, k);
  append_problems(&problems, k);
  int driver = kinds[k].kind == STRATA_PLUGIN_DRIVER;
  if (known.len > 0)
    strata__error_set(err, STRATA_EPLUGIN,
                      "no %s for '%s%s; this strata has %ss for %s "
                      "(see 'strata drivers')%s",
                      kinds[k].word, name, driver ? ":' URLs" : "'",
                      kinds[k].word, known.data,
                      problems.len ? problems.data : "");
  else
    strata__error_set(
        err, STRATA_EPLUGIN,
        "no %s for '%s%s: no %s plugin was found in "
        "'%s'; set STRATA_PLUGIN_PATH to the folder that holds them, or "
        "reinstall strata%s",
        kinds[k].word, name, driver ? ":' URLs" : "'", kinds[k].word, path,
        problems.len ? problems.data : "");
  strbuf_release(&known);
  strbuf_release(&problems);
  return STRATA_EPLUGIN;
}

/* ---- the API -------------------------------------------------------- */

/* Opens every module on path of the kinds wanted (all when k < 0). */
static int open_all_in_folder(const char *folder, void *ctx) {
  const int *k = ctx;
  for (struct module_file *m = module_files; m; m = m->next)
    if (strcmp(m->folder, folder) == 0 && (*k < 0 || m->kind == (size_t)*k))
      open_module(m);
  return 0;
}

/* Finds w under the lock; *out is the copy struct_size bytes long. */
static int find_locked(struct wanted *w, const char *key, size_t struct_size,
                       const char *plugin_path,
                       const struct strata_plugin **out,
                       struct strata_error *err) {
  int rc = loader_ready(err);
  if (rc != 0)
    return rc;
  char *path = search_path(plugin_path);
  if (path == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  struct plugin_entry *e = find_entry(w, path);
  if (e == NULL && w->scheme != NULL) {
    /* A scheme that names no module (an alias such as "postgresql") may
     * be any driver's: open them in turn. */
    w->name = NULL;
    e = find_entry(w, path);
  }
  if (e == NULL) {
    /* The error lists the plugins of the kind there are, and the modules
     * that did not load: open the rest to know them. */
    int k = (int)w->kind;
    each_folder(path, open_all_in_folder, &k);
    rc = not_found(w->kind, key, path, err);
  } else if ((*out = plugin_copy(e, struct_size)) == NULL)
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  free(path);
  return rc;
}

int loader_find_plugin(enum strata_plugin_kind kind, const char *name,
                       size_t struct_size, const char *plugin_path,
                       const struct strata_plugin **out,
                       struct strata_error *err) {
  *out = NULL;
  int k = kind_index(kind);
  if (k < 0 || struct_size < sizeof(struct strata_plugin))
    return strata__error_set(err, STRATA_EINVAL,
                             "no plugin kind %d of struct size %zu", (int)kind,
                             struct_size);
  struct wanted w = {.kind = (size_t)k, .name = name};
  pthread_mutex_lock(&registry_lock);
  int rc = find_locked(&w, name, struct_size, plugin_path, out, err);
  pthread_mutex_unlock(&registry_lock);
  return rc;
}

int loader_find_driver(const char *scheme, const char *plugin_path,
                       const struct strata_driver **out,
                       struct strata_error *err) {
  *out = NULL;
  struct wanted w = {.kind = (size_t)kind_index(STRATA_PLUGIN_DRIVER),
                     .name = scheme,
                     .scheme = scheme};
  const struct strata_plugin *p = NULL;
  pthread_mutex_lock(&registry_lock);
  int rc = find_locked(&w, scheme, sizeof(struct strata_driver), plugin_path,
                       &p, err);
  pthread_mutex_unlock(&registry_lock);
  *out = (const struct strata_driver *)p;
  return rc;
}

static int open_all(int k, const char *plugin_path, struct strata_error *err) {
  int rc = loader_ready(err);
  if (rc != 0)
    return rc;
  char *path = search_path(plugin_path);
  if (path == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  each_folder(path, open_all_in_folder, &k);
  free(path);
  return 0;
}

/* The accepted plugins of kind k, oldest first, as an array the caller
 * frees; the entries themselves live on. */
static const struct strata_plugin **accepted(enum strata_plugin_kind kind,
                                             size_t *count) {
  size_t n = 0;
  for (struct plugin_entry *e = plugins; e; e = e->next)
    n += e->plugin && e->plugin->kind == kind;
  const struct strata_plugin **list = calloc(n + 1, sizeof *list);
  *count = 0;
  if (list == NULL)
    return NULL;
  *count = n;
  for (struct plugin_entry *e = plugins; e; e = e->next)
    if (e->plugin && e->plugin->kind == kind)
      list[--n] = e->plugin;
  return list;
}

/* Called without the lock, after accepted(): rc is what opening the
 * modules returned, list the n plugins (NULL when out of memory), which
 * it frees.  each runs without the lock, so it may call
 * loader_find_plugin(). */
static int call_each(int rc, const struct strata_plugin **list, size_t n,
                     int (*each)(void *ctx, const struct strata_plugin *p),
                     void *ctx, struct strata_error *err) {
  if (rc != 0)
    return rc;
  if (list == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  for (size_t i = 0; i < n && rc == 0; i++)
    rc = each(ctx, list[i]);
  free(list);
  return rc;
}

int loader_each_plugin(enum strata_plugin_kind kind, const char *plugin_path,
                       int (*each)(void *ctx, const struct strata_plugin *p),
                       void *ctx, struct strata_error *err) {
  int k = kind_index(kind);
  if (k < 0)
    return strata__error_set(err, STRATA_EINVAL, "no plugin kind %d",
                             (int)kind);
  size_t n = 0;
  pthread_mutex_lock(&registry_lock);
  int rc = open_all(k, plugin_path, err);
  const struct strata_plugin **list = rc == 0 ? accepted(kind, &n) : NULL;
  pthread_mutex_unlock(&registry_lock);
  return call_each(rc, list, n, each, ctx, err);
}

/* ---- the lint rule sets a run needs --------------------------------- */

/* Whether name is a driver's: a driver module file found, or a driver in
 * the registry (a preloaded one). */
static int is_driver_name(const char *name) {
  size_t k = (size_t)kind_index(STRATA_PLUGIN_DRIVER);
  for (struct module_file *m = module_files; m; m = m->next)
    if (m->kind == k && strcmp(m->name, name) == 0)
      return 1;
  for (struct plugin_entry *e = plugins; e; e = e->next)
    if (e->plugin && e->plugin->kind == STRATA_PLUGIN_DRIVER &&
        strcmp(e->plugin->name, name) == 0)
      return 1;
  return 0;
}

/* Called with the lock. */
static int lint_module_wanted(const char *name, const char *engine) {
  return strcmp(name, engine) == 0 || !is_driver_name(name);
}

int loader_lint_module_wanted(const char *name, const char *engine) {
  pthread_mutex_lock(&registry_lock);
  int wanted = lint_module_wanted(name, engine);
  pthread_mutex_unlock(&registry_lock);
  return wanted;
}

static int no_op(const char *folder, void *ctx) {
  (void)folder;
  (void)ctx;
  return 0;
}

static int open_lint_in_folder(const char *folder, void *ctx) {
  const char *engine = ctx;
  size_t k = (size_t)kind_index(STRATA_PLUGIN_LINT);
  for (struct module_file *m = module_files; m; m = m->next)
    if (m->kind == k && strcmp(m->folder, folder) == 0 &&
        lint_module_wanted(m->name, engine))
      open_module(m);
  return 0;
}

/* Every folder is listed before any module is opened, so that a driver
 * module in a later folder still marks its engine's lint module. */
static int open_lint(const char *engine, const char *plugin_path,
                     struct strata_error *err) {
  int rc = loader_ready(err);
  if (rc != 0)
    return rc;
  char *path = search_path(plugin_path);
  if (path == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  each_folder(path, no_op, NULL);
  each_folder(path, open_lint_in_folder, (void *)engine);
  free(path);
  return 0;
}

int loader_each_lint_plugin(const char *engine, const char *plugin_path,
                            int (*each)(void *ctx,
                                        const struct strata_plugin *p),
                            void *ctx, struct strata_error *err) {
  size_t n = 0;
  pthread_mutex_lock(&registry_lock);
  int rc = open_lint(engine, plugin_path, err);
  const struct strata_plugin **list =
      rc == 0 ? accepted(STRATA_PLUGIN_LINT, &n) : NULL;
  pthread_mutex_unlock(&registry_lock);
  return call_each(rc, list, n, each, ctx, err);
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

static void describe(const struct plugin_entry *e, strata_plugin_fn each,
                     void *ctx) {
  char caps[128];
  struct strata_plugin_info info = {0};
  info.origin = e->origin;
  info.problem = e->problem;
  if (e->plugin != NULL) {
    const struct strata_plugin *p = e->plugin;
    info.name = p->name;
    info.kind = kinds[kind_index(p->kind)].word;
    info.description = p->description;
    info.version = p->version;
    info.abi_version = p->abi_version;
    if (p->kind == STRATA_PLUGIN_DRIVER) {
      const struct strata_driver *d = (const struct strata_driver *)p;
      capability_words(d->capabilities, caps, sizeof caps);
      info.schemes = d->schemes;
      info.capabilities = caps;
    }
  }
  each(ctx, &info);
}

/* Whether e goes in pass k of a listing: the plugins of kinds[k] for k
 * below KIND_COUNT, then those with a problem. */
static int listed_in_pass(const struct plugin_entry *e, size_t k) {
  if (k == KIND_COUNT)
    return e->plugin == NULL;
  return e->plugin != NULL && e->plugin->kind == kinds[k].kind;
}

int loader_list(const char *plugin_path, strata_plugin_fn each, void *ctx,
                struct strata_error *err) {
  pthread_mutex_lock(&registry_lock);
  int rc = open_all(-1, plugin_path, err);
  struct plugin_entry *first = plugins;
  pthread_mutex_unlock(&registry_lock);
  if (rc != 0)
    return rc;
  /* The entries from first on never change (new ones go in front), so
   * they are read without the lock: drivers first, then each other kind,
   * then the refused, each in the order they were loaded. */
  size_t n = 0;
  for (struct plugin_entry *e = first; e; e = e->next)
    n++;
  const struct plugin_entry **order = calloc(n + 1, sizeof *order);
  if (order == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  size_t i = n;
  for (struct plugin_entry *e = first; e; e = e->next)
    order[--i] = e;
  for (size_t k = 0; k <= KIND_COUNT; k++)
    for (i = 0; i < n; i++)
      if (listed_in_pass(order[i], k))
        describe(order[i], each, ctx);
  free(order);
  return 0;
}
