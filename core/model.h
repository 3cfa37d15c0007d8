/*
 * model.h - building, ordering and releasing a struct strata_schema.
 */
#ifndef STRATA_CORE_MODEL_H
#define STRATA_CORE_MODEL_H

#include <strata/schema.h>
#include <strata/strata.h>

/* A new empty model; NULL when memory runs out. */
struct strata_schema *model_new(void);

/* The host services drivers use to grow a model (driver.h). */
void *model_append(struct strata_schema *schema, void *array, size_t *count,
                   size_t size);
int model_append_text(struct strata_schema *schema, void *array,
                      size_t *count, const char *text, size_t length);
const char *model_strndup(struct strata_schema *schema, const char *text,
                          size_t length);
struct strata_table *model_find_table(const struct strata_schema *schema,
                                      const char *name);
/* t's column named name, or NULL. */
struct strata_column *model_find_column(const struct strata_table *t,
                                        const char *name);

/* Whether text (a view's SELECT, NULL for none) mentions name as a whole
 * identifier, quoted or not, in any engine's quoting.  It may also match
 * the name inside a string or as another object's name. */
int model_mentions(const char *text, const char *name);

/* Whether column is one of the columns of t's primary key. */
int model_in_primary_key(const struct strata_table *t, const char *column);

/* Drops a table and everything on it (strata's own history tables). */
void model_remove_table(struct strata_schema *schema, const char *name);

/* Puts the model in its canonical order: every named object by name,
 * columns by position, views after the views they read. */
void model_sort(struct strata_schema *schema);

/* ---- the neutral form (model_neutral.c, neutral_expr.c) ---- */

/* Finishes the portable normal form of a model its driver's
 * neutral_form() rewrote (driver.h): one spelling for every type, default
 * and expression, unique indexes as unique keys, enums held as checks as
 * enums, engine-only text dropped; passes over the facts lacks names
 * (enum strata_neutral_lack) for both models compared.  Sets engine to
 * "portable".  0, or STRATA_ENOMEM. */
int model_neutral(struct strata_schema *schema, unsigned lacks);

/* The canonical portable text of an expression an engine printed: quoted
 * lower-case identifiers, upper-case keywords, parentheses around every
 * operation; text it cannot parse as its tokens one space apart.  NULL
 * when memory runs out (free() it). */
char *neutral_expression(const char *text);

/* A string literal's text from its value: 'it''s' from it's.  NULL when
 * memory runs out (free() it). */
char *neutral_quoted(const char *value);

/* strata_schema_diff() of two neutral forms: unique keys, checks and
 * foreign keys are matched by what they are, and their names compared
 * only where both have one. */
int model_diff_neutral(const struct strata_schema *a,
                       const struct strata_schema *b, strata_difference_fn each,
                       void *ctx);

#endif
