/*
 * lock_wait.c - DDL lock timeouts and retries with backoff.
 */
#include "lock_wait.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

#define MAX_MS 86400000L
#define FIRST_PAUSE_MS 100
#define LAST_PAUSE_MS 5000

long lock_wait_parse_ms(const char *text) {
  char *end;
  errno = 0;
  double value = strtod(text, &end);
  if (end == text || errno != 0 || value < 0)
    return -1;
  double scale = 1000;
  if (strcmp(end, "ms") == 0)
    scale = 1;
  else if (*end != '\0' && strcmp(end, "s") != 0)
    return -1;
  double ms = value * scale;
  return ms > MAX_MS ? -1 : (long)(ms + 0.5);
}

/* The value after the directive on the line at text, trimmed, in out. */
static int directive_value(const char *line, size_t length, char *out,
                           size_t size) {
  size_t n = strlen(LOCK_WAIT_DIRECTIVE);
  if (length <= n || strncmp(line, LOCK_WAIT_DIRECTIVE, n) != 0 ||
      (line[n] != ' ' && line[n] != '\t'))
    return 0;
  const char *v = line + n, *end = line + length;
  while (v < end && (*v == ' ' || *v == '\t'))
    v++;
  while (end > v && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
    end--;
  snprintf(out, size, "%.*s", (int)(end - v), v);
  return 1;
}

int lock_wait_directive(const char *text, size_t length, const char *file,
                        long *ms, struct strata_error *err) {
  *ms = -1;
  size_t at = 0;
  while (at < length) {
    const char *line = text + at;
    const char *nl = memchr(line, '\n', length - at);
    size_t n = nl ? (size_t)(nl - line) : length - at;
    while (n > 0 && (*line == ' ' || *line == '\t'))
      line++, n--;
    if (n < 2 || strncmp(line, "--", 2) != 0)
      break;
    char value[64];
    if (directive_value(line, n, value, sizeof value)) {
      *ms = lock_wait_parse_ms(value);
      if (*ms < 0)
        return strata__error_set(err, STRATA_ESOURCE,
                                 "'%s': '" LOCK_WAIT_DIRECTIVE " %s' is not "
                                 "a duration; write e.g. 10s or 500ms",
                                 file, value);
    }
    at = nl ? (size_t)(nl - text) + 1 : length;
  }
  return 0;
}

int lock_wait_choose_kind(struct strata *s, struct strata_error *err) {
  s->lock_is_lease = 0;
  if (s->driver->plugin.struct_size <=
          offsetof(struct strata_driver, set_lock_kind) ||
      s->driver->set_lock_kind == NULL) {
    if (strcmp(s->lock_kind, "lease") != 0)
      return 0;
    return strata__error_set(err, STRATA_ENOTSUP,
                             "the %s driver has no lease lock; remove "
                             "'lock = lease' from the settings",
                             s->driver->plugin.name);
  }
  return s->driver->set_lock_kind(s->conn, s->lock_kind, (int)s->lock_lease_ms,
                                  &s->lock_is_lease, err);
}

int lock_wait_apply(struct strata *s, long timeout_ms,
                    struct strata_error *err) {
  if (s->driver->plugin.struct_size <=
          offsetof(struct strata_driver, set_statement_lock_timeout) ||
      s->driver->set_statement_lock_timeout == NULL ||
      s->ddl_lock_timeout_applied == timeout_ms)
    return 0;
  int rc = s->driver->set_statement_lock_timeout(s->conn, (int)timeout_ms, err);
  s->ddl_lock_timeout_applied = rc == 0 ? timeout_ms : -1;
  return rc;
}

static void describe_holders(struct strata *s, const char *sql, size_t length,
                             char *out, size_t size) {
  struct strata_error ignored;
  out[0] = '\0';
  if (s->driver->plugin.struct_size >
          offsetof(struct strata_driver, describe_lock_holders) &&
      s->driver->describe_lock_holders != NULL)
    s->driver->describe_lock_holders(s->conn, sql, length, out, size, &ignored);
}

static void pause_ms(long ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&t, &t) != 0 && errno == EINTR)
    ;
}

int lock_wait_retry(struct strata *s, const char *label, const char *sql,
                    size_t length, long timeout_ms, int attempt,
                    struct strata_error *err) {
  char holders[600];
  describe_holders(s, sql, length, holders, sizeof holders);
  const char *who = holders[0] ? holders : "another session";
  if (attempt >= s->ddl_retries) {
    /* The server's own words, and where the statement is, stay. */
    strata__error_add_detail(err, "%s", err->message);
    snprintf(err->message, sizeof err->message,
             "migration %.200s waited %g s for a lock %d time%s and gave up: "
             "held by %s; end that session, or retry with a larger "
             "--ddl-lock-timeout or --ddl-retries",
             label, (double)timeout_ms / 1000.0, attempt + 1,
             attempt ? "s" : "", who);
    return err->code;
  }
  long pause = FIRST_PAUSE_MS << (attempt < 6 ? attempt : 6);
  if (pause > LAST_PAUSE_MS)
    pause = LAST_PAUSE_MS;
  char line[1200];
  snprintf(line, sizeof line,
           "migration %.200s waited %g s for a lock held by %s; retry %d of %d "
           "in %g s",
           label, (double)timeout_ms / 1000.0, who, attempt + 1, s->ddl_retries,
           (double)pause / 1000.0);
  session_notice(s, line);
  pause_ms(pause);
  return 0;
}
