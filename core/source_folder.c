/*
 * source_folder.c - the migrations of a folder, read through its layout.
 *
 * The folder (and its subfolders, for a layout that keeps a migration in
 * a folder of its own) is listed with one pass of readdir() each, and the
 * names sorted.  The layout names every file; files come out of the sorted
 * names in version order unless their versions differ in width, and are
 * sorted again only then.  Each version's up file is then read with one
 * read().  Nothing compares every file with every other: the time is the
 * system calls', an open, a read and a close per up file.  A folder whose
 * layout is detected has its up files read for that, and their texts kept
 * for the migrations, and the default layout's reading of its names kept
 * for a folder read as that layout; the down files are not read until a
 * down runs, and readdir's file types spare a stat() per file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "portable.h"
#include "source.h"
#include "source_read.h"
#include "source_refusals.h"
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
 * "2020_a/up.sql") and that path's length and depth (0, or 1 in a
 * subfolder), whether readdir said it is a regular file, and its text once
 * layout detection has read it (NULL until then, and once a migration has
 * taken it).  prefix is the path's first 8 bytes as a number that orders
 * like them, which settles most comparisons of the listing's sort. */
struct entry {
  char *name;
  size_t name_len;
  uint64_t prefix;
  char *text;
  size_t len;
  unsigned char regular;
  unsigned char depth;
  unsigned char sql; /* the name ends in ".sql" */
};

struct listing {
  struct entry *entries;
  size_t count;
  size_t cap;
  char *folder; /* the first subfolder of the folder met, or NULL */
};

static void listing_release(struct listing *l) {
  for (size_t i = 0; i < l->count; i++) {
    free(l->entries[i].name);
    free(l->entries[i].text);
  }
  free(l->entries);
  free(l->folder);
}

static int ends_in_sql(const char *name, size_t len) {
  return len >= 4 && memcmp(name + len - 4, ".sql", 4) == 0;
}

static uint64_t prefix_of(const char *name, size_t len) {
  uint64_t prefix = 0;
  for (size_t i = 0; i < 8; i++)
    prefix = prefix << 8 | (i < len ? (unsigned char)name[i] : 0);
  return prefix;
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
  size_t len = strlen(rel);
  l->entries[l->count++] = (struct entry){.name = rel,
                                          .name_len = len,
                                          .prefix = prefix_of(rel, len),
                                          .regular = e->d_type == DT_REG,
                                          .depth = sub != NULL,
                                          .sql = ends_in_sql(rel, len)};
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
    else if (sub == NULL && l->folder == NULL &&
             (l->folder = strata__strdup(e->d_name)) == NULL)
      rc = out_of_memory(err);
    if (rc == 0 && e->d_type == DT_DIR && on_folder != NULL)
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
  if (x->prefix != y->prefix)
    return x->prefix < y->prefix ? -1 : 1;
  return strcmp(x->name, y->name);
}

static int names_in_order(const struct listing *l) {
  for (size_t i = 1; i < l->count; i++)
    if (compare_names(&l->entries[i - 1], &l->entries[i]) > 0)
      return 0;
  return 1;
}

/* Lists the folder, and its subfolders when depth is 1, in name order
 * (readdir's order, on a file system that keeps names sorted). */
static int list_folder(DIR *d, const char *dir, int depth, struct listing *l,
                       struct strata_error *err) {
  struct subfolders s = {dirfd(d), dir, l, err};
  int rc =
      list_entries(d, dir, NULL, l, depth > 0 ? list_subfolder : NULL, &s, err);
  if (rc == 0 && !names_in_order(l))
    qsort(l->entries, l->count, sizeof *l->entries, compare_names);
  return rc;
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

/* ---- the folder's files -------------------------------------------------- */

/* One migration file as the layout named it.  A folder of 10,000
 * migrations has 20,000 of these, sorted: they hold what the core keeps of
 * the name, the strings in one allocation with the path, which the
 * migration then takes over. */
struct file {
  char *path;           /* the folder and the name; NULL once taken */
  const char *rel;      /* the name in the folder: the tail of path */
  const char *version;  /* after path, in its allocation */
  const char *name;     /* after version */
  struct entry *listed; /* its listing entry, with its text when read */
  enum strata_layout_role role;
  unsigned flags; /* enum strata_layout_flag */
  int generality; /* see generality_of() */
  int elsewhere;  /* written for another engine: never run here */
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
static int generality_of(const char *dialect) {
  if (dialect[0] == '\0')
    return 2;
  return strcmp(dialect, PORTABLE_DIALECT) == 0;
}

/* Whether the layout's reading of a name is one the core can keep; path
 * names the file. */
static int check_info(const struct reader *r,
                      const struct strata_layout_file *info, const char *path,
                      struct strata_error *err) {
  if (!version_is_valid(info->version))
    return strata__error_set(err, STRATA_EPLUGIN,
                             "layout '%s' read version '%s' from '%s', which "
                             "is not a version",
                             r->layout->plugin.name, info->version, path);
  if (!migration_name_is_valid(info->name))
    return strata__error_set(err, STRATA_ESOURCE,
                             "migration file '%s' has the name '%s': use "
                             "letters, digits, '_' and '-'",
                             path, info->name);
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

/* Fills f from the layout's reading of its name: the path, the version
 * and the name in one allocation. */
static int keep_file(const struct reader *r, struct entry *e,
                     const struct strata_layout_file *info, struct file *f) {
  size_t d = strlen(r->dir), n = e->name_len;
  size_t v = strlen(info->version), m = strlen(info->name);
  char *path = malloc(d + 1 + n + 1 + v + 1 + m + 1);
  if (path == NULL)
    return STRATA_ENOMEM;
  memcpy(path, r->dir, d);
  path[d] = '/';
  memcpy(path + d + 1, e->name, n + 1);
  char *version = path + d + 1 + n + 1;
  memcpy(version, info->version, v + 1);
  memcpy(version + v + 1, info->name, m + 1);
  *f = (struct file){.path = path,
                     .rel = path + d + 1,
                     .version = version,
                     .name = version + v + 1,
                     .listed = e,
                     .role = info->role,
                     .flags = info->flags,
                     .generality = generality_of(info->dialect),
                     .elsewhere = !for_this_engine(r, info->dialect)};
  return 0;
}

/* The layout's reading of rel, with what the core adds: each string ended,
 * and a repeatable's version made from its name.  1: not a migration
 * file, or one of another engine when no engine is known.  Another
 * engine's file is kept otherwise, only to tell a version that has none
 * for this engine from one that is not a migration at all. */
static int read_name(const struct reader *r, const char *rel,
                     struct strata_layout_file *info,
                     struct strata_error *err) {
  int rc = r->layout->parse_name(r->opt->host, rel, info, err);
  if (rc != 0)
    return rc > 0 ? 1 : rc;
  info->version[sizeof info->version - 1] = '\0';
  info->name[sizeof info->name - 1] = '\0';
  info->dialect[sizeof info->dialect - 1] = '\0';
  if (!for_this_engine(r, info->dialect) && r->opt->engines == NULL)
    return 1;
  if (info->role == STRATA_LAYOUT_REPEATABLE)
    snprintf(info->version, sizeof info->version,
             VERSION_REPEATABLE_PREFIX "%.*s",
             (int)(sizeof info->version - sizeof VERSION_REPEATABLE_PREFIX),
             info->name);
  return 0;
}

/* A name ending in ".SQL" or ".Sql": no layout reads it, and golang-migrate
 * runs it, so passing over it would leave a migration unapplied with
 * nothing said. */
static int refuse_other_case(const struct entry *e, struct strata_error *err) {
  const char *ext = e->name + e->name_len - 4;
  if (e->name_len < 4 || strncasecmp(ext, ".sql", 4) != 0 || e->sql)
    return 0;
  return strata__error_set(err, STRATA_ESOURCE,
                           "migration file '%s' ends in '%s', which strata "
                           "does not read: rename it to end in '.sql'",
                           e->name, ext);
}

/* Names one listed file; adds it to files when it is one of this engine's
 * migration files. */
static int take_file(const struct reader *r, struct entry *e,
                     struct file_list *files, struct strata_error *err) {
  struct strata_layout_file info;
  int rc = read_name(r, e->name, &info, err);
  if (rc > 0)
    return refuse_other_case(e, err);
  if (rc != 0)
    return rc;
  struct file *f = &files->items[files->count];
  if (keep_file(r, e, &info, f) != 0)
    return out_of_memory(err);
  rc = check_info(r, &info, f->path, err);
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
  return f->role == STRATA_LAYOUT_DOWN       ? 1
         : f->role == STRATA_LAYOUT_SETTINGS ? 2
                                             : 0;
}

/* By version, then by name: a version's files end up side by side. */
static int file_order(const void *a, const void *b) {
  const struct file *x = a, *y = b;
  int c = version_compare(x->version, y->version);
  return c != 0 ? c : strcmp(x->rel, y->rel);
}

static int in_order(const struct file *items, size_t count) {
  for (size_t i = 1; i < count; i++)
    if (file_order(&items[i - 1], &items[i]) > 0)
      return 0;
  return 1;
}

/* Names whose versions have as many digits as each other come from the
 * listing in version order already, and are not sorted again. */
static void put_in_order(struct file_list *files) {
  if (!in_order(files->items, files->count))
    qsort(files->items, files->count, sizeof *files->items, file_order);
}

/* The files in version order. */
static int name_files(const struct reader *r, struct listing *l,
                      struct file_list *files, struct strata_error *err) {
  files->items = malloc((l->count + 1) * sizeof *files->items);
  if (files->items == NULL)
    return out_of_memory(err);
  int rc = 0;
  struct source_refusals refused = {0};
  for (size_t i = 0; rc == 0 && i < l->count; i++) {
    if (l->entries[i].depth != r->layout->depth)
      continue;
    rc = take_file(r, &l->entries[i], files, err);
    if (rc != 0 && source_refusal_is_gathered(err)) {
      source_refusals_add(&refused, l->entries[i].name, err);
      rc = 0;
    }
  }
  if (rc == 0)
    rc = source_refusals_report(&refused, err);
  if (rc == 0)
    put_in_order(files);
  return rc;
}

/* ---- choosing the layout ------------------------------------------------- */

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

/* Asks every layout whether the listed file e, whose text is (text, len),
 * is its own. */
static int claim_file(const struct source_options *opt, const char *dir,
                      const struct entry *e, const char *text, size_t len,
                      struct claim *found, struct strata_error *err) {
  for (size_t k = 0; k < opt->detect_count; k++) {
    const struct strata_layout *l = opt->detect[k];
    if (l->claims == NULL || e->depth != l->depth ||
        !l->claims(e->name, text, len))
      continue;
    struct claim c = {l, e->name};
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

/* 1 when the default layout names e a down file.  Such a file is not
 * read to find the layout: a folder shows its layout in its up files (the
 * other tools' layouts keep both directions in one file, or name the down
 * file as their own), and a down file's text is checked for another
 * tool's markers when a down reads it. */
static int is_default_down(const struct strata_layout *fallback,
                           const struct source_options *opt,
                           const struct entry *e) {
  struct strata_layout_file info;
  struct strata_error ignored;
  return fallback != NULL && e->depth == fallback->depth &&
         fallback->parse_name(opt->host, e->name, &info, &ignored) == 0 &&
         info.role == STRATA_LAYOUT_DOWN;
}

/* The default layout's reading of a folder's names, made while its layout
 * is detected, so that a folder read as that layout (most are) has each
 * name read once: the files it names, as name_files() would, the files
 * it refuses, or the first other error naming them met (rc, err).  layout
 * NULL: none was made. */
struct default_reading {
  const struct strata_layout *layout;
  struct file_list files;
  struct source_refusals refused;
  int rc;
  struct strata_error err;
};

static int start_reading(struct default_reading *dr,
                         const struct strata_layout *fallback,
                         const struct listing *l, struct strata_error *err) {
  dr->files.items = malloc((l->count + 1) * sizeof *dr->files.items);
  if (dr->files.items == NULL)
    return out_of_memory(err);
  dr->layout = fallback;
  return 0;
}

/* Names e as the default layout does, into dr: 1 when that is a down
 * file, 0 when it is another of its files, -1 when it is none (or naming
 * it failed, which dr keeps). */
static int read_default(const struct reader *r, struct entry *e,
                        struct default_reading *dr) {
  size_t before = dr->files.count;
  dr->rc = take_file(r, e, &dr->files, &dr->err);
  if (dr->rc != 0 && source_refusal_is_gathered(&dr->err)) {
    source_refusals_add(&dr->refused, e->name, &dr->err);
    dr->rc = 0;
    return -1;
  }
  if (dr->rc != 0 || dr->files.count == before)
    return -1;
  return dr->files.items[before].role == STRATA_LAYOUT_DOWN;
}

/* The layout some file shows beyond doubt (*found: which and where), or
 * the default one.  Each text read is kept in its entry, as read.  dr,
 * when it is not NULL, receives the default layout's reading of the
 * names. */
static int detect_layout(const struct source_options *opt, int at,
                         const char *dir, struct listing *l,
                         struct claim *found_out,
                         const struct strata_layout **out,
                         struct default_reading *dr,
                         struct strata_error *err) {
  const struct strata_layout *fallback = default_layout(opt);
  const struct reader r = {opt, fallback, dir, at};
  struct claim found = {NULL, NULL};
  int rc = dr != NULL && fallback != NULL ? start_reading(dr, fallback, l, err)
                                          : 0;
  for (size_t i = 0; rc == 0 && i < l->count; i++) {
    struct entry *e = &l->entries[i];
    int down = -1;
    if (dr != NULL && dr->layout != NULL && dr->rc == 0 &&
        e->depth == fallback->depth)
      down = read_default(&r, e, dr);
    if (!e->sql)
      continue;
    if (down < 0)
      down = is_default_down(fallback, opt, e);
    if (down) {
      rc = claim_file(opt, dir, e, "", 0, &found, err);
      continue;
    }
    char *path = join_path(dir, e->name);
    rc = path ? source_read_file(at, e->name, path, &e->text, &e->len, err)
              : out_of_memory(err);
    if (rc == 0) {
      size_t bom = bom_length(e->text, e->len);
      rc = claim_file(opt, dir, e, e->text + bom, e->len - bom, &found, err);
    }
    free(path);
  }
  *found_out = found;
  *out = found.layout ? found.layout : fallback;
  if (rc == 0 && *out == NULL)
    rc = strata__error_set(err, STRATA_EPLUGIN,
                           "no layout plugin named '" DEFAULT_LAYOUT
                           "' was found; set STRATA_PLUGIN_PATH to the "
                           "folder that holds strata's plugins");
  return rc;
}

/* ---- the folder's migrations --------------------------------------------- */

static int duplicate(const struct file *a, const struct file *b,
                     struct strata_error *err) {
  return strata__error_set(err, STRATA_ESOURCE,
                           "duplicate migration version %s: '%s' and '%s'; "
                           "give one of them another version",
                           a->version, a->path, b->path);
}

/* A portable file and a file of every engine both say what every engine
 * runs: which one was meant is not for strata to guess. */
static int ambiguous(const struct file *portable, const struct file *plain,
                     struct strata_error *err) {
  return strata__error_set(err, STRATA_ESOURCE,
                           "migration %s has both a portable file '%s' and "
                           "a file for every engine '%s'; keep one of them",
                           portable->version, portable->path, plain->path);
}

/* The file of one rank among a version's n files for this engine: the
 * most specific wins (generality_of()), two equally specific clash, and so
 * do a portable file and one of every engine. */
static int pick(struct file *g, size_t n, int wanted, struct file **out,
                struct strata_error *err) {
  struct file *by_generality[3] = {NULL, NULL, NULL};
  *out = NULL;
  for (size_t i = 0; i < n; i++) {
    if (rank(&g[i]) != wanted || g[i].elsewhere)
      continue;
    struct file **slot = &by_generality[g[i].generality];
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
          g[i].version, g[i].path, r->opt->engines[0], g[i].version,
          g[i].name, r->opt->engines[0], r->opt->engines[0]);
  return 0;
}

static int check_pair(const struct file *up, const struct file *down,
                      struct strata_error *err) {
  if (up == NULL)
    return strata__error_set(err, STRATA_ESOURCE,
                             "down file '%s' has no up file of its version; "
                             "add one or remove it",
                             down->path);
  if (down != NULL && strcmp(up->name, down->name) != 0)
    return strata__error_set(err, STRATA_ESOURCE,
                             "down file '%s' does not match up file '%s' of "
                             "the same version; give them the same name",
                             down->path, up->path);
  if (down != NULL && up->role == STRATA_LAYOUT_SECTIONS)
    return duplicate(up, down, err);
  return 0;
}

/* The migration takes the files' allocations: the up file's holds its
 * path, version and name (keep_file()). */
static void take_names(struct migration *m, struct file *up,
                       struct file *down) {
  m->up_path = up->path;
  m->version = (char *)up->version;
  m->name = (char *)up->name;
  up->path = NULL;
  m->down_path = down ? down->path : NULL;
  if (down != NULL)
    down->path = NULL;
  /* A portable up without a down file has the down derived from it. */
  m->has_down = down != NULL || portable_is_up(m->up_path);
  m->down_flags = down ? down->flags : 0;
}

/* The down section of a file that holds both, kept in the up's text. */
static int take_down_section(const struct reader *r, struct migration *m,
                             const struct file *up, struct strata_error *err) {
  int present = 0;
  int rc = source_read_section(r->layout, r->opt->host, m->up_path, m->up,
                               m->up_len, up->role, STRATA_LAYOUT_DIR_DOWN,
                               &m->down_section, &present, err);
  if (rc != 0 || !present)
    return rc;
  m->has_down = 1;
  m->down_shared = 1;
  m->down = m->up;
  m->down_len = m->up_len;
  m->down_section.flags |= up->flags;
  return 0;
}

static int build_migration(const struct reader *r, struct migration *m,
                           struct file *up, struct file *down,
                           struct strata_error *err) {
  m->layout = r->layout;
  m->host = r->opt->host;
  m->binary = r->opt->binary;
  int present = 0, rc = 0;
  take_names(m, up, down);
  if (up->listed->text != NULL) {
    m->up = up->listed->text;
    m->up_len = up->listed->len;
    up->listed->text = NULL;
    rc =
        source_accept_script(m->up_path, r->layout->plugin.name, r->opt->binary,
                             SOURCE_UP_TEMPLATE, &m->up, &m->up_len, err);
  } else
    rc = source_read_script(r->at, up->rel, m->up_path, r->layout->plugin.name,
                            r->opt->binary, SOURCE_UP_TEMPLATE, &m->up,
                            &m->up_len, err);
  if (rc == 0)
    rc = source_read_section(r->layout, r->opt->host, m->up_path, m->up,
                             m->up_len, up->role, STRATA_LAYOUT_DIR_UP,
                             &m->up_section, &present, err);
  if (rc != 0)
    return rc;
  m->up_section.flags |= up->flags;
  checksum_script(m->up + m->up_section.offset, m->up_section.length,
                  m->checksum);
  return up->role == STRATA_LAYOUT_SECTIONS ? take_down_section(r, m, up, err)
                                            : 0;
}

static size_t group_length(const struct file *items, size_t count) {
  size_t n = 1;
  while (n < count && version_compare(items[0].version, items[n].version) == 0)
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
                       struct file *g, size_t n, struct strata_error *err) {
  struct file *up, *down, *settings;
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

/* The file a refusal of a version's migration names, relative to the
 * folder: the one the error points at, else the version's first file. */
static const char *refused_name(const struct reader *r, const struct file *g,
                                const struct strata_error *err) {
  size_t d = strlen(r->dir);
  if (strncmp(err->file, r->dir, d) == 0 && err->file[d] == '/')
    return err->file + d + 1;
  return g->rel;
}

static int build_migrations(const struct reader *r, struct source *src,
                            struct file_list *files,
                            struct strata_error *err) {
  src->items = calloc(files->count ? files->count : 1, sizeof *src->items);
  if (src->items == NULL)
    return out_of_memory(err);
  size_t i = 0;
  struct source_refusals refused = {0};
  while (i < files->count) {
    size_t n = group_length(files->items + i, files->count - i);
    int rc = build_group(r, src, files->items + i, n, err);
    if (rc != 0 && !source_refusal_is_gathered(err))
      return rc;
    if (rc != 0)
      source_refusals_add(&refused, refused_name(r, files->items + i, err),
                          err);
    i += n;
  }
  int rc = source_refusals_report(&refused, err);
  if (rc != 0)
    return rc;
  /* Room was made for a migration a file; most have two. */
  struct migration *fitted =
      src->count ? realloc(src->items, src->count * sizeof *fitted) : NULL;
  if (fitted != NULL)
    src->items = fitted;
  return 0;
}

/* A folder with no migration but a subfolder was most likely meant to be
 * that subfolder (migrations/postgres, migrations/sqlite): saying "up to
 * date" would leave every migration in it unapplied. */
static int only_subfolders(const char *dir, const char *folder,
                           struct strata_error *err) {
  return strata__error_set(err, STRATA_ESOURCE,
                           "migrations folder '%s' holds no migration, only "
                           "subfolders such as '%s': pass the one that holds "
                           "them, as --dir '%s/%s' or --dir '%s/{engine}'",
                           dir, folder, dir, folder, dir);
}

static int load_folder(struct source *src, DIR *d, const char *dir,
                       const struct source_options *opt,
                       struct strata_error *err) {
  struct reader r = {opt, opt->layout, dir, dirfd(d)};
  struct listing l = {NULL, 0, 0, NULL};
  struct file_list files = {NULL, 0};
  struct claim found = {NULL, NULL};
  struct default_reading dr = {NULL, {NULL, 0}, {0}, 0, {0}};
  int rc = list_folder(d, dir, r.layout ? r.layout->depth : 1, &l, err);
  if (rc == 0 && r.layout == NULL)
    rc = detect_layout(opt, r.at, dir, &l, &found, &r.layout, &dr, err);
  if (rc != 0)
    found.layout = NULL; /* the folder was never read as one layout */
  if (rc == 0 && dr.layout != NULL && dr.layout == r.layout) {
    rc = dr.rc;
    if (rc != 0)
      *err = dr.err;
    else
      rc = source_refusals_report(&dr.refused, err);
    files = dr.files;
    dr.files = (struct file_list){NULL, 0};
    if (rc == 0)
      put_in_order(&files);
  } else if (rc == 0) {
    rc = name_files(&r, &l, &files, err);
  }
  file_list_release(&dr.files);
  if (rc == 0) {
    src->layout = r.layout;
    rc = build_migrations(&r, src, &files, err);
  }
  if (rc == 0 && src->count == 0 && l.folder != NULL)
    rc = only_subfolders(dir, l.folder, err);
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
  struct listing l = {NULL, 0, 0, NULL};
  struct claim found = {NULL, NULL};
  rc = list_folder(d, dir, 1, &l, err);
  if (rc == 0)
    rc = detect_layout(opt, dirfd(d), dir, &l, &found, out, NULL, err);
  listing_release(&l);
  closedir(d);
  return rc;
}
