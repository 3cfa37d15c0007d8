/*
 * same_database.h - whether two URLs name one database, so that a port
 * does not copy a database into itself and verify --engines does not use
 * one twice.
 */
#ifndef STRATA_CORE_SAME_DATABASE_H
#define STRATA_CORE_SAME_DATABASE_H

#include <strata/strata.h>

/* Whether URLs a and b name one database, whatever schema each leads to
 * (strata_same_database() says how it decides). */
int same_database(const struct strata_config *cfg, const char *a,
                  const char *b);

#endif
