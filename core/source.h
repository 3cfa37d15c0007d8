/*
 * source.h - where migrations come from: a folder, or a list in memory.
 *
 * A loaded source is ordered by version and checked: no duplicate version,
 * no malformed file name, no non-UTF-8 up script, no file still as `strata
 * new` wrote it, no down script without an up.  An empty or comment-only
 * script is a migration like any other: it applies as a no-op.  Up scripts
 * are read (their checksum is needed for every plan); down scripts are read
 * only when a down runs.
 */
#ifndef STRATA_CORE_SOURCE_H
#define STRATA_CORE_SOURCE_H

#include <stddef.h>
#include <strata/strata.h>
#include "checksum.h"

/* What `strata new` writes in a new pair of files.  A file that still holds
 * exactly this is refused: someone forgot to write the migration. */
#define SOURCE_UP_TEMPLATE "-- Write the change here.\n"
#define SOURCE_DOWN_TEMPLATE "-- Write here how to undo the change.\n"

struct migration {
  char *version;
  char *name;
  char *up_path;   /* NULL for an in-memory migration */
  char *label;     /* in memory: "VERSION_name", for messages; else NULL */
  char *down_path; /* NULL when there is no down file */
  char *up;        /* the up script, NUL-terminated */
  size_t up_len;
  char *down; /* NULL until source_load_down(); memory: set at load */
  size_t down_len;
  int has_down;
  char checksum[CHECKSUM_SIZE]; /* of the up script */
};

struct source {
  struct migration *items; /* ordered by version */
  size_t count;
  char *dir; /* NULL for a memory source */
};

/* Reads every migration file in dir.  A missing or unreadable folder, a
 * malformed name, a duplicate version (the message names both files), an
 * unwritten template or a non-UTF-8 script is an error naming the file. */
int source_load_folder(struct source *src, const char *dir,
                       struct strata_error *err);
int source_load_memory(struct source *src,
                       const struct strata_migration_def *defs, size_t count,
                       struct strata_error *err);
void source_release(struct source *src);

/* The migration with that version (compared numerically), or NULL. */
struct migration *source_find(const struct source *src, const char *version);

/* Reads m's down script if it is not read yet; STRATA_ENODOWN when m has
 * none. */
int source_load_down(struct migration *m, struct strata_error *err);

/* A label for messages: the up file's path, or "VERSION_name" in memory. */
const char *migration_label(const struct migration *m);

#endif
