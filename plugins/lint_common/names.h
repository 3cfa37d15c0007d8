/*
 * names.h - a list of names with a number each, the memory a lint plugin
 * keeps across the scripts of a run (the tables a script created, the
 * columns a table has and their types).
 */
#ifndef STRATA_LINT_NAMES_H
#define STRATA_LINT_NAMES_H

#include <stddef.h>

struct names {
  char **keys;
  char **values; /* each may be NULL */
  int *tags;
  size_t count;
  size_t cap;
};

void names_init(struct names *n);
void names_release(struct names *n);

/* Sets key's value and tag, adding key when absent.  value may be NULL.
 * 0, or -1 when memory runs out. */
int names_set(struct names *n, const char *key, const char *value, int tag);
/* The index of key, or -1. */
long names_find(const struct names *n, const char *key);
/* Whether key is present with tag: a table that the script numbered tag
 * created. */
int names_has_tag(const struct names *n, const char *key, int tag);
/* Removes key if present. */
void names_remove(struct names *n, const char *key);

/* "table.column", for the names of columns, into out (n bytes). */
void names_pair(char *out, size_t n, const char *table, const char *column);

#endif
