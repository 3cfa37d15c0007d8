/*
 * split.c - splitting a script into statements by SQLite's own rules.
 *
 * A scanner walks the script once, stepping over strings, quoted
 * identifiers and comments (by the lexer's rules, introspect_sql.c), to
 * find the semicolons that may end a statement.  At each one of a
 * statement that may be a trigger, sqlite3_complete(), the test the
 * sqlite3 shell uses, decides whether the statement is over; that is what
 * keeps the semicolons of CREATE TRIGGER ... BEGIN ... END inside the
 * trigger.  Any other statement ends at its first such semicolon.
 * sqlite3_complete() only reads the statement in hand, so a script costs
 * at most two passes however many statements it holds.
 */
#include "sqlite.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NONE ((size_t)-1)
/* The characters that may begin a ';', a quoted token or a comment. */
#define TOKEN_STARTS ";'\"`[-/"

struct splitter {
  const char *script;
  size_t length;
  char *text;   /* a NUL-terminated copy of script for sqlite3_complete() */
  size_t start; /* where the statement in hand begins, or NONE */
  size_t code;  /* its first character outside comments, or NONE */
  strata_statement_fn emit;
  void *ctx;
};

/* split() has no host to report through, so it fills err itself. */
static int split_error(struct strata_error *err, int code, size_t offset,
                       const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int split_error(struct strata_error *err, int code, size_t offset,
                       const char *fmt, ...) {
  if (err == NULL)
    return code;
  memset(err, 0, sizeof *err);
  err->code = code;
  err->offset = offset == NONE ? -1 : (long)offset;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return code;
}

static int is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int opens_quote(char c) {
  return c == '\'' || c == '"' || c == '`' || c == '[';
}

/* Where the token at i ends, or NONE when it is never closed.  Only
 * comments and quoted text can hold a ';', so any other character is a
 * token of its own. */
static size_t token_end(const char *s, size_t n, size_t i, int *is_code) {
  const char *stop;
  *is_code = !sqllex_at_comment(s + i, s + n);
  if (!*is_code)
    stop = sqllex_after_comment(s + i, s + n);
  else if (opens_quote(s[i]))
    stop = sqllex_after_quoted(s + i, s + n);
  else
    return i + 1;
  return stop != NULL ? (size_t)(stop - s) : NONE;
}

static int report_unterminated(const char *s, size_t i,
                               struct strata_error *err) {
  switch (s[i]) {
  case '\'':
    return split_error(err, STRATA_ESOURCE, i,
                       "unterminated string literal: it has no closing '");
  case '/':
    return split_error(err, STRATA_ESOURCE, i,
                       "unterminated comment: it has no closing */");
  default:
    return split_error(err, STRATA_ESOURCE, i,
                       "unterminated quoted identifier: it has no closing %c",
                       s[i] == '[' ? ']' : s[i]);
  }
}

static int word_is(const char *word, size_t len, const char *keyword) {
  return strlen(keyword) == len && strncasecmp(word, keyword, len) == 0;
}

static size_t word_length(const char *word, size_t left) {
  size_t len = 0;
  while (len < left &&
         (word[len] == '_' || (word[len] >= 'a' && word[len] <= 'z') ||
          (word[len] >= 'A' && word[len] <= 'Z')))
    len++;
  return len;
}

static size_t skip_blanks(const struct splitter *sp, size_t at) {
  while (at < sp->length && is_blank(sp->script[at]))
    at++;
  return at;
}

/* Whether the value set at `at` ("= OFF", "(0)") turns a setting off. */
static int sets_off(const struct splitter *sp, size_t at) {
  at = skip_blanks(sp, at);
  if (at >= sp->length || (sp->script[at] != '=' && sp->script[at] != '('))
    return 0;
  at = skip_blanks(sp, at + 1);
  const char *v = sp->script + at;
  size_t len = word_length(v, sp->length - at);
  if (len == 0 && at < sp->length && v[0] == '0')
    return 1;
  return word_is(v, len, "OFF") || word_is(v, len, "FALSE") ||
         word_is(v, len, "NO");
}

/* The pragmas a transaction ignores or refuses.  foreign_keys = OFF is
 * ignored inside one: flagged to run before the transaction begins (the
 * table rebuild SQLite's manual describes).  journal_mode cannot change
 * inside one: flagged like VACUUM.  The pragma's name may follow a schema
 * ("main.foreign_keys"). */
static unsigned pragma_flags(const struct splitter *sp, size_t at) {
  const char *s = sp->script;
  at = skip_blanks(sp, at);
  size_t len = word_length(s + at, sp->length - at);
  if (at + len < sp->length && s[at + len] == '.') {
    at += len + 1;
    len = word_length(s + at, sp->length - at);
  }
  if (word_is(s + at, len, "journal_mode"))
    return STRATA_STMT_NO_TRANSACTION;
  if (word_is(s + at, len, "foreign_keys") && sets_off(sp, at + len))
    return STRATA_STMT_BEFORE_TRANSACTION;
  return 0;
}

static unsigned statement_flags(const struct splitter *sp) {
  const char *word = sp->script + sp->code;
  size_t len = word_length(word, sp->length - sp->code);
  if (word_is(word, len, "VACUUM"))
    return STRATA_STMT_NO_TRANSACTION;
  if (word_is(word, len, "PRAGMA"))
    return pragma_flags(sp, sp->code + len);
  if (word_is(word, len, "CREATE") || word_is(word, len, "ALTER") ||
      word_is(word, len, "DROP"))
    return STRATA_STMT_DDL;
  return 0;
}

static int emit_statement(struct splitter *sp, size_t end) {
  while (end > sp->start && is_blank(sp->script[end - 1]))
    end--;
  struct strata_statement stmt = {
      .offset = sp->start,
      .length = end - sp->start,
      .flags = statement_flags(sp),
  };
  sp->start = NONE;
  sp->code = NONE;
  return sp->emit(sp->ctx, &stmt);
}

/* A character SQLite's tokenizer takes into an identifier. */
static int is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         (unsigned char)c >= 0x80;
}

static size_t id_length(const struct splitter *sp, size_t at) {
  size_t len = 0;
  while (at + len < sp->length && is_id_char(sp->script[at + len]))
    len++;
  return len;
}

/* Whether the statement in hand may go on past a ';': only CREATE [TEMP]
 * TRIGGER (perhaps after EXPLAIN) may, by sqlite3_complete()'s rules.  A
 * statement that plainly begins with another word is over at its first
 * ';' outside quotes and comments, and sqlite3_complete(), which reads
 * the statement again, is asked only about the others. */
static int may_run_on(const struct splitter *sp) {
  const char *s = sp->script;
  size_t len = id_length(sp, sp->code);
  if (word_is(s + sp->code, len, "EXPLAIN"))
    return 1;
  if (!word_is(s + sp->code, len, "CREATE"))
    return 0;
  size_t at = sp->code + len;
  if (at >= sp->length || !is_blank(s[at]))
    return 1; /* a comment or a quote next: left to SQLite */
  at = skip_blanks(sp, at);
  len = id_length(sp, at);
  return len == 0 || word_is(s + at, len, "TEMP") ||
         word_is(s + at, len, "TEMPORARY") || word_is(s + at, len, "TRIGGER");
}

static int statement_complete(struct splitter *sp, size_t semicolon) {
  if (!may_run_on(sp))
    return 1;
  char saved = sp->text[semicolon + 1];
  sp->text[semicolon + 1] = '\0';
  int complete = sqlite3_complete(sp->text + sp->start);
  sp->text[semicolon + 1] = saved;
  return complete;
}

/* A ';' ends the statement in hand unless SQLite says it is still open
 * (inside a trigger body); a statement of nothing but comments is dropped. */
static int at_semicolon(struct splitter *sp, size_t i) {
  if (sp->code == NONE) {
    sp->start = NONE;
    return 0;
  }
  if (!statement_complete(sp, i))
    return 0;
  return emit_statement(sp, i);
}

static int scan(struct splitter *sp, struct strata_error *err) {
  const char *s = sp->script;
  size_t n = sp->length;
  size_t i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  while (i < n) {
    if (is_blank(s[i])) {
      i++;
      continue;
    }
    if (sp->start == NONE)
      sp->start = i;
    if (s[i] == ';') {
      int rc = at_semicolon(sp, i++);
      if (rc != 0)
        return rc;
      continue;
    }
    int is_code;
    size_t end = token_end(s, n, i, &is_code);
    if (end == NONE)
      return report_unterminated(s, i, err);
    if (is_code && sp->code == NONE)
      sp->code = i;
    /* What follows a token up to the next ';', quote or comment is
     * neither: stepped over at once (text is NUL-terminated). */
    i = is_code ? end + strcspn(sp->text + end, TOKEN_STARTS) : end;
  }
  return sp->code != NONE ? emit_statement(sp, n) : 0;
}

int sqlite_script_split(const char *script, size_t length,
                        strata_statement_fn emit, void *ctx,
                        struct strata_error *err) {
  if (length == 0)
    return 0;
  const char *nul = memchr(script, '\0', length);
  if (nul != NULL)
    return split_error(err, STRATA_ESOURCE, (size_t)(nul - script),
                       "script holds a NUL byte: SQLite would stop reading "
                       "there");
  struct splitter sp = {
      .script = script,
      .length = length,
      .text = malloc(length + 1),
      .start = NONE,
      .code = NONE,
      .emit = emit,
      .ctx = ctx,
  };
  if (sp.text == NULL)
    return split_error(err, STRATA_ENOMEM, NONE, "out of memory");
  memcpy(sp.text, script, length);
  sp.text[length] = '\0';
  int rc = scan(&sp, err);
  free(sp.text);
  return rc;
}
