/*
 * baseline.h - recording migrations as applied without running them, after
 * checking that the target has the schema they build (baseline.c): for
 * `strata baseline` and `strata repair --mark-applied`.
 */
#ifndef STRATA_CORE_BASELINE_H
#define STRATA_CORE_BASELINE_H

#include <stddef.h>

#include "session.h"

/* Builds the migrations (in this order) on a scratch database and compares
 * its schema with the target's.  STRATA_ESCHEMA naming the first
 * difference (each is told as a notice) when they differ; an error saying
 * so when a migration fails on the scratch database.  what names the
 * migrations in messages: "the migrations through 0030". */
int baseline_check(struct strata *s, const struct migration *const *wanted,
                   size_t count, const char *what, const char *scratch_url,
                   struct strata_error *err);

#endif
