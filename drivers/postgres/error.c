/*
 * error.c - filling a struct strata_error from inside the driver.
 *
 * split() runs before any connection exists and is given no host, so the
 * driver cannot rely on host->error_set; it fills the struct itself, the
 * same way everywhere.
 */
#include "postgres.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int postgres_error_set(struct strata_error *err, int code, const char *fmt,
                       ...) {
  if (err == NULL)
    return code;
  memset(err, 0, sizeof *err);
  err->code = code;
  err->offset = -1;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return code;
}

void postgres_error_detail(struct strata_error *err, const char *fmt, ...) {
  if (err == NULL)
    return;
  size_t used = strlen(err->detail);
  if (used > 0 && used + 1 < sizeof err->detail)
    err->detail[used++] = '\n';
  if (used + 1 >= sizeof err->detail)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->detail + used, sizeof err->detail - used, fmt, ap);
  va_end(ap);
}

/* A UTF-8 character starts at every byte that is not a continuation byte
 * (10xxxxxx), which is how the server counts the positions it reports. */
size_t postgres_utf8_offset(const char *s, size_t len, long chars) {
  size_t i = 0;
  long seen = -1;
  for (; i < len; i++) {
    if (((unsigned char)s[i] & 0xc0) != 0x80 && ++seen == chars)
      return i;
  }
  return len;
}

/* libpq prefixes the server's messages with their severity and two blanks:
 * "FATAL:  role ... does not exist". */
const char *postgres_skip_severity(const char *msg) {
  size_t n = strspn(msg, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  return n > 0 && strncmp(msg + n, ":  ", 3) == 0 ? msg + n + 3 : msg;
}
