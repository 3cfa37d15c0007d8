/*
 * render_port_expr.c - MySQL expressions (checks, generated columns,
 * defaults) and view SELECTs written as PostgreSQL, conservatively.
 *
 * The text is read token by token and every token must be one whose
 * meaning is the same on both engines: `names` (written as the port names
 * them), 'strings' (MySQL's backslash escapes read), numbers, comparison
 * and arithmetic operators, and a short list of keywords and functions.
 * Anything else refuses the whole text, and the caller reports it for
 * hand porting: a wrong translation would be worse than none.  Left out
 * on purpose: '/' (integer division truncates in PostgreSQL), '||' (OR in
 * MySQL), concat() (NULL handling differs), length() (bytes in MySQL),
 * casts, and every MySQL-only function.
 *
 * SQLite's text differs in three ways only, read when the model is
 * SQLite's: "name" and [name] are names as `name` is, a bare word that
 * names a column or a table is that name, and a backslash in a string is
 * itself.  Its length() counts characters, as PostgreSQL's does.
 */
#include "postgres.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const keywords[] = {
    "all",      "and",    "any",   "as",     "asc",  "between",  "by",
    "cascaded", "case",   "check", "cross",  "desc", "distinct", "else",
    "end",      "exists", "false", "from",   "full", "group",    "having",
    "in",       "inner",  "is",    "join",   "left", "like",     "local",
    "not",      "null",   "on",    "option", "or",   "order",    "outer",
    "right",    "select", "some",  "then",   "true", "union",    "using",
    "when",     "where",  "with",  NULL};

static const char *const functions[] = {
    "abs",      "avg",         "ceil",
    "ceiling",  "char_length", "character_length",
    "coalesce", "count",       "floor",
    "greatest", "least",       "lower",
    "max",      "min",         "nullif",
    "round",    "sign",        "sum",
    "upper",    NULL};

static const char *const sqlite_functions[] = {"length", NULL};

static int in_list(const char *const *list, const char *word, size_t n) {
  for (; *list != NULL; list++)
    if (strlen(*list) == n && strncasecmp(*list, word, n) == 0)
      return 1;
  return 0;
}

struct reader {
  const struct port_render *p;
  const struct strata_table *table; /* bare column names' table, or NULL */
  const char *s;
  struct postgres_sql out;
};

/* The column of that name in any table, for a view's references. */
static const struct strata_table *
table_with_column(const struct strata_schema *schema, const char *name) {
  for (size_t i = 0; i < schema->table_count; i++) {
    const struct strata_table *t = schema->tables[i];
    for (size_t j = 0; j < t->column_count; j++)
      if (strcmp(t->columns[j]->name, name) == 0)
        return t;
  }
  return NULL;
}

static int is_relation(const struct strata_schema *schema, const char *name) {
  for (size_t i = 0; i < schema->table_count; i++)
    if (strcmp(schema->tables[i]->name, name) == 0)
      return 1;
  for (size_t i = 0; i < schema->view_count; i++)
    if (strcmp(schema->views[i]->name, name) == 0)
      return 1;
  return 0;
}

/* A view that does not translate makes every view reading it fail. */
static int is_untranslated_view(const struct port_render *p, const char *name) {
  const struct strata_schema *schema = p->base.schema;
  for (size_t i = 0; i < schema->view_count; i++)
    if (strcmp(schema->views[i]->name, name) == 0)
      return p->view_ok != NULL && !p->view_ok[i];
  return 0;
}

static int has_column(const struct strata_table *t, const char *name) {
  for (size_t i = 0; t != NULL && i < t->column_count; i++)
    if (strcmp(t->columns[i]->name, name) == 0)
      return 1;
  return 0;
}

/* A table, a column (of the scope's table first), or an alias. */
static void add_name(struct reader *r, const char *name) {
  const struct port_render *p = r->p;
  const struct strata_schema *schema = p->base.schema;
  char buf[PORT_NAME_MAX];
  if (is_relation(schema, name))
    port_table_name(p, name, buf);
  else
    port_column_name(
        p,
        has_column(r->table, name) ? r->table : table_with_column(schema, name),
        name, buf);
  postgres_sql_ident(&r->out, buf);
}

/* `name`, with `` for a backtick inside; "name" and [name] alike. */
static int read_quoted_name(struct reader *r) {
  char name[PORT_NAME_MAX];
  size_t n = 0;
  const char *s = r->s + 1;
  char close = *r->s == '[' ? ']' : *r->s;
  for (;; s++) {
    if (*s == '\0')
      return -1;
    if (*s == close && (close == ']' || s[1] != close))
      break;
    if (*s == close)
      s++;
    if (n + 1 >= sizeof name)
      return -1;
    name[n++] = *s;
  }
  name[n] = '\0';
  r->s = s + 1;
  if (is_untranslated_view(r->p, name))
    return -1;
  add_name(r, name);
  return 0;
}

/* The scope table's column that an SQLite word names: SQLite's names
 * ignore case, QTY is the column qty. */
static const char *column_named(const struct strata_table *t,
                                const char *word) {
  for (size_t i = 0; t != NULL && i < t->column_count; i++)
    if (strcasecmp(t->columns[i]->name, word) == 0)
      return t->columns[i]->name;
  return NULL;
}

/* An SQLite word that is no keyword: a column of the scope's table, or
 * a table or view; anything else (an alias, a function) refuses. */
static int read_bare_name(struct reader *r, size_t n) {
  const struct strata_schema *schema = r->p->base.schema;
  char name[PORT_NAME_MAX];
  if (n >= sizeof name)
    return -1;
  memcpy(name, r->s, n);
  name[n] = '\0';
  if (column_named(r->table, name) != NULL)
    snprintf(name, sizeof name, "%s", column_named(r->table, name));
  else if (!is_relation(schema, name))
    return -1;
  if (is_untranslated_view(r->p, name))
    return -1;
  r->s += n;
  add_name(r, name);
  return 0;
}

static char unescaped(char c) {
  switch (c) {
  case '0': return '\0';
  case 'n': return '\n';
  case 'r': return '\r';
  case 't': return '\t';
  case 'Z': return '\032';
  default: return c;
  }
}

/* 'it''s', 'a\'b': the value, re-quoted for PostgreSQL. */
static int read_string(struct reader *r) {
  struct postgres_sql value = {0};
  const char *s = r->s + 1;
  int rc = 0;
  for (;; s++) {
    char c = *s;
    if (c == '\0') {
      rc = -1;
      break;
    }
    if (c == '\'' && s[1] != '\'')
      break;
    if (c == '\'' || (c == '\\' && s[1] != '\0' && !r->p->from_sqlite))
      c = *s == '\\' ? unescaped(*++s) : *++s;
    if (c == '\0') {
      rc = -1; /* a NUL cannot be in a PostgreSQL string */
      break;
    }
    char one[2] = {c, '\0'};
    postgres_sql_add(&value, one);
  }
  if (rc == 0) {
    postgres_sql_literal(&r->out, value.data ? value.data : "");
    r->s = s + 1;
  }
  postgres_sql_release(&value);
  return rc;
}

static int read_number(struct reader *r) {
  const char *start = r->s;
  const char *s = start + strspn(start, "0123456789");
  if (*s == '.')
    s += 1 + strspn(s + 1, "0123456789");
  if ((*s == 'e' || *s == 'E') &&
      (isdigit((unsigned char)s[1]) ||
       ((s[1] == '-' || s[1] == '+') && isdigit((unsigned char)s[2]))))
    s += 2 + strspn(s + 2, "0123456789");
  if (isalpha((unsigned char)*s) || *s == '_')
    return -1; /* 0x1f, 1e: MySQL-only forms */
  postgres_sql_addf(&r->out, "%.*s", (int)(s - start), start);
  r->s = s;
  return 0;
}

static int is_word_char(char c) {
  return isalnum((unsigned char)c) || c == '_' || c == '$';
}

/* A keyword, a known function before its '(', or a charset introducer
 * (_utf8mb4'text'), which is dropped. */
static int read_word(struct reader *r) {
  const char *start = r->s;
  size_t n = 0;
  while (is_word_char(start[n]))
    n++;
  const char *after = start + n;
  if (start[0] == '_' && *after == '\'') {
    r->s = after;
    return 0;
  }
  const char *next = after + strspn(after, " \t\n");
  int ok = *next == '('
               ? in_list(functions, start, n) ||
                     (r->p->from_sqlite && in_list(sqlite_functions, start, n))
               : in_list(keywords, start, n);
  if (!ok && *next != '(' && r->p->from_sqlite)
    return read_bare_name(r, n);
  if (!ok)
    return -1;
  for (size_t i = 0; i < n; i++) {
    char c = (char)tolower((unsigned char)start[i]);
    postgres_sql_addf(&r->out, "%c", c);
  }
  r->s = after;
  return 0;
}

/* Operators both engines read alike; a longest match first. */
static int read_operator(struct reader *r) {
  static const char *const ops[] = {"<=>", "<>", "!=", "<=", ">=", "=",
                                    "<",   ">",  "+",  "-",  "*",  "%",
                                    "(",   ")",  ",",  ".",  NULL};
  for (const char *const *op = ops; *op != NULL; op++) {
    size_t n = strlen(*op);
    if (strncmp(r->s, *op, n) != 0)
      continue;
    if (strcmp(*op, "<=>") == 0)
      return -1; /* null-safe equality: IS NOT DISTINCT FROM, by hand */
    postgres_sql_add(&r->out, *op);
    r->s += n;
    return 0;
  }
  return -1;
}

static int read_token(struct reader *r) {
  char c = *r->s;
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
    postgres_sql_add(&r->out, " ");
    r->s += strspn(r->s, " \t\n\r");
    return 0;
  }
  if (c == '`' || (r->p->from_sqlite && (c == '"' || c == '[')))
    return read_quoted_name(r);
  if (c == '\'')
    return read_string(r);
  if (isdigit((unsigned char)c))
    return read_number(r);
  if (isalpha((unsigned char)c) || c == '_')
    return read_word(r);
  return read_operator(r);
}

int port_expression(const struct port_render *p, const struct strata_table *t,
                    const char *mysql, struct postgres_sql *out) {
  struct reader r = {.p = p, .table = t, .s = mysql};
  int rc = mysql != NULL && *mysql != '\0' ? 0 : -1;
  while (rc == 0 && *r.s != '\0')
    rc = read_token(&r);
  if (rc == 0 && r.out.out_of_memory)
    rc = -1;
  if (rc == 0)
    postgres_sql_add(out, r.out.data ? r.out.data : "");
  postgres_sql_release(&r.out);
  return rc;
}
