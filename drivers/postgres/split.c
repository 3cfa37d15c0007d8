/*
 * split.c - a script cut into statements with PostgreSQL's lexical rules.
 *
 * The tokens come from libpg_query (scan.c), which is the server's own
 * scan.l: dollar quotes with tags, E'' strings, doubled quotes, quoted
 * identifiers, nested comments and whatever a later release adds are read
 * exactly as the server reads them, with no second lexer to drift from it.
 * libpg_query's own pg_query_split_with_scanner() is not used: it cuts
 * BEGIN ATOMIC bodies apart and knows nothing of COPY data.  Two rules of
 * psql's are therefore added here, on top of the token stream:
 *
 *  - A semicolon ends a statement only outside parentheses and outside the
 *    BEGIN ATOMIC ... END body of CREATE FUNCTION or CREATE PROCEDURE,
 *    whose depth is counted the way psql counts it (BEGIN ATOMIC and CASE
 *    open, END closes).
 *  - "COPY ... FROM stdin;" is followed by rows, up to a line "\.", that
 *    are not SQL: the statement's range takes them in, and the scan starts
 *    again after them.  Rows can upset the lexer (a lone quote), so a
 *    lexical error is retried on the text before it first, in case a COPY
 *    block there explains it.
 */
#include "postgres.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#define NO_RESUME SIZE_MAX

struct splitter {
  const char *script;
  size_t length;
  postgres_statement_fn emit;
  void *ctx;
  struct strata_error *err;
  size_t base;                 /* where the current scan began */
  struct postgres_tokens toks; /* offsets relative to base */
  size_t resume_at;            /* after a COPY block: scan again from here */
  /* The statement being gathered, as token indices. */
  int started;
  size_t first, last;
  int paren_depth;
  int atomic_depth;
};

/* Statements that PostgreSQL refuses inside a transaction block. */
static const char *const no_transaction_starts[] = {
    "VACUUM",
    "ALTER SYSTEM",
    "CREATE DATABASE",
    "DROP DATABASE",
    "CREATE TABLESPACE",
    "DROP TABLESPACE",
    "CREATE INDEX CONCURRENTLY",
    "CREATE UNIQUE INDEX CONCURRENTLY",
    "DROP INDEX CONCURRENTLY",
};

static const char *const ddl_starts[] = {
    "CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE", "TRUNCATE",
};

/* Statements whose BEGIN ATOMIC opens a body that semicolons do not end. */
static const char *const routine_starts[] = {
    "CREATE FUNCTION",
    "CREATE PROCEDURE",
    "CREATE OR REPLACE FUNCTION",
    "CREATE OR REPLACE PROCEDURE",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct postgres_token *token(const struct splitter *s, size_t i) {
  return &s->toks.items[i];
}

static int is_comment(const struct postgres_token *t) {
  return t->kind == POSTGRES_TOKEN_SQL_COMMENT ||
         t->kind == POSTGRES_TOKEN_C_COMMENT;
}

/* A keyword or a bare identifier spelled word (n bytes), in any case.  A
 * quoted identifier never matches: its text holds the quotes. */
static int word_is(const struct splitter *s, size_t i, const char *word,
                   size_t n) {
  const struct postgres_token *t = token(s, i);
  if (!t->keyword && t->kind != POSTGRES_TOKEN_IDENT)
    return 0;
  return t->end - t->start == n &&
         strncasecmp(s->script + s->base + t->start, word, n) == 0;
}

static int is_word(const struct splitter *s, size_t i, const char *word) {
  return i < s->toks.count && word_is(s, i, word, strlen(word));
}

/* The first token after i that is not a comment, or toks.count. */
static size_t next_code(const struct splitter *s, size_t i) {
  do
    i++;
  while (i < s->toks.count && is_comment(token(s, i)));
  return i;
}

/* Whether the current statement begins with the words of pattern,
 * separated by single spaces ("CREATE UNIQUE INDEX CONCURRENTLY"). */
static int starts_with(const struct splitter *s, const char *pattern) {
  size_t i = s->first;
  for (const char *p = pattern; *p != '\0'; i = next_code(s, i)) {
    size_t n = strcspn(p, " ");
    if (i > s->last || !word_is(s, i, p, n))
      return 0;
    p += n;
    p += strspn(p, " ");
  }
  return 1;
}

static int starts_with_any(const struct splitter *s,
                           const char *const *patterns, size_t count) {
  for (size_t k = 0; k < count; k++)
    if (starts_with(s, patterns[k]))
      return 1;
  return 0;
}

/* Whether the current statement holds word, followed by then when then is
 * not NULL. */
static int contains(const struct splitter *s, const char *word,
                    const char *then) {
  for (size_t i = s->first; i <= s->last; i = next_code(s, i))
    if (is_word(s, i, word) &&
        (then == NULL || is_word(s, next_code(s, i), then)))
      return 1;
  return 0;
}

static unsigned statement_flags(const struct splitter *s) {
  unsigned flags = 0;
  if (starts_with_any(s, ddl_starts, COUNT(ddl_starts)))
    flags |= STRATA_STMT_DDL;
  if (starts_with_any(s, no_transaction_starts, COUNT(no_transaction_starts)) ||
      (starts_with(s, "REINDEX") && contains(s, "CONCURRENTLY", NULL)))
    flags |= STRATA_STMT_NO_TRANSACTION;
  return flags;
}

static int is_copy_from_stdin(const struct splitter *s) {
  return starts_with(s, "COPY") && contains(s, "FROM", "STDIN");
}

static void start_statement(struct splitter *s) {
  s->started = 0;
  s->first = s->last = 0;
  s->paren_depth = 0;
  s->atomic_depth = 0;
}

/* Finds the rows of the COPY block whose command ends at command_end (just
 * after its semicolon): from the next line up to a line "\.".  The block's
 * range runs through the "\." and the scan resumes on the line after. */
static int take_copy_block(struct splitter *s, struct postgres_statement *st,
                           size_t command_end) {
  const char *sc = s->script;
  const char *nl = memchr(sc + command_end, '\n', s->length - command_end);
  for (size_t line = nl ? (size_t)(nl - sc) + 1 : s->length;
       line < s->length;) {
    const char *eol = memchr(sc + line, '\n', s->length - line);
    size_t end = eol ? (size_t)(eol - sc) : s->length;
    size_t n = end - line;
    if (n > 0 && sc[end - 1] == '\r')
      n--;
    if (n == 2 && sc[line] == '\\' && sc[line + 1] == '.') {
      st->is_copy_block = 1;
      st->command_length = st->range.length;
      st->data_offset = (size_t)(nl - sc) + 1;
      st->data_length = line - st->data_offset;
      st->range.length = line + 2 - st->range.offset;
      s->resume_at = eol ? end + 1 : s->length;
      return 0;
    }
    line = eol ? end + 1 : s->length;
  }
  postgres_error_set(s->err, STRATA_ESQL,
                     "COPY FROM stdin has no data block ending in a line "
                     "'\\.'");
  if (s->err != NULL)
    s->err->offset = (long)st->range.offset;
  return STRATA_ESQL;
}

/* Hands the gathered statement on.  terminator is the index of its
 * semicolon, or toks.count at the end of the script. */
static int finish_statement(struct splitter *s, size_t terminator) {
  if (!s->started)
    return 0;
  struct postgres_statement st;
  memset(&st, 0, sizeof st);
  st.range.offset = s->base + token(s, s->first)->start;
  st.range.length = s->base + token(s, s->last)->end - st.range.offset;
  st.range.flags = statement_flags(s);
  st.command_length = st.range.length;
  int rc = 0;
  if (terminator < s->toks.count && is_copy_from_stdin(s))
    rc = take_copy_block(s, &st, s->base + token(s, terminator)->end);
  start_statement(s);
  return rc != 0 ? rc : s->emit(s->ctx, &st);
}

static int is_routine(const struct splitter *s) {
  return starts_with_any(s, routine_starts, COUNT(routine_starts));
}

static void track_atomic_body(struct splitter *s, size_t i) {
  if (is_word(s, i, "BEGIN") && is_word(s, next_code(s, i), "ATOMIC") &&
      is_routine(s))
    s->atomic_depth++;
  else if (s->atomic_depth > 0 && is_word(s, i, "CASE"))
    s->atomic_depth++;
  else if (s->atomic_depth > 0 && is_word(s, i, "END"))
    s->atomic_depth--;
}

/* A statement that starts with a backslash is one of psql's meta-commands
 * (\set, \connect, \i), which ends at the end of its line, not at a
 * semicolon: sent to the server with the statement after it, it fails
 * there as a syntax error, or takes that statement down with it. */
static int refuse_meta_command(struct splitter *s, size_t i) {
  size_t at = s->base + token(s, i)->start, end = at;
  while (end < s->length && s->script[end] != ' ' && s->script[end] != '\t' &&
         s->script[end] != '\r' && s->script[end] != '\n')
    end++;
  postgres_error_set(s->err, STRATA_ESQL,
                     "psql meta-command '%.*s' is not SQL, and strata "
                     "sends the script to the server, not to psql: remove "
                     "the line (for \\connect, migrate that database with "
                     "its own --url)",
                     (int)(end - at), s->script + at);
  if (s->err != NULL)
    s->err->offset = (long)at;
  return STRATA_ESQL;
}

static int track_token(struct splitter *s, size_t i) {
  if (!s->started && s->script[s->base + token(s, i)->start] == '\\')
    return refuse_meta_command(s, i);
  if (!s->started) {
    s->started = 1;
    s->first = i;
  }
  s->last = i;
  int kind = token(s, i)->kind;
  if (kind == POSTGRES_TOKEN_OPEN_PAREN)
    s->paren_depth++;
  else if (kind == POSTGRES_TOKEN_CLOSE_PAREN && s->paren_depth > 0)
    s->paren_depth--;
  else if (s->paren_depth == 0)
    track_atomic_body(s, i);
  return 0;
}

/* Walks the tokens of the current scan, handing on each statement, until
 * they run out or a COPY block asks for a new scan after its rows. */
static int walk_tokens(struct splitter *s) {
  for (size_t i = 0; i < s->toks.count; i++) {
    const struct postgres_token *t = token(s, i);
    if (is_comment(t))
      continue;
    if (t->kind != POSTGRES_TOKEN_SEMICOLON || s->paren_depth > 0 ||
        s->atomic_depth > 0) {
      int rc = track_token(s, i);
      if (rc != 0)
        return rc;
      continue;
    }
    int rc = finish_statement(s, i);
    if (rc != 0 || s->resume_at != NO_RESUME)
      return rc;
  }
  return 0;
}

/* Scans the script from pos.  On a lexical error, *lexical holds it (with
 * the offset relative to the script) and the tokens are those of the
 * longest text before it that scans cleanly. */
static int scan_from(struct splitter *s, size_t pos, int *failed,
                     struct strata_error *lexical) {
  *failed = 0;
  for (size_t end = s->length;;) {
    struct strata_error e;
    int rc = postgres_scan(s->script + pos, end - pos, &s->toks, &e);
    if (rc == 0)
      return 0;
    if (rc != STRATA_ESQL) {
      if (s->err != NULL)
        *s->err = e;
      return rc;
    }
    if (!*failed) {
      *lexical = e;
      lexical->offset += (long)pos;
      *failed = 1;
    }
    size_t cut = pos + (size_t)e.offset;
    if (e.offset <= 0 || cut >= end)
      return 0;
    end = cut;
  }
}

/* Splits from pos; *next is where to go on (the end of the script unless a
 * COPY block asked for a new scan). */
static int split_from(struct splitter *s, size_t pos, size_t *next) {
  struct strata_error lexical;
  int failed;
  int rc = scan_from(s, pos, &failed, &lexical);
  if (rc != 0)
    return rc;
  s->base = pos;
  s->resume_at = NO_RESUME;
  start_statement(s);
  rc = walk_tokens(s);
  if (rc == 0 && s->resume_at == NO_RESUME && failed) {
    if (s->err != NULL)
      *s->err = lexical;
    rc = lexical.code;
  } else if (rc == 0 && s->resume_at == NO_RESUME) {
    rc = finish_statement(s, s->toks.count);
  }
  *next = s->resume_at != NO_RESUME ? s->resume_at : s->length;
  postgres_tokens_release(&s->toks);
  return rc;
}

int postgres_split_statements(const char *script, size_t length,
                              postgres_statement_fn emit, void *ctx,
                              struct strata_error *err) {
  struct splitter s;
  memset(&s, 0, sizeof s);
  s.script = script;
  s.length = length;
  s.emit = emit;
  s.ctx = ctx;
  s.err = err;
  /* The server takes a byte-order mark for part of the first word. */
  size_t pos = length >= 3 && memcmp(script, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
  while (pos < length) {
    int rc = split_from(&s, pos, &pos);
    if (rc != 0)
      return rc;
  }
  return 0;
}

struct forward {
  strata_statement_fn emit;
  void *ctx;
};

static int forward_range(void *ctx, const struct postgres_statement *st) {
  const struct forward *f = ctx;
  return f->emit(f->ctx, &st->range);
}

int postgres_split(const char *script, size_t length, strata_statement_fn emit,
                   void *ctx, struct strata_error *err) {
  struct forward f = {emit, ctx};
  return postgres_split_statements(script, length, forward_range, &f, err);
}

static int keep_first(void *ctx, const struct postgres_statement *st) {
  *(struct postgres_statement *)ctx = *st;
  return 1;
}

/* A COPY block's range always ends with its "\." line, which no other
 * statement can, so only such text is split again. */
int postgres_copy_block(const char *sql, size_t length,
                        struct postgres_statement *out,
                        struct strata_error *err) {
  memset(out, 0, sizeof *out);
  if (length < 3 || memcmp(sql + length - 3, "\n\\.", 3) != 0)
    return 0;
  int rc = postgres_split_statements(sql, length, keep_first, out, err);
  if (rc < 0)
    return rc;
  return out->is_copy_block;
}
