/*
 * port_mapping.c - the mapping a port runs with: the options it was given
 * and what it decided per column from the source's values, before the
 * target has a table.
 *
 * The schema alone cannot say whether a NOT NULL datetime holds zero
 * dates, a tinyint(1) holds 2, a time runs past 24 hours or an enum holds
 * MySQL's error value ''.  Mapped by the schema alone, each of those rows
 * would be rejected; so the source's driver counts them first, in one
 * read of each table that has such columns, and the model is changed
 * where the default mapping would lose rows: the column made nullable
 * (its zero dates become NULL), kept as smallint, made an interval, given
 * the label ''.  A zero-date default is a sign too: rows written after
 * the count would hold one.  A copy into the source's own engine needs
 * none of it.
 *
 * The options and the decisions are stored on the target, in
 * strata_port_settings, with the tables.  A run that goes on from a port
 * (--resume, --data-only, --verify-only) takes them back instead of
 * deciding again, so every run maps every value the same way.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "port.h"
#include "session.h"

const char port_settings_table[] = "strata_port_settings";

static const char *const choice_words[] = {"nullable", "smallint", "interval",
                                           "empty_label"};

static void note(struct port *p, const char *object, const char *message) {
  struct strata_note n = {
      .kind = STRATA_NOTE_CHANGED, .object = object, .message = message};
  if (p->opt->note != NULL)
    p->opt->note(p->opt->note_ctx, &n);
}

/* The value of a mapping option as the port runs with it, or NULL for
 * the driver's default. */
static const char *setting(const struct port *p, const char *key) {
  for (size_t i = 0; i < p->setting_count; i++)
    if (strcmp(p->settings[i].key, key) == 0)
      return p->settings[i].value;
  return NULL;
}

static int is_set(const struct port *p, const char *key, const char *value) {
  const char *v = setting(p, key);
  return v != NULL && strcmp(v, value) == 0;
}

/* ---- the model changed --------------------------------------------------- */

/* MySQL's error value sorts before every label (it is index 0). */
static int add_empty_label(struct strata_schema *schema,
                           struct strata_column *c) {
  if (model_append_text(schema, &c->labels, &c->label_count, "", 0) != 0)
    return -1;
  memmove(c->labels + 1, c->labels, (c->label_count - 1) * sizeof *c->labels);
  c->labels[0] = "";
  return 0;
}

static int apply(struct port *p, struct strata_column *c,
                 enum port_choice_kind kind) {
  switch (kind) {
  case PORT_CHOICE_NULLABLE:
    c->flags &= ~(unsigned)STRATA_COLUMN_NOT_NULL;
    break;
  /* Any display width but 1 is a plain tinyint, which becomes smallint. */
  case PORT_CHOICE_SMALLINT: c->length = 4; break;
  case PORT_CHOICE_INTERVAL: c->type = STRATA_TYPE_INTERVAL; break;
  case PORT_CHOICE_EMPTY_LABEL: return add_empty_label(p->schema, c);
  }
  return 0;
}

static int remember(struct port *p, const struct strata_table *t,
                    const struct strata_column *c, enum port_choice_kind kind) {
  struct port_choice *bigger =
      realloc(p->choices, (p->choice_count + 1) * sizeof *p->choices);
  if (bigger == NULL)
    return -1;
  p->choices = bigger;
  p->choices[p->choice_count++] = (struct port_choice){t->name, c->name, kind};
  return 0;
}

static void note_choice(struct port *p, const struct strata_table *t,
                        const struct strata_column *c,
                        enum port_choice_kind kind, unsigned long long rows) {
  char object[600], message[400], held[64];
  snprintf(object, sizeof object, "column %s.%s", t->name, c->name);
  snprintf(held, sizeof held, "%llu row%s", rows,
           rows == 1 ? " holds" : "s hold");
  switch (kind) {
  case PORT_CHOICE_NULLABLE:
    if (rows == 0)
      snprintf(message, sizeof message,
               "NOT NULL dropped: its default is the zero date '%s', which "
               "becomes NULL (on PostgreSQL, --zero-dates=infinity keeps NOT "
               "NULL and writes -infinity)",
               c->default_value);
    else
      snprintf(message, sizeof message,
               "NOT NULL dropped: %s a zero date, which becomes NULL (on "
               "PostgreSQL, --zero-dates=infinity keeps NOT NULL and writes "
               "-infinity)",
               held);
    break;
  case PORT_CHOICE_SMALLINT:
    snprintf(message, sizeof message,
             "%s stays a number, not a boolean: %s a value other than 0 "
             "and 1",
             c->type_text ? c->type_text : "tinyint(1)", held);
    break;
  case PORT_CHOICE_INTERVAL:
    snprintf(message, sizeof message,
             "time becomes an interval, not a time of day: %s a time "
             "outside 00:00:00..24:00:00",
             held);
    break;
  case PORT_CHOICE_EMPTY_LABEL:
    snprintf(message, sizeof message,
             "the enum gains the label '' (first): %s MySQL's error value ''",
             held);
    break;
  }
  note(p, object, message);
}

static int choose(struct port *p, struct strata_table *t,
                  struct strata_column *c, enum port_choice_kind kind,
                  unsigned long long rows, struct strata_error *err) {
  note_choice(p, t, c, kind, rows);
  if (remember(p, t, c, kind) != 0 || apply(p, c, kind) != 0)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  return 0;
}

/* ---- what to count ------------------------------------------------------- */

static int is_date(enum strata_type type) {
  return type == STRATA_TYPE_DATE || type == STRATA_TYPE_TIMESTAMP ||
         type == STRATA_TYPE_TIMESTAMPTZ;
}

static int has_label(const struct strata_column *c, const char *label) {
  for (size_t i = 0; i < c->label_count; i++)
    if (strcmp(c->labels[i], label) == 0)
      return 1;
  return 0;
}

/* 0000-00-00, 2022-11-00 ...: year, month or day 0. */
static int is_zero_date(const char *v) {
  size_t n = v ? strlen(v) : 0;
  return (n >= 4 && strncmp(v, "0000", 4) == 0) ||
         (n >= 7 && strncmp(v + 5, "00", 2) == 0) ||
         (n >= 10 && strncmp(v + 8, "00", 2) == 0);
}

/* Which value, if any, would make the column lose rows as the options
 * map it.  A key column cannot become nullable: its zero dates are
 * rejected, the reason naming --zero-dates=infinity.  A target whose time
 * type holds any time needs no count of them. */
static int value_to_count(const struct port *p, const struct strata_table *t,
                          const struct strata_column *c,
                          enum strata_value_kind *kind) {
  unsigned generated =
      STRATA_COLUMN_GENERATED_STORED | STRATA_COLUMN_GENERATED_VIRTUAL;
  unsigned target_caps = p->target.s->driver->capabilities;
  if (c->flags & generated)
    return 0;
  if (is_date(c->type) && (c->flags & STRATA_COLUMN_NOT_NULL) &&
      !model_in_primary_key(t, c->name) &&
      (setting(p, "zero_dates") == NULL || is_set(p, "zero_dates", "null")))
    *kind = STRATA_VALUES_ZERO_DATE;
  else if (c->type == STRATA_TYPE_TINYINT && c->length == 1 &&
           !is_set(p, "tinyint1", "smallint"))
    *kind = STRATA_VALUES_NOT_BIT;
  else if (c->type == STRATA_TYPE_TIME && !is_set(p, "time", "interval") &&
           !(target_caps & STRATA_CAP_PORT_ANY_TIME))
    *kind = STRATA_VALUES_BEYOND_DAY;
  else if (c->type == STRATA_TYPE_ENUM && !has_label(c, ""))
    *kind = STRATA_VALUES_EMPTY_ENUM;
  else
    return 0;
  return 1;
}

static enum port_choice_kind choice_for(enum strata_value_kind kind) {
  switch (kind) {
  case STRATA_VALUES_ZERO_DATE: return PORT_CHOICE_NULLABLE;
  case STRATA_VALUES_NOT_BIT: return PORT_CHOICE_SMALLINT;
  case STRATA_VALUES_BEYOND_DAY: return PORT_CHOICE_INTERVAL;
  case STRATA_VALUES_EMPTY_ENUM: break;
  }
  return PORT_CHOICE_EMPTY_LABEL;
}

/* Counts the table's awkward values and changes the columns that hold
 * some; counts[i] belongs to columns[i]. */
static int survey_table(struct port *p, struct strata_table *t,
                        struct strata_value_count *counts,
                        struct strata_column **columns,
                        struct strata_error *err) {
  struct strata *source = p->source.s;
  size_t n = 0;
  for (size_t i = 0; i < t->column_count; i++) {
    enum strata_value_kind kind;
    if (!value_to_count(p, t, t->columns[i], &kind))
      continue;
    columns[n] = t->columns[i];
    counts[n++] = (struct strata_value_count){t->columns[i]->name, kind, 0};
  }
  int rc = n > 0 ? source->driver->count_values(source->conn, t->name, counts,
                                                n, err)
                 : 0;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    int zero_default = counts[i].kind == STRATA_VALUES_ZERO_DATE &&
                       columns[i]->default_kind == STRATA_DEFAULT_LITERAL &&
                       is_zero_date(columns[i]->default_value);
    if (counts[i].rows > 0 || zero_default)
      rc = choose(p, t, columns[i], choice_for(counts[i].kind), counts[i].rows,
                  err);
  }
  return rc;
}

/* A model of the target's own engine is copied as it is: a target of
 * the source's engine holds every value the source does. */
static int survey(struct port *p, struct strata_error *err) {
  int rc = 0;
  if (p->source.s->driver->count_values == NULL || port_same_engine(p))
    return 0;
  for (size_t i = 0; rc == 0 && i < p->schema->table_count; i++) {
    struct strata_table *t = p->schema->tables[i];
    size_t n = t->column_count ? t->column_count : 1;
    struct strata_value_count *counts = calloc(n, sizeof *counts);
    struct strata_column **columns = calloc(n, sizeof *columns);
    rc = counts && columns
             ? survey_table(p, t, counts, columns, err)
             : strata__error_set(err, STRATA_ENOMEM, "out of memory");
    free(counts);
    free(columns);
  }
  return rc;
}

/* ---- stored on the target ------------------------------------------------ */

static int run(struct strata *target, const char *sql,
               const char *const *params, int count, strata_row_fn on_row,
               void *ctx, struct strata_error *err) {
  return target->driver->query(target->conn, sql, params, count, on_row, ctx,
                               err);
}

static int store_row(struct strata *target, const char *setting_name,
                     const char *table, const char *column, const char *value,
                     struct strata_error *err) {
  const char *params[] = {setting_name, table, column, value};
  return run(target,
             "INSERT INTO strata_port_settings (setting, table_name, "
             "column_name, value) VALUES (?, ?, ?, ?)",
             params, 4, NULL, NULL, err);
}

int port_mapping_store(struct port *p, struct strata *target,
                       struct strata_error *err) {
  int rc = run(target,
               "CREATE TABLE strata_port_settings (setting varchar(64) NOT "
               "NULL, table_name varchar(255) NOT NULL, column_name "
               "varchar(255) NOT NULL, value varchar(255) NOT NULL, PRIMARY "
               "KEY (setting, table_name, column_name))",
               NULL, 0, NULL, NULL, err);
  for (size_t i = 0; rc == 0 && i < p->given_count; i++)
    rc = store_row(target, "option", p->given[i].key, "", p->given[i].value,
                   err);
  for (size_t i = 0; rc == 0 && i < p->choice_count; i++)
    rc = store_row(target, "column", p->choices[i].table, p->choices[i].column,
                   choice_words[p->choices[i].kind], err);
  return rc;
}

int port_mapping_mark(struct strata *target, const char *phase,
                      struct strata_error *err) {
  const char *params[] = {phase};
  int rc =
      run(target, "DELETE FROM strata_port_settings WHERE setting = 'phase'",
          NULL, 0, NULL, NULL, err);
  if (rc == 0 && phase != NULL)
    rc = run(target,
             "INSERT INTO strata_port_settings (setting, table_name, "
             "column_name, value) VALUES ('phase', '', '', ?)",
             params, 1, NULL, NULL, err);
  return rc;
}

int port_mapping_drop(struct strata *target, struct strata_error *err) {
  return run(target, "DROP TABLE IF EXISTS strata_port_settings", NULL, 0,
             NULL, NULL, err);
}

/* The rows read back, each applied as it comes. */
struct reader {
  struct port *p;
  struct strata_error *err;
  int rc;
};

static int read_choice(struct reader *r, const char *table, const char *column,
                       const char *word) {
  struct strata_table *t = model_find_table(r->p->schema, table);
  struct strata_column *c = t ? model_find_column(t, column) : NULL;
  for (size_t k = 0; c != NULL && k < 4; k++)
    if (strcmp(word, choice_words[k]) == 0)
      return remember(r->p, t, c, k) == 0 && apply(r->p, c, k) == 0
                 ? 0
                 : strata__error_set(r->err, STRATA_ENOMEM, "out of memory");
  return 0; /* a table left out this time, or a newer strata's choice */
}

static int read_option(struct reader *r, const char *key, const char *value) {
  struct port *p = r->p;
  if (p->stored_count == sizeof p->stored / sizeof *p->stored)
    return 0;
  struct port_stored *s = &p->stored[p->stored_count++];
  snprintf(s->key, sizeof s->key, "%s", key);
  snprintf(s->value, sizeof s->value, "%s", value);
  return 0;
}

static int read_row(void *ctx, int columns, const char *const *values,
                    const size_t *lengths) {
  struct reader *r = ctx;
  (void)lengths;
  if (columns != 4 || r->rc != 0)
    return 0;
  if (strcmp(values[0], "column") == 0)
    r->rc = read_choice(r, values[1], values[2], values[3]);
  else if (strcmp(values[0], "option") == 0)
    r->rc = read_option(r, values[1], values[3]);
  else if (strcmp(values[0], "phase") == 0)
    snprintf(r->p->phase, sizeof r->p->phase, "%s", values[3]);
  return r->rc;
}

/* The option as the port was made with it, or NULL. */
static const char *stored_option(const struct port *p, const char *key) {
  for (size_t i = 0; i < p->stored_count; i++)
    if (strcmp(p->stored[i].key, key) == 0)
      return p->stored[i].value;
  return NULL;
}

/* "--zero-dates=error" for zero_dates and error, "the default
 * --zero-dates" for no value. */
static void option_words(const char *key, const char *value, char *buf,
                         size_t size) {
  char flag[64];
  snprintf(flag, sizeof flag, "--%s", key);
  for (char *c = flag; *c != '\0'; c++)
    if (*c == '_')
      *c = '-';
  if (value != NULL)
    snprintf(buf, size, "%s=%s", flag, value);
  else
    snprintf(buf, size, "the default %s", flag);
}

/* An option given now must be the one the port was made with; the port's
 * options are the run's. */
static int take_stored_options(struct port *p, struct strata_error *err) {
  char was_text[160], now_text[160];
  for (size_t i = 0; i < p->given_count; i++) {
    const char *was = stored_option(p, p->given[i].key);
    if (was != NULL && strcmp(was, p->given[i].value) == 0)
      continue;
    option_words(p->given[i].key, was, was_text, sizeof was_text);
    option_words(p->given[i].key, p->given[i].value, now_text, sizeof now_text);
    return strata__error_set(err, STRATA_EINVAL,
                             "the port in the target was made with %s, not "
                             "%s: give the same mapping options, or none",
                             was_text, now_text);
  }
  p->setting_count = 0;
  for (size_t i = 0; i < p->stored_count; i++)
    p->settings[p->setting_count++] =
        (struct strata_url_param){p->stored[i].key, p->stored[i].value};
  return 0;
}

static int read_stored(struct port *p, struct strata_error *err) {
  struct reader r = {p, err, 0};
  int rc = run(p->target.s,
               "SELECT setting, table_name, column_name, value FROM "
               "strata_port_settings",
               NULL, 0, read_row, &r, err);
  if (rc == 0)
    rc = r.rc;
  return rc == 0 ? take_stored_options(p, err) : rc;
}

int port_mapping_choose(struct port *p, int stored, struct strata_error *err) {
  if (stored)
    return read_stored(p, err);
  if (p->opt->data_only || p->opt->verify_only || p->opt->resume)
    return 0;
  return survey(p, err);
}
