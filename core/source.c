/*
 * source.c - the migrations of a folder, or of a list in memory, checked
 * and ordered by version.
 *
 * A folder is read with one pass of readdir(); its file names are sorted
 * once, so that an up file, its down file and any duplicate of its version
 * lie side by side; each up script is then read with one read().  Nothing
 * compares every file with every other: the time is the system calls', a
 * few per up file.
 */
#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "portable.h"
#include "util.h"
#include "version.h"

static const char utf8_bom[3] = {'\xEF', '\xBB', '\xBF'};

static int out_of_memory(struct strata_error *err) {
  return strata__error_set(err, STRATA_ENOMEM, "out of memory");
}

/* ---- script checks ------------------------------------------------------- */

/* Takes a leading byte-order mark off a script held in a heap buffer. */
static void strip_bom(char *text, size_t *len) {
  if (*len >= sizeof utf8_bom && memcmp(text, utf8_bom, sizeof utf8_bom) == 0) {
    *len -= sizeof utf8_bom;
    memmove(text, text + sizeof utf8_bom, *len + 1);
  }
}

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

static int is_blank_script(const char *text, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (!is_space(text[i]))
      return 0;
  return 1;
}

/* The number of continuation bytes a lead byte announces, and the range its
 * first continuation byte must fall in: narrower ranges after E0, ED, F0 and
 * F4 are what rule out overlong forms, surrogates and code points above
 * U+10FFFF.  0 continuation bytes with lo > hi marks an invalid lead. */
struct utf8_lead {
  int continuation;
  unsigned char lo, hi;
};

static struct utf8_lead utf8_lead(unsigned char c) {
  if (c >= 0xC2 && c <= 0xDF)
    return (struct utf8_lead){1, 0x80, 0xBF};
  if (c == 0xE0)
    return (struct utf8_lead){2, 0xA0, 0xBF};
  if (c == 0xED)
    return (struct utf8_lead){2, 0x80, 0x9F};
  if (c >= 0xE1 && c <= 0xEF)
    return (struct utf8_lead){2, 0x80, 0xBF};
  if (c == 0xF0)
    return (struct utf8_lead){3, 0x90, 0xBF};
  if (c >= 0xF1 && c <= 0xF3)
    return (struct utf8_lead){3, 0x80, 0xBF};
  if (c == 0xF4)
    return (struct utf8_lead){3, 0x80, 0x8F};
  return (struct utf8_lead){0, 1, 0};
}

/* The length of the valid multi-byte sequence at s[0], or 0. */
static size_t utf8_sequence(const unsigned char *s, size_t left) {
  struct utf8_lead lead = utf8_lead(s[0]);
  size_t n = (size_t)lead.continuation + 1;
  if (lead.continuation == 0 || left < n || s[1] < lead.lo || s[1] > lead.hi)
    return 0;
  for (size_t i = 2; i < n; i++)
    if (s[i] < 0x80 || s[i] > 0xBF)
      return 0;
  return n;
}

/* The offset of the first byte that is not valid UTF-8 or is NUL, or len
 * when there is none. */
static size_t first_bad_byte(const char *text, size_t len) {
  const unsigned char *s = (const unsigned char *)text;
  size_t i = 0;
  while (i < len) {
    if (s[i] != 0 && s[i] < 0x80) {
      i++;
      continue;
    }
    size_t n = s[i] == 0 ? 0 : utf8_sequence(s + i, len - i);
    if (n == 0)
      return i;
    i += n;
  }
  return len;
}

static int line_of(const char *text, size_t offset) {
  int line = 1;
  const char *p = text, *end = text + offset;
  while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
    line++;
    p++;
  }
  return line;
}

/* Refuses a script that is empty, not UTF-8, or holds a NUL byte; what and
 * label name it in the message ("migration file 'x.sql'"). */
static int check_script(const char *what, const char *label, const char *text,
                        size_t len, struct strata_error *err) {
  if (is_blank_script(text, len))
    return strata__error_set(err, STRATA_ESOURCE, "%s '%s' is empty", what,
                             label);
  size_t bad = first_bad_byte(text, len);
  if (bad == len)
    return 0;
  if (text[bad] == '\0')
    return strata__error_set(err, STRATA_ESOURCE,
                             "%s '%s' contains a NUL byte (line %d); save it "
                             "as UTF-8 text",
                             what, label, line_of(text, bad));
  return strata__error_set(err, STRATA_ESOURCE,
                           "%s '%s' is not valid UTF-8 (line %d)", what, label,
                           line_of(text, bad));
}

/* ---- reading files ------------------------------------------------------- */

static int cannot_read(const char *path, int errnum, struct strata_error *err) {
  return strata__error_set(err, STRATA_EIO,
                           "cannot read migration file '%s': %s", path,
                           strerror(errnum));
}

/* Reads up to size bytes, fewer only at the end of the file; -1 with errno
 * set on failure. */
static ssize_t read_up_to(int fd, char *buf, size_t size) {
  size_t got = 0;
  while (got < size) {
    ssize_t n = read(fd, buf + got, size - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return -1;
    if (n == 0)
      break;
    got += (size_t)n;
  }
  return (ssize_t)got;
}

/* Reads a whole file in one read() where the kernel allows it.  file is
 * opened relative to the folder open as at (AT_FDCWD: the working
 * directory); path names it in messages. */
static int read_file_at(int at, const char *file, const char *path, char **text,
                        size_t *len, struct strata_error *err) {
  *text = NULL;
  *len = 0;
  int fd = openat(at, file, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    int rc = cannot_read(path, errno, err);
    if (fd >= 0)
      close(fd);
    return rc;
  }
  char *buf = malloc((size_t)st.st_size + 1);
  ssize_t got = buf != NULL ? read_up_to(fd, buf, (size_t)st.st_size) : 0;
  int errnum = errno;
  close(fd);
  if (buf == NULL)
    return out_of_memory(err);
  if (got < 0) {
    free(buf);
    return cannot_read(path, errnum, err);
  }
  buf[got] = '\0';
  *text = buf;
  *len = (size_t)got;
  return 0;
}

/* Reads a script, without its byte-order mark, and checks it. */
static int read_script_at(int at, const char *file, const char *path,
                          char **text, size_t *len, struct strata_error *err) {
  int rc = read_file_at(at, file, path, text, len, err);
  if (rc != 0)
    return rc;
  strip_bom(*text, len);
  rc = check_script("migration file", path, *text, *len, err);
  if (rc != 0) {
    free(*text);
    *text = NULL;
    *len = 0;
  }
  return rc;
}

/* ---- the folder's files -------------------------------------------------- */

struct file {
  struct migration_filename parsed;
  char *path;         /* the folder and the name, for messages */
  const char *name;   /* the name in the folder: the tail of path */
  const char *digits; /* the version without its leading zeros */
  size_t digits_len;
};

struct file_list {
  struct file *items;
  size_t count;
  size_t cap;
};

static void file_list_release(struct file_list *list) {
  for (size_t i = 0; i < list->count; i++) {
    migration_filename_release(&list->items[i].parsed);
    free(list->items[i].path);
  }
  free(list->items);
}

/* dir/file, without doubling a '/' that ends dir. */
static char *join_path(const char *dir, const char *file) {
  size_t n = strlen(dir), len = strlen(file);
  size_t sep = n > 0 && dir[n - 1] == '/' ? 0 : 1;
  char *path = malloc(n + sep + len + 1);
  if (path == NULL)
    return NULL;
  memcpy(path, dir, n);
  path[n] = '/';
  memcpy(path + n + sep, file, len + 1);
  return path;
}

/* Sorting compares versions often: their significant digits are found once
 * here, so that a comparison is a length check and a memcmp(). */
static void set_sort_key(struct file *f) {
  f->digits = f->parsed.version;
  while (f->digits[0] == '0' && f->digits[1] != '\0')
    f->digits++;
  f->digits_len = strlen(f->digits);
}

static int compare_digits(const struct file *x, const struct file *y) {
  if (x->digits_len != y->digits_len)
    return x->digits_len < y->digits_len ? -1 : 1;
  return memcmp(x->digits, y->digits, x->digits_len);
}

static int file_list_add(struct file_list *list, struct migration_filename *f,
                         const char *dir, const char *name) {
  if (list->count == list->cap) {
    size_t cap = list->cap ? list->cap * 2 : 64;
    struct file *items = realloc(list->items, cap * sizeof *items);
    if (items == NULL)
      return STRATA_ENOMEM;
    list->items = items;
    list->cap = cap;
  }
  char *path = join_path(dir, name);
  if (path == NULL)
    return STRATA_ENOMEM;
  struct file *item = &list->items[list->count++];
  item->parsed = *f;
  item->path = path;
  item->name = path + strlen(path) - strlen(name);
  set_sort_key(item);
  return 0;
}

/* 1 when the entry is a regular file, following a symbolic link; 0 for
 * anything else, which the folder's reader skips. */
static int is_regular_file(DIR *d, const char *dir, const struct dirent *e,
                           struct strata_error *err) {
  if (e->d_type == DT_REG)
    return 1;
  if (e->d_type != DT_LNK && e->d_type != DT_UNKNOWN)
    return 0;
  struct stat st;
  if (fstatat(dirfd(d), e->d_name, &st, 0) == 0)
    return S_ISREG(st.st_mode);
  int errnum = errno;
  char *path = join_path(dir, e->d_name);
  int rc = path ? cannot_read(path, errnum, err) : out_of_memory(err);
  free(path);
  return rc;
}

/* Adds the entry to list when it is a migration file. */
static int take_entry(DIR *d, const char *dir, const struct dirent *e,
                      struct file_list *list, struct strata_error *err) {
  if (e->d_type == DT_DIR)
    return 0;
  struct migration_filename f;
  char plain[sizeof e->d_name];
  int rc = migration_filename_parse(
      portable_plain_name(e->d_name, plain, sizeof plain), &f, err);
  if (rc != 0)
    return rc > 0 ? 0 : rc;
  rc = is_regular_file(d, dir, e, err);
  if (rc == 1 && file_list_add(list, &f, dir, e->d_name) == 0)
    return 0;
  migration_filename_release(&f);
  return rc == 1 ? out_of_memory(err) : rc;
}

static int list_folder(DIR *d, const char *dir, struct file_list *list,
                       struct strata_error *err) {
  int rc = 0;
  struct dirent *e;
  errno = 0;
  while (rc == 0 && (e = readdir(d)) != NULL) {
    rc = take_entry(d, dir, e, list, err);
    errno = 0;
  }
  if (rc == 0 && errno != 0)
    rc = strata__error_set(err, STRATA_EIO,
                           "cannot read migrations folder '%s': %s", dir,
                           strerror(errno));
  return rc;
}

/* By version, then up or single before down, then by name: a version's
 * files end up side by side with the up file first. */
static int file_order(const void *a, const void *b) {
  const struct file *x = a, *y = b;
  int c = compare_digits(x, y);
  if (c != 0)
    return c;
  int x_down = x->parsed.kind == SCRIPT_DOWN;
  int y_down = y->parsed.kind == SCRIPT_DOWN;
  if (x_down != y_down)
    return x_down - y_down;
  return strcmp(x->name, y->name);
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

/* ---- the folder's migrations --------------------------------------------- */

static int duplicate(const struct file *a, const struct file *b,
                     struct strata_error *err) {
  return strata__error_set(err, STRATA_ESOURCE,
                           "duplicate migration version %s: '%s' and '%s'; "
                           "give one of them another version",
                           a->parsed.version, a->path, b->path);
}

/* Checks one version's files, which file_order() put side by side:
 * exactly one up (or single) file and at most one down file of the same
 * name. */
static int check_group(const struct file *g, size_t n,
                       struct strata_error *err) {
  if (g[0].parsed.kind == SCRIPT_DOWN)
    return strata__error_set(err, STRATA_ESOURCE,
                             "down file '%s' has no up file; add "
                             "'%s_%s.up.sql' or remove it",
                             g[0].path, g[0].parsed.version, g[0].parsed.name);
  if (n == 1)
    return 0;
  if (g[1].parsed.kind != SCRIPT_DOWN)
    return duplicate(&g[0], &g[1], err);
  if (n > 2)
    return duplicate(&g[1], &g[2], err);
  if (strcmp(g[0].parsed.name, g[1].parsed.name) != 0)
    return strata__error_set(err, STRATA_ESOURCE,
                             "down file '%s' does not match up file '%s' of "
                             "the same version; give them the same name",
                             g[1].path, g[0].path);
  return 0;
}

/* Moves the names of a checked group into m and reads its up script. */
static int build_migration(struct migration *m, DIR *d, struct file *g,
                           size_t n, struct strata_error *err) {
  m->version = g[0].parsed.version;
  m->name = g[0].parsed.name;
  m->up_path = g[0].path;
  g[0].parsed.version = NULL;
  g[0].parsed.name = NULL;
  g[0].path = NULL;
  m->has_down = n == 2 || portable_is_up(m->up_path);
  if (n == 2) {
    m->down_path = g[1].path;
    g[1].path = NULL;
  }
  int rc =
      read_script_at(dirfd(d), g[0].name, m->up_path, &m->up, &m->up_len, err);
  if (rc == 0)
    checksum_script(m->up, m->up_len, m->checksum);
  return rc;
}

static size_t group_length(const struct file *items, size_t count) {
  size_t n = 1;
  while (n < count && compare_digits(&items[0], &items[n]) == 0)
    n++;
  return n;
}

static int build_migrations(struct source *src, DIR *d, struct file_list *list,
                            struct strata_error *err) {
  src->items = calloc(list->count ? list->count : 1, sizeof *src->items);
  if (src->items == NULL)
    return out_of_memory(err);
  size_t i = 0;
  while (i < list->count) {
    size_t n = group_length(list->items + i, list->count - i);
    int rc = check_group(list->items + i, n, err);
    if (rc == 0)
      rc = build_migration(&src->items[src->count++], d, list->items + i, n,
                           err);
    if (rc != 0)
      return rc;
    i += n;
  }
  return 0;
}

static int load_folder(struct source *src, DIR *d, const char *dir,
                       struct strata_error *err) {
  struct file_list list = {NULL, 0, 0};
  int rc = list_folder(d, dir, &list, err);
  if (rc == 0) {
    if (list.count > 1)
      qsort(list.items, list.count, sizeof *list.items, file_order);
    rc = build_migrations(src, d, &list, err);
  }
  file_list_release(&list);
  return rc;
}

static void source_init(struct source *src) {
  src->items = NULL;
  src->count = 0;
  src->dir = NULL;
}

int source_load_folder(struct source *src, const char *dir,
                       struct strata_error *err) {
  source_init(src);
  DIR *d;
  int rc = open_folder(dir, &d, err);
  if (rc != 0)
    return rc;
  src->dir = strata__strdup(dir);
  rc = src->dir != NULL ? load_folder(src, d, dir, err) : out_of_memory(err);
  closedir(d);
  if (rc != 0)
    source_release(src);
  return rc;
}

/* ---- memory -------------------------------------------------------------- */

static char *copy_script(const char *text, size_t *len) {
  *len = strlen(text);
  char *copy = strata__strndup(text, *len);
  if (copy != NULL)
    strip_bom(copy, len);
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
  m->label = strata__asprintf("%s_%s", def->version, def->name);
  m->version = strata__strdup(def->version);
  m->name = strata__strdup(def->name);
  return m->label && m->version && m->name ? 0 : out_of_memory(err);
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
  int rc = check_script("migration", label, m->up, m->up_len, err);
  if (rc == 0 && m->has_down)
    rc = check_script("down script of migration", label, m->down, m->down_len,
                      err);
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

static void migration_release(struct migration *m) {
  free(m->label);
  free(m->name);
  free(m->version);
  free(m->up_path);
  free(m->down_path);
  free(m->up);
  free(m->down);
}

void source_release(struct source *src) {
  for (size_t i = 0; i < src->count; i++)
    migration_release(&src->items[i]);
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

int source_load_down(struct migration *m, struct strata_error *err) {
  if (m->down != NULL)
    return 0;
  if (!m->has_down || m->down_path == NULL)
    return strata__error_set(err, STRATA_ENODOWN,
                             "migration '%s' has no down script",
                             migration_label(m));
  return read_script_at(AT_FDCWD, m->down_path, m->down_path, &m->down,
                        &m->down_len, err);
}

const char *migration_label(const struct migration *m) {
  return m->up_path != NULL ? m->up_path : m->label;
}
