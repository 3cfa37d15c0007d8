/*
 * lint.h - what the files of the lint engine share, and the lint that up
 * runs first.
 *
 * lint.c reads the migrations and drives the plugins; lint_rules.c knows
 * which rules run at which severity; lint_findings.c turns what a plugin
 * reports into located findings, minus those a lint-ignore comment
 * silences; lint_gate.c is the lint up runs before it applies anything.
 */
#ifndef STRATA_CORE_LINT_H
#define STRATA_CORE_LINT_H

#include <strata/lint.h>
#include <strata/strata.h>

#include "source.h"
#include "util.h"

struct strata;

/* What the lint setting asks of up. */
enum lint_mode {
  LINT_MODE_OFF,  /* no lint */
  LINT_MODE_WARN, /* findings are told as events; up goes on */
  LINT_MODE_ERROR /* ... and an error finding stops up before it begins */
};

/* Reads the lint setting (NULL: off); STRATA_EINVAL for any other word
 * than off, warn and error. */
int lint_mode_parse(const char *text, enum lint_mode *out,
                    struct strata_error *err);

/* Lints the up scripts of steps, migrations of s's source in version
 * order, reading the migrations before the last of them as context.
 * Free *out with strata_lint_report_free(). */
int lint_run_steps(struct strata *s, const struct migration *const *steps,
                   size_t count, struct strata_lint_report **out,
                   struct strata_error *err);

/* What up does before it changes anything, as s's lint mode says: lints
 * steps, tells each finding as a STRATA_EVENT_LINT_FINDING event, and
 * under LINT_MODE_ERROR fails with STRATA_ELINT when one is an error.
 * Nothing happens for no steps or LINT_MODE_OFF. */
int lint_before_up(struct strata *s, const struct migration *const *steps,
                   size_t count, struct strata_error *err);

/* The rules of the plugins that run, with the severities the config gives
 * them.  Held in a report's rules array. */
struct lint_rules {
  struct strata_lint_rule_info *items;
  size_t count;
};

/* Adds a plugin's rules at their default severities. */
int lint_rules_add(struct lint_rules *r, const struct strata_lint_plugin *p);
/* Applies the config's lint_rules text ("rule=severity ..."); an unknown
 * rule or severity is STRATA_ECONFIG naming it. */
int lint_rules_configure(struct lint_rules *r, const char *text,
                         struct strata_error *err);
/* The severity rule runs at; off for a rule no plugin has. */
enum strata_lint_severity lint_rules_severity(const struct lint_rules *r,
                                              const char *rule);
void lint_rules_release(struct lint_rules *r);

/* The script being read, as the host's report() needs it. */
struct lint_script {
  const char *file;
  const char *text;
  size_t length;
  const struct strata_statement *statements;
  size_t count;
  int reported;    /* findings on it are kept (else it is context) */
  size_t sequence; /* its place in the run, for ordering */
};

/* A finding with where it came from, for ordering. */
struct lint_finding {
  struct strata_lint_finding finding; /* file and message owned */
  size_t sequence;
  size_t offset;
};

/* The findings of a run as they come. */
struct lint_findings {
  struct lint_finding *items;
  size_t count;
  size_t cap;
  size_t ignored;
  int failed; /* memory ran out: the run fails */
};

void lint_findings_init(struct lint_findings *f);
void lint_findings_release(struct lint_findings *f);
/* Records one finding of rule at offset in sc, unless a lint-ignore
 * comment before its statement names the rule. */
void lint_findings_add(struct lint_findings *f, const struct lint_script *sc,
                       const char *rule, const char *plugin,
                       enum strata_lint_severity severity, size_t offset,
                       const char *message);
/* Moves the findings, ordered by script and position, into report. */
int lint_findings_move(struct lint_findings *f,
                       struct strata_lint_report *report);

#endif
