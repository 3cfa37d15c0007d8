/*
 * names.c - the name list of names.h: a plain array, since a migration set
 * names a few hundred tables at most.
 */
#include "names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void names_init(struct names *n) {
  memset(n, 0, sizeof *n);
}

void names_release(struct names *n) {
  for (size_t i = 0; i < n->count; i++) {
    free(n->keys[i]);
    free(n->values[i]);
  }
  free(n->keys);
  free(n->values);
  free(n->tags);
  names_init(n);
}

long names_find(const struct names *n, const char *key) {
  for (size_t i = 0; i < n->count; i++)
    if (strcmp(n->keys[i], key) == 0)
      return (long)i;
  return -1;
}

int names_has_tag(const struct names *n, const char *key, int tag) {
  long i = names_find(n, key);
  return i >= 0 && n->tags[i] == tag;
}

static int names_grow(struct names *n) {
  size_t cap = n->cap ? n->cap * 2 : 16;
  char **keys = realloc(n->keys, cap * sizeof *keys);
  if (keys != NULL)
    n->keys = keys;
  char **values = realloc(n->values, cap * sizeof *values);
  if (values != NULL)
    n->values = values;
  int *tags = realloc(n->tags, cap * sizeof *tags);
  if (tags != NULL)
    n->tags = tags;
  if (keys == NULL || values == NULL || tags == NULL)
    return -1;
  n->cap = cap;
  return 0;
}

static char *copy_or_null(const char *s) {
  return s != NULL ? strdup(s) : NULL;
}

int names_set(struct names *n, const char *key, const char *value, int tag) {
  char *v = copy_or_null(value);
  if (value != NULL && v == NULL)
    return -1;
  long at = names_find(n, key);
  if (at >= 0) {
    free(n->values[at]);
    n->values[at] = v;
    n->tags[at] = tag;
    return 0;
  }
  char *k = strdup(key);
  if (k == NULL || (n->count == n->cap && names_grow(n) != 0)) {
    free(k);
    free(v);
    return -1;
  }
  n->keys[n->count] = k;
  n->values[n->count] = v;
  n->tags[n->count++] = tag;
  return 0;
}

void names_remove(struct names *n, const char *key) {
  long at = names_find(n, key);
  if (at < 0)
    return;
  free(n->keys[at]);
  free(n->values[at]);
  n->count--;
  n->keys[at] = n->keys[n->count];
  n->values[at] = n->values[n->count];
  n->tags[at] = n->tags[n->count];
}

void names_pair(char *out, size_t n, const char *table, const char *column) {
  snprintf(out, n, "%s.%s", table, column);
}
