/*
 * source_read.c - reading one migration file, checking it, and finding its
 * sections.
 */
#include "source_read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "markers.h"
#include "util.h"

static const char utf8_bom[3] = {'\xEF', '\xBB', '\xBF'};

static int out_of_memory(struct strata_error *err) {
  return strata__error_set(err, STRATA_ENOMEM, "out of memory");
}

/* ---- script checks ------------------------------------------------------- */

void source_strip_bom(char *text, size_t *len) {
  if (*len >= sizeof utf8_bom && memcmp(text, utf8_bom, sizeof utf8_bom) == 0) {
    *len -= sizeof utf8_bom;
    memmove(text, text + sizeof utf8_bom, *len + 1);
  }
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

/* Whether the 8 bytes at s are all ASCII and none is NUL: most of a
 * script is, and is passed 8 bytes at a time. */
static int plain_ascii8(const unsigned char *s) {
  uint64_t w;
  memcpy(&w, s, sizeof w);
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  return ((w | ((w - ones) & ~w)) & highs) == 0;
}

/* The offset of the first byte that is not valid UTF-8 or is NUL, or len
 * when there is none. */
static size_t first_bad_byte(const char *text, size_t len) {
  const unsigned char *s = (const unsigned char *)text;
  size_t i = 0;
  while (i < len) {
    if (len - i >= 8 && plain_ascii8(s + i)) {
      i += 8;
      continue;
    }
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

/* Refuses a script that is not UTF-8 or holds a NUL byte.  An empty script
 * is fine: real sets keep empty migrations on purpose, and they apply as
 * no-ops. */
static int check_encoding(const char *what, const char *label, const char *text,
                          size_t len, int binary, struct strata_error *err) {
  size_t bad = binary ? strnlen(text, len) : first_bad_byte(text, len);
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

/* Refuses a script that holds another tool's section markers: run whole, it
 * would run its own down section as part of its up. */
static int check_no_sections(const char *what, const char *label,
                             const char *text, size_t len, const char *layout,
                             struct strata_error *err) {
  struct marker_hit hit;
  if (!markers_find_foreign(text, len, layout, &hit))
    return 0;
  return strata__error_set(err, STRATA_ESOURCE,
                           "%s '%s' holds the %s section marker '%s' (line "
                           "%d): it is a %s migration, which must not run "
                           "whole; pass --layout %s (or set layout = %s in "
                           "strata.conf)",
                           what, label, hit.layout, hit.marker, hit.line,
                           hit.layout, hit.layout, hit.layout);
}

/* Refuses a file `strata new` wrote that nobody has written in yet: that
 * one is a forgotten migration, not an intended no-op. */
static int check_written(const char *path, const char *text, size_t len,
                         const char *template, struct strata_error *err) {
  if (len != strlen(template) || memcmp(text, template, len) != 0)
    return 0;
  return strata__error_set(err, STRATA_ESOURCE,
                           "migration file '%s' is still the template 'strata "
                           "new' wrote; write the change in it, or delete it",
                           path);
}

/* ---- reading files ------------------------------------------------------- */

int source_cannot_read(const char *path, int errnum, struct strata_error *err) {
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

/* The rest of a file whose first got bytes filled head: as long as fstat()
 * says it is, read into a buffer that takes head too. */
static int read_rest(int fd, const char *head, size_t got, char **text,
                     size_t *len) {
  struct stat st;
  if (fstat(fd, &st) != 0)
    return -1;
  size_t size = (size_t)st.st_size > got ? (size_t)st.st_size : got;
  char *buf = malloc(size + 1);
  if (buf == NULL)
    return -2;
  memcpy(buf, head, got);
  ssize_t more = read_up_to(fd, buf + got, size - got);
  if (more < 0) {
    free(buf);
    return -1;
  }
  *len = got + (size_t)more;
  buf[*len] = '\0';
  *text = buf;
  return 0;
}

/* The file's text, open as fd: a short file (most migrations) with one
 * read() into head, then copied to a buffer of its size, since a regular
 * file's read() comes back short only at its end (the files read here are
 * regular); a longer one as fstat() sizes it.  0, -1 with errno set, or -2
 * when memory ran out. */
static int read_text(int fd, char **text, size_t *len) {
  char head[8192];
  ssize_t got;
  do
    got = read(fd, head, sizeof head);
  while (got < 0 && errno == EINTR);
  if (got < 0)
    return -1;
  if ((size_t)got == sizeof head)
    return read_rest(fd, head, (size_t)got, text, len);
  *text = malloc((size_t)got + 1);
  if (*text == NULL)
    return -2;
  memcpy(*text, head, (size_t)got);
  (*text)[got] = '\0';
  *len = (size_t)got;
  return 0;
}

/* file is opened relative to the folder open as at (AT_FDCWD: the working
 * directory); path names it in messages. */
int source_read_file(int at, const char *file, const char *path, char **text,
                     size_t *len, struct strata_error *err) {
  *text = NULL;
  *len = 0;
  int fd = openat(at, file, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return source_cannot_read(path, errno, err);
  int rc = read_text(fd, text, len);
  int errnum = errno;
  close(fd);
  if (rc == -2)
    return out_of_memory(err);
  return rc < 0 ? source_cannot_read(path, errnum, err) : 0;
}

int source_check_script(const char *what, const char *label, const char *text,
                        size_t len, const char *layout, int binary,
                        struct strata_error *err) {
  int rc = check_encoding(what, label, text, len, binary, err);
  return rc ? rc : check_no_sections(what, label, text, len, layout, err);
}

int source_read_script(int at, const char *file, const char *path,
                       const char *layout, int binary, const char *template,
                       char **text, size_t *len, struct strata_error *err) {
  int rc = source_read_file(at, file, path, text, len, err);
  return rc ? rc
            : source_accept_script(path, layout, binary, template, text, len,
                                   err);
}

int source_accept_script(const char *path, const char *layout, int binary,
                         const char *template, char **text, size_t *len,
                         struct strata_error *err) {
  source_strip_bom(*text, len);
  int rc = check_written(path, *text, *len, template, err);
  if (rc == 0)
    rc = source_check_script("migration file", path, *text, *len, layout,
                             binary, err);
  if (rc != 0) {
    free(*text);
    *text = NULL;
    *len = 0;
  }
  return rc;
}

/* ---- sections ------------------------------------------------------------ */

struct chunk_list {
  struct section *section;
  size_t cap;
  size_t text_length;
};

static int add_chunk(void *ctx, size_t offset, size_t length, int whole) {
  struct chunk_list *c = ctx;
  struct section *s = c->section;
  if (offset > c->text_length || length > c->text_length - offset)
    return STRATA_EINVAL;
  if (s->chunk_count == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 8;
    struct chunk *grown = realloc(s->chunks, cap * sizeof *grown);
    if (grown == NULL)
      return STRATA_ENOMEM;
    s->chunks = grown;
    c->cap = cap;
  }
  s->chunks[s->chunk_count++] = (struct chunk){offset, length, whole};
  return 0;
}

static int bad_section(const char *path, const char *text, int rc,
                       struct strata_error *err) {
  if (rc == STRATA_ENOMEM)
    return strata__error_set(err, rc, "out of memory reading '%s'", path);
  if (rc == STRATA_EINVAL)
    return strata__error_set(err, STRATA_EPLUGIN,
                             "the layout plugin gave a range outside '%s'",
                             path);
  if (err->offset >= 0)
    strata__error_locate(err, path, text, 0);
  return rc;
}

int source_read_section(const struct strata_layout *layout,
                        const struct strata_host *host, const char *path,
                        const char *text, size_t len,
                        enum strata_layout_role role,
                        enum strata_layout_direction dir, struct section *out,
                        int *present, struct strata_error *err) {
  memset(out, 0, sizeof *out);
  *present = role == STRATA_LAYOUT_DOWN ? dir == STRATA_LAYOUT_DIR_DOWN
                                        : dir == STRATA_LAYOUT_DIR_UP;
  out->length = *present ? len : 0;
  if (layout == NULL || layout->read_section == NULL)
    return 0;
  struct strata_layout_section found = {0, 0, 0, 0};
  struct chunk_list c = {out, 0, len};
  err->offset = -1;
  int rc = layout->read_section(host, text, len, role, dir, &found, add_chunk,
                                &c, err);
  if (rc == 0 && (found.offset > len || found.length > len - found.offset))
    rc = STRATA_EINVAL;
  if (rc != 0) {
    source_section_release(out);
    return bad_section(path, text, rc, err);
  }
  *present = found.present;
  out->offset = found.offset;
  out->length = found.length;
  out->flags = found.flags;
  return 0;
}

void source_section_release(struct section *s) {
  free(s->chunks);
  s->chunks = NULL;
  s->chunk_count = 0;
}
