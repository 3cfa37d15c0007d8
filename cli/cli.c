/*
 * cli.c - what several commands share: opening the target, asking the user
 * before a destructive change.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"

int cli_open(struct cli *cli, struct strata **out) {
  struct strata_error err;

  strata_error_clear(&err);
  if (strata_open(&cli->cfg, progress_event, &cli->progress, out, &err) < 0)
    return output_fail(&cli->out, NULL, &err);
  if (cli->out.verbose) {
    const char *server = strata_server_version(*out);
    output_info(&cli->out, "target %s (driver %s%s%s)", strata_target(*out),
                strata_driver_name(*out), server ? ", " : "",
                server ? server : "");
  }
  return CLI_EXIT_OK;
}

static int is_yes(const char *answer) {
  size_t n = strcspn(answer, "\r\n");

  return (n == 1 && tolower((unsigned char)answer[0]) == 'y') ||
         (n == 3 && strncasecmp(answer, "yes", 3) == 0);
}

static int ask(const char *question) {
  char *line = NULL;
  size_t cap = 0;
  int yes;

  fprintf(stderr, "%s [y/N] ", question);
  fflush(stderr);
  yes = getline(&line, &cap, stdin) > 0 && is_yes(line);
  free(line);
  return yes;
}

int cli_can_confirm(struct cli *cli) {
  char message[512];

  if (cli->opt->yes || isatty(STDIN_FILENO))
    return CLI_EXIT_OK;
  snprintf(message, sizeof message,
           "'strata %s' changes the database and needs confirmation; "
           "pass --yes",
           cli->opt->command->name);
  return output_refuse(&cli->out, "usage", message, CLI_EXIT_USAGE);
}

int cli_confirm(struct cli *cli, const char *question) {
  int rc = cli_can_confirm(cli);

  if (rc != CLI_EXIT_OK || cli->opt->yes)
    return rc;
  if (ask(question))
    return CLI_EXIT_OK;
  return output_refuse(&cli->out, "cancelled", "cancelled; nothing was changed",
                       CLI_EXIT_FAILURE);
}
