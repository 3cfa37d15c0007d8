/*
 * help.c - `strata --help`, `strata help [COMMAND]`, `strata COMMAND
 * --help` and `strata --version`.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char general_intro[] =
    "usage: strata [OPTIONS] COMMAND [ARGS]\n"
    "\n"
    "Applies versioned SQL migrations to SQLite, PostgreSQL and MySQL/MariaDB\n"
    "databases and keeps their history in the database itself.\n"
    "\n"
    "Commands:\n";

static const char general_options[] =
    "\n"
    "Global options (before or after the command):\n"
    "  -u, --url URL           the target database, e.g. sqlite:app.db,\n"
    "                          postgres://user@host/db, mysql://user@host/db\n"
    "  -d, --dir DIR           the migrations folder (default db/migrations)\n"
    "      --layout NAME       how the folder is laid out: plain, dbmate,\n"
    "                          goose, flyway, diesel (default auto: detected)\n"
    "      --table NAME        the history table (default strata_migrations)\n"
    "      --json              print the result as one JSON document\n"
    "  -q, --quiet             print only errors\n"
    "  -v, --verbose           also print the target and each migration's\n"
    "                          position in the run\n"
    "      --wait[=SECONDS]    wait for the database to accept connections\n"
    "                          (30 seconds when no value is given)\n"
    "      --lock-timeout SECONDS\n"
    "                          how long to wait for another runner's lock\n"
    "                          (default 60; -1: as long as it takes)\n"
    "      --ddl-lock-timeout DURATION\n"
    "                          how long each statement of a migration waits\n"
    "                          for a lock on a table in use (5s, 500ms;\n"
    "                          default 3s) before it gives up and retries\n"
    "      --ddl-retries N     tries after the first before failing\n"
    "                          (default 5)\n"
    "      --no-color          no colors, even on a terminal\n"
    "  -h, --help              show help; after a command, that command's\n"
    "      --version           show the version\n"
    "\n"
    "Configuration, strongest first: these options; the environment\n"
    "(DATABASE_URL, STRATA_URL, STRATA_DIR, STRATA_TABLE, ...); a .env file\n"
    "and then strata.conf in the working directory.  With no URL anywhere,\n"
    "strata uses the SQLite file db/strata.sqlite3 and says so.\n"
    "\n"
    "Exit status:\n"
    "  0  success\n"
    "  1  failure: the error says what went wrong\n"
    "  2  usage error: unknown command or option, bad value, or a missing\n"
    "     --yes where there is no terminal to ask\n"
    "  3  status --exit-code: migrations are pending\n"
    "  4  status --exit-code: a migration is changed, missing, failed or\n"
    "     was interrupted\n"
    "  5  port: finished, but left something out (objects to port by hand\n"
    "     or with no equivalent, rows set aside); its last line says how much\n"
    "\n"
    "Run 'strata help COMMAND' for a command's options; see also strata(1).\n";

static const char command_footer[] =
    "\n"
    "Global options: -u URL, -d DIR, --table NAME, --json, -q, -v,\n"
    "--wait[=SECONDS], --lock-timeout SECONDS, --ddl-lock-timeout DURATION,\n"
    "--ddl-retries N, --no-color; see 'strata --help'.\n";

/* A command as the list of commands shows it: its name, and its
 * arguments when it takes some. */
static void command_left(const struct command *c, char *out, size_t n) {
  int args = c->min_args || c->max_args;

  snprintf(out, n, "%s%s%s", c->name, args ? " " : "", args ? c->synopsis : "");
}

int help_print_general(FILE *f) {
  int width = 0;
  char left[64];

  fputs(general_intro, f);
  for (const struct command *const *c = cli_commands; *c; c++) {
    command_left(*c, left, sizeof left);
    if ((int)strlen(left) > width)
      width = (int)strlen(left);
  }
  for (const struct command *const *c = cli_commands; *c; c++) {
    command_left(*c, left, sizeof left);
    fprintf(f, "  %-*s  %s\n", width, left, (*c)->summary);
  }
  fputs(general_options, f);
  return CLI_EXIT_OK;
}

int help_print_command(FILE *f, const struct command *cmd) {
  fprintf(f, "usage: strata %s%s%s\n\n%s", cmd->name,
          cmd->synopsis[0] ? " " : "", cmd->synopsis, cmd->help);
  fputs(command_footer, f);
  return CLI_EXIT_OK;
}

int help_print_version(const struct output *out) {
  json_t *doc;

  if (!out->json) {
    printf("strata %s\n", strata_version());
    return CLI_EXIT_OK;
  }
  doc = json_object();
  json_object_set_new(doc, "version", json_string(strata_version()));
  output_json(doc);
  return CLI_EXIT_OK;
}

static int run_help(struct cli *cli) {
  const struct cli_options *opt = cli->opt;
  const struct command *cmd;
  char message[256];

  if (opt->nargs == 0)
    return help_print_general(stdout);
  cmd = command_find(opt->args[0]);
  if (cmd)
    return help_print_command(stdout, cmd);
  snprintf(message, sizeof message, "unknown command '%s'", opt->args[0]);
  return output_usage(&cli->out, NULL, message);
}

const struct command command_help = {
    .name = "help",
    .synopsis = "[COMMAND]",
    .summary = "show help, for one command or for all",
    .help = "Shows what a command does and the options it takes; without a\n"
            "COMMAND, lists the commands and the global options.\n",
    .min_args = 0,
    .max_args = 1,
    .standalone = 1,
    .run = run_help};
