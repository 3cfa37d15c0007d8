/*
 * load_data.c - a copy's batch sent with LOAD DATA LOCAL INFILE, from
 * memory: the batch as tab-separated text, the statement that reads it,
 * and the local-file handler that sends it (every session's other
 * handler sends nothing).
 */
#include "load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errmsg.h>

/* The file the server asks for is the rows waiting, whatever its name. */
static int infile_init(void **ptr, const char *name, void *userdata) {
  struct strata_load *l = userdata;
  (void)name;
  l->sent = 0;
  *ptr = l;
  return 0;
}

static int infile_read(void *ptr, char *buf, unsigned int size) {
  struct strata_load *l = ptr;
  size_t n = l->tsv.length - l->sent;
  if (n > size)
    n = size;
  memcpy(buf, l->tsv.data + l->sent, n);
  l->sent += n;
  return (int)n;
}

static void infile_end(void *ptr) {
  (void)ptr;
}

static int infile_error(void *ptr, char *message, unsigned int size) {
  (void)ptr;
  snprintf(message, size, "strata sends no local file but a port's rows");
  return CR_UNKNOWN_ERROR;
}

static int infile_refuse(void **ptr, const char *name, void *userdata) {
  (void)name;
  (void)userdata;
  *ptr = NULL;
  return 1;
}

void mysqldrv_refuse_local_files(MYSQL *m) {
  mysql_set_local_infile_handler(m, infile_refuse, infile_read, infile_end,
                                 infile_error, NULL);
}

/* In chunks, not a call per byte: every bytes value of a load comes here. */
void mysqldrv_load_hex(struct mysqldrv_text *b, const char *v, size_t n) {
  static const char hex[] = "0123456789abcdef";
  char chunk[512];
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (k == sizeof chunk) {
      mysqldrv_text_append(b, chunk, k);
      k = 0;
    }
    chunk[k++] = hex[(unsigned char)v[i] >> 4];
    chunk[k++] = hex[(unsigned char)v[i] & 15];
  }
  mysqldrv_text_append(b, chunk, k);
}

/* The rows waiting as LOAD DATA's default text: tab-separated, \N for
 * NULL, backslash escapes; bytes as hex, which the statement decodes. */
static int build_tsv(struct strata_load *l) {
  const char **values = calloc(l->base.count + 1, sizeof *values);
  size_t *lengths = calloc(l->base.count + 1, sizeof *lengths);
  struct mysqldrv_text *b = &l->tsv;
  b->length = 0;
  for (size_t k = 0; values && lengths && k < l->rows_waiting; k++) {
    mysqldrv_load_read_raw(l, k, values, lengths);
    for (size_t i = 0; i < l->base.count; i++) {
      const char *v = values[i];
      if (i > 0)
        mysqldrv_text_puts(b, "\t");
      if (mysqldrv_load_as_null(l, i, v, lengths[i]))
        mysqldrv_text_puts(b, "\\N");
      else if (mysqldrv_port_is_bytes(l->base.columns[i]))
        mysqldrv_load_hex(b, v, lengths[i]);
      else
        mysqldrv_load_escape(b, v, lengths[i]);
    }
    mysqldrv_text_puts(b, "\n");
  }
  int failed = !values || !lengths || b->failed;
  free(values);
  free(lengths);
  return failed ? mysqldrv_fail(l->base.conn->host, l->base.err, STRATA_ENOMEM,
                                "out of memory")
                : 0;
}

/* LOAD DATA LOCAL INFILE 'rows' INTO TABLE `t` CHARACTER SET utf8mb4
 * (`a`, @v1) SET `b` = UNHEX(@v1): a bit column from its hex through a
 * number.  A digest load's goes into its shadow. */
void mysqldrv_load_text(struct strata_load *l) {
  struct mysqldrv_text *b = &l->load_sql;
  char var[32];
  int sets = 0;
  b->length = 0;
  mysqldrv_text_puts(b, "LOAD DATA LOCAL INFILE 'rows' INTO TABLE ");
  mysqldrv_load_put_table(l, b);
  mysqldrv_text_puts(b, " CHARACTER SET utf8mb4 (");
  for (size_t i = 0; i < l->base.count; i++) {
    snprintf(var, sizeof var, "@v%zu", i);
    mysqldrv_text_puts(b, i ? ", " : "");
    if (mysqldrv_port_is_bytes(l->base.columns[i]))
      mysqldrv_text_puts(b, var);
    else
      mysqldrv_load_put_column(l, i, b);
  }
  mysqldrv_text_puts(b, ")");
  for (size_t i = 0; i < l->base.count; i++) {
    if (!mysqldrv_port_is_bytes(l->base.columns[i]))
      continue;
    snprintf(var, sizeof var, "@v%zu", i);
    mysqldrv_text_puts(b, sets++ ? ", " : " SET ");
    mysqldrv_load_put_column(l, i, b);
    mysqldrv_text_puts(b, l->base.columns[i]->type == STRATA_TYPE_BIT
                              ? " = CAST(CONV(CONCAT('0', "
                              : " = UNHEX(");
    mysqldrv_text_puts(b, var);
    mysqldrv_text_puts(b, l->base.columns[i]->type == STRATA_TYPE_BIT
                              ? "), 16, 10) AS UNSIGNED)"
                              : ")");
  }
}

/* The server or the client does not take a local file (MySQL 5.7's and
 * MariaDB's 1148, MySQL 8's 3948, MariaDB 10.5's 4166, the client's 2068
 * or our handler's refusal): refused once, the session's loads use
 * INSERT from then on. */
static int is_local_refused(unsigned e) {
  return e == 1148 || e == 3948 || e == 4166 || e == 2068 ||
         e == CR_UNKNOWN_ERROR;
}

/* Sends the rows waiting with LOAD DATA LOCAL INFILE, under a savepoint:
 * with LOCAL, MySQL takes a value it refuses as a warning (the row
 * skipped or the value bent, as IGNORE would), so a load that warns (but
 * for the one warning of each enum error value a copy of MySQL's own
 * holds, load_same.c), or fails, is undone, and *loaded stays 0 for the
 * rows to go by INSERT, which refuses them one by one with their
 * reason. */
int mysqldrv_load_data(struct strata_load *l, int *loaded) {
  MYSQL *m = l->base.conn->mysql;
  static const char savepoint[] = "SAVEPOINT strata_rows";
  static const char undo[] = "ROLLBACK TO SAVEPOINT strata_rows";
  unsigned expected = 0; /* the warnings of enum error values */
  *loaded = 0;
  int rc = l->same_engine ? mysqldrv_load_same_error_values(l, &expected) : 0;
  if (rc == 0)
    rc = build_tsv(l);
  if (rc == 0 && l->load_sql.failed)
    rc = mysqldrv_fail(l->base.conn->host, l->base.err, STRATA_ENOMEM,
                       "out of memory");
  if (rc == 0)
    rc = mysqldrv_load_run(l, savepoint, sizeof savepoint - 1);
  if (rc != 0)
    return rc;
  mysql_set_local_infile_handler(m, infile_init, infile_read, infile_end,
                                 infile_error, l);
  int failed = mysql_real_query(m, l->load_sql.data,
                                (unsigned long)l->load_sql.length) != 0;
  mysqldrv_refuse_local_files(m);
  unsigned e = failed ? mysql_errno(m) : 0;
  if (failed && !is_local_refused(e) && !mysqldrv_load_failed_for_rows(m))
    return mysqldrv_server_error(l->base.conn->host, m, NULL, 0, l->base.err);
  l->base.conn->no_local_infile |= failed && is_local_refused(e);
  *loaded = !failed && mysql_warning_count(m) == expected &&
            mysql_affected_rows(m) == (my_ulonglong)l->rows_waiting;
  return *loaded ? 0 : mysqldrv_load_run(l, undo, sizeof undo - 1);
}
