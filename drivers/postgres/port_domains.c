/*
 * port_domains.c - a model made ready for another engine (driver.h,
 * port_form): no other engine has domains, so a column of a domain
 * becomes a column of its base type (which its neutral fields describe
 * already) that carries the domain's NOT NULL, its default when the
 * column has none, and each of its CHECKs as a CHECK on the table with
 * VALUE replaced by the column's name.  The core then writes those CHECKs
 * for the target like any other, and leaves out, with a note, any it
 * cannot.  A domain built on another carries that one's too.
 *
 * An array of a domain checks each element, which a CHECK on the column
 * cannot say: its checks are left out with a note.
 */
#include "postgres.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct folding {
  const struct strata_host *host;
  struct strata_schema *schema;
  strata_note_fn note;
  void *note_ctx;
  struct strata_error *err;
};

static void tell(struct folding *f, enum strata_note_kind kind,
                 const struct strata_table *t, const struct strata_column *c,
                 const char *message, const char *source) {
  char object[600];
  snprintf(object, sizeof object, "column %s.%s", t->name, c->name);
  struct strata_note n = {kind, object, message, source};
  if (f->note != NULL)
    f->note(f->note_ctx, &n);
}

/* The domain named name as the server writes a type: bare or quoted. */
static const struct strata_domain *find_domain(const struct strata_schema *s,
                                               const char *name) {
  for (size_t i = 0; name != NULL && i < s->domain_count; i++) {
    struct postgres_sql quoted = {0};
    postgres_sql_ident(&quoted, s->domains[i]->name);
    int same = strcmp(s->domains[i]->name, name) == 0 ||
               (quoted.data != NULL && strcmp(quoted.data, name) == 0);
    postgres_sql_release(&quoted);
    if (same)
      return s->domains[i];
  }
  return NULL;
}

static int is_word_char(char ch) {
  return isalnum((unsigned char)ch) || ch == '_' || ch == '$';
}

/* Copies the literal or quoted name starting at text into out, and
 * returns where it ends. */
static const char *copy_quoted(struct postgres_sql *out, const char *text,
                               int backslashes) {
  char quote = *text;
  const char *p = text + 1;
  while (*p != '\0') {
    if (backslashes && *p == '\\' && p[1] != '\0')
      p += 2;
    else if (*p == quote && p[1] == quote)
      p += 2;
    else if (*p++ == quote)
      break;
  }
  postgres_sql_addf(out, "%.*s", (int)(p - text), text);
  return p;
}

/* check, a domain's CHECK as the server writes it, with each VALUE (the
 * keyword, not in a literal or a quoted name) replaced by column. */
static void replace_value(struct postgres_sql *out, const char *check,
                          const char *column) {
  const char *p = check;
  while (*p != '\0') {
    if (*p == '\'' || *p == '"') {
      int escaped = *p == '\'' && p > check && (p[-1] == 'E' || p[-1] == 'e');
      p = copy_quoted(out, p, escaped);
    } else if (is_word_char(*p)) {
      size_t n = 1;
      while (is_word_char(p[n]))
        n++;
      if (n == 5 && strncasecmp(p, "value", 5) == 0)
        postgres_sql_ident(out, column);
      else
        postgres_sql_addf(out, "%.*s", (int)n, p);
      p += n;
    } else {
      postgres_sql_addf(out, "%c", *p++);
    }
  }
}

static int add_check(struct folding *f, struct strata_table *t,
                     const struct strata_column *c,
                     const struct strata_domain *d,
                     const struct strata_check *k) {
  struct postgres_sql text = {0};
  char message[800];
  replace_value(&text, k->expression, c->name);
  struct strata_check *added =
      text.out_of_memory ? NULL
                         : STRATA_SCHEMA_APPEND(f->host, f->schema, t->checks,
                                                t->check_count);
  if (added != NULL)
    added->expression =
        f->host->schema_strndup(f->schema, text.data ? text.data : "",
                                text.length);
  postgres_sql_release(&text);
  if (added == NULL || added->expression == NULL)
    return f->host->error_set(f->err, STRATA_ENOMEM, "out of memory");
  snprintf(message, sizeof message,
           "domain %s: its CHECK %s becomes a CHECK on the column", d->name,
           k->name);
  tell(f, STRATA_NOTE_CHANGED, t, c, message, k->expression);
  return 0;
}

static void carry_default(struct folding *f, struct strata_table *t,
                          struct strata_column *c,
                          const struct strata_domain *d) {
  char message[600];
  if (d->default_expr == NULL || c->default_kind != STRATA_DEFAULT_NONE)
    return;
  c->default_kind = STRATA_DEFAULT_EXPRESSION;
  c->default_expr = d->default_expr;
  snprintf(message, sizeof message,
           "domain %s: its DEFAULT becomes the column's", d->name);
  tell(f, STRATA_NOTE_CHANGED, t, c, message, d->default_expr);
}

static void carry_not_null(struct folding *f, struct strata_table *t,
                           struct strata_column *c,
                           const struct strata_domain *d) {
  char message[600];
  if (!d->not_null || (c->flags & STRATA_COLUMN_NOT_NULL))
    return;
  c->flags |= STRATA_COLUMN_NOT_NULL;
  snprintf(message, sizeof message,
           "domain %s: its NOT NULL becomes the column's", d->name);
  tell(f, STRATA_NOTE_CHANGED, t, c, message, NULL);
}

static void leave_out_elements(struct folding *f, struct strata_table *t,
                               struct strata_column *c,
                               const struct strata_domain *d) {
  char message[600];
  if (d->check_count == 0 && !d->not_null)
    return;
  snprintf(message, sizeof message,
           "an array of domain %s: the NOT NULL and CHECKs on its elements "
           "are left out; port them by hand",
           d->name);
  tell(f, STRATA_NOTE_HAND, t, c, message,
       d->check_count ? d->checks[0]->expression : NULL);
}

static int fold_column(struct folding *f, struct strata_table *t,
                       struct strata_column *c) {
  int rc = 0;
  const struct strata_domain *d = find_domain(f->schema, c->domain);
  for (; rc == 0 && d != NULL; d = find_domain(f->schema, d->base_text)) {
    if (c->flags & STRATA_COLUMN_ARRAY) {
      leave_out_elements(f, t, c, d);
      continue;
    }
    carry_not_null(f, t, c, d);
    carry_default(f, t, c, d);
    for (size_t i = 0; rc == 0 && i < d->check_count; i++)
      rc = add_check(f, t, c, d, d->checks[i]);
  }
  c->domain = NULL;
  return rc;
}

int postgres_port_form(const struct strata_host *host,
                       struct strata_schema *schema, strata_note_fn note,
                       void *note_ctx, struct strata_error *err) {
  struct folding f = {host, schema, note, note_ctx, err};
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < schema->table_count; i++) {
    struct strata_table *t = schema->tables[i];
    for (size_t j = 0; rc == 0 && j < t->column_count; j++)
      rc = fold_column(&f, t, t->columns[j]);
  }
  if (rc == 0)
    schema->domain_count = 0;
  return rc;
}
