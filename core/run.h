/*
 * run.h - carrying out a plan against the target.
 *
 * Every run holds the migration lock from before it reads history until it
 * ends, so concurrent runners serialise.  On engines with no session lock
 * (SQLite) each migration re-checks its history row inside its own write
 * transaction, which gives the same exactly-once guarantee.
 *
 * A migration runs whole in one transaction, its history row written inside
 * it, when the engine has transactional DDL or the migration holds no DDL.
 * Otherwise (MySQL DDL, or "-- strata:no-transaction") it runs statement by
 * statement and its history row records how far it got after each one, so
 * a failure or a kill leaves an honest account of what ran.
 */
#ifndef STRATA_CORE_RUN_H
#define STRATA_CORE_RUN_H

#include "session.h"

int run_up(struct strata *s, const struct strata_run_options *opt,
           struct strata_error *err);
int run_down(struct strata *s, const struct strata_run_options *opt,
             struct strata_error *err);
/* Reverts the newest applied migration and applies it again. */
int run_redo(struct strata *s, const struct strata_run_options *opt,
             struct strata_error *err);
/* Runs the up of m, an applied migration, again as a step of up runs (its
 * rendering, the statements before its transaction, the driver's guard
 * and checks, the lock timeout and retries), but records nothing, and
 * rolls its transaction back instead of committing; outside a
 * transaction its statements stay done.  For verify --idempotent. */
int run_rehearse_up(struct strata *s, struct migration *m,
                    struct strata_error *err);

#endif
