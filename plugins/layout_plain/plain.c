/*
 * plain.c - strata's own layout, which golang-migrate and sqlx share:
 * VERSION_name.up.sql with an optional VERSION_name.down.sql, or
 * VERSION_name.sql for an up with no down.
 *
 * Before the direction a name may carry the engine it is written for and
 * ".autocommit" (VERSION_name.postgres.autocommit.up.sql): the engine's
 * file wins over the generic one of its version, and autocommit runs it
 * outside a transaction.  "V0001.Name.up.sql" is read as version 0001.
 * A first line "-- no-transaction" (sqlx) also runs a file outside a
 * transaction.
 */
#include <string.h>
#include <strings.h>

#include "text.h"

#define FORM                                                                   \
  "VERSION_name.sql, VERSION_name.up.sql or VERSION_name.down.sql (VERSION "   \
  "is digits)"

/* The engines a name may be written for: the drivers' URL schemes, and
 * "portable" for a file every engine renders for itself (PORTABLE.md). */
static const char *const dialects[] = {"postgres", "postgresql", "mysql",
                                       "mariadb",  "sqlite",     "sqlite3",
                                       "portable"};

/* Takes ".up" or ".down" off the end of the stem [path, path+*len). */
static enum strata_layout_role take_direction(const char *path, size_t *len) {
  if (layout_ends_with(path, *len, ".up", 0)) {
    *len -= 3;
    return STRATA_LAYOUT_UP;
  }
  if (layout_ends_with(path, *len, ".down", 0)) {
    *len -= 5;
    return STRATA_LAYOUT_DOWN;
  }
  return STRATA_LAYOUT_UP;
}

static int take_suffix(const char *path, size_t *len, const char *suffix) {
  if (!layout_ends_with(path, *len, suffix, 1))
    return 0;
  *len -= strlen(suffix);
  return 1;
}

/* The engine is the last dot-separated part of the stem, if it names one:
 * that part is found once, then compared with each name. */
static void take_dialect(const char *path, size_t *len,
                         struct strata_layout_file *out) {
  const char *dot = path + *len;
  while (dot > path && dot[-1] != '.')
    dot--;
  if (dot == path)
    return;
  size_t n = (size_t)(path + *len - dot);
  for (size_t i = 0; i < sizeof dialects / sizeof dialects[0]; i++) {
    if (strlen(dialects[i]) == n && strncasecmp(dot, dialects[i], n) == 0) {
      layout_copy(out->dialect, sizeof out->dialect, dialects[i], n);
      *len -= n + 1;
      return;
    }
  }
}

/* Reads "[V]digits" then '_' or '.' then the name, in [path, path+len). */
static int take_version_and_name(const char *path, size_t len,
                                 struct strata_layout_file *out) {
  size_t start = path[0] == 'V' || path[0] == 'v' ? 1 : 0, digits = start;
  while (digits < len && path[digits] >= '0' && path[digits] <= '9')
    digits++;
  if (digits == start || digits + 1 >= len ||
      (path[digits] != '_' && path[digits] != '.'))
    return 0;
  const char *name = path + digits + 1;
  size_t n = len - digits - 1;
  return layout_name_valid(name, n) &&
         layout_copy(out->version, sizeof out->version, path + start,
                     digits - start) &&
         layout_copy(out->name, sizeof out->name, name, n);
}

static int plain_parse_name(const struct strata_host *host, const char *path,
                            struct strata_layout_file *out,
                            struct strata_error *err) {
  memset(out, 0, sizeof *out);
  size_t len;
  if (!layout_sql_stem(path, &len))
    return 1;
  out->role = take_direction(path, &len);
  if (take_suffix(path, &len, ".autocommit"))
    out->flags |= STRATA_LAYOUT_NO_TRANSACTION;
  take_dialect(path, &len, out);
  if (!take_version_and_name(path, len, out))
    return layout_malformed(host, path, FORM, err);
  return 0;
}

static int plain_read_section(const struct strata_host *host, const char *text,
                              size_t length, enum strata_layout_role role,
                              enum strata_layout_direction direction,
                              struct strata_layout_section *out,
                              strata_layout_chunk_fn emit, void *ctx,
                              struct strata_error *err) {
  (void)host, (void)emit, (void)ctx, (void)err;
  layout_one_direction(role, direction, length, out);
  struct layout_line first;
  if (layout_next_line(text, length, 0, &first) &&
      layout_line_marker(text, &first, "no-transaction", NULL))
    out->flags |= STRATA_LAYOUT_NO_TRANSACTION;
  return 0;
}

static const struct strata_layout table = {
    .plugin =
        {
            .abi_version = STRATA_PLUGIN_ABI_VERSION,
            .kind = STRATA_PLUGIN_LAYOUT,
            .name = "plain",
            .struct_size = sizeof(struct strata_layout),
            .description = "VERSION_name.up.sql and .down.sql (strata, "
                           "golang-migrate, sqlx)",
            .version = "0.1.0",
        },
    .depth = 0,
    .parse_name = plain_parse_name,
    .read_section = plain_read_section,
};

/* The module's one export. */
const struct strata_plugin *layout_plain_LTX_strata_plugin_entry(void);
const struct strata_plugin *layout_plain_LTX_strata_plugin_entry(void) {
  return &table.plugin;
}
