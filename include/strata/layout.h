/*
 * layout.h - the ABI of a layout plugin: a reader of one tool's migration
 * folder (strata's own, dbmate's, goose's, Flyway's, diesel's ...).
 *
 * A layout decides, from file names, which files are migrations, their
 * versions and names, and which file holds which direction; from a file's
 * text, where its up and down sections lie,
 * whether they run outside a transaction, and where statements begin and
 * end when the tool marks that explicitly.  The core does the rest: reading
 * the folder, grouping files by version, refusing duplicates, checksums,
 * history, and splitting sections into statements with the driver.
 *
 * A layout never allocates what it hands back: names go into fixed buffers
 * of the caller's, text as ranges of the caller's buffer.  Like a driver,
 * it reports errors through the host's error_set (driver.h) and never
 * links libstrata.
 */
#ifndef STRATA_LAYOUT_H
#define STRATA_LAYOUT_H

#include <stddef.h>
#include <strata/driver.h>
#include <strata/error.h>
#include <strata/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STRATA_LAYOUT_VERSION_MAX 128 /* with its NUL */
#define STRATA_LAYOUT_NAME_MAX 256
#define STRATA_LAYOUT_DIALECT_MAX 32

/* What one file of a migration holds. */
enum strata_layout_role {
  STRATA_LAYOUT_UP = 1,   /* the up script; a down may come in another file */
  STRATA_LAYOUT_DOWN = 2, /* the down script of the up file of its version */
  /* Both directions, as sections that read_section() finds. */
  STRATA_LAYOUT_SECTIONS = 3,
  /* No version: applied after every versioned migration, and again each
   * time its text changes (Flyway's R__ files).  Its name identifies it. */
  STRATA_LAYOUT_REPEATABLE = 4,
  /* No SQL: settings of its version's migration (diesel's metadata.toml).
   * read_section() of this role gives flags that hold for both directions;
   * the rest of what it fills is not read. */
  STRATA_LAYOUT_SETTINGS = 5
};

/* Flags on a file or a section. */
enum strata_layout_flag {
  /* Runs outside a transaction, one statement at a time (sqlx's
   * "-- no-transaction", dbmate's transaction:false, goose's NO
   * TRANSACTION, an ".autocommit." file name). */
  STRATA_LAYOUT_NO_TRANSACTION = 1u << 0
};

/* What a file name says, filled by parse_name(). */
struct strata_layout_file {
  enum strata_layout_role role;
  /* Runs of digits joined by '.', '_' or '-', compared run by run as
   * numbers (1.2 < 1.10 < 2); "" for a repeatable. */
  char version[STRATA_LAYOUT_VERSION_MAX];
  char name[STRATA_LAYOUT_NAME_MAX];
  /* The engine the file is written for ("postgres", "mysql", "sqlite", as
   * a driver's scheme names it), or "" for every engine.  Where a version
   * has both, the file of the target's engine wins. */
  char dialect[STRATA_LAYOUT_DIALECT_MAX];
  unsigned flags; /* enum strata_layout_flag */
};

/* One direction's section of a file, filled by read_section(). */
struct strata_layout_section {
  int present;   /* 0: the file has no such section */
  size_t offset; /* the section's text in the file (the checksum's input) */
  size_t length;
  unsigned flags; /* enum strata_layout_flag */
};

/* A piece of a section with explicit statement boundaries: whole, one
 * statement exactly as written (goose's StatementBegin ... StatementEnd);
 * otherwise text the driver splits as usual.  Offsets are in the file. */
typedef int (*strata_layout_chunk_fn)(void *ctx, size_t offset, size_t length,
                                      int whole);

enum strata_layout_direction { STRATA_LAYOUT_DIR_UP, STRATA_LAYOUT_DIR_DOWN };

struct strata_layout {
  struct strata_plugin plugin; /* kind == STRATA_PLUGIN_LAYOUT */

  /* How deep below the migrations folder its files lie: 0 for files in the
   * folder itself, 1 for files in its subfolders (diesel's
   * <version>_<name>/up.sql). */
  int depth;

  /* Reads a path relative to the folder ("0001_users.up.sql",
   * "2020-01-01-000000_users/up.sql").  0 and *out filled for a migration
   * file; 1 for a file that is none of this layout's and is ignored;
   * STRATA_ESOURCE through host->error_set for a name that looks like one
   * but is malformed, quoting it and the expected form. */
  int (*parse_name)(const struct strata_host *host, const char *path,
                    struct strata_layout_file *out, struct strata_error *err);

  /* Finds one direction's section of a file of role STRATA_LAYOUT_UP,
   * DOWN, SECTIONS or REPEATABLE (text without its byte-order mark), or the
   * flags a STRATA_LAYOUT_SETTINGS file sets.
   * Where the layout knows statement boundaries, it gives the section as
   * chunks to emit (which may be NULL when only the range is wanted) and
   * the core splits only the chunks that are not whole; when it emits
   * none, the core splits the whole section.  A file whose sections are
   * malformed (a down before the up, a StatementBegin never ended) is
   * STRATA_ESOURCE with err->offset set.  NULL: the whole file is the
   * section of its role. */
  int (*read_section)(const struct strata_host *host, const char *text,
                      size_t length, enum strata_layout_role role,
                      enum strata_layout_direction direction,
                      struct strata_layout_section *out,
                      strata_layout_chunk_fn emit, void *ctx,
                      struct strata_error *err);

  /* Whether a file's name or text shows it is this layout's beyond doubt
   * (a "-- migrate:up" line, a V1__x.sql name): what `--layout auto` reads
   * to choose the folder's layout.  NULL: never (the default layout). */
  int (*claims)(const char *path, const char *text, size_t length);
};

#ifdef __cplusplus
}
#endif
#endif
