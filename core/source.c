/*
 * source.c - the migrations of a list in memory, and what every source
 * offers: finding a version, reading a down script when a down runs.  A
 * folder is read in source_folder.c.
 */
#include "source.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "source_read.h"
#include "util.h"
#include "version.h"

static int out_of_memory(struct strata_error *err) {
  return strata__error_set(err, STRATA_ENOMEM, "out of memory");
}

/* ---- memory -------------------------------------------------------------- */

static char *copy_script(const char *text, size_t *len) {
  *len = strlen(text);
  char *copy = strata__strndup(text, *len);
  if (copy != NULL)
    source_strip_bom(copy, len);
  return copy;
}

static int memory_names(struct migration *m,
                        const struct strata_migration_def *def,
                        struct strata_error *err) {
  if (!version_is_valid(def->version))
    return strata__error_set(err, STRATA_ESOURCE,
                             "invalid migration version '%s': expected digits",
                             def->version ? def->version : "");
  if (def->name == NULL || def->name[0] == '\0')
    return strata__error_set(err, STRATA_ESOURCE, "migration %s has no name",
                             def->version);
  if (!migration_name_is_valid(def->name))
    return strata__error_set(err, STRATA_ESOURCE,
                             "invalid name '%s' for migration %s: use letters, "
                             "digits, '_' and '-'",
                             def->name, def->version);
  /* "VERSION_name", then the version and the name, in one allocation */
  size_t v = strlen(def->version), n = strlen(def->name);
  m->label = malloc(2 * (v + 1 + n + 1));
  if (m->label == NULL)
    return out_of_memory(err);
  memcpy(m->label, def->version, v);
  m->label[v] = '_';
  memcpy(m->label + v + 1, def->name, n + 1);
  m->version = m->label + v + 1 + n + 1;
  memcpy(m->version, def->version, v + 1);
  m->name = m->version + v + 1;
  memcpy(m->name, def->name, n + 1);
  return 0;
}

static int memory_scripts(struct migration *m,
                          const struct strata_migration_def *def,
                          struct strata_error *err) {
  const char *label = m->label;
  m->up = copy_script(def->up ? def->up : "", &m->up_len);
  m->has_down = def->down != NULL;
  if (m->has_down)
    m->down = copy_script(def->down, &m->down_len);
  if (m->up == NULL || (m->has_down && m->down == NULL))
    return out_of_memory(err);
  m->up_section.length = m->up_len;
  m->down_section.length = m->down_len;
  int rc = source_check_script("migration", label, m->up, m->up_len, "plain", 0,
                               err);
  if (rc == 0 && m->has_down)
    rc = source_check_script("down script of migration", label, m->down,
                             m->down_len, "plain", 0, err);
  if (rc == 0)
    checksum_script(m->up, m->up_len, m->checksum);
  return rc;
}

static int migration_order(const void *a, const void *b) {
  const struct migration *x = a, *y = b;
  int c = version_compare(x->version, y->version);
  return c != 0 ? c : strcmp(x->name, y->name);
}

static int check_duplicates(const struct source *src,
                            struct strata_error *err) {
  for (size_t i = 1; i < src->count; i++) {
    const struct migration *a = &src->items[i - 1], *b = &src->items[i];
    if (version_compare(a->version, b->version) == 0)
      return strata__error_set(err, STRATA_ESOURCE,
                               "duplicate migration version %s: '%s' and "
                               "'%s'; give one of them another version",
                               a->version, migration_label(a),
                               migration_label(b));
  }
  return 0;
}

int source_load_memory(struct source *src,
                       const struct strata_migration_def *defs, size_t count,
                       struct strata_error *err) {
  source_init(src);
  src->items = calloc(count ? count : 1, sizeof *src->items);
  if (src->items == NULL)
    return out_of_memory(err);
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < count; i++) {
    struct migration *m = &src->items[src->count];
    rc = memory_names(m, &defs[i], err);
    src->count++;
    if (rc == 0)
      rc = memory_scripts(m, &defs[i], err);
  }
  if (rc == 0) {
    qsort(src->items, src->count, sizeof *src->items, migration_order);
    rc = check_duplicates(src, err);
  }
  if (rc != 0)
    source_release(src);
  return rc;
}

/* ---- using a source ------------------------------------------------------ */

void source_init(struct source *src) {
  src->items = NULL;
  src->count = 0;
  src->dir = NULL;
  src->layout = NULL;
}

void source_migration_release(struct migration *m) {
  free(m->label);
  free(m->up_path);
  free(m->down_path);
  free(m->up);
  if (!m->down_shared)
    free(m->down);
  source_section_release(&m->up_section);
  source_section_release(&m->down_section);
}

void source_release(struct source *src) {
  for (size_t i = 0; i < src->count; i++)
    source_migration_release(&src->items[i]);
  free(src->items);
  free(src->dir);
  source_init(src);
}

struct migration *source_find(const struct source *src, const char *version) {
  size_t lo = 0, hi = src->count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = version_compare(src->items[mid].version, version);
    if (c == 0)
      return &src->items[mid];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

/* The down file's section, read through the layout that named the file. */
static int read_down_section(struct migration *m, struct strata_error *err) {
  int present = 0;
  int rc = source_read_section(m->layout, m->host, m->down_path, m->down,
                               m->down_len, STRATA_LAYOUT_DOWN,
                               STRATA_LAYOUT_DIR_DOWN, &m->down_section,
                               &present, err);
  if (rc != 0) {
    free(m->down);
    m->down = NULL;
    m->down_len = 0;
  }
  m->down_section.flags |= m->down_flags;
  return rc;
}

int source_load_down(struct migration *m, struct strata_error *err) {
  if (m->down != NULL)
    return 0;
  if (!m->has_down || m->down_path == NULL)
    return strata__error_set(err, STRATA_ENODOWN,
                             "migration '%s' has no down script",
                             migration_label(m));
  const char *layout = m->layout ? m->layout->plugin.name : "plain";
  int rc = source_read_script(AT_FDCWD, m->down_path, m->down_path, layout,
                              m->binary, SOURCE_DOWN_TEMPLATE, &m->down,
                              &m->down_len, err);
  return rc ? rc : read_down_section(m, err);
}

void migration_script(const struct migration *m, enum strata_direction dir,
                      struct migration_script *out) {
  if (dir == STRATA_UP) {
    *out = (struct migration_script){m->up, &m->up_section, migration_label(m)};
    return;
  }
  const char *file =
      m->down_path && !m->down_shared ? m->down_path : migration_label(m);
  *out = (struct migration_script){m->down, &m->down_section, file};
}

const char *migration_label(const struct migration *m) {
  return m->up_path != NULL ? m->up_path : m->label;
}
