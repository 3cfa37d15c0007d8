/*
 * load_reject.c - a row set aside, described for opt->reject: its table,
 * its key ("id=42", "a=1, b=x", or "row 1234" when the table has none),
 * the reason, and its values.
 *
 * A row refused before it was sent shows the source's values; a line the
 * server refused shows the values as they were sent, which is all that is
 * kept of it.  Both are tab-separated COPY text, with \N for NULL, so a
 * reject stays one line; source bytes show as \x and hex.  A key's values
 * are cut at LOAD_KEY_VALUE_MAX bytes and a row at LOAD_ROW_TEXT_MAX,
 * never inside a UTF-8 character.
 */
#include "load.h"

#include <stdio.h>
#include <string.h>

/* Text that stops growing at its capacity. */
struct capped {
  char *data;
  size_t length;
  size_t cap; /* bytes of data, the NUL included */
};

/* n bytes, or as many as fit, cut where a UTF-8 character starts. */
static void capped_add(struct capped *c, const char *text, size_t n) {
  size_t room = c->cap - 1 - c->length;
  if (n > room) {
    n = room;
    while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
      n--;
  }
  memcpy(c->data + c->length, text, n);
  c->length += n;
  c->data[c->length] = '\0';
}

static int is_bytes(enum load_kind kind) {
  return kind == LOAD_BYTES || kind == LOAD_BITS || kind == LOAD_BOOL_BYTE;
}

/* Text escaped as COPY escapes it, and a NUL byte, which COPY text cannot
 * hold at all, as \0. */
static char *escape_shown(char *out, const char *text, size_t length) {
  const char *nul;
  while ((nul = memchr(text, '\0', length)) != NULL) {
    out = load_escape(out, text, (size_t)(nul - text));
    *out++ = '\\';
    *out++ = '0';
    length -= (size_t)(nul - text) + 1;
    text = nul + 1;
  }
  return load_escape(out, text, length);
}

/* Appends a source value as a reject shows it.  Only as much of it is
 * looked at as could fit: escaping at most doubles a byte. */
static void add_value(struct capped *c, const struct load_column *col,
                      const char *value, size_t length) {
  char shown[2 * LOAD_ROW_TEXT_MAX + 4], *end = shown;
  size_t room = c->cap - 1 - c->length;
  if (value == NULL) {
    capped_add(c, "\\N", 2);
    return;
  }
  if (length > room)
    length = room;
  if (is_bytes(col->kind)) {
    *end++ = '\\';
    *end++ = 'x';
    size_t fits = length / 2 + 1; /* hex doubles a byte */
    end = load_hex(end, value, length < fits ? length : fits);
  } else {
    end = escape_shown(end, value, length);
  }
  capped_add(c, shown, (size_t)(end - shown));
}

/* "name=value", a key's column. */
static void add_key_part(struct capped *key, const char *name,
                         const char *value, size_t length,
                         const struct load_column *col) {
  char part[LOAD_KEY_VALUE_MAX + 1];
  struct capped shown = {part, 0, sizeof part};
  if (key->length > 0)
    capped_add(key, ", ", 2);
  capped_add(key, name, strlen(name));
  capped_add(key, "=", 1);
  if (col != NULL)
    add_value(&shown, col, value, length);
  else
    capped_add(&shown, value, length);
  capped_add(key, part, shown.length);
}

static void row_key(struct capped *key, unsigned long long row) {
  key->length = (size_t)snprintf(key->data, key->cap, "row %llu", row);
}

/* Hands the reject over; without a reject function, or when it says to
 * stop, the load fails with it. */
static int deliver(struct strata_load *l, const char *key, const char *reason,
                   const char *row) {
  const struct strata_render_options *opt = l->opt;
  struct strata_reject r = {
      .table = l->table->name, .key = key, .reason = reason, .row = row};
  l->rejected++;
  if (opt->reject != NULL && opt->reject(opt->reject_ctx, &r) == 0)
    return 0;
  /* key is "row 1234" itself when the table has no key. */
  return postgres_error_set(l->err, STRATA_EINVAL, "table %s, %s%s: %s",
                            l->table->name, l->key_count > 0 ? "row " : "", key,
                            reason);
}

/* Room for every key column's name and value. */
#define KEY_TEXT_MAX 2048

int load_reject_values(struct strata_load *l, const char *const *values,
                       const size_t *lengths, const char *reason) {
  char key_text[KEY_TEXT_MAX], row_text[LOAD_ROW_TEXT_MAX + 1];
  struct capped key = {key_text, 0, sizeof key_text};
  struct capped row = {row_text, 0, sizeof row_text};
  key_text[0] = row_text[0] = '\0';
  for (size_t i = 0; i < l->key_count; i++) {
    size_t k = l->key[i];
    add_key_part(&key, l->names[k], values[k], lengths[k], &l->columns[k]);
  }
  if (l->key_count == 0)
    row_key(&key, l->row_number);
  for (size_t i = 0; i < l->column_count; i++) {
    if (i > 0)
      capped_add(&row, "\t", 1);
    add_value(&row, &l->columns[i], values[i], lengths[i]);
  }
  return deliver(l, key_text, reason, row_text);
}

/* Field `index` of a line of COPY text. */
static const char *line_field(const char *line, size_t length, size_t index,
                              size_t *field_length) {
  const char *p = line, *end = line + length;
  for (size_t i = 0; i < index && p != NULL; i++) {
    p = memchr(p, '\t', (size_t)(end - p));
    p = p ? p + 1 : NULL;
  }
  if (p == NULL)
    p = end;
  const char *tab = memchr(p, '\t', (size_t)(end - p));
  *field_length = (size_t)((tab ? tab : end) - p);
  return p;
}

int load_reject_line(struct strata_load *l, const char *line, size_t length,
                     unsigned long long row_number, const char *reason) {
  char key_text[KEY_TEXT_MAX], row_text[LOAD_ROW_TEXT_MAX + 1];
  struct capped key = {key_text, 0, sizeof key_text};
  struct capped row = {row_text, 0, sizeof row_text};
  key_text[0] = '\0';
  for (size_t i = 0; i < l->key_count; i++) {
    size_t n;
    const char *field = line_field(line, length, l->key[i], &n);
    add_key_part(&key, l->names[l->key[i]], field, n, NULL);
  }
  if (l->key_count == 0)
    row_key(&key, row_number);
  capped_add(&row, line, length);
  return deliver(l, key_text, reason, row_text);
}
