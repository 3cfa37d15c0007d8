/*
 * lint_findings.c - what the plugins report, located and filtered.
 *
 * A comment "-- strata:lint-ignore RULE[, RULE ...]" silences those rules
 * (or "all") for the statement it precedes: it counts when it lies after
 * the line on which the statement before ends and before the end of the
 * line the finding is on, so it may stand on the lines above the statement
 * or at the end of the statement's first line.
 */
#include <stdlib.h>
#include <string.h>

#include "lint.h"

#define IGNORE_DIRECTIVE "strata:lint-ignore"

void lint_findings_init(struct lint_findings *f) {
  memset(f, 0, sizeof *f);
}

static void finding_release(struct strata_lint_finding *x) {
  free((char *)x->file);
  free((char *)x->message);
}

void lint_findings_release(struct lint_findings *f) {
  for (size_t i = 0; i < f->count; i++)
    finding_release(&f->items[i].finding);
  free(f->items);
  lint_findings_init(f);
}

/* Where the comments that may silence a finding at offset begin: after
 * the line on which the statement before it ends, since a comment at the
 * end of that line belongs to that statement. */
static size_t statement_gap_start(const struct lint_script *sc, size_t offset) {
  size_t from = 0;
  for (size_t i = 1; i < sc->count && sc->statements[i].offset <= offset; i++)
    from = sc->statements[i - 1].offset + sc->statements[i - 1].length;
  while (from > 0 && from < sc->length && sc->text[from] != '\n')
    from++;
  return from;
}

static size_t line_end(const struct lint_script *sc, size_t offset) {
  while (offset < sc->length && sc->text[offset] != '\n')
    offset++;
  return offset;
}

/* Whether the directive's list, from p to the end of its line, names
 * rule or "all". */
static int directive_names(const char *p, const char *end, const char *rule) {
  size_t want = strlen(rule);
  while (p < end && *p != '\n') {
    while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
      p++;
    const char *word = p;
    while (p < end && *p != '\n' && *p != ' ' && *p != '\t' && *p != ',')
      p++;
    size_t n = (size_t)(p - word);
    if ((n == want && strncmp(word, rule, n) == 0) ||
        (n == 3 && strncmp(word, "all", 3) == 0))
      return 1;
  }
  return 0;
}

/* A finding about the whole file (at offset 0) may be silenced anywhere
 * up to the end of the line on which the first statement ends, so from the
 * comments heading the file whether or not the driver counts them into
 * that statement. */
static int is_ignored(const struct lint_script *sc, const char *rule,
                      size_t offset) {
  size_t from = statement_gap_start(sc, offset), to = line_end(sc, offset);
  if (offset == 0 && sc->count > 0)
    to = line_end(sc, sc->statements[0].offset + sc->statements[0].length);
  size_t n = strlen(IGNORE_DIRECTIVE);
  for (size_t i = from; i + n <= to; i++)
    if (memcmp(sc->text + i, IGNORE_DIRECTIVE, n) == 0 &&
        directive_names(sc->text + i + n, sc->text + sc->length, rule))
      return 1;
  return 0;
}

/* Line and column (in characters, not bytes) of offset.  A leading UTF-8
 * byte order mark takes no column in editors, so it takes none here. */
static void locate(const struct lint_script *sc, size_t offset, int *line,
                   int *column) {
  size_t start =
      sc->length >= 3 && memcmp(sc->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  *line = 1;
  *column = 1;
  for (size_t i = start; i < offset && i < sc->length; i++) {
    if (sc->text[i] == '\n') {
      ++*line;
      *column = 1;
    } else if (((unsigned char)sc->text[i] & 0xC0) != 0x80) {
      ++*column;
    }
  }
}

static int findings_grow(struct lint_findings *f) {
  size_t cap = f->cap ? f->cap * 2 : 16;
  struct lint_finding *items = realloc(f->items, cap * sizeof *items);
  if (items == NULL)
    return -1;
  f->items = items;
  f->cap = cap;
  return 0;
}

void lint_findings_add(struct lint_findings *f, const struct lint_script *sc,
                       const char *rule, const char *plugin,
                       enum strata_lint_severity severity, size_t offset,
                       const char *message) {
  if (is_ignored(sc, rule, offset)) {
    f->ignored++;
    return;
  }
  if (f->count == f->cap && findings_grow(f) != 0) {
    f->failed = 1;
    return;
  }
  struct lint_finding *x = &f->items[f->count];
  memset(x, 0, sizeof *x);
  x->finding.file = strata__strdup(sc->file);
  x->finding.message = strata__strdup(message);
  if (x->finding.file == NULL || x->finding.message == NULL) {
    finding_release(&x->finding);
    f->failed = 1;
    return;
  }
  x->finding.rule = rule;
  x->finding.plugin = plugin;
  x->finding.severity = severity;
  locate(sc, offset, &x->finding.line, &x->finding.column);
  x->sequence = sc->sequence;
  x->offset = offset;
  f->count++;
}

static int by_place(const void *a, const void *b) {
  const struct lint_finding *x = a, *y = b;
  if (x->sequence != y->sequence)
    return x->sequence < y->sequence ? -1 : 1;
  if (x->offset != y->offset)
    return x->offset < y->offset ? -1 : 1;
  return strcmp(x->finding.rule, y->finding.rule);
}

int lint_findings_move(struct lint_findings *f,
                       struct strata_lint_report *report) {
  if (f->count > 0)
    qsort(f->items, f->count, sizeof *f->items, by_place);
  report->findings = calloc(f->count ? f->count : 1, sizeof *report->findings);
  if (report->findings == NULL)
    return STRATA_ENOMEM;
  for (size_t i = 0; i < f->count; i++) {
    report->findings[i] = f->items[i].finding;
    if (report->findings[i].severity == STRATA_LINT_ERROR)
      report->errors++;
    else
      report->warnings++;
  }
  report->count = f->count;
  report->ignored = f->ignored;
  free(f->items);
  f->items = NULL;
  f->count = f->cap = 0;
  return 0;
}
