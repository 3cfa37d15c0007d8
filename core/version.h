/*
 * version.h - migration versions and migration file names.
 *
 * A version is runs of ASCII digits, separated by single dots, '_' or '-'
 * when there are several ("20250108000000", "0001", Flyway's "1.2.10").
 * Versions compare run by run, each run as a number of any length: 20-digit
 * versions exist and overflow uint64, so runs are compared by length once
 * leading zeros are gone, then digit by digit.  1.2 < 1.10 < 2, and a
 * missing run counts as zero (1.0 is 1).
 */
#ifndef STRATA_CORE_VERSION_H
#define STRATA_CORE_VERSION_H

#include <stddef.h>
#include <strata/error.h>

/* A repeatable migration (Flyway's R__ files) has no version: its key in
 * the source and the history is this prefix and its name, and it comes
 * after every version, repeatables by name. */
#define VERSION_REPEATABLE_PREFIX "R__"
int version_is_repeatable(const char *s);

/* 1 when s is a version: digits, in runs joined by '.', '_' or '-'; or a
 * repeatable's key. */
int version_is_valid(const char *s);
/* <0, 0, >0 as a is below, equal to or above b ("007" equals "7"). */
int version_compare(const char *a, const char *b);
/* The version after v ("0099" -> "0100", "99" -> "100"), malloc'd. */
char *version_next(const char *v);

enum script_kind {
  SCRIPT_SINGLE, /* VERSION_name.sql: an up script with no down */
  SCRIPT_UP,     /* VERSION_name.up.sql */
  SCRIPT_DOWN    /* VERSION_name.down.sql */
};

struct migration_filename {
  char *version; /* malloc'd */
  char *name;    /* malloc'd */
  enum script_kind kind;
};

/* Whether name is a migration name: letters, digits, '_' and '-'.  The
 * history and the dump write names as they are, so no other character may
 * reach them. */
int migration_name_is_valid(const char *name);

/* Parses a file name (no directory).  A name is letters, digits, '_' and
 * '-': no dots, so a mistyped "0001_a.upp.sql" is refused, not taken for a
 * single up script named "a.upp".  Returns 0 and fills *out for a
 * migration file; 1 for a file that is not one and is ignored (it does not
 * end in ".sql", or starts with '.'); STRATA_ESOURCE for a ".sql" file whose
 * name is malformed, with a message that quotes it and shows the expected
 * form. */
int migration_filename_parse(const char *filename,
                             struct migration_filename *out,
                             struct strata_error *err);
void migration_filename_release(struct migration_filename *f);

#endif
