/*
 * schema_json.c - a schema model as JSON, for `strata dump --json`.
 *
 * Every field of schema.h is written, absent text as null, in the order
 * the model holds its objects (the canonical order) and with each
 * object's keys in the order schema.h declares its fields, so equal
 * models give equal documents.  Enumerations and flags are written as
 * words rather than numbers, which could change between versions.
 */
#include "schema_json.h"

#include <stddef.h>
#include <string.h>

#include "output.h"

static const char *const type_words[] = {
    "other",   "boolean",   "tinyint",     "smallint",  "mediumint", "integer",
    "bigint",  "decimal",   "real",        "double",    "bit",       "char",
    "varchar", "text",      "binary",      "varbinary", "blob",      "date",
    "time",    "timestamp", "timestamptz", "interval",  "year",      "json",
    "uuid",    "enum",      "set",         "geometry"};

static const char *const default_words[] = {
    "none", "literal", "null", "current_time", "current_date", "expression"};

static const char *const column_flag_words[] = {
    "not_null",         "unsigned",          "identity", "identity_always",
    "generated_stored", "generated_virtual", "array"};

static const char *const index_flag_words[] = {"unique", "primary"};

static json_t *word(const char *const *words, size_t count, size_t i) {
  return json_string(i < count ? words[i] : "unknown");
}

#define WORD(words, i) word((words), sizeof(words) / sizeof *(words), (i))

static json_t *flags_json(const char *const *words, size_t count,
                          unsigned flags) {
  json_t *list = json_array();

  for (size_t i = 0; i < count; i++)
    if (flags & (1u << i))
      json_array_append_new(list, json_string(words[i]));
  return list;
}

/* -1 means "none" in the model. */
static json_t *optional_int(int n) {
  return n < 0 ? json_null() : json_integer(n);
}

static void set(json_t *obj, const char *key, json_t *value) {
  json_object_set_new(obj, key, value);
}

static void set_text(json_t *obj, const char *key, const char *text) {
  set(obj, key, output_json_string(text));
}

static json_t *column_json(const struct strata_column *c) {
  json_t *j = json_object();

  set_text(j, "name", c->name);
  set(j, "position", json_integer(c->position));
  set(j, "type", WORD(type_words, (size_t)c->type));
  set_text(j, "type_text", c->type_text);
  set_text(j, "type_ref", c->type_ref);
  set(j, "length", json_integer(c->length));
  set(j, "precision", optional_int(c->precision));
  set(j, "scale", optional_int(c->scale));
  set(j, "flags",
      flags_json(column_flag_words,
                 sizeof column_flag_words / sizeof *column_flag_words,
                 c->flags));
  set(j, "labels", output_json_strings(c->labels, c->label_count));
  set(j, "default_kind", WORD(default_words, (size_t)c->default_kind));
  set_text(j, "default_value", c->default_value);
  set_text(j, "default_expr", c->default_expr);
  set_text(j, "on_update", c->on_update);
  set_text(j, "generated_expr", c->generated_expr);
  set_text(j, "collation", c->collation);
  set_text(j, "comment", c->comment);
  return j;
}

static json_t *part_json(const struct strata_index_part *p) {
  json_t *j = json_object();

  set_text(j, "column", p->column);
  set_text(j, "expression", p->expression);
  set(j, "prefix_length", json_integer(p->prefix_length));
  set(j, "descending", json_boolean(p->descending));
  set_text(j, "opclass", p->opclass);
  return j;
}

static json_t *index_json(const struct strata_index *ix) {
  json_t *j = json_object(), *parts = json_array();

  for (size_t i = 0; i < ix->part_count; i++)
    json_array_append_new(parts, part_json(ix->parts[i]));
  set_text(j, "name", ix->name);
  set(j, "flags",
      flags_json(index_flag_words,
                 sizeof index_flag_words / sizeof *index_flag_words,
                 ix->flags));
  set_text(j, "method", ix->method);
  set(j, "parts", parts);
  set_text(j, "predicate", ix->predicate);
  set_text(j, "definition", ix->definition);
  set_text(j, "comment", ix->comment);
  return j;
}

static json_t *key_json(const struct strata_key *k) {
  json_t *j;

  if (!k)
    return json_null();
  j = json_object();
  set_text(j, "name", k->name);
  set(j, "columns", output_json_strings(k->columns, k->column_count));
  set(j, "deferrable", json_boolean(k->deferrable));
  set(j, "initially_deferred", json_boolean(k->initially_deferred));
  return j;
}

static json_t *foreign_key_json(const struct strata_foreign_key *fk) {
  json_t *j = json_object();

  set_text(j, "name", fk->name);
  set(j, "columns", output_json_strings(fk->columns, fk->column_count));
  set_text(j, "ref_table", fk->ref_table);
  set(j, "ref_columns",
      output_json_strings(fk->ref_columns, fk->ref_column_count));
  set_text(j, "on_delete", fk->on_delete);
  set_text(j, "on_update", fk->on_update);
  set_text(j, "match", fk->match);
  set(j, "deferrable", json_boolean(fk->deferrable));
  set(j, "initially_deferred", json_boolean(fk->initially_deferred));
  return j;
}

static json_t *check_json(const struct strata_check *c) {
  json_t *j = json_object();

  set_text(j, "name", c->name);
  set_text(j, "expression", c->expression);
  return j;
}

static json_t *trigger_json(const struct strata_trigger *t) {
  json_t *j = json_object();

  set_text(j, "name", t->name);
  set_text(j, "table", t->table);
  set_text(j, "timing", t->timing);
  set_text(j, "events", t->events);
  set_text(j, "definition", t->definition);
  set_text(j, "settings", t->settings);
  return j;
}

/* name_list(items, count): a JSON array of each element of a model's
 * pointer array. */
#define LIST_OF(type, name)                                                    \
  static json_t *name##_list(struct strata_##type *const *items,               \
                             size_t count) {                                   \
    json_t *list = json_array();                                               \
                                                                               \
    for (size_t i = 0; i < count; i++)                                         \
      json_array_append_new(list, name##_json(items[i]));                      \
    return list;                                                               \
  }
LIST_OF(column, column)
LIST_OF(key, key)
LIST_OF(check, check)
LIST_OF(foreign_key, foreign_key)
LIST_OF(index, index)
LIST_OF(trigger, trigger)

static json_t *table_json(const struct strata_table *t) {
  json_t *j = json_object();

  set_text(j, "name", t->name);
  set_text(j, "comment", t->comment);
  set_text(j, "options", t->options);
  set(j, "columns", column_list(t->columns, t->column_count));
  set(j, "primary_key", key_json(t->primary_key));
  set(j, "uniques", key_list(t->uniques, t->unique_count));
  set(j, "checks", check_list(t->checks, t->check_count));
  set(j, "foreign_keys",
      foreign_key_list(t->foreign_keys, t->foreign_key_count));
  set(j, "indexes", index_list(t->indexes, t->index_count));
  set(j, "triggers", trigger_list(t->triggers, t->trigger_count));
  return j;
}

static json_t *view_json(const struct strata_view *v) {
  json_t *j = json_object();

  set_text(j, "name", v->name);
  set_text(j, "definition", v->definition);
  set(j, "materialized", json_boolean(v->materialized));
  set_text(j, "comment", v->comment);
  set_text(j, "options", v->options);
  return j;
}

static json_t *enum_json(const struct strata_enum_type *e) {
  json_t *j = json_object();

  set_text(j, "name", e->name);
  set(j, "labels", output_json_strings(e->labels, e->label_count));
  return j;
}

static json_t *sequence_json(const struct strata_sequence *s) {
  json_t *j = json_object();

  set_text(j, "name", s->name);
  set_text(j, "type_text", s->type_text);
  set(j, "start", json_integer(s->start));
  set(j, "increment", json_integer(s->increment));
  set(j, "min_value", json_integer(s->min_value));
  set(j, "max_value", json_integer(s->max_value));
  set(j, "cache", json_integer(s->cache));
  set(j, "cycle", json_boolean(s->cycle));
  set_text(j, "owned_by_table", s->owned_by_table);
  set_text(j, "owned_by_column", s->owned_by_column);
  return j;
}

static json_t *routine_json(const struct strata_routine *r) {
  json_t *j = json_object();

  set_text(j, "name", r->name);
  set_text(j, "kind", r->kind);
  set_text(j, "signature", r->signature);
  set_text(j, "definition", r->definition);
  set_text(j, "settings", r->settings);
  return j;
}

LIST_OF(table, table)
LIST_OF(view, view)
LIST_OF(enum_type, enum)
LIST_OF(sequence, sequence)
LIST_OF(routine, routine)

json_t *schema_json(const struct strata_schema *schema) {
  json_t *j = json_object();

  set_text(j, "engine", schema->engine);
  set_text(j, "name", schema->name);
  set(j, "tables", table_list(schema->tables, schema->table_count));
  set(j, "views", view_list(schema->views, schema->view_count));
  set(j, "enums", enum_list(schema->enums, schema->enum_count));
  set(j, "sequences", sequence_list(schema->sequences, schema->sequence_count));
  set(j, "routines", routine_list(schema->routines, schema->routine_count));
  return j;
}
