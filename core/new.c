/*
 * new.c - writing a new, empty pair of migration files.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "layout.h"
#include "source.h"
#include "util.h"
#include "version.h"

/* Lower-case letters, digits, '_' and '-'; runs of anything else become
 * one '_'.  "Add users table" -> "add_users_table". */
static char *file_name_part(const char *name) {
  size_t n = strlen(name);
  char *out = malloc(n + 1);
  if (out == NULL)
    return NULL;
  size_t len = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)name[i];
    if (isalnum(c) || c == '-' || c == '_')
      out[len++] = (char)tolower(c);
    else if (len > 0 && out[len - 1] != '_')
      out[len++] = '_';
  }
  while (len > 0 && out[len - 1] == '_')
    len--;
  out[len] = '\0';
  return out;
}

static int make_folder(const char *dir, struct strata_error *err) {
  char *path = strata__strdup(dir);
  if (path == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  int rc = 0;
  for (char *p = path + 1; rc == 0; p++) {
    if (*p != '/' && *p != '\0')
      continue;
    char was = *p;
    *p = '\0';
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
      rc = strata__error_set(err, STRATA_EIO, "cannot create folder '%s': %s",
                             path, strerror(errno));
    *p = was;
    if (was == '\0')
      break;
  }
  free(path);
  return rc;
}

/* Creates path exclusively: 1 when it exists already. */
static int write_new_file(const char *path, const char *text,
                          struct strata_error *err) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
  if (fd < 0)
    return errno == EEXIST
               ? 1
               : strata__error_set(err, STRATA_EIO, "cannot create '%s': %s",
                                   path, strerror(errno));
  size_t len = strlen(text);
  int ok = write(fd, text, len) == (ssize_t)len;
  int saved = errno;
  close(fd);
  if (!ok)
    return strata__error_set(err, STRATA_EIO, "cannot write '%s': %s", path,
                             strerror(saved));
  return 0;
}

/* The highest version among the migration files in dir, or NULL. */
static char *highest_version(const char *dir) {
  DIR *d = opendir(dir);
  char *highest = NULL;
  struct dirent *e;
  while (d != NULL && (e = readdir(d)) != NULL) {
    struct migration_filename f;
    if (migration_filename_parse(e->d_name, &f, NULL) != 0)
      continue;
    if (highest == NULL || version_compare(f.version, highest) > 0) {
      free(highest);
      highest = f.version;
      f.version = NULL;
    }
    migration_filename_release(&f);
  }
  if (d != NULL)
    closedir(d);
  return highest;
}

/* The UTC time as YYYYMMDDHHMMSS, or the version after the highest one in
 * dir when that is later: two migrations made within one second, or a
 * folder of sequence numbers, still get distinct, ordered versions. */
static char *new_version(const char *dir) {
  char now[16];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(now, sizeof now, "%Y%m%d%H%M%S", &tm);
  char *highest = highest_version(dir);
  char *version = highest && version_compare(highest, now) >= 0
                      ? version_next(highest)
                      : strata__strdup(now);
  free(highest);
  return version;
}

/* Writes the pair; O_EXCL makes a race with another `strata new` fail
 * rather than overwrite. */
static int write_pair(const char *dir, const char *name, char **up, char **down,
                      struct strata_error *err) {
  char *version = new_version(dir);
  if (version == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  *up = strata__asprintf("%s/%s_%s.up.sql", dir, version, name);
  *down = strata__asprintf("%s/%s_%s.down.sql", dir, version, name);
  free(version);
  if (*up == NULL || *down == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  const char *clash = *up;
  int rc = write_new_file(*up, SOURCE_UP_TEMPLATE, err);
  if (rc == 0) {
    clash = *down;
    rc = write_new_file(*down, SOURCE_DOWN_TEMPLATE, err);
    if (rc != 0)
      unlink(*up); /* never leave half a pair */
  }
  if (rc == 1)
    rc = strata__error_set(err, STRATA_EIO,
                           "'%s' exists already: another 'strata new' ran at "
                           "the same moment; run it again",
                           clash);
  return rc;
}

/* `strata new` writes strata's own pair of files: in a folder of another
 * layout they would be malformed names there, so it refuses. */
static int check_plain_folder(const struct strata_config *cfg, const char *dir,
                              struct strata_error *err) {
  struct stat st;
  if (stat(dir, &st) != 0 && errno == ENOENT)
    return 0;
  struct layout_set set;
  int rc = layout_set_load(&set, config_string(cfg, "layout", LAYOUT_AUTO),
                           config_string(cfg, "plugin_path", NULL), err);
  struct source_options opt = {set.chosen, set.all, set.count, NULL, NULL, 0};
  const struct strata_layout *layout = NULL;
  if (rc == 0)
    rc = source_folder_layout(dir, &opt, &layout, err);
  if (rc == 0 && strcmp(layout->plugin.name, "plain") != 0)
    rc = strata__error_set(err, STRATA_EINVAL,
                           "migrations folder '%s' is in the %s layout, and "
                           "'strata new' writes strata's own "
                           "(VERSION_name.up.sql); write the new migration "
                           "as %s does",
                           dir, layout->plugin.name, layout->plugin.name);
  layout_set_release(&set);
  return rc;
}

int strata_new_migration(const struct strata_config *cfg, const char *name,
                         char **up_path, char **down_path,
                         struct strata_error *err) {
  *up_path = *down_path = NULL;
  strata_error_clear(err);
  char *part = file_name_part(name ? name : "");
  if (part == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  const char *dir = config_string(cfg, "dir", CONFIG_DEFAULT_DIR);
  int rc = 0;
  if (*part == '\0')
    rc = strata__error_set(err, STRATA_EINVAL,
                           "migration name '%s' has no letters or digits",
                           name ? name : "");
  if (rc == 0)
    rc = check_plain_folder(cfg, dir, err);
  if (rc == 0)
    rc = make_folder(dir, err);
  if (rc == 0)
    rc = write_pair(dir, part, up_path, down_path, err);
  free(part);
  if (rc != 0) {
    free(*up_path);
    free(*down_path);
    *up_path = *down_path = NULL;
  }
  return rc;
}
