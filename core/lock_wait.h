/*
 * lock_wait.h - how long a migration's statements may wait for a lock on a
 * live table, and what happens when they give up.
 *
 * A DDL statement queued behind a long reader blocks every query queued
 * behind it in turn.  So each statement waits at most the DDL lock timeout
 * (`ddl_lock_timeout`, `--ddl-lock-timeout`, or a migration's
 * "-- strata:lock-timeout 10s" line), then gives up and leaves the table to
 * its readers; strata waits, with a growing pause, and tries again
 * `ddl_retries` times before it fails naming the sessions in the way.
 *
 * This is not the migration lock: `lock_timeout` is how long a runner waits
 * for another runner.
 */
#ifndef STRATA_CORE_LOCK_WAIT_H
#define STRATA_CORE_LOCK_WAIT_H

#include <stddef.h>

#include "session.h"

#define LOCK_WAIT_DIRECTIVE "-- strata:lock-timeout"
#define LOCK_WAIT_DEFAULT_TIMEOUT_MS 3000
#define LOCK_WAIT_DEFAULT_RETRIES 5

/* Reads a duration: "10s", "500ms", "1.5s", or plain seconds ("10").
 * -1 when text is none of those or is over a day. */
long lock_wait_parse_ms(const char *text);

/* The timeout a migration's "-- strata:lock-timeout D" line sets among its
 * leading comment lines, in *ms; -1 when it has none.  A malformed value
 * is an error naming file. */
int lock_wait_directive(const char *text, size_t length, const char *file,
                        long *ms, struct strata_error *err);

/* Tells the driver which migration lock to take (the setting lock: auto,
 * session or lease), and notes whether it chose a lease. */
int lock_wait_choose_kind(struct strata *s, struct strata_error *err);

/* Tells the driver the timeout for the next statements, when it differs
 * from the one it has. */
int lock_wait_apply(struct strata *s, long timeout_ms,
                    struct strata_error *err);

/* After attempt (from 0) of sql gave up on a lock with err: when retries
 * are left, tells the user who is in the way, pauses, and returns 0 to try
 * again; otherwise returns err's code with a message that names the
 * holders and what to do.  label names the migration. */
int lock_wait_retry(struct strata *s, const char *label, const char *sql,
                    size_t length, long timeout_ms, int attempt,
                    struct strata_error *err);

#endif
