/*
 * lock_holder.c - which process holds the lock SQLite waited for.
 *
 * SQLite locks a database with POSIX advisory locks on fixed bytes: in
 * rollback-journal mode the pending, reserved and shared bytes of the
 * database file from 0x40000000, in WAL mode the write-lock byte (120) of
 * the -shm file.  fcntl(F_GETLK) names a process whose lock conflicts with
 * a write lock there, which is the process in the way; on Linux its
 * /proc/PID/comm gives its name.  Asked for a read lock instead, it names
 * only a process that keeps readers out: the one holding the write lock,
 * which is the migration lock `strata unlock` names.
 */
#include "sqlite.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PENDING_BYTE 0x40000000L
#define LOCK_BYTES 512 /* the pending, reserved and shared bytes */
#define WAL_WRITE_LOCK_BYTE 120L

/* The process with a lock on [start, start + length) of file that
 * conflicts with a lock of type (F_WRLCK: any lock; F_RDLCK: a write
 * lock), or 0. */
static pid_t lock_owner(const char *file, long start, long length, short type) {
  int fd = open(file, O_RDONLY);
  if (fd < 0)
    return 0;
  struct flock lk = {0};
  lk.l_type = type;
  lk.l_whence = SEEK_SET;
  lk.l_start = start;
  lk.l_len = length;
  pid_t pid =
      fcntl(fd, F_GETLK, &lk) == 0 && lk.l_type != F_UNLCK ? lk.l_pid : 0;
  close(fd);
  return pid;
}

static void process_name(pid_t pid, char *out, size_t size) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/comm", (long)pid);
  out[0] = '\0';
  FILE *f = fopen(path, "r");
  if (f == NULL)
    return;
  if (fgets(out, (int)size, f) != NULL)
    out[strcspn(out, "\n")] = '\0';
  fclose(f);
}

/* "process 1234 (sqlite3)" for the process holding a lock of the
 * database at path that conflicts with one of type, or "". */
static void holder_of(const char *path, short type, char *out, size_t size) {
  char shm[4096];
  snprintf(shm, sizeof shm, "%s-shm", path);
  pid_t pid = lock_owner(path, PENDING_BYTE, LOCK_BYTES, type);
  if (pid == 0)
    pid = lock_owner(shm, WAL_WRITE_LOCK_BYTE, 1, type);
  out[0] = '\0';
  if (pid == 0)
    return;
  char name[64];
  process_name(pid, name, sizeof name);
  snprintf(out, size, "process %ld%s%s%s", (long)pid, *name ? " (" : "", name,
           *name ? ")" : "");
}

void sqlite_lock_holder(const char *path, char *out, size_t size) {
  holder_of(path, F_WRLCK, out, size);
}

int sqlite_write_lock_holder(struct strata_conn *conn, const char *key,
                             char *out, size_t size, int *is_lease,
                             struct strata_error *err) {
  (void)key;
  (void)err;
  *is_lease = 0;
  holder_of(conn->path, F_RDLCK, out, size);
  return 0;
}

int sqlite_describe_lock_holders(struct strata_conn *conn, const char *sql,
                                 size_t length, char *out, size_t size,
                                 struct strata_error *err) {
  (void)sql;
  (void)length;
  (void)err;
  sqlite_lock_holder(conn->path, out, size);
  return 0;
}
