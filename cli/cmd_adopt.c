/*
 * cmd_adopt.c - `strata adopt`: take over a database another migration tool
 * has migrated, by writing strata's history from that tool's.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* --from TOOL or TOOL:TABLE, taken apart into tool (of n bytes). */
static void split_from(const char *from, char *tool, size_t n,
                       const char **table) {
  const char *colon = from ? strchr(from, ':') : NULL;

  *table = colon ? colon + 1 : NULL;
  snprintf(tool, n, "%.*s", colon ? (int)(colon - from) : (int)n,
           from ? from : "");
}

static json_t *adopt_json(const struct cli *cli,
                          const struct strata_adopt_result *r, int dry_run) {
  json_t *doc = json_object();

  json_object_set_new(doc, "command", json_string("adopt"));
  json_object_set_new(doc, "tool", output_json_string(r->tool));
  json_object_set_new(doc, "table", output_json_string(r->table));
  json_object_set_new(doc, "dry_run", json_boolean(dry_run));
  json_object_set_new(doc, "recorded", json_integer(r->recorded));
  json_object_set_new(doc, "already", json_integer(r->already));
  json_object_set(doc, "changes", cli->progress.notices);
  return doc;
}

static void print_result(const struct cli *cli,
                         const struct strata_adopt_result *r, int dry_run) {
  char already[96] = "";

  if (r->already)
    snprintf(already, sizeof already, " (%d already in strata's history)",
             r->already);
  if (dry_run)
    output_info(&cli->out,
                "dry run: would record %d migration%s from %s's table "
                "'%s'%s; nothing was changed",
                r->recorded, r->recorded == 1 ? "" : "s", r->tool, r->table,
                already);
  else
    output_result(&cli->out, "recorded %d migration%s from %s's table '%s'%s",
                  r->recorded, r->recorded == 1 ? "" : "s", r->tool, r->table,
                  already);
}

static int report(const struct cli *cli, const struct strata_adopt_result *r,
                  int dry_run) {
  if (cli->out.json)
    output_json(adopt_json(cli, r, dry_run));
  else
    print_result(cli, r, dry_run);
  return CLI_EXIT_OK;
}

static int run_adopt(struct cli *cli) {
  struct strata_adopt_options opt;
  struct strata_adopt_result result;
  struct strata_error err;
  struct strata *s;
  char tool[64];
  int rc;

  strata_adopt_options_init(&opt);
  split_from(cli->opt->from, tool, sizeof tool, &opt.table);
  opt.tool = tool[0] ? tool : NULL;
  opt.dry_run = cli->opt->dry_run;
  rc = cli_open(cli, &s);
  if (rc != CLI_EXIT_OK)
    return rc;
  /* The adoption's notices are the changes; earlier ones are not. */
  json_array_clear(cli->progress.notices);
  if (strata_adopt(s, &opt, &result, &err) < 0)
    rc = output_fail(&cli->out, NULL, &err);
  else
    rc = report(cli, &result, opt.dry_run);
  strata_free(s);
  return rc;
}

const struct command command_adopt = {
    .name = "adopt",
    .synopsis = "[--from TOOL[:TABLE]] [--dry-run]",
    .summary = "take over the history of another migration tool",
    .help =
        "Reads the history table another migration tool keeps in the\n"
        "target and records in strata's history every migration it applied,\n"
        "with the checksum of its file in the migrations folder, so that\n"
        "'strata up' carries on where that tool stopped.  It knows\n"
        "golang-migrate and dbmate (schema_migrations), sqlx\n"
        "(_sqlx_migrations), flyway (flyway_schema_history), goose\n"
        "(goose_db_version) and diesel (__diesel_schema_migrations).\n"
        "\n"
        "It records nothing when that history holds a failed (dirty)\n"
        "migration, or an applied version with no file in the folder: it\n"
        "says which, and what to do.  The old table is left as it is.\n"
        "\n"
        "Options:\n"
        "      --from TOOL[:TABLE] the tool (golang-migrate, dbmate, sqlx,\n"
        "                          flyway, goose, diesel), and its table when\n"
        "                          it is not the tool's default; by default\n"
        "                          the one whose table the target holds\n"
        "      --dry-run           show what would be recorded; change nothing\n"
        "\n"
        "With --json: {\"tool\", \"table\", \"dry_run\", \"recorded\",\n"
        "\"already\", \"changes\"}.\n"
        "\n"
        "A flyway repeatable migration is recorded when flyway's checksum of\n"
        "its file matches its last run; a changed one stays pending for up.\n"
        "\n"
        "Exit status: 0 when every applied migration is recorded, 1 on\n"
        "failure, 2 on a usage error.\n",
    .options = CLI_OPT_FROM | CLI_OPT_DRY_RUN,
    .run = run_adopt};
