/*
 * tap.h - a tiny Test Anything Protocol emitter for the C unit tests.
 * automake's tap-driver.sh reads the output; each check is one test point.
 *
 *   ok(version_compare("10", "9") > 0, "10 sorts after 9");
 *   is_int(rc, 0, "parse succeeds");
 *   is_str(got, "abc", "name is kept");
 *   return done_testing();
 */
#ifndef STRATA_TESTS_TAP_H
#define STRATA_TESTS_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failures;

static inline int tap_report(int pass, const char *file, int line,
                             const char *fmt, va_list ap) {
  tap_count++;
  if (!pass)
    tap_failures++;
  printf("%sok %d - ", pass ? "" : "not ", tap_count);
  vprintf(fmt, ap);
  printf("\n");
  if (!pass)
    printf("#   failed at %s:%d\n", file, line);
  fflush(stdout);
  return pass;
}

static inline int tap_ok(int pass, const char *file, int line, const char *fmt,
                         ...) {
  va_list ap;
  va_start(ap, fmt);
  tap_report(pass, file, line, fmt, ap);
  va_end(ap);
  return pass;
}

static inline int tap_is_int(long got, long want, const char *file, int line,
                             const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int pass = tap_report(got == want, file, line, fmt, ap);
  va_end(ap);
  if (!pass)
    printf("#   got %ld, want %ld\n", got, want);
  return pass;
}

static inline int tap_is_str(const char *got, const char *want,
                             const char *file, int line, const char *fmt, ...) {
  int same = (got == NULL && want == NULL) ||
             (got != NULL && want != NULL && strcmp(got, want) == 0);
  va_list ap;
  va_start(ap, fmt);
  int pass = tap_report(same, file, line, fmt, ap);
  va_end(ap);
  if (!pass)
    printf("#   got '%s', want '%s'\n", got ? got : "(null)",
           want ? want : "(null)");
  return pass;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...)                                                 \
  tap_is_int((long)(got), (long)(want), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...)                                                 \
  tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)

static inline int done_testing(void) {
  printf("1..%d\n", tap_count);
  return tap_failures ? 1 : 0;
}

#endif
