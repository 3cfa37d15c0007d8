/*
 * options.c - parses the strata command line with getopt_long.
 *
 * The whole line is read before anything is judged, because the command
 * word may come after the options that belong to it.  The first problem
 * found is kept in opt->error and reported by the caller.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define DEFAULT_WAIT_SECONDS "30"
/* Larger waits are surely a typo; they would also overflow milliseconds. */
#define MAX_SECONDS 86400L

enum long_only_option {
  OPT_TABLE = 256,
  OPT_JSON,
  OPT_WAIT,
  OPT_LOCK_TIMEOUT,
  OPT_NO_COLOR,
  OPT_VERSION,
  OPT_TO,
  OPT_ALL,
  OPT_DRY_RUN,
  OPT_ALLOW_OUT_OF_ORDER,
  OPT_RESUME,
  OPT_EXIT_CODE,
  OPT_MARK_APPLIED,
  OPT_MARK_REVERTED,
  OPT_DUMP,
  OPT_SCRATCH,
  OPT_IDEMPOTENT,
  OPT_FROM,
  OPT_SCHEMA,
  OPT_TABLES,
  OPT_EXCLUDE,
  OPT_SCHEMA_ONLY,
  OPT_ENUM,
  OPT_ZERO_DATES,
  OPT_UNSIGNED_BIGINT,
  OPT_DATETIME,
  OPT_TIME,
  OPT_PRESERVE_CASE,
  OPT_DATA_ONLY,
  OPT_JOBS,
  OPT_VERIFY,
  OPT_VERIFY_ONLY,
  OPT_ON_ERROR,
  OPT_REJECT_DIR,
  OPT_EMIT_MIGRATION,
  OPT_FORCE,
  OPT_NUL_BYTES,
  OPT_JSON_TYPE,
  OPT_MAX_REJECTS,
  OPT_TINYINT1,
  OPT_LAYOUT,
  OPT_PENDING,
  OPT_FORMAT,
  OPT_RULES,
  OPT_DDL_LOCK_TIMEOUT,
  OPT_DDL_RETRIES,
  OPT_ENGINE,
  OPT_DOWN,
  OPT_NEUTRAL,
  OPT_ENGINES
};

/* A leading '-' hands over the words in order (so POSIXLY_CORRECT cannot
 * stop options after the command from being seen); ':' tells a missing
 * value from an unknown option. */
static const char short_options[] = "-:u:d:qvhn:yo:";

static const struct option long_options[] = {
    {"url", required_argument, NULL, 'u'},
    {"dir", required_argument, NULL, 'd'},
    {"layout", required_argument, NULL, OPT_LAYOUT},
    {"table", required_argument, NULL, OPT_TABLE},
    {"json", no_argument, NULL, OPT_JSON},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"wait", optional_argument, NULL, OPT_WAIT},
    {"lock-timeout", required_argument, NULL, OPT_LOCK_TIMEOUT},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {"to", required_argument, NULL, OPT_TO},
    {"count", required_argument, NULL, 'n'},
    {"all", no_argument, NULL, OPT_ALL},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"allow-out-of-order", no_argument, NULL, OPT_ALLOW_OUT_OF_ORDER},
    {"resume", no_argument, NULL, OPT_RESUME},
    {"exit-code", no_argument, NULL, OPT_EXIT_CODE},
    {"yes", no_argument, NULL, 'y'},
    {"mark-applied", required_argument, NULL, OPT_MARK_APPLIED},
    {"mark-reverted", required_argument, NULL, OPT_MARK_REVERTED},
    {"output", required_argument, NULL, 'o'},
    {"dump", no_argument, NULL, OPT_DUMP},
    {"scratch", required_argument, NULL, OPT_SCRATCH},
    {"idempotent", no_argument, NULL, OPT_IDEMPOTENT},
    {"from", required_argument, NULL, OPT_FROM},
    {"schema", required_argument, NULL, OPT_SCHEMA},
    {"tables", required_argument, NULL, OPT_TABLES},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"schema-only", no_argument, NULL, OPT_SCHEMA_ONLY},
    {"enum", required_argument, NULL, OPT_ENUM},
    {"zero-dates", required_argument, NULL, OPT_ZERO_DATES},
    {"unsigned-bigint", required_argument, NULL, OPT_UNSIGNED_BIGINT},
    {"datetime", required_argument, NULL, OPT_DATETIME},
    {"time", required_argument, NULL, OPT_TIME},
    {"preserve-case", no_argument, NULL, OPT_PRESERVE_CASE},
    {"data-only", no_argument, NULL, OPT_DATA_ONLY},
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"verify", no_argument, NULL, OPT_VERIFY},
    {"verify-only", no_argument, NULL, OPT_VERIFY_ONLY},
    {"on-error", required_argument, NULL, OPT_ON_ERROR},
    {"reject-dir", required_argument, NULL, OPT_REJECT_DIR},
    {"emit-migration", required_argument, NULL, OPT_EMIT_MIGRATION},
    {"force", no_argument, NULL, OPT_FORCE},
    {"nul-bytes", required_argument, NULL, OPT_NUL_BYTES},
    {"json-type", required_argument, NULL, OPT_JSON_TYPE},
    {"max-rejects", required_argument, NULL, OPT_MAX_REJECTS},
    {"tinyint1", required_argument, NULL, OPT_TINYINT1},
    {"pending", no_argument, NULL, OPT_PENDING},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"rules", no_argument, NULL, OPT_RULES},
    {"ddl-lock-timeout", required_argument, NULL, OPT_DDL_LOCK_TIMEOUT},
    {"ddl-retries", required_argument, NULL, OPT_DDL_RETRIES},
    {"engine", required_argument, NULL, OPT_ENGINE},
    {"down", no_argument, NULL, OPT_DOWN},
    {"neutral", no_argument, NULL, OPT_NEUTRAL},
    {"engines", required_argument, NULL, OPT_ENGINES},
    {NULL, 0, NULL, 0}};

/* How each command option is named in messages. */
static const struct {
  unsigned flag;
  const char *name;
} flag_names[] = {{CLI_OPT_TO, "--to"},
                  {CLI_OPT_COUNT, "-n"},
                  {CLI_OPT_ALL, "--all"},
                  {CLI_OPT_DRY_RUN, "--dry-run"},
                  {CLI_OPT_OUT_OF_ORDER, "--allow-out-of-order"},
                  {CLI_OPT_RESUME, "--resume"},
                  {CLI_OPT_EXIT_CODE, "--exit-code"},
                  {CLI_OPT_YES, "--yes"},
                  {CLI_OPT_MARK_APPLIED, "--mark-applied"},
                  {CLI_OPT_MARK_REVERTED, "--mark-reverted"},
                  {CLI_OPT_OUTPUT, "-o"},
                  {CLI_OPT_DUMP, "--dump"},
                  {CLI_OPT_SCRATCH, "--scratch"},
                  {CLI_OPT_IDEMPOTENT, "--idempotent"},
                  {CLI_OPT_FROM, "--from"},
                  {CLI_OPT_SCHEMA, "--schema"},
                  {CLI_OPT_TABLES, "--tables"},
                  {CLI_OPT_EXCLUDE, "--exclude"},
                  {CLI_OPT_SCHEMA_ONLY, "--schema-only"},
                  {CLI_OPT_MAPPING, "--enum/--zero-dates/--unsigned-bigint/"
                                    "--datetime/--time/--preserve-case/"
                                    "--nul-bytes/--json-type/--tinyint1"},
                  {CLI_OPT_PORT_DATA, "--data-only/--jobs/--verify/"
                                      "--verify-only/--on-error/--reject-dir/"
                                      "--emit-migration/--max-rejects"},
                  {CLI_OPT_FORCE, "--force"},
                  {CLI_OPT_LINT, "--pending/--format/--rules"},
                  {CLI_OPT_ENGINE, "--engine"},
                  {CLI_OPT_DOWN, "--down"},
                  {CLI_OPT_NEUTRAL, "--neutral"},
                  {CLI_OPT_ENGINES, "--engines"}};

static void usage_error(struct cli_options *opt, const char *fmt, ...)
    CLI_PRINTF(2, 3);

static void usage_error(struct cli_options *opt, const char *fmt, ...) {
  va_list ap;

  if (opt->error[0])
    return;
  va_start(ap, fmt);
  vsnprintf(opt->error, sizeof opt->error, fmt, ap);
  va_end(ap);
}

static const char *flag_name(unsigned flag) {
  for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++)
    if (flag_names[i].flag == flag)
      return flag_names[i].name;
  return "?";
}

static int is_digits(const char *s) {
  if (!*s)
    return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9')
      return 0;
  return 1;
}

/* A whole number from min to max, or a usage error naming the option. */
static long parse_number(struct cli_options *opt, const char *name,
                         const char *text, long min, long max) {
  long n = is_digits(text) && strlen(text) <= 9 ? strtol(text, NULL, 10) : -1;

  if (n < min || n > max) {
    usage_error(opt, "option '%s' expects a number from %ld to %ld, not '%s'",
                name, min, max, text);
    return min;
  }
  return n;
}

static const char *parse_seconds(struct cli_options *opt, const char *name,
                                 const char *text) {
  parse_number(opt, name, text, 0, MAX_SECONDS);
  return text;
}

/* Seconds, or -1: wait for the migration lock as long as it takes. */
static const char *parse_lock_timeout(struct cli_options *opt,
                                      const char *text) {
  if (strcmp(text, "-1") == 0)
    return text;
  long n = is_digits(text) && strlen(text) <= 9 ? strtol(text, NULL, 10) : -1;
  if (n < 0 || n > MAX_SECONDS)
    usage_error(opt,
                "option '--lock-timeout' expects seconds from 0 to %ld, or -1 "
                "to wait as long as it takes, not '%s'",
                MAX_SECONDS, text);
  return text;
}

static const char *parse_version(struct cli_options *opt, const char *name,
                                 const char *text) {
  if (!is_digits(text))
    usage_error(opt, "option '%s' expects a version (digits), not '%s'", name,
                text);
  return text;
}

static const char *parse_nonempty(struct cli_options *opt, const char *name,
                                  const char *text) {
  if (!*text)
    usage_error(opt, "option '%s' expects a value", name);
  return text;
}

/* One of two words, or a usage error naming the option. */
static const char *parse_choice(struct cli_options *opt, const char *name,
                                const char *text, const char *a,
                                const char *b) {
  if (strcmp(text, a) != 0 && strcmp(text, b) != 0)
    usage_error(opt, "option '%s' expects '%s' or '%s', not '%s'", name, a, b,
                text);
  return text;
}

/* The port's mapping choices; 0 when c is none of them. */
static unsigned set_mapping_option(struct cli_options *opt, int c,
                                   const char *arg) {
  switch (c) {
  case OPT_ENUM:
    opt->enum_as = parse_choice(opt, "--enum", arg, "native", "check");
    break;
  case OPT_ZERO_DATES:
    opt->zero_dates =
        strcmp(arg, "infinity") == 0
            ? arg
            : parse_choice(opt, "--zero-dates", arg, "null", "error");
    break;
  case OPT_UNSIGNED_BIGINT:
    opt->unsigned_bigint =
        parse_choice(opt, "--unsigned-bigint", arg, "numeric", "bigint");
    break;
  case OPT_DATETIME:
    opt->datetime =
        parse_choice(opt, "--datetime", arg, "timestamp", "timestamptz");
    break;
  case OPT_TIME:
    opt->time = parse_choice(opt, "--time", arg, "time", "interval");
    break;
  case OPT_PRESERVE_CASE: opt->preserve_case = 1; break;
  case OPT_NUL_BYTES:
    opt->nul_bytes = parse_choice(opt, "--nul-bytes", arg, "strip", "error");
    break;
  case OPT_JSON_TYPE:
    opt->json_type = parse_choice(opt, "--json-type", arg, "jsonb", "json");
    break;
  case OPT_TINYINT1:
    opt->tinyint1 = parse_choice(opt, "--tinyint1", arg, "boolean", "smallint");
    break;
  default: return 0;
  }
  return CLI_OPT_MAPPING;
}

/* The options of a port's data copy; 0 when c is none of them. */
static unsigned set_port_data_option(struct cli_options *opt, int c,
                                     const char *arg) {
  switch (c) {
  case OPT_DATA_ONLY: opt->data_only = 1; break;
  case OPT_JOBS: opt->jobs = parse_number(opt, "--jobs", arg, 1, 64); break;
  case OPT_VERIFY: opt->verify = 1; break;
  case OPT_VERIFY_ONLY: opt->verify_only = 1; break;
  case OPT_ON_ERROR:
    opt->stop_on_reject =
        strcmp(parse_choice(opt, "--on-error", arg, "continue", "stop"),
               "stop") == 0;
    break;
  case OPT_REJECT_DIR:
    opt->reject_dir = parse_nonempty(opt, "--reject-dir", arg);
    break;
  case OPT_EMIT_MIGRATION:
    opt->emit_migration = parse_nonempty(opt, "--emit-migration", arg);
    break;
  case OPT_MAX_REJECTS:
    opt->max_rejects = parse_number(opt, "--max-rejects", arg, 0, 999999999L);
    break;
  default: return set_mapping_option(opt, c, arg);
  }
  return CLI_OPT_PORT_DATA;
}

/* Returns the flag of a lint option, 0 for any other. */
static unsigned set_lint_option(struct cli_options *opt, int c,
                                const char *arg) {
  static const char *const formats[] = {"text", "json", "sarif", "github",
                                        NULL};
  switch (c) {
  case OPT_PENDING: opt->pending = 1; break;
  case OPT_RULES: opt->list_rules = 1; break;
  case OPT_FORMAT:
    opt->format = arg;
    for (const char *const *f = formats; *f; f++)
      if (strcmp(arg, *f) == 0)
        return CLI_OPT_LINT;
    usage_error(opt, "option '--format' expects text, json, sarif or "
                     "github, not '%s'",
                arg);
    break;
  default: return 0;
  }
  return CLI_OPT_LINT;
}

/* Returns the flag of a port option, 0 for any other. */
static unsigned set_port_option(struct cli_options *opt, int c,
                                const char *arg) {
  switch (c) {
  case OPT_FROM:
    opt->from = parse_nonempty(opt, "--from", arg);
    return CLI_OPT_FROM;
  case OPT_SCHEMA:
    opt->schema = parse_nonempty(opt, "--schema", arg);
    return CLI_OPT_SCHEMA;
  case OPT_TABLES:
    opt->tables = parse_nonempty(opt, "--tables", arg);
    return CLI_OPT_TABLES;
  case OPT_EXCLUDE:
    opt->exclude = parse_nonempty(opt, "--exclude", arg);
    return CLI_OPT_EXCLUDE;
  case OPT_SCHEMA_ONLY: opt->schema_only = 1; return CLI_OPT_SCHEMA_ONLY;
  }
  unsigned flag = set_lint_option(opt, c, arg);
  return flag ? flag : set_port_data_option(opt, c, arg);
}

/* Returns whether c is a global option. */
static int set_global(struct cli_options *opt, int c, const char *arg) {
  switch (c) {
  case 'u': opt->url = parse_nonempty(opt, "--url", arg); break;
  case 'd': opt->dir = parse_nonempty(opt, "--dir", arg); break;
  case OPT_LAYOUT: opt->layout = parse_nonempty(opt, "--layout", arg); break;
  case OPT_TABLE: opt->table = parse_nonempty(opt, "--table", arg); break;
  case OPT_JSON: opt->json = 1; break;
  case 'q': opt->quiet = 1, opt->verbose = 0; break;
  case 'v': opt->verbose = 1, opt->quiet = 0; break;
  case OPT_WAIT:
    opt->wait = parse_seconds(opt, "--wait", arg ? arg : DEFAULT_WAIT_SECONDS);
    break;
  case OPT_LOCK_TIMEOUT:
    opt->lock_timeout = parse_lock_timeout(opt, arg);
    break;
  case OPT_DDL_LOCK_TIMEOUT:
    opt->ddl_lock_timeout = parse_nonempty(opt, "--ddl-lock-timeout", arg);
    break;
  case OPT_DDL_RETRIES:
    parse_number(opt, "--ddl-retries", arg, 0, 1000);
    opt->ddl_retries = arg;
    break;
  case OPT_NO_COLOR: opt->no_color = 1; break;
  case 'h': opt->help = 1; break;
  case OPT_VERSION: opt->version = 1; break;
  default: return 0;
  }
  return 1;
}

/* Returns the flag of a command option, 0 for a global one. */
static unsigned set_command_option(struct cli_options *opt, int c,
                                   const char *arg) {
  switch (c) {
  case OPT_TO: opt->to = parse_nonempty(opt, "--to", arg); return CLI_OPT_TO;
  case 'n':
    opt->count = parse_number(opt, "-n", arg, 1, 999999999L);
    return CLI_OPT_COUNT;
  case OPT_ALL: opt->all = 1; return CLI_OPT_ALL;
  case OPT_DRY_RUN: opt->dry_run = 1; return CLI_OPT_DRY_RUN;
  case OPT_ALLOW_OUT_OF_ORDER:
    opt->allow_out_of_order = 1;
    return CLI_OPT_OUT_OF_ORDER;
  case OPT_RESUME: opt->resume = 1; return CLI_OPT_RESUME;
  case OPT_EXIT_CODE: opt->exit_code = 1; return CLI_OPT_EXIT_CODE;
  case 'y': opt->yes = 1; return CLI_OPT_YES;
  case OPT_MARK_APPLIED:
    opt->mark_applied = parse_version(opt, "--mark-applied", arg);
    return CLI_OPT_MARK_APPLIED;
  case OPT_MARK_REVERTED:
    opt->mark_reverted = parse_version(opt, "--mark-reverted", arg);
    return CLI_OPT_MARK_REVERTED;
  case 'o': opt->output = parse_nonempty(opt, "-o", arg); return CLI_OPT_OUTPUT;
  case OPT_DUMP: opt->dump = 1; return CLI_OPT_DUMP;
  case OPT_SCRATCH:
    opt->scratch = parse_nonempty(opt, "--scratch", arg);
    return CLI_OPT_SCRATCH;
  case OPT_IDEMPOTENT: opt->idempotent = 1; return CLI_OPT_IDEMPOTENT;
  case OPT_FORCE: opt->force = 1; return CLI_OPT_FORCE;
  case OPT_ENGINE:
    opt->engine = parse_nonempty(opt, "--engine", arg);
    return CLI_OPT_ENGINE;
  case OPT_DOWN: opt->down = 1; return CLI_OPT_DOWN;
  case OPT_NEUTRAL: opt->neutral = 1; return CLI_OPT_NEUTRAL;
  case OPT_ENGINES:
    opt->engines = parse_nonempty(opt, "--engines", arg);
    return CLI_OPT_ENGINES;
  }
  return set_port_option(opt, c, arg);
}

/* The option as the user wrote it: "--name" without its value, or "-c". */
static void option_text(const char *word, int c, char *out, size_t n) {
  if (word && strncmp(word, "--", 2) == 0)
    snprintf(out, n, "%.*s", (int)strcspn(word, "="), word);
  else if (c > 0 && c < 256)
    snprintf(out, n, "-%c", c);
  else
    snprintf(out, n, "%s", word ? word : "?");
}

static int is_long_option_name(const char *text) {
  for (const struct option *o = long_options; o->name; o++)
    if (strcmp(text + 2, o->name) == 0)
      return 1;
  return 0;
}

static void report_bad_option(struct cli_options *opt, int c, char **argv) {
  char name[64];
  const char *word = argv[optind - 1];

  option_text(word, optopt, name, sizeof name);
  if (c == ':')
    usage_error(opt, "option '%s' needs a value", name);
  else if (strchr(word, '=') && is_long_option_name(name))
    usage_error(opt, "option '%s' takes no value", name);
  else
    usage_error(opt, "unknown option '%s'", name);
}

static void add_word(struct cli_options *opt, char *word) {
  if (!opt->command_word) {
    opt->command_word = word;
    return;
  }
  opt->args[opt->nargs++] = word;
}

static void check_command(struct cli_options *opt) {
  const struct command *cmd = opt->command;
  unsigned stray = opt->given & ~cmd->options;

  if (stray) {
    usage_error(opt, "option '%s' does not apply to 'strata %s'",
                flag_name(stray & -stray), cmd->name);
  } else if (opt->to && cmd != &command_port && !is_digits(opt->to)) {
    parse_version(opt, "--to", opt->to);
  } else if (opt->to && (opt->given & CLI_OPT_COUNT)) {
    usage_error(opt, "options '--to' and '-n' cannot be used together");
  } else if (opt->all && (opt->to || (opt->given & CLI_OPT_COUNT))) {
    usage_error(opt, "option '--all' cannot be used with '--to' or '-n'");
  } else if (opt->dump && opt->dry_run) {
    usage_error(opt, "options '--dump' and '--dry-run' cannot be used "
                     "together");
  } else if (opt->mark_applied && opt->mark_reverted) {
    usage_error(opt, "options '--mark-applied' and '--mark-reverted' cannot "
                     "be used together");
  } else if (opt->nargs < cmd->min_args) {
    usage_error(opt, "'strata %s' needs %s", cmd->name, cmd->synopsis);
  } else if (opt->nargs > cmd->max_args) {
    usage_error(opt, "unexpected argument '%s'", opt->args[cmd->max_args]);
  }
}

static void parse_words(int argc, char **argv, struct cli_options *opt) {
  int c;

  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) !=
         -1) {
    if (c == 1)
      add_word(opt, optarg);
    else if (c == '?' || c == ':')
      report_bad_option(opt, c, argv);
    else if (!set_global(opt, c, optarg))
      opt->given |= set_command_option(opt, c, optarg);
  }
  while (optind < argc)
    add_word(opt, argv[optind++]);
}

int options_parse(int argc, char **argv, struct cli_options *opt) {
  memset(opt, 0, sizeof *opt);
  /* Every word but the program's name may be an argument. */
  opt->args = calloc((size_t)argc, sizeof *opt->args);
  if (!opt->args) {
    usage_error(opt, "out of memory");
    return CLI_EXIT_FAILURE;
  }
  parse_words(argc, argv, opt);
  if (opt->command_word) {
    opt->command = command_find(opt->command_word);
    if (!opt->command)
      usage_error(opt, "unknown command '%s'", opt->command_word);
  }
  if (opt->command && !opt->help)
    check_command(opt);
  return opt->error[0] ? CLI_EXIT_USAGE : CLI_EXIT_OK;
}

void options_release(struct cli_options *opt) {
  free(opt->args);
  opt->args = NULL;
}

/* Calls each for every long option, with its short letter (0: none),
 * whether it takes a value (getopt's has_arg) and the flag of the commands
 * that accept it (0: a global option), as the parser above decides it:
 * shell completion is written from this. */
void options_each(void (*each)(void *ctx, const struct option_info *info),
                  void *ctx) {
  for (const struct option *o = long_options; o->name; o++) {
    struct cli_options scratch;
    struct option_info info = {o->name, 0, o->has_arg, 0};

    memset(&scratch, 0, sizeof scratch);
    info.flag = set_command_option(&scratch, o->val, "");
    if (o->val > 0 && o->val < 128 && strchr(short_options + 2, o->val))
      info.letter = (char)o->val;
    each(ctx, &info);
  }
}
