/*
 * portable_run.h - what run.c asks of a portable migration.
 */
#ifndef STRATA_CORE_PORTABLE_RUN_H
#define STRATA_CORE_PORTABLE_RUN_H

#include "portable.h"
#include "session.h"

/* A portable migration rendered for the session's engine. */
struct portable_rendered {
  char *sql;   /* the script, NUL-terminated */
  size_t length;
  char *label; /* "FILE (as rendered for ENGINE)", for messages */
  unsigned needs; /* enum strata_render_need */
  struct portable_mark *marks; /* where each group of ops begins */
  size_t mark_count;
};

/* Whether the script at path is portable (its file name says so). */
int portable_run_is(const char *path);
/* Parses the script, refusing what is outside the portable dialect; with
 * invert, also what has no derived down. */
int portable_run_check(struct strata *s, const char *label, const char *text,
                       size_t length, int invert, struct strata_error *err);
/* Renders the script, or with invert its derived down, against the
 * target's schema as it is now (for a dry run, leniently: migrations
 * before it have not run). */
int portable_run_render(struct strata *s, const char *label, const char *text,
                        size_t length, int dry_run, int invert,
                        struct portable_rendered *out,
                        struct strata_error *err);
void portable_rendered_release(struct portable_rendered *r);
/* Blames a statement the server refused, at statement_offset in the
 * rendering, on the op of file it came from: err's file, line and column
 * become the op's, and the rendering's position goes to the detail. */
void portable_run_locate(const struct portable_rendered *r, const char *file,
                         const char *text, size_t statement_offset,
                         struct strata_error *err);
/* Calls the driver's guard for the needs, if any. */
int portable_run_guard(struct strata *s, unsigned needs,
                       enum strata_guard_step step, struct strata_error *err);

#endif
