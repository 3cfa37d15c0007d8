/*
 * util.c - errors, strings and buffers shared by the core.
 */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Each string is emptied rather than the whole struct zeroed: 3.6 KB,
 * cleared once per file by a status over 10,000 files. */
void strata_error_clear(struct strata_error *err) {
  if (err == NULL)
    return;
  err->code = STRATA_OK;
  err->message[0] = '\0';
  err->detail[0] = '\0';
  err->sqlstate[0] = '\0';
  err->file[0] = '\0';
  err->line = 0;
  err->column = 0;
  err->offset = -1;
}

int strata__error_setv(struct strata_error *err, int code, const char *fmt,
                       va_list ap) {
  if (err == NULL)
    return code;
  strata_error_clear(err);
  err->code = code;
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  return code;
}

int strata__error_set(struct strata_error *err, int code, const char *fmt,
                      ...) {
  va_list ap;
  va_start(ap, fmt);
  strata__error_setv(err, code, fmt, ap);
  va_end(ap);
  return code;
}

void strata__error_add_detail(struct strata_error *err, const char *fmt, ...) {
  if (err == NULL)
    return;
  size_t used = strlen(err->detail);
  if (used > 0 && used + 1 < sizeof err->detail)
    err->detail[used++] = '\n';
  if (used >= sizeof err->detail)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->detail + used, sizeof err->detail - used, fmt, ap);
  va_end(ap);
}

void strata__error_locate(struct strata_error *err, const char *file,
                          const char *script, size_t statement_offset) {
  if (err == NULL)
    return;
  if (file != NULL)
    snprintf(err->file, sizeof err->file, "%s", file);
  size_t at = statement_offset + (err->offset > 0 ? (size_t)err->offset : 0);
  int line = 1, column = 1;
  for (size_t i = 0; i < at && script[i] != '\0'; i++) {
    if (script[i] == '\n') {
      line++;
      column = 1;
    } else if (((unsigned char)script[i] & 0xC0) != 0x80) {
      column++; /* count characters, not UTF-8 continuation bytes */
    }
  }
  err->line = line;
  err->column = column;
}

char *strata__strdup(const char *s) {
  return s ? strdup(s) : NULL;
}

char *strata__strndup(const char *s, size_t n) {
  char *copy = malloc(n + 1);
  if (copy == NULL)
    return NULL;
  memcpy(copy, s, n);
  copy[n] = '\0';
  return copy;
}

char *strata__asprintf(const char *fmt, ...) {
  va_list ap, again;
  va_start(ap, fmt);
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *out = n < 0 ? NULL : malloc((size_t)n + 1);
  if (out != NULL)
    vsnprintf(out, (size_t)n + 1, fmt, again);
  va_end(again);
  return out;
}

void strbuf_init(struct strbuf *b) {
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
}

static int strbuf_reserve(struct strbuf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap)
    return 0;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1)
    cap *= 2;
  char *data = realloc(b->data, cap);
  if (data == NULL)
    return STRATA_ENOMEM;
  b->data = data;
  b->cap = cap;
  return 0;
}

int strbuf_append(struct strbuf *b, const char *s, size_t n) {
  if (strbuf_reserve(b, n) != 0)
    return STRATA_ENOMEM;
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

int strbuf_appendf(struct strbuf *b, const char *fmt, ...) {
  va_list ap, again;
  va_start(ap, fmt);
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  int rc = n < 0 ? STRATA_EINVAL : strbuf_reserve(b, (size_t)n);
  if (rc == 0) {
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
    b->len += (size_t)n;
  }
  va_end(again);
  return rc;
}

void strbuf_release(struct strbuf *b) {
  free(b->data);
  strbuf_init(b);
}

int strata__read_file(const char *path, char **out, size_t *len,
                      struct strata_error *err) {
  *out = NULL;
  *len = 0;
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return strata__error_set(err, STRATA_EIO, "cannot open '%s': %s", path,
                             strerror(errno));
  struct strbuf b;
  strbuf_init(&b);
  char chunk[16384];
  size_t n;
  int rc = 0;
  while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
    rc = strbuf_append(&b, chunk, n);
  if (rc == 0 && ferror(f))
    rc = strata__error_set(err, STRATA_EIO, "cannot read '%s': %s", path,
                           strerror(errno));
  else if (rc != 0)
    strata__error_set(err, rc, "out of memory reading '%s'", path);
  fclose(f);
  if (rc == 0 && b.data == NULL)
    rc = strbuf_append(&b, "", 0);
  if (rc != 0) {
    strbuf_release(&b);
    return rc;
  }
  *out = b.data;
  *len = b.len;
  return 0;
}

void strata__utc_now(char out[24]) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

double strata__monotonic_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}
