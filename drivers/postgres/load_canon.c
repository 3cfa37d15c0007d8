/*
 * load_canon.c - the canonical text of a row that --verify compares.
 *
 * A source row converted for COPY (load_values.c) and the same row read
 * back from PostgreSQL with COPY TO are both COPY text, and differ only
 * where the server prints a value its own way: the fraction of a time
 * without its trailing zeros, a float with the digits it chooses, char(n)
 * padded with blanks, jsonb with its own key order, spacing and numbers.
 * Each field is rewritten here the same way from both sides, so that two
 * texts are equal exactly when the values are.
 */
#include "load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- numbers ------------------------------------------------------------- */

/* A decimal number as sign, significant digits and a power of ten. */
struct number {
  int negative;
  const char *digits; /* into the text; may hold the decimal point */
  size_t digit_count; /* significant digits, without the point */
  long long exponent; /* value = digits * 10^exponent */
};

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* [sign] digits [. digits] [e [sign] digits]; 0 when the text is one. */
static int parse_number(const char *s, size_t n, const char **digits_start,
                        const char **digits_end, long long *fraction,
                        long long *exponent, int *negative) {
  size_t i = 0, seen = 0;
  *negative = n > 0 && s[0] == '-';
  if (n > 0 && (s[0] == '-' || s[0] == '+'))
    i++;
  *digits_start = s + i;
  for (; i < n && is_digit(s[i]); i++)
    seen++;
  *fraction = 0;
  if (i < n && s[i] == '.')
    for (i++; i < n && is_digit(s[i]); i++, seen++)
      (*fraction)++;
  *digits_end = s + i;
  *exponent = 0;
  if (seen == 0)
    return -1;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    int minus = ++i < n && s[i] == '-';
    if (i < n && (s[i] == '-' || s[i] == '+'))
      i++;
    if (i == n)
      return -1;
    for (; i < n && is_digit(s[i]); i++)
      if (*exponent < 1000000000)
        *exponent = *exponent * 10 + (s[i] - '0');
    if (minus)
      *exponent = -*exponent;
  }
  return i == n ? 0 : -1;
}

/* Leading and trailing zeros dropped, the point skipped over. */
static void significant_digits(const char *start, const char *end,
                               struct number *num) {
  while (start < end && (*start == '0' || *start == '.'))
    start++;
  while (end > start && (end[-1] == '0' || end[-1] == '.')) {
    if (end[-1] == '0')
      num->exponent++;
    end--;
  }
  num->digits = start;
  num->digit_count = 0;
  for (const char *p = start; p < end; p++)
    num->digit_count += *p != '.';
}

/* Appends the significant digits, with a point before the last `after`
 * of them (none when after is 0). */
static char *put_digits(char *out, const struct number *num, size_t after) {
  size_t written = 0;
  for (const char *p = num->digits; written < num->digit_count; p++) {
    if (*p == '.')
      continue;
    if (after > 0 && written == num->digit_count - after)
      *out++ = '.';
    *out++ = *p;
    written++;
  }
  return out;
}

/* Plain digits while they stay short, else digits e exponent: which one
 * depends only on the value, so equal values give equal text. */
static size_t format_number(const struct number *num, char *out) {
  char *start = out;
  long long e = num->exponent, count = (long long)num->digit_count;
  if (count == 0) {
    *out = '0';
    return 1;
  }
  if (num->negative)
    *out++ = '-';
  if (e >= 0 && e <= 40) {
    out = put_digits(out, num, 0);
    memset(out, '0', (size_t)e);
    out += e;
  } else if (e < 0 && e >= -40 && -e < count) {
    out = put_digits(out, num, (size_t)-e);
  } else if (e < 0 && e >= -40) {
    memcpy(out, "0.", 2);
    memset(out + 2, '0', (size_t)(-e - count));
    out = put_digits(out + 2 + (-e - count), num, 0);
  } else {
    out = put_digits(out, num, 0);
    out += sprintf(out, "e%lld", e);
  }
  return (size_t)(out - start);
}

int load_canon_number(const char *text, size_t length, struct load_buf *out) {
  const char *start, *end;
  long long fraction, exponent;
  struct number num = {0};
  if (parse_number(text, length, &start, &end, &fraction, &exponent,
                   &num.negative) != 0)
    return -1;
  num.exponent = exponent - fraction;
  significant_digits(start, end, &num);
  if (load_buf_reserve(out, num.digit_count + 64) != 0)
    return -1;
  out->length += format_number(&num, out->data + out->length);
  return 0;
}

/* ---- JSON ---------------------------------------------------------------- */

/* A member of an object being rewritten: where its key and value lie in
 * the output, and its place in the object. */
struct load_member {
  size_t key;
  size_t key_length;
  size_t end; /* of its value */
  size_t order;
  const char *key_text; /* set just before sorting */
};

struct json_reader {
  struct load_canon *k;
  const char *p;
  const char *end;
  struct load_buf *out;
  int depth;
};

#define JSON_DEPTH_MAX 1000

static int json_value(struct json_reader *j);

static void skip_blanks(struct json_reader *j) {
  while (j->p < j->end &&
         (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
    j->p++;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Four hex digits after "\u"; -1 when they are not. */
static long read_hex4(struct json_reader *j) {
  long v = 0;
  if (j->end - j->p < 4)
    return -1;
  for (int i = 0; i < 4; i++) {
    int d = hex_digit(*j->p++);
    if (d < 0)
      return -1;
    v = v * 16 + d;
  }
  return v;
}

/* A \u escape, with the low half of a surrogate pair when it is one. */
static long read_code_point(struct json_reader *j) {
  long high = read_hex4(j);
  if (high < 0xd800 || high > 0xdfff)
    return high;
  if (high > 0xdbff || j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u')
    return -1;
  j->p += 2;
  long low = read_hex4(j);
  if (low < 0xdc00 || low > 0xdfff)
    return -1;
  return 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
}

static char *put_utf8(char *out, long cp) {
  if (cp < 0x80) {
    *out++ = (char)cp;
  } else if (cp < 0x800) {
    *out++ = (char)(0xc0 | (cp >> 6));
    *out++ = (char)(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    *out++ = (char)(0xe0 | (cp >> 12));
    *out++ = (char)(0x80 | ((cp >> 6) & 0x3f));
    *out++ = (char)(0x80 | (cp & 0x3f));
  } else {
    *out++ = (char)(0xf0 | (cp >> 18));
    *out++ = (char)(0x80 | ((cp >> 12) & 0x3f));
    *out++ = (char)(0x80 | ((cp >> 6) & 0x3f));
    *out++ = (char)(0x80 | (cp & 0x3f));
  }
  return out;
}

/* A decoded character as the canonical string holds it: only the quote,
 * the backslash and control characters escaped. */
static char *put_string_char(char *out, long cp) {
  if (cp == '"' || cp == '\\') {
    *out++ = '\\';
    *out++ = (char)cp;
  } else if (cp < 0x20) {
    char byte = (char)cp;
    memcpy(out, "\\u00", 4);
    out = load_hex(out + 4, &byte, 1);
  } else {
    out = put_utf8(out, cp);
  }
  return out;
}

/* One escape after the backslash, decoded; -1 when it is not JSON. */
static long read_escape(struct json_reader *j) {
  static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
  if (j->p == j->end)
    return -1;
  char c = *j->p++;
  if (c == 'u')
    return read_code_point(j);
  const char *at = strchr(from, c);
  return at != NULL && c != '\0' ? (unsigned char)to[at - from] : -1;
}

/* The bytes from the opening quote to the closing one. */
static size_t string_span(const struct json_reader *j) {
  const char *q = j->p + 1;
  while (q < j->end && *q != '"')
    q += *q == '\\' ? 2 : 1;
  return (size_t)(q - j->p);
}

static int json_string(struct json_reader *j) {
  /* Each input byte gives at most one \u00XX. */
  if (load_buf_reserve(j->out, 6 * string_span(j) + 2) != 0)
    return -1;
  char *out = j->out->data + j->out->length;
  *out++ = '"';
  for (j->p++; j->p < j->end && *j->p != '"';) {
    unsigned char c = (unsigned char)*j->p++;
    long cp = c == '\\' ? read_escape(j) : c;
    if (cp < 0 || c < 0x20)
      return -1;
    if (c == '\\')
      out = put_string_char(out, cp);
    else
      *out++ = (char)c; /* UTF-8 bytes pass as they are */
  }
  if (j->p == j->end)
    return -1;
  j->p++;
  *out++ = '"';
  j->out->length = (size_t)(out - j->out->data);
  return 0;
}

static int json_number(struct json_reader *j) {
  const char *start = j->p;
  while (j->p < j->end && strchr("+-.eE0123456789", *j->p) != NULL &&
         *j->p != '\0')
    j->p++;
  return load_canon_number(start, (size_t)(j->p - start), j->out);
}

static int json_literal(struct json_reader *j) {
  static const char *const words[] = {"true", "false", "null"};
  for (size_t i = 0; i < 3; i++) {
    size_t n = strlen(words[i]);
    if ((size_t)(j->end - j->p) >= n && memcmp(j->p, words[i], n) == 0) {
      j->p += n;
      return load_buf_add(j->out, words[i], n);
    }
  }
  return -1;
}

static int json_array(struct json_reader *j) {
  j->p++;
  if (load_buf_add(j->out, "[", 1) != 0)
    return -1;
  skip_blanks(j);
  if (j->p < j->end && *j->p == ']') {
    j->p++;
    return load_buf_add(j->out, "]", 1);
  }
  for (;;) {
    if (json_value(j) != 0)
      return -1;
    skip_blanks(j);
    if (j->p == j->end || (*j->p != ',' && *j->p != ']'))
      return -1;
    if (load_buf_add(j->out, j->p, 1) != 0)
      return -1;
    if (*j->p++ == ']')
      return 0;
  }
}

static int add_member(struct load_canon *k, struct load_member m) {
  if (k->member_count == k->member_cap) {
    size_t cap = k->member_cap ? 2 * k->member_cap : 16;
    struct load_member *bigger = realloc(k->members, cap * sizeof *bigger);
    if (bigger == NULL)
      return -1;
    k->members = bigger;
    k->member_cap = cap;
  }
  k->members[k->member_count++] = m;
  return 0;
}

static int compare_members(const void *a, const void *b) {
  const struct load_member *x = a, *y = b;
  size_t n = x->key_length < y->key_length ? x->key_length : y->key_length;
  int order = memcmp(x->key_text, y->key_text, n);
  if (order == 0)
    order = (x->key_length > y->key_length) - (x->key_length < y->key_length);
  if (order == 0)
    order = (x->order > y->order) - (x->order < y->order);
  return order;
}

static int same_key(const struct load_member *x, const struct load_member *y) {
  return x->key_length == y->key_length &&
         memcmp(x->key_text, y->key_text, x->key_length) == 0;
}

/* Rewrites the object's members, which lie in the output from start, in
 * key order; of members with the same key the last one stays, as in
 * jsonb. */
static int sort_object(struct json_reader *j, size_t first, size_t start) {
  struct load_canon *k = j->k;
  struct load_member *m = k->members + first;
  size_t count = k->member_count - first;
  for (size_t i = 0; i < count; i++)
    m[i].key_text = j->out->data + m[i].key;
  qsort(m, count, sizeof *m, compare_members);
  k->tmp.length = 0;
  int rc = load_buf_add(&k->tmp, "{", 1);
  for (size_t i = 0; rc == 0 && i < count; i++) {
    if (i + 1 < count && same_key(&m[i], &m[i + 1]))
      continue;
    if (k->tmp.length > 1)
      rc = load_buf_add(&k->tmp, ",", 1);
    if (rc == 0)
      rc = load_buf_add(&k->tmp, m[i].key_text, m[i].end - m[i].key);
  }
  if (rc == 0)
    rc = load_buf_add(&k->tmp, "}", 1);
  k->member_count = first;
  j->out->length = start;
  return rc == 0 ? load_buf_add(j->out, k->tmp.data, k->tmp.length) : -1;
}

/* "key":value, written as one piece the sort moves. */
static int json_member(struct json_reader *j, size_t order) {
  struct load_member m = {.key = j->out->length, .order = order};
  skip_blanks(j);
  if (j->p == j->end || *j->p != '"' || json_string(j) != 0)
    return -1;
  m.key_length = j->out->length - m.key;
  skip_blanks(j);
  if (j->p == j->end || *j->p++ != ':' || load_buf_add(j->out, ":", 1) != 0 ||
      json_value(j) != 0)
    return -1;
  m.end = j->out->length;
  return add_member(j->k, m);
}

static int json_object(struct json_reader *j) {
  size_t first = j->k->member_count, start = j->out->length;
  j->p++;
  skip_blanks(j);
  if (j->p < j->end && *j->p == '}') {
    j->p++;
    return load_buf_add(j->out, "{}", 2);
  }
  for (size_t order = 0;; order++) {
    if (json_member(j, order) != 0)
      return -1;
    skip_blanks(j);
    if (j->p == j->end || (*j->p != ',' && *j->p != '}'))
      return -1;
    if (*j->p++ == '}')
      return sort_object(j, first, start);
  }
}

static int json_value(struct json_reader *j) {
  int rc;
  skip_blanks(j);
  if (j->p == j->end || ++j->depth > JSON_DEPTH_MAX)
    return -1;
  switch (*j->p) {
  case '{': rc = json_object(j); break;
  case '[': rc = json_array(j); break;
  case '"': rc = json_string(j); break;
  case 't':
  case 'f':
  case 'n': rc = json_literal(j); break;
  default: rc = json_number(j);
  }
  j->depth--;
  return rc;
}

/* The canonical text of a JSON document (raw, not COPY text) appended to
 * out: keys sorted, the last of duplicate keys kept, no blanks, numbers
 * by value, strings with the fewest escapes.  -1 when it is not JSON or
 * memory runs out. */
static int canon_json_text(struct load_canon *k, const char *text,
                           size_t length, struct load_buf *out) {
  struct json_reader j = {.k = k, .p = text, .end = text + length, .out = out};
  size_t start = out->length;
  k->member_count = 0;
  int rc = json_value(&j);
  skip_blanks(&j);
  if (rc != 0 || j.p != j.end) {
    out->length = start;
    return -1;
  }
  return 0;
}

/* ---- fields -------------------------------------------------------------- */

/* A COPY field's value, its escapes undone, into k->raw. */
static int unescape(struct load_canon *k, const char *field, size_t length) {
  static const char from[] = "bfnrtv", to[] = "\b\f\n\r\t\v";
  k->raw.length = 0;
  if (load_buf_reserve(&k->raw, length) != 0)
    return -1;
  char *out = k->raw.data;
  for (size_t i = 0; i < length; i++) {
    char c = field[i];
    if (c == '\\' && i + 1 < length) {
      const char *at = memchr(from, field[++i], sizeof from - 1);
      c = at ? to[at - from] : field[i];
    }
    *out++ = c;
  }
  k->raw.length = (size_t)(out - k->raw.data);
  return 0;
}

static int canon_json(struct load_canon *k, const char *field, size_t length,
                      struct load_buf *out) {
  if (unescape(k, field, length) != 0)
    return -1;
  k->json.length = 0;
  if (canon_json_text(k, k->raw.data, k->raw.length, &k->json) != 0)
    return load_buf_add(out, field, length);
  if (load_buf_reserve(out, 2 * k->json.length) != 0)
    return -1;
  char *end =
      load_escape(out->data + out->length, k->json.data, k->json.length);
  out->length = (size_t)(end - out->data);
  return 0;
}

/* A float read and written back with the digits that tell every value
 * of its type apart. */
static int canon_float(enum load_kind kind, const char *field, size_t length,
                       struct load_buf *out) {
  char text[64], *end;
  if (length >= sizeof text)
    return load_buf_add(out, field, length);
  memcpy(text, field, length);
  text[length] = '\0';
  int n = kind == LOAD_REAL
              ? snprintf(text, sizeof text, "%.9g", (double)strtof(text, &end))
              : snprintf(text, sizeof text, "%.17g", strtod(text, &end));
  return load_buf_add(out, text, (size_t)n);
}

/* A time's fraction without its trailing zeros (nor its point when
 * nothing is left of it); what follows it (a zone) is kept. */
static int canon_fraction(const char *field, size_t length,
                          struct load_buf *out) {
  const char *dot = memchr(field, '.', length);
  if (dot == NULL)
    return load_buf_add(out, field, length);
  const char *digits_end = dot + 1, *end = field + length;
  while (digits_end < end && is_digit(*digits_end))
    digits_end++;
  const char *kept = digits_end;
  while (kept > dot + 1 && kept[-1] == '0')
    kept--;
  if (kept == dot + 1)
    kept = dot;
  if (load_buf_add(out, field, (size_t)(kept - field)) != 0)
    return -1;
  return load_buf_add(out, digits_end, (size_t)(end - digits_end));
}

static int canon_lower(const char *field, size_t length, struct load_buf *out) {
  if (load_buf_reserve(out, length) != 0)
    return -1;
  for (size_t i = 0; i < length; i++) {
    char c = field[i];
    out->data[out->length++] = c >= 'A' && c <= 'F' ? (char)(c + 32) : c;
  }
  return 0;
}

int load_canon_field(struct load_canon *k, enum load_kind kind,
                     const char *field, size_t length, struct load_buf *out) {
  if (length == 2 && field[0] == '\\' && field[1] == 'N')
    return load_buf_add(out, field, length);
  switch (kind) {
  case LOAD_NUMBER:
  case LOAD_BIGINT_RANGE:
    return load_canon_number(field, length, out) == 0
               ? 0
               : load_buf_add(out, field, length);
  case LOAD_REAL:
  case LOAD_DOUBLE: return canon_float(kind, field, length, out);
  case LOAD_CHAR:
    while (length > 0 && field[length - 1] == ' ')
      length--;
    return load_buf_add(out, field, length);
  case LOAD_JSON: return canon_json(k, field, length, out);
  case LOAD_BYTES: return canon_lower(field, length, out);
  case LOAD_DATETIME:
  case LOAD_DATETIME_UTC:
  case LOAD_TIME:
  case LOAD_INTERVAL: return canon_fraction(field, length, out);
  default: return load_buf_add(out, field, length);
  }
}

int load_canon_line(struct load_canon *k, const struct load_column *columns,
                    size_t column_count, const char *line, size_t length,
                    struct load_buf *out) {
  const char *p = line, *end = line + length;
  out->length = 0;
  for (size_t i = 0; i < column_count; i++) {
    const char *tab = memchr(p, '\t', (size_t)(end - p));
    const char *field_end = tab ? tab : end;
    if ((tab == NULL) != (i + 1 == column_count))
      return 1;
    if ((i > 0 && load_buf_add(out, "\t", 1) != 0) ||
        load_canon_field(k, columns[i].kind, p, (size_t)(field_end - p), out) !=
            0)
      return -1;
    p = field_end + 1;
  }
  return 0;
}

void load_canon_release(struct load_canon *k) {
  load_buf_release(&k->raw);
  load_buf_release(&k->json);
  load_buf_release(&k->tmp);
  free(k->members);
  *k = (struct load_canon){0};
}
