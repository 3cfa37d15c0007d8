/*
 * split.c - cuts a MySQL script into statements, as the mysql client would.
 *
 * Three things make this more than "split at ';'":
 *
 * - The client's DELIMITER directive changes what ends a statement; the
 *   directive's line is the client's, so it is no statement.
 * - A stored program (CREATE PROCEDURE / FUNCTION / TRIGGER / EVENT, and
 *   MariaDB's compound statements such as BEGIN NOT ATOMIC) written without
 *   any DELIMITER line holds ';' inside its body.  While the delimiter is
 *   ';', such a statement ends at the first ';' outside every block: BEGIN
 *   ... END, IF ... END IF, CASE ... END [CASE], LOOP, WHILE, REPEAT and
 *   FOR ... END <word>.  A block word counts only where it can open a
 *   block: IF( and REPEAT( in an expression are functions, IF [NOT] EXISTS
 *   is a clause, and CASE in an expression closes with a bare END.
 * - Versioned comments are code to the server, so their text is part of
 *   the statement and a ';' inside one ends it, as the client does.
 *
 * Statements that commit implicitly on MySQL are flagged STRATA_STMT_DDL,
 * following the manual's "Statements That Cause an Implicit Commit": data
 * definition, account management, LOCK TABLES, table maintenance, and
 * statements that end a transaction themselves (BEGIN, START TRANSACTION,
 * COMMIT, ROLLBACK), since the core may not wrap any of them in its own
 * transaction.  Temporary tables commit nothing and are not flagged.
 */
#include <stdlib.h>
#include <string.h>

#include "split.h"

enum keyword {
  KW_NONE,
  KW_AGGREGATE,
  KW_ALGORITHM,
  KW_ALL,
  KW_ALTER,
  KW_ANALYZE,
  KW_AND,
  KW_ATOMIC,
  KW_BEGIN,
  KW_BETWEEN,
  KW_BY,
  KW_CACHE,
  KW_CASE,
  KW_CHECK,
  KW_COMMIT,
  KW_CREATE,
  KW_DATABASE,
  KW_DEFAULT,
  KW_DEFINER,
  KW_DELIMITER,
  KW_DISTINCT,
  KW_DIV,
  KW_DO,
  KW_DROP,
  KW_ELSE,
  KW_ELSEIF,
  KW_END,
  KW_EVENT,
  KW_EXISTS,
  KW_FLUSH,
  KW_FOR,
  KW_FUNCTION,
  KW_GRANT,
  KW_HAVING,
  KW_IF,
  KW_IN,
  KW_INDEX,
  KW_INSTALL,
  KW_INTERVAL,
  KW_IS,
  KW_LIKE,
  KW_LOAD,
  KW_LOCK,
  KW_LOOP,
  KW_MOD,
  KW_NOT,
  KW_ON,
  KW_OPTIMIZE,
  KW_OR,
  KW_PROCEDURE,
  KW_RENAME,
  KW_REPAIR,
  KW_REPEAT,
  KW_REPLACE,
  KW_RETURN,
  KW_REVOKE,
  KW_ROLLBACK,
  KW_ROW,
  KW_SCHEMA,
  KW_SELECT,
  KW_SET,
  KW_SQL,
  KW_START,
  KW_TEMPORARY,
  KW_THEN,
  KW_TO,
  KW_TRIGGER,
  KW_TRUNCATE,
  KW_UNINSTALL,
  KW_UNLOCK,
  KW_UNTIL,
  KW_USE,
  KW_WHEN,
  KW_WHERE,
  KW_WHILE,
  KW_XOR
};

static const struct {
  const char *word;
  enum keyword kw;
} keywords[] = {
    {"AGGREGATE", KW_AGGREGATE},
    {"ALGORITHM", KW_ALGORITHM},
    {"ALL", KW_ALL},
    {"ALTER", KW_ALTER},
    {"ANALYZE", KW_ANALYZE},
    {"AND", KW_AND},
    {"ATOMIC", KW_ATOMIC},
    {"BEGIN", KW_BEGIN},
    {"BETWEEN", KW_BETWEEN},
    {"BY", KW_BY},
    {"CACHE", KW_CACHE},
    {"CASE", KW_CASE},
    {"CHECK", KW_CHECK},
    {"COMMIT", KW_COMMIT},
    {"CREATE", KW_CREATE},
    {"DATABASE", KW_DATABASE},
    {"DEFAULT", KW_DEFAULT},
    {"DEFINER", KW_DEFINER},
    {"DELIMITER", KW_DELIMITER},
    {"DISTINCT", KW_DISTINCT},
    {"DIV", KW_DIV},
    {"DO", KW_DO},
    {"DROP", KW_DROP},
    {"ELSE", KW_ELSE},
    {"ELSEIF", KW_ELSEIF},
    {"END", KW_END},
    {"EVENT", KW_EVENT},
    {"EXISTS", KW_EXISTS},
    {"FLUSH", KW_FLUSH},
    {"FOR", KW_FOR},
    {"FUNCTION", KW_FUNCTION},
    {"GRANT", KW_GRANT},
    {"HAVING", KW_HAVING},
    {"IF", KW_IF},
    {"IN", KW_IN},
    {"INDEX", KW_INDEX},
    {"INSTALL", KW_INSTALL},
    {"INTERVAL", KW_INTERVAL},
    {"IS", KW_IS},
    {"LIKE", KW_LIKE},
    {"LOAD", KW_LOAD},
    {"LOCK", KW_LOCK},
    {"LOOP", KW_LOOP},
    {"MOD", KW_MOD},
    {"NOT", KW_NOT},
    {"ON", KW_ON},
    {"OPTIMIZE", KW_OPTIMIZE},
    {"OR", KW_OR},
    {"PROCEDURE", KW_PROCEDURE},
    {"RENAME", KW_RENAME},
    {"REPAIR", KW_REPAIR},
    {"REPEAT", KW_REPEAT},
    {"REPLACE", KW_REPLACE},
    {"RETURN", KW_RETURN},
    {"REVOKE", KW_REVOKE},
    {"ROLLBACK", KW_ROLLBACK},
    {"ROW", KW_ROW},
    {"SCHEMA", KW_SCHEMA},
    {"SELECT", KW_SELECT},
    {"SET", KW_SET},
    {"SQL", KW_SQL},
    {"START", KW_START},
    {"TEMPORARY", KW_TEMPORARY},
    {"THEN", KW_THEN},
    {"TO", KW_TO},
    {"TRIGGER", KW_TRIGGER},
    {"TRUNCATE", KW_TRUNCATE},
    {"UNINSTALL", KW_UNINSTALL},
    {"UNLOCK", KW_UNLOCK},
    {"UNTIL", KW_UNTIL},
    {"USE", KW_USE},
    {"WHEN", KW_WHEN},
    {"WHERE", KW_WHERE},
    {"WHILE", KW_WHILE},
    {"XOR", KW_XOR},
};

enum block_kind {
  BLOCK_STATEMENTS, /* BEGIN, IF, CASE, LOOP, WHILE or FOR: ends after ';' */
  BLOCK_REPEAT,     /* REPEAT ... UNTIL condition END REPEAT */
  BLOCK_CASE_EXPR   /* CASE inside an expression: ends at a bare END */
};

struct block {
  enum block_kind kind;
  int paren;      /* the parenthesis depth where the block opened */
  int until_seen; /* BLOCK_REPEAT: its UNTIL condition has begun */
};

/* Where the words of a CREATE or ALTER statement are, before the word that
 * names the kind of object. */
enum header_state {
  HEADER_NONE,   /* not a CREATE or ALTER, or the object word was found */
  HEADER_PREFIX, /* OR REPLACE, DEFINER = ..., SQL SECURITY ..., ... */
  HEADER_SKIP,   /* skipping header_step more tokens */
  HEADER_DEFINER /* reading DEFINER = user[@host], at header_step */
};

struct token_info {
  enum mysqldrv_token_kind kind;
  enum keyword kw;
  char punct; /* a one-character punctuation token's character, or 0 */
};

struct splitter {
  struct mysqldrv_lexer lx;
  strata_statement_fn emit;
  void *ctx;
  struct strata_error *err;
  struct mysqldrv_token ahead; /* one token of lookahead */
  int has_ahead;

  /* The statement being read. */
  int started;
  size_t start;
  size_t end;
  size_t words; /* tokens so far, versioned comment markers aside */
  enum keyword first;
  enum keyword second;
  enum keyword object; /* CREATE/ALTER: the kind of object */
  enum header_state header;
  int header_step;
  int compound; /* a stored program: blocks are tracked */
  struct block *blocks;
  size_t depth;
  size_t capacity;
  int paren;
  int has_prev;
  struct token_info prev;
};

static enum keyword keyword_of(const struct mysqldrv_lexer *lx,
                               const struct mysqldrv_token *tok) {
  if (tok->kind != MYSQLDRV_TOKEN_WORD || tok->end - tok->start > 9)
    return KW_NONE;
  for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
    if (mysqldrv_token_is(lx, tok, keywords[i].word))
      return keywords[i].kw;
  return KW_NONE;
}

static struct token_info token_info(const struct splitter *sp,
                                    const struct mysqldrv_token *tok) {
  struct token_info info = {tok->kind, keyword_of(&sp->lx, tok), 0};
  if (tok->kind == MYSQLDRV_TOKEN_PUNCT && tok->end - tok->start == 1)
    info.punct = sp->lx.text[tok->start];
  return info;
}

static int next_token(struct splitter *sp, struct mysqldrv_token *tok) {
  if (sp->has_ahead) {
    *tok = sp->ahead;
    sp->has_ahead = 0;
    return 0;
  }
  return mysqldrv_lexer_next(&sp->lx, tok, sp->err);
}

static int peek_token(struct splitter *sp, struct token_info *out) {
  int rc = 0;
  if (!sp->has_ahead) {
    rc = mysqldrv_lexer_next(&sp->lx, &sp->ahead, sp->err);
    sp->has_ahead = rc == 0;
  }
  *out = token_info(sp, &sp->ahead);
  return rc;
}

static int delimiter_is_semicolon(const struct splitter *sp) {
  return sp->lx.delimiter_length == 1 && sp->lx.delimiter[0] == ';';
}

static int out_of_memory(struct strata_error *err) {
  if (err != NULL) {
    memset(err, 0, sizeof(*err));
    err->code = STRATA_ENOMEM;
    strcpy(err->message, "out of memory while splitting a script");
    err->offset = -1;
  }
  return STRATA_ENOMEM;
}

/* ---- Blocks of a stored program ---------------------------------------- */

static struct block *innermost(struct splitter *sp) {
  return sp->depth > 0 ? &sp->blocks[sp->depth - 1] : NULL;
}

static int in_case_expr(struct splitter *sp) {
  struct block *b = innermost(sp);
  return b != NULL && b->kind == BLOCK_CASE_EXPR;
}

static int push_block(struct splitter *sp, enum block_kind kind) {
  if (sp->depth == sp->capacity) {
    size_t n = sp->capacity ? sp->capacity * 2 : 16;
    struct block *grown = realloc(sp->blocks, n * sizeof(*grown));
    if (grown == NULL)
      return out_of_memory(sp->err);
    sp->blocks = grown;
    sp->capacity = n;
  }
  sp->blocks[sp->depth++] = (struct block){kind, sp->paren, 0};
  return 0;
}

/* Whether the current token stands where a statement of a block may begin:
 * after ';', a label's ':', or a word that a statement list follows. */
static int at_statement_start(struct splitter *sp) {
  if (sp->paren != 0 || in_case_expr(sp))
    return 0;
  if (!sp->has_prev)
    return 1;
  if (sp->prev.kind == MYSQLDRV_TOKEN_PUNCT)
    return sp->prev.punct == ';' || sp->prev.punct == ':';
  switch (sp->prev.kw) {
  case KW_BEGIN:
  case KW_THEN:
  case KW_ELSE:
  case KW_DO:
  case KW_LOOP:
  case KW_REPEAT:
  case KW_ROW:
  case KW_ATOMIC: return 1;
  default: return 0;
  }
}

/* Whether the previous token is one after which an expression follows, so
 * that IF( or REPEAT( there is a function call. */
static int after_expression_lead(const struct splitter *sp) {
  if (!sp->has_prev)
    return 0;
  if (sp->prev.kind == MYSQLDRV_TOKEN_PUNCT)
    return sp->prev.punct != ';' && sp->prev.punct != ':' &&
           sp->prev.punct != ')';
  switch (sp->prev.kw) {
  case KW_ALL:
  case KW_AND:
  case KW_BETWEEN:
  case KW_BY:
  case KW_CASE:
  case KW_DEFAULT:
  case KW_DISTINCT:
  case KW_DIV:
  case KW_ELSEIF:
  case KW_HAVING:
  case KW_IN:
  case KW_INTERVAL:
  case KW_IS:
  case KW_LIKE:
  case KW_MOD:
  case KW_NOT:
  case KW_ON:
  case KW_OR:
  case KW_RETURN:
  case KW_SELECT:
  case KW_SET:
  case KW_UNTIL:
  case KW_WHEN:
  case KW_WHERE:
  case KW_WHILE:
  case KW_XOR: return 1;
  default: return 0;
  }
}

/* IF and REPEAT open a block at a statement's start.  Elsewhere (the first
 * statement of a body, after a routine's characteristics or a handler's
 * condition) they do too, unless they are IF [NOT] EXISTS or a function. */
static int opens_if_or_repeat(struct splitter *sp, int is_if, int *opens) {
  struct token_info next;
  int rc;
  *opens = 0;
  if (at_statement_start(sp)) {
    *opens = 1;
    return 0;
  }
  if (sp->paren != 0 || in_case_expr(sp))
    return 0;
  rc = peek_token(sp, &next);
  if (rc != 0)
    return rc;
  if (is_if && (next.kw == KW_NOT || next.kw == KW_EXISTS))
    return 0;
  *opens = !(next.punct == '(' && after_expression_lead(sp));
  return 0;
}

static int opens_begin(struct splitter *sp) {
  if (at_statement_start(sp))
    return 1;
  return sp->paren == 0 && !in_case_expr(sp) && !after_expression_lead(sp);
}

/* Whether END closes the innermost block: a CASE expression's bare END at
 * its own parenthesis depth, a REPEAT's END after its UNTIL condition, or
 * any other block's END where a statement could start. */
static int end_closes(struct splitter *sp) {
  struct block *b = innermost(sp);
  if (b == NULL)
    return 0;
  if (b->kind == BLOCK_CASE_EXPR)
    return sp->paren == b->paren;
  if (b->kind == BLOCK_REPEAT && b->until_seen && sp->paren == 0)
    return 1;
  return at_statement_start(sp);
}

/* After END closes a statement block, the block's word may follow it
 * (END IF, END LOOP ...): it belongs to the END and opens nothing. */
static int take_block_word(struct splitter *sp) {
  struct token_info next;
  int rc = peek_token(sp, &next);
  if (rc != 0)
    return rc;
  switch (next.kw) {
  case KW_IF:
  case KW_CASE:
  case KW_LOOP:
  case KW_WHILE:
  case KW_REPEAT:
  case KW_FOR:
    sp->end = sp->ahead.end;
    sp->has_ahead = 0;
    return 0;
  default: return 0;
  }
}

static int track_end(struct splitter *sp) {
  enum block_kind kind;
  if (!end_closes(sp))
    return 0;
  kind = sp->blocks[--sp->depth].kind;
  return kind == BLOCK_CASE_EXPR ? 0 : take_block_word(sp);
}

static int track_word(struct splitter *sp, enum keyword kw) {
  int opens = 0, rc = 0;
  struct block *b = innermost(sp);
  switch (kw) {
  case KW_BEGIN: return opens_begin(sp) ? push_block(sp, BLOCK_STATEMENTS) : 0;
  case KW_IF:
  case KW_REPEAT:
    rc = opens_if_or_repeat(sp, kw == KW_IF, &opens);
    if (rc != 0 || !opens)
      return rc;
    return push_block(sp, kw == KW_IF ? BLOCK_STATEMENTS : BLOCK_REPEAT);
  case KW_WHILE:
  case KW_LOOP:
    if (sp->paren != 0 || in_case_expr(sp))
      return 0;
    return push_block(sp, BLOCK_STATEMENTS);
  case KW_FOR:
    return at_statement_start(sp) ? push_block(sp, BLOCK_STATEMENTS) : 0;
  case KW_CASE:
    return push_block(sp, at_statement_start(sp) ? BLOCK_STATEMENTS
                                                 : BLOCK_CASE_EXPR);
  case KW_UNTIL:
    if (b != NULL && b->kind == BLOCK_REPEAT && sp->paren == b->paren)
      b->until_seen = 1;
    return 0;
  case KW_END: return track_end(sp);
  default: return 0;
  }
}

static int track_block(struct splitter *sp, const struct mysqldrv_token *tok,
                       const struct token_info *info) {
  if (info->punct == '(')
    sp->paren++;
  else if (info->punct == ')' && sp->paren > 0)
    sp->paren--;
  if (tok->kind != MYSQLDRV_TOKEN_WORD)
    return 0;
  return track_word(sp, info->kw);
}

/* ---- What kind of statement this is ------------------------------------ */

/* MariaDB runs compound statements outside stored programs too: BEGIN NOT
 * ATOMIC ... END, IF ... END IF, loops, and labelled blocks. */
static int starts_compound(struct splitter *sp,
                           const struct mysqldrv_token *tok, enum keyword kw,
                           int *compound) {
  struct token_info next;
  int rc;
  *compound = kw == KW_IF || kw == KW_CASE || kw == KW_LOOP || kw == KW_WHILE ||
              kw == KW_REPEAT;
  if (*compound || tok->kind != MYSQLDRV_TOKEN_WORD)
    return 0;
  rc = peek_token(sp, &next);
  if (rc == 0)
    *compound = kw == KW_BEGIN ? next.kw == KW_NOT : next.punct == ':';
  return rc;
}

static void header_feed(struct splitter *sp, const struct token_info *info);

/* DEFINER = user, user@host, CURRENT_USER or CURRENT_USER(). */
static void definer_feed(struct splitter *sp, const struct token_info *info) {
  switch (sp->header_step++) {
  case 0: /* = */
  case 1: /* the user */ return;
  case 2:
    if (info->punct == '@' || info->punct == '(')
      return;
    sp->header = HEADER_PREFIX;
    header_feed(sp, info);
    return;
  default: /* the host, or ')' */ sp->header = HEADER_PREFIX; return;
  }
}

static void header_feed(struct splitter *sp, const struct token_info *info) {
  switch (sp->header) {
  case HEADER_SKIP:
    if (--sp->header_step == 0)
      sp->header = HEADER_PREFIX;
    return;
  case HEADER_DEFINER: definer_feed(sp, info); return;
  case HEADER_PREFIX: break;
  default: return;
  }
  switch (info->kw) {
  case KW_OR:
  case KW_REPLACE:
  case KW_AGGREGATE: return;
  case KW_ALGORITHM: /* = value */
  case KW_SQL:       /* SECURITY value */
    sp->header = HEADER_SKIP;
    sp->header_step = 2;
    return;
  case KW_DEFINER:
    sp->header = HEADER_DEFINER;
    sp->header_step = 0;
    return;
  default:
    sp->object = info->kw;
    sp->header = HEADER_NONE;
    sp->compound = delimiter_is_semicolon(sp) &&
                   (info->kw == KW_PROCEDURE || info->kw == KW_FUNCTION ||
                    info->kw == KW_TRIGGER || info->kw == KW_EVENT);
  }
}

static int classify(struct splitter *sp, const struct mysqldrv_token *tok,
                    const struct token_info *info) {
  if (sp->words == 1)
    sp->second = info->kw;
  if (sp->words > 0) {
    header_feed(sp, info);
    return 0;
  }
  sp->first = info->kw;
  if (info->kw == KW_CREATE || info->kw == KW_ALTER)
    sp->header = HEADER_PREFIX;
  if (!delimiter_is_semicolon(sp))
    return 0;
  return starts_compound(sp, tok, info->kw, &sp->compound);
}

static unsigned statement_flags(const struct splitter *sp) {
  switch (sp->first) {
  case KW_CREATE: return sp->object == KW_TEMPORARY ? 0 : STRATA_STMT_DDL;
  case KW_DROP:
    if (sp->second == KW_DATABASE || sp->second == KW_SCHEMA)
      return STRATA_STMT_DDL | STRATA_STMT_LEAVES_DATABASE;
    return sp->second == KW_TEMPORARY ? 0 : STRATA_STMT_DDL;
  case KW_USE: return STRATA_STMT_LEAVES_DATABASE;
  case KW_LOAD: return sp->second == KW_INDEX ? STRATA_STMT_DDL : 0;
  case KW_ROLLBACK: return sp->second == KW_TO ? 0 : STRATA_STMT_DDL;
  case KW_ALTER:
  case KW_RENAME:
  case KW_TRUNCATE:
  case KW_GRANT:
  case KW_REVOKE:
  case KW_INSTALL:
  case KW_UNINSTALL:
  case KW_ANALYZE:
  case KW_OPTIMIZE:
  case KW_REPAIR:
  case KW_CHECK:
  case KW_FLUSH:
  case KW_CACHE:
  case KW_LOCK:
  case KW_UNLOCK:
  case KW_BEGIN:
  case KW_START:
  case KW_COMMIT: return STRATA_STMT_DDL;
  default:
    /* A compound statement may hold anything. */
    return sp->compound ? STRATA_STMT_DDL : 0;
  }
}

/* ---- Statements -------------------------------------------------------- */

static void reset_statement(struct splitter *sp) {
  sp->started = 0;
  sp->words = 0;
  sp->first = sp->second = sp->object = KW_NONE;
  sp->header = HEADER_NONE;
  sp->compound = 0;
  sp->depth = 0;
  sp->paren = 0;
  sp->has_prev = 0;
}

static int finish_statement(struct splitter *sp) {
  struct strata_statement st;
  int rc = 0;
  if (sp->started) {
    st.offset = sp->start;
    st.length = sp->end - sp->start;
    st.flags = statement_flags(sp);
    rc = sp->emit(sp->ctx, &st);
  }
  reset_statement(sp);
  return rc;
}

static int add_token(struct splitter *sp, const struct mysqldrv_token *tok) {
  struct token_info info = token_info(sp, tok);
  int rc;
  if (!sp->started) {
    sp->started = 1;
    sp->start = tok->start;
  }
  sp->end = tok->end;
  if (tok->kind == MYSQLDRV_TOKEN_VERSION_OPEN ||
      tok->kind == MYSQLDRV_TOKEN_VERSION_CLOSE)
    return 0;
  rc = classify(sp, tok, &info);
  if (rc == 0 && sp->compound)
    rc = track_block(sp, tok, &info);
  sp->words++;
  sp->has_prev = 1;
  sp->prev = info;
  return rc;
}

static size_t skip_blanks(const char *s, size_t pos, size_t len) {
  while (pos < len && (s[pos] == ' ' || s[pos] == '\t'))
    pos++;
  return pos;
}

/* The directive's argument: a quoted string, or the text up to white
 * space.  *next is where the line after it starts. */
static int read_delimiter_argument(const char *s, size_t pos, size_t len,
                                   size_t *arg, size_t *arg_len, size_t *next) {
  const char *nl;
  size_t end = pos;
  if (pos < len && (s[pos] == '\'' || s[pos] == '"' || s[pos] == '`')) {
    while (++end < len && s[end] != s[pos] && s[end] != '\n')
      ;
    if (end >= len || s[end] != s[pos])
      return -1;
    *arg = pos + 1;
    *arg_len = end - pos - 1;
  } else {
    while (end < len && s[end] != ' ' && s[end] != '\t' && s[end] != '\r' &&
           s[end] != '\n')
      end++;
    *arg = pos;
    *arg_len = end - pos;
  }
  nl = memchr(s + end, '\n', len - end);
  *next = nl ? (size_t)(nl - s) + 1 : len;
  return 0;
}

/* "DELIMITER xx" at a statement's start: the rest of its line is the
 * client's, never sent to the server. */
static int read_delimiter_directive(struct splitter *sp,
                                    const struct mysqldrv_token *tok) {
  const char *s = sp->lx.text;
  size_t len = sp->lx.length, arg, arg_len, next;
  size_t pos = skip_blanks(s, tok->end, len);
  if (pos == tok->end ||
      read_delimiter_argument(s, pos, len, &arg, &arg_len, &next) != 0 ||
      arg_len == 0)
    return mysqldrv_syntax_error(sp->err, tok->start,
                                 "DELIMITER needs the new delimiter on the "
                                 "same line, as in 'DELIMITER //'");
  if (arg_len > MYSQLDRV_DELIMITER_MAX)
    return mysqldrv_syntax_error(sp->err, arg,
                                 "delimiter '%.*s' is too long (at most %d "
                                 "bytes)",
                                 (int)arg_len, s + arg, MYSQLDRV_DELIMITER_MAX);
  if (memchr(s + arg, '\\', arg_len) != NULL)
    return mysqldrv_syntax_error(sp->err, arg,
                                 "delimiter '%.*s' contains a backslash, "
                                 "which the mysql client refuses",
                                 (int)arg_len, s + arg);
  mysqldrv_lexer_set_delimiter(&sp->lx, s + arg, arg_len);
  sp->lx.pos = next;
  return 0;
}

static int split_tokens(struct splitter *sp) {
  struct mysqldrv_token tok;
  for (;;) {
    int rc = next_token(sp, &tok);
    if (rc != 0)
      return rc;
    if (tok.kind == MYSQLDRV_TOKEN_END)
      return finish_statement(sp);
    if (tok.kind == MYSQLDRV_TOKEN_DELIMITER && sp->depth > 0)
      tok.kind = MYSQLDRV_TOKEN_PUNCT; /* a ';' inside a stored program */
    if (tok.kind == MYSQLDRV_TOKEN_DELIMITER)
      rc = finish_statement(sp);
    else if (!sp->started && !sp->lx.in_version_comment &&
             keyword_of(&sp->lx, &tok) == KW_DELIMITER)
      rc = read_delimiter_directive(sp, &tok);
    else
      rc = add_token(sp, &tok);
    if (rc != 0)
      return rc;
  }
}

int mysqldrv_split(const char *script, size_t length, strata_statement_fn emit,
                   void *ctx, struct strata_error *err) {
  struct splitter sp;
  int rc;
  memset(&sp, 0, sizeof(sp));
  mysqldrv_lexer_init(&sp.lx, script, length);
  sp.emit = emit;
  sp.ctx = ctx;
  sp.err = err;
  reset_statement(&sp);
  rc = split_tokens(&sp);
  free(sp.blocks);
  return rc;
}
