/*
 * commands.c - the table of commands, in the order help lists them.
 */
#include <string.h>

#include "cli.h"

const struct command *const cli_commands[] = {&command_new,
                                              &command_up,
                                              &command_down,
                                              &command_redo,
                                              &command_status,
                                              &command_dump,
                                              &command_diff,
                                              &command_verify,
                                              &command_lint,
                                              &command_repair,
                                              &command_unlock,
                                              &command_create,
                                              &command_drop,
                                              &command_port,
                                              &command_drivers,
                                              &command_render,
                                              &command_completion,
                                              &command_adopt,
                                              &command_baseline,
                                              &command_help,
                                              NULL};

const struct command *command_find(const char *name) {
  for (const struct command *const *c = cli_commands; *c; c++)
    if (strcmp((*c)->name, name) == 0)
      return *c;
  return NULL;
}
