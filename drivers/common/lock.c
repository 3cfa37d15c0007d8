/*
 * lock.c - waiting for the migration lock.
 *
 * Every lock is asked for without waiting in the server and the asking
 * repeated, never taken with a blocking call: a runner blocked inside
 * PostgreSQL would keep CREATE INDEX CONCURRENTLY in another session
 * waiting for it, and polling lets the wait end at any millisecond and
 * tell the user, while it lasts, who holds the lock.
 */
#include "common.h"

#include <stdio.h>
#include <time.h>

#define FIRST_POLL_MS 10
#define LAST_POLL_MS 500
#define REPORT_EVERY_MS 5000

double common_now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static void sleep_ms(double ms) {
  long whole = (long)ms;
  struct timespec t = {(time_t)(whole / 1000), (whole % 1000) * 1000000L};
  nanosleep(&t, NULL);
}

static void describe(const struct common_wait *w, char *out, size_t size) {
  out[0] = '\0';
  w->describe(w->ctx, out, size);
  if (out[0] == '\0')
    snprintf(out, size, "another runner, which has just let it go");
}

static void report(const struct common_wait *w) {
  char holder[600];
  if (w->host == NULL || w->host->notice == NULL)
    return;
  describe(w, holder, sizeof holder);
  w->host->notice(w->host->host_ctx, "waiting for the %s: held by %s", w->what,
                  holder);
}

static int give_up(const struct common_wait *w, int timeout_ms,
                   struct strata_error *err) {
  char holder[600];
  describe(w, holder, sizeof holder);
  return w->host->error_set(err, STRATA_ELOCK,
                            "could not take the %s within %g s: held by %s; "
                            "%s",
                            w->what, timeout_ms / 1000.0, holder, w->hint);
}

int common_wait(const struct common_wait *w, int timeout_ms,
                struct strata_error *err) {
  double start = common_now_ms(), next_report = start;
  double interval = FIRST_POLL_MS;
  for (;;) {
    int got = 0;
    int rc = w->try_take(w->ctx, &got, err);
    if (rc != 0 || got)
      return rc;
    double now = common_now_ms(), left = start + timeout_ms - now;
    if (timeout_ms >= 0 && left <= 0)
      return give_up(w, timeout_ms, err);
    if (now >= next_report) {
      report(w);
      next_report = now + REPORT_EVERY_MS;
    }
    sleep_ms(timeout_ms >= 0 && left < interval ? left : interval);
    interval = interval * 2 < LAST_POLL_MS ? interval * 2 : LAST_POLL_MS;
  }
}

uint64_t common_fnv1a(uint64_t h, const char *s) {
  for (; *s != '\0'; s++)
    h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
  return h;
}
