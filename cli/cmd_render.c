/*
 * cmd_render.c - `strata render [--engine E] [--down] FILE`: the SQL a
 * portable migration becomes on an engine, with no database.
 */
#include <stdio.h>

#include "cli.h"

#define DEFAULT_ENGINE "postgres"

static int write_stdout(void *ctx, const char *text, size_t length) {
  return fwrite(text, 1, length, stdout) == length ? 0 : -1;
}

/* With --url, against that database's live schema (only read). */
static int render_at(struct cli *cli) {
  struct strata *s = NULL;
  struct strata_error err;
  int status = cli_open(cli, &s);
  if (status != CLI_EXIT_OK)
    return status;
  strata_error_clear(&err);
  if (strata_render_portable_at(s, cli->opt->args[0], cli->opt->down,
                                write_stdout, NULL, &err) != 0)
    status = output_fail(&cli->out, NULL, &err);
  strata_free(s);
  return status;
}

static int run_render(struct cli *cli) {
  struct strata_error err;
  if (cli->opt->url && cli->opt->engine)
    return output_refuse(&cli->out, "usage",
                         "--engine and --url cannot go together: the URL "
                         "names the engine",
                         CLI_EXIT_USAGE);
  if (cli->opt->url)
    return render_at(cli);
  const char *engine = cli->opt->engine ? cli->opt->engine : DEFAULT_ENGINE;
  strata_error_clear(&err);
  if (strata_render_portable(&cli->cfg, cli->opt->args[0], engine,
                             cli->opt->down, write_stdout, NULL, &err) != 0)
    return output_fail(&cli->out, NULL, &err);
  return CLI_EXIT_OK;
}

const struct command command_render = {
    .name = "render",
    .synopsis = "[--engine ENGINE | --url URL] [--down] FILE",
    .summary = "show the SQL a portable migration runs on an engine",
    .help =
        "Parses FILE, a portable migration (VERSION_name.portable.up.sql),\n"
        "and prints the statements the engine's driver would run for it,\n"
        "without connecting to anything.  A construct outside the portable\n"
        "dialect, or one the engine cannot do, is an error naming the file,\n"
        "line and column.\n"
        "\n"
        "  --engine ENGINE  postgres (the default), sqlite or mysql\n"
        "  --down           the down migration derived from FILE: each op\n"
        "                   undone in reverse order; refused for an op whose\n"
        "                   undoing the file does not describe (a drop, a new\n"
        "                   type or default, a data change)\n"
        "\n"
        "With no database the model starts empty: a step that must restate\n"
        "a table (a SQLite rebuild, a MySQL MODIFY) knows only the tables\n"
        "FILE creates.  With the global --url, FILE is rendered for that\n"
        "database's engine against its live schema, which is only read.\n"
        "\n"
        "Exit status: 0 on success, 1 on failure, 2 on a usage error.\n",
    .options = CLI_OPT_ENGINE | CLI_OPT_DOWN,
    .min_args = 1,
    .max_args = 1,
    .standalone = 0,
    .run = run_render};
