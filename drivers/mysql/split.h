/*
 * split.h - MySQL's lexical rules: a tokenizer (lexer.c) and the statement
 * splitter built on it (split.c).
 *
 * With position.c, which maps a server's "at line N" back into a
 * statement, they need neither a connection nor the client library, so the
 * unit tests link them alone.  Offsets are bytes into the text given.
 */
#ifndef STRATA_DRIVERS_MYSQL_SPLIT_H
#define STRATA_DRIVERS_MYSQL_SPLIT_H

#include <stddef.h>
#include <strata/driver.h>

#if defined(__GNUC__)
#define MYSQLDRV_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MYSQLDRV_PRINTF(f, a)
#endif

/* The mysql client keeps its delimiter in 16 bytes; so do we, which also
 * keeps matching it linear in the script's length. */
#define MYSQLDRV_DELIMITER_MAX 15

enum mysqldrv_token_kind {
  MYSQLDRV_TOKEN_END,          /* the end of the script */
  MYSQLDRV_TOKEN_WORD,         /* a keyword, an identifier or a number */
  MYSQLDRV_TOKEN_STRING,       /* '...' or "..." */
  MYSQLDRV_TOKEN_QUOTED,       /* `...` */
  MYSQLDRV_TOKEN_PUNCT,        /* one character, or ":=" */
  MYSQLDRV_TOKEN_DELIMITER,    /* the current statement delimiter */
  MYSQLDRV_TOKEN_VERSION_OPEN, /* slash-star-bang and digits: 50003 */
  MYSQLDRV_TOKEN_VERSION_CLOSE /* the star-slash that closes it */
};

struct mysqldrv_token {
  enum mysqldrv_token_kind kind;
  size_t start;
  size_t end;
};

/* Comments and white space never become tokens.  The text inside a
 * versioned comment is code to the server, so it is tokenized as code
 * between a VERSION_OPEN and a VERSION_CLOSE token. */
struct mysqldrv_lexer {
  const char *text;
  size_t length;
  size_t pos;
  char delimiter[MYSQLDRV_DELIMITER_MAX + 1];
  size_t delimiter_length;
  int in_version_comment;
  size_t version_comment_start;
};

/* Starts a lexer over text with the delimiter ";". */
void mysqldrv_lexer_init(struct mysqldrv_lexer *lx, const char *text,
                         size_t length);
/* Sets the delimiter the lexer recognises from now on. */
void mysqldrv_lexer_set_delimiter(struct mysqldrv_lexer *lx, const char *s,
                                  size_t n);
/* Reads the next token.  An unterminated string, quoted identifier or
 * comment is STRATA_ESQL with err->offset where it began. */
int mysqldrv_lexer_next(struct mysqldrv_lexer *lx, struct mysqldrv_token *tok,
                        struct strata_error *err);

/* Whether the word token equals keyword (upper case), ignoring case. */
int mysqldrv_token_is(const struct mysqldrv_lexer *lx,
                      const struct mysqldrv_token *tok, const char *keyword);

/* Fills err (which may be NULL) wholly: code STRATA_ESQL, the message, and
 * offset; split() has no host to do it.  Returns STRATA_ESQL. */
int mysqldrv_syntax_error(struct strata_error *err, size_t offset,
                          const char *fmt, ...) MYSQLDRV_PRINTF(3, 4);

/* The driver's split(): see driver.h.  A statement's range starts at its
 * first token and ends after its last, so it excludes the delimiter and the
 * comments around it; DELIMITER lines are not statements. */
int mysqldrv_split(const char *script, size_t length, strata_statement_fn emit,
                   void *ctx, struct strata_error *err);

/* position.c: the byte offset in the statement sql (len bytes) that a
 * server's message blames ("... near 'x' at line 3"), or -1. */
long mysqldrv_error_position(const char *sql, size_t len, const char *message);

#endif
