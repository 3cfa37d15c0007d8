/*
 * main.c - the strata command: reads the command line, makes the
 * configuration, and hands over to the command named.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#if defined(HAVE_MALLOC_H) && defined(HAVE_MALLOPT)
#include <malloc.h>
#endif

#include "cli.h"

/* Flags win over everything strata_config_load() reads, so they are set
 * before it runs. */
static int set_flags(struct strata_config *cfg, const struct cli_options *opt,
                     struct strata_error *err) {
  const char *const flags[][2] = {
      {"url", opt->url},
      {"dir", opt->dir},
      {"layout", opt->layout},
      {"table", opt->table},
      {"wait", opt->wait},
      {"lock_timeout", opt->lock_timeout},
      {"ddl_lock_timeout", opt->ddl_lock_timeout},
      {"ddl_retries", opt->ddl_retries},
      {"allow_out_of_order", opt->allow_out_of_order ? "1" : NULL}};

  for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
    int rc = flags[i][1] ? strata_config_set(cfg, flags[i][0], flags[i][1]) : 0;

    if (rc < 0) {
      err->code = rc;
      snprintf(err->message, sizeof err->message,
               "cannot set '%s' from the command line", flags[i][0]);
      return rc;
    }
  }
  return 0;
}

static int run_command(struct cli *cli) {
  struct strata_error err;
  int rc;

  strata_error_clear(&err);
  strata_config_init(&cli->cfg);
  progress_init(&cli->progress, &cli->out);
  if (set_flags(&cli->cfg, cli->opt, &err) < 0 ||
      strata_config_load(&cli->cfg, NULL, &err) < 0)
    rc = output_fail(&cli->out, NULL, &err);
  else
    rc = cli->opt->command->run(cli);
  progress_release(&cli->progress);
  strata_config_release(&cli->cfg);
  return rc;
}

static int dispatch(struct cli *cli, int parse_rc) {
  const struct cli_options *opt = cli->opt;

  if (parse_rc == CLI_EXIT_USAGE)
    return output_usage(&cli->out, opt->command ? opt->command->name : NULL,
                        opt->error);
  if (parse_rc != CLI_EXIT_OK)
    return output_refuse(&cli->out, "nomem", opt->error, parse_rc);
  if (opt->version)
    return help_print_version(&cli->out);
  if (opt->help && opt->command)
    return help_print_command(stdout, opt->command);
  if (opt->help)
    return help_print_general(stdout);
  if (!opt->command) {
    help_print_general(stderr);
    return CLI_EXIT_USAGE;
  }
  if (opt->command->standalone)
    return opt->command->run(cli);
  return run_command(cli);
}

/* A result that could not be written (a full disk, a closed pipe) is a
 * failure, not a success with nothing to show. */
static int flush_stdout(const struct output *out, int rc) {
  char message[256];

  if (fflush(stdout) == 0 && !ferror(stdout))
    return rc;
  snprintf(message, sizeof message, "cannot write the output: %s",
           strerror(errno));
  output_refuse(out, "io", message, CLI_EXIT_FAILURE);
  return rc ? rc : CLI_EXIT_FAILURE;
}

/* Large blocks come from the heap rather than each from a mapping of its
 * own, so that memory freed is used again instead of returned: a status
 * over 10,000 files frees 2.6 MB of listings before it builds its table,
 * and fresh pages cost it 350 more page faults (2-4 us each in a VM). */
static void reuse_freed_memory(void) {
#if defined(HAVE_MALLOPT) && defined(M_MMAP_THRESHOLD)
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
#endif
}

int main(int argc, char **argv) {
  struct cli_options opt;
  struct cli cli;
  int rc;

#ifdef STRATA_HAVE_PRELOADED
  STRATA_USE_PRELOADED_PLUGINS();
#endif
  reuse_freed_memory();
  rc = options_parse(argc, argv, &opt);
  memset(&cli, 0, sizeof cli);
  cli.opt = &opt;
  output_init(&cli.out, &opt);
  rc = dispatch(&cli, rc);
  options_release(&opt);
  return flush_stdout(&cli.out, rc);
}
