/*
 * lexer.c - MySQL's tokens, as the mysql client and the server see them.
 *
 * The rules: strings in '...' and "..." with backslash escapes and doubled
 * quotes; identifiers in `...` with doubled backticks; comments from "#" or
 * "-- " (the dashes followed by a space or a control character) to the end
 * of the line, and in slash-star pairs; and versioned comments, whose
 * content the server runs as code.  The delimiter is looked for wherever a
 * token could start and inside words, as the mysql client does, so that
 * "END$$" ends a statement under "DELIMITER $$".
 *
 * The lexer assumes backslash escapes, the server's default: under the
 * NO_BACKSLASH_ESCAPES sql_mode a string ending in a backslash would look
 * unterminated here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "split.h"

int mysqldrv_syntax_error(struct strata_error *err, size_t offset,
                          const char *fmt, ...) {
  va_list ap;
  if (err == NULL)
    return STRATA_ESQL;
  memset(err, 0, sizeof(*err));
  err->code = STRATA_ESQL;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof(err->message), fmt, ap);
  va_end(ap);
  err->offset = (long)offset;
  return STRATA_ESQL;
}

void mysqldrv_lexer_init(struct mysqldrv_lexer *lx, const char *text,
                         size_t length) {
  memset(lx, 0, sizeof(*lx));
  lx->text = text;
  lx->length = length;
  mysqldrv_lexer_set_delimiter(lx, ";", 1);
}

void mysqldrv_lexer_set_delimiter(struct mysqldrv_lexer *lx, const char *s,
                                  size_t n) {
  if (n > MYSQLDRV_DELIMITER_MAX)
    n = MYSQLDRV_DELIMITER_MAX;
  memcpy(lx->delimiter, s, n);
  lx->delimiter[n] = '\0';
  lx->delimiter_length = n;
}

static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

/* Letters, digits, '_', '$' and every byte of a multi-byte UTF-8
 * character may appear in an unquoted identifier. */
static int is_word_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80;
}

static int is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}

static unsigned char peek_at(const struct mysqldrv_lexer *lx, size_t pos) {
  return pos < lx->length ? (unsigned char)lx->text[pos] : '\0';
}

static int delimiter_at(const struct mysqldrv_lexer *lx, size_t pos) {
  size_t n = lx->delimiter_length;
  return n > 0 && lx->length - pos >= n && lx->text[pos] == lx->delimiter[0] &&
         memcmp(lx->text + pos, lx->delimiter, n) == 0;
}

/* "--" starts a comment only when a space or a control character (or the
 * end of the text) follows it: "1--1" is one minus minus one. */
static int dash_comment_at(const struct mysqldrv_lexer *lx, size_t pos) {
  unsigned char after = peek_at(lx, pos + 2);
  return peek_at(lx, pos) == '-' && peek_at(lx, pos + 1) == '-' &&
         (pos + 2 >= lx->length || after <= ' ' || after == 0x7f);
}

static size_t line_end(const struct mysqldrv_lexer *lx, size_t pos) {
  const char *nl = memchr(lx->text + pos, '\n', lx->length - pos);
  return nl ? (size_t)(nl - lx->text) + 1 : lx->length;
}

/* The length of a versioned comment's opening, "/" "*!" or "/" "*M!" and
 * up to six digits, at pos; 0 when there is none. */
static size_t version_open_length(const struct mysqldrv_lexer *lx, size_t pos) {
  size_t n;
  if (peek_at(lx, pos) != '/' || peek_at(lx, pos + 1) != '*')
    return 0;
  if (peek_at(lx, pos + 2) == '!')
    n = 3;
  else if (peek_at(lx, pos + 2) == 'M' && peek_at(lx, pos + 3) == '!')
    n = 4;
  else
    return 0;
  for (int digits = 0; digits < 6 && is_digit(peek_at(lx, pos + n)); digits++)
    n++;
  return n;
}

static int skip_block_comment(struct mysqldrv_lexer *lx,
                              struct strata_error *err) {
  size_t start = lx->pos;
  for (size_t i = start + 2; i + 1 < lx->length; i++) {
    if (lx->text[i] == '*' && lx->text[i + 1] == '/') {
      lx->pos = i + 2;
      return 0;
    }
  }
  return mysqldrv_syntax_error(err, start,
                               "unterminated comment: the /* opened here is "
                               "never closed");
}

/* Skips white space and comments.  Stops at the delimiter even when it
 * looks like a comment, as the mysql client does. */
static int skip_ignored(struct mysqldrv_lexer *lx, struct strata_error *err) {
  while (lx->pos < lx->length) {
    unsigned char c = (unsigned char)lx->text[lx->pos];
    if (delimiter_at(lx, lx->pos))
      return 0;
    if (is_space(c)) {
      lx->pos++;
    } else if (c == '#' || dash_comment_at(lx, lx->pos)) {
      lx->pos = line_end(lx, lx->pos);
    } else if (c == '/' && peek_at(lx, lx->pos + 1) == '*' &&
               version_open_length(lx, lx->pos) == 0) {
      int rc = skip_block_comment(lx, err);
      if (rc != 0)
        return rc;
    } else {
      return 0;
    }
  }
  return 0;
}

/* Scans a quoted token whose quote character opens at lx->pos.  A doubled
 * quote stands for itself; in strings (not in backticks) a backslash
 * escapes the next byte. */
static int scan_quoted(struct mysqldrv_lexer *lx, int backslash,
                       struct strata_error *err) {
  size_t start = lx->pos;
  char quote = lx->text[start];
  size_t i = start + 1;
  while (i < lx->length) {
    char c = lx->text[i];
    if (backslash && c == '\\') {
      i += 2;
    } else if (c == quote && peek_at(lx, i + 1) == (unsigned char)quote) {
      i += 2;
    } else if (c == quote) {
      lx->pos = i + 1;
      return 0;
    } else {
      i++;
    }
  }
  if (quote == '`')
    return mysqldrv_syntax_error(err, start,
                                 "unterminated quoted identifier: the ` "
                                 "opened here is never closed");
  return mysqldrv_syntax_error(err, start,
                               "unterminated string: the %c opened here is "
                               "never closed",
                               quote);
}

static void scan_word(struct mysqldrv_lexer *lx) {
  lx->pos++;
  while (lx->pos < lx->length &&
         is_word_char((unsigned char)lx->text[lx->pos]) &&
         !delimiter_at(lx, lx->pos))
    lx->pos++;
}

/* Reads one token at lx->pos, which is neither white space nor a comment. */
static int scan_token(struct mysqldrv_lexer *lx, struct mysqldrv_token *tok,
                      struct strata_error *err) {
  unsigned char c = (unsigned char)lx->text[lx->pos];
  size_t open = version_open_length(lx, lx->pos);
  tok->kind = MYSQLDRV_TOKEN_PUNCT;
  if (delimiter_at(lx, lx->pos)) {
    tok->kind = MYSQLDRV_TOKEN_DELIMITER;
    lx->pos += lx->delimiter_length;
  } else if (open > 0) {
    tok->kind = MYSQLDRV_TOKEN_VERSION_OPEN;
    lx->in_version_comment = 1;
    lx->version_comment_start = lx->pos;
    lx->pos += open;
  } else if (c == '*' && lx->in_version_comment &&
             peek_at(lx, lx->pos + 1) == '/') {
    tok->kind = MYSQLDRV_TOKEN_VERSION_CLOSE;
    lx->in_version_comment = 0;
    lx->pos += 2;
  } else if (c == '\'' || c == '"') {
    tok->kind = MYSQLDRV_TOKEN_STRING;
    return scan_quoted(lx, 1, err);
  } else if (c == '`') {
    tok->kind = MYSQLDRV_TOKEN_QUOTED;
    return scan_quoted(lx, 0, err);
  } else if (is_word_char(c)) {
    tok->kind = MYSQLDRV_TOKEN_WORD;
    scan_word(lx);
  } else if (c == ':' && peek_at(lx, lx->pos + 1) == '=') {
    lx->pos += 2;
  } else {
    lx->pos++;
  }
  return 0;
}

int mysqldrv_lexer_next(struct mysqldrv_lexer *lx, struct mysqldrv_token *tok,
                        struct strata_error *err) {
  int rc = skip_ignored(lx, err);
  tok->kind = MYSQLDRV_TOKEN_END;
  tok->start = tok->end = lx->pos;
  if (rc != 0)
    return rc;
  if (lx->pos >= lx->length) {
    if (lx->in_version_comment)
      return mysqldrv_syntax_error(err, lx->version_comment_start,
                                   "unterminated comment: the /*! opened "
                                   "here is never closed");
    return 0;
  }
  rc = scan_token(lx, tok, err);
  tok->end = lx->pos;
  if (rc != 0)
    tok->kind = MYSQLDRV_TOKEN_END;
  return rc;
}

int mysqldrv_token_is(const struct mysqldrv_lexer *lx,
                      const struct mysqldrv_token *tok, const char *keyword) {
  size_t n = tok->end - tok->start;
  if (tok->kind != MYSQLDRV_TOKEN_WORD || strlen(keyword) != n)
    return 0;
  for (size_t i = 0; i < n; i++) {
    char c = lx->text[tok->start + i];
    if (c >= 'a' && c <= 'z')
      c = (char)(c - 'a' + 'A');
    if (c != keyword[i])
      return 0;
  }
  return 1;
}
