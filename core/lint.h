/*
 * lint.h - what the files of the lint engine share.
 *
 * lint.c reads the migrations and drives the plugins; lint_rules.c knows
 * which rules run at which severity; lint_findings.c turns what a plugin
 * reports into located findings, minus those a lint-ignore comment
 * silences.
 */
#ifndef STRATA_CORE_LINT_H
#define STRATA_CORE_LINT_H

#include <strata/lint.h>
#include <strata/strata.h>

#include "util.h"

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
