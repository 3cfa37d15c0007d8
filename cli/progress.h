/*
 * progress.h - turns the events libstrata sends during a run into lines on
 * stderr ("applying 20250108000000 create_users ... ok (12 ms)"), the SQL
 * of a dry run on stdout, and a record of the run for --json.
 */
#ifndef STRATA_CLI_PROGRESS_H
#define STRATA_CLI_PROGRESS_H

#include <jansson.h>
#include <stddef.h>
#include <strata/strata.h>

#include "output.h"

struct progress {
  const struct output *out;
  int dry_run;        /* SQL events are the command's output */
  int muted;          /* events are ignored */
  int line_open;      /* "applying ... " on stderr awaits its result */
  json_t *migrations; /* with --json, each migration the run touched */
  json_t *current;    /* the one under way, NULL between migrations */
  json_t *notices;    /* the notice lines, in order */
  json_t *lint;       /* the findings of the lint before up */
  size_t applied;
  size_t reverted;
  size_t skipped;
};

void progress_init(struct progress *p, const struct output *out);
void progress_release(struct progress *p);

/* A strata_event_fn; ctx is a struct progress. */
void progress_event(void *ctx, const struct strata_event *event);

/* Closes the record of a run that succeeded. */
void progress_done(struct progress *p);

/* Closes the record and the line of a migration that never ended, after
 * a run failed. */
void progress_failed(struct progress *p);

#endif
