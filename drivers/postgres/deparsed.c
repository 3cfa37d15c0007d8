/*
 * deparsed.c - stepping over the words and quoted runs of the text
 * PostgreSQL prints back (pg_get_constraintdef(), pg_get_expr()), which
 * both readers of that text take: the neutral form (neutral.c) and a
 * port's portable text (portable_expr.c).
 */
#include "postgres.h"

#include <ctype.h>

const char *postgres_after_word(const char *p) {
  while (isalnum((unsigned char)*p) || *p == '_')
    p++;
  return p;
}

const char *postgres_after_quoted(const char *p) {
  char q = *p;
  for (p++; *p; p++) {
    if (*p == q && p[1] == q)
      p++;
    else if (*p == q)
      return p + 1;
  }
  return p;
}
