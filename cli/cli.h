/*
 * cli.h - what every part of the strata command shares: the state of one
 * invocation and the description of a command.
 */
#ifndef STRATA_CLI_H
#define STRATA_CLI_H

#include <stddef.h>
#include <stdio.h>
#include <strata/strata.h>

#include "options.h"
#include "output.h"
#include "progress.h"

/* Exit statuses; status --exit-code adds EXIT_PENDING and EXIT_PROBLEM,
 * port EXIT_LEFT_OUT. */
enum cli_exit {
  CLI_EXIT_OK = 0,
  CLI_EXIT_FAILURE = 1,
  CLI_EXIT_USAGE = 2,
  CLI_EXIT_PENDING = 3,
  CLI_EXIT_PROBLEM = 4,
  CLI_EXIT_LEFT_OUT = 5 /* finished, but left something out */
};

/* One invocation: the parsed options, the configuration they and the
 * environment make, and where output goes. */
struct cli {
  const struct cli_options *opt;
  struct strata_config cfg;
  struct output out;
  struct progress progress;
};

struct command {
  const char *name;
  const char *synopsis; /* after "strata NAME" in the usage line */
  const char *summary;  /* one line for the list of commands */
  const char *help;     /* the description and options, for --help */
  unsigned options;     /* enum cli_option_flag: what it accepts */
  int min_args;
  int max_args;
  int standalone; /* runs without reading the configuration */
  int (*run)(struct cli *cli);
};

/* Every command, in the order help lists them; NULL-terminated. */
extern const struct command *const cli_commands[];
const struct command *command_find(const char *name);

extern const struct command command_new, command_up, command_down, command_redo,
    command_status, command_dump, command_diff, command_verify, command_repair,
    command_create, command_drop, command_drivers, command_port, command_help,
    command_render;
extern const struct command command_completion;
extern const struct command command_adopt, command_baseline;
extern const struct command command_lint;

extern const struct command command_unlock;

/* Where `strata dump` and `--dump` write, relative to the working
 * directory. */
#define CLI_DUMP_FILE "db/schema.sql"

/* Writes the dump of s to path through path.tmp, so a failure leaves the
 * last good file in place.  0, or an error in err. */
int cli_dump_file(struct strata *s, const char *path, struct strata_error *err);

/* Opens the configured target, its events going to the progress printer.
 * Returns an exit status; on failure the error is already reported. */
int cli_open(struct cli *cli, struct strata **out);

/* Whether a change can be confirmed: --yes was given, or there is a
 * terminal to ask.  Returns CLI_EXIT_OK, or the usage error it reported. */
int cli_can_confirm(struct cli *cli);

/* Asks the user to confirm a change described by question, unless --yes
 * was given.  Returns CLI_EXIT_OK to go ahead, or the exit status after
 * reporting why not: no terminal to ask (usage) or the user said no. */
int cli_confirm(struct cli *cli, const char *question);

/* Help on stdout (or stderr for a usage error); each returns the exit
 * status. */
int help_print_general(FILE *f);
int help_print_command(FILE *f, const struct command *cmd);
int help_print_version(const struct output *out);

#endif
