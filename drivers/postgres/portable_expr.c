/*
 * portable_expr.c - a PostgreSQL expression as portable text (driver.h,
 * portable_expression), from the text the server deparses: checks,
 * generated columns, expression defaults, index predicates and parts,
 * and view SELECTs.
 *
 * The server prints back every cast it resolved: 'x'::text and
 * 'x'::character varying on strings, (0)::numeric on numbers, '-1'::integer
 * for a negative number, (name)::text on a varchar column compared with
 * text, and an IN list as = ANY (ARRAY[...]).  A cast is dropped only
 * where it changes nothing (a string literal's own type, a number's, a
 * column of varchar, text or an enum read as text, an integer column read
 * as a wider number) and refused anywhere else; the = ANY and <> ALL
 * arrays become IN and NOT IN lists.  What remains is read as any
 * engine's text is (drivers/common/expr_read.c): names bare or in double
 * quotes, exactly as the model spells them.
 */
#include "postgres.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const struct common_function postgres_functions[] = {
    {"length", "length", NULL},
    {"char_length", "char_length", NULL},
    {"character_length", "char_length", NULL},
    {NULL, NULL, NULL}};

static const struct common_dialect postgres_dialect = {
    .name_quotes = "\"",
    .bare_names = 1,
    .names_resolved = 1,
    .functions = postgres_functions,
};

/* What came just before a cast. */
enum operand { NONE, STRING, NUMBER, NUMBER_IN_PARENS, COLUMN_IN_PARENS };

struct uncast {
  const struct strata_table *table;
  const char *text;
  char *out;
  size_t length;
  enum operand last;
  size_t last_at;                     /* where the operand starts in out */
  const struct strata_column *column; /* COLUMN_IN_PARENS's */
  int in_array;
  char refusal[160];
};

static void put(struct uncast *u, const char *p, size_t n) {
  memcpy(u->out + u->length, p, n);
  u->length += n;
  u->out[u->length] = '\0';
}

/* The cast's type, from just after "::", into type; returns its end. */
static const char *read_type(const char *p, char *type, size_t size) {
  static const char *const more[] = {"varying", "precision", NULL};
  const char *start = p;
  p = *p == '"' ? postgres_after_quoted(p) : postgres_after_word(p);
  for (;;) {
    const char *word = p + (*p == ' ');
    const char *end = postgres_after_word(word);
    int continues = 0;
    for (const char *const *m = more; *m; m++)
      continues |= (size_t)(end - word) == strlen(*m) &&
                   strncmp(word, *m, strlen(*m)) == 0;
    if (!continues)
      break;
    p = end;
  }
  size_t n = (size_t)(p - start) < size - 1 ? (size_t)(p - start) : size - 1;
  memcpy(type, start, n);
  type[n] = '\0';
  if (*p == '(')
    while (*p && *p++ != ')')
      ;
  return p;
}

static int is_one_of(const char *type, const char *const *list) {
  for (; *list; list++)
    if (strcmp(type, *list) == 0)
      return 1;
  return 0;
}

static const char *const text_types[] = {
    "text", "character varying", "varchar", "bpchar", "character", NULL};
static const char *const number_types[] = {
    "integer", "bigint",           "smallint", "numeric",
    "real",    "double precision", NULL};

/* '-1'::integer: the number without its quotes. */
static int unquote_number(struct uncast *u) {
  char *start = u->out + u->last_at, *end = u->out + u->length;
  if (end - start < 3)
    return 0;
  for (char *p = start + 1; p < end - 1; p++)
    if (!(isdigit((unsigned char)*p) || *p == '-' || *p == '.'))
      return 0;
  memmove(start, start + 1, (size_t)(end - start - 2));
  u->length -= 2;
  u->out[u->length] = '\0';
  return 1;
}

static int column_reads_as(const struct strata_column *c, const char *type) {
  enum strata_type t = c->type;
  if (is_one_of(type, (const char *const[]){"text", "character varying",
                                            "varchar", NULL}))
    return t == STRATA_TYPE_VARCHAR || t == STRATA_TYPE_TEXT ||
           t == STRATA_TYPE_ENUM;
  if (is_one_of(type, (const char *const[]){"numeric", "bigint", NULL}))
    return t >= STRATA_TYPE_TINYINT && t <= STRATA_TYPE_BIGINT;
  return 0;
}

/* Whether the cast to type after the last operand changes nothing. */
static int cast_dropped(struct uncast *u, const char *type) {
  switch (u->last) {
  case STRING:
    return is_one_of(type, text_types) ||
           (is_one_of(type, number_types) && unquote_number(u));
  case NUMBER:
  case NUMBER_IN_PARENS: return is_one_of(type, number_types);
  case COLUMN_IN_PARENS: return column_reads_as(u->column, type);
  case NONE: break;
  }
  return 0;
}

/* (name) or (0) just read: the operand a cast may follow. */
static void note_parenthesized(struct uncast *u, const char *open,
                               const char *close) {
  char name[256];
  const char *inner = open + 1;
  size_t n = (size_t)(close - inner);
  u->last = NONE;
  if (n == 0 || n >= sizeof name)
    return;
  memcpy(name, inner, n);
  name[n] = '\0';
  if (strspn(name, "0123456789.") == n) {
    u->last = NUMBER_IN_PARENS;
    return;
  }
  for (size_t i = 0; u->table != NULL && i < u->table->column_count; i++)
    if (strcmp(u->table->columns[i]->name, name) == 0) {
      u->last = COLUMN_IN_PARENS;
      u->column = u->table->columns[i];
    }
}

static const char *arrays(struct uncast *u, const char *p) {
  static const char any[] = "= ANY (ARRAY[", all[] = "<> ALL (ARRAY[";
  if (strncmp(p, any, sizeof any - 1) == 0) {
    put(u, "IN (", 4);
    u->in_array = 1;
    return p + sizeof any - 1;
  }
  if (strncmp(p, all, sizeof all - 1) == 0) {
    put(u, "NOT IN (", 8);
    u->in_array = 1;
    return p + sizeof all - 1;
  }
  if (u->in_array && p[0] == ']' && p[1] == ')') {
    put(u, ")", 1);
    u->in_array = 0;
    return p + 2;
  }
  return NULL;
}

/* One step of the text: a quoted run, a cast, an array, or a character. */
static const char *step(struct uncast *u, const char *p) {
  const char *next;
  if (*p == '\'' || *p == '"') {
    next = postgres_after_quoted(p);
    u->last_at = u->length;
    u->last = *p == '\'' ? STRING : NONE;
    put(u, p, (size_t)(next - p));
    return next;
  }
  if (p[0] == ':' && p[1] == ':') {
    char type[64];
    next = read_type(p + 2, type, sizeof type);
    if (!cast_dropped(u, type)) {
      snprintf(u->refusal, sizeof u->refusal, "a cast to %s", type);
      return NULL;
    }
    u->last = NONE;
    return next;
  }
  if ((next = arrays(u, p)) != NULL) {
    u->last = NONE;
    return next;
  }
  if (*p == ')') {
    const char *open = p;
    while (open > u->text && *open != '(')
      open--;
    note_parenthesized(u, open, p);
  } else if (isdigit((unsigned char)*p) &&
             (p == u->text ||
              !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))) {
    next = p + strspn(p, "0123456789.");
    put(u, p, (size_t)(next - p));
    u->last = NUMBER;
    return next;
  } else if (*p != ' ') {
    u->last = NONE;
  }
  put(u, p, 1);
  return p + 1;
}

int postgres_portable_expression(const struct strata_host *host,
                                 const struct strata_schema *schema,
                                 const struct strata_table *table,
                                 enum strata_expression_kind kind,
                                 const char *text, strata_write_fn write,
                                 void *ctx, struct strata_error *err) {
  const char *p = text ? text : "";
  struct uncast u = {.table = table, .text = p, .out = malloc(strlen(p) + 1)};
  if (u.out == NULL)
    return host->error_set(err, STRATA_ENOMEM, "out of memory");
  u.out[0] = '\0';
  while (p != NULL && *p)
    p = step(&u, p);
  int rc = p == NULL ? host->error_set(err, STRATA_ENOTSUP, "%s", u.refusal)
                     : common_portable_expression(host, &postgres_dialect,
                                                  schema, table, kind, u.out,
                                                  write, ctx, err);
  free(u.out);
  return rc;
}
