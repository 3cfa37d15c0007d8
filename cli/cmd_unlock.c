/*
 * cmd_unlock.c - `strata unlock`: name the holder of the migration lock
 * and, once the user agrees, clear a lease a runner left behind.
 *
 * A lease outlives a runner that crashed until it expires; this ends the
 * wait at once.  A session lock cannot be cleared here: it ends with its
 * session, which the message names.
 */
#include <stdio.h>

#include "cli.h"

#define HOLDER_SIZE 512

static int report(const struct cli *cli, const char *holder, int is_lease,
                  int cleared) {
  if (cli->out.json) {
    json_t *doc = json_object();
    json_object_set_new(doc, "command", json_string("unlock"));
    json_object_set_new(doc, "holder",
                        *holder ? output_json_string(holder) : json_null());
    json_object_set_new(doc, "lease", json_boolean(is_lease));
    json_object_set_new(doc, "cleared", json_boolean(cleared));
    output_json(doc);
  } else if (*holder == '\0') {
    output_result(&cli->out, "the migration lock is free; nothing to clear");
  } else if (!cleared) {
    output_info(&cli->out,
                "dry run: would clear the migration lease held by %s; "
                "nothing was changed",
                holder);
  } else {
    output_result(&cli->out, "cleared the migration lease held by %s", holder);
  }
  return CLI_EXIT_OK;
}

static int unlock(struct cli *cli, struct strata *s) {
  struct strata_error err;
  char holder[HOLDER_SIZE], ask[HOLDER_SIZE + 300];
  int is_lease = 0;

  strata_error_clear(&err);
  if (strata_lock_holder(s, holder, sizeof holder, &is_lease, &err) < 0)
    return output_fail(&cli->out, NULL, &err);
  if (*holder == '\0' || (is_lease && cli->opt->dry_run))
    return report(cli, holder, is_lease, 0);
  if (is_lease) {
    snprintf(ask, sizeof ask,
             "Clear the migration lease of %s, held by %s? A runner that "
             "still holds it stops at its next renewal.",
             strata_target(s), holder);
    int rc = cli_confirm(cli, ask);
    if (rc != CLI_EXIT_OK)
      return rc;
  }
  /* A session lock is refused here, with its holder and what to do. */
  if (strata_unlock(s, holder, sizeof holder, &err) < 0)
    return output_fail(&cli->out, NULL, &err);
  return report(cli, holder, is_lease, *holder != '\0');
}

static int run_unlock(struct cli *cli) {
  struct strata *s;
  int rc = cli_open(cli, &s);

  if (rc != CLI_EXIT_OK)
    return rc;
  rc = unlock(cli, s);
  strata_free(s);
  return rc;
}

const struct command command_unlock = {
    .name = "unlock",
    .synopsis = "[--yes] [--dry-run]",
    .summary = "name who holds the migration lock; clear a stuck lease",
    .help =
        "Names who holds the migration lock.  When it is a lease (behind a\n"
        "connection pooler, or on a Galera cluster) that a runner left\n"
        "behind, it clears it after asking, and says whose it was; where\n"
        "there is no terminal to ask, it needs --yes.  A session lock ends\n"
        "only with its session: the message names it.  On SQLite it names\n"
        "the process holding the database's write lock, which ends only\n"
        "with that process's transaction.\n"
        "\n"
        "Options:\n"
        "  -y, --yes               do not ask\n"
        "      --dry-run           name the holder; change nothing\n"
        "\n"
        "Exit status: 0 when the lock is free or the lease was cleared, 1\n"
        "when a session lock is held, on failure or when the answer was no,\n"
        "2 on a usage error or a missing --yes.\n",
    .options = CLI_OPT_YES | CLI_OPT_DRY_RUN,
    .run = run_unlock};
