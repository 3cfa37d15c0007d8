/*
 * script.h - one migration script, split into statements by its driver.
 *
 * A script whose first line is "-- strata:no-transaction", or which its
 * layout marks so, runs outside a transaction, one statement at a time.  Otherwise every statement the
 * driver flags as impossible inside a transaction is refused before
 * anything runs, with its file and line.
 */
#ifndef STRATA_CORE_SCRIPT_H
#define STRATA_CORE_SCRIPT_H

#include <stddef.h>
#include <strata/driver.h>

#include "source.h"

#define SCRIPT_NO_TRANSACTION_DIRECTIVE "-- strata:no-transaction"
#define SCRIPT_HASH_SIZE 17 /* 16 hex digits + NUL */

struct script {
  const char *text; /* borrowed: the whole file, which offsets point into */
  size_t length;
  const char *file; /* for messages: the file path or the migration label */
  struct strata_statement *statements;
  size_t count;
  int no_transaction; /* the directive, or the layout's marker */
  int has_ddl;        /* some statement is DDL */
};

/* Splits one direction's section with driver->split, but for the chunks
 * the layout gave as whole statements.  A split error is located in the
 * file. */
int script_prepare(struct script *sc, const struct strata_driver *driver,
                   const struct migration_script *ms,
                   struct strata_error *err);
void script_release(struct script *sc);

/* Refuses a script that cannot run as written: one that leaves or drops
 * the target database, or a transactional one holding a statement that
 * cannot run in a transaction (suggesting the directive), naming the file
 * and line.  A script with no statement (empty, or only
 * comments) is fine: it runs as a no-op. */
int script_check(const struct script *sc, struct strata_error *err);

/* What script_prepare() and script_check() together would say of ms,
 * without keeping its statements: a split error, else the first statement
 * refused, else 0.  status asks it of every pending migration. */
int script_vet(const struct strata_driver *driver,
               const struct migration_script *ms, struct strata_error *err);

/* Whether the script runs in one transaction on an engine of driver's
 * capabilities: not under the directive, and not where DDL would commit
 * it half way (an engine without transactional DDL). */
int script_transactional(const struct script *sc,
                         const struct strata_driver *driver);

/* A short hash of statement i (CRLF-insensitive), to notice on --resume
 * that statements which already ran were edited since. */
void script_statement_hash(const struct script *sc, size_t i,
                           char out[SCRIPT_HASH_SIZE]);

#endif
