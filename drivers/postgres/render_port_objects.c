/*
 * render_port_objects.c - what a port creates after the data: keys and
 * checks, indexes, identity counters, foreign keys, views, triggers and
 * comments.  Each object's name, and whether it is written at all, come
 * from functions that the down (render_port_drop.c) asks too.
 *
 * Foreign keys are added NOT VALID and then validated, so the check of
 * existing rows takes no lock that stops writes.  The source's triggers
 * and routines are never translated, only listed with their source; ON
 * UPDATE CURRENT_TIMESTAMP columns become one trigger per table.  Checks,
 * index expressions and views are portable text (render_port_expr.c).
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

static void start_alter(struct port_render *p, const struct strata_table *t,
                        const char *constraint) {
  char table[PORT_NAME_MAX];
  postgres_sql_alter_table_add(&p->base.sql,
                               port_table_name(p, t->name, table));
  postgres_sql_constraint_name(&p->base.sql, constraint);
}

/* ---- keys and checks ----------------------------------------------------- */

int port_key_written(const struct strata_table *t, const struct strata_key *k) {
  return columns_supported(t, k->columns, k->column_count);
}

static int render_key(struct port_render *p, const struct strata_table *t,
                      const struct strata_key *k, const char *what) {
  char name[PORT_NAME_MAX], object[2 * PORT_NAME_MAX];
  int primary = strcmp(what, "primary key") == 0;
  snprintf(object, sizeof object, "%s %s.%s", what, t->name,
           primary ? "PRIMARY" : port_unique_name(p, t, k, name));
  if (!port_key_written(t, k)) {
    port_note(p, STRATA_NOTE_UNSUPPORTED, NULL, object,
              "left out: one of its columns is");
    return 0;
  }
  start_alter(p, t,
              primary ? port_index_name(p, t, NULL, name)
                      : port_unique_name(p, t, k, name));
  postgres_sql_add(&p->base.sql, primary ? "PRIMARY KEY " : "UNIQUE ");
  port_add_columns(p, t, k->columns, k->column_count);
  return postgres_render_statement(&p->base);
}

static int render_check(struct port_render *p, const struct strata_table *t,
                        const struct strata_check *k) {
  char name[PORT_NAME_MAX];
  start_alter(p, t, port_check_name(p, t, k, name));
  postgres_sql_add(&p->base.sql, "CHECK (");
  port_expression(p, t, k->expression, &p->base.sql);
  postgres_sql_add(&p->base.sql, ")");
  return postgres_render_statement(&p->base);
}

const char *port_type_check_name(struct port_render *p,
                                 const struct strata_table *t,
                                 const struct strata_column *c, char *buf) {
  struct postgres_sql scratch = {0};
  int needed = port_type_check(p, t, c, &scratch);
  postgres_sql_release(&scratch);
  return needed ? port_column_object_name(p, t, c, "_check", buf) : NULL;
}

static int render_type_check(struct port_render *p,
                             const struct strata_table *t,
                             const struct strata_column *c) {
  struct postgres_sql expr = {0};
  char name[PORT_NAME_MAX];
  int rc = 0;
  if (port_type_check(p, t, c, &expr)) {
    start_alter(p, t, port_column_object_name(p, t, c, "_check", name));
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

/* Whether the port can write a key part: a column it ports, or an
 * expression (which the core carried in portable text, or left the index
 * out). */
static int part_written(const struct strata_table *t,
                        const struct strata_index_part *part) {
  if (part->column != NULL) {
    const struct strata_column *c = find_column(t, part->column);
    return c != NULL && port_column_supported(c);
  }
  return 1;
}

int port_index_written(struct port_render *p, const struct strata_table *t,
                       const struct strata_index *ix, const char *object) {
  int fulltext = strcmp(ix->method, "fulltext") == 0;
  const char *why = NULL;
  if (strcmp(ix->method, "spatial") == 0)
    why = "SPATIAL index left out";
  for (size_t i = 0; why == NULL && i < ix->part_count; i++) {
    if (fulltext && ix->parts[i]->column == NULL)
      why = "left out: a part of it is not a column";
    else if (!fulltext && !part_written(t, ix->parts[i]))
      why = "left out: a part of it does not translate";
  }
  if (why != NULL && object != NULL)
    port_note(p, STRATA_NOTE_UNSUPPORTED, NULL, object, "%s", why);
  return why == NULL;
}

/* Writes one key part, which port_index_written() found can be. */
static void add_index_part(struct port_render *p, const struct strata_table *t,
                           const struct strata_index *ix,
                           const struct strata_index_part *part,
                           const char *object) {
  if (part->column == NULL) {
    postgres_sql_add(&p->base.sql, "(");
    port_expression(p, t, part->expression, &p->base.sql);
    postgres_sql_add(&p->base.sql, ")");
  } else if (part->prefix_length > 0) {
    add_prefix_part(p, t, ix, find_column(t, part->column), part, object);
  } else {
    port_add_column(p, t, part->column);
  }
  if (part->descending)
    postgres_sql_add(&p->base.sql, " DESC");
}

const char *port_index_name_of(const struct port_render *p,
                               const struct strata_table *t,
                               const struct strata_index *ix, char *buf) {
  return port_index_name(
      p, t, ix->flags & STRATA_INDEX_PRIMARY ? NULL : ix->name, buf);
}

static void start_index(struct port_render *p, const struct strata_table *t,
                        const struct strata_index *ix, const char *method) {
  char name[PORT_NAME_MAX];
  postgres_sql_add(&p->base.sql, ix->flags & STRATA_INDEX_UNIQUE
                                     ? "CREATE UNIQUE INDEX "
                                     : "CREATE INDEX ");
  postgres_sql_ident(&p->base.sql, port_index_name_of(p, t, ix, name));
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
    add_index_part(p, t, ix, ix->parts[i], object);
  }
  postgres_sql_add(&p->base.sql, ")");
  if (ix->predicate != NULL) {
    postgres_sql_add(&p->base.sql, " WHERE ");
    port_expression(p, t, ix->predicate, &p->base.sql);
  }
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
  if (!port_index_written(p, t, ix, object))
    return 0;
  if (strcmp(ix->method, "fulltext") == 0)
    return render_fulltext(p, t, ix, object);
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

/* ---- identity counters --------------------------------------------------- */

/* pg_get_serial_sequence() reads its first argument as SQL, quotes and
 * all, and takes the second as the column's name itself. */
static void add_serial_sequence(struct port_render *p, const char *table,
                                const char *column) {
  struct postgres_sql *sql = &p->base.sql, quoted = {0};
  postgres_sql_ident(&quoted, table);
  if (quoted.out_of_memory)
    sql->out_of_memory = 1;
  postgres_sql_add(sql, "pg_catalog.pg_get_serial_sequence(");
  postgres_sql_literal(sql, quoted.data ? quoted.data : "");
  postgres_sql_add(sql, ", ");
  postgres_sql_literal(sql, column);
  postgres_sql_add(sql, ")");
  postgres_sql_release(&quoted);
}

/* The identity goes on past both the largest value loaded and the
 * source's counter, which stays above the largest when the last rows were
 * deleted; and at 1 at least, whatever negative values the column holds. */
static int render_identity(struct port_render *p, const struct strata_table *t,
                           const struct strata_column *c) {
  struct postgres_sql *sql = &p->base.sql;
  char table[PORT_NAME_MAX], column[PORT_NAME_MAX];
  long long counter = t->next_auto_increment > 1 ? t->next_auto_increment : 1;
  port_table_name(p, t->name, table);
  port_column_name(p, t, c->name, column);
  postgres_sql_add(sql, "SELECT pg_catalog.setval(");
  add_serial_sequence(p, table, column);
  postgres_sql_add(sql, ",\n  GREATEST(COALESCE(max(");
  postgres_sql_ident(sql, column);
  postgres_sql_addf(sql, "), 0) + 1, %lld), false)\nFROM ", counter);
  postgres_sql_ident(sql, table);
  return postgres_render_statement(&p->base);
}

int port_render_identity(struct port_render *p) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < p->base.schema->table_count; i++) {
    const struct strata_table *t = p->base.schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->column_count; j++) {
      const struct strata_column *c = t->columns[j];
      if (port_column_is_identity(p, t, c) && port_column_supported(c))
        rc = render_identity(p, t, c);
    }
  }
  return rc;
}

/* ---- foreign keys -------------------------------------------------------- */

/* The table a foreign key references, or NULL (and a note, when asked
 * for) when it is not ported. */
static const struct strata_table *
referenced(struct port_render *p, const struct strata_table *t,
           const struct strata_foreign_key *fk, int with_note) {
  const struct strata_table *ref = port_find_table(p, fk->ref_table);
  char object[2 * PORT_NAME_MAX];
  char name[PORT_NAME_MAX];
  snprintf(object, sizeof object, "foreign key %s.%s", t->name,
           port_foreign_key_name(p, t, fk, name));
  if (ref == NULL && with_note)
    port_note(p, STRATA_NOTE_UNSUPPORTED, NULL, object,
              "left out: it references table %s, which is not ported",
              fk->ref_table);
  return ref;
}

static int render_foreign_key(struct port_render *p,
                              const struct strata_table *t,
                              const struct strata_foreign_key *fk) {
  const struct strata_table *ref = referenced(p, t, fk, 1);
  char name[PORT_NAME_MAX];
  if (ref == NULL)
    return 0;
  start_alter(p, t, port_foreign_key_name(p, t, fk, name));
  postgres_sql_add(&p->base.sql, "FOREIGN KEY ");
  port_add_columns(p, t, fk->columns, fk->column_count);
  postgres_sql_add(&p->base.sql, " REFERENCES ");
  port_add_table(p, ref->name);
  postgres_sql_add(&p->base.sql, " ");
  port_add_columns(p, ref, fk->ref_columns, fk->ref_column_count);
  postgres_sql_fk_actions(&p->base.sql, fk);
  postgres_sql_add(&p->base.sql, " NOT VALID");
  return postgres_render_statement(&p->base);
}

static int render_validation(struct port_render *p,
                             const struct strata_table *t,
                             const struct strata_foreign_key *fk) {
  char name[PORT_NAME_MAX];
  if (referenced(p, t, fk, 0) == NULL)
    return 0;
  postgres_sql_add(&p->base.sql, "ALTER TABLE ");
  port_add_table(p, t->name);
  postgres_sql_add(&p->base.sql, " VALIDATE CONSTRAINT ");
  postgres_sql_ident(&p->base.sql, port_foreign_key_name(p, t, fk, name));
  return postgres_render_statement(&p->base);
}

/* "c.a = p.x AND c.b = p.y", or with a glue of " AND " and no parent,
 * "c.a IS NOT NULL AND ...": a row with a NULL in its key has no parent
 * to miss (MATCH SIMPLE). */
static void add_key_terms(struct port_render *p, const struct strata_table *t,
                          const struct strata_table *ref,
                          const struct strata_foreign_key *fk) {
  char name[PORT_NAME_MAX];
  for (size_t i = 0; i < fk->column_count; i++) {
    postgres_sql_add(&p->base.sql, i > 0 ? " AND c." : "c.");
    postgres_sql_ident(&p->base.sql,
                       port_column_name(p, t, fk->columns[i], name));
    if (ref == NULL) {
      postgres_sql_add(&p->base.sql, " IS NOT NULL");
      continue;
    }
    postgres_sql_add(&p->base.sql, " = p.");
    postgres_sql_ident(&p->base.sql,
                       port_column_name(p, ref, fk->ref_columns[i], name));
  }
}

static int render_orphans(struct port_render *p, const struct strata_table *t,
                          const struct strata_foreign_key *fk) {
  const struct strata_table *ref = referenced(p, t, fk, 0);
  if (ref == NULL)
    return 0;
  postgres_sql_add(&p->base.sql, "SELECT c.* FROM ");
  port_add_table(p, t->name);
  postgres_sql_add(&p->base.sql, " AS c WHERE ");
  add_key_terms(p, t, NULL, fk);
  postgres_sql_add(&p->base.sql, " AND NOT EXISTS (SELECT FROM ");
  port_add_table(p, ref->name);
  postgres_sql_add(&p->base.sql, " AS p WHERE ");
  add_key_terms(p, t, ref, fk);
  postgres_sql_add(&p->base.sql, ")");
  return postgres_render_statement(&p->base);
}

static int each_foreign_key(struct port_render *p,
                            int (*render)(struct port_render *,
                                          const struct strata_table *,
                                          const struct strata_foreign_key *)) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < p->base.schema->table_count; i++) {
    const struct strata_table *t = p->base.schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->foreign_key_count; j++)
      rc = render(p, t, t->foreign_keys[j]);
  }
  return rc;
}

int port_render_foreign_keys(struct port_render *p) {
  return each_foreign_key(p, render_foreign_key);
}

int port_render_validation(struct port_render *p) {
  return each_foreign_key(p, render_validation);
}

int port_render_orphans(struct port_render *p) {
  return each_foreign_key(p, render_orphans);
}

/* ---- views --------------------------------------------------------------- */

static int render_view(struct port_render *p, size_t i) {
  const struct strata_view *v = p->base.schema->views[i];
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

const char *port_on_update_function(const struct port_render *p,
                                    const struct strata_table *t, char *buf) {
  char table[PORT_NAME_MAX];
  size_t count = 0;
  for (size_t i = 0; i < t->column_count; i++)
    count += t->columns[i]->on_update != NULL;
  if (count == 0)
    return NULL;
  snprintf(buf, PORT_NAME_MAX, "%.150s_on_update",
           port_table_name(p, t->name, table));
  return port_fit_name(buf);
}

static int render_on_update(struct port_render *p,
                            const struct strata_table *t) {
  char name[PORT_NAME_MAX];
  if (port_on_update_function(p, t, name) == NULL)
    return 0;
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
    if (ix->comment != NULL && port_index_written(p, t, ix, NULL))
      rc = postgres_render_comment(&p->base, "INDEX", NULL,
                                   port_index_name_of(p, t, ix, name),
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
