/*
 * cmd_dump.c - `strata dump`: the target's schema as canonical DDL of its
 * own engine, ending with the applied migrations.
 *
 * A file is written beside its final name and renamed over it, so a failed
 * dump never leaves half a schema where the last good one was.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define DEFAULT_DUMP_FILE "db/schema.sql"

static int write_stream(void *ctx, const char *text, size_t length) {
  return fwrite(text, 1, length, ctx) == length ? 0 : -1;
}

static int cannot(struct cli *cli, const char *what, const char *path) {
  char message[1200];
  snprintf(message, sizeof message, "cannot %s '%.1000s': %s", what, path,
           strerror(errno));
  return output_refuse(&cli->out, "io", message, CLI_EXIT_FAILURE);
}

/* Dumps into path.tmp, then renames it to path. */
static int dump_to_file(struct cli *cli, struct strata *s, const char *path) {
  char tmp[4096];
  struct strata_error err;
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *f = fopen(tmp, "w");
  if (f == NULL)
    return cannot(cli, "write", tmp);
  strata_error_clear(&err);
  int rc = strata_dump(s, write_stream, f, &err);
  int closed = fclose(f);
  if (rc != 0 || closed != 0) {
    remove(tmp);
    return rc != 0 ? output_fail(&cli->out, NULL, &err)
                   : cannot(cli, "write", tmp);
  }
  if (rename(tmp, path) != 0) {
    remove(tmp);
    return cannot(cli, "replace", path);
  }
  output_result(&cli->out, "%s", path);
  return CLI_EXIT_OK;
}

static int dump_to_stdout(struct cli *cli, struct strata *s) {
  struct strata_error err;
  strata_error_clear(&err);
  if (strata_dump(s, write_stream, stdout, &err) != 0)
    return output_fail(&cli->out, NULL, &err);
  return fflush(stdout) == 0 ? CLI_EXIT_OK : cannot(cli, "write", "stdout");
}

static int run_dump(struct cli *cli) {
  const char *path = cli->opt->output ? cli->opt->output : DEFAULT_DUMP_FILE;
  struct strata *s;
  int rc = cli_open(cli, &s);
  if (rc != CLI_EXIT_OK)
    return rc;
  rc = strcmp(path, "-") == 0 ? dump_to_stdout(cli, s)
                              : dump_to_file(cli, s, path);
  strata_free(s);
  return rc;
}

const struct command command_dump = {
    .name = "dump",
    .synopsis = "[-o FILE]",
    .summary = "write the schema as canonical SQL, with the applied versions",
    .help = "Reads the target's schema and writes it as SQL of its own engine:\n"
            "types, sequences, tables, keys, indexes, foreign keys, views,\n"
            "routines, triggers and comments, in a stable order and layout,\n"
            "then the history of the applied migrations.  Loading the file\n"
            "into an empty database gives the same schema at the same\n"
            "migrations, and a dump of that database is the same file.\n"
            "\n"
            "  -o, --output FILE  where to write (default db/schema.sql;\n"
            "                     '-' for standard output)\n"
            "\n"
            "Exit status: 0 on success, 1 on failure, 2 on a usage error.\n",
    .options = CLI_OPT_OUTPUT,
    .run = run_dump};
