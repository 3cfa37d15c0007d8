/*
 * render_port_objects.c - what a port creates after the data: keys and
 * checks, indexes, foreign keys, views, triggers and comments.
 *
 * Foreign keys are added NOT VALID and then validated, so the check of
 * existing rows takes no lock that stops writes.  MySQL's triggers and
 * routines are never translated, only listed with their source; its
 * ON UPDATE CURRENT_TIMESTAMP columns become one trigger per table.
 */
#include "postgres.h"

#include <stdio.h>
#include <string.h>

/* Columns wider than this, in characters, cannot be indexed whole by a
 * btree (whose entries must fit a third of a page) once multi-byte. */
#define BTREE_SAFE_CHARS 2000

static const struct strata_column *find_column(const struct strata_table *t,
                                               const char *name) {
  for (size_t i = 0; i < t->column_count; i++)
    if (strcmp(t->columns[i]->name, name) == 0)
      return t->columns[i];
  return NULL;
}

static int columns_supported(const struct strata_table *t,
                             const char *const *names, size_t count) {
  for (size_t i = 0; i < count; i++) {
    const struct strata_column *c = find_column(t, names[i]);
    if (c == NULL || !port_column_supported(c))
      return 0;
  }
  return 1;
}

static const char *constraint_name(const struct port_render *p,
                                   const char *name, char *buf) {
  size_t n = 0;
  for (; name[n] != '\0' && n < PORT_NAME_MAX - 1; n++)
    buf[n] = !p->preserve_case && name[n] >= 'A' && name[n] <= 'Z'
                 ? (char)(name[n] - 'A' + 'a')
                 : name[n];
  buf[n] = '\0';
  return buf;
}

static void start_alter(struct port_render *p, const struct strata_table *t,
                        const char *constraint) {
  postgres_sql_add(&p->base.sql, "ALTER TABLE ");
  port_add_table(p, t->name);
  postgres_sql_add(&p->base.sql, "\n  ADD CONSTRAINT ");
  postgres_sql_ident(&p->base.sql, constraint);
  postgres_sql_add(&p->base.sql, " ");
}

/* ---- keys and checks ----------------------------------------------------- */

static int render_key(struct port_render *p, const struct strata_table *t,
                      const struct strata_key *k, const char *what) {
  char name[PORT_NAME_MAX], object[2 * PORT_NAME_MAX];
  snprintf(object, sizeof object, "%s %s.%s", what, t->name,
           k->name ? k->name : "PRIMARY");
  if (!columns_supported(t, k->columns, k->column_count)) {
    port_note(p, STRATA_NOTE_UNSUPPORTED, NULL, object,
              "left out: one of its columns is");
    return 0;
  }
  start_alter(p, t,
              port_index_name(p, t,
                              strcmp(what, "primary key") == 0 ? NULL : k->name,
                              name));
  postgres_sql_add(&p->base.sql, strcmp(what, "primary key") == 0
                                     ? "PRIMARY KEY "
                                     : "UNIQUE ");
  port_add_columns(p, t, k->columns, k->column_count);
  return postgres_render_statement(&p->base);
}

static int render_check(struct port_render *p, const struct strata_table *t,
                        const struct strata_check *k) {
  char name[PORT_NAME_MAX], object[2 * PORT_NAME_MAX];
  struct postgres_sql expr = {0};
  int rc = 0;
  snprintf(object, sizeof object, "check %s.%s", t->name, k->name);
  if (port_expression(p, t, k->expression, &expr) == 0) {
    start_alter(p, t, constraint_name(p, k->name, name));
    postgres_sql_addf(&p->base.sql, "CHECK (%s)", expr.data ? expr.data : "");
    rc = postgres_render_statement(&p->base);
  } else {
    port_note(p, STRATA_NOTE_HAND, k->expression, object,
              "does not translate: left out, port it by hand");
  }
  postgres_sql_release(&expr);
  return rc;
}

static int render_type_check(struct port_render *p,
                             const struct strata_table *t,
                             const struct strata_column *c) {
  struct postgres_sql expr = {0};
  char table[PORT_NAME_MAX], column[PORT_NAME_MAX], name[PORT_NAME_MAX];
  int rc = 0;
  if (port_type_check(p, t, c, &expr)) {
    snprintf(name, sizeof name, "%.150s_%.150s_check",
             port_table_name(p, t->name, table),
             port_column_name(p, t, c->name, column));
    start_alter(p, t, name);
    postgres_sql_addf(&p->base.sql, "CHECK (%s)", expr.data ? expr.data : "");
    rc = postgres_render_statement(&p->base);
  }
  postgres_sql_release(&expr);
  return rc;
}

static int render_table_keys(struct port_render *p,
                             const struct strata_table *t) {
  int rc = 0;
  if (t->primary_key != NULL)
    rc = render_key(p, t, t->primary_key, "primary key");
  for (size_t i = 0; rc == 0 && i < t->unique_count; i++)
    rc = render_key(p, t, t->uniques[i], "unique");
  for (size_t i = 0; rc == 0 && i < t->check_count; i++)
    rc = render_check(p, t, t->checks[i]);
  for (size_t i = 0; rc == 0 && i < t->column_count; i++)
    rc = render_type_check(p, t, t->columns[i]);
  return rc;
}

int port_render_keys(struct port_render *p) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < p->base.schema->table_count; i++)
    rc = render_table_keys(p, p->base.schema->tables[i]);
  return rc;
}

/* ---- indexes ------------------------------------------------------------- */

static int is_too_wide(const struct strata_column *c) {
  return c->type == STRATA_TYPE_TEXT || c->type == STRATA_TYPE_BLOB ||
         c->length > BTREE_SAFE_CHARS;
}

static int is_bytes(const struct strata_column *c) {
  return c->type == STRATA_TYPE_BINARY || c->type == STRATA_TYPE_VARBINARY ||
         c->type == STRATA_TYPE_BLOB;
}

/* col(50): the whole column when a btree can hold it, else its first 50
 * characters (bytes for binary). */
static void add_prefix_part(struct port_render *p, const struct strata_table *t,
                            const struct strata_index *ix,
                            const struct strata_column *c,
                            const struct strata_index_part *part,
                            const char *object) {
  struct postgres_sql *sql = &p->base.sql;
  if (!is_too_wide(c)) {
    port_add_column(p, t, c->name);
    port_note(p, STRATA_NOTE_APPROXIMATED, NULL, object,
              "prefix %s(%lld) becomes the whole column%s", c->name,
              part->prefix_length,
              ix->flags & STRATA_INDEX_UNIQUE
                  ? ": values unique in full but sharing the prefix are "
                    "now allowed"
                  : "");
    return;
  }
  postgres_sql_add(sql, is_bytes(c) ? "(substring(" : "(left(");
  port_add_column(p, t, c->name);
  postgres_sql_addf(sql, is_bytes(c) ? " from 1 for %lld))" : ", %lld))",
                    part->prefix_length);
  port_note(p, STRATA_NOTE_APPROXIMATED, NULL, object,
            "prefix %s(%lld) becomes an index on the expression %s(%s, "
            "%lld): queries must use it to use the index",
            c->name, part->prefix_length, is_bytes(c) ? "substring" : "left",
            c->name, part->prefix_length);
}

/* Writes one key part; -1 when it has no PostgreSQL form. */
static int add_index_part(struct port_render *p, const struct strata_table *t,
                          const struct strata_index *ix,
                          const struct strata_index_part *part,
                          const char *object) {
  const struct strata_column *c =
      part->column ? find_column(t, part->column) : NULL;
  if (part->column == NULL) {
    postgres_sql_add(&p->base.sql, "(");
    if (port_expression(p, t, part->expression, &p->base.sql) != 0)
      return -1;
    postgres_sql_add(&p->base.sql, ")");
  } else if (c == NULL || !port_column_supported(c)) {
    return -1;
  } else if (part->prefix_length > 0) {
    add_prefix_part(p, t, ix, c, part, object);
  } else {
    port_add_column(p, t, part->column);
  }
  if (part->descending)
    postgres_sql_add(&p->base.sql, " DESC");
  return 0;
}

static void start_index(struct port_render *p, const struct strata_table *t,
                        const struct strata_index *ix, const char *method) {
  char name[PORT_NAME_MAX];
  const char *own = ix->flags & STRATA_INDEX_PRIMARY ? NULL : ix->name;
  postgres_sql_add(&p->base.sql, ix->flags & STRATA_INDEX_UNIQUE
                                     ? "CREATE UNIQUE INDEX "
                                     : "CREATE INDEX ");
  postgres_sql_ident(&p->base.sql, port_index_name(p, t, own, name));
  postgres_sql_add(&p->base.sql, " ON ");
  port_add_table(p, t->name);
  postgres_sql_addf(&p->base.sql, " USING %s (", method);
}

static int render_btree(struct port_render *p, const struct strata_table *t,
                        const struct strata_index *ix, const char *object) {
  start_index(p, t, ix, "btree");
  for (size_t i = 0; i < ix->part_count; i++) {
    if (i > 0)
      postgres_sql_add(&p->base.sql, ", ");
    if (add_index_part(p, t, ix, ix->parts[i], object) != 0) {
      p->base.sql.length = 0;
      port_note(p, STRATA_NOTE_UNSUPPORTED, ix->definition, object,
                "left out: a part of it does not translate");
      return 0;
    }
  }
  postgres_sql_add(&p->base.sql, ")");
  if (strcmp(ix->method, "btree") != 0)
    port_note(p, STRATA_NOTE_APPROXIMATED, NULL, object,
              "%s index becomes btree", ix->method);
  return postgres_render_statement(&p->base);
}

/* FULLTEXT (a, b) as a GIN index on the words of a and b together. */
static int render_fulltext(struct port_render *p, const struct strata_table *t,
                           const struct strata_index *ix, const char *object) {
  start_index(p, t, ix, "gin");
  postgres_sql_add(&p->base.sql, "to_tsvector('simple', ");
  for (size_t i = 0; i < ix->part_count; i++) {
    if (ix->parts[i]->column == NULL) {
      p->base.sql.length = 0;
      port_note(p, STRATA_NOTE_UNSUPPORTED, NULL, object,
                "left out: a part of it is not a column");
      return 0;
    }
    if (i > 0)
      postgres_sql_add(&p->base.sql, " || ' ' || ");
    postgres_sql_add(&p->base.sql, "coalesce(");
    port_add_column(p, t, ix->parts[i]->column);
    postgres_sql_add(&p->base.sql, ", '')");
  }
  postgres_sql_add(&p->base.sql, "))");
  port_note(p, STRATA_NOTE_APPROXIMATED, NULL, object,
            "FULLTEXT becomes a GIN index on to_tsvector('simple', ...): "
            "MATCH ... AGAINST queries must be rewritten to use it");
  return postgres_render_statement(&p->base);
}

static int render_index(struct port_render *p, const struct strata_table *t,
                        const struct strata_index *ix) {
  char object[2 * PORT_NAME_MAX];
  snprintf(object, sizeof object, "index %s.%s", t->name, ix->name);
  if (strcmp(ix->method, "fulltext") == 0)
    return render_fulltext(p, t, ix, object);
  if (strcmp(ix->method, "spatial") == 0) {
    port_note(p, STRATA_NOTE_UNSUPPORTED, NULL, object,
              "SPATIAL index left out");
    return 0;
  }
  return render_btree(p, t, ix, object);
}

int port_render_indexes(struct port_render *p) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < p->base.schema->table_count; i++) {
    const struct strata_table *t = p->base.schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->index_count; j++)
      rc = render_index(p, t, t->indexes[j]);
  }
  return rc;
}

/* ---- foreign keys -------------------------------------------------------- */

static void add_rule(struct postgres_sql *sql, const char *event,
                     const char *rule) {
  if (rule != NULL && strcmp(rule, "NO ACTION") != 0)
    postgres_sql_addf(sql, " ON %s %s", event, rule);
}

static int render_foreign_key(struct port_render *p,
                              const struct strata_table *t,
                              const struct strata_foreign_key *fk) {
  const struct strata_table *ref = port_find_table(p, fk->ref_table);
  char name[PORT_NAME_MAX], object[2 * PORT_NAME_MAX];
  snprintf(object, sizeof object, "foreign key %s.%s", t->name, fk->name);
  if (ref == NULL) {
    port_note(p, STRATA_NOTE_UNSUPPORTED, NULL, object,
              "left out: it references table %s, which is not ported",
              fk->ref_table);
    return 0;
  }
  constraint_name(p, fk->name, name);
  start_alter(p, t, name);
  postgres_sql_add(&p->base.sql, "FOREIGN KEY ");
  port_add_columns(p, t, fk->columns, fk->column_count);
  postgres_sql_add(&p->base.sql, " REFERENCES ");
  port_add_table(p, ref->name);
  postgres_sql_add(&p->base.sql, " ");
  port_add_columns(p, ref, fk->ref_columns, fk->ref_column_count);
  add_rule(&p->base.sql, "UPDATE", fk->on_update);
  add_rule(&p->base.sql, "DELETE", fk->on_delete);
  postgres_sql_add(&p->base.sql, " NOT VALID");
  int rc = postgres_render_statement(&p->base);
  if (rc != 0)
    return rc;
  postgres_sql_add(&p->base.sql, "ALTER TABLE ");
  port_add_table(p, t->name);
  postgres_sql_add(&p->base.sql, " VALIDATE CONSTRAINT ");
  postgres_sql_ident(&p->base.sql, name);
  return postgres_render_statement(&p->base);
}

int port_render_foreign_keys(struct port_render *p) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < p->base.schema->table_count; i++) {
    const struct strata_table *t = p->base.schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->foreign_key_count; j++)
      rc = render_foreign_key(p, t, t->foreign_keys[j]);
  }
  return rc;
}

/* ---- views --------------------------------------------------------------- */

static int render_view(struct port_render *p, size_t i) {
  const struct strata_view *v = p->base.schema->views[i];
  char object[PORT_NAME_MAX + 8];
  snprintf(object, sizeof object, "view %s", v->name);
  if (!p->view_ok[i]) {
    port_note(p, STRATA_NOTE_HAND, v->definition, object,
              "its SELECT uses MySQL-only syntax: port it by hand");
    return 0;
  }
  postgres_sql_add(&p->base.sql, "CREATE VIEW ");
  port_add_table(p, v->name);
  postgres_sql_add(&p->base.sql, " AS\n");
  port_expression(p, NULL, v->definition, &p->base.sql);
  return postgres_render_statement(&p->base);
}

int port_render_views(struct port_render *p) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < p->base.schema->view_count; i++)
    rc = render_view(p, i);
  return rc;
}

/* ---- triggers ------------------------------------------------------------ */

/* MySQL sets an ON UPDATE column when an update changes the row and does
 * not set the column itself; the trigger does the same. */
static void add_on_update_body(struct port_render *p,
                               const struct strata_table *t) {
  struct postgres_sql *sql = &p->base.sql;
  postgres_sql_add(sql, "BEGIN\n");
  for (size_t i = 0; i < t->column_count; i++) {
    const struct strata_column *c = t->columns[i];
    char name[PORT_NAME_MAX];
    if (c->on_update == NULL || !port_column_supported(c))
      continue;
    port_column_name(p, t, c->name, name);
    postgres_sql_add(sql, "  IF NEW IS DISTINCT FROM OLD AND NEW.");
    postgres_sql_ident(sql, name);
    postgres_sql_add(sql, " IS NOT DISTINCT FROM OLD.");
    postgres_sql_ident(sql, name);
    postgres_sql_add(sql, " THEN\n    NEW.");
    postgres_sql_ident(sql, name);
    postgres_sql_add(sql, " := CURRENT_TIMESTAMP;\n  END IF;\n");
  }
  postgres_sql_add(sql, "  RETURN NEW;\nEND\n");
}

static int render_on_update(struct port_render *p,
                            const struct strata_table *t) {
  char table[PORT_NAME_MAX], name[PORT_NAME_MAX];
  size_t count = 0;
  for (size_t i = 0; i < t->column_count; i++)
    count += t->columns[i]->on_update != NULL;
  if (count == 0)
    return 0;
  snprintf(name, sizeof name, "%.150s_on_update",
           port_table_name(p, t->name, table));
  postgres_sql_add(&p->base.sql, "CREATE FUNCTION ");
  postgres_sql_ident(&p->base.sql, name);
  postgres_sql_add(&p->base.sql,
                   "() RETURNS trigger LANGUAGE plpgsql AS $function$\n");
  add_on_update_body(p, t);
  postgres_sql_add(&p->base.sql, "$function$");
  int rc = postgres_render_statement(&p->base);
  if (rc != 0)
    return rc;
  postgres_sql_add(&p->base.sql, "CREATE TRIGGER ");
  postgres_sql_ident(&p->base.sql, name);
  postgres_sql_add(&p->base.sql, " BEFORE UPDATE ON ");
  port_add_table(p, t->name);
  postgres_sql_add(&p->base.sql, " FOR EACH ROW EXECUTE FUNCTION ");
  postgres_sql_ident(&p->base.sql, name);
  postgres_sql_add(&p->base.sql, "()");
  return postgres_render_statement(&p->base);
}

static void note_triggers(struct port_render *p, const struct strata_table *t) {
  for (size_t i = 0; i < t->trigger_count; i++) {
    const struct strata_trigger *tr = t->triggers[i];
    char object[2 * PORT_NAME_MAX];
    snprintf(object, sizeof object, "trigger %s.%s", t->name, tr->name);
    port_note(p, STRATA_NOTE_HAND, tr->definition, object,
              "not translated: port it by hand");
  }
}

int port_render_triggers(struct port_render *p) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < p->base.schema->table_count; i++) {
    const struct strata_table *t = p->base.schema->tables[i];
    rc = render_on_update(p, t);
    note_triggers(p, t);
  }
  return rc;
}

/* ---- comments ------------------------------------------------------------ */

static int render_comments_of(struct port_render *p,
                              const struct strata_table *t) {
  char table[PORT_NAME_MAX], name[PORT_NAME_MAX];
  int rc = 0;
  port_table_name(p, t->name, table);
  if (t->comment != NULL)
    rc = postgres_render_comment(&p->base, "TABLE", NULL, table, t->comment);
  for (size_t i = 0; rc == 0 && i < t->column_count; i++) {
    const struct strata_column *c = t->columns[i];
    if (c->comment != NULL && port_column_supported(c))
      rc = postgres_render_comment(&p->base, "COLUMN", table,
                                   port_column_name(p, t, c->name, name),
                                   c->comment);
  }
  for (size_t i = 0; rc == 0 && i < t->index_count; i++) {
    const struct strata_index *ix = t->indexes[i];
    if (ix->comment != NULL && strcmp(ix->method, "spatial") != 0)
      rc = postgres_render_comment(&p->base, "INDEX", NULL,
                                   port_index_name(p, t, ix->name, name),
                                   ix->comment);
  }
  return rc;
}

int port_render_comments(struct port_render *p) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < p->base.schema->table_count; i++)
    rc = render_comments_of(p, p->base.schema->tables[i]);
  return rc;
}
