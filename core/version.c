/*
 * version.c - migration versions and the names of migration files.
 */
#include "version.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

static int is_name_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         c == '_' || c == '-';
}

static int name_chars_valid(const char *name, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (!is_name_char(name[i]))
      return 0;
  return len > 0;
}

int migration_name_is_valid(const char *name) {
  return name != NULL && name_chars_valid(name, strlen(name));
}

static int has_suffix(const char *s, size_t len, const char *suffix) {
  size_t n = strlen(suffix);
  return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

static int is_separator(char c) {
  return c == '.' || c == '_' || c == '-';
}

int version_is_repeatable(const char *s) {
  size_t n = strlen(VERSION_REPEATABLE_PREFIX);
  return s != NULL && strncmp(s, VERSION_REPEATABLE_PREFIX, n) == 0 &&
         migration_name_is_valid(s + n);
}

int version_is_valid(const char *s) {
  if (version_is_repeatable(s))
    return 1;
  if (s == NULL || !is_digit(*s))
    return 0;
  for (; *s != '\0'; s++) {
    if (is_digit(*s))
      continue;
    if (!is_separator(*s) || !is_digit(s[1]))
      return 0;
  }
  return 1;
}

/* Compares the runs of digits at *a and *b as numbers and moves both past
 * them. */
static int compare_segment(const char **a, const char **b) {
  while (**a == '0' && is_digit((*a)[1]))
    (*a)++;
  while (**b == '0' && is_digit((*b)[1]))
    (*b)++;
  size_t la = 0, lb = 0;
  while (is_digit((*a)[la]))
    la++;
  while (is_digit((*b)[lb]))
    lb++;
  /* Without leading zeros, the longer run of digits is the larger number,
   * and equal lengths compare as text. */
  int c = la != lb ? (la < lb ? -1 : 1) : strncmp(*a, *b, la);
  *a += la;
  *b += lb;
  return c;
}

/* Whether only zero segments are left: "1.0" is the same version as "1". */
static int only_zeros(const char *s) {
  for (; *s != '\0'; s++)
    if (*s != '0' && !is_separator(*s))
      return 0;
  return 1;
}

int version_compare(const char *a, const char *b) {
  int ra = version_is_repeatable(a), rb = version_is_repeatable(b);
  if (ra || rb)
    return ra && rb ? strcmp(a, b) : ra - rb;
  while (*a != '\0' && *b != '\0') {
    int c = compare_segment(&a, &b);
    if (c != 0)
      return c;
    a += is_separator(*a);
    b += is_separator(*b);
  }
  if (*a == '\0' && *b == '\0')
    return 0;
  if (*a == '\0')
    return only_zeros(b) ? 0 : -1;
  return only_zeros(a) ? 0 : 1;
}

char *version_next(const char *v) {
  size_t n = strlen(v);
  char *next = malloc(n + 2);
  if (next == NULL)
    return NULL;
  memcpy(next + 1, v, n + 1);
  next[0] = '0';
  size_t i = n;
  while (i > 0 && next[i] == '9')
    next[i--] = '0';
  next[i]++;
  /* A carry out of the leading digit keeps the extra digit; otherwise the
   * placeholder goes. */
  if (next[0] == '0')
    memmove(next, next + 1, n + 1);
  return next;
}

static int malformed_name(const char *filename, struct strata_error *err) {
  return strata__error_set(
      err, STRATA_ESOURCE,
      "malformed migration file name '%s': expected VERSION_name.sql, "
      "VERSION_name.up.sql or VERSION_name.down.sql (VERSION is digits)",
      filename);
}

/* Takes ".up" or ".down" off the end of stem (the name without ".sql") and
 * says which script the file holds. */
static enum script_kind strip_direction(const char *stem, size_t *len) {
  if (has_suffix(stem, *len, ".up")) {
    *len -= 3;
    return SCRIPT_UP;
  }
  if (has_suffix(stem, *len, ".down")) {
    *len -= 5;
    return SCRIPT_DOWN;
  }
  return SCRIPT_SINGLE;
}

int migration_filename_parse(const char *filename,
                             struct migration_filename *out,
                             struct strata_error *err) {
  out->version = NULL;
  out->name = NULL;
  out->kind = SCRIPT_SINGLE;
  size_t len = strlen(filename);
  if (filename[0] == '.' || !has_suffix(filename, len, ".sql"))
    return 1;
  len -= 4;
  enum script_kind kind = strip_direction(filename, &len);
  size_t digits = 0;
  while (digits < len && is_digit(filename[digits]))
    digits++;
  if (digits == 0 || digits + 1 >= len || filename[digits] != '_')
    return malformed_name(filename, err);
  if (!name_chars_valid(filename + digits + 1, len - digits - 1))
    return malformed_name(filename, err);
  out->version = strata__strndup(filename, digits);
  out->name = strata__strndup(filename + digits + 1, len - digits - 1);
  if (out->version == NULL || out->name == NULL) {
    migration_filename_release(out);
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  }
  out->kind = kind;
  return 0;
}

void migration_filename_release(struct migration_filename *f) {
  free(f->version);
  free(f->name);
  f->version = NULL;
  f->name = NULL;
}
