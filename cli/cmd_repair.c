/*
 * cmd_repair.c - `strata repair`: bring the history table in line with an
 * intended change, after showing what would change and asking.
 *
 * The repair runs twice: first as a dry run, whose events say what would
 * change (and whose count says whether there is anything to do at all),
 * then, once the user agrees, for real with its events muted so nothing is
 * said twice.
 */
#include <stdio.h>

#include "cli.h"

struct repair_request {
  enum strata_repair_action action;
  const char *version;
  const char *action_name; /* for --json */
};

static struct repair_request repair_request(const struct cli_options *opt) {
  struct repair_request r = {STRATA_REPAIR_ACCEPT_CHECKSUMS, NULL,
                             "accept-checksums"};

  if (opt->mark_applied)
    r = (struct repair_request){STRATA_REPAIR_MARK_APPLIED, opt->mark_applied,
                                "mark-applied"};
  else if (opt->mark_reverted)
    r = (struct repair_request){STRATA_REPAIR_MARK_REVERTED, opt->mark_reverted,
                                "mark-reverted"};
  return r;
}

static void question(const struct repair_request *r, const char *target,
                     char *out, size_t n) {
  switch (r->action) {
  case STRATA_REPAIR_MARK_APPLIED:
    snprintf(out, n, "Record %s as applied in %s without running it?",
             r->version, target);
    break;
  case STRATA_REPAIR_MARK_REVERTED:
    snprintf(out, n, "Remove %s from the history of %s without reverting it?",
             r->version, target);
    break;
  default:
    snprintf(out, n, "Change the history of %s as shown?", target);
    break;
  }
}

static json_t *repair_json(const struct cli *cli,
                           const struct repair_request *r, int dry_run,
                           int changed) {
  json_t *doc = json_object();

  json_object_set_new(doc, "command", json_string("repair"));
  json_object_set_new(doc, "action", json_string(r->action_name));
  json_object_set_new(doc, "version", output_json_string(r->version));
  json_object_set_new(doc, "dry_run", json_boolean(dry_run));
  json_object_set_new(doc, "changed", json_integer(changed));
  if (changed)
    json_object_set(doc, "changes", cli->progress.notices);
  else
    json_object_set_new(doc, "changes", json_array());
  return doc;
}

static int report(const struct cli *cli, const struct repair_request *r,
                  int dry_run, int changed) {
  if (cli->out.json)
    output_json(repair_json(cli, r, dry_run, changed));
  else if (changed == 0)
    return CLI_EXIT_OK; /* the core has said there is nothing to repair */
  else if (dry_run)
    output_info(&cli->out,
                "dry run: would change %d history row%s; nothing "
                "was changed",
                changed, changed == 1 ? "" : "s");
  else
    output_result(&cli->out, "changed %d history row%s", changed,
                  changed == 1 ? "" : "s");
  return CLI_EXIT_OK;
}

/* --mark-applied checks the schema in the dry run that always comes first;
 * the run after the user's yes does not build it all again. */
static int change(const struct cli *cli, struct strata *s,
                  const struct repair_request *r, int dry_run, int *changed,
                  struct strata_error *err) {
  struct strata_record_options opt;

  if (r->action != STRATA_REPAIR_MARK_APPLIED)
    return strata_repair(s, r->action, r->version, dry_run, changed, err);
  strata_record_options_init(&opt);
  opt.scratch_url = cli->opt->scratch;
  opt.force = cli->opt->force || !dry_run;
  opt.dry_run = dry_run;
  return strata_mark_applied(s, r->version, &opt, changed, err);
}

static int repair(struct cli *cli, struct strata *s,
                  const struct repair_request *r) {
  struct strata_error err;
  char ask[512], target[256];
  int changed = 0, rc;

  strata_error_clear(&err);
  /* The dry run's notices are the changes; earlier ones are not. */
  json_array_clear(cli->progress.notices);
  if (change(cli, s, r, 1, &changed, &err) < 0)
    return output_fail(&cli->out, NULL, &err);
  if (changed == 0 || cli->opt->dry_run)
    return report(cli, r, 1, changed);
  snprintf(target, sizeof target, "%s", strata_target(s));
  question(r, target, ask, sizeof ask);
  rc = cli_confirm(cli, ask);
  if (rc != CLI_EXIT_OK)
    return rc;
  cli->progress.muted = 1;
  if (change(cli, s, r, 0, &changed, &err) < 0)
    return output_fail(&cli->out, NULL, &err);
  return report(cli, r, 0, changed);
}

static int run_repair(struct cli *cli) {
  struct repair_request r = repair_request(cli->opt);
  struct strata *s;
  int rc = cli->opt->dry_run ? CLI_EXIT_OK : cli_can_confirm(cli);

  if (rc == CLI_EXIT_OK)
    rc = cli_open(cli, &s);
  if (rc != CLI_EXIT_OK)
    return rc;
  rc = repair(cli, s, &r);
  strata_free(s);
  return rc;
}

const struct command command_repair = {
    .name = "repair",
    .synopsis = "[--yes] [--dry-run]\n"
                "                     [--mark-applied VERSION | "
                "--mark-reverted VERSION]",
    .summary = "fix the history after an intended change",
    .help =
        "Changes the history table, never the schema.  Without an option it\n"
        "records the current checksum of every changed migration and forgets\n"
        "the applied migrations whose files are gone.  It first shows what\n"
        "would change, then asks; where there is no terminal to ask, it\n"
        "needs --yes.\n"
        "\n"
        "Options:\n"
        "  -y, --yes               do not ask\n"
        "      --dry-run           show what would change; change nothing\n"
        "      --mark-applied VERSION\n"
        "                          record VERSION as applied without running it\n"
        "                          (it was applied by hand), after checking\n"
        "                          that the schema is what the applied\n"
        "                          migrations and VERSION build (on a\n"
        "                          scratch database, as verify makes one)\n"
        "      --force             mark it without checking the schema\n"
        "      --scratch URL       build the migrations for that check in\n"
        "                          this empty database\n"
        "      --mark-reverted VERSION\n"
        "                          remove VERSION from the history without\n"
        "                          running its down script\n"
        "\n"
        "Exit status: 0 when repaired or nothing needs repair, 1 on failure\n"
        "or when the answer was no, 2 on a usage error or a missing --yes.\n",
    .options = CLI_OPT_YES | CLI_OPT_DRY_RUN | CLI_OPT_MARK_APPLIED |
               CLI_OPT_MARK_REVERTED | CLI_OPT_FORCE | CLI_OPT_SCRATCH,
    .run = run_repair};
