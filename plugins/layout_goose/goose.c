/*
 * goose.c - goose's layout: one file per migration, VERSION_name.sql,
 * with annotated sections:
 *
 *   -- +goose Up
 *   -- +goose StatementBegin
 *   CREATE FUNCTION ... ; ... ;
 *   -- +goose StatementEnd
 *
 *   -- +goose Down
 *   DROP FUNCTION ...;
 *
 * A StatementBegin ... StatementEnd block is one statement exactly as
 * written; the rest of a section is split by the driver.  "-- +goose NO
 * TRANSACTION" anywhere runs both directions outside a transaction; a
 * "$NAME" that "-- +goose ENVSUB ON" has goose replace is refused.
 * Annotations are read without case.  A file of only comments is an empty
 * migration, with an empty down; a file with SQL and no "-- +goose Up" is
 * refused, as goose refuses it.
 */
#include <string.h>

#include "text.h"

#define FORM "VERSION_name.sql (VERSION is digits)"

/* Whether path is one of goose's Go migrations, VERSION_name.go: goose
 * applies it in its turn, so passing over it would leave the database
 * short of what goose gives and report the folder applied.  A Go test
 * beside it (VERSION_name_test.go) is no migration. */
static int is_go_migration(const char *path) {
  size_t len = strlen(path), digits = strspn(path, "0123456789");
  return len > 3 && strcmp(path + len - 3, ".go") == 0 &&
         !(len > 8 && strcmp(path + len - 8, "_test.go") == 0) &&
         digits > 0 && path[digits] == '_' && strchr(path, '/') == NULL;
}

static int goose_parse_name(const struct strata_host *host, const char *path,
                            struct strata_layout_file *out,
                            struct strata_error *err) {
  if (is_go_migration(path))
    return host->error_set(err, STRATA_ESOURCE,
                           "'%s' is a goose Go migration, which strata cannot "
                           "run: rewrite it as VERSION_name.sql or move it out "
                           "of the folder",
                           path);
  return layout_parse_simple(host, path, STRATA_LAYOUT_SECTIONS, FORM, out,
                             err);
}

enum annotation {
  NONE,
  UP,
  DOWN,
  BEGIN,
  END,
  NO_TRANSACTION,
  ENVSUB_ON,
  ENVSUB_OFF,
  OTHER
};

static enum annotation annotation_of(const char *text,
                                     const struct layout_line *l) {
  static const struct {
    const char *word;
    enum annotation a;
  } words[] = {
      {"+goose up", UP},
      {"+goose down", DOWN},
      {"+goose statementbegin", BEGIN},
      {"+goose statementend", END},
      {"+goose no transaction", NO_TRANSACTION},
      {"+goose envsub on", ENVSUB_ON},
      {"+goose envsub off", ENVSUB_OFF},
      {"+goose", OTHER},
  };
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (layout_line_marker(text, l, words[i].word, NULL))
      return words[i].a;
  return NONE;
}

/* Walks one section, handing emit its pieces: blocks whole, the text
 * between them to split. */
struct walk {
  const struct strata_host *host;
  const char *text;
  strata_layout_chunk_fn emit;
  void *ctx;
  size_t piece;    /* where the current piece starts */
  int in_block;    /* inside StatementBegin ... StatementEnd */
  size_t block_at; /* its StatementBegin line, for an error */
};

static int emit_piece(struct walk *w, size_t end, int whole) {
  if (w->emit == NULL || end <= w->piece)
    return 0;
  return w->emit(w->ctx, w->piece, end - w->piece, whole);
}

static int walk_line(struct walk *w, const struct layout_line *l,
                     enum annotation a, struct strata_error *err) {
  if (a == BEGIN) {
    if (w->in_block)
      return layout_refuse_at(w->host, l->start, err,
                    "'-- +goose StatementBegin' inside another block; end "
                    "the first with '-- +goose StatementEnd'");
    int rc = emit_piece(w, l->start, 0);
    w->in_block = 1, w->block_at = l->start, w->piece = l->next;
    return rc;
  }
  if (a == END) {
    if (!w->in_block)
      return layout_refuse_at(w->host, l->start, err,
                    "'-- +goose StatementEnd' without a StatementBegin");
    int rc = emit_piece(w, l->start, 1);
    w->in_block = 0, w->piece = l->next;
    return rc;
  }
  return 0;
}

/* The section that starts after the marker at [from) and ends at the next
 * Up or Down marker. */
static int walk_section(struct walk *w, size_t from, size_t length, size_t *end,
                        struct strata_error *err) {
  struct layout_line l;
  w->piece = from;
  *end = length;
  for (size_t pos = from; layout_next_line(w->text, length, pos, &l);
       pos = l.next) {
    enum annotation a = annotation_of(w->text, &l);
    if ((a == UP || a == DOWN) && !w->in_block) {
      *end = l.start;
      break;
    }
    int rc = walk_line(w, &l, a, err);
    if (rc != 0)
      return rc;
  }
  if (w->in_block)
    return layout_refuse_at(w->host, w->block_at, err,
                  "'-- +goose StatementBegin' is never ended; add '-- "
                  "+goose StatementEnd' after the statement");
  return emit_piece(w, *end, 0);
}

/* The marker line of the direction wanted, whether any annotation says NO
 * TRANSACTION, and whether the file has any Up or Down at all. */
struct layout_scan {
  int found, any_section, no_transaction;
  struct layout_line marker;
};

static void scan(const char *text, size_t length, enum annotation wanted,
                 struct layout_scan *s) {
  memset(s, 0, sizeof *s);
  struct layout_line l;
  int in_block = 0;
  for (size_t pos = 0; layout_next_line(text, length, pos, &l); pos = l.next) {
    enum annotation a = annotation_of(text, &l);
    in_block = a == BEGIN ? 1 : a == END ? 0 : in_block;
    if (in_block)
      continue;
    s->no_transaction |= a == NO_TRANSACTION;
    s->any_section |= a == UP || a == DOWN;
    if (a == wanted && !s->found)
      s->found = 1, s->marker = l;
  }
}

/* The length of the variable goose's ENVSUB replaces at text[p] ("$NAME",
 * "${NAME}", "${NAME:-default}"), or 0 when there is none there. */
static size_t variable_at(const char *text, size_t p, size_t end) {
  if (p + 1 >= end || text[p] != '$')
    return 0;
  char c = text[p + 1];
  if (c == '{') {
    const char *close = memchr(text + p, '}', end - p);
    return close ? (size_t)(close - (text + p)) + 1 : 0;
  }
  size_t q = p + 1;
  while (q < end && (text[q] == '_' || (text[q] >= 'a' && text[q] <= 'z') ||
                     (text[q] >= 'A' && text[q] <= 'Z') ||
                     (q > p + 1 && text[q] >= '0' && text[q] <= '9')))
    q++;
  return q - p > 1 ? q - p : 0;
}

/* Between "-- +goose ENVSUB ON" and "OFF", goose replaces $NAME with the
 * value of an environment variable; strata does not, and sending the text
 * as it is would fail on the server, or succeed with the wrong name.  A
 * region with no variable in [from, to) runs as it is. */
static int refuse_envsub(const struct strata_host *host, const char *text,
                         size_t from, size_t to, struct strata_error *err) {
  struct layout_line l;
  int on = 0;
  for (size_t pos = 0; layout_next_line(text, to, pos, &l); pos = l.next) {
    enum annotation a = annotation_of(text, &l);
    on = a == ENVSUB_ON ? 1 : a == ENVSUB_OFF ? 0 : on;
    if (!on || l.start < from || layout_only_comments(text, l.start, l.next))
      continue;
    for (size_t p = l.start; p < l.end; p++) {
      size_t n = variable_at(text, p, l.end);
      if (n > 0)
        return layout_refuse_at(host, p, err,
                                "'%.*s' is replaced from the environment by "
                                "goose's ENVSUB, which strata does not do: "
                                "write its value in the migration instead",
                                (int)n, text + p);
    }
  }
  return 0;
}

static int goose_read_section(const struct strata_host *host, const char *text,
                              size_t length, enum strata_layout_role role,
                              enum strata_layout_direction direction,
                              struct strata_layout_section *out,
                              strata_layout_chunk_fn emit, void *ctx,
                              struct strata_error *err) {
  (void)role;
  memset(out, 0, sizeof *out);
  struct layout_scan s;
  scan(text, length, direction == STRATA_LAYOUT_DIR_UP ? UP : DOWN, &s);
  if (!s.any_section)
    return layout_unmarked_sections(host, text, length, "goose", "+goose Up",
                                    out, err);
  if (!s.found)
    return 0;
  struct walk w = {host, text, emit, ctx, 0, 0, 0};
  size_t end;
  int rc = walk_section(&w, s.marker.next, length, &end, err);
  if (rc == 0)
    rc = refuse_envsub(host, text, s.marker.next, end, err);
  if (rc != 0)
    return rc;
  out->present = 1;
  out->offset = s.marker.next < length ? s.marker.next : length;
  out->length = end - out->offset;
  out->flags = s.no_transaction ? STRATA_LAYOUT_NO_TRANSACTION : 0;
  return 0;
}

/* Every annotation starts with "+goose", so any one of them claims. */
static int goose_claims(const char *path, const char *text, size_t length) {
  (void)path;
  return layout_has_marker(text, length, "+goose");
}

static const struct strata_layout table = {
    .plugin =
        {
            .abi_version = STRATA_PLUGIN_ABI_VERSION,
            .kind = STRATA_PLUGIN_LAYOUT,
            .name = "goose",
            .struct_size = sizeof(struct strata_layout),
            .description = "goose: one file, '-- +goose Up' and '-- +goose "
                           "Down' sections, StatementBegin/End blocks",
            .version = "0.1.0",
        },
    .depth = 0,
    .parse_name = goose_parse_name,
    .read_section = goose_read_section,
    .claims = goose_claims,
};

/* The module's one export. */
const struct strata_plugin *layout_goose_LTX_strata_plugin_entry(void);
const struct strata_plugin *layout_goose_LTX_strata_plugin_entry(void) {
  return &table.plugin;
}
