/*
 * verify_scratch.c - the database `strata verify` works in.
 *
 * By default strata makes one: the target's URL with its database name
 * replaced by strata_verify_<pid>_<n>, so it lives on the same server (or,
 * for a file, in the same folder) and is reached with the same
 * credentials.  The driver's create_database makes it and drop_database
 * removes it; the target itself is never connected to.  A scratch
 * database the caller names instead must be empty, and is left in place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "url.h"
#include "util.h"
#include "verify.h"

/* Names tried before giving up: a leftover of a killed run may hold one. */
#define SCRATCH_ATTEMPTS 5

static int use_url(struct scratch *sc, char *url, struct strata_error *err) {
  free(sc->url);
  sc->url = url;
  if (url == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  url_redact(url, sc->redacted, sizeof sc->redacted);
  if (strata_config_set(&sc->cfg, "url", url) != 0)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  return 0;
}

/* Errors that another name would not cure. */
static int is_final(int code) {
  return code == STRATA_ECONNECT || code == STRATA_EAUTH ||
         code == STRATA_EURL || code == STRATA_EPLUGIN ||
         code == STRATA_ENOTSUP || code == STRATA_ENOMEM;
}

static int create_own(struct scratch *sc, const struct strata_config *cfg,
                      struct strata_error *err) {
  int rc = 0;
  for (int n = 1; n <= SCRATCH_ATTEMPTS; n++) {
    char name[64];
    snprintf(name, sizeof name, "strata_verify_%ld_%d", (long)getpid(), n);
    rc = use_url(sc, url_with_database(config_url(cfg, NULL), name), err);
    if (rc == 0)
      rc = strata_create_database(&sc->cfg, err);
    if (rc == 0 || is_final(rc))
      break;
  }
  sc->exists = rc == 0;
  if (rc == STRATA_ENOTSUP)
    strata__error_add_detail(err, "verify needs a scratch database: name an "
                                  "empty one with --scratch URL");
  else if (rc != 0)
    strata__error_add_detail(err, "cannot create the scratch database '%s'",
                             sc->redacted);
  return rc;
}

/* The caller's scratch must not be the target, which verify never
 * changes. */
static int refuse_target(const struct scratch *sc,
                         const struct strata_config *cfg,
                         struct strata_error *err) {
  if (strata_same_database(cfg, config_url(cfg, NULL), NULL, sc->url, NULL))
    return strata__error_set(err, STRATA_EINVAL,
                             "the scratch database '%s' is the target itself; "
                             "verify needs another, empty database",
                             sc->redacted);
  return 0;
}

int scratch_prepare(struct scratch *sc, const struct strata_config *cfg,
                    const char *given_url, struct strata_error *err) {
  memset(sc, 0, sizeof *sc);
  strata_config_init(&sc->cfg);
  /* A scratch database checks what the migrations build; whether they
   * pass the lint is not its business, and up would stop before it. */
  if (strata_config_copy(&sc->cfg, cfg) != 0 ||
      strata_config_set(&sc->cfg, "lint", "off") != 0)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  sc->own = given_url == NULL;
  if (sc->own)
    return create_own(sc, cfg, err);
  int rc = use_url(sc, strata__strdup(given_url), err);
  return rc ? rc : refuse_target(sc, cfg, err);
}

/* The first object of a schema, to name in a refusal. */
static const char *first_object(const struct strata_schema *schema) {
  if (schema->table_count)
    return schema->tables[0]->name;
  if (schema->view_count)
    return schema->views[0]->name;
  if (schema->sequence_count)
    return schema->sequences[0]->name;
  if (schema->enum_count)
    return schema->enums[0]->name;
  return schema->routine_count ? schema->routines[0]->name : NULL;
}

static int check_empty(struct scratch *sc, struct strata *s,
                       struct strata_error *err) {
  struct strata_schema *schema = NULL;
  struct strata_status *status = NULL;
  int rc = strata_schema_read(s, &schema, err);
  if (rc == 0)
    rc = strata_status(s, &status, err);
  const char *object = rc == 0 ? first_object(schema) : NULL;
  if (object != NULL)
    rc = strata__error_set(err, STRATA_EINVAL,
                           "the scratch database '%s' is not empty (it holds "
                           "'%s'); verify needs an empty database",
                           sc->redacted, object);
  else if (rc == 0 && status->applied + status->problems > 0)
    rc = strata__error_set(err, STRATA_EINVAL,
                           "the scratch database '%s' is not empty (its "
                           "history records migrations); verify needs an "
                           "empty database",
                           sc->redacted);
  strata_status_free(status);
  strata_schema_free(schema);
  return rc;
}

int scratch_open(struct scratch *sc, strata_event_fn events, void *event_ctx,
                 struct strata **out, struct strata_error *err) {
  int rc = strata_open(&sc->cfg, events, event_ctx, out, err);
  if (rc == 0 && !sc->own)
    rc = check_empty(sc, *out, err);
  if (rc != 0) {
    strata_free(*out);
    *out = NULL;
  }
  return rc;
}

static int drop_own(struct scratch *sc, struct strata_error *err) {
  if (!sc->exists)
    return 0;
  int rc = strata_drop_database(&sc->cfg, err);
  if (rc != 0)
    strata__error_add_detail(err,
                             "the scratch database '%s' is left behind; "
                             "drop it by hand",
                             sc->redacted);
  sc->exists = rc != 0;
  return rc;
}

int scratch_remake(struct scratch *sc, struct strata_error *err) {
  int rc = drop_own(sc, err);
  if (rc == 0)
    rc = strata_create_database(&sc->cfg, err);
  sc->exists = rc == 0;
  return rc;
}

int scratch_release(struct scratch *sc, struct strata_error *err) {
  int rc = sc->own ? drop_own(sc, err) : 0;
  strata_config_release(&sc->cfg);
  free(sc->url);
  sc->url = NULL;
  return rc;
}
