/*
 * neutral.c - a MySQL/MariaDB model in portable terms (driver.h,
 * neutral_form): what the server made of a portable migration, undone.
 *
 * The portable types are written tinyint(1) (boolean), char(36) (uuid on
 * a server without one), and datetime and timestamp without a precision
 * mean no fractional seconds, the engine's default; the server names an
 * unnamed check CONSTRAINT_<n> and an unnamed foreign key
 * <table>_ibfk_<n>; InnoDB adds an index for a foreign key that has none,
 * named after the key or its first column; a check prints its strings
 * with backslash escapes and maybe a character set introducer.
 */
#include "mysqldrv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static void neutral_type(struct strata_column *c) {
  if (c->type == STRATA_TYPE_TINYINT && c->length == 1 &&
      !(c->flags & STRATA_COLUMN_UNSIGNED))
    c->type = STRATA_TYPE_BOOLEAN;
  else if (c->type == STRATA_TYPE_CHAR && c->length == 36)
    c->type = STRATA_TYPE_UUID;
  if ((c->type == STRATA_TYPE_TIME || c->type == STRATA_TYPE_TIMESTAMP ||
       c->type == STRATA_TYPE_TIMESTAMPTZ) &&
      c->precision == 0)
    c->precision = -1;
}

/* ---- names and objects the server made up -------------------------------- */

/* Whether name is prefix followed by digits only. */
static int is_numbered(const char *name, const char *prefix) {
  size_t n = strlen(prefix);
  if (name == NULL || strncmp(name, prefix, n) != 0 || name[n] == '\0')
    return 0;
  for (const char *p = name + n; *p; p++)
    if (!isdigit((unsigned char)*p))
      return 0;
  return 1;
}

static void forget_made_up_names(struct strata_table *t) {
  size_t n = strlen(t->name);
  for (size_t i = 0; i < t->check_count; i++)
    if (is_numbered(t->checks[i]->name, "CONSTRAINT_"))
      t->checks[i]->name = NULL;
  for (size_t i = 0; i < t->foreign_key_count; i++) {
    const char *name = t->foreign_keys[i]->name;
    if (name != NULL && strncmp(name, t->name, n) == 0 &&
        is_numbered(name + n, "_ibfk_"))
      t->foreign_keys[i]->name = NULL;
  }
}

/* Whether ix is the index InnoDB added for fk: its columns, in order,
 * named after the key or (for an unnamed key) its first column. */
static int backs(const struct strata_index *ix,
                 const struct strata_foreign_key *fk) {
  if ((ix->flags & (STRATA_INDEX_UNIQUE | STRATA_INDEX_PRIMARY)) ||
      ix->part_count != fk->column_count || ix->predicate != NULL ||
      (strcmp(ix->name, fk->columns[0]) != 0 &&
       (fk->name == NULL || strcmp(ix->name, fk->name) != 0)))
    return 0;
  for (size_t i = 0; i < ix->part_count; i++)
    if (ix->parts[i]->column == NULL ||
        strcmp(ix->parts[i]->column, fk->columns[i]) != 0 ||
        ix->parts[i]->descending || ix->parts[i]->prefix_length > 0)
      return 0;
  return 1;
}

static void drop_foreign_key_indexes(struct strata_table *t) {
  size_t kept = 0;
  for (size_t i = 0; i < t->index_count; i++) {
    int added = 0;
    for (size_t j = 0; j < t->foreign_key_count && !added; j++)
      added = backs(t->indexes[i], t->foreign_keys[j]);
    if (!added)
      t->indexes[kept++] = t->indexes[i];
  }
  t->index_count = kept;
}

/* ---- expressions --------------------------------------------------------- */

/* Writes text with standard strings (no backslash escapes, no character
 * set introducer) into out, as long as text at least. */
static void standard_strings(const char *text, char *out) {
  for (const char *p = text; *p;) {
    if (*p == '_' && (p == text || !isalnum((unsigned char)p[-1]))) {
      const char *q = p + 1;
      while (isalnum((unsigned char)*q))
        q++;
      if (*q == '\'') {
        p = q;
        continue;
      }
    }
    if (*p != '\'') {
      *out++ = *p++;
      continue;
    }
    *out++ = *p++;
    for (; *p; p++) {
      if (*p == '\\' && p[1] != '\0') {
        p++;
        if (*p == '\'')
          *out++ = '\'';
      } else if (*p == '\'' && p[1] == '\'') {
        *out++ = *p++;
      } else if (*p == '\'') {
        break;
      }
      *out++ = *p;
    }
    if (*p == '\'')
      *out++ = *p++;
  }
  *out = '\0';
}

/* ---- the whole model ----------------------------------------------------- */

static int neutral_table(const struct strata_host *host,
                         struct strata_schema *schema, struct strata_table *t,
                         struct strata_error *err) {
  int rc = 0;
  forget_made_up_names(t);
  drop_foreign_key_indexes(t);
  for (size_t i = 0; i < t->column_count; i++) {
    struct strata_column *c = t->columns[i];
    neutral_type(c);
    if (c->default_kind == STRATA_DEFAULT_EXPRESSION)
      rc = rc ? rc
              : common_rewrite_text(host, schema, &c->default_expr,
                                    standard_strings, err);
    rc = rc ? rc
            : common_rewrite_text(host, schema, &c->generated_expr,
                                  standard_strings, err);
  }
  for (size_t i = 0; rc == 0 && i < t->check_count; i++)
    rc = common_rewrite_text(host, schema, &t->checks[i]->expression,
                             standard_strings, err);
  for (size_t i = 0; rc == 0 && i < t->index_count; i++)
    for (size_t j = 0; rc == 0 && j < t->indexes[i]->part_count; j++)
      rc = common_rewrite_text(host, schema,
                               &t->indexes[i]->parts[j]->expression,
                               standard_strings, err);
  return rc;
}

int mysqldrv_neutral_form(const struct strata_host *host,
                          struct strata_schema *schema, unsigned *lacks,
                          struct strata_error *err) {
  *lacks = STRATA_LACKS_RESTRICT | STRATA_LACKS_PARTIAL_INDEX;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < schema->table_count; i++)
    rc = neutral_table(host, schema, schema->tables[i], err);
  return rc;
}
