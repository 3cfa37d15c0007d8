/*
 * markers.h - the section markers other tools write into a migration file.
 *
 * dbmate and goose keep a migration's up and down in one file, split by
 * comment lines ("-- migrate:down", "-- +goose Down").  Run whole, such a
 * file undoes itself and is recorded as applied: so every file is searched
 * for the markers of the layouts it is not read as, and one that holds them
 * is refused before anything runs.  The same markers tell which layout a
 * folder is in.
 */
#ifndef STRATA_CORE_MARKERS_H
#define STRATA_CORE_MARKERS_H

#include <stddef.h>

struct marker_hit {
  const char *layout; /* "dbmate", "goose" */
  const char *marker; /* as the tool writes it: "-- migrate:down" */
  int line;           /* 1-based */
};

/* Finds the first line of text that is a section marker of a layout other
 * than layout (case-insensitive, blanks around it allowed).  Returns 1 and
 * fills *hit when there is one, 0 otherwise. */
int markers_find_foreign(const char *text, size_t length, const char *layout,
                         struct marker_hit *hit);

#endif
