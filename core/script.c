/*
 * script.c - splitting a migration and reading its directive.
 */
#include "script.h"

#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "util.h"

/* The first statement up would refuse, or none, as script_vet() looks for
 * it: statements are not kept. */
struct vetting {
  int refused;
  struct strata_statement first;
};

struct collector {
  struct script *sc;
  size_t cap;
  size_t base;         /* where the text given to split() starts in the file */
  unsigned *all;       /* NULL, or where to gather flags and not statements */
  struct vetting *vet; /* NULL, or where to note a refusal and not keep */
};

/* Why up would refuse statement st of sc, or NULL. */
static const char *refusal(const struct script *sc,
                           const struct strata_statement *st) {
  if (st->flags & STRATA_STMT_LEAVES_DATABASE)
    return "switches or drops a database: strata keeps its history in the "
           "target database, which a migration must not leave; name other "
           "databases' tables in full (db.table), and drop or create "
           "databases outside migrations";
  if (!sc->no_transaction && (st->flags & STRATA_STMT_NO_TRANSACTION))
    return "cannot run inside a transaction; make "
           "'" SCRIPT_NO_TRANSACTION_DIRECTIVE "' the first line of the "
           "migration";
  return NULL;
}

static int append(struct collector *c, const struct strata_statement *stmt) {
  if (c->vet != NULL) {
    if (!c->vet->refused && refusal(c->sc, stmt) != NULL) {
      c->vet->first = *stmt;
      c->vet->refused = 1;
    }
    return 0;
  }
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

static int collect(void *ctx, const struct strata_statement *stmt) {
  struct collector *c = ctx;
  if (c->all != NULL) {
    *c->all |= stmt->flags;
    return 0;
  }
  struct strata_statement moved = *stmt;
  moved.offset += c->base;
  return append(c, &moved);
}

/* A run splits every script before it starts: each keeps the room its
 * statements take, not the room the collector grew to. */
static void fit_statements(struct script *sc) {
  if (sc->count == 0)
    return;
  struct strata_statement *fitted =
      realloc(sc->statements, sc->count * sizeof *fitted);
  if (fitted != NULL)
    sc->statements = fitted;
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

static int is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
         c == '\v';
}

/* A chunk the layout marked as one statement: sent as written, without
 * the blanks around it and its final ';', with the flags the driver gives
 * its parts.  A chunk of only blanks is no statement. */
static int take_whole(struct collector *c, const struct strata_driver *driver,
                      const struct chunk *ch) {
  const char *text = c->sc->text;
  size_t start = ch->offset, end = ch->offset + ch->length;
  while (start < end && is_blank(text[start]))
    start++;
  while (end > start && is_blank(text[end - 1]))
    end--;
  if (end > start && text[end - 1] == ';')
    end--;
  if (end == start)
    return 0;
  unsigned flags = 0;
  struct strata_error ignored;
  struct collector probe = {c->sc, 0, 0, &flags, NULL};
  if (driver->split(text + start, end - start, collect, &probe, &ignored) != 0)
    flags = STRATA_STMT_DDL;
  struct strata_statement stmt = {start, end - start, flags};
  return append(c, &stmt);
}

static int split_range(struct collector *c, const struct strata_driver *driver,
                       size_t offset, size_t length, struct strata_error *err) {
  c->base = offset;
  err->offset = -1;
  int rc = driver->split(c->sc->text + offset, length, collect, c, err);
  if (rc != 0 && rc != STRATA_ENOMEM && err->offset >= 0)
    err->offset += (long)offset;
  return rc;
}

static int split_section(struct collector *c,
                         const struct strata_driver *driver,
                         const struct section *sec, struct strata_error *err) {
  if (sec->chunk_count == 0)
    return split_range(c, driver, sec->offset, sec->length, err);
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < sec->chunk_count; i++) {
    const struct chunk *ch = &sec->chunks[i];
    rc = ch->whole ? take_whole(c, driver, ch)
                   : split_range(c, driver, ch->offset, ch->length, err);
  }
  return rc;
}

/* sc, before its section is split. */
static void script_start(struct script *sc, const struct migration_script *ms) {
  memset(sc, 0, sizeof *sc);
  const struct section *sec = ms->section;
  sc->text = ms->text;
  sc->length = sec->offset + sec->length;
  sc->file = ms->file;
  sc->no_transaction = (sec->flags & STRATA_LAYOUT_NO_TRANSACTION) ||
                       has_directive(ms->text + sec->offset, sec->length);
}

/* Splits ms's section through c, an error located in the file. */
static int split_script(struct collector *c, const struct strata_driver *driver,
                        const struct migration_script *ms,
                        struct strata_error *err) {
  int rc = split_section(c, driver, ms->section, err);
  if (rc == STRATA_ENOMEM)
    strata__error_set(err, rc, "out of memory splitting '%s'", ms->file);
  else if (rc != 0)
    strata__error_locate(err, ms->file, ms->text, 0);
  return rc;
}

int script_prepare(struct script *sc, const struct strata_driver *driver,
                   const struct migration_script *ms,
                   struct strata_error *err) {
  script_start(sc, ms);
  struct collector c = {sc, 0, 0, NULL, NULL};
  int rc = split_script(&c, driver, ms, err);
  if (rc == 0)
    fit_statements(sc);
  else
    script_release(sc);
  return rc;
}

void script_release(struct script *sc) {
  free(sc->statements);
  sc->statements = NULL;
  sc->count = 0;
}

/* Names statement st in a message: its first 60 bytes. */
static int refuse_statement(const struct script *sc,
                            const struct strata_statement *st, int code,
                            const char *why, struct strata_error *err) {
  int shown = (int)(st->length < 60 ? st->length : 60);
  strata__error_set(err, code, "'%.*s%s' %s", shown, sc->text + st->offset,
                    (size_t)shown < st->length ? "..." : "", why);
  strata__error_locate(err, sc->file, sc->text, st->offset);
  return code;
}

int script_check(const struct script *sc, struct strata_error *err) {
  for (size_t i = 0; i < sc->count; i++) {
    const char *why = refusal(sc, &sc->statements[i]);
    if (why != NULL)
      return refuse_statement(sc, &sc->statements[i], STRATA_ESQL, why, err);
  }
  return 0;
}

int script_vet(const struct strata_driver *driver,
               const struct migration_script *ms, struct strata_error *err) {
  struct script sc;
  struct vetting vet = {0, {0, 0, 0}};
  script_start(&sc, ms);
  struct collector c = {&sc, 0, 0, NULL, &vet};
  int rc = split_script(&c, driver, ms, err);
  if (rc == 0 && vet.refused)
    rc = refuse_statement(&sc, &vet.first, STRATA_ESQL,
                          refusal(&sc, &vet.first), err);
  return rc;
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
