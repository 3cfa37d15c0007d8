/*
 * config.c - settings from the caller, the environment, .env and
 * strata.conf.
 *
 * Each source is read whole into a scratch config of its own, then fills
 * only the keys still unset in the caller's: so the caller's values beat the
 * environment, which beats .env, which beats strata.conf, and within one
 * source the last line for a key wins.  An empty value sets nothing.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "util.h"

struct strata_config_entry {
  const char *key; /* one of known_keys */
  char *value;
};

static const char *const known_keys[] = {
    "url",          "dir",  "table",
    "lock_timeout", "wait", "allow_out_of_order",
    "plugin_path",  "dump", "layout", "lint", "lint_rules",
};
#define KEY_COUNT (sizeof known_keys / sizeof known_keys[0])

static const char *known_key(const char *key) {
  for (size_t i = 0; i < KEY_COUNT; i++)
    if (strcmp(known_keys[i], key) == 0)
      return known_keys[i];
  return NULL;
}

static struct strata_config_entry *find_entry(const struct strata_config *cfg,
                                              const char *key) {
  for (size_t i = 0; i < cfg->count; i++)
    if (strcmp(cfg->entries[i].key, key) == 0)
      return &cfg->entries[i];
  return NULL;
}

void strata_config_init(struct strata_config *cfg) {
  cfg->entries = NULL;
  cfg->count = 0;
}

static int add_entry(struct strata_config *cfg, const char *key, char *value) {
  struct strata_config_entry *entries =
      realloc(cfg->entries, (cfg->count + 1) * sizeof *entries);
  if (entries == NULL)
    return STRATA_ENOMEM;
  entries[cfg->count++] = (struct strata_config_entry){key, value};
  cfg->entries = entries;
  return 0;
}

static void remove_entry(struct strata_config *cfg,
                         struct strata_config_entry *e) {
  free(e->value);
  *e = cfg->entries[--cfg->count];
}

/* A NULL value unsets the key. */
int strata_config_set(struct strata_config *cfg, const char *key,
                      const char *value) {
  const char *name = key != NULL ? known_key(key) : NULL;
  if (name == NULL)
    return STRATA_EINVAL;
  struct strata_config_entry *e = find_entry(cfg, name);
  if (value == NULL) {
    if (e != NULL)
      remove_entry(cfg, e);
    return 0;
  }
  char *copy = strata__strdup(value);
  if (copy == NULL)
    return STRATA_ENOMEM;
  if (e == NULL) {
    int rc = add_entry(cfg, name, copy);
    if (rc != 0)
      free(copy);
    return rc;
  }
  free(e->value);
  e->value = copy;
  return 0;
}

const char *strata_config_get(const struct strata_config *cfg,
                              const char *key) {
  const struct strata_config_entry *e = find_entry(cfg, key);
  return e != NULL ? e->value : NULL;
}

void strata_config_release(struct strata_config *cfg) {
  for (size_t i = 0; i < cfg->count; i++)
    free(cfg->entries[i].value);
  free(cfg->entries);
  strata_config_init(cfg);
}

int strata_config_copy(struct strata_config *dst,
                       const struct strata_config *src) {
  struct strata_config copy;
  strata_config_init(&copy);
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < src->count; i++)
    rc = strata_config_set(&copy, src->entries[i].key, src->entries[i].value);
  if (rc != 0) {
    strata_config_release(&copy);
    return rc;
  }
  strata_config_release(dst);
  *dst = copy;
  return 0;
}

/* ---- sources ------------------------------------------------------------- */

/* What one source holds.  DATABASE_URL is kept aside because STRATA_URL
 * beats it wherever either appears in the source. */
struct found {
  struct strata_config values;
  char *database_url;
};

static void found_init(struct found *f) {
  strata_config_init(&f->values);
  f->database_url = NULL;
}

static void found_release(struct found *f) {
  strata_config_release(&f->values);
  free(f->database_url);
  f->database_url = NULL;
}

static int set_database_url(struct found *f, const char *value) {
  char *copy = strata__strdup(value);
  if (copy == NULL)
    return STRATA_ENOMEM;
  free(f->database_url);
  f->database_url = copy;
  return 0;
}

/* 1 when suffix is key in upper case ("LOCK_TIMEOUT", "lock_timeout"). */
static int names_key(const char *suffix, const char *key) {
  for (; *key != '\0'; suffix++, key++)
    if (*suffix != toupper((unsigned char)*key))
      return 0;
  return *suffix == '\0';
}

/* Takes DATABASE_URL, or STRATA_<KEY> for a known key; other names are not
 * strata's and are left alone. */
static int found_variable(struct found *f, const char *name,
                          const char *value) {
  if (value[0] == '\0')
    return 0;
  if (strcmp(name, "DATABASE_URL") == 0)
    return set_database_url(f, value);
  if (strncmp(name, "STRATA_", 7) != 0)
    return 0;
  for (size_t i = 0; i < KEY_COUNT; i++)
    if (names_key(name + 7, known_keys[i]))
      return strata_config_set(&f->values, known_keys[i], value);
  return 0;
}

/* Copies into cfg the keys the source set and cfg has not. */
static int fill_unset(struct strata_config *cfg, struct found *f) {
  int rc = 0;
  if (f->database_url != NULL && strata_config_get(&f->values, "url") == NULL)
    rc = strata_config_set(&f->values, "url", f->database_url);
  for (size_t i = 0; rc == 0 && i < f->values.count; i++) {
    const struct strata_config_entry *e = &f->values.entries[i];
    if (strata_config_get(cfg, e->key) == NULL)
      rc = strata_config_set(cfg, e->key, e->value);
  }
  return rc;
}

static int read_environment(struct found *f) {
  char name[64];
  int rc = 0;
  const char *database_url = getenv("DATABASE_URL");
  if (database_url != NULL)
    rc = found_variable(f, "DATABASE_URL", database_url);
  for (size_t i = 0; rc == 0 && i < KEY_COUNT; i++) {
    size_t n = (size_t)snprintf(name, sizeof name, "STRATA_%s", known_keys[i]);
    for (size_t j = 7; j < n; j++)
      name[j] = (char)toupper((unsigned char)name[j]);
    const char *value = getenv(name);
    if (value != NULL)
      rc = found_variable(f, name, value);
  }
  return rc;
}

/* Reads path into *text, or leaves *text NULL when the file does not
 * exist: neither .env nor strata.conf is required. */
static int read_optional(const char *path, char **text, size_t *len,
                         struct strata_error *err) {
  struct stat st;
  *text = NULL;
  *len = 0;
  if (stat(path, &st) != 0 && errno == ENOENT)
    return 0;
  return strata__read_file(path, text, len, err);
}

static char *join_path(const char *dir, const char *file) {
  if (dir == NULL)
    return strata__strdup(file);
  return strata__asprintf("%s/%s", dir, file);
}

/* ---- .env ---------------------------------------------------------------- */

struct line {
  const char *p;
  const char *end;
};

static int is_blank(char c) {
  return c == ' ' || c == '\t';
}

static void skip_blanks(struct line *l) {
  while (l->p < l->end && is_blank(*l->p))
    l->p++;
}

static int is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}

/* The result of reading one .env line. */
enum dotenv_line {
  DOTENV_ASSIGNMENT,
  DOTENV_NOTHING,      /* blank or a comment */
  DOTENV_MALFORMED,    /* not KEY=VALUE */
  DOTENV_UNTERMINATED, /* a quoted value with no closing quote */
  DOTENV_NOMEM
};

/* 'literal': everything up to the next single quote, as it is. */
static enum dotenv_line single_quoted(struct line *l, struct strbuf *value) {
  const char *close = memchr(l->p, '\'', (size_t)(l->end - l->p));
  if (close == NULL)
    return DOTENV_UNTERMINATED;
  if (strbuf_append(value, l->p, (size_t)(close - l->p)) != 0)
    return DOTENV_NOMEM;
  l->p = close + 1;
  return DOTENV_ASSIGNMENT;
}

/* "text": \n, \" and \\ are escapes; any other backslash is kept. */
static enum dotenv_line double_quoted(struct line *l, struct strbuf *value) {
  for (; l->p < l->end; l->p++) {
    char c = *l->p;
    if (c == '"') {
      l->p++;
      return DOTENV_ASSIGNMENT;
    }
    if (c == '\\' && l->p + 1 < l->end &&
        (l->p[1] == 'n' || l->p[1] == '"' || l->p[1] == '\\')) {
      l->p++;
      c = *l->p == 'n' ? '\n' : *l->p;
    }
    if (strbuf_append(value, &c, 1) != 0)
      return DOTENV_NOMEM;
  }
  return DOTENV_UNTERMINATED;
}

/* A bare value ends at a '#' that follows a blank; blanks around it go. */
static enum dotenv_line bare(struct line *l, struct strbuf *value) {
  const char *end = l->p;
  for (; end < l->end; end++)
    if (*end == '#' && end > l->p && is_blank(end[-1]))
      break;
  skip_blanks(l);
  while (end > l->p && is_blank(end[-1]))
    end--;
  if (end > l->p && strbuf_append(value, l->p, (size_t)(end - l->p)) != 0)
    return DOTENV_NOMEM;
  l->p = l->end;
  return DOTENV_ASSIGNMENT;
}

static enum dotenv_line dotenv_value(struct line *l, struct strbuf *value) {
  const char *after_equals = l->p;
  skip_blanks(l);
  if (l->p == l->end || (*l->p != '\'' && *l->p != '"')) {
    l->p = after_equals;
    return bare(l, value);
  }
  char quote = *l->p++;
  enum dotenv_line kind =
      quote == '\'' ? single_quoted(l, value) : double_quoted(l, value);
  if (kind != DOTENV_ASSIGNMENT)
    return kind;
  skip_blanks(l);
  return l->p == l->end || *l->p == '#' ? DOTENV_ASSIGNMENT : DOTENV_MALFORMED;
}

static void skip_export(struct line *l) {
  size_t n = (size_t)(l->end - l->p);
  if (n > 7 && strncmp(l->p, "export", 6) == 0 && is_blank(l->p[6])) {
    l->p += 6;
    skip_blanks(l);
  }
}

/* Reads "[export] KEY=VALUE" into name and value. */
static enum dotenv_line dotenv_parse_line(struct line *l, struct strbuf *name,
                                          struct strbuf *value) {
  skip_blanks(l);
  if (l->p == l->end || *l->p == '#')
    return DOTENV_NOTHING;
  skip_export(l);
  const char *start = l->p;
  if (l->p == l->end || !is_name_start(*l->p))
    return DOTENV_MALFORMED;
  while (l->p < l->end && is_name_char(*l->p))
    l->p++;
  if (strbuf_append(name, start, (size_t)(l->p - start)) != 0)
    return DOTENV_NOMEM;
  skip_blanks(l);
  if (l->p == l->end || *l->p != '=')
    return DOTENV_MALFORMED;
  l->p++;
  return dotenv_value(l, value);
}

static int dotenv_line_error(const char *path, int lineno,
                             enum dotenv_line kind, struct strata_error *err) {
  if (kind == DOTENV_NOMEM)
    return STRATA_ENOMEM; /* read_settings_file() words the message */
  if (kind == DOTENV_UNTERMINATED)
    return strata__error_set(err, STRATA_ECONFIG,
                             "'%s' line %d: unterminated quoted value", path,
                             lineno);
  return strata__error_set(err, STRATA_ECONFIG,
                           "'%s' line %d: expected KEY=VALUE", path, lineno);
}

static int dotenv_line(struct found *f, const char *path, int lineno,
                       struct line *l, struct strata_error *err) {
  struct strbuf name, value;
  strbuf_init(&name);
  strbuf_init(&value);
  enum dotenv_line kind = dotenv_parse_line(l, &name, &value);
  int rc = 0;
  if (kind == DOTENV_ASSIGNMENT)
    rc = found_variable(f, name.data, value.data ? value.data : "");
  else if (kind != DOTENV_NOTHING)
    rc = dotenv_line_error(path, lineno, kind, err);
  strbuf_release(&name);
  strbuf_release(&value);
  return rc;
}

static int parse_dotenv(struct found *f, const char *path, const char *text,
                        size_t len, struct strata_error *err) {
  const char *p = text, *end = text + len;
  int rc = 0;
  for (int lineno = 1; rc == 0 && p < end; lineno++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    struct line l = {p, nl != NULL ? nl : end};
    if (l.end > l.p && l.end[-1] == '\r')
      l.end--;
    rc = dotenv_line(f, path, lineno, &l, err);
    p = nl != NULL ? nl + 1 : end;
  }
  return rc;
}

typedef int (*parse_fn)(struct found *f, const char *path, const char *text,
                        size_t len, struct strata_error *err);

/* Reads dir/name, if it exists, with parse. */
static int read_settings_file(struct found *f, const char *dir,
                              const char *name, parse_fn parse,
                              struct strata_error *err) {
  char *path = join_path(dir, name);
  if (path == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  char *text;
  size_t len;
  int rc = read_optional(path, &text, &len, err);
  if (rc == 0 && text != NULL)
    rc = parse(f, path, text, len, err);
  if (rc == STRATA_ENOMEM)
    strata__error_set(err, rc, "out of memory reading '%s'", path);
  free(text);
  free(path);
  return rc;
}

static int read_dotenv(struct found *f, const char *dir,
                       struct strata_error *err) {
  return read_settings_file(f, dir, ".env", parse_dotenv, err);
}

/* ---- strata.conf --------------------------------------------------------- */

/* inih reads strata.conf through conf_next_line(), which counts lines (inih
 * does not tell its handler the line), refuses lines longer than inih's line
 * buffer (inih would cut them in two) and sections other than [strata], and
 * strips leading blanks, so an indented key is never taken for the
 * continuation of the one above. */
struct conf_reader {
  struct found *found;
  const char *path;
  const char *pos;
  const char *end;
  int lineno;
  int error_line; /* the line err describes, or 0 */
  int rc;         /* the error's code */
  struct strata_error *err;
};

static const char utf8_bom[] = "\xEF\xBB\xBF";

/* Records that err now describes the current line. */
static void conf_failed(struct conf_reader *r, int rc) {
  r->rc = rc;
  r->error_line = r->lineno;
}

static void conf_check_section(struct conf_reader *r, const char *line) {
  if (line[0] != '[')
    return;
  const char *close = strchr(line, ']');
  if (close == NULL)
    return; /* inih reports the malformed line */
  int n = (int)(close - line - 1);
  if (n == 6 && strncmp(line + 1, "strata", 6) == 0)
    return;
  conf_failed(r, strata__error_set(r->err, STRATA_ECONFIG,
                                   "%s:%d: unknown section '%.*s'; strata "
                                   "reads only [strata]",
                                   r->path, r->lineno, n, line + 1));
}

static char *conf_next_line(char *buf, int size, void *stream) {
  struct conf_reader *r = stream;
  if (r->error_line != 0 || r->pos >= r->end)
    return NULL;
  r->lineno++;
  if (r->lineno == 1 && (size_t)(r->end - r->pos) >= 3 &&
      memcmp(r->pos, utf8_bom, 3) == 0)
    r->pos += 3;
  while (r->pos < r->end && is_blank(*r->pos))
    r->pos++;
  const char *nl = memchr(r->pos, '\n', (size_t)(r->end - r->pos));
  size_t n = nl != NULL ? (size_t)(nl - r->pos) + 1 : (size_t)(r->end - r->pos);
  if (n + 1 > (size_t)size) {
    conf_failed(r, strata__error_set(r->err, STRATA_ECONFIG,
                                     "%s:%d: line is too long (the limit is "
                                     "%d characters)",
                                     r->path, r->lineno, size - 3));
    return NULL;
  }
  memcpy(buf, r->pos, n);
  buf[n] = '\0';
  r->pos += n;
  conf_check_section(r, buf);
  return r->error_line != 0 ? NULL : buf;
}

static int conf_setting(void *user, const char *section, const char *name,
                        const char *value) {
  struct conf_reader *r = user;
  const char *key = known_key(name);
  if (key == NULL) {
    conf_failed(r, strata__error_set(r->err, STRATA_ECONFIG,
                                     "%s:%d: unknown setting '%s'", r->path,
                                     r->lineno, name));
    return 0;
  }
  if (value[0] != '\0' && strata_config_set(&r->found->values, key, value)) {
    conf_failed(r, strata__error_set(r->err, STRATA_ENOMEM,
                                     "out of memory reading '%s'", r->path));
    return 0;
  }
  return 1;
}

static int parse_conf(struct found *f, const char *path, const char *text,
                      size_t len, struct strata_error *err) {
  struct conf_reader r = {f, path, text, text + len, 0, 0, 0, err};
  int bad_line = ini_parse_stream(conf_next_line, &r, conf_setting, &r);
  if (bad_line == -2)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory reading '%s'",
                             path);
  /* inih names the first bad line; a line we refused ourselves stopped the
   * reading, so any bad line inih names is at or before it. */
  if (bad_line > 0 && bad_line != r.error_line)
    return strata__error_set(err, STRATA_ECONFIG,
                             "%s:%d: expected 'key = value' or '[strata]'",
                             path, bad_line);
  return r.rc;
}

static int read_conf(struct found *f, const char *dir,
                     struct strata_error *err) {
  return read_settings_file(f, dir, "strata.conf", parse_conf, err);
}

/* ---- loading ------------------------------------------------------------- */

typedef int (*source_fn)(struct found *f, const char *dir,
                         struct strata_error *err);

static int read_environment_source(struct found *f, const char *dir,
                                   struct strata_error *err) {
  int rc = read_environment(f);
  if (rc != 0)
    strata__error_set(err, rc, "out of memory reading the environment");
  return rc;
}

int strata_config_load(struct strata_config *cfg, const char *dir,
                       struct strata_error *err) {
  static const source_fn sources[] = {read_environment_source, read_dotenv,
                                      read_conf};
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < sizeof sources / sizeof sources[0]; i++) {
    struct found f;
    found_init(&f);
    rc = sources[i](&f, dir, err);
    if (rc == 0 && fill_unset(cfg, &f) != 0)
      rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
    found_release(&f);
  }
  return rc;
}

/* ---- typed access -------------------------------------------------------- */

const char *config_string(const struct strata_config *cfg, const char *key,
                          const char *fallback) {
  const char *value = strata_config_get(cfg, key);
  return value != NULL ? value : fallback;
}

const char *config_url(const struct strata_config *cfg, int *defaulted) {
  const char *url = config_string(cfg, "url", NULL);
  int none = url == NULL || *url == '\0';
  if (defaulted != NULL)
    *defaulted = none;
  return none ? CONFIG_DEFAULT_URL : url;
}

int config_long(const struct strata_config *cfg, const char *key, long fallback,
                long *out, struct strata_error *err) {
  *out = fallback;
  const char *value = strata_config_get(cfg, key);
  if (value == NULL)
    return 0;
  char *end;
  errno = 0;
  long n = strtol(value, &end, 10);
  if (value[0] < '0' || value[0] > '9' || *end != '\0' || errno == ERANGE)
    return strata__error_set(err, STRATA_EINVAL,
                             "invalid value '%s' for '%s': expected a whole "
                             "number of 0 or more",
                             value, key);
  *out = n;
  return 0;
}

static int word_is_one_of(const char *word, const char *const *list) {
  for (; *list != NULL; list++)
    if (strcasecmp(word, *list) == 0)
      return 1;
  return 0;
}

int config_bool(const struct strata_config *cfg, const char *key, int fallback,
                int *out, struct strata_error *err) {
  static const char *const yes[] = {"1", "true", "yes", "on", NULL};
  static const char *const no[] = {"0", "false", "no", "off", NULL};
  *out = fallback;
  const char *value = strata_config_get(cfg, key);
  if (value == NULL)
    return 0;
  if (word_is_one_of(value, yes) || word_is_one_of(value, no)) {
    *out = word_is_one_of(value, yes);
    return 0;
  }
  return strata__error_set(err, STRATA_EINVAL,
                           "invalid value '%s' for '%s': expected true or "
                           "false (or yes/no, on/off, 1/0)",
                           value, key);
}

int strata_config_bool(const struct strata_config *cfg, const char *key,
                       int fallback, int *out, struct strata_error *err) {
  strata_error_clear(err);
  return config_bool(cfg, key, fallback, out, err);
}
