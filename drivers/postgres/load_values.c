/*
 * load_values.c - one MySQL value, as the text protocol gives it, written
 * as a field of COPY's text format for the PostgreSQL type the port chose
 * (render_port_types.c).
 *
 * Most values travel as they are: PostgreSQL reads MySQL's text for
 * numbers, dates and times.  The rest is converted here, and what the
 * target type cannot hold is refused with a reason rather than left for
 * the server to refuse, so the reason names the MySQL column and the
 * port's choice.  This runs once per value of every row: no allocation
 * and no formatting on the way, only on a reject.
 */
#include "load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int load_buf_reserve(struct load_buf *b, size_t more) {
  if (b->length + more <= b->cap)
    return 0;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->length + more)
    cap *= 2;
  char *bigger = realloc(b->data, cap);
  if (bigger == NULL)
    return -1;
  b->data = bigger;
  b->cap = cap;
  return 0;
}

int load_buf_add(struct load_buf *b, const char *text, size_t length) {
  if (load_buf_reserve(b, length) != 0)
    return -1;
  if (length > 0)
    memcpy(b->data + b->length, text, length);
  b->length += length;
  return 0;
}

void load_buf_release(struct load_buf *b) {
  free(b->data);
  *b = (struct load_buf){0};
}

/* ---- COPY text ----------------------------------------------------------- */

/* The letter after the backslash for each byte COPY escapes on output
 * (the server's CopyAttributeOutText), 0 for the others. */
static const unsigned char escape_letter[256] = {
    ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n',  ['\r'] = 'r',
    ['\t'] = 't', ['\v'] = 'v', ['\\'] = '\\',
};

char *load_escape(char *out, const char *text, size_t length) {
  const unsigned char *p = (const unsigned char *)text, *end = p + length;
  while (p < end) {
    const unsigned char *run = p;
    while (p < end && escape_letter[*p] == 0)
      p++;
    memcpy(out, run, (size_t)(p - run));
    out += p - run;
    if (p == end)
      break;
    *out++ = '\\';
    *out++ = (char)escape_letter[*p++];
  }
  return out;
}

char *load_hex(char *out, const char *bytes, size_t length) {
  static const char digits[] = "0123456789abcdef";
  const unsigned char *b = (const unsigned char *)bytes;
  for (size_t i = 0; i < length; i++) {
    *out++ = digits[b[i] >> 4];
    *out++ = digits[b[i] & 15];
  }
  return out;
}

static char *escape_char(char *out, unsigned char c) {
  if (escape_letter[c] != 0) {
    *out++ = '\\';
    c = escape_letter[c];
  }
  *out++ = (char)c;
  return out;
}

/* ---- bounds -------------------------------------------------------------- */

size_t load_value_bound(const struct load_column *c, size_t length) {
  switch (c->kind) {
  case LOAD_BITS: return (size_t)c->bits;
  case LOAD_TEXT:
  case LOAD_CHAR:
  case LOAD_JSON:
  case LOAD_ENUM:
  case LOAD_PLAIN: return 2 * length;
  case LOAD_BYTES: return 3 + 2 * length;
  /* Each byte escaped twice over (\\\\ for a backslash in quotes), each
   * element quoted, and the braces. */
  case LOAD_SET: return 7 * length + 5;
  /* A zero date may become -infinity; a datetime gains "+00". */
  default: return (length > 6 ? length : 6) + 3;
  }
}

/* ---- rejects ------------------------------------------------------------- */

/* Writes the reason, fmt given the value (at most 64 bytes of it), the
 * column's type and its name. */
static enum load_outcome reject(char *reason, size_t size, const char *fmt,
                                const char *value, size_t length,
                                const struct load_column *c) {
  int shown = length > 64 ? 64 : (int)length;
  snprintf(reason, size, fmt, shown, value, c->type_text, c->name);
  return LOAD_VALUE_REJECT;
}

/* A value of bytes, quoted as hex. */
static enum load_outcome reject_bytes(const struct load_column *c,
                                      const char *value, size_t length,
                                      char *reason, size_t size) {
  char shown[2 * 16];
  char *end = load_hex(shown, value, length > 16 ? 16 : length);
  return reject(reason, size, "value \\x%.*s in %s column %s is not a boolean",
                shown, (size_t)(end - shown), c);
}

/* The value is its COPY text. */
static enum load_outcome as_is(const char *value, size_t length, char *out,
                               size_t *written) {
  memcpy(out, value, length);
  *written = length;
  return LOAD_VALUE_OK;
}

/* ---- numbers and booleans ------------------------------------------------ */

static const char bigint_max[] = "9223372036854775807";

static int over_bigint(const char *value, size_t length) {
  while (length > 1 && *value == '0') {
    value++;
    length--;
  }
  if (length != sizeof bigint_max - 1)
    return length > sizeof bigint_max - 1;
  return memcmp(value, bigint_max, length) > 0;
}

static enum load_outcome bigint_value(const struct load_column *c,
                                      const char *value, size_t length,
                                      char *out, size_t *written, char *reason,
                                      size_t size) {
  if (length > 0 && value[0] != '-' && over_bigint(value, length))
    return reject(reason, size,
                  c->identity
                      ? "value %.*s in %s column %s is over "
                        "9223372036854775807, the largest bigint (an "
                        "AUTO_INCREMENT column becomes a bigint identity "
                        "whatever --unsigned-bigint says)"
                      : "value %.*s in %s column %s is over "
                        "9223372036854775807, the largest bigint "
                        "(--unsigned-bigint=numeric keeps it)",
                  value, length, c);
  return as_is(value, length, out, written);
}

static enum load_outcome bool_text_value(const struct load_column *c,
                                         const char *value, size_t length,
                                         char *out, size_t *written,
                                         char *reason, size_t size) {
  if (length == 1 && (value[0] == '0' || value[0] == '1')) {
    out[0] = value[0] == '1' ? 't' : 'f';
    *written = 1;
    return LOAD_VALUE_OK;
  }
  return reject(reason, size,
                "value %.*s in %s column %s is not a boolean "
                "(--tinyint1=smallint keeps it)",
                value, length, c);
}

static enum load_outcome bool_byte_value(const struct load_column *c,
                                         const char *value, size_t length,
                                         char *out, size_t *written,
                                         char *reason, size_t size) {
  if (length == 1 && (value[0] == 0 || value[0] == 1)) {
    out[0] = value[0] ? 't' : 'f';
    *written = 1;
    return LOAD_VALUE_OK;
  }
  return reject_bytes(c, value, length, reason, size);
}

/* bit(n): MySQL sends the value's bytes, most significant first; bit i
 * (from the least significant) of it is character n-1-i. */
static size_t bits_value(const struct load_column *c, const char *value,
                         size_t length, char *out) {
  size_t n = (size_t)c->bits;
  for (size_t i = 0; i < n; i++) {
    size_t bit = n - 1 - i, byte = bit / 8;
    int set = byte < length &&
              ((unsigned char)value[length - 1 - byte] >> (bit % 8)) & 1;
    out[i] = set ? '1' : '0';
  }
  return n;
}

/* ---- text and bytes ------------------------------------------------------ */

/* The text without its NUL bytes, escaped. */
static size_t strip_nul_bytes(const char *value, size_t length, char *out) {
  char *start = out;
  const char *nul;
  while ((nul = memchr(value, '\0', length)) != NULL) {
    out = load_escape(out, value, (size_t)(nul - value));
    length -= (size_t)(nul - value) + 1;
    value = nul + 1;
  }
  return (size_t)(load_escape(out, value, length) - start);
}

static enum load_outcome text_value(const struct load_column *c,
                                    const char *value, size_t length, char *out,
                                    size_t *written, char *reason,
                                    size_t size) {
  if (memchr(value, '\0', length) == NULL) {
    *written = (size_t)(load_escape(out, value, length) - out);
    return LOAD_VALUE_OK;
  }
  if (c->nul_bytes_error) {
    snprintf(reason, size,
             "NUL byte in %s column %s: PostgreSQL text cannot hold one "
             "(--nul-bytes=strip takes it out)",
             c->type_text, c->name);
    return LOAD_VALUE_REJECT;
  }
  *written = strip_nul_bytes(value, length, out);
  return LOAD_VALUE_CHANGED;
}

/* JSON's \u0000, U+0000, which jsonb refuses like text refuses a NUL
 * byte: the escapes taken out of the document, written for COPY.  A
 * backslash escaped in turn ("\\u0000") is no such escape. */
static size_t strip_json_nul(const char *value, size_t length, char *out) {
  char *start = out;
  for (size_t i = 0; i < length;) {
    if (value[i] == '\\' && i + 6 <= length &&
        memcmp(value + i + 1, "u0000", 5) == 0) {
      i += 6;
      continue;
    }
    size_t n = value[i] == '\\' && i + 1 < length ? 2 : 1;
    out = load_escape(out, value + i, n);
    i += n;
  }
  return (size_t)(out - start);
}

/* Whether the document holds a \u0000 escape (not an escaped backslash
 * before "u0000"). */
static int has_json_nul(const char *value, size_t length) {
  const char *p = value, *end = value + length;
  while ((p = memchr(p, '\\', (size_t)(end - p))) != NULL) {
    if (end - p >= 6 && memcmp(p + 1, "u0000", 5) == 0)
      return 1;
    p += end - p >= 2 ? 2 : 1;
  }
  return 0;
}

static enum load_outcome json_value(const struct load_column *c,
                                    const char *value, size_t length, char *out,
                                    size_t *written, char *reason,
                                    size_t size) {
  if (c->json_keeps_nul || !has_json_nul(value, length))
    return text_value(c, value, length, out, written, reason, size);
  if (c->nul_bytes_error) {
    snprintf(reason, size,
             "\\u0000 in %s column %s: jsonb cannot hold one "
             "(--nul-bytes=strip takes it out, --json-type=json keeps it)",
             c->type_text, c->name);
    return LOAD_VALUE_REJECT;
  }
  *written = strip_json_nul(value, length, out);
  return LOAD_VALUE_CHANGED;
}

/* bytea's hex format, \x then two digits a byte; the backslash itself
 * escaped for COPY. */
static size_t bytes_value(const char *value, size_t length, char *out) {
  memcpy(out, "\\\\x", 3);
  return (size_t)(load_hex(out + 3, value, length) - out);
}

/* ---- dates and times ----------------------------------------------------- */

/* Year 0, month 0 or day 0: no PostgreSQL date. */
static int is_zero_date(const char *v, size_t n) {
  return (n >= 4 && memcmp(v, "0000", 4) == 0) ||
         (n >= 7 && memcmp(v + 5, "00", 2) == 0) ||
         (n >= 10 && memcmp(v + 8, "00", 2) == 0);
}

static enum load_outcome date_value(const struct load_column *c,
                                    const char *value, size_t length, char *out,
                                    size_t *written, char *reason,
                                    size_t size) {
  if (!is_zero_date(value, length)) {
    as_is(value, length, out, written);
    if (c->kind == LOAD_DATETIME_UTC && length > 0 && value[0] != 'i' &&
        value[0] != '-') { /* not PostgreSQL's infinity nor -infinity */
      memcpy(out + length, "+00", 3);
      *written += 3;
    }
    return LOAD_VALUE_OK;
  }
  switch (c->zero_dates) {
  case PORT_ZERO_DATES_ERROR:
    return reject(reason, size,
                  "zero date %.*s in %s column %s (--zero-dates=error)", value,
                  length, c);
  case PORT_ZERO_DATES_INFINITY:
    memcpy(out, "-infinity", 9);
    *written = 9;
    return LOAD_VALUE_CHANGED;
  }
  /* The port made every column it found zero dates in nullable: this one
   * got its zero date after the port looked. */
  if (c->not_null)
    return reject(reason, size,
                  "zero date %.*s in NOT NULL %s column %s "
                  "(--zero-dates=infinity keeps the row)",
                  value, length, c);
  memcpy(out, "\\N", 2);
  *written = 2;
  return LOAD_VALUE_CHANGED;
}

/* PostgreSQL's time runs from 00:00:00 to 24:00:00 inclusive; MySQL's
 * from -838:59:59 to 838:59:59. */
static int time_fits(const char *v, size_t n) {
  size_t i = 0;
  unsigned hours = 0;
  for (; i < n && v[i] >= '0' && v[i] <= '9' && hours <= 24; i++)
    hours = hours * 10 + (unsigned)(v[i] - '0');
  if (i == 0 || hours > 24)
    return 0;
  if (hours < 24)
    return 1;
  for (; i < n; i++)
    if (v[i] != '0' && v[i] != ':' && v[i] != '.')
      return 0;
  return 1;
}

static enum load_outcome time_value(const struct load_column *c,
                                    const char *value, size_t length, char *out,
                                    size_t *written, char *reason,
                                    size_t size) {
  if (!time_fits(value, length))
    return reject(reason, size,
                  "time %.*s in %s column %s is outside 00:00:00..24:00:00: "
                  "use --time=interval",
                  value, length, c);
  return as_is(value, length, out, written);
}

/* ---- enum and set -------------------------------------------------------- */

static int compare_labels(const void *a, const void *b) {
  const struct load_label *x = a, *y = b;
  size_t n = x->length < y->length ? x->length : y->length;
  int order = memcmp(x->text, y->text, n);
  if (order != 0)
    return order;
  return (x->length > y->length) - (x->length < y->length);
}

int load_column_labels(struct load_column *c, const char *const *labels,
                       size_t count) {
  c->labels = calloc(count ? count : 1, sizeof *c->labels);
  if (c->labels == NULL)
    return -1;
  for (size_t i = 0; i < count; i++)
    c->labels[i] = (struct load_label){labels[i], strlen(labels[i])};
  c->label_count = count;
  qsort(c->labels, count, sizeof *c->labels, compare_labels);
  return 0;
}

/* MySQL stores '' for a value that was not a label (outside strict
 * mode), which the PostgreSQL enum cannot hold unless it is one. */
static enum load_outcome enum_value(const struct load_column *c,
                                    const char *value, size_t length, char *out,
                                    size_t *written, char *reason,
                                    size_t size) {
  struct load_label key = {value, length};
  if (bsearch(&key, c->labels, c->label_count, sizeof *c->labels,
              compare_labels) == NULL)
    return reject(reason, size,
                  "value '%.*s' in %s column %s is not one of its labels",
                  value, length, c);
  return text_value(c, value, length, out, written, reason, size);
}

static int is_array_blank(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

/* Whether PostgreSQL's array output would quote the element. */
static int element_needs_quotes(const char *e, size_t n) {
  if (n == 0 || (n == 4 && strncasecmp(e, "null", 4) == 0))
    return 1;
  for (size_t i = 0; i < n; i++)
    if (strchr("{}\",\\", e[i]) != NULL || is_array_blank((unsigned char)e[i]))
      return 1;
  return 0;
}

static char *element_value(char *out, const char *e, size_t n) {
  int quoted = element_needs_quotes(e, n);
  if (quoted)
    *out++ = '"';
  for (size_t i = 0; i < n; i++) {
    if (quoted && (e[i] == '"' || e[i] == '\\'))
      out = escape_char(out, '\\');
    out = escape_char(out, (unsigned char)e[i]);
  }
  if (quoted)
    *out++ = '"';
  return out;
}

/* A set's "a,b" as the text[] {a,b}, each element written as the server
 * writes it, so that the text reads back the same. */
static size_t set_value(const char *value, size_t length, char *out) {
  char *start = out;
  *out++ = '{';
  for (size_t i = 0; length > 0 && i <= length;) {
    const char *comma = memchr(value + i, ',', length - i);
    size_t end = comma ? (size_t)(comma - value) : length;
    if (i > 0)
      *out++ = ',';
    out = element_value(out, value + i, end - i);
    i = end + 1;
  }
  *out++ = '}';
  return (size_t)(out - start);
}

/* ---- one value ----------------------------------------------------------- */

enum load_outcome load_value(const struct load_column *c, const char *value,
                             size_t length, char *out, size_t *written,
                             char *reason, size_t reason_size) {
  switch (c->kind) {
  case LOAD_BIGINT_RANGE:
    return bigint_value(c, value, length, out, written, reason, reason_size);
  case LOAD_BOOL_TEXT:
    return bool_text_value(c, value, length, out, written, reason, reason_size);
  case LOAD_BOOL_BYTE:
    return bool_byte_value(c, value, length, out, written, reason, reason_size);
  case LOAD_BITS: *written = bits_value(c, value, length, out); break;
  case LOAD_TEXT:
  case LOAD_CHAR:
  case LOAD_PLAIN:
    return text_value(c, value, length, out, written, reason, reason_size);
  case LOAD_JSON:
    return json_value(c, value, length, out, written, reason, reason_size);
  case LOAD_BYTES: *written = bytes_value(value, length, out); break;
  case LOAD_DATE:
  case LOAD_DATETIME:
  case LOAD_DATETIME_UTC:
    return date_value(c, value, length, out, written, reason, reason_size);
  case LOAD_TIME:
    return time_value(c, value, length, out, written, reason, reason_size);
  case LOAD_ENUM:
    return enum_value(c, value, length, out, written, reason, reason_size);
  case LOAD_SET: *written = set_value(value, length, out); break;
  case LOAD_NUMBER:
  case LOAD_REAL:
  case LOAD_DOUBLE:
  case LOAD_INTERVAL: return as_is(value, length, out, written);
  }
  return LOAD_VALUE_OK;
}
