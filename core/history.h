/*
 * history.h - the table in the target database that records what ran.
 *
 * One row per migration that was applied, or started and not finished:
 *   version, name, checksum, state, applied_at
 *   (UTC, ISO 8601), duration_ms, statements_done, statements_total,
 *   statement_hashes (of the statements that completed, for --resume),
 *   error (why it failed).
 * The state says where a migration stands: applied; running or failed (its
 * up script, run statement by statement, stopped at statements_done);
 * reverting or revert_failed (the same for its down script).
 * A companion table <name>_format holds one row with the format version, so
 * a later strata can recognise and upgrade what an older one wrote.
 *
 * The SQL is plain enough to run unchanged on every engine: VARCHAR,
 * INTEGER, BIGINT, TEXT, and "?" parameters the drivers translate.
 */
#ifndef STRATA_CORE_HISTORY_H
#define STRATA_CORE_HISTORY_H

#include <stddef.h>

#include "session.h"

#define HISTORY_FORMAT 1

/* The widths of the version and name columns (history.c's CREATE TABLE):
 * a migration whose version or name is longer cannot be recorded. */
#define HISTORY_VERSION_MAX 64
#define HISTORY_NAME_MAX 255

enum history_state {
  HISTORY_APPLIED,
  HISTORY_RUNNING,
  HISTORY_FAILED,
  HISTORY_REVERTING,
  HISTORY_REVERT_FAILED
};

struct history_row {
  char *version;
  char *name;
  char *checksum;
  enum history_state state;
  char *applied_at;
  long long duration_ms;
  int statements_done;
  int statements_total;
  char *statement_hashes; /* comma-separated, or NULL */
  char *error;            /* or NULL */
};

struct history {
  struct history_row *rows; /* ordered by version */
  size_t count;
};

/* STRATA_EINVAL unless name is a plain identifier (letters, digits, '_'). */
int history_check_name(const char *name, struct strata_error *err);

/* Creates the tables if missing (call it holding the migration lock).  It
 * does not check a table that exists: history_read() does, and is always
 * called next. */
int history_ensure(struct strata *s, struct strata_error *err);

/* Reads every row; a missing table reads as empty.  A table strata did not
 * write, one written by a newer strata, or a row strata could not have
 * written, is STRATA_EHISTORY. */
int history_read(struct strata *s, struct history *out,
                 struct strata_error *err);
void history_release(struct history *h);

/* Sets *found to whether version has a row (any state) now. */
int history_has(struct strata *s, const char *version, int *found,
                struct strata_error *err);

/* The row of a migration that ran whole, in one step. */
int history_record_applied(struct strata *s, const char *version,
                           const char *name, const char *checksum,
                           long long duration_ms, int statements,
                           struct strata_error *err);
/* A history write prepared and not yet sent, so that a run can send it in
 * the same round trip as the statement that follows it. */
struct history_write {
  char *sql; /* NULL when nothing is pending */
  const char *params[8];
  int count;
  char numbers[3][24];
  int number_count;
  char at[24];
};
int history_send(struct strata *s, struct history_write *w,
                 struct strata_error *err);
void history_write_release(struct history_write *w);

/* A migration run statement by statement: started (or resumed by --resume,
 * or reverting for a down script), progressed, ended. */
int history_prepare_started(struct strata *s, struct history_write *w,
                            const char *version, const char *name,
                            const char *checksum, int statements,
                            struct strata_error *err);
int history_prepare_resumed(struct strata *s, struct history_write *w,
                            const char *version, int statements,
                            struct strata_error *err);
int history_prepare_reverting(struct strata *s, struct history_write *w,
                              const char *version, int statements,
                              struct strata_error *err);
int history_prepare_progress(struct strata *s, struct history_write *w,
                             const char *version, int done, const char *hashes,
                             struct strata_error *err);
int history_record_finished(struct strata *s, const char *version,
                            const char *checksum, long long duration_ms,
                            struct strata_error *err);
/* state is HISTORY_FAILED or HISTORY_REVERT_FAILED. */
int history_record_failed(struct strata *s, const char *version,
                          enum history_state state, int done, const char *error,
                          struct strata_error *err);

int history_delete(struct strata *s, const char *version,
                   struct strata_error *err);
int history_set_checksum(struct strata *s, const char *version,
                         const char *checksum, struct strata_error *err);

const char *history_state_name(enum history_state state);

/* Writes SQL that recreates the tables holding the applied rows of h, for
 * the end of a dump: version, name and checksum, with no time, so dumps of
 * two databases at the same migrations are the same text. */
int history_dump(struct strata *s, const struct history *h,
                 strata_write_fn write, void *ctx, struct strata_error *err);

#endif
