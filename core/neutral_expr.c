/*
 * neutral_expr.c - one spelling for an expression, whichever engine
 * printed it: what lets `strata diff --neutral` compare a check or an
 * index predicate PostgreSQL deparsed with the one SQLite kept as written
 * and the one MariaDB printed back.
 *
 * The input is what a driver's neutral_form() leaves (driver.h): ANSI or
 * engine quoting of identifiers, standard strings, no casts.  The text is
 * parsed with the precedence of the portable dialect and printed as the
 * portable canonical text: identifiers lower case in double quotes,
 * keywords upper case, functions lower case, parentheses around every
 * operation (and only there), AND and OR chains flat, BETWEEN and NOT
 * BETWEEN written as the comparisons PostgreSQL stores them as, TRUE and
 * FALSE as 1 and 0 (MySQL and SQLite have no other booleans), numbers
 * without trailing fractional zeros.  Text the parser does not follow is
 * kept as its tokens, one space apart, so it still compares by its words.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util.h"

enum tok_kind { TOK_END, TOK_IDENT, TOK_WORD, TOK_STRING, TOK_NUMBER, TOK_OP };

struct tok {
  enum tok_kind kind;
  char *text; /* canonical: "ident", 'string', a number, an operator */
};

struct toks {
  struct tok *items;
  size_t count, cap;
  size_t at; /* the parser's position */
  int oom;
};

/* ---- tokens -------------------------------------------------------------- */

static int push(struct toks *t, enum tok_kind kind, char *text) {
  if (text == NULL) {
    t->oom = 1;
    return -1;
  }
  if (t->count + 1 >= t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 16;
    struct tok *bigger = realloc(t->items, cap * sizeof *bigger);
    if (bigger == NULL) {
      free(text);
      t->oom = 1;
      return -1;
    }
    t->items = bigger;
    t->cap = cap;
  }
  t->items[t->count++] = (struct tok){kind, text};
  t->items[t->count] = (struct tok){TOK_END, NULL};
  return 0;
}

static void toks_release(struct toks *t) {
  for (size_t i = 0; i < t->count; i++)
    free(t->items[i].text);
  free(t->items);
}

static int is_word_char(unsigned char c) {
  return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/* A quoted run from p (its opening quote) to its closing quote, doubled
 * closing quotes standing for one; the content, unquoted, in *out. */
static const char *unquote(const char *p, char close, struct strbuf *out) {
  for (p++; *p; p++) {
    if (*p == close && p[1] == close) {
      p++;
    } else if (*p == close) {
      return p + 1;
    }
    if (strbuf_append(out, p, 1) != 0)
      return NULL;
  }
  return p;
}

char *neutral_quoted(const char *value) {
  struct strbuf b;
  strbuf_init(&b);
  int rc = strbuf_append(&b, "'", 1);
  for (const char *p = value; rc == 0 && *p; p++)
    rc = *p == '\'' ? strbuf_append(&b, "''", 2) : strbuf_append(&b, p, 1);
  if (rc == 0)
    rc = strbuf_append(&b, "'", 1);
  if (rc != 0)
    strbuf_release(&b);
  return b.data;
}

static char *lower_copy(const char *s, size_t n) {
  char *c = strata__strndup(s, n);
  for (char *p = c; p && *p; p++)
    *p = (char)tolower((unsigned char)*p);
  return c;
}

static char *upper_copy(const char *s, size_t n) {
  char *c = strata__strndup(s, n);
  for (char *p = c; p && *p; p++)
    *p = (char)toupper((unsigned char)*p);
  return c;
}

/* 10.50 as 10.5, 2.0 as 2, 007 as 7: the same number the same way. */
static char *number_text(const char *s, size_t n) {
  char *c = strata__strndup(s, n);
  if (c == NULL || strpbrk(c, "eE") != NULL)
    return c;
  char *dot = strchr(c, '.');
  if (dot != NULL) {
    char *end = c + strlen(c);
    while (end > dot + 1 && end[-1] == '0')
      *--end = '\0';
    if (end == dot + 1)
      *dot = '\0';
  }
  size_t zeros = strspn(c, "0");
  if (zeros > 0 && (c[zeros] == '\0' || c[zeros] == '.'))
    zeros--;
  memmove(c, c + zeros, strlen(c + zeros) + 1);
  return c;
}

static const char *const operators[] = {
    "<>", "!=", "<=", ">=", "==", "||", "::", "=", "<", ">", "+",
    "-",  "*",  "/",  "%",  "(",  ")",  ",",  "[", "]", ".", NULL};

static const char *lex_operator(const char *p, struct toks *t) {
  for (const char *const *op = operators; *op; op++) {
    size_t n = strlen(*op);
    if (strncmp(p, *op, n) != 0)
      continue;
    const char *same = strcmp(*op, "!=") == 0   ? "<>"
                       : strcmp(*op, "==") == 0 ? "="
                                                : *op;
    push(t, TOK_OP, strata__strdup(same));
    return p + n;
  }
  push(t, TOK_OP, strata__strndup(p, 1));
  return p + 1;
}

static const char *lex_quoted(const char *p, struct toks *t) {
  struct strbuf b;
  strbuf_init(&b);
  if (strbuf_append(&b, "", 0) != 0) {
    t->oom = 1;
    return NULL;
  }
  char close = *p == '[' ? ']' : *p;
  const char *next = unquote(p, close, &b);
  if (next == NULL) {
    t->oom = 1;
  } else if (close == '\'') {
    push(t, TOK_STRING, neutral_quoted(b.data));
  } else {
    char *name = lower_copy(b.data, b.len);
    push(t, TOK_IDENT, name ? strata__asprintf("\"%s\"", name) : NULL);
    free(name);
  }
  strbuf_release(&b);
  return next;
}

static const char *lex_word(const char *p, struct toks *t) {
  const char *q = p;
  while (is_word_char((unsigned char)*q))
    q++;
  push(t, TOK_WORD, strata__strndup(p, (size_t)(q - p)));
  return q;
}

static const char *lex_number(const char *p, struct toks *t) {
  const char *q = p;
  while (isdigit((unsigned char)*q) || *q == '.')
    q++;
  if ((*q == 'e' || *q == 'E') &&
      (isdigit((unsigned char)q[1]) ||
       ((q[1] == '-' || q[1] == '+') && isdigit((unsigned char)q[2])))) {
    q += 2;
    while (isdigit((unsigned char)*q))
      q++;
  }
  push(t, TOK_NUMBER, number_text(p, (size_t)(q - p)));
  return q;
}

static int lex(const char *text, struct toks *t) {
  const char *p = text;
  while (p != NULL && *p && !t->oom) {
    unsigned char c = (unsigned char)*p;
    if (isspace(c))
      p++;
    else if (c == '"' || c == '`' || c == '[' || c == '\'')
      p = lex_quoted(p, t);
    else if (isdigit(c) || (c == '.' && isdigit((unsigned char)p[1])))
      p = lex_number(p, t);
    else if (is_word_char(c))
      p = lex_word(p, t);
    else
      p = lex_operator(p, t);
  }
  return t->oom ? -1 : 0;
}

/* ---- the parser ---------------------------------------------------------- */

/* An expression as printed, and the operator printed outermost in it (so
 * that a chain of one operator stays one level); NULL text is a parse
 * failure, after which the caller falls back to the tokens. */
struct expr {
  char *text;
  const char *top;
};

static const struct expr failed = {NULL, NULL};

static struct expr made(char *text, const char *top) {
  return (struct expr){text, top};
}

static const struct tok *peek(const struct toks *t) {
  return &t->items[t->at];
}

static int is_op(const struct tok *k, const char *op) {
  return k->kind == TOK_OP && strcmp(k->text, op) == 0;
}

static int is_word(const struct tok *k, const char *word) {
  return k->kind == TOK_WORD && strcasecmp(k->text, word) == 0;
}

static int accept_op(struct toks *t, const char *op) {
  if (!is_op(peek(t), op))
    return 0;
  t->at++;
  return 1;
}

static int accept_word(struct toks *t, const char *word) {
  if (!is_word(peek(t), word))
    return 0;
  t->at++;
  return 1;
}

static struct expr parse(struct toks *t, int min_level);

static const char *const keywords[] = {"AND",
                                       "OR",
                                       "NOT",
                                       "IS",
                                       "NULL",
                                       "IN",
                                       "BETWEEN",
                                       "LIKE",
                                       "TRUE",
                                       "FALSE",
                                       "CASE",
                                       "WHEN",
                                       "THEN",
                                       "ELSE",
                                       "END",
                                       "ESCAPE",
                                       "CURRENT_TIMESTAMP",
                                       "CURRENT_DATE",
                                       "CURRENT_TIME",
                                       "LOCALTIMESTAMP",
                                       NULL};

static int is_keyword(const char *word) {
  for (const char *const *k = keywords; *k; k++)
    if (strcasecmp(word, *k) == 0)
      return 1;
  return 0;
}

/* A function's one name: MariaDB prints lower() back as lcase(). */
static const char *function_name(const char *lower) {
  if (strcmp(lower, "lcase") == 0)
    return "lower";
  if (strcmp(lower, "ucase") == 0)
    return "upper";
  return lower;
}

/* Items of a list up to its ")", each parsed whole, into b after what it
 * holds; 0, or -1 on a failure. */
static int parse_list(struct toks *t, struct strbuf *b) {
  size_t first = b->len;
  if (accept_op(t, ")"))
    return 0;
  do {
    struct expr item = parse(t, 0);
    int rc = item.text == NULL ||
             strbuf_appendf(b, "%s%s", b->len > first ? ", " : "", item.text);
    free(item.text);
    if (rc != 0)
      return -1;
  } while (accept_op(t, ","));
  return accept_op(t, ")") ? 0 : -1;
}

/* "name(a, b)", after its name and "(". */
static struct expr parse_call(struct toks *t, const char *name) {
  struct strbuf b;
  strbuf_init(&b);
  int rc = strbuf_appendf(&b, "%s(", name);
  rc = rc || parse_list(t, &b) || strbuf_append(&b, ")", 1);
  if (rc != 0)
    strbuf_release(&b);
  return made(b.data, NULL);
}

static struct expr parse_word(struct toks *t) {
  const struct tok *k = &t->items[t->at++];
  if (is_keyword(k->text)) {
    if (strcasecmp(k->text, "TRUE") == 0)
      return made(strata__strdup("1"), NULL);
    if (strcasecmp(k->text, "FALSE") == 0)
      return made(strata__strdup("0"), NULL);
    if (strcasecmp(k->text, "NULL") == 0 ||
        strncasecmp(k->text, "CURRENT_", 8) == 0 ||
        strcasecmp(k->text, "LOCALTIMESTAMP") == 0)
      return made(upper_copy(k->text, strlen(k->text)), NULL);
    return failed;
  }
  char *lower = lower_copy(k->text, strlen(k->text));
  if (lower == NULL)
    return failed;
  struct expr out = accept_op(t, "(")
                        ? parse_call(t, function_name(lower))
                        : made(strata__asprintf("\"%s\"", lower), NULL);
  free(lower);
  return out;
}

/* Binding levels, loosest first. */
enum { L_OR = 1, L_AND, L_NOT, L_COMPARE, L_ADD, L_MUL, L_UNARY };

/* A value, a column, a call, a parenthesized expression or a negated
 * one (NOT binds looser: parse() takes it). */
static struct expr parse_primary(struct toks *t) {
  const struct tok *k = peek(t);
  if (accept_op(t, "(")) {
    struct expr inner = parse(t, 0);
    if (inner.text != NULL && !accept_op(t, ")")) {
      free(inner.text);
      return failed;
    }
    return inner;
  }
  if (accept_op(t, "-")) {
    struct expr operand = parse(t, L_UNARY);
    if (operand.text == NULL)
      return failed;
    char *out = isdigit((unsigned char)operand.text[0])
                    ? strata__asprintf("-%s", operand.text)
                    : strata__asprintf("(- %s)", operand.text);
    free(operand.text);
    return made(out, NULL);
  }
  if (k->kind == TOK_WORD)
    return parse_word(t);
  if (k->kind == TOK_IDENT || k->kind == TOK_STRING || k->kind == TOK_NUMBER) {
    t->at++;
    return made(strata__strdup(k->text), NULL);
  }
  return failed;
}

/* ---- operators ----------------------------------------------------------- */

struct binary {
  const char *op;
  int level;
};

static const struct binary binaries[] = {
    {"=", L_COMPARE}, {"<>", L_COMPARE}, {"<", L_COMPARE}, {"<=", L_COMPARE},
    {">", L_COMPARE}, {">=", L_COMPARE}, {"+", L_ADD},     {"-", L_ADD},
    {"||", L_ADD},    {"*", L_MUL},      {"/", L_MUL},     {"%", L_MUL},
    {"AND", L_AND},   {"OR", L_OR}};

static const struct binary *binary_at(const struct tok *k) {
  for (size_t i = 0; i < sizeof binaries / sizeof *binaries; i++) {
    const char *op = binaries[i].op;
    if (isalpha((unsigned char)op[0]) ? is_word(k, op) : is_op(k, op))
      return &binaries[i];
  }
  return NULL;
}

/* "(a AND b)", or "(a AND b AND c)" when a is an AND chain already: a
 * chain is one level however an engine nested it. */
static struct expr join(struct expr left, const struct binary *b,
                        struct expr right) {
  int chain =
      b->level <= L_AND && left.top != NULL && strcmp(left.top, b->op) == 0;
  char *text =
      chain ? strata__asprintf("%.*s %s %s)", (int)(strlen(left.text) - 1),
                               left.text, b->op, right.text)
            : strata__asprintf("(%s %s %s)", left.text, b->op, right.text);
  return made(text, b->op);
}

/* [NOT] IN (list), after IN. */
static struct expr parse_in(struct toks *t, const char *left, int negated) {
  if (!accept_op(t, "("))
    return failed;
  struct strbuf b;
  strbuf_init(&b);
  int rc = strbuf_appendf(&b, "(%s %sIN (", left, negated ? "NOT " : "");
  rc = rc || parse_list(t, &b) || strbuf_append(&b, "))", 2);
  if (rc != 0)
    strbuf_release(&b);
  return made(b.data, NULL);
}

/* [NOT] BETWEEN a AND b, after BETWEEN: as PostgreSQL stores it. */
static struct expr parse_between(struct toks *t, const char *left,
                                 int negated) {
  struct expr low = parse(t, L_ADD), high = failed;
  if (low.text != NULL && accept_word(t, "AND"))
    high = parse(t, L_ADD);
  char *out = NULL;
  if (high.text != NULL)
    out = negated ? strata__asprintf("((%s < %s) OR (%s > %s))", left, low.text,
                                     left, high.text)
                  : strata__asprintf("((%s >= %s) AND (%s <= %s))", left,
                                     low.text, left, high.text);
  free(low.text);
  free(high.text);
  return made(out, negated ? "OR" : "AND");
}

static struct expr parse_like(struct toks *t, const char *left, int negated) {
  struct expr pattern = parse(t, L_ADD);
  char *out = pattern.text
                  ? strata__asprintf("(%s %sLIKE %s)", left,
                                     negated ? "NOT " : "", pattern.text)
                  : NULL;
  free(pattern.text);
  return made(out, NULL);
}

/* IS [NOT] NULL, [NOT] IN, [NOT] BETWEEN or [NOT] LIKE after left.
 * *found is 0, with t->at unmoved, when none follows. */
static struct expr parse_postfix(struct toks *t, const char *left, int *found) {
  size_t at = t->at;
  *found = 1;
  if (accept_word(t, "IS")) {
    int negated = accept_word(t, "NOT");
    if (accept_word(t, "NULL"))
      return made(
          strata__asprintf("(%s IS %sNULL)", left, negated ? "NOT " : ""),
          NULL);
  } else {
    int negated = accept_word(t, "NOT");
    if (accept_word(t, "IN"))
      return parse_in(t, left, negated);
    if (accept_word(t, "BETWEEN"))
      return parse_between(t, left, negated);
    if (accept_word(t, "LIKE"))
      return parse_like(t, left, negated);
  }
  t->at = at;
  *found = 0;
  return failed;
}

static struct expr parse_not(struct toks *t) {
  struct expr operand = parse(t, L_NOT);
  char *out = operand.text ? strata__asprintf("(NOT %s)", operand.text) : NULL;
  free(operand.text);
  return made(out, NULL);
}

static struct expr parse(struct toks *t, int min_level) {
  struct expr left = min_level <= L_NOT && accept_word(t, "NOT")
                         ? parse_not(t)
                         : parse_primary(t);
  while (left.text != NULL) {
    int found = 0;
    struct expr next = failed;
    if (min_level <= L_COMPARE)
      next = parse_postfix(t, left.text, &found);
    if (!found) {
      const struct binary *b = binary_at(peek(t));
      if (b == NULL || b->level < min_level)
        break;
      t->at++;
      struct expr right = parse(t, b->level + 1);
      if (right.text != NULL)
        next = join(left, b, right);
      free(right.text);
    }
    free(left.text);
    left = next;
  }
  return left;
}

/* A token as an unparsed text shows it: a keyword in upper case, a
 * function's name (a word before "(") in lower case, another word as a
 * quoted identifier. */
static char *token_text(const struct tok *k, const struct tok *next) {
  size_t n = k->text ? strlen(k->text) : 0;
  if (k->kind != TOK_WORD)
    return strata__strdup(k->text);
  if (is_keyword(k->text))
    return upper_copy(k->text, n);
  char *lower = lower_copy(k->text, n);
  if (lower == NULL || is_op(next, "("))
    return lower;
  char *quoted = strata__asprintf("\"%s\"", lower);
  free(lower);
  return quoted;
}

/* The tokens one space apart: what an unparsed text compares by. */
static char *tokens_text(const struct toks *t) {
  struct strbuf b;
  strbuf_init(&b);
  int rc = strbuf_append(&b, "", 0);
  for (size_t i = 0; rc == 0 && i < t->count; i++) {
    char *word = token_text(&t->items[i], &t->items[i + 1]);
    rc = word == NULL || strbuf_appendf(&b, "%s%s", i ? " " : "", word);
    free(word);
  }
  if (rc != 0)
    strbuf_release(&b);
  return b.data;
}

char *neutral_expression(const char *text) {
  struct toks t = {0};
  char *out = NULL;
  if (lex(text, &t) == 0) {
    out = t.count > 0 ? parse(&t, 0).text : strata__strdup("");
    if (out != NULL && t.at != t.count) {
      free(out);
      out = NULL;
    }
    if (out == NULL && !t.oom)
      out = tokens_text(&t);
  }
  toks_release(&t);
  return out;
}
