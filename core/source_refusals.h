/*
 * source_refusals.h - the files of a folder that strata refuses, gathered
 * so that one error names them all: a folder with three goose Go
 * migrations, or Flyway placeholders in four files, says so at once
 * instead of one file a run.
 */
#ifndef STRATA_CORE_SOURCE_REFUSALS_H
#define STRATA_CORE_SOURCE_REFUSALS_H

#include <stddef.h>
#include <strata/error.h>

/* How many files the error names before "and N more". */
#define SOURCE_REFUSALS_NAMED 5

struct source_refusals {
  int count;
  struct strata_error first; /* the first refusal, as it was set */
  char names[SOURCE_REFUSALS_NAMED][256];
};

/* Whether err, just set for a file of the folder, is a refusal of that
 * file which the folder's other files can be read past (STRATA_ESOURCE);
 * anything else (out of memory, a file that cannot be read) stops the
 * reading at once. */
int source_refusal_is_gathered(const struct strata_error *err);

/* Keeps err, set for the file name (relative to the folder). */
void source_refusals_add(struct source_refusals *r, const char *name,
                         const struct strata_error *err);

/* 0 when nothing was refused; else sets err to the first refusal, its
 * message ending with how many files were refused and which when more
 * than one was, and returns its code. */
int source_refusals_report(const struct source_refusals *r,
                           struct strata_error *err);

#endif
