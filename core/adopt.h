/*
 * adopt.h - other migration tools' history tables: read by `strata adopt`
 * (adopt.c), and known to the baseline check (baseline.c), for which they
 * are no part of the schema migrations build.
 */
#ifndef STRATA_CORE_ADOPT_H
#define STRATA_CORE_ADOPT_H

/* Whether table has the default name of a history table one of the tools
 * strata adopts from keeps (schema_migrations, goose_db_version, ...). */
int adopt_is_tool_table(const char *table);

#endif
