/*
 * cmd_lint.c - `strata lint`: reports the risky changes in migration
 * scripts before they run, as text, JSON, SARIF or GitHub annotations.
 * The lint that `up` runs first when the lint setting asks is the core's;
 * progress.c shows its findings.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static json_t *report_json(const struct strata_lint_report *r) {
  json_t *findings = json_array();
  for (size_t i = 0; i < r->count; i++)
    json_array_append_new(findings, output_lint_finding_json(&r->findings[i]));
  return json_pack("{s:s,s:I,s:I,s:I,s:I,s:o,s:b}", "engine", r->engine,
                   "scripts", (json_int_t)r->scripts, "errors",
                   (json_int_t)r->errors, "warnings", (json_int_t)r->warnings,
                   "ignored", (json_int_t)r->ignored, "findings", findings,
                   "ok", r->errors == 0);
}

/* ---- SARIF 2.1.0, as code-scanning services read it ------------------- */

static const char *sarif_level(enum strata_lint_severity severity) {
  return severity == STRATA_LINT_ERROR ? "error" : "warning";
}

static json_t *sarif_rules(const struct strata_lint_report *r) {
  json_t *rules = json_array();
  for (size_t i = 0; i < r->rule_count; i++) {
    const struct strata_lint_rule_info *rule = &r->rules[i];
    if (rule->severity == STRATA_LINT_OFF)
      continue;
    json_array_append_new(rules,
                          json_pack("{s:s,s:{s:s},s:{s:s},s:{s:s}}", "id",
                                    rule->id, "shortDescription", "text",
                                    rule->summary, "defaultConfiguration",
                                    "level", sarif_level(rule->severity),
                                    "properties", "plugin", rule->plugin));
  }
  return rules;
}

static json_t *sarif_result(const struct strata_lint_finding *f) {
  return json_pack("{s:s,s:s,s:{s:o},s:[{s:{s:{s:o},s:{s:i,s:i}}}]}", "ruleId",
                   f->rule, "level", sarif_level(f->severity), "message",
                   "text", output_json_string(f->message), "locations",
                   "physicalLocation", "artifactLocation", "uri",
                   output_json_string(f->file), "region", "startLine", f->line,
                   "startColumn", f->column);
}

static json_t *sarif_json(const struct strata_lint_report *r) {
  json_t *results = json_array();
  for (size_t i = 0; i < r->count; i++)
    json_array_append_new(results, sarif_result(&r->findings[i]));
  return json_pack("{s:s,s:s,s:[{s:{s:{s:s,s:s,s:o}},s:o}]}", "$schema",
                   "https://json.schemastore.org/sarif-2.1.0.json", "version",
                   "2.1.0", "runs", "tool", "driver", "name", "strata",
                   "version", strata_version(), "rules", sarif_rules(r),
                   "results", results);
}

/* ---- GitHub Actions workflow commands ---------------------------------- */

/* Writes s with the characters a workflow command gives meaning to
 * escaped; in a property, ',' and ':' too. */
static void github_escaped(const char *s, int property) {
  for (; *s; s++) {
    if (*s == '%')
      fputs("%25", stdout);
    else if (*s == '\r')
      fputs("%0D", stdout);
    else if (*s == '\n')
      fputs("%0A", stdout);
    else if (property && *s == ',')
      fputs("%2C", stdout);
    else if (property && *s == ':')
      fputs("%3A", stdout);
    else
      putchar(*s);
  }
}

static void print_github(const struct strata_lint_report *r) {
  for (size_t i = 0; i < r->count; i++) {
    const struct strata_lint_finding *f = &r->findings[i];
    printf("::%s file=",
           f->severity == STRATA_LINT_ERROR ? "error" : "warning");
    github_escaped(f->file, 1);
    printf(",line=%d,col=%d,title=", f->line, f->column);
    github_escaped(f->rule, 1);
    fputs("::", stdout);
    github_escaped(f->message, 0);
    putchar('\n');
  }
}

/* ---- text --------------------------------------------------------------- */

static void print_summary(const struct output *out,
                          const struct strata_lint_report *r) {
  char ignored[64] = "";
  if (r->ignored > 0)
    snprintf(ignored, sizeof ignored, " (%zu silenced by lint-ignore)",
             r->ignored);
  output_info(out, "lint: %zu error%s, %zu warning%s in %zu script%s%s",
              r->errors, r->errors == 1 ? "" : "s", r->warnings,
              r->warnings == 1 ? "" : "s", r->scripts,
              r->scripts == 1 ? "" : "s", ignored);
}

static void print_rules(const struct strata_lint_report *r) {
  for (size_t i = 0; i < r->rule_count; i++)
    printf("%-22s %-12s %-8s %s\n", r->rules[i].id, r->rules[i].plugin,
           strata_lint_severity_name(r->rules[i].severity),
           r->rules[i].summary);
}

static json_t *rules_json(const struct strata_lint_report *r) {
  json_t *rules = json_array();
  for (size_t i = 0; i < r->rule_count; i++)
    json_array_append_new(
        rules, json_pack("{s:s,s:s,s:s,s:s}", "id", r->rules[i].id, "plugin",
                         r->rules[i].plugin, "severity",
                         strata_lint_severity_name(r->rules[i].severity),
                         "summary", r->rules[i].summary));
  return json_pack("{s:s,s:o}", "engine", r->engine, "rules", rules);
}

static const char *format_of(const struct cli *cli) {
  if (cli->opt->format != NULL)
    return cli->opt->format;
  return cli->out.json ? "json" : "text";
}

static void print_report(const struct cli *cli,
                         const struct strata_lint_report *r) {
  const char *format = format_of(cli);
  if (strcmp(format, "json") == 0)
    output_json(report_json(r));
  else if (strcmp(format, "sarif") == 0)
    output_json(sarif_json(r));
  else if (strcmp(format, "github") == 0)
    print_github(r);
  else {
    for (size_t i = 0; i < r->count; i++)
      output_lint_finding(&cli->out, stdout, &r->findings[i]);
    print_summary(&cli->out, r);
  }
}

static int run_lint(struct cli *cli) {
  struct strata_lint_options opt;
  struct strata_lint_report *report = NULL;
  struct strata_error err;
  strata_lint_options_init(&opt);
  opt.files = (const char *const *)cli->opt->args;
  opt.file_count = (size_t)cli->opt->nargs;
  opt.pending = cli->opt->pending;
  opt.rules_only = cli->opt->list_rules;
  if (opt.pending && opt.file_count > 0)
    return output_usage(&cli->out, "lint",
                        "'--pending' and FILES cannot be used together");
  if (strata_lint(&cli->cfg, &opt, &report, &err) != 0)
    return output_fail(&cli->out, NULL, &err);
  if (cli->opt->list_rules && cli->out.json)
    output_json(rules_json(report));
  else if (cli->opt->list_rules)
    print_rules(report);
  else
    print_report(cli, report);
  int rc = report->errors > 0 ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
  strata_lint_report_free(report);
  return rc;
}

const struct command command_lint = {
    .name = "lint",
    .synopsis = "[FILE...] [--pending] [--format text|json|sarif|github]\n"
                "                   [--rules]",
    .summary = "report risky changes in migrations before they run",
    .help =
        "Reads migration scripts without running them and reports the\n"
        "changes that are risky: a table locked or rewritten (an index\n"
        "built without CONCURRENTLY, a volatile default, a type change, an\n"
        "ALTER that copies the table), data dropped, a rename that breaks\n"
        "running code, a convention of the project broken.  The rules are\n"
        "those of the target engine (from the URL) and the conventions;\n"
        "'--rules' lists them.  With no FILE, every migration is read;\n"
        "the earlier migrations are always read first, so a table created\n"
        "in the same file is known to be new.\n"
        "\n"
        "Each finding is one line: FILE:LINE:COL RULE SEVERITY MESSAGE.  A\n"
        "comment '-- strata:lint-ignore RULE[, RULE]' before a statement (or\n"
        "at the end of its first line) silences those rules there.  The\n"
        "setting lint_rules changes severities: 'drop-column=off\n"
        "timestamps=error'.  The setting lint = error makes 'strata up'\n"
        "lint the migrations it is about to apply first and apply nothing\n"
        "when one has an error; lint = warn prints the findings and goes\n"
        "on.\n"
        "\n"
        "Options:\n"
        "      --pending           only the migrations the target has not\n"
        "                          applied (this connects to it)\n"
        "      --format FORMAT     text (the default), json, sarif (SARIF\n"
        "                          2.1.0) or github (workflow annotations)\n"
        "      --rules             list the rules and their severities\n"
        "\n"
        "Exit status: 0 when no finding is an error, 1 when one is or the\n"
        "lint could not run, 2 on a usage error.\n",
    .options = CLI_OPT_LINT,
    .min_args = 0,
    .max_args = 1000,
    .run = run_lint};
