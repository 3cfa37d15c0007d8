/*
 * same_database.h - whether two open sessions are in one database, so
 * that a port does not copy a database into itself and verify --engines
 * does not use one twice (strata_same_database() compares the URLs before
 * anything connects).
 */
#ifndef STRATA_CORE_SAME_DATABASE_H
#define STRATA_CORE_SAME_DATABASE_H

#include <strata/strata.h>

/* Sets *same to 1 when sessions a and b are in one database and schema as
 * their drivers' identity() names them, 0 otherwise and when either
 * driver cannot tell.  Nothing is written.  Fails when a driver cannot
 * ask its server. */
int same_database_open(struct strata *a, struct strata *b, int *same,
                       struct strata_error *err);

#endif
