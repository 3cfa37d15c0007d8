/*
 * dbmate.c - dbmate's layout: one file per migration, VERSION_name.sql,
 * holding both directions:
 *
 *   -- migrate:up
 *   CREATE TABLE users (id int);
 *
 *   -- migrate:down
 *   DROP TABLE users;
 *
 * "transaction:false" after a marker runs that section outside a
 * transaction.  The markers are read without case and with any blanks
 * around them.  A file of only comments is an empty migration, with an
 * empty down; a file with SQL and no "-- migrate:up" is refused, as dbmate
 * refuses it.
 */
#include <string.h>

#include "text.h"

#define FORM "VERSION_name.sql (VERSION is digits)"

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}
#define UP_MARKER "migrate:up"
#define DOWN_MARKER "migrate:down"

/* dbmate takes any .sql file that starts with a digit: the digits are the
 * version, whatever follows is the name ("20200101-add_users.sql",
 * "0001.sql").  The name drops one separator after the digits; a character
 * a migration name cannot hold becomes '_', and a file with no name is
 * named by its version. */
static int dbmate_parse_name(const struct strata_host *host, const char *path,
                             struct strata_layout_file *out,
                             struct strata_error *err) {
  memset(out, 0, sizeof *out);
  size_t len, digits = 0;
  if (!layout_sql_stem(path, &len))
    return 1;
  while (digits < len && is_digit(path[digits]))
    digits++;
  size_t from = digits < len && (path[digits] == '_' || path[digits] == '-')
                    ? digits + 1
                    : digits;
  if (from == len)
    from = 0;
  if (digits == 0 || strchr(path, '/') != NULL ||
      !layout_copy(out->version, sizeof out->version, path, digits) ||
      !layout_copy(out->name, sizeof out->name, path + from, len - from))
    return layout_malformed(host, path, FORM, err);
  for (size_t i = 0; out->name[i] != '\0'; i++)
    if (!layout_name_valid(&out->name[i], 1))
      out->name[i] = '_';
  out->role = STRATA_LAYOUT_SECTIONS;
  return 0;
}

/* Where the file's markers are: each marker line, and whether its options
 * say transaction:false. */
struct markers {
  int has_up, has_down;
  struct layout_line up, down;
  int up_no_tx, down_no_tx;
};

static int twice(const struct strata_host *host, const char *marker,
                 size_t offset, struct strata_error *err) {
  return layout_refuse_at(host, offset, err,
                          "'-- %s' appears twice; a dbmate migration has one "
                          "up and one down section",
                          marker);
}

static int find_markers(const struct strata_host *host, const char *text,
                        size_t length, struct markers *m,
                        struct strata_error *err) {
  memset(m, 0, sizeof *m);
  struct layout_line l;
  for (size_t pos = 0; layout_next_line(text, length, pos, &l); pos = l.next) {
    size_t rest;
    if (layout_line_marker(text, &l, UP_MARKER, &rest)) {
      if (m->has_up)
        return twice(host, UP_MARKER, l.start, err);
      m->has_up = 1, m->up = l;
      m->up_no_tx = layout_line_has_word(text, rest, &l, "transaction:false");
    } else if (layout_line_marker(text, &l, DOWN_MARKER, &rest)) {
      if (m->has_down)
        return twice(host, DOWN_MARKER, l.start, err);
      m->has_down = 1, m->down = l;
      m->down_no_tx = layout_line_has_word(text, rest, &l, "transaction:false");
    }
  }
  return 0;
}

/* A section runs from the line after its marker to the other marker when
 * that comes later, else to the end of the file. */
static void section_between(const struct layout_line *marker, int other_later,
                            const struct layout_line *other, size_t length,
                            struct strata_layout_section *out) {
  out->present = 1;
  out->offset = marker->next;
  size_t end = other_later ? other->start : length;
  out->length = end > out->offset ? end - out->offset : 0;
}

static int dbmate_read_section(const struct strata_host *host, const char *text,
                               size_t length, enum strata_layout_role role,
                               enum strata_layout_direction direction,
                               struct strata_layout_section *out,
                               strata_layout_chunk_fn emit, void *ctx,
                               struct strata_error *err) {
  (void)role, (void)emit, (void)ctx;
  memset(out, 0, sizeof *out);
  struct markers m;
  int rc = find_markers(host, text, length, &m, err);
  if (rc != 0)
    return rc;
  if (!m.has_up && !m.has_down)
    return layout_unmarked_sections(host, text, length, "dbmate", UP_MARKER,
                                    out, err);
  if (direction == STRATA_LAYOUT_DIR_UP && m.has_up) {
    section_between(&m.up, m.has_down && m.down.start > m.up.start, &m.down,
                    length, out);
    out->flags = m.up_no_tx ? STRATA_LAYOUT_NO_TRANSACTION : 0;
  } else if (direction == STRATA_LAYOUT_DIR_DOWN && m.has_down) {
    section_between(&m.down, m.has_up && m.up.start > m.down.start, &m.up,
                    length, out);
    out->flags = m.down_no_tx ? STRATA_LAYOUT_NO_TRANSACTION : 0;
  }
  return 0;
}

static int dbmate_claims(const char *path, const char *text, size_t length) {
  (void)path;
  return layout_has_marker(text, length, UP_MARKER) ||
         layout_has_marker(text, length, DOWN_MARKER);
}

static const struct strata_layout table = {
    .plugin =
        {
            .abi_version = STRATA_PLUGIN_ABI_VERSION,
            .kind = STRATA_PLUGIN_LAYOUT,
            .name = "dbmate",
            .struct_size = sizeof(struct strata_layout),
            .description = "dbmate: one file, '-- migrate:up' and "
                           "'-- migrate:down' sections",
            .version = "0.1.0",
        },
    .depth = 0,
    .parse_name = dbmate_parse_name,
    .read_section = dbmate_read_section,
    .claims = dbmate_claims,
};

/* The module's one export. */
const struct strata_plugin *layout_dbmate_LTX_strata_plugin_entry(void);
const struct strata_plugin *layout_dbmate_LTX_strata_plugin_entry(void) {
  return &table.plugin;
}
