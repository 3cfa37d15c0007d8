/*
 * introspect_exact.c - stored program and view texts with every character.
 *
 * information_schema keeps the bodies of routines and triggers and the
 * SELECT of views in utf8mb3, so a character of four bytes (an emoji, a
 * rare CJK ideograph) comes back as '?'.  SHOW CREATE answers in the
 * connection's utf8mb4 and needs no privilege that information_schema
 * does not, but costs a statement per object; so only the texts that hold
 * a '?' are asked again, all in one round trip.  A text without '?' lost
 * nothing.
 *
 * SHOW CREATE gives the whole statement.  A program's body is its tail:
 * the one starting at a token (the lexer's, so never inside a string or a
 * name) that is the text information_schema gave once each '?' there is
 * read as the character it stands for.  A view's SELECT is what follows the
 * AS after its name, unqualified already and with its CHECK OPTION.
 */
#include <stdlib.h>
#include <string.h>

#include "mysqldrv.h"
#include "split.h"

/* The bytes of the UTF-8 character whose first byte is c. */
static size_t utf8_width(unsigned char c) {
  return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

int mysqldrv_same_but_lost(const char *exact, size_t n, const char *lossy) {
  size_t i = 0;
  while (i < n && *lossy != '\0') {
    size_t w = utf8_width((unsigned char)exact[i]);
    if (w == 4 && *lossy == '?') {
      lossy += strncmp(lossy, "????", 4) == 0 ? 4 : 1;
    } else if (w <= n - i && strncmp(exact + i, lossy, w) == 0) {
      lossy += w;
    } else {
      return 0;
    }
    i += w;
  }
  return i >= n && *lossy == '\0';
}

/* The offset of the body in a program's CREATE statement, or -1. */
static long program_body(const char *create, const char *lossy) {
  struct mysqldrv_lexer lx;
  struct mysqldrv_token tok;
  size_t length = strlen(create);
  mysqldrv_lexer_init(&lx, create, length);
  while (mysqldrv_lexer_next(&lx, &tok, NULL) == 0 &&
         tok.kind != MYSQLDRV_TOKEN_END)
    if (mysqldrv_same_but_lost(create + tok.start, length - tok.start, lossy))
      return (long)tok.start;
  return -1;
}

/* The offset of the SELECT in CREATE ... VIEW `v` [(columns)] AS select,
 * or -1. */
static long view_select(const char *create) {
  struct mysqldrv_lexer lx;
  struct mysqldrv_token tok;
  int seen_view = 0, depth = 0;
  mysqldrv_lexer_init(&lx, create, strlen(create));
  while (mysqldrv_lexer_next(&lx, &tok, NULL) == 0 &&
         tok.kind != MYSQLDRV_TOKEN_END) {
    if (tok.kind == MYSQLDRV_TOKEN_PUNCT && create[tok.start] == '(')
      depth++;
    else if (tok.kind == MYSQLDRV_TOKEN_PUNCT && create[tok.start] == ')')
      depth--;
    else if (depth == 0 && mysqldrv_token_is(&lx, &tok, "VIEW"))
      seen_view = 1;
    else if (depth == 0 && seen_view && mysqldrv_token_is(&lx, &tok, "AS")) {
      if (mysqldrv_lexer_next(&lx, &tok, NULL) != 0 ||
          tok.kind == MYSQLDRV_TOKEN_END)
        return -1;
      return (long)tok.start;
    }
  }
  return -1;
}

struct exact_reader {
  struct mysqldrv_catalog *cat;
  struct mysqldrv_exact *asked; /* the texts asked again, in the batch's order */
  size_t asked_count;
  size_t next;
};

static int take_create(void *ctx, int columns, const char *const *values,
                       const size_t *lengths) {
  struct exact_reader *r = ctx;
  struct mysqldrv_exact *item;
  int is_view, column, failed = 0;
  const char *create;
  long at;
  if (r->next >= r->asked_count)
    return 0;
  item = &r->asked[r->next++];
  is_view = strcmp(item->kind, "VIEW") == 0;
  column = is_view ? 1 : 2;
  if (columns <= column || (create = values[column]) == NULL)
    return 0;
  at = is_view ? view_select(create) : program_body(create, *item->text);
  if (at < 0)
    return 0;
  *item->text = mysqldrv_catalog_text(r->cat, create + at,
                                      lengths[column] - (size_t)at, &failed);
  return failed ? mysqldrv_catalog_nomem(r->cat) : 0;
}

int mysqldrv_read_exact(struct mysqldrv_catalog *cat, mysqldrv_exact_fn item,
                        void *ctx, size_t count) {
  struct exact_reader r = {.cat = cat};
  struct mysqldrv_text sql = {0};
  size_t asked = 0;
  int rc = 0;
  if ((r.asked = malloc((count ? count : 1) * sizeof *r.asked)) == NULL)
    return mysqldrv_catalog_nomem(cat);
  for (size_t i = 0; i < count; i++) {
    struct mysqldrv_exact it = item(ctx, i);
    if (*it.text == NULL || strchr(*it.text, '?') == NULL)
      continue;
    mysqldrv_text_puts(&sql, asked ? ";SHOW CREATE " : "SHOW CREATE ");
    mysqldrv_text_puts(&sql, it.kind);
    mysqldrv_text_puts(&sql, " ");
    mysqldrv_text_ident(&sql, it.name);
    r.asked[asked++] = it;
  }
  if (sql.failed)
    rc = mysqldrv_catalog_nomem(cat);
  r.asked_count = asked;
  if (rc == 0 && asked > 0)
    rc = mysqldrv_query_batch(cat->conn, sql.data, sql.length, take_create,
                              &r, cat->err);
  mysqldrv_text_release(&sql);
  free(r.asked);
  return rc;
}
