/*
 * cmd_status.c - `strata status`: one row per migration with its state,
 * what is wrong with the ones that have a problem, and a summary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static enum output_style state_style(enum strata_state state) {
  switch (state) {
  case STRATA_STATE_APPLIED: return STYLE_GOOD;
  case STRATA_STATE_PENDING: return STYLE_WARN;
  case STRATA_STATE_OUT_OF_ORDER: return STYLE_WARN;
  default: return STYLE_BAD;
  }
}

/* The widths of the version, name, state and applied-at columns. */
struct widths {
  int version, name, state, applied_at;
};

static int max_int(int a, int b) {
  return a > b ? a : b;
}

static const char *applied_at_of(const struct strata_status_entry *e) {
  return e->applied_at ? e->applied_at : "-";
}

static struct widths measure(const struct strata_status *st) {
  struct widths w = {(int)strlen("VERSION"), (int)strlen("NAME"),
                     (int)strlen("STATE"), (int)strlen("APPLIED AT")};

  for (size_t i = 0; i < st->count; i++) {
    const struct strata_status_entry *e = &st->entries[i];

    w.version = max_int(w.version, (int)strlen(e->version));
    w.name = max_int(w.name, (int)strlen(e->name ? e->name : ""));
    w.state = max_int(w.state, (int)strlen(strata_state_name(e->state)));
    w.applied_at = max_int(w.applied_at, (int)strlen(applied_at_of(e)));
  }
  return w;
}

/* One line of the table, built in a buffer that holds the widest and
 * written with one fwrite(): printf's formatting of 10,000 lines cost more
 * than everything else the printing does. */
struct row {
  char *text;
  size_t len;
};

/* The longest line the widths allow: the columns, the two spaces between
 * each, the longest escape sequences around the state, the newline. */
static size_t row_size(struct widths w) {
  return (size_t)w.version + 2 + (size_t)w.name + 2 + (size_t)w.state + 2 +
         (size_t)w.applied_at + 1 + strlen("\033[32m") + strlen("\033[0m");
}

static void row_add(struct row *r, const char *s, size_t n) {
  memcpy(r->text + r->len, s, n);
  r->len += n;
}

static void row_add_string(struct row *r, const char *s) {
  row_add(r, s, strlen(s));
}

/* s, then spaces up to width (as printf's "%-*s"). */
static void row_add_padded(struct row *r, const char *s, int width) {
  size_t n = strlen(s);

  row_add(r, s, n);
  if (n < (size_t)width) {
    memset(r->text + r->len, ' ', (size_t)width - n);
    r->len += (size_t)width - n;
  }
}

static void row_write(struct row *r) {
  row_add(r, "\n", 1);
  fwrite(r->text, 1, r->len, stdout);
  r->len = 0;
}

static void print_header(const struct output *out, struct widths w,
                         struct row *r) {
  row_add_string(r, output_style_on(out, stdout, STYLE_HEADING));
  row_add_padded(r, "VERSION", w.version + 2);
  row_add_padded(r, "NAME", w.name + 2);
  row_add_padded(r, "STATE", w.state + 2);
  row_add_string(r, "APPLIED AT");
  row_add_string(r, output_style_off(out, stdout));
  row_write(r);
}
/* The line under an entry that says what is wrong and what to do. */
static void print_problem(const struct output *out,
                          const struct strata_status_entry *e) {
  const char *error = e->error ? e->error : "no error was recorded";

  switch (e->state) {
  case STRATA_STATE_CHANGED:
    printf("    the file changed after it was applied; 'strata repair' "
           "accepts the change\n");
    if (out->verbose)
      printf("    file %s, history %s\n", e->checksum ? e->checksum : "-",
             e->applied_checksum ? e->applied_checksum : "-");
    break;
  case STRATA_STATE_MISSING:
    printf("    applied, but its file is gone; 'strata repair' forgets it\n");
    break;
  case STRATA_STATE_OUT_OF_ORDER:
    printf("    older than the newest applied migration; 'strata up "
           "--allow-out-of-order' applies it\n");
    break;
  case STRATA_STATE_FAILED:
    printf("    failed at statement %d of %d: %s\n", e->statements_done + 1,
           e->statements_total, error);
    break;
  case STRATA_STATE_INTERRUPTED:
    printf("    interrupted at statement %d of %d (it never finished; "
           "whether that statement completed is not known)\n",
           e->statements_done + 1, e->statements_total);
    break;
  default:
    if (e->error != NULL)
      printf("    up would refuse it: %s\n", e->error);
    break;
  }
}

static void print_entry(const struct output *out, struct widths w,
                        struct row *r, const struct strata_status_entry *e) {
  row_add_padded(r, e->version, w.version + 2);
  row_add_padded(r, e->name ? e->name : "", w.name + 2);
  row_add_string(r, output_style_on(out, stdout, state_style(e->state)));
  row_add_string(r, strata_state_name(e->state));
  row_add_string(r, output_style_off(out, stdout));
  row_add_padded(r, "", w.state + 2 - (int)strlen(strata_state_name(e->state)));
  row_add_string(r, applied_at_of(e));
  row_write(r);
  print_problem(out, e);
}

static int print_table(const struct output *out,
                       const struct strata_status *st) {
  struct widths w = measure(st);
  struct row r = {NULL, 0};

  if (st->count == 0) {
    printf("no migrations\n");
    return CLI_EXIT_OK;
  }
  r.text = malloc(row_size(w));
  if (r.text == NULL)
    return output_refuse(out, "nomem", "out of memory", CLI_EXIT_FAILURE);
  print_header(out, w, &r);
  for (size_t i = 0; i < st->count; i++)
    print_entry(out, w, &r, &st->entries[i]);
  free(r.text);
  printf("\n%zu migration%s: %zu applied, %zu pending, %zu with problems\n",
         st->count, st->count == 1 ? "" : "s", st->applied, st->pending,
         st->problems);
  return CLI_EXIT_OK;
}

static json_t *entry_json(const struct strata_status_entry *e) {
  json_t *j = json_object();

  json_object_set_new(j, "version", output_json_string(e->version));
  json_object_set_new(j, "name", output_json_string(e->name));
  json_object_set_new(j, "state", json_string(strata_state_name(e->state)));
  json_object_set_new(j, "file", output_json_string(e->file));
  json_object_set_new(j, "checksum", output_json_string(e->checksum));
  json_object_set_new(j, "applied_checksum",
                      output_json_string(e->applied_checksum));
  json_object_set_new(j, "applied_at", output_json_string(e->applied_at));
  json_object_set_new(j, "duration_ms",
                      e->applied_at ? json_integer(e->duration_ms)
                                    : json_null());
  json_object_set_new(j, "statements_done", json_integer(e->statements_done));
  json_object_set_new(j, "statements_total", json_integer(e->statements_total));
  json_object_set_new(j, "error", output_json_string(e->error));
  json_object_set_new(j, "has_down", json_boolean(e->has_down));
  return j;
}

static json_t *status_json(struct strata *s, const struct strata_status *st) {
  json_t *doc = json_object(), *entries = json_array(), *summary;

  for (size_t i = 0; i < st->count; i++)
    json_array_append_new(entries, entry_json(&st->entries[i]));
  summary =
      json_pack("{s:I, s:I, s:I, s:I}", "total", (json_int_t)st->count,
                "applied", (json_int_t)st->applied, "pending",
                (json_int_t)st->pending, "problems", (json_int_t)st->problems);
  json_object_set_new(doc, "target", output_json_string(strata_target(s)));
  json_object_set_new(doc, "driver", output_json_string(strata_driver_name(s)));
  json_object_set_new(doc, "migrations", entries);
  json_object_set_new(doc, "summary", summary);
  return doc;
}

static int status_exit(const struct cli_options *opt,
                       const struct strata_status *st) {
  if (!opt->exit_code)
    return CLI_EXIT_OK;
  if (st->problems)
    return CLI_EXIT_PROBLEM;
  return st->pending ? CLI_EXIT_PENDING : CLI_EXIT_OK;
}

static int run_status(struct cli *cli) {
  struct strata_status *st = NULL;
  struct strata_error err;
  struct strata *s;
  int rc = cli_open(cli, &s);

  if (rc != CLI_EXIT_OK)
    return rc;
  strata_error_clear(&err);
  if (strata_status(s, &st, &err) < 0) {
    rc = output_fail(&cli->out, NULL, &err);
  } else {
    if (cli->out.json)
      output_json(status_json(s, st));
    else if (!cli->out.quiet)
      rc = print_table(&cli->out, st);
    if (rc == CLI_EXIT_OK)
      rc = status_exit(cli->opt, st);
  }
  strata_status_free(st);
  strata_free(s);
  return rc;
}

const struct command command_status = {
    .name = "status",
    .synopsis = "[--exit-code]",
    .summary = "show the state of every migration",
    .help =
        "Lists every migration of the folder and of the history with its\n"
        "state and when it was applied:\n"
        "  applied       in the history, file unchanged\n"
        "  pending       not applied yet\n"
        "  out of order  pending, but older than the newest applied one\n"
        "  changed       the file was edited after it was applied\n"
        "  missing       applied, but its file is gone\n"
        "  failed        failed part way (statement k of n) outside a\n"
        "                transaction\n"
        "  interrupted   started and never finished\n"
        "\n"
        "Options:\n"
        "      --exit-code         exit 3 when migrations are pending and 4 when\n"
        "                          one is changed, missing, failed or interrupted\n"
        "\n"
        "Exit status: 0 on success; with --exit-code 3 (pending) or 4\n"
        "(a problem, which wins over pending); 1 on failure, 2 on a usage\n"
        "error.\n",
    .options = CLI_OPT_EXIT_CODE,
    .run = run_status};
