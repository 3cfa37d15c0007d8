/*
 * introspect_sql.c - SQLite's tokens, read back from stored schema text,
 * and the canonical spelling of identifiers, types and expressions.
 *
 * SQLite keeps each CREATE statement as it was typed.  Introspection reads
 * what no pragma reports (CHECK constraints, constraint names, generated
 * expressions) from that text, and writes expressions back in one layout:
 * keywords in upper case, function names in lower case, one space between
 * tokens except where SQL is written without one, comments dropped.  Two
 * schemas typed differently but meaning the same then read the same.
 */
#include "sqlite.h"

#include <stdlib.h>
#include <string.h>

static int is_word_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c >= 0x80;
}

static int is_word_char(unsigned char c) {
  return is_word_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static int is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}

static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

void sqllex_init(struct sqllex *lx, const char *text, size_t length) {
  lx->at = text;
  lx->end = text + length;
}

/* ---- quotes and comments, which split.c steps over too ------------- */

const char *sqllex_after_quoted(const char *p, const char *end) {
  char close = *p == '[' ? ']' : *p;
  for (p++; p < end; p++) {
    if (*p != close)
      continue;
    if (close != ']' && p + 1 < end && p[1] == close) {
      p++;
      continue;
    }
    return p + 1;
  }
  return NULL;
}

int sqllex_at_comment(const char *p, const char *end) {
  return end - p >= 2 &&
         ((p[0] == '-' && p[1] == '-') || (p[0] == '/' && p[1] == '*'));
}

const char *sqllex_after_comment(const char *p, const char *end) {
  if (p[0] == '-') {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    return nl != NULL ? nl + 1 : end;
  }
  for (const char *q = p + 2; q + 1 < end; q++)
    if (q[0] == '*' && q[1] == '/')
      return q + 2;
  return NULL;
}

/* ---- tokens -------------------------------------------------------- */

/* Stored schema text was accepted by SQLite, so an unterminated quote or
 * comment can only be the end of the text: it runs to there. */
static const char *after_quote(const char *p, const char *end) {
  const char *stop = sqllex_after_quoted(p, end);
  return stop != NULL ? stop : end;
}

static const char *after_comments(const char *p, const char *end) {
  while (p < end) {
    if (is_space((unsigned char)*p)) {
      p++;
    } else if (sqllex_at_comment(p, end)) {
      const char *stop = sqllex_after_comment(p, end);
      p = stop != NULL ? stop : end;
    } else {
      break;
    }
  }
  return p;
}

static const char *after_number(const char *p, const char *end) {
  if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    p += 2;
    while (p < end && (is_word_char((unsigned char)*p)))
      p++;
    return p;
  }
  while (p < end && (is_digit((unsigned char)*p) || *p == '.' || *p == '_'))
    p++;
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < end && (*p == '+' || *p == '-'))
      p++;
    while (p < end && is_digit((unsigned char)*p))
      p++;
  }
  return p;
}

/* Operators of two or three characters; anything else is one character. */
static size_t operator_length(const char *p, const char *end) {
  static const char *const longer[] = {"->>", "||", "<=", ">=", "<>",
                                       "!=",  "==", "<<", ">>", "->"};
  for (size_t i = 0; i < sizeof longer / sizeof longer[0]; i++) {
    size_t n = strlen(longer[i]);
    if ((size_t)(end - p) >= n && memcmp(p, longer[i], n) == 0)
      return n;
  }
  return 1;
}

static enum sqltok_kind classify(const char *p, const char *end,
                                 const char **stop) {
  unsigned char c = (unsigned char)*p;
  *stop = p + 1;
  if ((c == 'x' || c == 'X') && p + 1 < end && p[1] == '\'') {
    *stop = after_quote(p + 1, end);
    return SQLTOK_BLOB;
  }
  if (is_word_start(c)) {
    while (*stop < end && is_word_char((unsigned char)**stop))
      (*stop)++;
    return SQLTOK_WORD;
  }
  if (is_digit(c) ||
      (c == '.' && p + 1 < end && is_digit((unsigned char)p[1]))) {
    *stop = after_number(p, end);
    return SQLTOK_NUMBER;
  }
  switch (c) {
  case '\'': *stop = after_quote(p, end); return SQLTOK_STRING;
  case '"':
  case '`':
  case '[': *stop = after_quote(p, end); return SQLTOK_ID;
  case '(': return SQLTOK_LPAREN;
  case ')': return SQLTOK_RPAREN;
  case ',': return SQLTOK_COMMA;
  case ';': return SQLTOK_SEMI;
  case '.': return SQLTOK_DOT;
  case '?':
  case ':':
  case '@':
  case '$':
    while (*stop < end && is_word_char((unsigned char)**stop))
      (*stop)++;
    return SQLTOK_VARIABLE;
  default: *stop = p + operator_length(p, end); return SQLTOK_OPERATOR;
  }
}

enum sqltok_kind sqllex_next(struct sqllex *lx, struct sqltok *tok) {
  const char *p = after_comments(lx->at, lx->end);
  const char *stop = p;
  tok->kind = p < lx->end ? classify(p, lx->end, &stop) : SQLTOK_END;
  tok->text = p;
  tok->length = (size_t)(stop - p);
  lx->at = stop;
  return tok->kind;
}

int sqltok_is(const struct sqltok *tok, const char *word) {
  size_t n = strlen(word);
  return tok->kind == SQLTOK_WORD && tok->length == n &&
         sqlite3_strnicmp(tok->text, word, (int)n) == 0;
}

static int is_sign(const struct sqltok *tok) {
  return tok->kind == SQLTOK_OPERATOR && tok->length == 1 &&
         (tok->text[0] == '-' || tok->text[0] == '+');
}

int sqllex_is_plain_value(const char *text, struct sqltok *first) {
  struct sqllex lx;
  struct sqltok second, rest;
  sqllex_init(&lx, text, strlen(text));
  sqllex_next(&lx, first);
  sqllex_next(&lx, &second);
  sqllex_next(&lx, &rest);
  if (second.kind == SQLTOK_END)
    return first->kind != SQLTOK_END && first->kind != SQLTOK_LPAREN;
  return rest.kind == SQLTOK_END && is_sign(first) &&
         second.kind == SQLTOK_NUMBER;
}

/* ---- text being built ---------------------------------------------- */

void sqlite_text_add(struct sqlite_text *b, const char *s, size_t n) {
  if (b->failed)
    return;
  if (b->length + n + 1 > b->capacity) {
    size_t cap = b->capacity ? b->capacity : 256;
    while (cap < b->length + n + 1)
      cap *= 2;
    char *grown = realloc(b->data, cap);
    if (grown == NULL) {
      b->failed = 1;
      return;
    }
    b->data = grown;
    b->capacity = cap;
  }
  memcpy(b->data + b->length, s, n);
  b->length += n;
  b->data[b->length] = '\0';
}

void sqlite_text_adds(struct sqlite_text *b, const char *s) {
  sqlite_text_add(b, s, strlen(s));
}

void sqlite_text_release(struct sqlite_text *b) {
  free(b->data);
  *b = (struct sqlite_text){0};
}

static int is_plain_identifier(const char *name) {
  if (!is_word_start((unsigned char)name[0]))
    return 0;
  for (const char *p = name; *p != '\0'; p++) {
    unsigned char c = (unsigned char)*p;
    if (c >= 0x80 || c == '$' || !is_word_char(c))
      return 0;
  }
  return !sqlite3_keyword_check(name, (int)strlen(name));
}

/* "name", with a " in it doubled. */
static void add_double_quoted(struct sqlite_text *b, const char *name,
                              size_t n) {
  sqlite_text_add(b, "\"", 1);
  for (size_t i = 0; i < n; i++)
    sqlite_text_add(b, name[i] == '"' ? "\"\"" : name + i,
                    name[i] == '"' ? 2 : 1);
  sqlite_text_add(b, "\"", 1);
}

void sqlite_text_add_ident(struct sqlite_text *b, const char *name) {
  if (is_plain_identifier(name)) {
    sqlite_text_adds(b, name);
    return;
  }
  add_double_quoted(b, name, strlen(name));
}

/* ---- identifiers as names ------------------------------------------ */

/* The name a quoted or bare token stands for: "a""b" is a"b, [x] is x. */
size_t sqltok_dequote(const struct sqltok *tok, char *out, size_t size) {
  const char *s = tok->text;
  size_t n = tok->length, w = 0;
  if (tok->kind != SQLTOK_WORD && n >= 2) {
    char close = s[0] == '[' ? ']' : s[0];
    for (size_t i = 1; i + 1 < n; i++) {
      if (w + 1 < size)
        out[w] = s[i];
      w++;
      if (s[i] == close && close != ']' && s[i + 1] == close)
        i++;
    }
  } else {
    for (size_t i = 0; i < n; i++, w++)
      if (w + 1 < size)
        out[w] = s[i];
  }
  if (size > 0)
    out[w < size ? w : size - 1] = '\0';
  return w;
}

int sqltok_names(const struct sqltok *tok, const char *name) {
  char buf[512];
  size_t n = sqltok_dequote(tok, buf, sizeof buf);
  return n < sizeof buf && sqlite3_stricmp(buf, name) == 0;
}

/* ---- the canonical layout ------------------------------------------ */

struct layout {
  struct sqlite_text *out;
  int upper_words; /* a type name: every word in upper case */
  enum sqltok_kind prev_kind;
  int prev_keyword; /* the previous token was an SQL keyword */
  int prev_unary;   /* the previous token was a sign or ~ */
  int prev_collate; /* the previous token was COLLATE */
  int prev_as;      /* the previous token was AS */
  int in_type;      /* in the type name after CAST (... AS */
  char prev_last;   /* its last character */
  int started;
};

/* TRUE and FALSE are not keywords to SQLite's tokenizer, only names it
 * knows, but they read as keywords. */
static int is_keyword(const struct sqltok *tok) {
  return tok->kind == SQLTOK_WORD &&
         (sqlite3_keyword_check(tok->text, (int)tok->length) ||
          sqltok_is(tok, "TRUE") || sqltok_is(tok, "FALSE"));
}

/* A sign is unary where no operand precedes it. */
static int starts_operand(const struct layout *ly) {
  if (!ly->started)
    return 1;
  switch (ly->prev_kind) {
  case SQLTOK_LPAREN:
  case SQLTOK_COMMA:
  case SQLTOK_OPERATOR: return 1;
  case SQLTOK_WORD: return ly->prev_keyword;
  default: return 0;
  }
}

static int needs_space(const struct layout *ly, const struct sqltok *tok) {
  if (!ly->started)
    return 0;
  if (tok->kind == SQLTOK_RPAREN || tok->kind == SQLTOK_COMMA ||
      tok->kind == SQLTOK_DOT)
    return 0;
  if (ly->prev_kind == SQLTOK_LPAREN || ly->prev_kind == SQLTOK_DOT)
    return 0;
  /* Never let two tokens run together into a comment. */
  if ((ly->prev_last == '-' && tok->text[0] == '-') ||
      (ly->prev_last == '/' && tok->text[0] == '*'))
    return 1;
  if (ly->prev_unary)
    return 0;
  if (tok->kind == SQLTOK_LPAREN &&
      (ly->prev_kind == SQLTOK_ID ||
       (ly->prev_kind == SQLTOK_WORD &&
        (!ly->prev_keyword || ly->upper_words || ly->in_type))))
    return 0;
  return 1;
}

static void add_case(struct sqlite_text *b, const struct sqltok *tok,
                     int upper) {
  for (size_t i = 0; i < tok->length; i++) {
    char c = tok->text[i];
    if (upper && c >= 'a' && c <= 'z')
      c = (char)(c - 'a' + 'A');
    else if (!upper && c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    sqlite_text_add(b, &c, 1);
  }
}

/* [name] and `name` are always names; written "name" they read the same
 * however they were typed.  "name" itself is kept: SQLite reads it as a
 * string where no column has that name. */
static void add_quoted_name(struct sqlite_text *b, const struct sqltok *tok) {
  if (tok->text[0] == '"') {
    sqlite_text_add(b, tok->text, tok->length);
    return;
  }
  char name[512];
  size_t n = sqltok_dequote(tok, name, sizeof name);
  if (n >= sizeof name) {
    sqlite_text_add(b, tok->text, tok->length);
    return;
  }
  add_double_quoted(b, name, n);
}

/* Keywords, type names and collation names in upper case, function names
 * in lower case, other names as typed. */
static void add_token(struct layout *ly, const struct sqltok *tok,
                      const struct sqltok *next) {
  int keyword = is_keyword(tok);
  ly->in_type = tok->kind == SQLTOK_WORD && (ly->in_type || ly->prev_as);
  if (tok->kind == SQLTOK_ID)
    add_quoted_name(ly->out, tok);
  else if (tok->kind != SQLTOK_WORD)
    sqlite_text_add(ly->out, tok->text, tok->length);
  else if (keyword || ly->upper_words || ly->prev_collate || ly->in_type)
    add_case(ly->out, tok, 1);
  else if (next->kind == SQLTOK_LPAREN)
    add_case(ly->out, tok, 0);
  else
    sqlite_text_add(ly->out, tok->text, tok->length);
  ly->prev_unary =
      tok->kind == SQLTOK_OPERATOR && starts_operand(ly) &&
      (tok->text[0] == '-' || tok->text[0] == '+' || tok->text[0] == '~') &&
      tok->length == 1;
  ly->prev_collate = sqltok_is(tok, "COLLATE");
  ly->prev_as = sqltok_is(tok, "AS");
  ly->prev_kind = tok->kind;
  ly->prev_keyword = keyword;
  ly->prev_last = tok->text[tok->length - 1];
  ly->started = 1;
}

static void add_layout(struct sqlite_text *b, const char *text, size_t length,
                       int upper_words) {
  struct layout ly = {.out = b, .upper_words = upper_words};
  struct sqllex lx;
  struct sqltok tok, next;
  sqllex_init(&lx, text, length);
  sqllex_next(&lx, &tok);
  while (tok.kind != SQLTOK_END) {
    sqllex_next(&lx, &next);
    if (needs_space(&ly, &tok))
      sqlite_text_add(b, " ", 1);
    add_token(&ly, &tok, &next);
    tok = next;
  }
}

void sqlite_text_add_expr(struct sqlite_text *b, const char *text,
                          size_t length) {
  add_layout(b, text, length, 0);
}

void sqlite_text_add_type(struct sqlite_text *b, const char *text,
                          size_t length) {
  add_layout(b, text, length, 1);
}
