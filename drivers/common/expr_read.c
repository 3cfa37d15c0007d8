/*
 * expr_read.c - an engine's expression read as the canonical portable
 * text (driver.h, portable_expression), conservatively.
 *
 * The text is read token by token, and every token must be one whose
 * meaning is the same on every engine: names (written in double quotes,
 * as the model names them), strings (written in standard quotes), numbers,
 * the comparison and arithmetic operators, a short list of keywords, and
 * the functions every engine shares.  Anything else refuses the whole
 * text, with a reason that names it: a wrong translation is worse than
 * none.  Refused everywhere: '/' (integer division truncates on some
 * engines only), '||' (OR in MySQL), LIKE (its case and escapes differ),
 * casts, and every function not on the shared list.  The source's
 * parentheses are kept as they are; two comparisons in a row, whose
 * grouping the engines read differently, are refused.
 *
 * What differs between engines' texts is the dialect each driver gives
 * (struct common_dialect): its quotes, its strings' escapes, whether a
 * bare word names a column, and its own functions.
 */
#include "common.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Keywords of an expression, and those a view's SELECT adds. */
static const char *const expression_words[] = {
    "and", "between", "case", "else", "end",  "false", "in", "is",
    "not", "null",    "or",   "then", "true", "when",  NULL};
static const char *const select_words[] = {
    "all",      "any",    "as",    "asc",   "by",    "cross",  "desc",
    "distinct", "exists", "from",  "full",  "group", "having", "inner",
    "join",     "left",   "on",    "order", "outer", "right",  "select",
    "some",     "union",  "using", "where", NULL};

/* Functions of the same meaning on every engine, and the aggregates a
 * view may use. */
static const char *const shared_functions[] = {
    "abs", "coalesce", "lower", "nullif", "round", "upper", NULL};
static const char *const aggregates[] = {"avg", "count", "max",
                                         "min", "sum",   NULL};

#define NAME_MAX_BYTES 512
#define DEPTH_MAX 64

/* Per parenthesis depth: whether a comparison was read since the last
 * word that ends an operand's reach (AND, OR, a comma ...). */
struct level {
  unsigned char compared;
  unsigned char between; /* a BETWEEN waits for its AND */
};

struct reader {
  const struct strata_host *host;
  const struct common_dialect *d;
  const struct strata_schema *schema;
  const struct strata_table *table; /* bare names' table, or NULL */
  int view;                         /* a SELECT, not an expression */
  const char *s;
  char *out;
  size_t length, size;
  int failed;        /* out of memory */
  int after_operand; /* the last token ends an operand: NOT is infix */
  int after_is;      /* the last word was IS: a NOT belongs to it */
  size_t depth;
  struct level levels[DEPTH_MAX];
  struct strata_error *err;
  /* A view's aliases (FROM payment p, count(*) AS n): names of its own,
   * not the model's, each ending in a NUL in one buffer. */
  char *aliases;
  size_t aliases_length;
};

static void put(struct reader *r, const char *text, size_t n) {
  if (r->failed)
    return;
  if (r->length + n + 1 > r->size) {
    size_t size = r->size ? r->size * 2 : 128;
    while (size < r->length + n + 1)
      size *= 2;
    char *bigger = realloc(r->out, size);
    if (bigger == NULL) {
      r->failed = 1;
      return;
    }
    r->out = bigger;
    r->size = size;
  }
  memcpy(r->out + r->length, text, n);
  r->length += n;
  r->out[r->length] = '\0';
}

static void puts_(struct reader *r, const char *text) {
  put(r, text, strlen(text));
}

static int refuse(struct reader *r, const char *what) {
  return r->host->error_set(r->err, STRATA_ENOTSUP, "%s", what);
}

static int in_list(const char *const *list, const char *word, size_t n) {
  for (; list != NULL && *list != NULL; list++)
    if (strlen(*list) == n && strncasecmp(*list, word, n) == 0)
      return 1;
  return 0;
}

/* ---- names --------------------------------------------------------------- */

static const char *column_of(const struct strata_table *t, const char *name,
                             int any_case) {
  for (size_t i = 0; t != NULL && i < t->column_count; i++) {
    const char *c = t->columns[i]->name;
    if (any_case ? strcasecmp(c, name) == 0 : strcmp(c, name) == 0)
      return c;
  }
  return NULL;
}

static const char *relation_named(const struct strata_schema *s,
                                  const char *name, int any_case) {
  for (size_t i = 0; i < s->table_count; i++) {
    const char *t = s->tables[i]->name;
    if (any_case ? strcasecmp(t, name) == 0 : strcmp(t, name) == 0)
      return t;
  }
  for (size_t i = 0; i < s->view_count; i++) {
    const char *v = s->views[i]->name;
    if (any_case ? strcasecmp(v, name) == 0 : strcmp(v, name) == 0)
      return v;
  }
  return NULL;
}

/* In a view, a name may be any table's column. */
static const char *any_column(const struct strata_schema *s, const char *name,
                              int any_case) {
  for (size_t i = 0; i < s->table_count; i++) {
    const char *c = column_of(s->tables[i], name, any_case);
    if (c != NULL)
      return c;
  }
  return NULL;
}

/* The model's spelling of a name the dialect must resolve, or NULL. */
static const char *resolved(const struct reader *r, const char *name) {
  int any_case = r->d->names_any_case;
  const char *found = column_of(r->table, name, any_case);
  if (found == NULL)
    found = relation_named(r->schema, name, any_case);
  if (found == NULL && r->view)
    found = any_column(r->schema, name, any_case);
  return found;
}

static void put_name(struct reader *r, const char *name) {
  puts_(r, "\"");
  for (const char *p = name; *p; p++)
    put(r, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
  puts_(r, "\"");
  r->after_operand = 1;
}

static int is_alias(const struct reader *r, const char *name) {
  for (size_t i = 0; i < r->aliases_length; i += strlen(r->aliases + i) + 1)
    if (strcmp(r->aliases + i, name) == 0)
      return 1;
  return 0;
}

static int add_name(struct reader *r, const char *name) {
  const char *model = name;
  if (r->d->names_resolved && !is_alias(r, name) &&
      (model = resolved(r, name)) == NULL) {
    char why[NAME_MAX_BYTES + 64];
    snprintf(why, sizeof why, "%s names no column or table", name);
    return refuse(r, why);
  }
  put_name(r, model);
  return 0;
}

/* A quoted name, its closing quote doubled inside; [name] has none. */
static int read_quoted_name(struct reader *r) {
  char name[NAME_MAX_BYTES];
  size_t n = 0;
  const char *s = r->s + 1;
  char close = *r->s == '[' ? ']' : *r->s;
  for (;; s++) {
    if (*s == '\0')
      return refuse(r, "a quoted name does not end");
    if (*s == close && (close == ']' || s[1] != close))
      break;
    if (*s == close)
      s++;
    if (n + 1 >= sizeof name)
      return refuse(r, "a name is too long");
    name[n++] = *s;
  }
  name[n] = '\0';
  r->s = s + 1;
  return add_name(r, name);
}

/* ---- literals ------------------------------------------------------------ */

/* 'it''s', and with backslash escapes 'a\'b': written 'it''s', 'a''b'. */
static int read_string(struct reader *r) {
  const char *s = r->s + 1;
  puts_(r, "'");
  for (;; s++) {
    char c = *s;
    if (c == '\0')
      return refuse(r, "a string does not end");
    if (c == '\'' && s[1] != '\'')
      break;
    if (c == '\'')
      c = *++s;
    else if (c == '\\' && r->d->unescaped != NULL && s[1] != '\0') {
      c = *++s;
      if (c == '%' || c == '_')
        put(r, "\\", 1); /* MySQL keeps \% and \_ as they are */
      else
        c = r->d->unescaped(c);
    }
    if (c == '\0')
      return refuse(r, "a string holds a NUL character");
    put(r, c == '\'' ? "''" : &c, c == '\'' ? 2 : 1);
  }
  puts_(r, "'");
  r->s = s + 1;
  r->after_operand = 1;
  return 0;
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
    return refuse(r, "a number written in an engine's own form (0x1f)");
  put(r, start, (size_t)(s - start));
  r->s = s;
  r->after_operand = 1;
  return 0;
}

/* ---- words --------------------------------------------------------------- */

static int is_word_char(char c) {
  return isalnum((unsigned char)c) || c == '_' || c == '$';
}

/* A function the dialect knows: its portable name, or its refusal. */
static const struct common_function *
dialect_function(const struct common_dialect *d, const char *word, size_t n) {
  for (const struct common_function *f = d->functions; f && f->name; f++)
    if (strlen(f->name) == n && strncasecmp(f->name, word, n) == 0)
      return f;
  return NULL;
}

static void put_lower(struct reader *r, const char *word, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = (char)tolower((unsigned char)word[i]);
    put(r, &c, 1);
  }
}

static void put_upper(struct reader *r, const char *word, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = (char)toupper((unsigned char)word[i]);
    put(r, &c, 1);
  }
}

static int read_function(struct reader *r, const char *word, size_t n) {
  const struct common_function *f = dialect_function(r->d, word, n);
  char why[NAME_MAX_BYTES + 128];
  if (f != NULL && f->portable == NULL) {
    snprintf(why, sizeof why, "%s", f->refusal);
    return refuse(r, why);
  }
  if (f != NULL)
    puts_(r, f->portable);
  else if (in_list(shared_functions, word, n) ||
           (r->view && in_list(aggregates, word, n)))
    put_lower(r, word, n);
  else {
    snprintf(why, sizeof why,
             "%.*s() is not among the functions every engine reads alike",
             (int)(n < 200 ? n : 200), word);
    return refuse(r, why);
  }
  r->after_operand = 0;
  return 0;
}

/* A comparison keyword: two in a row at one depth are refused. */
static int compare(struct reader *r, const char *what) {
  struct level *l = &r->levels[r->depth];
  char why[160];
  if (l->compared) {
    snprintf(why, sizeof why,
             "%s follows another comparison without parentheses, which "
             "engines group differently",
             what);
    return refuse(r, why);
  }
  l->compared = 1;
  r->after_operand = 0;
  return 0;
}

static int read_keyword(struct reader *r, const char *word, size_t n) {
  struct level *l = &r->levels[r->depth];
  int rc = 0;
  int after_is = r->after_is;
  r->after_is = n == 2 && strncasecmp(word, "is", 2) == 0;
  if (r->after_is)
    rc = compare(r, "IS");
  else if ((n == 2 && strncasecmp(word, "in", 2) == 0))
    rc = compare(r, "IN");
  else if (n == 7 && strncasecmp(word, "between", 7) == 0) {
    rc = compare(r, "BETWEEN");
    l->between = 1;
  } else if (n == 3 && strncasecmp(word, "and", 3) == 0 && l->between) {
    l->between = 0;
    r->after_operand = 0;
  } else if (n == 3 && strncasecmp(word, "not", 3) == 0 &&
             (r->after_operand || after_is)) {
    r->after_is = after_is; /* IS NOT, NOT IN: part of the comparison */
    r->after_operand = 0;
  } else if (in_list((const char *const[]){"null", "true", "false", NULL}, word,
                     n)) {
    r->after_operand = 1;
  } else {
    l->compared = 0; /* AND, OR, NOT, CASE, WHEN, a clause ... */
    r->after_operand = 0;
  }
  put_upper(r, word, n);
  return rc;
}

/* A keyword, a function before its '(', a name the dialect reads bare,
 * or a character set introducer (_utf8mb4'text'), which is dropped. */
static int read_word(struct reader *r) {
  const char *start = r->s;
  size_t n = 0;
  char why[NAME_MAX_BYTES + 64];
  while (is_word_char(start[n]))
    n++;
  const char *after = start + n;
  r->s = after;
  if (start[0] == '_' && *after == '\'' && r->d->charset_introducers)
    return 0;
  const char *next = after + strspn(after, " \t\n");
  if (*next == '(' && !in_list(expression_words, start, n) &&
      !in_list(select_words, start, n))
    return read_function(r, start, n);
  if (in_list(expression_words, start, n))
    return read_keyword(r, start, n);
  if (r->view && in_list(select_words, start, n))
    return read_keyword(r, start, n);
  if (n == 4 && strncasecmp(start, "like", 4) == 0)
    return refuse(r, "LIKE compares case and escapes differently on each "
                     "engine");
  if (r->d->bare_names && n < NAME_MAX_BYTES &&
      !in_list(select_words, start, n)) {
    char name[NAME_MAX_BYTES];
    memcpy(name, start, n);
    name[n] = '\0';
    return add_name(r, name);
  }
  snprintf(why, sizeof why, "the word %.*s", (int)(n < 200 ? n : 200), start);
  return refuse(r, why);
}

/* ---- operators ----------------------------------------------------------- */

struct operator_rule {
  const char *text;
  const char *portable; /* NULL: refused, for the reason */
  const char *reason;
  int comparison;
};

static const struct operator_rule operators[] = {
    {"<=>", NULL, "the null-safe '<=>' (IS NOT DISTINCT FROM)", 0},
    {"::", NULL, "a cast", 0},
    {"||", NULL, "'||', which is OR in MySQL and joins strings elsewhere", 0},
    {"<>", "<>", NULL, 1},
    {"!=", "<>", NULL, 1},
    {"<=", "<=", NULL, 1},
    {">=", ">=", NULL, 1},
    {"==", "=", NULL, 1},
    {"=", "=", NULL, 1},
    {"<", "<", NULL, 1},
    {">", ">", NULL, 1},
    {"+", "+", NULL, 0},
    {"-", "-", NULL, 0},
    {"*", "*", NULL, 0},
    {"%", "%", NULL, 0},
    {"/", NULL, "'/', which truncates integers on some engines only", 0},
    {",", ",", NULL, 0},
    {".", ".", NULL, 0},
};

static int open_paren(struct reader *r) {
  if (r->depth + 1 >= DEPTH_MAX)
    return refuse(r, "parentheses nested too deep");
  r->depth++;
  r->levels[r->depth] = (struct level){0, 0};
  r->after_operand = 0;
  puts_(r, "(");
  return 0;
}

static int close_paren(struct reader *r) {
  if (r->depth == 0)
    return refuse(r, "a ')' closes nothing");
  r->depth--;
  r->after_operand = 1;
  puts_(r, ")");
  return 0;
}

static int read_operator(struct reader *r) {
  char why[80];
  if (*r->s == '(' || *r->s == ')') {
    int rc = *r->s == '(' ? open_paren(r) : close_paren(r);
    r->s++;
    return rc;
  }
  for (size_t i = 0; i < sizeof operators / sizeof *operators; i++) {
    const struct operator_rule *op = &operators[i];
    size_t n = strlen(op->text);
    if (strncmp(r->s, op->text, n) != 0)
      continue;
    if (op->portable == NULL)
      return refuse(r, op->reason);
    int rc = op->comparison ? compare(r, op->portable) : 0;
    if (rc != 0)
      return rc;
    if (strcmp(op->text, ",") == 0)
      r->levels[r->depth] = (struct level){0, 0};
    puts_(r, op->portable);
    r->after_operand = 0;
    r->s += n;
    return 0;
  }
  snprintf(why, sizeof why, "the character '%c'", *r->s);
  return refuse(r, why);
}

/* After IS [NOT] only NULL, TRUE or FALSE: SQLite's a IS b compares two
 * values, NULLs equal, which no other engine writes so. */
static int is_operand_allowed(const struct reader *r) {
  static const char *const after_is[] = {"null", "true", "false", "not", NULL};
  size_t n = 0;
  if (!r->after_is)
    return 1;
  while (is_word_char(r->s[n]))
    n++;
  return in_list(after_is, r->s, n);
}

static int read_token(struct reader *r) {
  char c = *r->s;
  if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && !is_operand_allowed(r))
    return refuse(r, "IS followed by a value, which only SQLite reads as an "
                     "equality");
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
    puts_(r, " ");
    r->s += strspn(r->s, " \t\n\r");
    return 0;
  }
  if (c != '\0' && strchr(r->d->name_quotes, c) != NULL)
    return read_quoted_name(r);
  if (c == '\'')
    return read_string(r);
  if (isdigit((unsigned char)c))
    return read_number(r);
  if (isalpha((unsigned char)c) || c == '_')
    return read_word(r);
  return read_operator(r);
}

/* ---- a view's aliases ---------------------------------------------------- */

/* The name token at s (a word, or a quoted name unquoted) into name;
 * returns where it ends, or NULL when s starts no name. */
static const char *name_token(const struct reader *r, const char *s,
                              char *name, int *quoted) {
  size_t n = 0;
  *quoted = *s != '\0' && strchr(r->d->name_quotes, *s) != NULL;
  if (*quoted) {
    char close = *s == '[' ? ']' : *s;
    for (s++; *s != '\0' && !(*s == close && (close == ']' || s[1] != close));
         s++) {
      if (*s == close)
        s++;
      if (n + 1 < NAME_MAX_BYTES)
        name[n++] = *s;
    }
    name[n] = '\0';
    return *s == '\0' ? s : s + 1;
  }
  if (!isalpha((unsigned char)*s) && *s != '_')
    return NULL;
  while (is_word_char(*s)) {
    if (n + 1 < NAME_MAX_BYTES)
      name[n++] = *s;
    s++;
  }
  name[n] = '\0';
  return s;
}

static void add_alias(struct reader *r, const char *name) {
  size_t n = strlen(name) + 1;
  char *bigger = realloc(r->aliases, r->aliases_length + n);
  if (bigger == NULL) {
    r->failed = 1;
    return;
  }
  memcpy(bigger + r->aliases_length, name, n);
  r->aliases = bigger;
  r->aliases_length += n;
}

/* A view names its tables and columns anew before or after it uses the
 * names (SELECT s.id ... FROM staff s): the names after AS, and a bare
 * word right after a table's or view's name, are the view's own. */
static void read_aliases(struct reader *r, const char *s) {
  char name[NAME_MAX_BYTES], before[NAME_MAX_BYTES] = "";
  int quoted, before_relation = 0;
  while (*s != '\0') {
    if (*s == '\'') {
      for (s++; *s != '\0' && !(*s == '\'' && s[1] != '\''); s++)
        s += *s == '\'' || (*s == '\\' && r->d->unescaped && s[1]);
      s += *s != '\0';
      before[0] = '\0';
      before_relation = 0;
      continue;
    }
    const char *end = name_token(r, s, name, &quoted);
    if (end == NULL) {
      if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') {
        before[0] = '\0';
        before_relation = 0;
      }
      s++;
      continue;
    }
    size_t n = strlen(name);
    int keyword = !quoted && (in_list(select_words, name, n) ||
                              in_list(expression_words, name, n));
    if (!keyword && (strcasecmp(before, "as") == 0 || before_relation))
      add_alias(r, name);
    before_relation =
        !keyword && relation_named(r->schema, name, r->d->names_any_case);
    snprintf(before, sizeof before, "%s", quoted ? "" : name);
    s = end;
  }
}

int common_portable_expression(const struct strata_host *host,
                               const struct common_dialect *d,
                               const struct strata_schema *schema,
                               const struct strata_table *table,
                               enum strata_expression_kind kind,
                               const char *text, strata_write_fn write,
                               void *ctx, struct strata_error *err) {
  struct reader r = {.host = host,
                     .d = d,
                     .schema = schema,
                     .table = table,
                     .view = kind == STRATA_EXPRESSION_VIEW,
                     .s = text ? text : "",
                     .err = err};
  int rc = *r.s == '\0' ? refuse(&r, "an empty expression") : 0;
  if (r.view && d->names_resolved)
    read_aliases(&r, r.s);
  while (rc == 0 && *r.s != '\0')
    rc = read_token(&r);
  if (rc == 0 && r.depth != 0)
    rc = refuse(&r, "a '(' is not closed");
  if (rc == 0 && r.failed)
    rc = host->error_set(err, STRATA_ENOMEM, "out of memory");
  if (rc == 0)
    rc = write(ctx, r.out, r.length);
  free(r.out);
  free(r.aliases);
  return rc;
}
