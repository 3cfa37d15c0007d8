/*
 * expr_write.c - the canonical portable text (ops.h) spelled by a port's
 * target: its names mapped as the target maps them and quoted its way,
 * its strings quoted its way, and the functions it spells otherwise
 * renamed.  Everything else of the text is the same on every engine and
 * is written as it is.
 */
#include "common.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A quoted run from its opening quote: the content, its doubled quotes
 * made single, in a new string; *end just past the closing quote. */
static char *unquoted(const char *p, const char **end) {
  char q = *p++;
  size_t n = 0;
  char *out = malloc(strlen(p) + 1);
  if (out == NULL)
    return NULL;
  for (; *p; p++) {
    if (*p == q && p[1] == q)
      p++;
    else if (*p == q)
      break;
    out[n++] = *p;
  }
  out[n] = '\0';
  *end = *p ? p + 1 : p;
  return out;
}

static const char *renamed(const struct common_spelling *s, const char *word,
                           size_t n) {
  for (const char *const *r = s->renames; r != NULL && r[0] != NULL; r += 2)
    if (strlen(r[0]) == n && strncmp(r[0], word, n) == 0)
      return r[1];
  return NULL;
}

int common_spell_portable(const char *text, const struct common_spelling *s) {
  for (const char *p = text; p != NULL && *p;) {
    if (*p == '"' || *p == '\'') {
      int is_name = *p == '"';
      char *value = unquoted(p, &p);
      if (value == NULL)
        return -1;
      if (is_name)
        s->name(s->ctx, value);
      else
        s->string(s->ctx, value);
      free(value);
    } else if (isalpha((unsigned char)*p) || *p == '_') {
      size_t n = 0;
      while (isalnum((unsigned char)p[n]) || p[n] == '_')
        n++;
      const char *other = p[n] == '(' ? renamed(s, p, n) : NULL;
      if (other != NULL)
        s->put(s->ctx, other, strlen(other));
      else
        s->put(s->ctx, p, n);
      p += n;
    } else {
      s->put(s->ctx, p++, 1);
    }
  }
  return 0;
}
