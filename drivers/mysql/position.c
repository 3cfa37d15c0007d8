/*
 * position.c - where in a statement a server error points.
 *
 * MySQL and MariaDB end a parse error with "... near 'TEXT' at line N":
 * TEXT is the rest of the statement from the token the parser choked on,
 * cut to 80 characters (MariaDB then appends "..."), and N counts lines
 * from the start of the statement as sent.  The start of line N is always
 * known; TEXT, found on that line, narrows it to the token.
 */
#include <string.h>

#include "split.h"

#define AT_LINE " at line "
#define NEAR "near '"

/* The N of a message ending in " at line N", or 0. */
static long line_number(const char *message, const char **at) {
  const char *p = NULL, *q = message;
  long n = 0;
  while ((q = strstr(q, AT_LINE)) != NULL)
    p = q++;
  *at = p;
  if (p == NULL)
    return 0;
  for (p += strlen(AT_LINE); *p >= '0' && *p <= '9'; p++)
    if ((n = n * 10 + (*p - '0')) > 1000000000L)
      return 0;
  return *p == '\0' ? n : 0;
}

/* The byte offset where line n (1-based) of sql starts, or -1. */
static long line_start(const char *sql, size_t len, long n) {
  size_t pos = 0;
  for (long line = 1; line < n; line++) {
    const char *nl = memchr(sql + pos, '\n', len - pos);
    if (nl == NULL)
      return -1;
    pos = (size_t)(nl - sql) + 1;
  }
  return (long)pos;
}

static int statement_ends_with(const char *sql, size_t len, size_t start,
                               const char *near, size_t near_len) {
  return near_len <= len - start &&
         memcmp(sql + len - near_len, near, near_len) == 0;
}

/* Finds the near text (near_len bytes) in sql, starting on the line that
 * begins at start: as the statement's own ending when it was not cut, or
 * else as the first place on that line where it begins. */
static long find_near(const char *sql, size_t len, size_t start,
                      const char *near, size_t near_len) {
  const char *nl = memchr(sql + start, '\n', len - start);
  size_t stop = nl ? (size_t)(nl - sql) : len;
  if (statement_ends_with(sql, len, start, near, near_len))
    return (long)(len - near_len);
  if (near_len > 3 && memcmp(near + near_len - 3, "...", 3) == 0)
    near_len -= 3;
  for (size_t p = start; p < stop && near_len <= len - p; p++)
    if (memcmp(sql + p, near, near_len) == 0)
      return (long)p;
  return -1;
}

long mysqldrv_error_position(const char *sql, size_t len, const char *message) {
  const char *at, *near;
  long n = line_number(message, &at), start, found;
  if (n <= 0 || (start = line_start(sql, len, n)) < 0)
    return -1;
  near = strstr(message, NEAR);
  if (near == NULL || near > at || at[-1] != '\'')
    return start;
  near += strlen(NEAR);
  if (near == at - 1) {
    /* near '': the statement ended too soon, after its last token. */
    while (len > 0 && strchr(" \t\r\n", sql[len - 1]) != NULL)
      len--;
    return (long)len;
  }
  found = find_near(sql, len, (size_t)start, near, (size_t)(at - 1 - near));
  return found >= 0 ? found : start;
}
