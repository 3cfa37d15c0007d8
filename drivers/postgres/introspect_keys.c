/*
 * introspect_keys.c - what hangs off a table: its constraints, the indexes
 * that back none of them, and its triggers.
 *
 * A constraint's columns and an index's parts come one row each, in key
 * order, so the queries need no array decoding; consecutive rows of the
 * same oid fill the same object.
 */
#include "postgres.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The check's expression is the server's text without CHECK ( ), which is
 * what pg_get_expr() gives. */
static const char constraints_sql[] =
    "SELECT con.oid, con.conrelid, con.contype, con.conname, "
    "con.condeferrable, con.condeferred, con.confupdtype, con.confdeltype, "
    "con.confmatchtype, r.relname, a.attname, ra.attname, "
    "CASE WHEN con.contype = 'c' "
    "THEN pg_catalog.pg_get_expr(con.conbin, con.conrelid) END "
    "FROM pg_catalog.pg_constraint con "
    "JOIN pg_catalog.pg_class c ON c.oid = con.conrelid "
    "LEFT JOIN pg_catalog.pg_class r ON r.oid = con.confrelid "
    "LEFT JOIN LATERAL ROWS FROM (pg_catalog.unnest(CASE WHEN con.contype "
    "<> 'c' THEN con.conkey END), pg_catalog.unnest(con.confkey)) "
    "WITH ORDINALITY AS k(attnum, refnum, n) ON true "
    "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid "
    "AND a.attnum = k.attnum "
    "LEFT JOIN pg_catalog.pg_attribute ra ON ra.attrelid = con.confrelid "
    "AND ra.attnum = k.refnum "
    "WHERE c.relnamespace = ? AND con.contype IN ('p', 'u', 'c', 'f') "
    "ORDER BY con.oid, k.n";

enum {
  CON_OID,
  CON_TABLE,
  CON_TYPE,
  CON_NAME,
  CON_DEFERRABLE,
  CON_DEFERRED,
  CON_ON_UPDATE,
  CON_ON_DELETE,
  CON_MATCH,
  CON_REF_TABLE,
  CON_COLUMN,
  CON_REF_COLUMN,
  CON_CHECK
};

/* One row per key part; indexes that back a primary key, a unique or an
 * exclusion constraint are the constraint's, not indexes of their own.
 * The server's texts, which take most of the query's time, are asked for
 * once each: the index's on its first part's row, a part's when it is an
 * expression. */
static const char indexes_sql[] =
    "SELECT i.indexrelid, i.indrelid, ic.relname, "
    "pg_catalog.quote_ident(ic.relname), i.indisunique, am.amname, "
    "CASE WHEN k.n = 1 THEN pg_catalog.pg_get_expr(i.indpred, i.indrelid) END, "
    "CASE WHEN k.n = 1 THEN pg_catalog.pg_get_indexdef(i.indexrelid) END, "
    "d.description, a.attname, CASE WHEN i.indkey[k.n - 1] = 0 "
    "THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.n, false) END, "
    "(i.indoption[k.n - 1] & 1) <> 0, "
    "CASE WHEN NOT opc.opcdefault THEN opc.opcname END "
    "FROM pg_catalog.pg_index i "
    "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
    "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
    "JOIN pg_catalog.pg_am am ON am.oid = ic.relam "
    "CROSS JOIN LATERAL pg_catalog.generate_series(1, i.indnkeyatts) AS k(n) "
    "JOIN pg_catalog.pg_opclass opc ON opc.oid = i.indclass[k.n - 1] "
    "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid "
    "AND a.attnum = i.indkey[k.n - 1] AND i.indkey[k.n - 1] <> 0 "
    "LEFT JOIN pg_catalog.pg_description d ON d.objoid = i.indexrelid "
    "AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass "
    "AND d.objsubid = 0 "
    "WHERE c.relnamespace = ? AND NOT EXISTS (SELECT 1 "
    "FROM pg_catalog.pg_constraint b WHERE b.conindid = i.indexrelid "
    "AND b.contype IN ('p', 'u', 'x')) "
    "ORDER BY i.indexrelid, k.n";

enum {
  INDEX_OID,
  INDEX_TABLE,
  INDEX_NAME,
  INDEX_QUOTED_NAME,
  INDEX_UNIQUE,
  INDEX_METHOD,
  INDEX_PREDICATE,
  INDEX_DEFINITION,
  INDEX_COMMENT,
  INDEX_COLUMN,
  INDEX_PART_TEXT,
  INDEX_DESCENDING,
  INDEX_OPCLASS
};

static const char triggers_sql[] =
    "SELECT t.tgrelid, t.tgname, t.tgtype, pg_catalog.pg_get_triggerdef(t.oid), "
    "pg_catalog.quote_ident(c.relname) "
    "FROM pg_catalog.pg_trigger t "
    "JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "
    "WHERE c.relnamespace = ? AND NOT t.tgisinternal "
    "ORDER BY t.tgrelid, t.tgname";

enum {
  TRIGGER_TABLE,
  TRIGGER_NAME,
  TRIGGER_TYPE,
  TRIGGER_DEFINITION,
  TRIGGER_QUOTED_TABLE
};

#define TEXT(i) postgres_introspect_text(ix, values[i], lengths[i])
#define WORD(w) postgres_introspect_text(ix, (w), strlen(w))

/* pg_constraint's one-letter referential actions. */
static const char *action_words(char code) {
  switch (code) {
  case 'r': return "RESTRICT";
  case 'c': return "CASCADE";
  case 'n': return "SET NULL";
  case 'd': return "SET DEFAULT";
  default: return "NO ACTION";
  }
}

/* The host grows arrays only, so the one primary key is the first element
 * of an array of its own. */
static struct strata_key *new_primary_key(struct postgres_introspection *ix,
                                          struct strata_table *t) {
  struct strata_key **slot = NULL;
  size_t count = 0;
  STRATA_SCHEMA_APPEND(ix->conn->host, ix->schema, slot, count);
  t->primary_key = count == 1 ? slot[0] : NULL;
  return t->primary_key;
}

static struct strata_key *new_key(struct postgres_introspection *ix,
                                  struct strata_table *t,
                                  const char *const *values,
                                  const size_t *lengths) {
  struct strata_key *k =
      values[CON_TYPE][0] == 'p'
          ? new_primary_key(ix, t)
          : STRATA_SCHEMA_APPEND(ix->conn->host, ix->schema, t->uniques,
                                 t->unique_count);
  if (k == NULL)
    return NULL;
  k->name = TEXT(CON_NAME);
  k->deferrable = postgres_introspect_bool(values[CON_DEFERRABLE]);
  k->initially_deferred = postgres_introspect_bool(values[CON_DEFERRED]);
  return k;
}

static struct strata_check *new_check(struct postgres_introspection *ix,
                                      struct strata_table *t,
                                      const char *const *values,
                                      const size_t *lengths) {
  struct strata_check *c = STRATA_SCHEMA_APPEND(ix->conn->host, ix->schema,
                                                t->checks, t->check_count);
  if (c != NULL) {
    c->name = TEXT(CON_NAME);
    c->expression = TEXT(CON_CHECK);
  }
  return c;
}

static struct strata_foreign_key *
new_foreign_key(struct postgres_introspection *ix, struct strata_table *t,
                const char *const *values, const size_t *lengths) {
  struct strata_foreign_key *fk = STRATA_SCHEMA_APPEND(
      ix->conn->host, ix->schema, t->foreign_keys, t->foreign_key_count);
  if (fk == NULL)
    return NULL;
  fk->name = TEXT(CON_NAME);
  fk->ref_table = TEXT(CON_REF_TABLE);
  fk->on_update = WORD(action_words(values[CON_ON_UPDATE][0]));
  fk->on_delete = WORD(action_words(values[CON_ON_DELETE][0]));
  if (values[CON_MATCH][0] == 'f')
    fk->match = WORD("FULL");
  fk->deferrable = postgres_introspect_bool(values[CON_DEFERRABLE]);
  fk->initially_deferred = postgres_introspect_bool(values[CON_DEFERRED]);
  return fk;
}

static void *new_constraint(struct postgres_introspection *ix,
                            struct strata_table *t, const char *const *values,
                            const size_t *lengths) {
  switch (values[CON_TYPE][0]) {
  case 'c': return new_check(ix, t, values, lengths);
  case 'f': return new_foreign_key(ix, t, values, lengths);
  default: return new_key(ix, t, values, lengths);
  }
}

#define ADD_NAME(array, count, i)                                              \
  (values[i] == NULL ||                                                        \
   STRATA_SCHEMA_APPEND_TEXT(ix->conn->host, ix->schema, array, count,         \
                             values[i], lengths[i]) == 0)

/* The row's column (and referenced column) joins the constraint's lists. */
static int add_constraint_column(struct postgres_introspection *ix, void *c,
                                 const char *const *values,
                                 const size_t *lengths) {
  struct strata_key *k = c;
  struct strata_foreign_key *fk = c;
  switch (values[CON_TYPE][0]) {
  case 'c': return 1;
  case 'f':
    return ADD_NAME(fk->columns, fk->column_count, CON_COLUMN) &&
           ADD_NAME(fk->ref_columns, fk->ref_column_count, CON_REF_COLUMN);
  default: return ADD_NAME(k->columns, k->column_count, CON_COLUMN);
  }
}

static int read_constraint(void *ctx, int columns, const char *const *values,
                           const size_t *lengths) {
  struct postgres_introspection *ix = ctx;
  (void)columns;
  struct strata_table *t = postgres_introspect_table(ix, values[CON_TABLE]);
  if (t == NULL)
    return 0;
  if (postgres_introspect_next(ix, values[CON_OID]))
    ix->last = new_constraint(ix, t, values, lengths);
  if (ix->last == NULL || !add_constraint_column(ix, ix->last, values, lengths))
    ix->out_of_memory = 1;
  return postgres_introspect_row_done(ix);
}

int postgres_introspect_constraints(struct postgres_introspection *ix) {
  return postgres_introspect_query(ix, constraints_sql, read_constraint);
}

/* pg_get_indexdef() names the table with its schema: "CREATE INDEX i ON
 * [ONLY] schema.t USING ...". */
static const char *index_definition(struct postgres_introspection *ix,
                                    const char *const *values,
                                    const size_t *lengths) {
  const char *def = values[INDEX_DEFINITION];
  size_t at = strlen(postgres_introspect_bool(values[INDEX_UNIQUE])
                         ? "CREATE UNIQUE INDEX "
                         : "CREATE INDEX ") +
              lengths[INDEX_QUOTED_NAME] + strlen(" ON ");
  if (at < lengths[INDEX_DEFINITION] && strncmp(def + at, "ONLY ", 5) == 0)
    at += 5;
  return postgres_introspect_unqualify(ix, def, lengths[INDEX_DEFINITION], at);
}

static struct strata_index *new_index(struct postgres_introspection *ix,
                                      struct strata_table *t,
                                      const char *const *values,
                                      const size_t *lengths) {
  struct strata_index *index = STRATA_SCHEMA_APPEND(ix->conn->host, ix->schema,
                                                    t->indexes, t->index_count);
  if (index == NULL)
    return NULL;
  index->name = TEXT(INDEX_NAME);
  if (postgres_introspect_bool(values[INDEX_UNIQUE]))
    index->flags |= STRATA_INDEX_UNIQUE;
  index->method = TEXT(INDEX_METHOD);
  index->predicate = TEXT(INDEX_PREDICATE);
  index->definition = index_definition(ix, values, lengths);
  index->comment = TEXT(INDEX_COMMENT);
  return index;
}

static int add_index_part(struct postgres_introspection *ix,
                          struct strata_index *index, const char *const *values,
                          const size_t *lengths) {
  struct strata_index_part *part = STRATA_SCHEMA_APPEND(
      ix->conn->host, ix->schema, index->parts, index->part_count);
  if (part == NULL)
    return 0;
  part->column = TEXT(INDEX_COLUMN);
  if (part->column == NULL)
    part->expression = TEXT(INDEX_PART_TEXT);
  part->descending = postgres_introspect_bool(values[INDEX_DESCENDING]);
  part->opclass = TEXT(INDEX_OPCLASS);
  return 1;
}

static int read_index(void *ctx, int columns, const char *const *values,
                      const size_t *lengths) {
  struct postgres_introspection *ix = ctx;
  (void)columns;
  struct strata_table *t = postgres_introspect_table(ix, values[INDEX_TABLE]);
  if (t == NULL)
    return 0;
  if (postgres_introspect_next(ix, values[INDEX_OID]))
    ix->last = new_index(ix, t, values, lengths);
  if (ix->last == NULL || !add_index_part(ix, ix->last, values, lengths))
    ix->out_of_memory = 1;
  return postgres_introspect_row_done(ix);
}

int postgres_introspect_indexes(struct postgres_introspection *ix) {
  return postgres_introspect_query(ix, indexes_sql, read_index);
}

/* tgtype's bits (the server's pg_trigger.h). */
enum {
  TRIGGER_BEFORE = 1 << 1,
  TRIGGER_INSERT = 1 << 2,
  TRIGGER_DELETE = 1 << 3,
  TRIGGER_UPDATE = 1 << 4,
  TRIGGER_TRUNCATE = 1 << 5,
  TRIGGER_INSTEAD = 1 << 6
};

/* The events in the order pg_get_triggerdef() writes them. */
static const char *trigger_events(struct postgres_introspection *ix,
                                  long type) {
  static const struct {
    long bit;
    const char *word;
  } events[] = {{TRIGGER_INSERT, "INSERT"},
                {TRIGGER_DELETE, "DELETE"},
                {TRIGGER_UPDATE, "UPDATE"},
                {TRIGGER_TRUNCATE, "TRUNCATE"}};
  char text[64] = "";
  for (size_t i = 0; i < sizeof events / sizeof *events; i++)
    if (type & events[i].bit) {
      if (text[0] != '\0')
        strcat(text, " OR ");
      strcat(text, events[i].word);
    }
  return WORD(text);
}

/* pg_get_triggerdef() names the table with its schema: "... ON schema.t
 * FOR EACH ...". */
static const char *trigger_definition(struct postgres_introspection *ix,
                                      const char *const *values,
                                      const size_t *lengths) {
  const char *def = values[TRIGGER_DEFINITION];
  size_t n = strlen(ix->quoted_schema) + lengths[TRIGGER_QUOTED_TABLE] + 7;
  char *needle = malloc(n);
  if (needle == NULL) {
    ix->out_of_memory = 1;
    return NULL;
  }
  snprintf(needle, n, " ON %s.%s ", ix->quoted_schema,
           values[TRIGGER_QUOTED_TABLE]);
  const char *on = strstr(def, needle);
  free(needle);
  size_t at = on ? (size_t)(on - def) + 4 : lengths[TRIGGER_DEFINITION];
  return postgres_introspect_unqualify(ix, def, lengths[TRIGGER_DEFINITION],
                                       at);
}

static int read_trigger(void *ctx, int columns, const char *const *values,
                        const size_t *lengths) {
  struct postgres_introspection *ix = ctx;
  (void)columns;
  struct strata_table *t = postgres_introspect_table(ix, values[TRIGGER_TABLE]);
  if (t == NULL)
    return 0;
  struct strata_trigger *tr = STRATA_SCHEMA_APPEND(
      ix->conn->host, ix->schema, t->triggers, t->trigger_count);
  if (tr == NULL)
    return postgres_error_set(ix->err, STRATA_ENOMEM, "out of memory");
  long type = strtol(values[TRIGGER_TYPE], NULL, 10);
  tr->name = TEXT(TRIGGER_NAME);
  tr->table = t->name;
  tr->timing = WORD(type & TRIGGER_INSTEAD  ? "INSTEAD OF"
                    : type & TRIGGER_BEFORE ? "BEFORE"
                                            : "AFTER");
  tr->events = trigger_events(ix, type);
  tr->definition = trigger_definition(ix, values, lengths);
  return postgres_introspect_row_done(ix);
}

int postgres_introspect_triggers(struct postgres_introspection *ix) {
  return postgres_introspect_query(ix, triggers_sql, read_trigger);
}
