/*
 * diesel.c - diesel's layout: one folder per migration,
 * <version>_<name>/up.sql and down.sql, where the version is a timestamp
 * such as 2017-11-25-000000 or 20171125000000.
 *
 * Diesel orders migrations by their version; the dashes carry no order of
 * their own, so the version is kept as its digits (2017-11-25-000000 is
 * 20171125000000), which also is what diesel records.  A migration's
 * metadata.toml may say "run_in_transaction = false": both directions then
 * run outside a transaction.  Other files of its folder are not read.
 */
#include <string.h>

#include "text.h"

#define FORM "<version>_<name>/up.sql and down.sql (version: digits and '-')"

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* The file's role from its name inside the folder; 0 for another file. */
static enum strata_layout_role role_of(const char *file) {
  if (strcmp(file, "up.sql") == 0)
    return STRATA_LAYOUT_UP;
  if (strcmp(file, "down.sql") == 0)
    return STRATA_LAYOUT_DOWN;
  if (strcmp(file, "metadata.toml") == 0)
    return STRATA_LAYOUT_SETTINGS;
  return 0;
}

/* Reads "<digits and dashes>_<name>" from the folder's name. */
static int take_folder(const char *folder, size_t n,
                       struct strata_layout_file *out) {
  size_t i = 0, digits = 0;
  while (i < n && (is_digit(folder[i]) || folder[i] == '-')) {
    if (is_digit(folder[i])) {
      if (digits + 1 >= sizeof out->version)
        return 0;
      out->version[digits++] = folder[i];
    }
    i++;
  }
  out->version[digits] = '\0';
  if (digits == 0 || i + 1 >= n || folder[i] != '_')
    return 0;
  return layout_name_valid(folder + i + 1, n - i - 1) &&
         layout_copy(out->name, sizeof out->name, folder + i + 1, n - i - 1);
}

static int diesel_parse_name(const struct strata_host *host, const char *path,
                             struct strata_layout_file *out,
                             struct strata_error *err) {
  memset(out, 0, sizeof *out);
  const char *slash = strchr(path, '/');
  if (slash == NULL || (out->role = role_of(slash + 1)) == 0)
    return 1;
  if (!take_folder(path, (size_t)(slash - path), out))
    return layout_malformed(host, path, FORM, err);
  return 0;
}

/* Whether the line [p, end) is "run_in_transaction = false", give or take
 * blanks and a trailing comment. */
static int says_no_transaction(const char *p, const char *end) {
  static const char key[] = "run_in_transaction";
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  if ((size_t)(end - p) < sizeof key - 1 || memcmp(p, key, sizeof key - 1))
    return 0;
  p += sizeof key - 1;
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  if (p == end || *p++ != '=')
    return 0;
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  if ((size_t)(end - p) < 5 || memcmp(p, "false", 5) != 0)
    return 0;
  for (p += 5; p < end && *p != '#'; p++)
    if (*p != ' ' && *p != '\t' && *p != '\r')
      return 0;
  return 1;
}

static int diesel_read_section(const struct strata_host *host, const char *text,
                               size_t length, enum strata_layout_role role,
                               enum strata_layout_direction direction,
                               struct strata_layout_section *out,
                               strata_layout_chunk_fn emit, void *ctx,
                               struct strata_error *err) {
  (void)host, (void)emit, (void)ctx, (void)err;
  if (role != STRATA_LAYOUT_SETTINGS) {
    layout_one_direction(role, direction, length, out);
    return 0;
  }
  memset(out, 0, sizeof *out);
  struct layout_line l;
  for (size_t pos = 0; layout_next_line(text, length, pos, &l); pos = l.next)
    if (says_no_transaction(text + l.start, text + l.end))
      out->flags |= STRATA_LAYOUT_NO_TRANSACTION;
  return 0;
}

static int diesel_claims(const char *path, const char *text, size_t length) {
  (void)text, (void)length;
  const char *slash = strchr(path, '/');
  return slash != NULL && role_of(slash + 1) == STRATA_LAYOUT_UP &&
         is_digit(path[0]);
}

static const struct strata_layout table = {
    .plugin =
        {
            .abi_version = STRATA_PLUGIN_ABI_VERSION,
            .kind = STRATA_PLUGIN_LAYOUT,
            .name = "diesel",
            .struct_size = sizeof(struct strata_layout),
            .description = "diesel: <version>_<name>/up.sql and down.sql",
            .version = "0.1.0",
        },
    .depth = 1,
    .parse_name = diesel_parse_name,
    .read_section = diesel_read_section,
    .claims = diesel_claims,
};

/* The module's one export. */
const struct strata_plugin *layout_diesel_LTX_strata_plugin_entry(void);
const struct strata_plugin *layout_diesel_LTX_strata_plugin_entry(void) {
  return &table.plugin;
}
