/*
 * session.h - what a struct strata holds: one target, one source.
 * Shared by strata.c (the public API) and the modules it drives.
 */
#ifndef STRATA_CORE_SESSION_H
#define STRATA_CORE_SESSION_H

#include <strata/driver.h>
#include <strata/strata.h>

#include "source.h"

struct strata {
  const struct strata_driver *driver;
  struct strata_conn *conn;
  struct strata_host host;
  struct strata_url *url;
  char *table; /* the history table's name */
  char *dir;   /* the migrations folder */
  long lock_timeout_ms;
  int allow_out_of_order;
  struct source source;
  int source_loaded;
  strata_event_fn events;
  void *event_ctx;
  char *plugin_path; /* the setting, for plugins loaded later (portable) */
};

/* Sends an event to the embedding program, if it listens. */
void session_emit(const struct strata *s, const struct strata_event *ev);
/* Sends a notice line. */
void session_notice(const struct strata *s, const char *text);
/* Loads the folder source the first time it is needed. */
int session_source(struct strata *s, struct strata_error *err);

#endif
