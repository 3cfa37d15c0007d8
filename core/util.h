/*
 * util.h - small helpers every core file uses: errors, strings, buffers.
 */
#ifndef STRATA_CORE_UTIL_H
#define STRATA_CORE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <strata/error.h>

#if defined(__GNUC__)
#define STRATA__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define STRATA__PRINTF(f, a)
#endif

/* Sets err (which may be NULL) to code and a formatted one-line message,
 * clearing the other fields; returns code so callers can `return` it. */
int strata__error_set(struct strata_error *err, int code, const char *fmt, ...)
    STRATA__PRINTF(3, 4);
int strata__error_setv(struct strata_error *err, int code, const char *fmt,
                       va_list ap);
/* Appends a line to err->detail. */
void strata__error_add_detail(struct strata_error *err, const char *fmt, ...)
    STRATA__PRINTF(2, 3);
/* Turns err->offset, a byte offset into the statement that began at
 * statement_offset in script, into err->file, line and column. */
void strata__error_locate(struct strata_error *err, const char *file,
                          const char *script, size_t statement_offset);

/* Copies that return NULL when memory runs out. */
char *strata__strdup(const char *s);
char *strata__strndup(const char *s, size_t n);
char *strata__asprintf(const char *fmt, ...) STRATA__PRINTF(1, 2);

/* A growable byte buffer, always NUL-terminated. */
struct strbuf {
  char *data;
  size_t len;
  size_t cap;
};
void strbuf_init(struct strbuf *b);
int strbuf_append(struct strbuf *b, const char *s, size_t n);
int strbuf_appendf(struct strbuf *b, const char *fmt, ...) STRATA__PRINTF(2, 3);
void strbuf_release(struct strbuf *b);

/* Reads a whole file; *out is NUL-terminated (free() it). */
int strata__read_file(const char *path, char **out, size_t *len,
                      struct strata_error *err);

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" and as milliseconds on a
 * monotonic clock. */
void strata__utc_now(char out[24]);
double strata__monotonic_ms(void);

#endif
