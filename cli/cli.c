/*
 * cli.c - what several commands share: opening the target, asking the user
 * before a destructive change, and naming the target without its password.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"

int cli_open(struct cli *cli, struct strata **out) {
  struct strata_error err;

  strata_error_clear(&err);
  if (strata_open(&cli->cfg, progress_event, &cli->progress, out, &err) < 0)
    return output_fail(&cli->out, NULL, &err);
  if (cli->out.verbose) {
    const char *server = strata_server_version(*out);
    output_info(&cli->out, "target %s (driver %s%s%s)", strata_target(*out),
                strata_driver_name(*out), server ? ", " : "",
                server ? server : "");
  }
  return CLI_EXIT_OK;
}

static int is_yes(const char *answer) {
  size_t n = strcspn(answer, "\r\n");

  return (n == 1 && tolower((unsigned char)answer[0]) == 'y') ||
         (n == 3 && strncasecmp(answer, "yes", 3) == 0);
}

static int ask(const char *question) {
  char *line = NULL;
  size_t cap = 0;
  int yes;

  fprintf(stderr, "%s [y/N] ", question);
  fflush(stderr);
  yes = getline(&line, &cap, stdin) > 0 && is_yes(line);
  free(line);
  return yes;
}

int cli_can_confirm(struct cli *cli) {
  char message[512];

  if (cli->opt->yes || isatty(STDIN_FILENO))
    return CLI_EXIT_OK;
  snprintf(message, sizeof message,
           "'strata %s' changes the database and needs confirmation; "
           "pass --yes",
           cli->opt->command->name);
  return output_refuse(&cli->out, "usage", message, CLI_EXIT_USAGE);
}

int cli_confirm(struct cli *cli, const char *question) {
  int rc = cli_can_confirm(cli);

  if (rc != CLI_EXIT_OK || cli->opt->yes)
    return rc;
  if (ask(question))
    return CLI_EXIT_OK;
  return output_refuse(&cli->out, "cancelled", "cancelled; nothing was changed",
                       CLI_EXIT_FAILURE);
}

/* Where the password of "scheme://user:password@host/..." lies, or NULL. */
static const char *userinfo_password(const char *url, const char **end) {
  const char *authority = strstr(url, "://");
  const char *stop, *at = NULL, *colon;

  if (!authority)
    return NULL;
  authority += 3;
  stop = authority + strcspn(authority, "/?#");
  for (const char *p = authority; p < stop; p++)
    if (*p == '@')
      at = p;
  colon = at ? memchr(authority, ':', (size_t)(at - authority)) : NULL;
  *end = at;
  return colon ? colon + 1 : NULL;
}

/* A bounded string being built in a caller's buffer. */
struct text {
  char *buf;
  size_t size;
  size_t len;
};

static void text_add(struct text *t, const char *s, size_t n) {
  size_t room = t->size - 1 - t->len;

  n = n < room ? n : room;
  memcpy(t->buf + t->len, s, n);
  t->len += n;
  t->buf[t->len] = '\0';
}

/* Copies url into out with the password of the user part and of any
 * "password=" parameter replaced by "***". */
static void redact_url(const char *url, char *out, size_t n) {
  struct text t = {out, n, 0};
  const char *end = NULL, *password = userinfo_password(url, &end);
  const char *p = url, *value;

  out[0] = '\0';
  if (password) {
    text_add(&t, url, (size_t)(password - url));
    text_add(&t, "***", 3);
    p = end;
  }
  while ((value = strstr(p, "password=")) != NULL) {
    int is_param = value > url && (value[-1] == '?' || value[-1] == '&');

    value += 9;
    text_add(&t, p, (size_t)(value - p));
    p = value;
    if (is_param) {
      text_add(&t, "***", 3);
      p = value + strcspn(value, "&#");
    }
  }
  text_add(&t, p, strlen(p));
}

void cli_target_label(const struct cli *cli, char *out, size_t n) {
  const char *url = strata_config_get(&cli->cfg, "url");

  if (url)
    redact_url(url, out, n);
  else
    snprintf(out, n, "the embedded SQLite database db/strata.sqlite3");
}
