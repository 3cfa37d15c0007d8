/*
 * source_folder.c - the migrations of a folder, read through its layout.
 *
 * The folder (and its subfolders, for a layout that keeps a migration in
 * a folder of its own) is listed with one pass of readdir() each.  The
 * layout names every file; the named files are sorted once, so that a
 * version's files lie side by side, and each version's up file is then
 * read with one read().  Nothing compares every file with every other: the
 * time is the system calls', a few per up file.  A folder whose layout is
 * detected has its files read once for that: the up files' texts are kept
 * for the migrations, and readdir's file types spare a stat() per file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "portable.h"
#include "source.h"
#include "source_read.h"
#include "util.h"
#include "version.h"

#define DEFAULT_LAYOUT "plain"

static int out_of_memory(struct strata_error *err) {
  return strata__error_set(err, STRATA_ENOMEM, "out of memory");
}

/* ---- listing ------------------------------------------------------------- */

/* "dir/name", without printf's cost: a folder of 10,000 files joins
 * 20,000 of them. */
static char *join_path(const char *dir, const char *name) {
  size_t d = strlen(dir), n = strlen(name);
  char *path = malloc(d + n + 2);
  if (path == NULL)
    return NULL;
  memcpy(path, dir, d);
  path[d] = '/';
  memcpy(path + d + 1, name, n + 1);
  return path;
}

/* A listed file: its path relative to the folder ("0001_a.up.sql",
 * "2020_a/up.sql"), whether readdir said it is a regular file, and its
 * text once layout detection has read it (NULL until then, and once a
 * migration has taken it). */
struct entry {
  char *name;
  int regular;
  char *text;
  size_t len;
};

struct listing {
  struct entry *entries;
  size_t count;
  size_t cap;
};

static void listing_release(struct listing *l) {
  for (size_t i = 0; i < l->count; i++) {
    free(l->entries[i].name);
    free(l->entries[i].text);
  }
  free(l->entries);
}

static int listing_add(struct listing *l, const char *sub,
                       const struct dirent *e) {
  if (l->count == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    struct entry *grown = realloc(l->entries, cap * sizeof *grown);
    if (grown == NULL)
      return STRATA_ENOMEM;
    l->entries = grown;
    l->cap = cap;
  }
  char *rel = sub ? join_path(sub, e->d_name) : strata__strdup(e->d_name);
  if (rel == NULL)
    return STRATA_ENOMEM;
  l->entries[l->count++] = (struct entry){rel, e->d_type == DT_REG, NULL, 0};
  return 0;
}

static int cannot_list(const char *dir, int errnum, struct strata_error *err) {
  return strata__error_set(err, STRATA_EIO,
                           "cannot read migrations folder '%s': %s", dir,
                           strerror(errnum));
}

/* Adds every entry of d but its subfolders (sub names d inside the
 * migrations folder, or is NULL for the folder itself); calls on_folder
 * for each subfolder when it is given. */
static int list_entries(DIR *d, const char *dir, const char *sub,
                        struct listing *l,
                        int (*on_folder)(void *, const char *), void *ctx,
                        struct strata_error *err) {
  int rc = 0;
  struct dirent *e;
  errno = 0;
  while (rc == 0 && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    if (e->d_type != DT_DIR)
      rc = listing_add(l, sub, e) ? out_of_memory(err) : 0;
    else if (on_folder != NULL)
      rc = on_folder(ctx, e->d_name);
    errno = 0;
  }
  if (rc == 0 && errno != 0)
    rc = cannot_list(dir, errno, err);
  return rc;
}

struct subfolders {
  int at;
  const char *dir;
  struct listing *l;
  struct strata_error *err;
};

static int list_subfolder(void *ctx, const char *name) {
  struct subfolders *s = ctx;
  int fd = openat(s->at, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
  if (d == NULL) {
    int errnum = errno;
    if (fd >= 0)
      close(fd);
    return cannot_list(s->dir, errnum, s->err);
  }
  int rc = list_entries(d, s->dir, name, s->l, NULL, NULL, s->err);
  closedir(d);
  return rc;
}

static int compare_names(const void *a, const void *b) {
  const struct entry *x = a, *y = b;
  return strcmp(x->name, y->name);
}

/* Lists the folder, and its subfolders when depth is 1, in name order. */
static int list_folder(DIR *d, const char *dir, int depth, struct listing *l,
                       struct strata_error *err) {
  struct subfolders s = {dirfd(d), dir, l, err};
  int rc =
      list_entries(d, dir, NULL, l, depth > 0 ? list_subfolder : NULL, &s, err);
  if (rc == 0 && l->count > 1)
    qsort(l->entries, l->count, sizeof *l->entries, compare_names);
  return rc;
}

static int depth_of(const char *rel) {
  int n = 0;
  for (; *rel; rel++)
    n += *rel == '/';
  return n;
}

static int open_folder(const char *dir, DIR **out, struct strata_error *err) {
  *out = opendir(dir);
  if (*out != NULL)
    return 0;
  if (errno == ENOENT)
    return strata__error_set(err, STRATA_ESOURCE,
                             "migrations folder '%s' does not exist; create "
                             "it or pass --dir",
                             dir);
  if (errno == ENOTDIR)
    return strata__error_set(err, STRATA_ESOURCE,
                             "migrations folder '%s' is not a folder; pass "
                             "the right one with --dir",
                             dir);
  return strata__error_set(err, STRATA_EIO,
                           "cannot open migrations folder '%s': %s", dir,
                           strerror(errno));
}

/* ---- choosing the layout ------------------------------------------------- */

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

struct claim {
  const struct strata_layout *layout;
  const char *file;
};

static int mixed_layouts(const char *dir, const struct claim *a,
                         const struct claim *b, struct strata_error *err) {
  return strata__error_set(err, STRATA_ESOURCE,
                           "migrations folder '%s' mixes layouts: '%s' is a "
                           "%s file and '%s' a %s one; choose one with "
                           "--layout (or layout = in strata.conf)",
                           dir, a->file, a->layout->plugin.name, b->file,
                           b->layout->plugin.name);
}

/* Asks every layout whether file (text, len) is its own. */
static int claim_file(const struct source_options *opt, const char *dir,
                      const char *rel, const char *text, size_t len,
                      struct claim *found, struct strata_error *err) {
  for (size_t k = 0; k < opt->detect_count; k++) {
    const struct strata_layout *l = opt->detect[k];
    if (l->claims == NULL || depth_of(rel) != l->depth ||
        !l->claims(rel, text, len))
      continue;
    struct claim c = {l, rel};
    if (found->layout != NULL && found->layout != l)
      return mixed_layouts(dir, found, &c, err);
    if (found->layout == NULL)
      *found = c;
  }
  return 0;
}

static const struct strata_layout *
default_layout(const struct source_options *opt) {
  for (size_t k = 0; k < opt->detect_count; k++)
    if (strcmp(opt->detect[k]->plugin.name, DEFAULT_LAYOUT) == 0)
      return opt->detect[k];
  return NULL;
}

static size_t bom_length(const char *text, size_t len) {
  return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* The layout some file shows beyond doubt (*found: which and where), or
 * the default one.  Each text read is kept in its entry, as read. */
static int detect_layout(const struct source_options *opt, int at,
                         const char *dir, struct listing *l,
                         struct claim *found_out,
                         const struct strata_layout **out,
                         struct strata_error *err) {
  struct claim found = {NULL, NULL};
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < l->count; i++) {
    struct entry *e = &l->entries[i];
    if (!ends_with(e->name, ".sql"))
      continue;
    char *path = join_path(dir, e->name);
    rc = path ? source_read_file(at, e->name, path, &e->text, &e->len, err)
              : out_of_memory(err);
    if (rc == 0) {
      size_t bom = bom_length(e->text, e->len);
      rc = claim_file(opt, dir, e->name, e->text + bom, e->len - bom, &found,
                      err);
    }
    free(path);
  }
  *found_out = found;
  *out = found.layout ? found.layout : default_layout(opt);
  if (rc == 0 && *out == NULL)
    rc = strata__error_set(err, STRATA_EPLUGIN,
                           "no layout plugin named '" DEFAULT_LAYOUT
                           "' was found; set STRATA_PLUGIN_PATH to the "
                           "folder that holds strata's plugins");
  return rc;
}

/* ---- the folder's files -------------------------------------------------- */

struct file {
  struct strata_layout_file info;
  char *path;           /* the folder and the name, for messages */
  const char *rel;      /* the name in the folder: the tail of path */
  struct entry *listed; /* its listing entry, with its text when read */
  int elsewhere;        /* written for another engine: never run here */
};

struct file_list {
  struct file *items;
  size_t count;
};

static void file_list_release(struct file_list *list) {
  for (size_t i = 0; i < list->count; i++)
    free(list->items[i].path);
  free(list->items);
}

struct reader {
  const struct source_options *opt;
  const struct strata_layout *layout;
  const char *dir;
  int at;
};

static int for_this_engine(const struct reader *r, const char *dialect) {
  if (dialect[0] == '\0' || strcmp(dialect, PORTABLE_DIALECT) == 0)
    return 1;
  for (const char *const *e = r->opt->engines; e && *e; e++)
    if (strcmp(*e, dialect) == 0)
      return 1;
  return 0;
}

/* How closely a file kept by for_this_engine() is written for the engine:
 * its own file (0) wins over a portable one (1), which wins over a file of
 * every engine (2). */
static int generality(const struct file *f) {
  if (f->info.dialect[0] == '\0')
    return 2;
  return strcmp(f->info.dialect, PORTABLE_DIALECT) == 0;
}

/* Whether the layout's reading of a name is one the core can keep. */
static int check_info(const struct reader *r, const struct file *f,
                      struct strata_error *err) {
  if (!version_is_valid(f->info.version))
    return strata__error_set(err, STRATA_EPLUGIN,
                             "layout '%s' read version '%s' from '%s', which "
                             "is not a version",
                             r->layout->plugin.name, f->info.version, f->path);
  if (!migration_name_is_valid(f->info.name))
    return strata__error_set(err, STRATA_ESOURCE,
                             "migration file '%s' has the name '%s': use "
                             "letters, digits, '_' and '-'",
                             f->path, f->info.name);
  return 0;
}

/* 1 when rel is a regular file (following a link), 0 for anything else,
 * which the folder's reader skips.  readdir() said so already for most. */
static int is_regular_file(const struct reader *r, const struct entry *e,
                           const char *path, struct strata_error *err) {
  struct stat st;
  if (e->regular)
    return 1;
  if (fstatat(r->at, e->name, &st, 0) == 0)
    return S_ISREG(st.st_mode);
  return source_cannot_read(path, errno, err);
}

/* Names one listed file; adds it to files when it is one of this engine's
 * migration files. */
static int take_file(const struct reader *r, struct entry *e,
                     struct file_list *files, struct strata_error *err) {
  const char *rel = e->name;
  struct file *f = &files->items[files->count];
  memset(f, 0, sizeof *f);
  f->listed = e;
  int rc = r->layout->parse_name(r->opt->host, rel, &f->info, err);
  if (rc != 0)
    return rc > 0 ? 0 : rc;
  f->info.version[sizeof f->info.version - 1] = '\0';
  f->info.name[sizeof f->info.name - 1] = '\0';
  f->info.dialect[sizeof f->info.dialect - 1] = '\0';
  /* Another engine's file is kept only to tell a version that has none
   * for this engine from one that is not a migration at all. */
  f->elsewhere = !for_this_engine(r, f->info.dialect);
  if (f->elsewhere && r->opt->engines == NULL)
    return 0;
  if (f->info.role == STRATA_LAYOUT_REPEATABLE)
    snprintf(f->info.version, sizeof f->info.version,
             VERSION_REPEATABLE_PREFIX "%.*s",
             (int)(sizeof f->info.version - sizeof VERSION_REPEATABLE_PREFIX),
             f->info.name);
  f->path = join_path(r->dir, rel);
  if (f->path == NULL)
    return out_of_memory(err);
  f->rel = f->path + strlen(f->path) - strlen(rel);
  rc = check_info(r, f, err);
  if (rc == 0)
    rc = is_regular_file(r, e, f->path, err);
  if (rc == 1) {
    files->count++;
    return 0;
  }
  free(f->path);
  return rc;
}

/* How a version's files sort: up (or both, or repeatable), down,
 * settings. */
static int rank(const struct file *f) {
  return f->info.role == STRATA_LAYOUT_DOWN       ? 1
         : f->info.role == STRATA_LAYOUT_SETTINGS ? 2
                                                  : 0;
}

/* By version, then up before down, then a file of one engine before a
 * portable one before a file of every engine, then by name: a version's
 * files end up side by side, each direction's best first. */
static int file_order(const void *a, const void *b) {
  const struct file *x = a, *y = b;
  int c = version_compare(x->info.version, y->info.version);
  if (c == 0)
    c = rank(x) - rank(y);
  if (c == 0)
    c = generality(x) - generality(y);
  return c != 0 ? c : strcmp(x->rel, y->rel);
}

static int name_files(const struct reader *r, struct listing *l,
                      struct file_list *files, struct strata_error *err) {
  files->items = calloc(l->count + 1, sizeof *files->items);
  if (files->items == NULL)
    return out_of_memory(err);
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < l->count; i++)
    if (depth_of(l->entries[i].name) == r->layout->depth)
      rc = take_file(r, &l->entries[i], files, err);
  if (rc == 0 && files->count > 1)
    qsort(files->items, files->count, sizeof *files->items, file_order);
  return rc;
}

/* ---- the folder's migrations --------------------------------------------- */

static int duplicate(const struct file *a, const struct file *b,
                     struct strata_error *err) {
  return strata__error_set(err, STRATA_ESOURCE,
                           "duplicate migration version %s: '%s' and '%s'; "
                           "give one of them another version",
                           a->info.version, a->path, b->path);
}

/* A portable file and a file of every engine both say what every engine
 * runs: which one was meant is not for strata to guess. */
static int ambiguous(const struct file *portable, const struct file *plain,
                     struct strata_error *err) {
  return strata__error_set(err, STRATA_ESOURCE,
                           "migration %s has both a portable file '%s' and "
                           "a file for every engine '%s'; keep one of them",
                           portable->info.version, portable->path,
                           plain->path);
}

/* The file of one rank among a version's n files for this engine: the
 * most specific wins (generality()), two equally specific clash, and so
 * do a portable file and one of every engine. */
static int pick(const struct file *g, size_t n, int wanted,
                const struct file **out, struct strata_error *err) {
  const struct file *by_generality[3] = {NULL, NULL, NULL};
  *out = NULL;
  for (size_t i = 0; i < n; i++) {
    if (rank(&g[i]) != wanted || g[i].elsewhere)
      continue;
    const struct file **slot = &by_generality[generality(&g[i])];
    if (*slot != NULL)
      return duplicate(*slot, &g[i], err);
    *slot = &g[i];
  }
  if (by_generality[1] != NULL && by_generality[2] != NULL)
    return ambiguous(by_generality[1], by_generality[2], err);
  for (int k = 0; k < 3 && *out == NULL; k++)
    *out = by_generality[k];
  return 0;
}

/* A version whose files are all for other engines: this engine must have
 * one too, even if it says there is nothing to do. */
static int missing_engine(const struct reader *r, const struct file *g,
                          size_t n, struct strata_error *err) {
  for (size_t i = 0; i < n; i++)
    if (g[i].elsewhere && rank(&g[i]) == 0)
      return strata__error_set(
          err, STRATA_ESOURCE,
          "migration %s has a file for another engine ('%s') but none for "
          "%s: add %s_%s.%s.up.sql, holding '-- strata:nothing' if %s has "
          "nothing to do",
          g[i].info.version, g[i].path, r->opt->engines[0], g[i].info.version,
          g[i].info.name, r->opt->engines[0], r->opt->engines[0]);
  return 0;
}

static int check_pair(const struct file *up, const struct file *down,
                      struct strata_error *err) {
  if (up == NULL)
    return strata__error_set(err, STRATA_ESOURCE,
                             "down file '%s' has no up file of its version; "
                             "add one or remove it",
                             down->path);
  if (down != NULL && strcmp(up->info.name, down->info.name) != 0)
    return strata__error_set(err, STRATA_ESOURCE,
                             "down file '%s' does not match up file '%s' of "
                             "the same version; give them the same name",
                             down->path, up->path);
  if (down != NULL && up->info.role == STRATA_LAYOUT_SECTIONS)
    return duplicate(up, down, err);
  return 0;
}

static int copy_names(struct migration *m, const struct file *up,
                      const struct file *down, struct strata_error *err) {
  m->version = strata__strdup(up->info.version);
  m->name = strata__strdup(up->info.name);
  m->up_path = strata__strdup(up->path);
  m->down_path = down ? strata__strdup(down->path) : NULL;
  /* A portable up without a down file has the down derived from it. */
  m->has_down = down != NULL || portable_is_up(up->path);
  m->down_flags = down ? down->info.flags : 0;
  if (!m->version || !m->name || !m->up_path || (down && !m->down_path))
    return out_of_memory(err);
  return 0;
}

/* The down section of a file that holds both, kept in the up's text. */
static int take_down_section(const struct reader *r, struct migration *m,
                             const struct file *up, struct strata_error *err) {
  int present = 0;
  int rc = source_read_section(r->layout, r->opt->host, m->up_path, m->up,
                               m->up_len, up->info.role, STRATA_LAYOUT_DIR_DOWN,
                               &m->down_section, &present, err);
  if (rc != 0 || !present)
    return rc;
  m->has_down = 1;
  m->down_shared = 1;
  m->down = m->up;
  m->down_len = m->up_len;
  m->down_section.flags |= up->info.flags;
  return 0;
}

static int build_migration(const struct reader *r, struct migration *m,
                           const struct file *up, const struct file *down,
                           struct strata_error *err) {
  m->layout = r->layout;
  m->host = r->opt->host;
  m->binary = r->opt->binary;
  int present = 0;
  int rc = copy_names(m, up, down, err);
  if (rc == 0 && up->listed->text != NULL) {
    m->up = up->listed->text;
    m->up_len = up->listed->len;
    up->listed->text = NULL;
    rc = source_accept_script(m->up_path, r->layout->plugin.name,
                              r->opt->binary, SOURCE_UP_TEMPLATE, &m->up,
                              &m->up_len, err);
  } else if (rc == 0)
    rc = source_read_script(r->at, up->rel, m->up_path, r->layout->plugin.name,
                            r->opt->binary, SOURCE_UP_TEMPLATE, &m->up,
                            &m->up_len, err);
  if (rc == 0)
    rc = source_read_section(r->layout, r->opt->host, m->up_path, m->up,
                             m->up_len, up->info.role, STRATA_LAYOUT_DIR_UP,
                             &m->up_section, &present, err);
  if (rc != 0)
    return rc;
  m->up_section.flags |= up->info.flags;
  checksum_script(m->up + m->up_section.offset, m->up_section.length,
                  m->checksum);
  return up->info.role == STRATA_LAYOUT_SECTIONS
             ? take_down_section(r, m, up, err)
             : 0;
}

static size_t group_length(const struct file *items, size_t count) {
  size_t n = 1;
  while (n < count &&
         version_compare(items[0].info.version, items[n].info.version) == 0)
    n++;
  return n;
}

/* The flags a settings file gives its migration, both ways. */
static int apply_settings(const struct reader *r, struct migration *m,
                          const struct file *f, struct strata_error *err) {
  char *text = NULL;
  size_t len = 0;
  struct section sec;
  int present = 0;
  int rc = source_read_file(r->at, f->rel, f->path, &text, &len, err);
  if (rc == 0)
    rc = source_read_section(r->layout, r->opt->host, f->path, text, len,
                             STRATA_LAYOUT_SETTINGS, STRATA_LAYOUT_DIR_UP, &sec,
                             &present, err);
  free(text);
  if (rc != 0)
    return rc;
  source_section_release(&sec);
  m->up_section.flags |= sec.flags;
  m->down_flags |= sec.flags;
  m->down_section.flags |= sec.flags;
  return 0;
}

static int build_group(const struct reader *r, struct source *src,
                       const struct file *g, size_t n,
                       struct strata_error *err) {
  const struct file *up, *down, *settings;
  int rc = pick(g, n, 0, &up, err);
  if (rc == 0)
    rc = pick(g, n, 1, &down, err);
  if (rc == 0)
    rc = pick(g, n, 2, &settings, err);
  if (rc == 0 && up == NULL && down == NULL)
    /* settings of no migration: nothing to run */
    return missing_engine(r, g, n, err);
  if (rc == 0)
    rc = check_pair(up, down, err);
  if (rc != 0)
    return rc;
  struct migration *m = &src->items[src->count++];
  rc = build_migration(r, m, up, down, err);
  return rc == 0 && settings ? apply_settings(r, m, settings, err) : rc;
}

static int build_migrations(const struct reader *r, struct source *src,
                            const struct file_list *files,
                            struct strata_error *err) {
  src->items = calloc(files->count ? files->count : 1, sizeof *src->items);
  if (src->items == NULL)
    return out_of_memory(err);
  size_t i = 0;
  while (i < files->count) {
    size_t n = group_length(files->items + i, files->count - i);
    int rc = build_group(r, src, files->items + i, n, err);
    if (rc != 0)
      return rc;
    i += n;
  }
  return 0;
}

static int load_folder(struct source *src, DIR *d, const char *dir,
                       const struct source_options *opt,
                       struct strata_error *err) {
  struct reader r = {opt, opt->layout, dir, dirfd(d)};
  struct listing l = {NULL, 0, 0};
  struct file_list files = {NULL, 0};
  struct claim found = {NULL, NULL};
  int rc = list_folder(d, dir, r.layout ? r.layout->depth : 1, &l, err);
  if (rc == 0 && r.layout == NULL)
    rc = detect_layout(opt, r.at, dir, &l, &found, &r.layout, err);
  if (rc != 0)
    found.layout = NULL; /* the folder was never read as one layout */
  if (rc == 0)
    rc = name_files(&r, &l, &files, err);
  if (rc == 0) {
    src->layout = r.layout;
    rc = build_migrations(&r, src, &files, err);
  }
  if (rc != 0 && found.layout != NULL)
    strata__error_add_detail(err,
                             "the folder was read as %s because of '%s'; "
                             "pass --layout to read it otherwise",
                             found.layout->plugin.name, found.file);
  file_list_release(&files);
  listing_release(&l);
  return rc;
}

int source_load_folder(struct source *src, const char *dir,
                       const struct source_options *opt,
                       struct strata_error *err) {
  source_init(src);
  DIR *d;
  int rc = open_folder(dir, &d, err);
  if (rc != 0)
    return rc;
  src->dir = strata__strdup(dir);
  rc = src->dir != NULL ? load_folder(src, d, dir, opt, err)
                        : out_of_memory(err);
  closedir(d);
  if (rc != 0)
    source_release(src);
  return rc;
}

int source_folder_layout(const char *dir, const struct source_options *opt,
                         const struct strata_layout **out,
                         struct strata_error *err) {
  *out = opt->layout;
  if (*out != NULL)
    return 0;
  DIR *d;
  int rc = open_folder(dir, &d, err);
  if (rc != 0)
    return rc;
  struct listing l = {NULL, 0, 0};
  struct claim found = {NULL, NULL};
  rc = list_folder(d, dir, 1, &l, err);
  if (rc == 0)
    rc = detect_layout(opt, dirfd(d), dir, &l, &found, out, err);
  listing_release(&l);
  closedir(d);
  return rc;
}
