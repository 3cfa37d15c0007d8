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
#include <strata/layout.h>
#include <strata/strata.h>
#include "checksum.h"

/* What `strata new` writes in a new pair of files.  A file that still holds
 * exactly this is refused: someone forgot to write the migration. */
#define SOURCE_UP_TEMPLATE "-- Write the change here.\n"
#define SOURCE_DOWN_TEMPLATE "-- Write here how to undo the change.\n"

/* A run of a section whose statement boundaries the layout knows: whole,
 * one statement as written; otherwise the driver splits it. */
struct chunk {
  size_t offset; /* in the file's text */
  size_t length;
  int whole;
};

/* The part of a file one direction runs: the whole file, or a section of
 * it (dbmate's "-- migrate:up" to "-- migrate:down"). */
struct section {
  size_t offset; /* in the file's text */
  size_t length;
  unsigned flags;       /* enum strata_layout_flag */
  struct chunk *chunks; /* NULL: the driver splits the whole section */
  size_t chunk_count;
};

struct migration {
  /* version and name own no memory: they live in the allocation of
   * up_path (a folder's migration) or of label (one in memory), after its
   * string. */
  char *version;
  char *name;
  char *up_path;   /* NULL for an in-memory migration */
  char *label;     /* in memory: "VERSION_name", for messages; else NULL */
  char *down_path; /* NULL when there is no down file */
  char *up;        /* the up file's text, NUL-terminated, without its BOM */
  size_t up_len;
  struct section up_section;
  /* NULL until source_load_down(); memory: set at load; one file with
   * both sections: the up file's text (down_shared). */
  char *down;
  size_t down_len;
  struct section down_section;
  int down_shared;
  unsigned down_flags; /* the down file's name's flags (".autocommit.") */
  int has_down;
  char checksum[CHECKSUM_SIZE]; /* of the up section */
  /* How the down file is read when it is: set for a folder's files. */
  const struct strata_layout *layout;
  const struct strata_host *host;
  int binary; /* the engine takes bytes that are not UTF-8 */
};

struct source {
  struct migration *items; /* ordered by version */
  size_t count;
  char *dir;                          /* NULL for a memory source */
  const struct strata_layout *layout; /* the folder's; NULL in memory */
};

/* How a folder is read.  layout NULL: chosen among detect[], the layouts
 * whose claims() some file answers, "plain" when none does.  engines names
 * the target's engine (its driver's schemes), for files written for one
 * engine. */
struct source_options {
  const struct strata_layout *layout;
  const struct strata_layout *const *detect;
  size_t detect_count;
  const char *const *engines;
  const struct strata_host *host;
  int binary; /* the engine takes bytes that are not UTF-8 (a MySQL dump) */
};

/* Reads every migration file in dir.  A missing or unreadable folder, a
 * malformed name, a duplicate version (the message names both files), an
 * unwritten template or a non-UTF-8 script is an error naming the file. */
int source_load_folder(struct source *src, const char *dir,
                       const struct source_options *opt,
                       struct strata_error *err);
/* The layout dir is read with: opt->layout, or the one its files show. */
int source_folder_layout(const char *dir, const struct source_options *opt,
                         const struct strata_layout **out,
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

/* The text, the section and the file name (for messages) of one direction
 * of m; the down must be loaded. */
struct migration_script {
  const char *text;
  const struct section *section;
  const char *file;
};
void migration_script(const struct migration *m, enum strata_direction dir,
                      struct migration_script *out);

/* A label for messages: the up file's path, or "VERSION_name" in memory. */
const char *migration_label(const struct migration *m);

#endif
