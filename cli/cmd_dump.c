/*
 * cmd_dump.c - `strata dump`: the target's schema as canonical DDL of its
 * own engine, ending with the applied migrations; or, with --json, the
 * schema model as JSON.
 *
 * A file is written beside its final name and renamed over it, so a failed
 * dump never leaves half a schema where the last good one was.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "schema_json.h"

static int write_stream(void *ctx, const char *text, size_t length) {
  return fwrite(text, 1, length, ctx) == length ? 0 : -1;
}

static int cannot(const char *what, const char *path,
                  struct strata_error *err) {
  err->code = STRATA_EIO;
  snprintf(err->message, sizeof err->message, "cannot %s '%.1000s': %s", what,
           path, strerror(errno));
  return STRATA_EIO;
}

typedef int (*fill_fn)(FILE *f, void *ctx, struct strata_error *err);

/* Fills an open stream and closes it.  A stream that failed (a full disk)
 * is reported with the file's name and the reason, which fill cannot
 * know. */
static int fill_and_close(FILE *f, const char *name, fill_fn fill, void *ctx,
                          struct strata_error *err) {
  int rc = fill(f, ctx, err);
  int failed = ferror(f);
  int closed = fclose(f);
  if (failed || (rc == 0 && closed != 0))
    rc = cannot("write", name, err);
  return rc;
}

/* Whether path is something other than a regular file (a device, a pipe),
 * which is written in place: renaming over it would replace it. */
static int is_special(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

/* Writes path.tmp with fill, then renames it to path. */
static int write_file(const char *path, fill_fn fill, void *ctx,
                      struct strata_error *err) {
  char tmp[4096];
  FILE *f;
  int rc;

  strata_error_clear(err);
  if (is_special(path)) {
    f = fopen(path, "w");
    return f ? fill_and_close(f, path, fill, ctx, err)
             : cannot("write", path, err);
  }
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  f = fopen(tmp, "w");
  if (f == NULL)
    return cannot("write", tmp, err);
  rc = fill_and_close(f, tmp, fill, ctx, err);
  if (rc == 0 && rename(tmp, path) != 0)
    rc = cannot("replace", path, err);
  if (rc != 0)
    remove(tmp);
  return rc;
}

static int fill_sql(FILE *f, void *ctx, struct strata_error *err) {
  return strata_dump(ctx, write_stream, f, err);
}

static int fill_json(FILE *f, void *ctx, struct strata_error *err) {
  if (json_dumpf(ctx, f, JSON_INDENT(2)) == 0 && fputc('\n', f) != EOF)
    return 0;
  err->code = STRATA_EIO;
  snprintf(err->message, sizeof err->message,
           "cannot write the schema as JSON");
  return STRATA_EIO;
}

int cli_dump_file(struct strata *s, const char *path,
                  struct strata_error *err) {
  return write_file(path, fill_sql, s, err);
}

static int dump_to_file(struct cli *cli, struct strata *s, const char *path) {
  struct strata_error err;

  if (cli_dump_file(s, path, &err) != 0)
    return output_fail(&cli->out, NULL, &err);
  output_result(&cli->out, "%s", path);
  return CLI_EXIT_OK;
}

/* A failed stdout is main()'s to report, with the reason, once. */
static int dump_to_stdout(struct cli *cli, struct strata *s) {
  struct strata_error err;

  strata_error_clear(&err);
  if (strata_dump(s, write_stream, stdout, &err) == 0)
    return CLI_EXIT_OK;
  if (ferror(stdout))
    return CLI_EXIT_FAILURE;
  return output_fail(&cli->out, NULL, &err);
}

/* The model as JSON, on stdout unless -o names a file. */
static int dump_json(struct cli *cli, struct strata *s) {
  const char *path = cli->opt->output;
  struct strata_schema *schema = NULL;
  struct strata_error err;
  json_t *doc;
  int rc;

  strata_error_clear(&err);
  if (strata_schema_read(s, &schema, &err) != 0)
    return output_fail(&cli->out, NULL, &err);
  doc = schema_json(schema);
  strata_schema_free(schema);
  if (path == NULL || strcmp(path, "-") == 0) {
    output_json(doc);
    return CLI_EXIT_OK;
  }
  rc = write_file(path, fill_json, doc, &err);
  json_decref(doc);
  return rc == 0 ? CLI_EXIT_OK : output_fail(&cli->out, NULL, &err);
}

static int run_dump(struct cli *cli) {
  const char *path = cli->opt->output ? cli->opt->output : CLI_DUMP_FILE;
  struct strata *s;
  int rc = cli_open(cli, &s);

  if (rc != CLI_EXIT_OK)
    return rc;
  if (cli->out.json)
    rc = dump_json(cli, s);
  else if (strcmp(path, "-") == 0)
    rc = dump_to_stdout(cli, s);
  else
    rc = dump_to_file(cli, s, path);
  strata_free(s);
  return rc;
}

const struct command command_dump = {
    .name = "dump",
    .synopsis = "[-o FILE]",
    .summary = "write the schema as canonical SQL, or as JSON",
    .help =
        "Reads the target's schema and writes it as SQL of its own engine:\n"
        "types, sequences, tables, keys, indexes, foreign keys, views,\n"
        "routines, triggers and comments, in a stable order and layout,\n"
        "then the history of the applied migrations.  Loading the file\n"
        "into an empty database gives the same schema at the same\n"
        "migrations, and a dump of that database is the same file.\n"
        "\n"
        "With --json it writes the schema as the model strata reads it\n"
        "instead: every table, column, key, index, view, type, sequence\n"
        "and routine with all their properties, in the same stable order,\n"
        "on standard output unless -o names a file.\n"
        "\n"
        "  -o, --output FILE  where to write (default db/schema.sql, or\n"
        "                     standard output with --json; '-' for\n"
        "                     standard output)\n"
        "\n"
        "Exit status: 0 on success, 1 on failure, 2 on a usage error.\n",
    .options = CLI_OPT_OUTPUT,
    .run = run_dump};
