/*
 * target.c - the database a sqlite: URL names.
 *
 * "sqlite:db/app.sqlite3" is relative to the working directory,
 * "sqlite:///abs/path" is absolute and "sqlite::memory:" is a private
 * in-memory database.  A URL with a host is almost always a slip
 * ("sqlite://db/app.sqlite3"), so it is refused rather than guessed at.
 */
#include "sqlite.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *url_text(const struct strata_url *url) {
  if (url->redacted != NULL)
    return url->redacted;
  return url->path != NULL ? url->path : "";
}

/* Maps ?mode= to open flags the way SQLite's own URI filenames do. */
static int mode_flags(const char *mode) {
  if (strcmp(mode, "ro") == 0)
    return SQLITE_OPEN_READONLY;
  if (strcmp(mode, "rw") == 0)
    return SQLITE_OPEN_READWRITE;
  if (strcmp(mode, "rwc") == 0)
    return SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  return 0;
}

static int read_params(const struct strata_host *host,
                       const struct strata_url *url, struct sqlite_target *out,
                       struct strata_error *err) {
  for (size_t i = 0; i < url->param_count; i++) {
    const struct strata_url_param *p = &url->params[i];
    if (strcmp(p->key, "mode") != 0)
      return host->error_set(err, STRATA_EURL,
                             "unknown parameter '%s' in URL '%s': the sqlite "
                             "driver knows only 'mode'",
                             p->key, url_text(url));
    int flags = mode_flags(p->value != NULL ? p->value : "");
    if (flags == 0)
      return host->error_set(err, STRATA_EURL,
                             "unknown mode '%s' in URL '%s': use mode=ro, "
                             "mode=rw or mode=rwc",
                             p->value != NULL ? p->value : "", url_text(url));
    out->open_flags = flags;
  }
  return 0;
}

int sqlite_target_parse(const struct strata_host *host,
                        const struct strata_url *url, struct sqlite_target *out,
                        struct strata_error *err) {
  out->path = NULL;
  out->open_flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  out->in_memory = 0;
  if (url->host != NULL && url->host[0] != '\0')
    return host->error_set(err, STRATA_EURL,
                           "sqlite URL '%s' names a host ('%s'); use "
                           "sqlite:path for a relative path or "
                           "sqlite:///abs/path for an absolute one",
                           url_text(url), url->host);
  if (url->path == NULL || url->path[0] == '\0')
    return host->error_set(err, STRATA_EURL,
                           "sqlite URL '%s' names no database; use "
                           "sqlite:path, sqlite:///abs/path or sqlite::memory:",
                           url_text(url));
  int rc = read_params(host, url, out, err);
  if (rc != 0)
    return rc;
  out->path = url->path;
  out->in_memory = strcmp(url->path, ":memory:") == 0;
  return 0;
}

/* SQLite says only "unable to open database file" when the folder is
 * missing, which sends users looking at the wrong thing. */
int sqlite_target_missing_folder(const struct strata_host *host,
                                 const char *path, const char *action,
                                 struct strata_error *err) {
  const char *slash = strrchr(path, '/');
  if (slash == NULL || slash == path)
    return 0;
  char *folder = strndup(path, (size_t)(slash - path));
  if (folder == NULL)
    return host->error_set(err, STRATA_ENOMEM, "out of memory");
  struct stat st;
  int rc = 0;
  if (stat(folder, &st) != 0 && (errno == ENOENT || errno == ENOTDIR))
    rc = host->error_set(err, STRATA_EIO,
                         "cannot %s database '%s': folder '%s' does not "
                         "exist; create it first",
                         action, path, folder);
  free(folder);
  return rc;
}
