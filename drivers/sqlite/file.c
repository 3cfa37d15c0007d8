/*
 * file.c - creating and dropping a database, which for SQLite is a file.
 */
#include "sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What SQLite writes at the start of every database file. */
static const char sqlite_header[16] = "SQLite format 3";

/* The files SQLite keeps next to a database while it is in use. */
static const char *const companions[] = {"-journal", "-wal", "-shm"};

/* An empty file is a valid, empty SQLite database, so claiming the name
 * with O_EXCL is all creating takes, and it cannot race another creator. */
int sqlite_file_create(const struct strata_host *host,
                       const struct strata_url *url, struct strata_error *err) {
  struct sqlite_target target;
  int rc = sqlite_target_parse(host, url, &target, err);
  if (rc != 0 || target.in_memory)
    return rc;
  int fd = open(target.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd >= 0) {
    close(fd);
    return 0;
  }
  if (errno == EEXIST)
    return host->error_set(err, STRATA_EIO, "database '%s' already exists",
                           target.path);
  int saved = errno;
  rc = sqlite_target_missing_folder(host, target.path, "create", err);
  if (rc != 0)
    return rc;
  return host->error_set(err, STRATA_EIO, "cannot create database '%s': %s",
                         target.path, strerror(saved));
}

/* Dropping removes a file, so refuse anything that does not look like a
 * database: a mistyped URL must not delete someone's source file. */
static int check_is_database(const struct strata_host *host, const char *path,
                             struct strata_error *err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT)
    return host->error_set(err, STRATA_ENOTFOUND,
                           "database '%s' does not exist", path);
  if (fd < 0)
    return host->error_set(err, STRATA_EIO, "cannot read database '%s': %s",
                           path, strerror(errno));
  char head[sizeof sqlite_header];
  ssize_t n = read(fd, head, sizeof head);
  close(fd);
  if (n == 0)
    return 0;
  if (n != (ssize_t)sizeof head || memcmp(head, sqlite_header, sizeof head))
    return host->error_set(err, STRATA_EIO,
                           "file '%s' is not an SQLite database: refusing to "
                           "remove it",
                           path);
  return 0;
}

static int remove_file(const struct strata_host *host, const char *path,
                       struct strata_error *err) {
  if (unlink(path) == 0 || errno == ENOENT)
    return 0;
  return host->error_set(err, STRATA_EIO, "cannot remove '%s': %s", path,
                         strerror(errno));
}

static int remove_companions(const struct strata_host *host, const char *path,
                             struct strata_error *err) {
  size_t len = strlen(path);
  char *name = malloc(len + sizeof "-journal");
  if (name == NULL)
    return host->error_set(err, STRATA_ENOMEM, "out of memory");
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < sizeof companions / sizeof *companions;
       i++) {
    snprintf(name, len + sizeof "-journal", "%s%s", path, companions[i]);
    rc = remove_file(host, name, err);
  }
  free(name);
  return rc;
}

int sqlite_file_drop(const struct strata_host *host,
                     const struct strata_url *url, struct strata_error *err) {
  struct sqlite_target target;
  int rc = sqlite_target_parse(host, url, &target, err);
  if (rc != 0 || target.in_memory)
    return rc;
  rc = check_is_database(host, target.path, err);
  if (rc != 0)
    return rc;
  if (unlink(target.path) != 0)
    return host->error_set(err, STRATA_EIO, "cannot remove database '%s': %s",
                           target.path, strerror(errno));
  return remove_companions(host, target.path, err);
}
