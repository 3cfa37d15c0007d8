/*
 * cmd_diff.c - `strata diff [--neutral] URL_A URL_B`: what differs between
 * the schemas of two databases, of the same engine or (--neutral) of two
 * engines in portable terms, one line per difference.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* What the comparison found: lines are printed as they come, or collected
 * for the JSON document. */
struct found {
  const struct output *out;
  json_t *differences;
  size_t count;
  json_t *rules; /* the matches made by a rule, with -v and --json */
};

static const char *kind_word(enum strata_difference_kind kind) {
  switch (kind) {
  case STRATA_DIFF_ONLY_IN_A: return "only_in_a";
  case STRATA_DIFF_ONLY_IN_B: return "only_in_b";
  case STRATA_DIFF_CHANGED: break;
  }
  return "changed";
}

static int on_difference(void *ctx, const struct strata_difference *d) {
  struct found *f = ctx;
  char text[4096];
  json_t *j;

  strata_difference_text(d, text, sizeof text);
  f->count++;
  if (!f->out->json) {
    printf("%s\n", text);
    return 0;
  }
  j = json_object();
  json_object_set_new(j, "kind", json_string(kind_word(d->kind)));
  json_object_set_new(j, "object", output_json_string(d->object));
  json_object_set_new(j, "detail", output_json_string(d->detail));
  json_object_set_new(j, "text", output_json_string(text));
  json_array_append_new(f->differences, j);
  return 0;
}

/* A match made by a rule of the neutral form (-v). */
static int on_rule(void *ctx, const struct strata_difference *d,
                   const char *portable) {
  struct found *f = ctx;
  char text[4096];
  json_t *j;

  strata_difference_text(d, text, sizeof text);
  if (!f->out->json) {
    if (portable)
      printf("equal by rule: %s (both %s)\n", text, portable);
    else
      printf("equal by rule: %s\n", text);
    return 0;
  }
  j = json_object();
  json_object_set_new(j, "object", output_json_string(d->object));
  json_object_set_new(j, "detail", output_json_string(d->detail));
  json_object_set_new(j, "text", output_json_string(text));
  json_object_set_new(j, "portable", output_json_string(portable));
  json_array_append_new(f->rules, j);
  return 0;
}

/* A session on url with the rest of the configuration as given. */
static int open_url(struct cli *cli, const char *url, struct strata **out,
                    struct strata_error *err) {
  struct strata_config cfg;
  int rc;

  *out = NULL;
  strata_config_init(&cfg);
  rc = strata_config_copy(&cfg, &cli->cfg);
  if (rc == 0)
    rc = strata_config_set(&cfg, "url", url);
  if (rc != 0) {
    err->code = rc;
    snprintf(err->message, sizeof err->message, "out of memory");
  } else {
    rc = strata_open(&cfg, progress_event, &cli->progress, out, err);
  }
  strata_config_release(&cfg);
  return rc;
}

static int open_both(struct cli *cli, struct strata *s[2],
                     struct strata_error *err) {
  int rc = 0;

  for (int i = 0; rc == 0 && i < 2; i++)
    rc = open_url(cli, cli->opt->args[i], &s[i], err);
  return rc;
}

static int refuse_engines(struct cli *cli, struct strata *s[2]) {
  char message[512];

  snprintf(message, sizeof message,
           "cannot compare a %s database with a %s one: diff compares two "
           "databases of the same engine; pass --neutral to compare them in "
           "portable terms",
           strata_driver_name(s[0]), strata_driver_name(s[1]));
  return output_refuse(&cli->out, "usage", message, CLI_EXIT_USAGE);
}

static json_t *diff_json(struct cli *cli, struct strata *s[2],
                         struct found *f) {
  json_t *doc = json_object();

  json_object_set_new(doc, "a", output_json_string(strata_target(s[0])));
  json_object_set_new(doc, "b", output_json_string(strata_target(s[1])));
  json_object_set_new(doc, "driver",
                      output_json_string(strata_driver_name(s[0])));
  json_object_set_new(doc, "driver_b",
                      output_json_string(strata_driver_name(s[1])));
  json_object_set_new(doc, "neutral", json_boolean(cli->opt->neutral));
  json_object_set_new(doc, "equal", json_boolean(f->count == 0));
  json_object_set(doc, "differences", f->differences);
  if (f->rules)
    json_object_set(doc, "equal_by_rule", f->rules);
  return doc;
}

/* What the comparison returned (a count, or a negative error with err
 * set), as the command's output and exit status. */
static int report(struct cli *cli, struct strata *s[2], struct found *f, int rc,
                  struct strata_error *err) {
  if (rc < 0) {
    json_decref(f->differences);
    json_decref(f->rules);
    if (err->code == 0) {
      err->code = rc;
      snprintf(err->message, sizeof err->message, "out of memory");
    }
    return output_fail(&cli->out, json_pack("{s:n}", "equal"), err);
  }
  if (cli->out.json)
    output_json(diff_json(cli, s, f));
  else if (f->count == 0)
    output_info(&cli->out, cli->opt->neutral
                               ? "the schemas are the same in portable terms"
                               : "the schemas are the same");
  else
    output_info(&cli->out, "%zu difference%s", f->count,
                f->count == 1 ? "" : "s");
  json_decref(f->differences);
  json_decref(f->rules);
  return f->count == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}

static int compare(struct cli *cli, struct strata *s[2]) {
  struct found f = {&cli->out, json_array(), 0, NULL};
  struct strata_schema *schema[2] = {NULL, NULL};
  struct strata_error err;
  int rc = 0;

  strata_error_clear(&err);
  for (int i = 0; rc == 0 && i < 2; i++)
    rc = strata_schema_read(s[i], &schema[i], &err);
  if (rc == 0)
    rc = strata_schema_diff(schema[0], schema[1], on_difference, &f);
  for (int i = 0; i < 2; i++)
    strata_schema_free(schema[i]);
  return report(cli, s, &f, rc, &err);
}

static int compare_neutral(struct cli *cli, struct strata *s[2]) {
  struct found f = {&cli->out, json_array(), 0,
                    cli->opt->verbose ? json_array() : NULL};
  struct strata_error err;

  strata_error_clear(&err);
  int rc = strata_schema_diff_neutral_rules(
      s[0], s[1], on_difference, cli->opt->verbose ? on_rule : NULL, &f, &err);
  return report(cli, s, &f, rc, &err);
}

static int run_diff(struct cli *cli) {
  struct strata *s[2] = {NULL, NULL};
  struct strata_error err;
  int rc;

  strata_error_clear(&err);
  if (open_both(cli, s, &err) != 0)
    rc = output_fail(&cli->out, json_pack("{s:n}", "equal"), &err);
  else if (cli->opt->neutral)
    rc = compare_neutral(cli, s);
  else if (strcmp(strata_driver_name(s[0]), strata_driver_name(s[1])) != 0)
    rc = refuse_engines(cli, s);
  else
    rc = compare(cli, s);
  for (int i = 0; i < 2; i++)
    strata_free(s[i]);
  return rc;
}

const struct command command_diff = {
    .name = "diff",
    .synopsis = "[--neutral [-v]] URL_A URL_B",
    .summary = "show how the schemas of two databases differ",
    .help =
        "Reads the schemas of two databases of the same engine and prints\n"
        "one line per difference: an object only in A, only in B, or\n"
        "changed, as in\n"
        "\n"
        "  table users: column email: type varchar(100) vs varchar(255)\n"
        "  index users_email_idx: only in A\n"
        "\n"
        "Tables, columns, keys, checks, foreign keys, indexes, triggers,\n"
        "views, types, sequences and routines are compared; strata's own\n"
        "history tables are not.\n"
        "\n"
        "With --neutral the two databases may be of different engines: each\n"
        "schema is read in portable terms (types as a portable migration\n"
        "writes them, tinyint(1) as boolean, an enum held as a check as an\n"
        "enum, one spelling for defaults and expressions, the names an\n"
        "engine makes up for unnamed constraints and the indexes it adds by\n"
        "itself left out) and what one engine cannot hold (comments on\n"
        "SQLite) is passed over.  Keys, checks and foreign keys are matched\n"
        "by what they are; their names are compared where both keep one.\n"
        "It checks that one portable migration set built the same schema on\n"
        "each engine.  With -v it also lists, after the differences, each\n"
        "match made by such a rule, as 'equal by rule: ' and the difference\n"
        "between the schemas as read, with the portable spelling both share\n"
        "for a type or a default:\n"
        "\n"
        "  equal by rule: table t: column on: type boolean vs tinyint(1) (both boolean)\n"
        "  equal by rule: index t_parent: only in B\n"
        "\n"
        "With --json the result is {\"equal\": ..., \"differences\":\n"
        "[{\"kind\", \"object\", \"detail\", \"text\"}]}, and with -v\n"
        "\"equal_by_rule\": [{\"object\", \"detail\", \"text\", \"portable\"}].\n"
        "\n"
        "Exit status: 0 when the schemas are the same, 1 when they differ or\n"
        "one cannot be read (the error says so; with --json \"equal\" is\n"
        "null), 2 on a usage error or, without --neutral, databases of two\n"
        "engines.\n",
    .options = CLI_OPT_NEUTRAL,
    .min_args = 2,
    .max_args = 2,
    .run = run_diff};
