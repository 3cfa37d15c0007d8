/*
 * progress.c - prints and records the events of a run.
 *
 * A migration's line is begun when it starts and finished when it ends, so
 * a slow migration shows what it is doing.  Anything printed in between (a
 * notice from the server, a lock wait) first ends the open line.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

void progress_init(struct progress *p, const struct output *out) {
  memset(p, 0, sizeof *p);
  p->out = out;
  p->migrations = json_array();
  p->notices = json_array();
  p->lint = json_array();
}

void progress_release(struct progress *p) {
  json_decref(p->migrations);
  json_decref(p->current);
  json_decref(p->notices);
  json_decref(p->lint);
  memset(p, 0, sizeof *p);
}

static const char *direction_name(enum strata_direction d) {
  return d == STRATA_DOWN ? "down" : "up";
}

static void close_line(struct progress *p) {
  if (p->line_open)
    fputc('\n', stderr);
  p->line_open = 0;
}

static void print_duration(FILE *f, double ms) {
  if (ms < 10)
    fprintf(f, "%.1f ms", ms);
  else
    fprintf(f, "%.0f ms", ms);
}

static json_t *migration_json(const struct strata_event *ev) {
  json_t *m = json_object();

  json_object_set_new(m, "version", output_json_string(ev->version));
  json_object_set_new(m, "name", output_json_string(ev->name));
  json_object_set_new(m, "direction",
                      json_string(direction_name(ev->direction)));
  return m;
}

/* Moves the migration under way into the record, with its result.  Only
 * --json prints the record: without it a run of any length keeps none. */
static void finish_current(struct progress *p, const char *result) {
  if (!p->current)
    return;
  if (p->out->json) {
    json_object_set_new(p->current, "result", json_string(result));
    json_array_append_new(p->migrations, p->current);
  } else {
    json_decref(p->current);
  }
  p->current = NULL;
}

static void on_notice(struct progress *p, const struct strata_event *ev) {
  close_line(p);
  output_info(p->out, "%s", ev->text ? ev->text : "");
  json_array_append_new(p->notices, output_json_string(ev->text));
}

static void print_begin(struct progress *p, const struct strata_event *ev) {
  const struct output *out = p->out;

  if (out->quiet)
    return;
  if (out->verbose && ev->total > 0)
    fprintf(stderr, "[%d/%d] ", ev->index, ev->total);
  fprintf(stderr, "%s %s %s ... ",
          ev->direction == STRATA_DOWN ? "reverting" : "applying", ev->version,
          ev->name);
  fflush(stderr);
  p->line_open = 1;
}

static void on_begin(struct progress *p, const struct strata_event *ev) {
  close_line(p);
  finish_current(p, "failed");
  p->current = migration_json(ev);
  print_begin(p, ev);
}

static void on_end(struct progress *p, const struct strata_event *ev) {
  const struct output *out = p->out;
  int up = ev->direction != STRATA_DOWN;

  *(up ? &p->applied : &p->reverted) += 1;
  if (!p->current)
    p->current = migration_json(ev);
  json_object_set_new(p->current, "duration_ms", json_real(ev->duration_ms));
  finish_current(p, p->dry_run ? "planned" : up ? "applied" : "reverted");
  if (!p->line_open)
    return;
  fprintf(stderr, "%sok%s (", output_style_on(out, stderr, STYLE_GOOD),
          output_style_off(out, stderr));
  print_duration(stderr, ev->duration_ms);
  fputs(")\n", stderr);
  p->line_open = 0;
}

static void on_skip(struct progress *p, const struct strata_event *ev) {
  close_line(p);
  p->skipped++;
  json_decref(p->current);
  p->current = migration_json(ev);
  finish_current(p, "skipped");
  output_info(p->out, "skipping %s %s: another runner applied it meanwhile",
              ev->version, ev->name);
}

static int is_current(const struct progress *p, const struct strata_event *ev) {
  const char *version =
      json_string_value(json_object_get(p->current, "version"));
  const char *direction =
      json_string_value(json_object_get(p->current, "direction"));

  return version && ev->version && strcmp(version, ev->version) == 0 &&
         direction && strcmp(direction, direction_name(ev->direction)) == 0;
}

/* A dry run sends only SQL events: a migration's record is finished when
 * the SQL of another one begins, or when the run ends. */
static void finish_planned(struct progress *p) {
  const char *direction =
      json_string_value(json_object_get(p->current, "direction"));

  if (!p->current)
    return;
  *(strcmp(direction ? direction : "up", "down") == 0 ? &p->reverted
                                                      : &p->applied) += 1;
  finish_current(p, "planned");
}

static void on_sql(struct progress *p, const struct strata_event *ev) {
  const char *text = ev->text ? ev->text : "";
  size_t n = strlen(text);
  json_t *sql;

  if (p->current && !is_current(p, ev))
    finish_planned(p);
  if (!p->current)
    p->current = migration_json(ev);
  if (!p->out->json) {
    fputs(text, stdout);
    if (n == 0 || text[n - 1] != '\n')
      putchar('\n');
    return;
  }
  sql = json_object_get(p->current, "sql");
  if (!sql) {
    sql = json_array();
    json_object_set_new(p->current, "sql", sql);
  }
  json_array_append_new(sql, output_json_string(text));
}

/* Each finding on stderr, as `strata lint` prints it, before any
 * migration line. */
static void on_lint_finding(struct progress *p, const struct strata_event *ev) {
  close_line(p);
  output_lint_finding(p->out, stderr, ev->finding);
  json_array_append_new(p->lint, output_lint_finding_json(ev->finding));
}

void progress_event(void *ctx, const struct strata_event *ev) {
  struct progress *p = ctx;

  if (p->muted)
    return;
  switch (ev->kind) {
  case STRATA_EVENT_NOTICE: on_notice(p, ev); break;
  case STRATA_EVENT_MIGRATION_BEGIN: on_begin(p, ev); break;
  case STRATA_EVENT_MIGRATION_END: on_end(p, ev); break;
  case STRATA_EVENT_MIGRATION_SKIP: on_skip(p, ev); break;
  case STRATA_EVENT_SQL: on_sql(p, ev); break;
  case STRATA_EVENT_LINT_FINDING: on_lint_finding(p, ev); break;
  }
  fflush(stdout);
}

void progress_done(struct progress *p) {
  close_line(p);
  if (p->dry_run)
    finish_planned(p);
}

void progress_failed(struct progress *p) {
  const struct output *out = p->out;

  finish_current(p, "failed");
  if (!p->line_open)
    return;
  fprintf(stderr, "%sfailed%s\n", output_style_on(out, stderr, STYLE_BAD),
          output_style_off(out, stderr));
  p->line_open = 0;
}
