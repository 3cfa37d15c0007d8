/*
 * text.c - short texts the drivers write the same way: a list of lock
 * holders in a fixed buffer, the name a lease gives its holder, and a
 * model's text rewritten for its neutral form.
 */
#include "common.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void common_holders_init(struct common_holders *h, char *out, size_t size,
                         int columns,
                         void (*add)(struct common_holders *h,
                                     const char *const *values)) {
  h->out = out;
  h->size = size;
  h->used = 0;
  h->columns = columns;
  h->add = add;
  if (size > 0)
    out[0] = '\0';
}

int common_holders_row(void *ctx, int columns, const char *const *values,
                       const size_t *lengths) {
  (void)lengths;
  struct common_holders *h = ctx;
  if (columns == h->columns)
    h->add(h, values);
  return 0;
}

/* Moves h->used past n more bytes written, or to the end of what fit. */
static void advance(struct common_holders *h, int n) {
  if (n > 0)
    h->used +=
        (size_t)n < h->size - h->used ? (size_t)n : h->size - h->used - 1;
}

void common_holders_add(struct common_holders *h, const char *fmt, ...) {
  if (h->used + 1 >= h->size)
    return;
  if (h->used > 0)
    advance(h, snprintf(h->out + h->used, h->size - h->used, "; "));
  va_list ap;
  va_start(ap, fmt);
  advance(h, vsnprintf(h->out + h->used, h->size - h->used, fmt, ap));
  va_end(ap);
}

void common_lease_holder_name(char *out, size_t size) {
  char host[128] = "";
  gethostname(host, sizeof host - 1);
  for (char *p = host; *p; p++)
    if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-')
      *p = '_';
  snprintf(out, size, "strata pid %ld on %s", (long)getpid(),
           *host ? host : "an unnamed host");
}

int common_rewrite_text(const struct strata_host *host,
                        struct strata_schema *schema, const char **field,
                        void (*rewrite)(const char *text, char *out),
                        struct strata_error *err) {
  if (*field == NULL)
    return 0;
  char *out = malloc(strlen(*field) + 1);
  if (out == NULL)
    return host->error_set(err, STRATA_ENOMEM, "out of memory");
  rewrite(*field, out);
  *field = host->schema_strndup(schema, out, strlen(out));
  free(out);
  return *field ? 0 : host->error_set(err, STRATA_ENOMEM, "out of memory");
}
