/*
 * tree.c - reading libpg_query's JSON parse tree.
 */
#include <stdio.h>
#include <string.h>

#include "lint_postgres.h"

json_t *pg_node(json_t *wrapper, const char *type) {
  return json_is_object(wrapper) ? json_object_get(wrapper, type) : NULL;
}

const char *pg_string(json_t *obj, const char *key) {
  return json_string_value(json_object_get(obj, key));
}

long pg_location(json_t *obj) {
  json_t *loc = json_object_get(obj, "location");
  return json_is_integer(loc) ? (long)json_integer_value(loc) : -1;
}

const char *pg_last_name(json_t *list) {
  size_t n = json_array_size(list);
  if (n == 0)
    return NULL;
  json_t *s = pg_node(json_array_get(list, n - 1), "String");
  return pg_string(s, "sval");
}

/* A type modifier: an integer constant, or "?" for anything else. */
static void typmod_text(json_t *mod, char *out, size_t n) {
  json_t *c = pg_node(mod, "A_Const");
  json_t *ival = json_object_get(json_object_get(c, "ival"), "ival");
  if (c != NULL && json_object_get(c, "ival") != NULL)
    snprintf(out, n, "%lld", (long long)json_integer_value(ival));
  else
    snprintf(out, n, "?");
}

void pg_type_text(json_t *type_name, char *out, size_t n) {
  const char *name = pg_last_name(json_object_get(type_name, "names"));
  size_t used = (size_t)snprintf(out, n, "%s", name ? name : "?");
  json_t *mods = json_object_get(type_name, "typmods");
  for (size_t i = 0; i < json_array_size(mods) && used < n; i++) {
    char mod[32];
    typmod_text(json_array_get(mods, i), mod, sizeof mod);
    used += (size_t)snprintf(out + used, n - used, "%s%s", i ? "," : "(", mod);
  }
  if (json_array_size(mods) > 0 && used < n)
    used += (size_t)snprintf(out + used, n - used, ")");
  if (json_array_size(json_object_get(type_name, "arrayBounds")) > 0 &&
      used < n)
    snprintf(out + used, n - used, "[]");
}
