/*
 * scan.c - the tokens PostgreSQL's own lexer finds in a script.
 *
 * libpg_query's pg_query_scan() runs the server's scan.l and returns its
 * tokens as a protobuf ScanResult.  Debian ships libpg_query without the
 * protobuf-c headers its generated pg_query.pb-c.h needs, and only four
 * small fields are wanted, so the message is decoded here from the
 * protobuf wire format:
 *
 *   ScanResult { int32 version = 1; repeated ScanToken tokens = 2; }
 *   ScanToken  { int32 start = 1; int32 end = 2; Token token = 4;
 *                KeywordKind keyword_kind = 5; }
 *
 * Every field is a varint or a length-delimited record; unknown fields are
 * skipped by their wire type, so a newer libpg_query that adds fields still
 * decodes.
 */
#include "postgres.h"

#include <pg_query.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum wire_type {
  WIRE_VARINT = 0,
  WIRE_FIXED64 = 1,
  WIRE_BYTES = 2,
  WIRE_FIXED32 = 5
};

struct reader {
  const uint8_t *p;
  const uint8_t *end;
};

static int read_varint(struct reader *r, uint64_t *out) {
  uint64_t v = 0;
  for (unsigned shift = 0; shift < 64 && r->p < r->end; shift += 7) {
    uint8_t b = *r->p++;
    v |= (uint64_t)(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      *out = v;
      return 0;
    }
  }
  return -1;
}

static int skip_field(struct reader *r, unsigned wire) {
  uint64_t n;
  switch (wire) {
  case WIRE_VARINT: return read_varint(r, &n);
  case WIRE_FIXED64: n = 8; break;
  case WIRE_FIXED32: n = 4; break;
  case WIRE_BYTES:
    if (read_varint(r, &n) != 0)
      return -1;
    break;
  default: return -1;
  }
  if (n > (uint64_t)(r->end - r->p))
    return -1;
  r->p += n;
  return 0;
}

static int read_token(struct reader *r, struct postgres_token *tok) {
  memset(tok, 0, sizeof *tok);
  while (r->p < r->end) {
    uint64_t key, v;
    if (read_varint(r, &key) != 0)
      return -1;
    if ((key & 7) != WIRE_VARINT) {
      if (skip_field(r, (unsigned)(key & 7)) != 0)
        return -1;
      continue;
    }
    if (read_varint(r, &v) != 0)
      return -1;
    switch (key >> 3) {
    case 1: tok->start = (size_t)v; break;
    case 2: tok->end = (size_t)v; break;
    case 4: tok->kind = (int)v; break;
    case 5: tok->keyword = (int)v; break;
    default: break;
    }
  }
  return tok->start <= tok->end ? 0 : -1;
}

static int push_token(struct postgres_tokens *toks, size_t *cap,
                      struct reader *body) {
  if (toks->count == *cap) {
    size_t n = *cap ? *cap * 2 : 64;
    struct postgres_token *items = realloc(toks->items, n * sizeof *items);
    if (items == NULL)
      return STRATA_ENOMEM;
    toks->items = items;
    *cap = n;
  }
  if (read_token(body, &toks->items[toks->count]) != 0)
    return STRATA_EINVAL;
  toks->count++;
  return 0;
}

static int decode_scan_result(const uint8_t *buf, size_t len,
                              struct postgres_tokens *toks,
                              struct strata_error *err) {
  struct reader r = {buf, buf + len};
  size_t cap = 0;
  while (r.p < r.end) {
    uint64_t key, n;
    if (read_varint(&r, &key) != 0)
      goto malformed;
    if (key != ((2 << 3) | WIRE_BYTES)) {
      if (skip_field(&r, (unsigned)(key & 7)) != 0)
        goto malformed;
      continue;
    }
    if (read_varint(&r, &n) != 0 || n > (uint64_t)(r.end - r.p))
      goto malformed;
    struct reader body = {r.p, r.p + n};
    r.p += n;
    int rc = push_token(toks, &cap, &body);
    if (rc == STRATA_ENOMEM)
      return postgres_error_set(err, rc, "out of memory");
    if (rc != 0)
      goto malformed;
  }
  return 0;
malformed:
  return postgres_error_set(err, STRATA_EPLUGIN,
                            "cannot read the tokens libpg_query returned: "
                            "rebuild strata against this libpg_query");
}

/* libpg_query's messages end in 'at or near "..."' quoting the rest of the
 * token, which for an unterminated string is the rest of the script; the
 * position says where, so the quote is dropped to keep one short line. */
static int report_lexical_error(const PgQueryError *e, const char *text,
                                size_t len, struct strata_error *err) {
  const char *msg = e->message ? e->message : "cannot scan the script";
  const char *near = strstr(msg, " at or near ");
  int n = near ? (int)(near - msg) : (int)strlen(msg);
  postgres_error_set(err, STRATA_ESQL, "%.*s", n, msg);
  if (err != NULL)
    err->offset = e->cursorpos > 0
                      ? (long)postgres_utf8_offset(text, len, e->cursorpos - 1)
                      : 0;
  return STRATA_ESQL;
}

int postgres_scan(const char *text, size_t len, struct postgres_tokens *out,
                  struct strata_error *err) {
  out->items = NULL;
  out->count = 0;
  const char *nul = memchr(text, '\0', len);
  if (nul != NULL) {
    postgres_error_set(err, STRATA_ESQL, "the script holds a NUL byte");
    if (err != NULL)
      err->offset = (long)(nul - text);
    return STRATA_ESQL;
  }
  char *copy = malloc(len + 1);
  if (copy == NULL)
    return postgres_error_set(err, STRATA_ENOMEM, "out of memory");
  memcpy(copy, text, len);
  copy[len] = '\0';
  PgQueryScanResult res = pg_query_scan(copy);
  int rc = res.error != NULL
               ? report_lexical_error(res.error, text, len, err)
               : decode_scan_result((const uint8_t *)res.pbuf.data,
                                    res.pbuf.len, out, err);
  pg_query_free_scan_result(res);
  free(copy);
  if (rc != 0)
    postgres_tokens_release(out);
  return rc;
}

void postgres_tokens_release(struct postgres_tokens *toks) {
  free(toks->items);
  toks->items = NULL;
  toks->count = 0;
}
