/*
 * lint_harness.h - runs one lint plugin's rules over scripts, with no core
 * and no loader, for the rule tests: a host that collects the findings,
 * and a splitter good enough for the test scripts (semicolons outside
 * quotes; the drivers' own splitters have tests of their own).
 */
#ifndef STRATA_TESTS_LINT_HARNESS_H
#define STRATA_TESTS_LINT_HARNESS_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strata/lint.h>

#include "tap.h"

#define HARNESS_MAX 64

struct harness {
  char rules[HARNESS_MAX][64];
  char messages[HARNESS_MAX][1024];
  size_t offsets[HARNESS_MAX];
  size_t count;
};

static void harness_report(void *ctx, const char *rule, size_t offset,
                           const char *fmt, ...) {
  struct harness *h = ctx;
  if (h->count == HARNESS_MAX)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(h->messages[h->count], sizeof h->messages[0], fmt, ap);
  va_end(ap);
  snprintf(h->rules[h->count], sizeof h->rules[0], "%s", rule);
  h->offsets[h->count++] = offset;
}

static int harness_rule_on(void *ctx, const char *rule) {
  return 1;
}

static int harness_error_set(struct strata_error *err, int code,
                             const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  err->code = code;
  return code;
}

static size_t harness_split(const char *text, struct strata_statement *out,
                            size_t max) {
  size_t n = 0, start = 0, len = strlen(text);
  char quote = 0;
  for (size_t i = 0; i <= len && n < max; i++) {
    char c = text[i];
    if (quote) {
      quote = c == quote ? 0 : quote;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      quote = c;
      continue;
    }
    if (c != ';' && c != '\0')
      continue;
    while (start < i && (text[start] == ' ' || text[start] == '\n'))
      start++;
    if (i > start)
      out[n++] = (struct strata_statement){start, i - start, 0};
    start = i + 1;
  }
  return n;
}

static void harness_check(const struct strata_lint_plugin *p, void *state,
                          const char *engine, const char *text, int has_down) {
  struct strata_statement stmts[32];
  struct strata_lint_script script = {
      sizeof script, engine, "test.sql", "1",      text,
      strlen(text),  stmts,  0,          has_down, 0};
  struct strata_error err;
  script.count = harness_split(text, stmts, 32);
  if (p->check(state, &script, &err) != 0)
    printf("# check failed: %s\n", err.message);
}

/* One case: earlier (a migration before, or NULL) teaches the plugin;
 * script is the one checked, and rule must be found there fires times. */
struct lint_case {
  const char *rule;
  int fires;
  const char *earlier;
  const char *script;
  int no_down; /* the checked migration has no down script */
};

static void harness_run(const struct strata_lint_plugin *p, const char *engine,
                        const struct lint_case *c) {
  struct harness h;
  struct strata_lint_host host = {sizeof host, &h, harness_report,
                                  harness_rule_on, harness_error_set};
  struct strata_error err;
  void *state;
  memset(&h, 0, sizeof h);
  if (p->begin(&host, engine, &state, &err) != 0) {
    ok(0, "%s: begin: %s", c->rule, err.message);
    return;
  }
  if (c->earlier != NULL)
    harness_check(p, state, engine, c->earlier, 1);
  h.count = 0;
  harness_check(p, state, engine, c->script, !c->no_down);
  p->end(state);
  int n = 0;
  for (size_t i = 0; i < h.count; i++)
    n += strcmp(h.rules[i], c->rule) == 0;
  is_int(n, c->fires, "%s %s on: %s", c->rule, c->fires ? "fires" : "quiet",
         c->script);
  for (size_t i = 0; i < h.count; i++)
    printf("#   %zu %s: %s\n", h.offsets[i], h.rules[i], h.messages[i]);
}

/* Each rule the plugin lists has at least one case that fires and one
 * that does not. */
static void harness_covered(const struct strata_lint_plugin *p,
                            const struct lint_case *cases, size_t n) {
  for (size_t r = 0; r < p->rule_count; r++) {
    int fire = 0, quiet = 0;
    for (size_t i = 0; i < n; i++) {
      if (strcmp(cases[i].rule, p->rules[r].id) != 0)
        continue;
      fire |= cases[i].fires > 0;
      quiet |= cases[i].fires == 0;
    }
    ok(fire && quiet, "%s: rule %s has a firing and a quiet case",
       p->plugin.name, p->rules[r].id);
  }
}

#endif
