/*
 * text.c - lines, markers and names for the layout plugins.
 */
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

int layout_next_line(const char *text, size_t len, size_t pos,
                     struct layout_line *out) {
  if (pos >= len)
    return 0;
  const char *nl = memchr(text + pos, '\n', len - pos);
  out->start = pos;
  out->next = nl ? (size_t)(nl - text) + 1 : len;
  out->end = nl ? (size_t)(nl - text) : len;
  if (out->end > pos && text[out->end - 1] == '\r')
    out->end--;
  return 1;
}

static size_t skip_blanks(const char *text, size_t p, size_t end) {
  while (p < end && is_blank(text[p]))
    p++;
  return p;
}

/* Matches word at p: its letters without case, its blanks as runs of
 * blanks.  Returns where the match ends, or 0 when it does not match. */
static size_t match_word(const char *text, size_t p, size_t end,
                         const char *word) {
  for (; *word; word++) {
    if (*word == ' ') {
      if (p >= end || !is_blank(text[p]))
        return 0;
      p = skip_blanks(text, p, end);
      continue;
    }
    if (p >= end || strncasecmp(text + p, word, 1) != 0)
      return 0;
    p++;
  }
  return p;
}

int layout_line_marker(const char *text, const struct layout_line *l,
                       const char *word, size_t *rest) {
  size_t p = skip_blanks(text, l->start, l->end);
  if (l->end - p < 2 || text[p] != '-' || text[p + 1] != '-')
    return 0;
  p = skip_blanks(text, p + 2, l->end);
  size_t after = match_word(text, p, l->end, word);
  if (after == 0 || (after < l->end && !is_blank(text[after])))
    return 0;
  if (rest != NULL)
    *rest = after;
  return 1;
}

int layout_has_marker(const char *text, size_t length, const char *word) {
  struct layout_line l;
  for (size_t pos = 0; layout_next_line(text, length, pos, &l); pos = l.next)
    if (layout_line_marker(text, &l, word, NULL))
      return 1;
  return 0;
}

int layout_line_has_word(const char *text, size_t from,
                         const struct layout_line *l, const char *word) {
  size_t n = strlen(word), p = from;
  while ((p = skip_blanks(text, p, l->end)) < l->end) {
    size_t start = p;
    while (p < l->end && !is_blank(text[p]))
      p++;
    if (p - start == n && strncasecmp(text + start, word, n) == 0)
      return 1;
  }
  return 0;
}

int layout_only_comments(const char *text, size_t from, size_t to) {
  struct layout_line l;
  for (size_t pos = from; layout_next_line(text, to, pos, &l); pos = l.next) {
    size_t p = skip_blanks(text, l.start, l.end);
    if (p < l.end && !(l.end - p >= 2 && text[p] == '-' && text[p + 1] == '-'))
      return 0;
  }
  return 1;
}

int layout_name_valid(const char *name, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = name[i];
    if (!is_digit(c) && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
        c != '_' && c != '-')
      return 0;
  }
  return n > 0;
}

int layout_copy(char *dst, size_t cap, const char *src, size_t n) {
  if (n >= cap)
    return 0;
  memcpy(dst, src, n);
  dst[n] = '\0';
  return 1;
}

int layout_ends_with(const char *s, size_t n, const char *suffix, int fold) {
  size_t k = strlen(suffix);
  if (n < k)
    return 0;
  return fold ? strncasecmp(s + n - k, suffix, k) == 0
              : memcmp(s + n - k, suffix, k) == 0;
}

int layout_sql_stem(const char *path, size_t *len) {
  size_t n = strlen(path);
  if (path[0] == '.' || !layout_ends_with(path, n, ".sql", 0))
    return 0;
  *len = n - 4;
  return 1;
}

int layout_malformed(const struct strata_host *host, const char *path,
                     const char *form, struct strata_error *err) {
  return host->error_set(err, STRATA_ESOURCE,
                         "malformed migration file name '%s': expected %s",
                         path, form);
}

int layout_refuse_at(const struct strata_host *host, size_t offset,
                     struct strata_error *err, const char *fmt, ...) {
  char message[sizeof err->message];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  int rc = host->error_set(err, STRATA_ESOURCE, "%s", message);
  err->offset = (long)offset;
  return rc;
}

void layout_one_direction(enum strata_layout_role role,
                          enum strata_layout_direction direction,
                          size_t length, struct strata_layout_section *out) {
  memset(out, 0, sizeof *out);
  out->present =
      (role == STRATA_LAYOUT_DOWN) == (direction == STRATA_LAYOUT_DIR_DOWN);
  out->length = out->present ? length : 0;
}

int layout_unmarked_sections(const struct strata_host *host, const char *text,
                             size_t length, const char *tool,
                             const char *up_marker,
                             struct strata_layout_section *out,
                             struct strata_error *err) {
  if (!layout_only_comments(text, 0, length))
    return layout_refuse_at(host, 0, err,
                            "a %s migration needs a '-- %s' line before its "
                            "SQL",
                            tool, up_marker);
  memset(out, 0, sizeof *out);
  out->present = 1;
  out->length = length;
  return 0;
}

int layout_parse_simple(const struct strata_host *host, const char *path,
                        enum strata_layout_role role, const char *form,
                        struct strata_layout_file *out,
                        struct strata_error *err) {
  memset(out, 0, sizeof *out);
  size_t len;
  if (!layout_sql_stem(path, &len))
    return 1;
  size_t digits = 0;
  while (digits < len && is_digit(path[digits]))
    digits++;
  if (digits == 0 || digits + 1 >= len || path[digits] != '_' ||
      !layout_name_valid(path + digits + 1, len - digits - 1) ||
      !layout_copy(out->version, sizeof out->version, path, digits) ||
      !layout_copy(out->name, sizeof out->name, path + digits + 1,
                   len - digits - 1))
    return layout_malformed(host, path, form, err);
  out->role = role;
  return 0;
}
