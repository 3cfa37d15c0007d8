/*
 * portable.h - portable migrations in the core: parsing a file through the
 * parser plugin, simulating its ops on a model, deriving its down, and
 * rendering it with a driver.
 *
 * The core never parses SQL itself: the parser is a plugin (ops.h), so
 * libpg_query is loaded only when a portable file is read.
 */
#ifndef STRATA_CORE_PORTABLE_H
#define STRATA_CORE_PORTABLE_H

#include <strata/driver.h>
#include <strata/ops.h>

#include "util.h"

/* The dialect the plain layout reads from a portable file's name, and the
 * suffixes that mark a portable migration's files. */
#define PORTABLE_DIALECT "portable"
#define PORTABLE_UP_SUFFIX ".portable.up.sql"
#define PORTABLE_DOWN_SUFFIX ".portable.down.sql"

/* Where the SQL of one group begins in a rendering, and where its first
 * op is in the file: a statement the server refuses is blamed on the op. */
struct portable_mark {
  size_t at;
  long offset;
};

/* One parsed file.  owner holds the ops and every model simulated from
 * them; label and text are borrowed, for messages.  marks are those of
 * the last rendering, in order. */
struct portable_file {
  struct strata_schema *owner;
  struct strata_op **ops;
  size_t count;
  const char *label;
  const char *text;
  size_t length;
  struct portable_mark **marks;
  size_t mark_count;
};

/* Whether a file name or label ends in one of the suffixes. */
int portable_is_up(const char *name);
int portable_is_down(const char *name);

/* Host services for a caller with no session (an offline render). */
void portable_host_init(struct strata_host *host);

/* Parses text with the parser plugin.  A refusal is located in label
 * (file:line:col). */
int portable_parse(const char *plugin_path, const struct strata_host *host,
                   const char *label, const char *text, size_t length,
                   struct portable_file *out, struct strata_error *err);
void portable_release(struct portable_file *pf);

/* Replaces pf's ops by their inverses in reverse order: the derived down.
 * An op whose inverse needs what the file does not say is refused, naming
 * it and suggesting a .portable.down.sql. */
int portable_invert(struct portable_file *pf, struct strata_error *err);

/* A shallow copy of model in pf->owner, whose tables apply() copies
 * before it changes them. */
struct strata_schema *portable_model_copy(struct portable_file *pf,
                                          const struct strata_schema *model);
/* Applies op to model.  strict: the model is the target's, so an object
 * the op needs and does not find is an error (unless IF EXISTS); else the
 * model only knows what this file created, and such an op changes
 * nothing.  Fills in the table of DROP INDEX and RENAME INDEX. */
int portable_model_apply(struct portable_file *pf, struct strata_schema *model,
                         struct strata_op *op, int strict,
                         struct strata_error *err);

/* 0 when driver can render portable ops, else STRATA_ENOTSUP saying it
 * predates them. */
int portable_driver_check(const struct strata_driver *driver,
                          struct strata_error *err);

/* Renders pf for driver, group by group, into out.  live is the target's
 * model, or NULL for an offline render (from an empty model).  strict:
 * live is the schema the script will run on, so an op naming an object
 * it lacks is an error (a dry run renders against a schema that pending
 * migrations before this one have not changed yet).  *needs collects what
 * the run must do around the script. */
int portable_render(const struct strata_host *host,
                    const struct strata_driver *driver,
                    struct portable_file *pf, const struct strata_schema *live,
                    int strict, struct strbuf *out, unsigned *needs,
                    struct strata_error *err);

/* Sets err's file, line and column from an offset in pf's text. */
void portable_locate(const struct portable_file *pf, long offset,
                     struct strata_error *err);

#endif
