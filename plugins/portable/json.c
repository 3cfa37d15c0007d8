/*
 * json.c - reading libpg_query's JSON parse tree, and the helpers every
 * part of the parser shares: refusals, names, ops.
 *
 * The tree leaves out members at their default value (a zero, a false, an
 * empty list), so every reader here takes an absent member as that value.
 */
#include "portable.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *pp_node(json_t *value, const char **type) {
  const char *key;
  json_t *inner = NULL;
  *type = NULL;
  if (!json_is_object(value) || json_object_size(value) != 1)
    return NULL;
  json_object_foreach(value, key, inner) { *type = key; }
  return inner;
}

const char *pp_str(json_t *obj, const char *key) {
  return json_string_value(json_object_get(obj, key));
}

long long pp_int(json_t *obj, const char *key, long long absent) {
  json_t *v = json_object_get(obj, key);
  return json_is_integer(v) ? json_integer_value(v) : absent;
}

int pp_bool(json_t *obj, const char *key) {
  return json_is_true(json_object_get(obj, key));
}

const char *pp_string_node(json_t *value) {
  const char *type;
  json_t *s = pp_node(value, &type);
  return s && strcmp(type, "String") == 0 ? pp_str(s, "sval") : NULL;
}

long pp_where(const struct pp *pp, json_t *obj) {
  long long at = pp_int(obj, "location", -1);
  return at >= 0 ? (long)at : pp->stmt_offset;
}

int pp_refuse(struct pp *pp, long offset, const char *fmt, ...) {
  char message[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  pp->host->error_set(pp->err, STRATA_ESOURCE, "%s", message);
  pp->err->offset = offset;
  return STRATA_ESOURCE;
}

int pp_nomem(struct pp *pp) {
  return pp->host->error_set(pp->err, STRATA_ENOMEM, "out of memory");
}

static const char *clause_name(const char *key, const char *const *names) {
  for (const char *const *n = names; n && *n; n += 2)
    if (strcmp(n[0], key) == 0)
      return n[1];
  return NULL;
}

static int is_allowed(const char *key, const char *const *allowed) {
  for (const char *const *a = allowed; *a; a++)
    if (strcmp(*a, key) == 0)
      return 1;
  return 0;
}

int pp_only_keys(struct pp *pp, json_t *obj, const char *const *allowed,
                 const char *const *names) {
  const char *key;
  json_t *value;
  json_object_foreach(obj, key, value) {
    if (is_allowed(key, allowed))
      continue;
    const char *clause = clause_name(key, names);
    if (clause)
      return pp_refuse(pp, pp_where(pp, obj),
                       "%s is not in the portable dialect" PORTABLE_HINT,
                       clause);
    return pp_refuse(pp, pp_where(pp, obj),
                     "a clause of this statement (%s) is not in the "
                     "portable dialect" PORTABLE_HINT,
                     key);
  }
  return 0;
}

int pp_name(struct pp *pp, const char *name, long offset) {
  size_t n = name ? strlen(name) : 0;
  int ok = n > 0 && n <= PORTABLE_NAME_MAX &&
           ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
  for (size_t i = 1; ok && i < n; i++)
    ok = (name[i] >= 'a' && name[i] <= 'z') ||
         (name[i] >= '0' && name[i] <= '9') || name[i] == '_';
  if (ok)
    return 0;
  return pp_refuse(pp, offset,
                   "name \"%.100s\" is not portable: portable names are "
                   "lower case letters, digits and _, at most %d bytes, "
                   "and unquoted",
                   name ? name : "", PORTABLE_NAME_MAX);
}

const char *pp_dup(struct pp *pp, const char *text) {
  return text ? pp->host->schema_strndup(pp->owner, text, strlen(text)) : NULL;
}

struct strata_op *pp_op(struct pp *pp, enum strata_op_kind kind,
                        long offset) {
  struct strata_op *op =
      pp->host->schema_append(pp->owner, pp->ops, pp->op_count, sizeof *op);
  if (op == NULL) {
    pp_nomem(pp);
    return NULL;
  }
  op->kind = kind;
  op->offset = offset;
  return op;
}

int pp_relation(struct pp *pp, json_t *rangevar, const char **name) {
  static const char *const allowed[] = {"relname", "inh", "relpersistence",
                                        "location", NULL};
  static const char *const names[] = {"schemaname", "a schema-qualified name",
                                      "catalogname", "a catalog name",
                                      "alias", "an alias", NULL};
  int rc = pp_only_keys(pp, rangevar, allowed, names);
  const char *persistence = pp_str(rangevar, "relpersistence");
  if (rc == 0 && persistence && strcmp(persistence, "p") != 0)
    rc = pp_refuse(pp, pp_where(pp, rangevar),
                   "%s tables are not in the portable dialect" PORTABLE_HINT,
                   strcmp(persistence, "t") == 0 ? "TEMP" : "UNLOGGED");
  if (rc == 0 && !pp_bool(rangevar, "inh"))
    rc = pp_refuse(pp, pp_where(pp, rangevar),
                   "ONLY is not in the portable dialect" PORTABLE_HINT);
  *name = pp_str(rangevar, "relname");
  if (rc == 0)
    rc = pp_name(pp, *name, pp_where(pp, rangevar));
  *name = rc == 0 ? pp_dup(pp, *name) : NULL;
  return rc == 0 && *name == NULL ? pp_nomem(pp) : rc;
}

int pp_names(struct pp *pp, json_t *list, const char ***array,
             size_t *count) {
  size_t i;
  json_t *item;
  json_array_foreach(list, i, item) {
    const char *name = pp_string_node(item);
    int rc = pp_name(pp, name, pp->stmt_offset);
    if (rc != 0)
      return rc;
    if (STRATA_SCHEMA_APPEND_TEXT(pp->host, pp->owner, *array, *count, name,
                                  strlen(name)) != 0)
      return pp_nomem(pp);
  }
  return 0;
}

void ptext_addn(struct ptext *t, const char *s, size_t n) {
  if (t->failed)
    return;
  if (t->len + n + 1 > t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 64;
    while (cap < t->len + n + 1)
      cap *= 2;
    char *bigger = realloc(t->data, cap);
    if (bigger == NULL) {
      t->failed = 1;
      return;
    }
    t->data = bigger;
    t->cap = cap;
  }
  memcpy(t->data + t->len, s, n);
  t->len += n;
  t->data[t->len] = '\0';
}

void ptext_add(struct ptext *t, const char *s) { ptext_addn(t, s, strlen(s)); }

void ptext_release(struct ptext *t) {
  free(t->data);
  *t = (struct ptext){0};
}
