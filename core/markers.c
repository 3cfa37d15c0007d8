/*
 * markers.c - finding other tools' section markers in a script.
 */
#include "markers.h"

#include <string.h>
#include <strings.h>

/* A marker as it follows "--" and any blanks, and what may come after it:
 * dbmate writes options after its markers ("-- migrate:up
 * transaction:false"), goose a word after "+goose". */
static const struct marker {
  const char *layout;
  const char *word;
  const char *shown;
} markers[] = {
    {"dbmate", "migrate:up", "-- migrate:up"},
    {"dbmate", "migrate:down", "-- migrate:down"},
    {"goose", "+goose", "-- +goose"},
};

static int is_blank(char c) {
  return c == ' ' || c == '\t';
}

/* The marker the line [p, end) is, or NULL. */
static const struct marker *line_marker(const char *p, const char *end) {
  while (p < end && is_blank(*p))
    p++;
  if (end - p < 2 || p[0] != '-' || p[1] != '-')
    return NULL;
  p += 2;
  while (p < end && is_blank(*p))
    p++;
  for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++) {
    size_t n = strlen(markers[i].word);
    if ((size_t)(end - p) < n || strncasecmp(p, markers[i].word, n) != 0)
      continue;
    if (p + n == end || is_blank(p[n]) || p[n] == '\r')
      return &markers[i];
  }
  return NULL;
}

int markers_find_foreign(const char *text, size_t length, const char *layout,
                         struct marker_hit *hit) {
  const char *p = text, *end = text + length;
  for (int line = 1; p < end; line++) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *stop = eol ? eol : end;
    const struct marker *m = line_marker(p, stop);
    if (m != NULL && strcmp(m->layout, layout) != 0) {
      *hit = (struct marker_hit){m->layout, m->shown, line};
      return 1;
    }
    p = eol ? eol + 1 : end;
  }
  return 0;
}
