/*
 * cmd_migrate.c - `strata up`, `strata down` and `strata redo`: run
 * migrations, show each as it goes, and sum up what was done.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

typedef int (*run_fn)(struct strata *s, const struct strata_run_options *opt,
                      struct strata_error *err);

static double now_ms(void) {
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* --allow-out-of-order and --lock-timeout reach the run through the
 * configuration (main.c sets them there), as their settings do. */
static void fill_run_options(const struct cli_options *opt,
                             struct strata_run_options *ro) {
  strata_run_options_init(ro);
  ro->to_version = opt->to;
  ro->count = opt->count;
  ro->all = opt->all;
  ro->dry_run = opt->dry_run;
  ro->resume = opt->resume;
}

static const char *plural(size_t n) {
  return n == 1 ? "" : "s";
}

/* "applied 2 migrations", "reverted 1 and applied 1 migration"; nothing
 * when nothing ran, since the core already said why. */
static void print_done(const struct cli *cli, double elapsed_ms) {
  const struct progress *p = &cli->progress;

  if (p->applied && p->reverted)
    output_result(&cli->out,
                  "reverted %zu and applied %zu migration%s "
                  "(%.0f ms)",
                  p->reverted, p->applied, plural(p->applied), elapsed_ms);
  else if (p->applied || p->reverted)
    output_result(&cli->out, "%s %zu migration%s (%.0f ms)",
                  p->applied ? "applied" : "reverted", p->applied + p->reverted,
                  plural(p->applied + p->reverted), elapsed_ms);
  if (p->skipped)
    output_result(&cli->out,
                  "%zu migration%s skipped: another runner "
                  "applied them meanwhile",
                  p->skipped, plural(p->skipped));
}

/* A dry run's SQL is on stdout; this line goes to stderr beside it. */
static void print_planned(const struct cli *cli) {
  const struct progress *p = &cli->progress;

  if (p->applied && p->reverted)
    output_info(&cli->out,
                "dry run: would revert %zu and apply %zu "
                "migration%s; nothing was changed",
                p->reverted, p->applied, plural(p->applied));
  else if (p->applied || p->reverted)
    output_info(&cli->out,
                "dry run: would %s %zu migration%s; nothing was "
                "changed",
                p->applied ? "apply" : "revert", p->applied + p->reverted,
                plural(p->applied + p->reverted));
}

/* The JSON document of a run; the progress record moves into it. */
static json_t *run_json(struct cli *cli, struct strata *s, const char *command,
                        double elapsed_ms) {
  struct progress *p = &cli->progress;
  json_t *doc = json_object();

  json_object_set_new(doc, "command", json_string(command));
  json_object_set_new(doc, "target", output_json_string(strata_target(s)));
  json_object_set_new(doc, "driver", output_json_string(strata_driver_name(s)));
  json_object_set_new(doc, "dry_run", json_boolean(cli->opt->dry_run));
  json_object_set(doc, "migrations", p->migrations);
  json_object_set_new(doc, "applied", json_integer((json_int_t)p->applied));
  json_object_set_new(doc, "reverted", json_integer((json_int_t)p->reverted));
  json_object_set_new(doc, "skipped", json_integer((json_int_t)p->skipped));
  json_object_set_new(doc, "duration_ms", json_real(elapsed_ms));
  if (strcmp(command, "up") == 0)
    json_object_set(doc, "lint", p->lint);
  return doc;
}

/* Whether to write the schema dump after the run: --dump, or the dump
 * setting (strata.conf, STRATA_DUMP); never for a dry run. */
static int wants_dump(struct cli *cli, int *dump, struct strata_error *err) {
  *dump = 0;
  if (cli->opt->dry_run)
    return 0;
  if (cli->opt->dump) {
    *dump = 1;
    return 0;
  }
  return strata_config_bool(&cli->cfg, "dump", 0, dump, err);
}

/* Adds a line to err's detail. */
static void add_detail(struct strata_error *err, const char *line) {
  size_t n = strlen(err->detail);

  snprintf(err->detail + n, sizeof err->detail - n, "%s%s", n ? "\n" : "",
           line);
}

/* Reports a run that succeeded, and writes the dump when asked.  A dump
 * that fails leaves the migrations applied, and says so. */
static int finish(struct cli *cli, struct strata *s, const char *command,
                  double elapsed_ms, int dump) {
  json_t *doc = run_json(cli, s, command, elapsed_ms);
  struct strata_error err;

  if (!cli->out.json && cli->opt->dry_run)
    print_planned(cli);
  else if (!cli->out.json)
    print_done(cli, elapsed_ms);
  if (dump && cli_dump_file(s, CLI_DUMP_FILE, &err) != 0) {
    json_object_set_new(doc, "dump", json_null());
    add_detail(&err, "the migrations ran and stay applied; run 'strata dump' "
                     "once the cause is fixed");
    return output_fail(&cli->out, doc, &err);
  }
  if (dump) {
    json_object_set_new(doc, "dump", json_string(CLI_DUMP_FILE));
    output_result(&cli->out, "wrote %s", CLI_DUMP_FILE);
  }
  if (cli->out.json)
    output_json(doc);
  else
    json_decref(doc);
  return CLI_EXIT_OK;
}

static int migrate(struct cli *cli, run_fn run, const char *command) {
  struct strata_run_options ro;
  struct strata_error err;
  struct strata *s;
  double start;
  int dump, rc;

  cli->progress.dry_run = cli->opt->dry_run;
  strata_error_clear(&err);
  if (wants_dump(cli, &dump, &err) < 0)
    return output_fail(&cli->out, NULL, &err);
  rc = cli_open(cli, &s);
  if (rc != CLI_EXIT_OK)
    return rc;
  fill_run_options(cli->opt, &ro);
  start = now_ms();
  if (run(s, &ro, &err) < 0) {
    progress_failed(&cli->progress);
    rc = output_fail(&cli->out, run_json(cli, s, command, now_ms() - start),
                     &err);
  } else {
    progress_done(&cli->progress);
    rc = finish(cli, s, command, now_ms() - start, dump);
  }
  strata_free(s);
  return rc;
}

static int run_up(struct cli *cli) {
  return migrate(cli, strata_up, "up");
}

static int run_down(struct cli *cli) {
  return migrate(cli, strata_down, "down");
}

static int run_redo(struct cli *cli) {
  return migrate(cli, strata_redo, "redo");
}

/* The options up, down and redo share, as their help shows them. */
#define HELP_DRY_RUN                                                           \
  "      --dry-run           print the SQL that would run; change nothing\n"
#define HELP_DUMP                                                              \
  "      --dump              after a successful run, write the schema\n"       \
  "                          to db/schema.sql (relative to the working\n"      \
  "                          directory), as 'strata dump' does; the\n"         \
  "                          setting dump = on does it every time\n"

const struct command command_up = {
    .name = "up",
    .synopsis = "[--to VERSION | -n N] [--dry-run] [--allow-out-of-order]\n"
                "                 [--resume] [--lock-timeout SECONDS] [--dump]",
    .summary = "apply the pending migrations",
    .help =
        "Applies the pending migrations in version order, each in its own\n"
        "transaction together with its history row, so a migration that\n"
        "fails leaves neither its changes nor a row behind.  A migration\n"
        "whose first line is '-- strata:no-transaction' runs outside a\n"
        "transaction.  Concurrent runners take turns: each migration is\n"
        "applied once.  The setting lint = warn or error lints the\n"
        "migrations about to be applied first (see 'strata lint'); with\n"
        "error, a finding of severity error applies nothing.\n"
        "\n"
        "Options:\n"
        "      --to VERSION        apply up to and including VERSION\n"
        "  -n, --count N           apply at most N migrations\n"
        HELP_DRY_RUN
        "      --allow-out-of-order\n"
        "                          also apply pending migrations older than the\n"
        "                          newest applied one\n"
        "      --resume            continue a failed migration that ran outside\n"
        "                          a transaction, after its last completed\n"
        "                          statement\n"
        "      --lock-timeout SECONDS\n"
        "                          give up when another runner holds the lock\n"
        "                          longer than this\n"
        HELP_DUMP
        "\n"
        "Exit status: 0 when every migration asked for is applied (and the\n"
        "dump written), 1 on any failure, 2 on a usage error.\n",
    .options = CLI_OPT_TO | CLI_OPT_COUNT | CLI_OPT_DRY_RUN |
               CLI_OPT_OUT_OF_ORDER | CLI_OPT_RESUME | CLI_OPT_DUMP,
    .run = run_up};

const struct command command_down = {
    .name = "down",
    .synopsis = "[-n N | --to VERSION | --all] [--dry-run] [--dump]",
    .summary = "revert applied migrations (the newest one by default)",
    .help =
        "Reverts applied migrations, newest first, with their down scripts\n"
        "(VERSION_name.down.sql).  Without an option it reverts one.\n"
        "A migration without a down script stops the run before anything\n"
        "is reverted.\n"
        "\n"
        "Options:\n"
        "  -n, --count N           revert the newest N migrations\n"
        "      --to VERSION        revert every migration newer than VERSION;\n"
        "                          VERSION itself stays applied\n"
        "      --all               revert every applied migration\n"
        HELP_DRY_RUN
        HELP_DUMP
        "\n"
        "Exit status: 0 on success, 1 on any failure, 2 on a usage error.\n",
    .options = CLI_OPT_COUNT | CLI_OPT_TO | CLI_OPT_ALL | CLI_OPT_DRY_RUN |
               CLI_OPT_DUMP,
    .run = run_down};

const struct command command_redo = {
    .name = "redo",
    .synopsis = "[--dry-run] [--dump]",
    .summary = "revert the newest applied migration and apply it again",
    .help =
        "Reverts the newest applied migration and applies it again: the\n"
        "quick loop while writing a migration.\n"
        "\n"
        "Options:\n"
        HELP_DRY_RUN
        HELP_DUMP
        "\n"
        "Exit status: 0 on success, 1 on any failure, 2 on a usage error.\n",
    .options = CLI_OPT_DRY_RUN | CLI_OPT_DUMP,
    .run = run_redo};
