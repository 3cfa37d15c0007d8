/*
 * cmd_new.c - `strata new NAME`: a timestamped pair of empty up and down
 * migration files, ready to edit.
 */
#include <stdlib.h>

#include "cli.h"

static int run_new(struct cli *cli) {
  char *up = NULL, *down = NULL;
  struct strata_error err;
  json_t *doc;

  strata_error_clear(&err);
  if (strata_new_migration(&cli->cfg, cli->opt->args[0], &up, &down, &err) < 0)
    return output_fail(&cli->out, NULL, &err);
  if (cli->out.json) {
    doc = json_object();
    json_object_set_new(doc, "up", output_json_string(up));
    json_object_set_new(doc, "down", output_json_string(down));
    output_json(doc);
  } else {
    output_result(&cli->out, "%s", up);
    output_result(&cli->out, "%s", down);
  }
  free(up);
  free(down);
  return CLI_EXIT_OK;
}

const struct command command_new = {
    .name = "new",
    .synopsis = "NAME",
    .summary = "create a timestamped pair of up and down migration files",
    .help = "Writes VERSION_NAME.up.sql and VERSION_NAME.down.sql into the\n"
            "migrations folder (creating it), VERSION being the current UTC\n"
            "time as YYYYMMDDHHMMSS, and prints their paths, so that\n"
            "'$EDITOR $(strata new add_email)' opens both.\n"
            "\n"
            "Exit status: 0 on success, 1 on failure, 2 on a usage error.\n",
    .min_args = 1,
    .max_args = 1,
    .run = run_new};
