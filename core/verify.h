/*
 * verify.h - the parts of `strata verify`: the scratch database it works
 * in (verify_scratch.c), the report it fills (verify_report.c) and the
 * checks themselves (verify.c).
 */
#ifndef STRATA_CORE_VERIFY_H
#define STRATA_CORE_VERIFY_H

#include <stddef.h>
#include <strata/strata.h>

/* The database verify works in: the caller's, or one strata makes beside
 * the target and drops at the end. */
struct scratch {
  struct strata_config cfg; /* the caller's settings, with the scratch URL */
  char *url;                /* as handed to the driver */
  char redacted[1024];      /* for messages */
  int own;                  /* strata made it, and may drop and remake it */
  int exists;               /* strata made it and has not dropped it yet */
};

/* Sets sc up from cfg: with given_url (the caller's scratch, which must be
 * empty and must not be the target), or with a new database that it
 * creates.  Call scratch_release() afterwards, whatever the result. */
int scratch_prepare(struct scratch *sc, const struct strata_config *cfg,
                    const char *given_url, struct strata_error *err);

/* Opens a session on the scratch database; a caller's scratch is checked
 * to be empty first. */
int scratch_open(struct scratch *sc, strata_event_fn events, void *event_ctx,
                 struct strata **out, struct strata_error *err);

/* Drops strata's own scratch database and makes it again, empty. */
int scratch_remake(struct scratch *sc, struct strata_error *err);

/* Drops strata's own scratch database if it exists, and frees sc. */
int scratch_release(struct scratch *sc, struct strata_error *err);

/* What a difference between two schemas means for a migration. */
enum verify_phase {
  VERIFY_AFTER_DOWN, /* the schema before the up vs after the down */
  VERIFY_AFTER_REDO  /* after the first up vs after the up again */
};

struct strata_verify_report *report_new(size_t count, const char *scratch);
int report_entry(struct strata_verify_report *r, size_t i, const char *version,
                 const char *name);
/* Adds d to e, worded for the migration called label in that phase. */
int report_difference(struct strata_verify_entry *e, enum verify_phase phase,
                      const char *label, const struct strata_difference *d);
/* Sets a string field of the report to a copy of the error's message and,
 * where known, its place in a file. */
int report_error(const char **field, const struct strata_error *err);
int report_stopped(struct strata_verify_report *r, const char *label,
                   const char *why);
/* Works out ok; entries never reached stay not checked, as report_new()
 * made them. */
void report_finish(struct strata_verify_report *r);

#endif
