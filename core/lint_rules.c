/*
 * lint_rules.c - which lint rules run, at which severity.
 *
 * Every rule starts at its plugin's default; the config key lint_rules
 * overrides some: "drop-column=off, timestamps=error money-float=warning",
 * separated by commas or blanks.  A rule id names the rule in whichever
 * rule set has it, so "drop-table" configures the PostgreSQL, MySQL and
 * SQLite rule of that name alike.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"

int lint_rules_add(struct lint_rules *r, const struct strata_lint_plugin *p) {
  size_t n = r->count + p->rule_count;
  struct strata_lint_rule_info *items = realloc(r->items, n * sizeof *items);
  if (n > 0 && items == NULL)
    return STRATA_ENOMEM;
  r->items = items;
  for (size_t i = 0; i < p->rule_count; i++)
    r->items[r->count++] = (struct strata_lint_rule_info){
        p->rules[i].id, p->plugin.name, p->rules[i].summary,
        p->rules[i].default_severity};
  return 0;
}

void lint_rules_release(struct lint_rules *r) {
  free(r->items);
  r->items = NULL;
  r->count = 0;
}

enum strata_lint_severity lint_rules_severity(const struct lint_rules *r,
                                              const char *rule) {
  for (size_t i = 0; i < r->count; i++)
    if (strcmp(r->items[i].id, rule) == 0)
      return r->items[i].severity;
  return STRATA_LINT_OFF;
}

static int severity_from_word(const char *word, size_t n,
                              enum strata_lint_severity *out) {
  static const struct {
    const char *word;
    enum strata_lint_severity severity;
  } words[] = {{"error", STRATA_LINT_ERROR},
               {"warning", STRATA_LINT_WARNING},
               {"warn", STRATA_LINT_WARNING},
               {"off", STRATA_LINT_OFF}};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strlen(words[i].word) == n && strncmp(words[i].word, word, n) == 0) {
      *out = words[i].severity;
      return 0;
    }
  return -1;
}

/* Sets every rule called id (n bytes) to severity; 0, or -1 if none is. */
static int set_severity(struct lint_rules *r, const char *id, size_t n,
                        enum strata_lint_severity severity) {
  int found = -1;
  for (size_t i = 0; i < r->count; i++)
    if (strlen(r->items[i].id) == n && strncmp(r->items[i].id, id, n) == 0) {
      r->items[i].severity = severity;
      found = 0;
    }
  return found;
}

static int is_separator(char c) {
  return c == ',' || isspace((unsigned char)c);
}

/* One "rule=severity" item of n bytes. */
static int configure_item(struct lint_rules *r, const char *item, size_t n,
                          struct strata_error *err) {
  const char *eq = memchr(item, '=', n);
  enum strata_lint_severity severity;
  if (eq == NULL)
    return strata__error_set(err, STRATA_ECONFIG,
                             "lint_rules: '%.*s' is not rule=severity "
                             "(error, warning or off)",
                             (int)n, item);
  size_t id_len = (size_t)(eq - item), word_len = n - id_len - 1;
  if (severity_from_word(eq + 1, word_len, &severity) != 0)
    return strata__error_set(err, STRATA_ECONFIG,
                             "lint_rules: unknown severity '%.*s' for "
                             "'%.*s'; use error, warning or off",
                             (int)word_len, eq + 1, (int)id_len, item);
  if (set_severity(r, item, id_len, severity) != 0)
    return strata__error_set(err, STRATA_ECONFIG,
                             "lint_rules: no lint rule '%.*s' for this "
                             "engine; 'strata lint --rules' lists them",
                             (int)id_len, item);
  return 0;
}

int lint_rules_configure(struct lint_rules *r, const char *text,
                         struct strata_error *err) {
  const char *p = text != NULL ? text : "";
  while (*p != '\0') {
    while (is_separator(*p))
      p++;
    size_t n = 0;
    while (p[n] != '\0' && !is_separator(p[n]))
      n++;
    if (n > 0) {
      int rc = configure_item(r, p, n, err);
      if (rc != 0)
        return rc;
    }
    p += n;
  }
  return 0;
}
