/*
 * cmd_baseline.c - `strata baseline VERSION`: start strata's history on a
 * database that already has the schema of the migrations through VERSION.
 */
#include <stdio.h>

#include "cli.h"

static json_t *baseline_json(const struct cli *cli, const char *version,
                             int dry_run, int recorded) {
  json_t *doc = json_object();

  json_object_set_new(doc, "command", json_string("baseline"));
  json_object_set_new(doc, "version", output_json_string(version));
  json_object_set_new(doc, "dry_run", json_boolean(dry_run));
  json_object_set_new(doc, "recorded", json_integer(recorded));
  json_object_set(doc, "changes", cli->progress.notices);
  return doc;
}

static int run_baseline(struct cli *cli) {
  const char *version = cli->opt->args[0];
  struct strata_record_options opt;
  struct strata_error err;
  struct strata *s;
  int recorded = 0, rc;

  strata_record_options_init(&opt);
  opt.scratch_url = cli->opt->scratch;
  opt.force = cli->opt->force;
  opt.dry_run = cli->opt->dry_run;
  rc = cli_open(cli, &s);
  if (rc != CLI_EXIT_OK)
    return rc;
  json_array_clear(cli->progress.notices);
  if (strata_baseline(s, version, &opt, &recorded, &err) < 0)
    rc = output_fail(&cli->out, NULL, &err);
  else if (cli->out.json)
    output_json(baseline_json(cli, version, opt.dry_run, recorded));
  else if (opt.dry_run)
    output_info(&cli->out,
                "dry run: would record %d migration%s as applied; nothing "
                "was changed",
                recorded, recorded == 1 ? "" : "s");
  else
    output_result(&cli->out, "recorded %d migration%s through %s as applied",
                  recorded, recorded == 1 ? "" : "s", version);
  strata_free(s);
  return rc;
}

const struct command command_baseline = {
    .name = "baseline",
    .synopsis = "VERSION [--force] [--scratch URL] [--dry-run]",
    .summary = "record the migrations through VERSION as applied",
    .help =
        "For a database made before strata ran on it: records every\n"
        "migration up to and including VERSION as applied, without running\n"
        "it.  The history must be empty (for one migration in a history\n"
        "that has some, use 'strata repair --mark-applied').\n"
        "\n"
        "First it checks that the database has the schema those migrations\n"
        "build: it runs them on a scratch database (as 'strata verify'\n"
        "makes one: beside the target, dropped afterwards) and compares the\n"
        "two schemas.  When they differ it records nothing and names the\n"
        "differences.  Tables other tools keep their history in are not\n"
        "counted.\n"
        "\n"
        "Options:\n"
        "      --force             record without checking the schema\n"
        "      --scratch URL       build the migrations in this empty\n"
        "                          database instead\n"
        "      --dry-run           check, and show what would be recorded;\n"
        "                          change nothing\n"
        "\n"
        "With --json: {\"version\", \"dry_run\", \"recorded\", \"changes\"}.\n"
        "\n"
        "Exit status: 0 when recorded, 1 on failure or when the schema\n"
        "differs, 2 on a usage error.\n",
    .options = CLI_OPT_FORCE | CLI_OPT_SCRATCH | CLI_OPT_DRY_RUN,
    .min_args = 1,
    .max_args = 1,
    .run = run_baseline};
