/*
 * render_table.c - a table as MySQL DDL: CREATE TABLE, and the ALTER TABLE
 * statements that add its keys, indexes, foreign keys and comments when
 * they are asked for apart from it.
 *
 * Everything is written from the engine's own text in the model
 * (type_text, default_expr, expressions), which introspect*.c made such
 * that the server takes it back unchanged.
 */
#include <stdio.h>
#include <string.h>

#include "mysqldrv.h"

/* The optional parts of a column's definition. */
enum column_part {
  PART_IDENTITY = 1u << 0, /* AUTO_INCREMENT */
  PART_COMMENT = 1u << 1
};

static void put_ident_list(struct mysqldrv_text *t, const char *const *names,
                           size_t count) {
  mysqldrv_text_puts(t, "(");
  for (size_t i = 0; i < count; i++) {
    if (i > 0)
      mysqldrv_text_puts(t, ", ");
    mysqldrv_text_ident(t, names[i]);
  }
  mysqldrv_text_puts(t, ")");
}

static void put_generated(struct mysqldrv_text *t,
                          const struct strata_column *c) {
  mysqldrv_text_puts(t, " GENERATED ALWAYS AS (");
  mysqldrv_text_puts(t, c->generated_expr);
  mysqldrv_text_puts(
      t, c->flags & STRATA_COLUMN_GENERATED_STORED ? ") STORED" : ") VIRTUAL");
}

/* NOT NULL, or NULL where the server would otherwise assume NOT NULL: a
 * TIMESTAMP without explicit_defaults_for_timestamp. */
static void put_nullability(struct mysqldrv_text *t,
                            const struct strata_column *c) {
  if (c->flags & STRATA_COLUMN_NOT_NULL)
    mysqldrv_text_puts(t, " NOT NULL");
  else if (c->type == STRATA_TYPE_TIMESTAMPTZ)
    mysqldrv_text_puts(t, " NULL");
}

/* One column's definition, with the parts of what, without a
 * terminator. */
static void put_column(struct mysqldrv_text *t, const struct strata_column *c,
                       unsigned what) {
  mysqldrv_text_ident(t, c->name);
  mysqldrv_text_puts(t, " ");
  mysqldrv_text_puts(t, c->type_text);
  if (c->collation != NULL) {
    mysqldrv_text_puts(t, " COLLATE ");
    mysqldrv_text_puts(t, c->collation);
  }
  if (c->generated_expr != NULL)
    put_generated(t, c);
  put_nullability(t, c);
  if (c->default_expr != NULL && c->generated_expr == NULL) {
    mysqldrv_text_puts(t, " DEFAULT ");
    mysqldrv_text_puts(t, c->default_expr);
  }
  if (c->on_update != NULL) {
    mysqldrv_text_puts(t, " ON UPDATE ");
    mysqldrv_text_puts(t, c->on_update);
  }
  if ((what & PART_IDENTITY) && (c->flags & STRATA_COLUMN_IDENTITY))
    mysqldrv_text_puts(t, " AUTO_INCREMENT");
  if ((what & PART_COMMENT) && c->comment != NULL) {
    mysqldrv_text_puts(t, " COMMENT ");
    mysqldrv_text_literal(t, c->comment);
  }
}

void mysqldrv_render_column(struct mysqldrv_text *t,
                            const struct strata_column *c) {
  put_column(t, c, PART_IDENTITY | PART_COMMENT);
}

static void put_part(struct mysqldrv_text *t,
                     const struct strata_index_part *p) {
  char prefix[32];
  if (p->column != NULL) {
    mysqldrv_text_ident(t, p->column);
  } else {
    mysqldrv_text_puts(t, "(");
    mysqldrv_text_puts(t, p->expression ? p->expression : "");
    mysqldrv_text_puts(t, ")");
  }
  if (p->prefix_length > 0) {
    snprintf(prefix, sizeof prefix, "(%lld)", p->prefix_length);
    mysqldrv_text_puts(t, prefix);
  }
  if (p->descending)
    mysqldrv_text_puts(t, " DESC");
}

/* PRIMARY KEY (...), UNIQUE KEY `u` (...), FULLTEXT KEY `f` (...) ... */
static void put_index(struct mysqldrv_text *t, const struct strata_index *ix) {
  const char *m = ix->method ? ix->method : "btree";
  if (ix->flags & STRATA_INDEX_PRIMARY) {
    mysqldrv_text_puts(t, "PRIMARY KEY ");
  } else {
    if (ix->flags & STRATA_INDEX_UNIQUE)
      mysqldrv_text_puts(t, "UNIQUE ");
    else if (strcmp(m, "fulltext") == 0)
      mysqldrv_text_puts(t, "FULLTEXT ");
    else if (strcmp(m, "spatial") == 0)
      mysqldrv_text_puts(t, "SPATIAL ");
    mysqldrv_text_puts(t, "KEY ");
    mysqldrv_text_ident(t, ix->name);
    mysqldrv_text_puts(t, " ");
  }
  mysqldrv_text_puts(t, "(");
  for (size_t i = 0; i < ix->part_count; i++) {
    if (i > 0)
      mysqldrv_text_puts(t, ", ");
    put_part(t, ix->parts[i]);
  }
  mysqldrv_text_puts(t, ")");
  if (strcmp(m, "hash") == 0)
    mysqldrv_text_puts(t, " USING HASH");
  if (ix->comment != NULL) {
    mysqldrv_text_puts(t, " COMMENT ");
    mysqldrv_text_literal(t, ix->comment);
  }
}

static void put_key(struct mysqldrv_text *t, const struct strata_key *k,
                    int primary) {
  if (primary) {
    mysqldrv_text_puts(t, "PRIMARY KEY ");
  } else {
    mysqldrv_text_puts(t, "UNIQUE KEY ");
    mysqldrv_text_ident(t, k->name);
    mysqldrv_text_puts(t, " ");
  }
  put_ident_list(t, k->columns, k->column_count);
}

static void put_check(struct mysqldrv_text *t, const struct strata_check *k) {
  mysqldrv_text_puts(t, "CONSTRAINT ");
  mysqldrv_text_ident(t, k->name);
  mysqldrv_text_puts(t, " CHECK (");
  mysqldrv_text_puts(t, k->expression);
  mysqldrv_text_puts(t, ")");
}

/* Starts an item of a comma-separated list of lines. */
static void next_item(struct mysqldrv_text *t, int *count, const char *lead) {
  mysqldrv_text_puts(t, (*count)++ ? ",\n" : "");
  mysqldrv_text_puts(t, lead);
}

/* The primary key, unique keys and checks, each line starting with lead. */
static void put_keys(struct mysqldrv_text *t, const struct strata_table *tb,
                     const char *lead, int *count) {
  if (tb->primary_key != NULL) {
    next_item(t, count, lead);
    put_key(t, tb->primary_key, 1);
  }
  for (size_t i = 0; i < tb->index_count; i++)
    if (tb->indexes[i]->flags & STRATA_INDEX_PRIMARY) {
      next_item(t, count, lead);
      put_index(t, tb->indexes[i]);
    }
  for (size_t i = 0; i < tb->unique_count; i++) {
    next_item(t, count, lead);
    put_key(t, tb->uniques[i], 0);
  }
}

static void put_checks(struct mysqldrv_text *t, const struct strata_table *tb,
                       const char *lead, int *count) {
  for (size_t i = 0; i < tb->check_count; i++) {
    next_item(t, count, lead);
    put_check(t, tb->checks[i]);
  }
}

static void put_indexes(struct mysqldrv_text *t, const struct strata_table *tb,
                        int *count) {
  for (size_t i = 0; i < tb->index_count; i++)
    if (!(tb->indexes[i]->flags & STRATA_INDEX_PRIMARY)) {
      next_item(t, count, "  ");
      put_index(t, tb->indexes[i]);
    }
}

static void put_table_options(struct mysqldrv_text *t,
                              const struct strata_table *tb, unsigned parts) {
  if (tb->options != NULL) {
    mysqldrv_text_puts(t, " ");
    mysqldrv_text_puts(t, tb->options);
  }
  if ((parts & STRATA_RENDER_COMMENTS) && tb->comment != NULL) {
    mysqldrv_text_puts(t, " COMMENT=");
    mysqldrv_text_literal(t, tb->comment);
  }
}

/* AUTO_INCREMENT needs a key on its column, so it comes with the keys. */
void mysqldrv_render_create_table(struct mysqldrv_text *t,
                                  const struct strata_table *tb,
                                  unsigned parts) {
  unsigned what = 0;
  int count = 0;
  if (parts & STRATA_RENDER_KEYS)
    what |= PART_IDENTITY;
  if (parts & STRATA_RENDER_COMMENTS)
    what |= PART_COMMENT;
  mysqldrv_text_puts(t, "CREATE TABLE ");
  mysqldrv_text_ident(t, tb->name);
  mysqldrv_text_puts(t, " (\n");
  for (size_t i = 0; i < tb->column_count; i++) {
    next_item(t, &count, "  ");
    put_column(t, tb->columns[i], what);
  }
  if (parts & STRATA_RENDER_KEYS)
    put_keys(t, tb, "  ", &count);
  if (parts & STRATA_RENDER_INDEXES)
    put_indexes(t, tb, &count);
  if (parts & STRATA_RENDER_KEYS)
    put_checks(t, tb, "  ", &count);
  mysqldrv_text_puts(t, "\n)");
  put_table_options(t, tb, parts);
  mysqldrv_text_puts(t, ";\n");
}

static void alter_table(struct mysqldrv_text *t,
                        const struct strata_table *tb) {
  mysqldrv_text_puts(t, "ALTER TABLE ");
  mysqldrv_text_ident(t, tb->name);
}

/* ALTER TABLE adding the keys and checks of a table created without them,
 * and then AUTO_INCREMENT; nothing when it has none. */
void mysqldrv_render_add_keys(struct mysqldrv_text *t,
                              const struct strata_table *tb) {
  struct mysqldrv_text items = {0};
  int count = 0;
  put_keys(&items, tb, "  ADD ", &count);
  put_checks(&items, tb, "  ADD ", &count);
  for (size_t i = 0; i < tb->column_count; i++)
    if (tb->columns[i]->flags & STRATA_COLUMN_IDENTITY) {
      next_item(&items, &count, "  MODIFY ");
      put_column(&items, tb->columns[i], PART_IDENTITY);
    }
  if (count > 0) {
    alter_table(t, tb);
    mysqldrv_text_puts(t, "\n");
    mysqldrv_text_puts(t, items.data);
    mysqldrv_text_puts(t, ";\n");
  }
  t->failed |= items.failed;
  mysqldrv_text_release(&items);
}

void mysqldrv_render_add_index(struct mysqldrv_text *t,
                               const struct strata_table *tb,
                               const struct strata_index *ix) {
  alter_table(t, tb);
  mysqldrv_text_puts(t, " ADD ");
  put_index(t, ix);
  mysqldrv_text_puts(t, ";\n");
}

/* RESTRICT and NO ACTION are the same to InnoDB and the default, which
 * MariaDB reports as RESTRICT and MySQL as NO ACTION: neither is written,
 * so both servers give the same dump. */
static void put_rule(struct mysqldrv_text *t, const char *event,
                     const char *rule) {
  if (rule == NULL || strcmp(rule, "RESTRICT") == 0 ||
      strcmp(rule, "NO ACTION") == 0)
    return;
  mysqldrv_text_puts(t, event);
  mysqldrv_text_puts(t, rule);
}

void mysqldrv_render_add_foreign_key(struct mysqldrv_text *t,
                                     const struct strata_table *tb,
                                     const struct strata_foreign_key *fk) {
  alter_table(t, tb);
  mysqldrv_text_puts(t, " ADD CONSTRAINT ");
  mysqldrv_text_ident(t, fk->name);
  mysqldrv_text_puts(t, " FOREIGN KEY ");
  put_ident_list(t, fk->columns, fk->column_count);
  mysqldrv_text_puts(t, " REFERENCES ");
  mysqldrv_text_ident(t, fk->ref_table);
  mysqldrv_text_puts(t, " ");
  put_ident_list(t, fk->ref_columns, fk->ref_column_count);
  put_rule(t, " ON DELETE ", fk->on_delete);
  put_rule(t, " ON UPDATE ", fk->on_update);
  mysqldrv_text_puts(t, ";\n");
}

/* The comment of a table created without comments; nothing when it has
 * none. */
void mysqldrv_render_table_comment(struct mysqldrv_text *t,
                                   const struct strata_table *tb) {
  if (tb->comment == NULL)
    return;
  alter_table(t, tb);
  mysqldrv_text_puts(t, " COMMENT=");
  mysqldrv_text_literal(t, tb->comment);
  mysqldrv_text_puts(t, ";\n");
}

/* A column's comment: MySQL sets one only by restating the whole column. */
void mysqldrv_render_column_comment(struct mysqldrv_text *t,
                                    const struct strata_table *tb,
                                    const struct strata_column *c) {
  if (c->comment == NULL)
    return;
  alter_table(t, tb);
  mysqldrv_text_puts(t, " MODIFY ");
  put_column(t, c, PART_IDENTITY | PART_COMMENT);
  mysqldrv_text_puts(t, ";\n");
}

void mysqldrv_render_create_view(struct mysqldrv_text *t,
                                 const struct strata_view *v) {
  mysqldrv_text_puts(t, "CREATE ");
  if (v->options != NULL) {
    mysqldrv_text_puts(t, v->options);
    mysqldrv_text_puts(t, " ");
  }
  mysqldrv_text_puts(t, "VIEW ");
  mysqldrv_text_ident(t, v->name);
  mysqldrv_text_puts(t, " AS ");
  mysqldrv_text_puts(t, v->definition);
  mysqldrv_text_puts(t, ";\n");
}

/* A delimiter that the definition does not contain. */
static const char *delimiter_for(const char *definition) {
  static const char *const candidates[] = {";;", "//", "$$", "@@strata@@"};
  size_t last = sizeof candidates / sizeof *candidates - 1;
  for (size_t i = 0; i < last; i++)
    if (strstr(definition, candidates[i]) == NULL)
      return candidates[i];
  return candidates[last];
}

/* What the program's settings change, kept in user variables before
 * them and put back after the program; the database's collation only
 * ALTER DATABASE changes, so its statement is made from the value kept. */
static const char keep_session[] =
    "SET @strata_sql_mode = @@SESSION.sql_mode, "
    "@strata_client = @@SESSION.character_set_client, "
    "@strata_connection = @@SESSION.collation_connection, "
    "@strata_database = CONCAT('ALTER DATABASE COLLATE ', "
    "@@collation_database);\n";
static const char restore_session[] =
    ";\nSET SESSION sql_mode = @strata_sql_mode, "
    "character_set_client = @strata_client, "
    "collation_connection = @strata_connection;\n"
    "PREPARE strata_database FROM @strata_database;\n"
    "EXECUTE strata_database;\n"
    "DEALLOCATE PREPARE strata_database";

void mysqldrv_render_stored_program(struct mysqldrv_text *t,
                                    const char *settings,
                                    const char *definition) {
  const char *delimiter = delimiter_for(definition);
  mysqldrv_text_puts(t, "DELIMITER ");
  mysqldrv_text_puts(t, delimiter);
  mysqldrv_text_puts(t, "\n");
  if (settings != NULL) {
    mysqldrv_text_puts(t, keep_session);
    mysqldrv_text_puts(t, settings);
  }
  mysqldrv_text_puts(t, definition);
  if (settings != NULL)
    mysqldrv_text_puts(t, restore_session);
  mysqldrv_text_puts(t, delimiter);
  mysqldrv_text_puts(t, "\nDELIMITER ;\n");
}
