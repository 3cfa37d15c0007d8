/*
 * introspect_defaults.c - a column's default, in the engine's text and in
 * the neutral fields.
 *
 * MariaDB (10.2.7+) quotes literals, writes an explicit DEFAULT NULL as
 * the text NULL, and leaves expressions bare; MySQL 8 gives literals
 * unquoted and marks expressions DEFAULT_GENERATED in EXTRA.  default_expr
 * is always what follows DEFAULT in a CREATE TABLE the server takes back;
 * default_kind says what it is: a literal (default_value holds it
 * unquoted), NULL, the current time (default_value holds the fractional
 * digits of CURRENT_TIMESTAMP(n), if any), the current date, or another
 * expression.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mysqldrv.h"

size_t mysqldrv_read_quoted(const char *s, size_t length, char *out,
                            size_t *out_length) {
  size_t i = 1, n = 0;
  while (i < length &&
         !(s[i] == '\'' && (i + 1 >= length || s[i + 1] != '\''))) {
    char c = s[i];
    if (c == '\\' && i + 1 < length) {
      c = mysqldrv_unescaped(s[++i]);
    } else if (c == '\'') {
      i++; /* the first of two */
    }
    if (out != NULL)
      out[n] = c;
    n++;
    i++;
  }
  if (out_length != NULL)
    *out_length = n;
  return i < length ? i + 1 : length;
}

/* now(), current_timestamp(3), localtimestamp ...: the fractional digits
 * in *digits ("" for none); 0 when text is none of them. */
static int is_current_time(const char *text, const char **digits,
                           size_t *digit_count) {
  static const char *const names[] = {"current_timestamp", "now",
                                      "localtimestamp", "localtime"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    size_t n = strlen(names[i]);
    const char *p = text + n;
    if (strncasecmp(text, names[i], n) != 0)
      continue;
    if (*p == '\0' && i != 1) {
      *digits = p;
      *digit_count = 0;
      return 1;
    }
    if (*p != '(')
      continue;
    *digits = p + 1;
    *digit_count = strspn(p + 1, "0123456789");
    if (strcmp(p + 1 + *digit_count, ")") == 0)
      return 1;
  }
  return 0;
}

static int is_current_date(const char *text) {
  return strcasecmp(text, "curdate()") == 0 ||
         strcasecmp(text, "current_date") == 0 ||
         strcasecmp(text, "current_date()") == 0;
}

/* A bare number as the server writes one: -5, 0.00, 1.5e+10. */
static int is_number(const char *text) {
  const char *p = text + (*text == '-' || *text == '+');
  size_t digits = strspn(p, "0123456789");
  p += digits;
  if (*p == '.') {
    size_t more = strspn(p + 1, "0123456789");
    digits += more;
    p += 1 + more;
  }
  if (digits > 0 && (*p == 'e' || *p == 'E')) {
    p += 1 + (p[1] == '-' || p[1] == '+');
    if (!isdigit((unsigned char)*p))
      return 0;
    p += strspn(p, "0123456789");
  }
  return digits > 0 && *p == '\0';
}

/* An expression default: the current time (default_value holds its
 * fractional digits, if any), the current date, or anything else.  MySQL
 * wants parentheses around any expression but CURRENT_TIMESTAMP. */
static int take_expression_default(struct mysqldrv_catalog *cat,
                                   struct strata_column *c, const char *text) {
  const char *digits;
  size_t n;
  int failed = 0;
  struct mysqldrv_text t = {0};
  if (is_current_time(text, &digits, &n)) {
    c->default_kind = STRATA_DEFAULT_CURRENT_TIME;
    if (n > 0)
      c->default_value = mysqldrv_catalog_text(cat, digits, n, &failed);
    c->default_expr = mysqldrv_catalog_text(cat, text, strlen(text), &failed);
    return failed ? -1 : 0;
  }
  c->default_kind = is_current_date(text) ? STRATA_DEFAULT_CURRENT_DATE
                                          : STRATA_DEFAULT_EXPRESSION;
  if (!cat->mysql) {
    c->default_expr = mysqldrv_catalog_text(cat, text, strlen(text), &failed);
    return failed ? -1 : 0;
  }
  mysqldrv_text_puts(&t, "(");
  mysqldrv_text_puts(&t, text);
  mysqldrv_text_puts(&t, ")");
  if (!t.failed)
    c->default_expr = mysqldrv_catalog_text(cat, t.data, t.length, &failed);
  mysqldrv_text_release(&t);
  return failed || t.failed ? -1 : 0;
}

/* A literal default: value is the value itself; expr how to write it. */
static int take_literal_default(struct mysqldrv_catalog *cat,
                                struct strata_column *c, const char *value,
                                size_t value_length, const char *expr) {
  int failed = 0;
  c->default_kind = STRATA_DEFAULT_LITERAL;
  c->default_value = mysqldrv_catalog_text(cat, value, value_length, &failed);
  c->default_expr = mysqldrv_catalog_text(cat, expr, strlen(expr), &failed);
  return failed ? -1 : 0;
}

/* b'1010': the bits. */
static int is_bit_literal(const char *text) {
  size_t n = strlen(text);
  return n >= 3 && (text[0] == 'b' || text[0] == 'B') && text[1] == '\'' &&
         text[n - 1] == '\'';
}

static int take_null_default(struct mysqldrv_catalog *cat,
                             struct strata_column *c) {
  int failed = 0;
  c->default_kind = STRATA_DEFAULT_NULL;
  c->default_expr = mysqldrv_catalog_text(cat, "NULL", 4, &failed);
  return failed ? -1 : 0;
}

/* MariaDB: 'text', NULL, 12, b'1', or an expression. */
static int read_mariadb_default(struct mysqldrv_catalog *cat,
                                struct strata_column *c, const char *text) {
  size_t length = strlen(text), n;
  char *value;
  int rc;
  if (strcmp(text, "NULL") == 0)
    return take_null_default(cat, c);
  if (is_number(text))
    return take_literal_default(cat, c, text, length, text);
  if (is_bit_literal(text))
    return take_literal_default(cat, c, text + 2, length - 3, text);
  if (text[0] != '\'')
    return take_expression_default(cat, c, text);
  if ((value = malloc(length)) == NULL)
    return -1;
  mysqldrv_read_quoted(text, length, value, &n);
  rc = take_literal_default(cat, c, value, n, text);
  free(value);
  return rc;
}

/* MySQL reports a binary column's literal default as 0x6162. */
static int is_hex_literal(const char *text) {
  size_t n = strlen(text);
  return n > 2 && n % 2 == 0 && text[0] == '0' && text[1] == 'x' &&
         strspn(text + 2, "0123456789abcdefABCDEF") == n - 2;
}

static int hex_digit(char c) {
  return isdigit((unsigned char)c) ? c - '0'
                                   : tolower((unsigned char)c) - 'a' + 10;
}

/* The bytes as the value, the hex literal as the text. */
static int take_hex_default(struct mysqldrv_catalog *cat,
                            struct strata_column *c, const char *text) {
  size_t n = (strlen(text) - 2) / 2;
  char *bytes = malloc(n + 1);
  int rc;
  if (bytes == NULL)
    return -1;
  for (size_t i = 0; i < n; i++)
    bytes[i] =
        (char)(hex_digit(text[2 + 2 * i]) * 16 + hex_digit(text[3 + 2 * i]));
  rc = take_literal_default(cat, c, bytes, n, text);
  free(bytes);
  return rc;
}

static int is_numeric_type(enum strata_type type) {
  return type >= STRATA_TYPE_TINYINT && type <= STRATA_TYPE_DOUBLE;
}

/* MySQL: the value unquoted; expressions marked DEFAULT_GENERATED. */
static int read_mysql_default(struct mysqldrv_catalog *cat,
                              struct strata_column *c, const char *text,
                              int expression) {
  struct mysqldrv_text t = {0};
  const char *digits;
  size_t n;
  int rc = 0;
  if (expression ||
      (c->type >= STRATA_TYPE_TIMESTAMP && c->type <= STRATA_TYPE_TIMESTAMPTZ &&
       is_current_time(text, &digits, &n))) {
    const char *plain =
        mysqldrv_catalog_expression(cat, text, strlen(text), &rc);
    return plain ? take_expression_default(cat, c, plain) : -1;
  }
  if (c->type == STRATA_TYPE_BIT && is_bit_literal(text))
    return take_literal_default(cat, c, text + 2, strlen(text) - 3, text);
  if ((c->type == STRATA_TYPE_BINARY || c->type == STRATA_TYPE_VARBINARY) &&
      is_hex_literal(text))
    return take_hex_default(cat, c, text);
  if (is_numeric_type(c->type) && is_number(text))
    return take_literal_default(cat, c, text, strlen(text), text);
  mysqldrv_text_literal(&t, text);
  rc = t.failed ? -1 : take_literal_default(cat, c, text, strlen(text), t.data);
  mysqldrv_text_release(&t);
  return rc;
}

/* Types MySQL gives only expression defaults, and SHOW CREATE TABLE no
 * DEFAULT NULL. */
static int takes_no_literal(enum strata_type type) {
  return type == STRATA_TYPE_TEXT || type == STRATA_TYPE_BLOB ||
         type == STRATA_TYPE_JSON || type == STRATA_TYPE_GEOMETRY;
}

/* MySQL reports no default for a nullable column as it reports DEFAULT
 * NULL, which it is; MariaDB writes that out, and so does the model.  A
 * generated column has no default, whatever MariaDB says. */
int mysqldrv_read_default(struct mysqldrv_catalog *cat, struct strata_column *c,
                          const char *text, int expression) {
  unsigned never_null = STRATA_COLUMN_NOT_NULL | STRATA_COLUMN_IDENTITY;
  if (c->flags &
      (STRATA_COLUMN_GENERATED_STORED | STRATA_COLUMN_GENERATED_VIRTUAL))
    return 0;
  if (text == NULL && cat->mysql && !(c->flags & never_null) &&
      !takes_no_literal(c->type))
    return take_null_default(cat, c);
  if (text == NULL)
    return 0;
  return cat->mysql ? read_mysql_default(cat, c, text, expression)
                    : read_mariadb_default(cat, c, text);
}
