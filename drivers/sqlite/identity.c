/*
 * identity.c - what a connection is in (identity() in driver.h): the
 * main database's file, as its device and inode, which every path to it
 * shares (a relative one, a symbolic or hard link).  A database in memory
 * or in a temporary file is this connection's alone, the same as nothing
 * else.
 */
#include "sqlite.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int sqlite_identity(struct strata_conn *conn, char *out, size_t size,
                    struct strata_error *err) {
  const char *file = sqlite3_db_filename(conn->db, "main");
  struct stat st;
  if (file == NULL || file[0] == '\0') {
    snprintf(out, size, "sqlite memory %p", (void *)conn);
    return 0;
  }
  if (stat(file, &st) != 0)
    return conn->host->error_set(err, STRATA_EIO, "cannot read '%s': %s",
                                 file, strerror(errno));
  snprintf(out, size, "sqlite file %ju:%ju", (uintmax_t)st.st_dev,
           (uintmax_t)st.st_ino);
  return 0;
}
