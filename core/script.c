/*
 * script.c - splitting a migration and reading its directive.
 */
#include "script.h"

#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "util.h"

struct collector {
  struct script *sc;
  size_t cap;
};

static int collect(void *ctx, const struct strata_statement *stmt) {
  struct collector *c = ctx;
  if (c->sc->count == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 16;
    struct strata_statement *grown =
        realloc(c->sc->statements, cap * sizeof *grown);
    if (grown == NULL)
      return STRATA_ENOMEM;
    c->sc->statements = grown;
    c->cap = cap;
  }
  c->sc->statements[c->sc->count++] = *stmt;
  if (stmt->flags & STRATA_STMT_DDL)
    c->sc->has_ddl = 1;
  return 0;
}

/* The directive must be the whole first line, give or take blanks. */
static int has_directive(const char *text, size_t length) {
  size_t n = strlen(SCRIPT_NO_TRANSACTION_DIRECTIVE);
  while (length > 0 && (*text == ' ' || *text == '\t')) {
    text++;
    length--;
  }
  if (length < n || strncmp(text, SCRIPT_NO_TRANSACTION_DIRECTIVE, n) != 0)
    return 0;
  for (size_t i = n; i < length && text[i] != '\n'; i++)
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r')
      return 0;
  return 1;
}

int script_prepare(struct script *sc, const struct strata_driver *driver,
                   const char *text, size_t length, const char *file,
                   struct strata_error *err) {
  memset(sc, 0, sizeof *sc);
  sc->text = text;
  sc->length = length;
  sc->file = file;
  sc->no_transaction = has_directive(text, length);
  struct collector c = {sc, 0};
  int rc = driver->split(text, length, collect, &c, err);
  if (rc == STRATA_ENOMEM)
    strata__error_set(err, rc, "out of memory splitting '%s'", file);
  else if (rc != 0)
    strata__error_locate(err, file, text, 0);
  if (rc != 0)
    script_release(sc);
  return rc;
}

void script_release(struct script *sc) {
  free(sc->statements);
  sc->statements = NULL;
  sc->count = 0;
}

int script_check(const struct script *sc, struct strata_error *err) {
  if (sc->no_transaction)
    return 0;
  for (size_t i = 0; i < sc->count; i++) {
    const struct strata_statement *st = &sc->statements[i];
    if (!(st->flags & STRATA_STMT_NO_TRANSACTION))
      continue;
    int shown = (int)(st->length < 60 ? st->length : 60);
    strata__error_set(err, STRATA_ESQL,
                      "'%.*s%s' cannot run inside a transaction; make "
                      "'" SCRIPT_NO_TRANSACTION_DIRECTIVE "' the first line "
                      "of the migration",
                      shown, sc->text + st->offset,
                      (size_t)shown < st->length ? "..." : "");
    strata__error_locate(err, sc->file, sc->text, st->offset);
    return STRATA_ESQL;
  }
  return 0;
}

int script_transactional(const struct script *sc,
                         const struct strata_driver *driver) {
  if (sc->no_transaction)
    return 0;
  return (driver->capabilities & STRATA_CAP_TRANSACTIONAL_DDL) || !sc->has_ddl;
}

void script_statement_hash(const struct script *sc, size_t i,
                           char out[SCRIPT_HASH_SIZE]) {
  const struct strata_statement *st = &sc->statements[i];
  char full[CHECKSUM_SIZE];
  checksum_script(sc->text + st->offset, st->length, full);
  memcpy(out, full + strlen("sha256:"), SCRIPT_HASH_SIZE - 1);
  out[SCRIPT_HASH_SIZE - 1] = '\0';
}
