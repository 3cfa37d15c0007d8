/*
 * lint_gate.c - the lint up runs before it applies anything, when the
 * lint setting asks for it.
 *
 * It lives in the core, not in the strata command, so a program that
 * embeds libstrata gets the same gate: the findings reach it as events and
 * a blocked run as STRATA_ELINT.  Only the steps the run is about to apply
 * are reported, and their lint runs before the history table is made, so
 * a blocked run leaves the database as it found it.
 */
#include <string.h>

#include "lint.h"
#include "session.h"

int lint_mode_parse(const char *text, enum lint_mode *out,
                    struct strata_error *err) {
  static const char *const words[] = {"off", "warn", "error"};
  *out = LINT_MODE_OFF;
  if (text == NULL)
    return 0;
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strcmp(text, words[i]) == 0) {
      *out = (enum lint_mode)i;
      return 0;
    }
  return strata__error_set(err, STRATA_EINVAL,
                           "invalid value '%s' for 'lint': expected error, "
                           "warn or off",
                           text);
}

static void tell_findings(struct strata *s,
                          const struct strata_lint_report *report) {
  for (size_t i = 0; i < report->count; i++) {
    struct strata_event ev = {.kind = STRATA_EVENT_LINT_FINDING,
                              .text = report->findings[i].message,
                              .finding = &report->findings[i]};
    session_emit(s, &ev);
  }
}

int lint_before_up(struct strata *s, const struct migration *const *steps,
                   size_t count, struct strata_error *err) {
  if (s->lint_mode == LINT_MODE_OFF || count == 0)
    return 0;
  struct strata_lint_report *report = NULL;
  int rc = lint_run_steps(s, steps, count, &report, err);
  if (rc != 0)
    return rc;
  tell_findings(s, report);
  if (s->lint_mode == LINT_MODE_ERROR && report->errors > 0)
    rc = strata__error_set(err, STRATA_ELINT,
                           "lint found %zu error%s in the pending "
                           "migrations, so nothing was applied; fix them, "
                           "silence one with '-- strata:lint-ignore RULE', "
                           "or set lint = warn",
                           report->errors, report->errors == 1 ? "" : "s");
  strata_lint_report_free(report);
  return rc;
}
