/*
 * cmd_verify.c - `strata verify`: applies, reverts and re-applies every
 * migration on a scratch database and says, for each, whether its down
 * script undoes its up script.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char *rerun_word(enum strata_verify_rerun rerun) {
  switch (rerun) {
  case STRATA_RERUN_OK: return "yes";
  case STRATA_RERUN_FAILED: return "no";
  case STRATA_RERUN_NOT_CHECKED: break;
  }
  return NULL;
}

static json_t *entry_json(const struct strata_verify_entry *e) {
  json_t *j = json_object();
  const char *rerun = rerun_word(e->rerun);

  json_object_set_new(j, "version", output_json_string(e->version));
  json_object_set_new(j, "name", output_json_string(e->name));
  json_object_set_new(j, "result",
                      json_string(strata_verify_result_name(e->result)));
  json_object_set_new(j, "differences",
                      output_json_strings(e->differences, e->difference_count));
  json_object_set_new(j, "error", output_json_string(e->error));
  json_object_set_new(j, "rerunnable",
                      rerun ? json_boolean(e->rerun == STRATA_RERUN_OK)
                            : json_null());
  json_object_set_new(j, "rerun_error", output_json_string(e->rerun_error));
  return j;
}

static json_t *report_json(const struct strata_verify_report *r) {
  json_t *doc = json_object(), *migrations = json_array();

  for (size_t i = 0; i < r->count; i++)
    json_array_append_new(migrations, entry_json(&r->entries[i]));
  json_object_set_new(doc, "scratch", output_json_string(r->scratch));
  json_object_set_new(doc, "migrations", migrations);
  json_object_set_new(doc, "stopped", output_json_string(r->stopped));
  json_object_set_new(doc, "ok", json_boolean(r->ok));
  return doc;
}

/* What follows "NOT reversible: ", "down failed: " ... on an entry's
 * line. */
static void print_findings(const struct strata_verify_entry *e) {
  for (size_t i = 0; i < e->difference_count; i++)
    printf("%s%s", i ? "; " : ": ", e->differences[i]);
  if (e->error)
    printf("%s%s", e->difference_count ? "; its up then failed: " : ": ",
           e->error);
}

static const char *result_text(enum strata_verify_result result) {
  switch (result) {
  case STRATA_VERIFY_NOT_REVERSIBLE: return "NOT reversible";
  case STRATA_VERIFY_REAPPLY_FAILED:
    return "NOT reversible: its up fails when applied again after its down";
  default: break;
  }
  return strata_verify_result_name(result);
}

static void print_entry(const struct output *out,
                        const struct strata_verify_entry *e) {
  int good = e->result == STRATA_VERIFY_REVERSIBLE;
  enum output_style style = good ? STYLE_GOOD
                            : e->result == STRATA_VERIFY_NOT_CHECKED
                                ? STYLE_WARN
                                : STYLE_BAD;

  printf("%s_%s: %s%s%s", e->version, e->name,
         output_style_on(out, stdout, style), result_text(e->result),
         output_style_off(out, stdout));
  print_findings(e);
  if (e->rerun == STRATA_RERUN_FAILED)
    printf("; %sNOT re-runnable%s: %s", output_style_on(out, stdout, STYLE_BAD),
           output_style_off(out, stdout), e->rerun_error);
  putchar('\n');
}

static void print_report(const struct output *out,
                         const struct strata_verify_report *r) {
  size_t good = 0;

  for (size_t i = 0; i < r->count; i++) {
    print_entry(out, &r->entries[i]);
    good += r->entries[i].result == STRATA_VERIFY_REVERSIBLE &&
            r->entries[i].rerun != STRATA_RERUN_FAILED;
  }
  if (r->stopped)
    printf("stopped: %s\n", r->stopped);
  printf("%zu migration%s: %zu verified, %zu with problems\n", r->count,
         r->count == 1 ? "" : "s", good, r->count - good);
}

/* ---- --engines --------------------------------------------------------- */

static json_t *engines_json(const struct strata_engines_report *r) {
  json_t *doc = json_object();

  json_object_set_new(doc, "engines",
                      output_json_strings(r->targets, r->target_count));
  json_object_set_new(doc, "versions", json_integer((json_int_t)r->count));
  json_object_set_new(doc, "checked", json_integer((json_int_t)r->checked));
  json_object_set_new(doc, "version", output_json_string(r->version));
  json_object_set_new(doc, "name", output_json_string(r->name));
  json_object_set_new(doc, "a", output_json_string(r->a));
  json_object_set_new(doc, "b", output_json_string(r->b));
  json_object_set_new(doc, "differences",
                      output_json_strings(r->differences, r->difference_count));
  json_object_set_new(doc, "error", output_json_string(r->error));
  json_object_set_new(doc, "ok", json_boolean(r->ok));
  return doc;
}

static void print_engines(const struct output *out,
                          const struct strata_engines_report *r) {
  const char *on = output_style_on(out, stdout, STYLE_BAD),
             *off = output_style_off(out, stdout);

  if (r->error)
    printf("%s_%s: %sup failed%s on %s: %s\n", r->version, r->name, on, off,
           r->a, r->error);
  else if (r->version)
    printf("%s_%s: %s and %s %sdiffer%s:\n", r->version, r->name, r->a, r->b,
           on, off);
  for (size_t i = 0; i < r->difference_count; i++)
    printf("  %s\n", r->differences[i]);
  printf("%zu version%s: %zu the same on %zu engines%s\n", r->count,
         r->count == 1 ? "" : "s", r->checked, r->target_count,
         r->ok ? "" : ", checking stopped at the first that is not");
}

/* The comma-separated URLs of --engines, in place of list; max + 1 when
 * there are more than max. */
static size_t split_urls(char *list, const char **urls, size_t max) {
  size_t n = 0;

  for (char *p = strtok(list, ","); p != NULL; p = strtok(NULL, ","))
    if (n++ < max)
      urls[n - 1] = p;
  return n;
}

/* Two of the URLs naming one database, however spelt: the second would
 * find the first's tables. */
static int refuse_twice(struct cli *cli, const char *const *urls, size_t n) {
  char message[256];

  for (size_t i = 1; i < n; i++)
    for (size_t j = 0; j < i; j++)
      if (strata_same_database(&cli->cfg, urls[j], NULL, urls[i], NULL)) {
        snprintf(message, sizeof message,
                 "URLs %zu and %zu of --engines are the same database; "
                 "give one database per engine",
                 j + 1, i + 1);
        return output_usage(&cli->out, "verify", message);
      }
  return CLI_EXIT_OK;
}

static int run_engines(struct cli *cli) {
  char list[4096];
  const char *urls[64];
  struct strata_engines_report *report = NULL;
  struct strata_error err;
  size_t n;
  int rc;

  if (cli->opt->given & (CLI_OPT_SCRATCH | CLI_OPT_IDEMPOTENT))
    return output_usage(&cli->out, "verify",
                        "option '--engines' cannot be used with '--scratch' "
                        "or '--idempotent'");
  n = strlen(cli->opt->engines) < sizeof list
          ? split_urls(strcpy(list, cli->opt->engines), urls,
                       sizeof urls / sizeof *urls)
          : SIZE_MAX;
  if (n > sizeof urls / sizeof *urls)
    return output_usage(&cli->out, "verify",
                        "the list of --engines is too long");
  if (n < 2)
    return output_usage(&cli->out, "verify",
                        "--engines needs at least two URLs, comma-separated");
  rc = refuse_twice(cli, urls, n);
  if (rc != CLI_EXIT_OK)
    return rc;
  rc = strata_verify_engines(&cli->cfg, urls, n, progress_event,
                             &cli->progress, &report, &err);
  /* Two URLs the URLs alone did not tell apart, refused once connected. */
  if (rc == STRATA_ESAME)
    return output_usage(&cli->out, "verify", err.message);
  if (rc != 0)
    return output_fail(&cli->out, json_pack("{s:n}", "ok"), &err);
  if (cli->out.json)
    output_json(engines_json(report));
  else if (!cli->out.quiet)
    print_engines(&cli->out, report);
  rc = report->ok ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
  strata_engines_report_free(report);
  return rc;
}

static int run_verify(struct cli *cli) {
  struct strata_verify_options opt;
  struct strata_verify_report *report = NULL;
  struct strata_error err;
  int rc;

  if (cli->opt->engines)
    return run_engines(cli);
  strata_verify_options_init(&opt);
  opt.scratch_url = cli->opt->scratch;
  opt.idempotent = cli->opt->idempotent;
  if (strata_verify(&cli->cfg, &opt, progress_event, &cli->progress, &report,
                    &err) != 0)
    return output_fail(&cli->out, json_pack("{s:n}", "ok"), &err);
  if (cli->out.json)
    output_json(report_json(report));
  else if (!cli->out.quiet)
    print_report(&cli->out, report);
  rc = report->ok ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
  strata_verify_report_free(report);
  return rc;
}

const struct command command_verify = {
    .name = "verify",
    .synopsis = "[--scratch URL] [--idempotent] | --engines URL,URL,...",
    .summary = "check on a scratch database that every down undoes its up",
    .help =
        "Applies the migrations one at a time to a scratch database and,\n"
        "for each, reverts it and applies it again, comparing the schema\n"
        "each time: after the down it must be the schema before the up,\n"
        "and after the second up the schema after the first.  Prints one\n"
        "line per migration: reversible, NOT reversible with what differs\n"
        "('down of 0002_users left index users_email_idx'), missing down,\n"
        "down failed, up failed (the migrations after it cannot be checked)\n"
        "or not checked.\n"
        "\n"
        "The scratch database is by default a new one beside the target:\n"
        "strata_verify_<pid>_<n> on the same server, or a file in the same\n"
        "folder for SQLite, dropped at the end whatever happens.  The target\n"
        "itself is never connected to.\n"
        "\n"
        "Options:\n"
        "      --scratch URL       work in this database instead; it must be\n"
        "                          empty, and is left as verify leaves it\n"
        "      --idempotent        also run each up script a second time\n"
        "                          right after its first run (not recorded,\n"
        "                          and rolled back where the engine can) and\n"
        "                          report those that fail: NOT re-runnable\n"
        "      --engines URL,URL,...\n"
        "                          instead, apply the migrations one version\n"
        "                          at a time to these empty databases (one\n"
        "                          per engine) and compare them in portable\n"
        "                          terms after each, as diff --neutral does;\n"
        "                          stops at the first version that fails on\n"
        "                          one or after which two differ, and says\n"
        "                          how.  The databases are left as it leaves\n"
        "                          them\n"
        "\n"
        "With --json: {\"migrations\": [{\"version\", \"name\", \"result\",\n"
        "\"differences\", \"error\", \"rerunnable\", \"rerun_error\"}],\n"
        "\"stopped\", \"scratch\", \"ok\"}; with --engines: {\"engines\",\n"
        "\"versions\", \"checked\", \"version\", \"name\", \"a\", \"b\",\n"
        "\"differences\", \"error\", \"ok\"}.\n"
        "\n"
        "Exit status: 0 when every migration is reversible (and re-runnable\n"
        "with --idempotent) or, with --engines, every version the same on\n"
        "every engine; 1 otherwise or when verify cannot run, 2 on a usage\n"
        "error.\n",
    .options = CLI_OPT_SCRATCH | CLI_OPT_IDEMPOTENT | CLI_OPT_ENGINES,
    .run = run_verify};
