/*
 * options.h - the strata command line taken apart.
 *
 * Options may come before or after the command word (GNU getopt's
 * permutation); global options apply to every command, the others only to
 * the commands that list them.
 */
#ifndef STRATA_CLI_OPTIONS_H
#define STRATA_CLI_OPTIONS_H

struct command;

/* The options a command may accept beyond the global ones. */
enum cli_option_flag {
  CLI_OPT_TO = 1u << 0,
  CLI_OPT_COUNT = 1u << 1,
  CLI_OPT_ALL = 1u << 2,
  CLI_OPT_DRY_RUN = 1u << 3,
  CLI_OPT_OUT_OF_ORDER = 1u << 4,
  CLI_OPT_RESUME = 1u << 5,
  CLI_OPT_EXIT_CODE = 1u << 6,
  CLI_OPT_YES = 1u << 7,
  CLI_OPT_MARK_APPLIED = 1u << 8,
  CLI_OPT_MARK_REVERTED = 1u << 9,
  CLI_OPT_OUTPUT = 1u << 10,
  CLI_OPT_DUMP = 1u << 11,
  CLI_OPT_SCRATCH = 1u << 12,
  CLI_OPT_IDEMPOTENT = 1u << 13,
  CLI_OPT_FROM = 1u << 14,
  CLI_OPT_SCHEMA = 1u << 15,
  CLI_OPT_TABLES = 1u << 16,
  CLI_OPT_EXCLUDE = 1u << 17,
  CLI_OPT_SCHEMA_ONLY = 1u << 18,
  CLI_OPT_MAPPING = 1u << 19, /* --enum, --zero-dates ... --preserve-case */
  CLI_OPT_PORT_DATA = 1u << 20, /* --data-only, --jobs ... --emit-migration */
  CLI_OPT_FORCE = 1u << 21,
  CLI_OPT_LINT = 1u << 22,      /* --pending, --format, --rules */
  CLI_OPT_ENGINE = 1u << 23,    /* render */
  CLI_OPT_DOWN = 1u << 24,      /* render */
  CLI_OPT_NEUTRAL = 1u << 25,   /* diff */
  CLI_OPT_ENGINES = 1u << 26    /* verify */
};

struct cli_options {
  const struct command *command; /* NULL when none was named */
  const char *command_word;      /* as typed, even when unknown */
  char **args;                   /* the words after the command */
  int nargs;

  /* Global options; NULL or 0 when not given. */
  const char *url;
  const char *dir;
  const char *layout; /* a layout plugin's name, or "auto" */
  const char *table;
  const char *wait;         /* seconds, as given */
  const char *lock_timeout; /* seconds, as given */
  const char *ddl_lock_timeout; /* a duration, as given: 5s, 500ms */
  const char *ddl_retries;      /* a count, as given */
  int json;
  int quiet;
  int verbose;
  int no_color;
  int help;
  int version;

  /* Command options; given has a bit for each one seen. */
  unsigned given;
  const char *to;
  long count;
  int all;
  int dry_run;
  int allow_out_of_order;
  int resume;
  int exit_code;
  int yes;
  const char *mark_applied;
  const char *mark_reverted;
  const char *output;  /* a file, or "-" for stdout */
  int dump;            /* write db/schema.sql after the run */
  const char *scratch; /* verify: the caller's scratch database */
  int idempotent;      /* verify: run each up script twice */
  /* port: --to is then the target's URL, not a version. */
  const char *from;
  const char *schema;
  const char *tables;
  const char *exclude;
  int schema_only;
  const char *enum_as;
  const char *zero_dates;
  const char *unsigned_bigint;
  const char *datetime;
  const char *time;
  int preserve_case;
  int data_only;
  long jobs;
  int verify;
  int verify_only;
  int stop_on_reject; /* --on-error=stop */
  const char *reject_dir;
  const char *emit_migration;
  int force; /* baseline, repair --mark-applied: record unchecked */
  const char *nul_bytes;
  const char *json_type;
  const char *tinyint1;
  long max_rejects;
  /* lint */
  int pending;        /* only the pending migrations */
  const char *format; /* text, json, sarif or github */
  int list_rules;     /* --rules */
  const char *engine; /* render: a driver's URL scheme */
  int down;           /* render: the derived down */
  int neutral;        /* diff: two engines, in portable terms */
  const char *engines; /* verify: scratch URLs, comma-separated */

  /* The first usage error found, "" when none. */
  char error[256];
};

/* Parses argv (which getopt may reorder).  Returns 0, or CLI_EXIT_USAGE
 * with opt->error saying what is wrong; the caller reports it, since only
 * then is --json known. */
int options_parse(int argc, char **argv, struct cli_options *opt);
void options_release(struct cli_options *opt);

/* One option, as options_each() describes it. */
struct option_info {
  const char *name; /* long name, without "--" */
  char letter;      /* its short form, or 0 */
  int has_arg;      /* 0 none, 1 required, 2 optional (--name=VALUE) */
  unsigned flag;    /* enum cli_option_flag; 0 for a global option */
};

void options_each(void (*each)(void *ctx, const struct option_info *info),
                  void *ctx);

#endif
