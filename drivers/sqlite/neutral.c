/*
 * neutral.c - an SQLite model in portable terms (driver.h, neutral_form).
 *
 * SQLite keeps each declared type and each expression as the renderer
 * wrote them, so its model is in portable terms already, but for what it
 * cannot hold: comments, and the width of an identity column, which is
 * always INTEGER PRIMARY KEY AUTOINCREMENT (64-bit).  An enum's check and
 * a unique constraint made as an index are the core's to read back, as
 * they are the same on every engine without enums.
 */
#include "sqlite_ops.h"

int sqlite_neutral_form(const struct strata_host *host,
                        struct strata_schema *schema, unsigned *lacks,
                        struct strata_error *err) {
  (void)host;
  (void)schema;
  (void)err;
  *lacks = STRATA_LACKS_COMMENTS | STRATA_LACKS_IDENTITY_WIDTH;
  return 0;
}
