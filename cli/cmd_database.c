/*
 * cmd_database.c - `strata create` and `strata drop`: the target database
 * itself, for a fresh development or test set-up.
 */
#include <stdio.h>

#include "cli.h"

typedef int (*database_fn)(const struct strata_config *cfg,
                           struct strata_error *err);

static int change_database(struct cli *cli, database_fn change,
                           const char *done) {
  struct strata_error err;
  char target[1024];
  json_t *doc;

  strata_config_target(&cli->cfg, target, sizeof target);
  strata_error_clear(&err);
  if (change(&cli->cfg, &err) < 0)
    return output_fail(&cli->out, NULL, &err);
  if (!cli->out.json) {
    output_result(&cli->out, "%s %s", done, target);
    return CLI_EXIT_OK;
  }
  doc = json_object();
  json_object_set_new(doc, "command", json_string(cli->opt->command->name));
  json_object_set_new(doc, "target", output_json_string(target));
  output_json(doc);
  return CLI_EXIT_OK;
}

static int run_create(struct cli *cli) {
  return change_database(cli, strata_create_database, "created");
}

static int run_drop(struct cli *cli) {
  char target[1024], question[1200];
  int rc;

  strata_config_target(&cli->cfg, target, sizeof target);
  snprintf(question, sizeof question,
           "Drop %s?  Every table and row in it will be lost.", target);
  rc = cli_confirm(cli, question);
  if (rc != CLI_EXIT_OK)
    return rc;
  return change_database(cli, strata_drop_database, "dropped");
}

const struct command command_create = {
    .name = "create",
    .synopsis = "",
    .summary = "create the target database",
    .help = "Creates the database the URL names (for SQLite, the file), so\n"
            "that a fresh checkout can run 'strata create && strata up'.\n"
            "\n"
            "Exit status: 0 on success, 1 on failure (it exists already, or\n"
            "the server refused), 2 on a usage error.\n",
    .run = run_create};

const struct command command_drop = {
    .name = "drop",
    .synopsis = "[--yes]",
    .summary = "drop the target database",
    .help = "Drops the database the URL names (for SQLite, deletes the file)\n"
            "after asking; where there is no terminal to ask, it needs --yes.\n"
            "\n"
            "Options:\n"
            "  -y, --yes               do not ask\n"
            "\n"
            "Exit status: 0 on success, 1 on failure or when the answer was\n"
            "no, 2 on a usage error or a missing --yes.\n",
    .options = CLI_OPT_YES,
    .run = run_drop};
