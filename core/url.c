/*
 * url.c - target URLs taken apart, and shown without their password.
 *
 * Two shapes are understood: "scheme://user:password@host:port/path?k=v&..."
 * and "scheme:opaque" (sqlite:app.db, sqlite::memory:).  The userinfo ends
 * at the last '@' before the query, so a password holding an unescaped '@'
 * or '/' still parses, and is still hidden.
 *
 * A parsed URL is one allocation: the struct, then its parameters, then all
 * its strings, so url_free() is a single free() and a failure half way
 * leaves nothing behind.
 */
#include "url.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

#define MASK "***"
#define MASK_LEN 3

struct span {
  const char *p;
  size_t n;
};

/* Where the parts of a "//" URL lie in its text; nothing is decoded yet. */
struct authority_url {
  struct span user;
  int has_password;
  struct span password;
  struct span hostport;
  struct span path;
  int has_query;
  struct span query;
};

struct url_block {
  struct strata_url url; /* first, so the block's address is the URL's */
  struct strata_url_param params[];
};

static int is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* The length of the "scheme" in "scheme:...", or 0 when text has none. */
static size_t scheme_length(const char *text) {
  if (!is_alpha(text[0]))
    return 0;
  size_t n = 1;
  while (is_alpha(text[n]) || is_digit(text[n]) || text[n] == '+' ||
         text[n] == '-' || text[n] == '.')
    n++;
  return text[n] == ':' ? n : 0;
}

static const char *find_last(const char *p, size_t n, char c) {
  for (size_t i = n; i > 0; i--)
    if (p[i - 1] == c)
      return p + i - 1;
  return NULL;
}

/* Splits the text after "//" into userinfo, host and port, path, query. */
static void split_authority(const char *auth, struct authority_url *u) {
  memset(u, 0, sizeof *u);
  const char *query = strchr(auth, '?');
  const char *end = query != NULL ? query : auth + strlen(auth);
  const char *at = find_last(auth, (size_t)(end - auth), '@');
  const char *host = auth;
  if (at != NULL) {
    const char *colon = memchr(auth, ':', (size_t)(at - auth));
    u->user = (struct span){auth, (size_t)((colon ? colon : at) - auth)};
    if (colon != NULL) {
      u->has_password = 1;
      u->password = (struct span){colon + 1, (size_t)(at - colon - 1)};
    }
    host = at + 1;
  }
  const char *slash = memchr(host, '/', (size_t)(end - host));
  const char *host_end = slash != NULL ? slash : end;
  u->hostport = (struct span){host, (size_t)(host_end - host)};
  u->path = (struct span){host_end, (size_t)(end - host_end)};
  if (query != NULL) {
    u->has_query = 1;
    u->query = (struct span){query + 1, strlen(query + 1)};
  }
}

/* ---- redaction ----------------------------------------------------------- */

/* Writes into a caller's buffer like snprintf: len counts everything, even
 * what did not fit. */
struct writer {
  char *out;
  size_t size;
  size_t len;
};

static void put(struct writer *w, const char *s, size_t n) {
  if (w->len + 1 < w->size) {
    size_t room = w->size - 1 - w->len;
    memcpy(w->out + w->len, s, n < room ? n : room);
  }
  w->len += n;
}

/* Copies text from *from up to secret, then the mask in place of the
 * secret. */
static void put_masked(struct writer *w, const char **from,
                       struct span secret) {
  put(w, *from, (size_t)(secret.p - *from));
  put(w, MASK, MASK_LEN);
  *from = secret.p + secret.n;
}

static int is_password_key(const char *key, size_t n) {
  return n == 8 && strncasecmp(key, "password", 8) == 0;
}

/* Masks the values of "password=" parameters in a query string. */
static void put_query_masked(struct writer *w, const char **from,
                             struct span query) {
  const char *p = query.p, *end = query.p + query.n;
  while (p < end) {
    const char *amp = memchr(p, '&', (size_t)(end - p));
    const char *piece_end = amp != NULL ? amp : end;
    const char *eq = memchr(p, '=', (size_t)(piece_end - p));
    if (eq != NULL && is_password_key(p, (size_t)(eq - p)) &&
        piece_end > eq + 1)
      put_masked(w, from, (struct span){eq + 1, (size_t)(piece_end - eq - 1)});
    p = piece_end + (amp != NULL);
  }
}

/* Returns the length of the redacted text; writes at most size bytes,
 * NUL included. */
static size_t redact(const char *text, char *out, size_t size) {
  struct writer w = {out, size, 0};
  const char *from = text;
  const char *slashes = strstr(text, "://");
  if (slashes != NULL) {
    struct authority_url u;
    split_authority(slashes + 3, &u);
    if (u.has_password && u.password.n > 0)
      put_masked(&w, &from, u.password);
    if (u.has_query)
      put_query_masked(&w, &from, u.query);
  }
  put(&w, from, strlen(from));
  if (size > 0)
    out[w.len < size ? w.len : size - 1] = '\0';
  return w.len;
}

void url_redact(const char *text, char *out, size_t n) {
  redact(text, out, n);
}

/* ---- another database beside this one ------------------------------------ */

/* Where the path of text lies, before any query; *authority is whether the
 * URL has the "//" shape. */
static struct span path_span(const char *text, int *authority) {
  const char *slashes = strstr(text, "://");
  *authority = slashes != NULL;
  if (slashes != NULL) {
    struct authority_url u;
    split_authority(slashes + 3, &u);
    return u.path;
  }
  const char *p = text + scheme_length(text);
  p += *p == ':';
  return (struct span){p, strcspn(p, "?")};
}

char *url_with_database(const char *text, const char *name) {
  int authority;
  struct span path = path_span(text, &authority);
  const char *slash = find_last(path.p, path.n, '/');
  const char *segment = slash != NULL ? slash + 1 : path.p;
  const char *lead = authority && slash == NULL ? "/" : "";
  return strata__asprintf("%.*s%s%s%s", (int)(segment - text), text, lead, name,
                          path.p + path.n);
}

/* ---- parsing ------------------------------------------------------------- */

struct parser {
  struct url_block *block;
  size_t param_room; /* the parameters block has room for */
  char *next;        /* the free space for strings in block */
  const char *redacted;
  struct strata_error *err;
};

static int hex_value(char c) {
  if (is_digit(c))
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static int malformed_escape(struct parser *ps) {
  return strata__error_set(ps->err, STRATA_EURL,
                           "malformed percent-escape in '%s': '%%' must be "
                           "followed by two hex digits, and '%%00' is not "
                           "allowed",
                           ps->redacted);
}

/* Copies s with its percent-escapes decoded into the block and points *field
 * at the copy; an empty s leaves *field NULL unless keep_empty. */
static int store(struct parser *ps, struct span s, int keep_empty,
                 const char **field) {
  *field = NULL;
  if (s.n == 0 && !keep_empty)
    return 0;
  char *out = ps->next;
  for (size_t i = 0; i < s.n; i++) {
    if (s.p[i] != '%') {
      *ps->next++ = s.p[i];
      continue;
    }
    int hi = i + 2 < s.n ? hex_value(s.p[i + 1]) : -1;
    int lo = hi >= 0 ? hex_value(s.p[i + 2]) : -1;
    if (lo < 0 || (hi == 0 && lo == 0))
      return malformed_escape(ps);
    *ps->next++ = (char)(hi * 16 + lo);
    i += 2;
  }
  *ps->next++ = '\0';
  *field = out;
  return 0;
}

static void store_lower(struct parser *ps, struct span s, const char **field) {
  char *out = ps->next;
  for (size_t i = 0; i < s.n; i++) {
    char c = s.p[i];
    *ps->next++ = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  *ps->next++ = '\0';
  *field = out;
}

static int bad_port(struct parser *ps) {
  return strata__error_set(ps->err, STRATA_EURL,
                           "invalid port in '%s': expected a number from 1 "
                           "to 65535",
                           ps->redacted);
}

static int parse_port(struct parser *ps, struct span s) {
  long port = 0;
  if (s.n == 0 || s.n > 5)
    return bad_port(ps);
  for (size_t i = 0; i < s.n; i++) {
    if (!is_digit(s.p[i]))
      return bad_port(ps);
    port = port * 10 + (s.p[i] - '0');
  }
  if (port < 1 || port > 65535)
    return bad_port(ps);
  ps->block->url.port = (int)port;
  return 0;
}

/* "host", "host:port", "[v6]", "[v6]:port"; an empty host is NULL. */
static int parse_hostport(struct parser *ps, struct span s) {
  struct span host = s;
  const char *rest = NULL;
  if (s.n > 0 && s.p[0] == '[') {
    const char *close = memchr(s.p, ']', s.n);
    if (close == NULL)
      return strata__error_set(ps->err, STRATA_EURL,
                               "malformed host in '%s': '[' without ']'",
                               ps->redacted);
    host = (struct span){s.p + 1, (size_t)(close - s.p - 1)};
    rest = close + 1;
    if (rest < s.p + s.n && *rest != ':')
      return strata__error_set(ps->err, STRATA_EURL,
                               "malformed host in '%s': expected ':' or the "
                               "end of the host after ']'",
                               ps->redacted);
  } else {
    rest = memchr(s.p, ':', s.n);
    if (rest != NULL)
      host.n = (size_t)(rest - s.p);
  }
  const char *end = s.p + s.n;
  int rc = store(ps, host, 0, &ps->block->url.host);
  if (rc == 0 && rest != NULL && rest < end)
    rc = parse_port(ps, (struct span){rest + 1, (size_t)(end - rest - 1)});
  return rc;
}

static size_t count_params(struct span query) {
  size_t count = 0;
  int in_piece = 0;
  for (size_t i = 0; i < query.n; i++) {
    if (query.p[i] == '&')
      in_piece = 0;
    else if (!in_piece && ++count)
      in_piece = 1;
  }
  return count;
}

/* "k=v&k2=v2": empty pieces are skipped, a piece without "key=" is an
 * error. */
static int parse_query(struct parser *ps, struct span query) {
  struct strata_url *url = &ps->block->url;
  const char *p = query.p, *end = query.p + query.n;
  while (p < end) {
    const char *amp = memchr(p, '&', (size_t)(end - p));
    const char *piece_end = amp != NULL ? amp : end;
    if (piece_end > p) {
      const char *eq = memchr(p, '=', (size_t)(piece_end - p));
      if (eq == NULL || eq == p)
        return strata__error_set(ps->err, STRATA_EURL,
                                 "malformed parameter in '%s': expected "
                                 "key=value after '?'",
                                 ps->redacted);
      assert(url->param_count < ps->param_room);
      struct strata_url_param *param = &ps->block->params[url->param_count++];
      int rc = store(ps, (struct span){p, (size_t)(eq - p)}, 1, &param->key);
      if (rc == 0)
        rc = store(ps, (struct span){eq + 1, (size_t)(piece_end - eq - 1)}, 1,
                   &param->value);
      if (rc != 0)
        return rc;
    }
    p = piece_end + (amp != NULL);
  }
  return 0;
}

static int parse_authority_url(struct parser *ps, const char *auth) {
  struct strata_url *url = &ps->block->url;
  struct authority_url u;
  split_authority(auth, &u);
  int rc = store(ps, u.user, 0, &url->user);
  if (rc == 0 && u.has_password)
    rc = store(ps, u.password, 1, &url->password);
  if (rc == 0)
    rc = parse_hostport(ps, u.hostport);
  if (rc == 0)
    rc = store(ps, u.path, 0, &url->path);
  if (rc == 0 && u.has_query)
    rc = parse_query(ps, u.query);
  return rc;
}

static int parse_after_scheme(struct parser *ps, const char *rest) {
  if (strncmp(rest, "//", 2) == 0)
    return parse_authority_url(ps, rest + 2);
  return store(ps, (struct span){rest, strlen(rest)}, 0, &ps->block->url.path);
}

/* Room for every string of the URL: decoded parts are never longer than
 * their text, and each needs a NUL. */
static size_t block_size(const char *text, size_t redacted_len,
                         size_t param_count) {
  size_t len = strlen(text);
  return sizeof(struct url_block) +
         param_count * sizeof(struct strata_url_param) + len + 6 +
         2 * param_count + redacted_len + 1;
}

static struct url_block *block_new(const char *text, struct parser *ps) {
  size_t redacted_len = redact(text, NULL, 0);
  const char *slashes = strstr(text, "://");
  size_t params = 0;
  if (slashes != NULL) {
    struct authority_url u;
    split_authority(slashes + 3, &u);
    params = count_params(u.query);
  }
  struct url_block *block = calloc(1, block_size(text, redacted_len, params));
  if (block == NULL)
    return NULL;
  char *strings = (char *)&block->params[params];
  redact(text, strings, redacted_len + 1);
  block->url.redacted = strings;
  block->url.params = block->params;
  ps->block = block;
  ps->param_room = params;
  ps->next = strings + redacted_len + 1;
  ps->redacted = strings;
  return block;
}

int url_parse(const char *text, struct strata_url **out,
              struct strata_error *err) {
  assert(text != NULL);
  *out = NULL;
  struct parser ps = {.err = err};
  if (block_new(text, &ps) == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  size_t n = scheme_length(text);
  if (n == 0) {
    int rc = strata__error_set(err, STRATA_EURL,
                               "'%s' is not a URL: expected scheme://... or "
                               "sqlite:path",
                               ps.redacted);
    free(ps.block);
    return rc;
  }
  store_lower(&ps, (struct span){text, n}, &ps.block->url.scheme);
  int rc = parse_after_scheme(&ps, text + n + 1);
  if (rc != 0) {
    free(ps.block);
    return rc;
  }
  *out = &ps.block->url;
  return 0;
}

void url_free(struct strata_url *url) {
  free(url);
}

const char *url_param(const struct strata_url *url, const char *key) {
  for (size_t i = 0; i < url->param_count; i++)
    if (strcmp(url->params[i].key, key) == 0)
      return url->params[i].value;
  return NULL;
}
