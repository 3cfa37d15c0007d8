/*
 * flyway.c - Flyway's layout: V<version>__<description>.sql, with
 * U<version>__<description>.sql as the undo of that version, and
 * R__<description>.sql for repeatable migrations.
 *
 * Versions are runs of digits joined by '.' or '_' (V1_2 is version 1.2)
 * and compare run by run: V1_2 < V1_10 < V2.  The history records them
 * dotted, as Flyway shows them.  A repeatable migration is applied after
 * every versioned one and again each time its text changes.  A description
 * keeps letters, digits, '_' and '-'; any other character becomes '_'.
 * A placeholder, ${name}, is refused: strata has no values to put there.
 */
#include <string.h>

#include "text.h"

#define FORM                                                                   \
  "V<version>__<description>.sql, U<version>__<description>.sql or "           \
  "R__<description>.sql (version: digits joined by '.' or '_')"

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* The role a name's first letter gives, or 0 for none of Flyway's. */
static enum strata_layout_role role_of(char c) {
  switch (c) {
  case 'V':
  case 'v': return STRATA_LAYOUT_UP;
  case 'U':
  case 'u': return STRATA_LAYOUT_DOWN;
  case 'R':
  case 'r': return STRATA_LAYOUT_REPEATABLE;
  }
  return 0;
}

/* Reads the version [s, s+n) into out, '_' written as '.'. */
static int take_version(const char *s, size_t n,
                        struct strata_layout_file *out) {
  if (n == 0 || n >= sizeof out->version || !is_digit(s[0]) ||
      !is_digit(s[n - 1]))
    return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i] == '_' ? '.' : s[i];
    if (!is_digit(c) && !(c == '.' && is_digit(s[i + 1])))
      return 0;
    out->version[i] = c;
  }
  out->version[n] = '\0';
  return 1;
}

static int take_description(const char *s, size_t n,
                            struct strata_layout_file *out) {
  if (n == 0 || !layout_copy(out->name, sizeof out->name, s, n))
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!layout_name_valid(&out->name[i], 1))
      out->name[i] = '_';
  return 1;
}

/* Where "__" first appears in [s, s+n), or NULL. */
static const char *separator(const char *s, size_t n) {
  for (size_t i = 0; i + 1 < n; i++)
    if (s[i] == '_' && s[i + 1] == '_')
      return s + i;
  return NULL;
}

/* Whether path is one of Flyway's SQL callbacks (afterMigrate.sql,
 * beforeEachMigrate__note.sql): Flyway runs them around each migrate, so
 * passing over one would leave the database short of what Flyway gives. */
static int is_callback(const char *path, size_t len) {
  size_t prefix = strncmp(path, "before", 6) == 0  ? 6
                  : strncmp(path, "after", 5) == 0 ? 5
                                                   : 0;
  return prefix > 0 && prefix < len && path[prefix] >= 'A' &&
         path[prefix] <= 'Z' && strchr(path, '/') == NULL;
}

static int flyway_parse_name(const struct strata_host *host, const char *path,
                             struct strata_layout_file *out,
                             struct strata_error *err) {
  memset(out, 0, sizeof *out);
  size_t len;
  if (layout_sql_stem(path, &len) && is_callback(path, len))
    return host->error_set(err, STRATA_ESOURCE,
                           "'%s' is a Flyway callback, which strata does not "
                           "run: fold its SQL into a migration or move it out "
                           "of the folder",
                           path);
  enum strata_layout_role role = role_of(path[0]);
  if (role == 0 || !layout_sql_stem(path, &len))
    return 1;
  const char *sep = separator(path + 1, len - 1);
  if (sep == NULL)
    return layout_malformed(host, path, FORM, err);
  size_t version_len = (size_t)(sep - (path + 1));
  const char *desc = sep + 2;
  size_t desc_len = len - (size_t)(desc - path);
  int ok = role == STRATA_LAYOUT_REPEATABLE
               ? version_len == 0
               : take_version(path + 1, version_len, out);
  if (!ok || !take_description(desc, desc_len, out))
    return layout_malformed(host, path, FORM, err);
  out->role = role;
  return 0;
}

/* Whether c may be in a placeholder's name: ${name}, ${flyway:user}. */
static int is_placeholder_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         c == '_' || c == ':' || c == '.' || c == '-';
}

/* The length of the placeholder "${name}" at text[p] within the line that
 * ends at end, or 0 when there is none there. */
static size_t placeholder_at(const char *text, size_t p, size_t end) {
  if (p + 3 > end || text[p] != '$' || text[p + 1] != '{')
    return 0;
  size_t q = p + 2;
  while (q < end && is_placeholder_char(text[q]))
    q++;
  return q > p + 2 && q < end && text[q] == '}' ? q + 1 - p : 0;
}

/* Flyway replaces ${name} with a value from its configuration, and stops
 * when it has none; strata has no such values, and sending the text as it
 * is would fail on the server with a syntax error far from the cause, or
 * worse, succeed with the wrong name.  A placeholder on a "--" comment line
 * changes nothing and is let be. */
static int refuse_placeholders(const struct strata_host *host,
                               const char *text, size_t length,
                               struct strata_error *err) {
  struct layout_line l;
  for (size_t pos = 0; layout_next_line(text, length, pos, &l); pos = l.next) {
    if (layout_only_comments(text, l.start, l.next))
      continue;
    for (size_t p = l.start; p < l.end; p++) {
      size_t n = placeholder_at(text, p, l.end);
      if (n > 0)
        return layout_refuse_at(host, p, err,
                                "Flyway placeholder '%.*s', which strata "
                                "does not replace: write its value in the "
                                "migration instead",
                                (int)n, text + p);
    }
  }
  return 0;
}

static int flyway_read_section(const struct strata_host *host,
                               const char *text, size_t length,
                               enum strata_layout_role role,
                               enum strata_layout_direction direction,
                               struct strata_layout_section *out,
                               strata_layout_chunk_fn emit, void *ctx,
                               struct strata_error *err) {
  (void)emit, (void)ctx;
  layout_one_direction(role, direction, length, out);
  return out->present ? refuse_placeholders(host, text, length, err) : 0;
}

/* A Flyway name is unmistakable: V1__x.sql, R__x.sql. */
static int flyway_claims(const char *path, const char *text, size_t length) {
  (void)text, (void)length;
  size_t len = strlen(path);
  enum strata_layout_role role = role_of(path[0]);
  if (role == 0 || !layout_ends_with(path, len, ".sql", 0))
    return 0;
  const char *sep = separator(path + 1, len - 5);
  if (sep == NULL)
    return 0;
  if (role == STRATA_LAYOUT_REPEATABLE)
    return sep == path + 1;
  return sep > path + 1 && is_digit(path[1]);
}

static const struct strata_layout table = {
    .plugin =
        {
            .abi_version = STRATA_PLUGIN_ABI_VERSION,
            .kind = STRATA_PLUGIN_LAYOUT,
            .name = "flyway",
            .struct_size = sizeof(struct strata_layout),
            .description = "Flyway: V1.2__x.sql, U1.2__x.sql undo files, "
                           "R__x.sql repeatables",
            .version = "0.1.0",
        },
    .depth = 0,
    .parse_name = flyway_parse_name,
    .read_section = flyway_read_section,
    .claims = flyway_claims,
};

/* The module's one export. */
const struct strata_plugin *layout_flyway_LTX_strata_plugin_entry(void);
const struct strata_plugin *layout_flyway_LTX_strata_plugin_entry(void) {
  return &table.plugin;
}
