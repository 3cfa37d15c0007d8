/*
 * test_lint_core.c - the lint engine's own parts, with no plugin loaded:
 * the lint_rules setting, and where a finding is placed and when a
 * lint-ignore comment silences it.
 */
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "tap.h"

static const struct strata_lint_rule rules[] = {
    {"drop-table", STRATA_LINT_WARNING, "drops"},
    {"rename", STRATA_LINT_WARNING, "renames"},
    {"timestamps", STRATA_LINT_OFF, "stamps"},
};

static const struct strata_lint_plugin plugin = {
    .plugin = {.name = "test"},
    .rules = rules,
    .rule_count = sizeof rules / sizeof rules[0],
};

static void test_configure(void) {
  struct lint_rules r = {NULL, 0};
  struct strata_error err;
  is_int(lint_rules_add(&r, &plugin), 0, "rules are added");
  is_int(lint_rules_configure(
             &r, " drop-table=off,rename=error\ttimestamps=warn", &err),
         0, "commas and blanks separate items");
  is_int(lint_rules_severity(&r, "drop-table"), STRATA_LINT_OFF, "off");
  is_int(lint_rules_severity(&r, "rename"), STRATA_LINT_ERROR, "error");
  is_int(lint_rules_severity(&r, "timestamps"), STRATA_LINT_WARNING,
         "warn is warning");
  is_int(lint_rules_severity(&r, "nothing"), STRATA_LINT_OFF,
         "an unknown rule is off");
  is_int(lint_rules_configure(&r, "rename", &err), STRATA_ECONFIG,
         "an item without '=' is refused");
  is_str(err.message,
         "lint_rules: 'rename' is not rule=severity (error, warning or off)",
         "saying what is expected");
  is_int(lint_rules_configure(&r, "ghost=error", &err), STRATA_ECONFIG,
         "an unknown rule is refused");
  is_int(lint_rules_configure(&r, NULL, &err), 0, "no setting changes nothing");
  lint_rules_release(&r);
}

/* Adds one finding of rule at the offset of marker in text (statements
 * split at ';'), and says whether it was kept. */
static int kept(const char *text, const char *marker, const char *rule,
                int *line, int *column) {
  struct strata_statement st[8];
  size_t n = 0, start = 0;
  for (size_t i = 0; text[i] && n < 8; i++)
    if (text[i] == ';') {
      st[n++] = (struct strata_statement){start, i - start, 0};
      start = i + 1;
    }
  struct lint_script sc = {"f.sql", text, strlen(text), st, n, 1, 0};
  struct lint_findings f;
  struct strata_lint_report report;
  memset(&report, 0, sizeof report);
  lint_findings_init(&f);
  size_t at = marker ? (size_t)(strstr(text, marker) - text) : 0;
  lint_findings_add(&f, &sc, rule, "test", STRATA_LINT_ERROR, at, "m");
  lint_findings_move(&f, &report);
  int found = report.count == 1;
  if (found) {
    *line = report.findings[0].line;
    *column = report.findings[0].column;
    free((char *)report.findings[0].file);
    free((char *)report.findings[0].message);
  }
  free(report.findings);
  return found;
}

static void test_ignore(void) {
  int line = 0, column = 0;
  const char *two = "CREATE TABLE a (x int);\n"
                    "-- strata:lint-ignore rename, drop-table\n"
                    "DROP TABLE b;\n"
                    "DROP TABLE c;";
  ok(!kept(two, "DROP TABLE b", "drop-table", &line, &column),
     "a comment above a statement silences a rule it names");
  ok(kept(two, "DROP TABLE b", "timestamps", &line, &column),
     "but not one it does not name");
  ok(kept(two, "DROP TABLE c", "drop-table", &line, &column),
     "nor the statement after");
  is_int(line, 4, "the finding is on its line");
  is_int(column, 1, "and column");
  const char *trailing = "DROP TABLE a; -- strata:lint-ignore drop-table\n"
                         "DROP TABLE b;";
  ok(!kept(trailing, "DROP TABLE a", "drop-table", &line, &column),
     "a comment ending the statement's line silences it");
  ok(kept(trailing, "DROP TABLE b", "drop-table", &line, &column),
     "and not the next statement");
  ok(!kept("-- strata:lint-ignore all\nDROP TABLE a;", "DROP", "rename", &line,
           &column),
     "all silences every rule");
  ok(!kept("-- header\n-- strata:lint-ignore missing-down\nSELECT 1;", NULL,
           "missing-down", &line, &column),
     "a finding at the file's start is silenced from its heading comments");
  ok(kept("SELECT 'é', 1;", "1", "rename", &line, &column) && column == 13,
     "columns count characters, not bytes");
}

int main(void) {
  test_configure();
  test_ignore();
  return done_testing();
}
