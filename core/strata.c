/*
 * strata.c - the public session API: open a target, run, close.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "config.h"
#include "history.h"
#include "loader.h"
#include "lock_wait.h"
#include "model.h"
#include "run.h"
#include "session.h"
#include "url.h"
#include "util.h"

#define CONNECT_RETRY_MS 250

const char *strata_version(void) {
  return STRATA_VERSION;
}

void strata_run_options_init(struct strata_run_options *opt) {
  memset(opt, 0, sizeof *opt);
}

void session_emit(const struct strata *s, const struct strata_event *ev) {
  if (s->events != NULL)
    s->events(s->event_ctx, ev);
}

void session_notice(const struct strata *s, const char *text) {
  struct strata_event ev = {.kind = STRATA_EVENT_NOTICE, .text = text};
  session_emit(s, &ev);
}

/* The folder with "{engine}" replaced by the driver's name: one tree per
 * engine (db/migrations/{engine} is db/migrations/postgres on PostgreSQL). */
static char *engine_folder(const struct strata *s) {
  const char *at = strstr(s->dir, "{engine}");
  if (at == NULL)
    return strata__strdup(s->dir);
  return strata__asprintf("%.*s%s%s", (int)(at - s->dir), s->dir,
                          s->driver->plugin.name, at + strlen("{engine}"));
}

int session_source(struct strata *s, struct strata_error *err) {
  if (s->source_loaded)
    return 0;
  char *dir = engine_folder(s);
  if (dir == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  int rc = 0;
  if (s->layouts.chosen == NULL && s->layouts.all == NULL)
    rc = layout_set_load(&s->layouts, s->layout, s->plugin_path, err);
  struct source_options opt = {
      .layout = s->layouts.chosen,
      .detect = s->layouts.all,
      .detect_count = s->layouts.count,
      .engines = s->driver->schemes,
      .host = &s->host,
      .binary = (s->driver->capabilities & STRATA_CAP_BINARY_SCRIPTS) != 0,
  };
  if (rc == 0)
    rc = source_load_folder(&s->source, dir, &opt, err);
  free(dir);
  s->source_loaded = rc == 0;
  return rc;
}

/* ---- services lent to drivers ------------------------------------------ */

static int host_error_set(struct strata_error *err, int code, const char *fmt,
                          ...) {
  va_list ap;
  va_start(ap, fmt);
  strata__error_setv(err, code, fmt, ap);
  va_end(ap);
  return code;
}

static void host_notice(void *ctx, const char *fmt, ...) {
  struct strata *s = ctx;
  if (s == NULL || s->events == NULL)
    return;
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  session_notice(s, line);
}

static void host_init(struct strata_host *host, void *ctx) {
  *host = (struct strata_host){
      .abi_version = STRATA_PLUGIN_ABI_VERSION,
      .struct_size = sizeof *host,
      .host_ctx = ctx,
      .error_set = host_error_set,
      .notice = host_notice,
      .schema_append = model_append,
      .schema_append_text = model_append_text,
      .schema_strndup = model_strndup,
      .schema_find_table = model_find_table,
  };
}

/* ---- opening ------------------------------------------------------------ */

void strata_config_target(const struct strata_config *cfg, char *out,
                          size_t n) {
  url_redact(config_url(cfg, NULL), out, n);
}

/* The URL the config names, or the embedded SQLite default (whose folder is
 * created so the first run just works). */
static const char *target_url(const struct strata_config *cfg, int *defaulted) {
  const char *url = config_url(cfg, defaulted);
  if (*defaulted)
    mkdir("db", 0777);
  return url;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
    ;
}

/* Connects, retrying an unreachable server for up to wait_s seconds. */
static int connect_waiting(struct strata *s, long wait_s,
                           struct strata_error *err) {
  double deadline = strata__monotonic_ms() + (double)wait_s * 1000.0;
  int announced = 0;
  for (;;) {
    int rc = s->driver->connect(&s->host, s->url, &s->conn, err);
    if (rc != STRATA_ECONNECT || strata__monotonic_ms() >= deadline)
      return rc;
    if (!announced++) {
      char line[1200];
      snprintf(line, sizeof line, "waiting up to %ld s for %s", wait_s,
               s->url->redacted);
      session_notice(s, line);
    }
    sleep_ms(CONNECT_RETRY_MS);
  }
}

/* ddl_lock_timeout (a duration) and ddl_retries: lock_wait.h. */
static int read_ddl_settings(struct strata *s, const struct strata_config *cfg,
                             struct strata_error *err) {
  const char *text = strata_config_get(cfg, "ddl_lock_timeout");
  long retries = 0;
  s->ddl_lock_timeout_applied = -1;
  s->ddl_lock_timeout_ms =
      text ? lock_wait_parse_ms(text) : LOCK_WAIT_DEFAULT_TIMEOUT_MS;
  if (s->ddl_lock_timeout_ms < 0)
    return strata__error_set(err, STRATA_EINVAL,
                             "invalid value '%s' for 'ddl_lock_timeout': "
                             "expected a duration such as 5s or 500ms",
                             text);
  long lease_s = 0;
  int rc = config_long(cfg, "ddl_retries", LOCK_WAIT_DEFAULT_RETRIES, &retries,
                       err);
  if (rc == 0)
    rc = config_long(cfg, "lock_lease", CONFIG_DEFAULT_LOCK_LEASE_MS / 1000,
                     &lease_s, err);
  s->lock_lease_ms = lease_s * 1000;
  s->lock_kind = config_string(cfg, "lock", "auto");
  if (rc == 0 && retries > 1000)
    rc = strata__error_set(err, STRATA_EINVAL,
                           "invalid value '%ld' for 'ddl_retries': expected "
                           "at most 1000",
                           retries);
  s->ddl_retries = (int)retries;
  return rc;
}

/* lock_timeout, in seconds; -1 waits for the migration lock as long as it
 * takes. */
static int read_lock_timeout(struct strata *s, const struct strata_config *cfg,
                             struct strata_error *err) {
  const char *value = strata_config_get(cfg, "lock_timeout");
  long lock_s = -1;
  int rc = value != NULL && strcmp(value, "-1") == 0
               ? 0
               : config_long(cfg, "lock_timeout",
                             CONFIG_DEFAULT_LOCK_TIMEOUT_MS / 1000, &lock_s,
                             err);
  s->lock_timeout_ms = lock_s < 0 ? -1 : lock_s * 1000;
  if (rc != 0) /* config_long's "0 or more" would hide the -1 accepted */
    rc = strata__error_set(err, STRATA_EINVAL,
                           "invalid value '%s' for 'lock_timeout': expected "
                           "a whole number of seconds, 0 or more, or -1 to "
                           "wait as long as it takes",
                           value);
  return rc;
}

static int read_settings(struct strata *s, const struct strata_config *cfg,
                         long *wait_s, struct strata_error *err) {
  int rc = read_lock_timeout(s, cfg, err);
  if (rc == 0)
    rc = read_ddl_settings(s, cfg, err);
  if (rc == 0)
    rc = config_long(cfg, "wait", 0, wait_s, err);
  if (rc == 0)
    rc = config_bool(cfg, "allow_out_of_order", 0, &s->allow_out_of_order, err);
  if (rc == 0)
    rc = lint_mode_parse(strata_config_get(cfg, "lint"), &s->lint_mode, err);
  s->table = config_string(cfg, "table", CONFIG_DEFAULT_TABLE);
  s->dir = config_string(cfg, "dir", CONFIG_DEFAULT_DIR);
  s->layout = config_string(cfg, "layout", LAYOUT_AUTO);
  s->plugin_path = config_string(cfg, "plugin_path", NULL);
  return rc ? rc : history_check_name(s->table, err);
}

/* Everything is read from s->cfg, the session's own copy. */
static int open_session(struct strata *s, int connect,
                        struct strata_error *err) {
  long wait_s = 0;
  int defaulted = 0;
  int rc = read_settings(s, &s->cfg, &wait_s, err);
  if (rc == 0)
    rc = url_parse(target_url(&s->cfg, &defaulted), &s->url, err);
  if (rc == 0)
    rc = loader_find_driver(s->url->scheme, s->plugin_path, &s->driver, err);
  if (rc == 0 && connect)
    rc = connect_waiting(s, wait_s, err);
  if (rc == 0 && defaulted && connect)
    session_notice(
        s,
        "no database URL given (--url, DATABASE_URL or "
        "strata.conf): using the embedded SQLite database " CONFIG_DEFAULT_SQLITE_FILE);
  return rc;
}

static int session_new(const struct strata_config *cfg, strata_event_fn events,
                       void *event_ctx, int connect, struct strata **out,
                       struct strata_error *err) {
  *out = NULL;
  strata_error_clear(err);
  struct strata *s = calloc(1, sizeof *s);
  if (s == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  s->events = events;
  s->event_ctx = event_ctx;
  host_init(&s->host, s);
  strata_config_init(&s->cfg);
  int rc = strata_config_copy(&s->cfg, cfg) == 0
               ? open_session(s, connect, err)
               : strata__error_set(err, STRATA_ENOMEM, "out of memory");
  if (rc != 0) {
    strata_free(s);
    return rc;
  }
  *out = s;
  return 0;
}

int strata_open(const struct strata_config *cfg, strata_event_fn events,
                void *event_ctx, struct strata **out,
                struct strata_error *err) {
  return session_new(cfg, events, event_ctx, 1, out, err);
}

int session_open_unconnected(const struct strata_config *cfg,
                             struct strata **out, struct strata_error *err) {
  return session_new(cfg, NULL, NULL, 0, out, err);
}

void strata_free(struct strata *s) {
  if (s == NULL)
    return;
  if (s->conn != NULL)
    s->driver->disconnect(s->conn);
  url_free(s->url);
  source_release(&s->source);
  layout_set_release(&s->layouts);
  strata_config_release(&s->cfg);
  free(s);
}

const char *strata_target(const struct strata *s) {
  return s->url->redacted;
}

const char *strata_driver_name(const struct strata *s) {
  return s->driver->plugin.name;
}

const char *strata_server_version(const struct strata *s) {
  return s->driver->server_version ? s->driver->server_version(s->conn) : NULL;
}

int strata_use_memory_source(struct strata *s,
                             const struct strata_migration_def *defs,
                             size_t count, struct strata_error *err) {
  struct source loaded;
  int rc = source_load_memory(&loaded, defs, count, err);
  if (rc != 0)
    return rc;
  source_release(&s->source);
  s->source = loaded;
  s->source_loaded = 1;
  return 0;
}

/* ---- running ------------------------------------------------------------ */

int strata_up(struct strata *s, const struct strata_run_options *opt,
              struct strata_error *err) {
  strata_error_clear(err);
  return run_up(s, opt, err);
}

int strata_down(struct strata *s, const struct strata_run_options *opt,
                struct strata_error *err) {
  strata_error_clear(err);
  return run_down(s, opt, err);
}

int strata_redo(struct strata *s, const struct strata_run_options *opt,
                struct strata_error *err) {
  strata_error_clear(err);
  return run_redo(s, opt, err);
}

/* ---- databases and plugins ---------------------------------------------- */

static int with_driver(const struct strata_config *cfg, int create,
                       struct strata_error *err) {
  struct strata_url *url = NULL;
  const struct strata_driver *driver = NULL;
  struct strata_host host;
  host_init(&host, NULL);
  int defaulted = 0;
  strata_error_clear(err);
  int rc = url_parse(target_url(cfg, &defaulted), &url, err);
  if (rc == 0)
    rc = loader_find_driver(
        url->scheme, config_string(cfg, "plugin_path", NULL), &driver, err);
  if (rc == 0 &&
      (create ? driver->create_database : driver->drop_database) == NULL)
    rc = strata__error_set(err, STRATA_ENOTSUP,
                           "the %s driver cannot create or drop databases",
                           driver->plugin.name);
  if (rc == 0)
    rc = create ? driver->create_database(&host, url, err)
                : driver->drop_database(&host, url, err);
  url_free(url);
  return rc;
}

int strata_create_database(const struct strata_config *cfg,
                           struct strata_error *err) {
  return with_driver(cfg, 1, err);
}

int strata_drop_database(const struct strata_config *cfg,
                         struct strata_error *err) {
  return with_driver(cfg, 0, err);
}

int strata_list_plugins(const struct strata_config *cfg, strata_plugin_fn each,
                        void *ctx, struct strata_error *err) {
  strata_error_clear(err);
  return loader_list(config_string(cfg, "plugin_path", NULL), each, ctx, err);
}
