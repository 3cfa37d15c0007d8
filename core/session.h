/*
 * session.h - what a struct strata holds: one target, one source.
 * Shared by strata.c (the public API) and the modules it drives.
 */
#ifndef STRATA_CORE_SESSION_H
#define STRATA_CORE_SESSION_H

#include <strata/driver.h>
#include <strata/strata.h>

#include "layout.h"
#include "lint.h"
#include "source.h"

/* The settings a session runs with are read from its own copy of the
 * config (cfg, below), never from the caller's, which the caller may change
 * or free as soon as strata_open() returns.  The strings below point into
 * that copy, or are constant defaults: cfg is not changed after open. */
struct strata {
  const struct strata_driver *driver;
  struct strata_conn *conn;
  struct strata_host host;
  struct strata_url *url;
  const char *table;       /* the history table's name */
  const char *dir;         /* the migrations folder */
  const char *layout;      /* its layout's name, or "auto" */
  const char *plugin_path; /* or NULL */
  long lock_timeout_ms;
  long ddl_lock_timeout_ms;      /* each statement's wait for a table lock */
  int ddl_retries;               /* tries after the first that gives up */
  long ddl_lock_timeout_applied; /* what the driver was last told; -1 */
  const char *lock_kind;         /* "auto", "session" or "lease" */
  long lock_lease_ms;            /* a lease's life after each renewal */
  int lock_is_lease;             /* the driver chose a lease */
  int allow_out_of_order;
  enum lint_mode lint_mode; /* what up lints first (lint_gate.c) */
  struct source source;
  int source_loaded;
  struct layout_set layouts;
  strata_event_fn events;
  void *event_ctx;
  /* The settings it was opened with: its own copy, which everything above
   * was read from, and a scratch database beside the target is made with
   * (baseline.c). */
  struct strata_config cfg;
};

/* Sends an event to the embedding program, if it listens. */
void session_emit(const struct strata *s, const struct strata_event *ev);
/* Sends a notice line. */
void session_notice(const struct strata *s, const char *text);
/* A session with its settings, URL and driver but no connection, for work
 * that reads the migrations without the target (strata lint); strata_free()
 * frees it. */
int session_open_unconnected(const struct strata_config *cfg,
                             struct strata **out, struct strata_error *err);
/* Loads the folder source the first time it is needed. */
int session_source(struct strata *s, struct strata_error *err);

#endif
