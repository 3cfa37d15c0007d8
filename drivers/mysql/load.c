/*
 * load.c - a port's rows into a table render_port() wrote.
 *
 * Rows go in batches of up to a thousand rows (or 1 MB), in the table's
 * transaction, each as LOAD DATA LOCAL INFILE of the batch's text, which
 * bench/port_mysql.sh found about twice as fast for the server as
 * multi-row INSERTs.  With LOCAL, MySQL takes a value it cannot hold as a
 * warning (the row skipped or the value bent), so each batch runs under a
 * savepoint, and a batch that warns is undone and sent again as one
 * multi-row INSERT; the session is strict, so that INSERT fails instead,
 * and its rows are sent again one at a time, so that only the row MySQL
 * refuses is set aside, with MySQL's reason.  A server or client that
 * does not take local files gets INSERTs from the first batch on.
 *
 * A digest load (--verify) sends its batches the same way into a
 * temporary table of the same types instead, reads them back and makes
 * that table again (digest.c): the target's tables are not touched.  The
 * batch's LOAD DATA is load_data.c's.
 */
#include "load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errmsg.h>
#include <mysqld_error.h>

/* ---- values -------------------------------------------------------------- */

static int is_numeric_type(const struct strata_column *c) {
  return (c->type >= STRATA_TYPE_BOOLEAN && c->type <= STRATA_TYPE_DOUBLE) ||
         c->type == STRATA_TYPE_YEAR;
}

/* Plain decimal text, safe to send unquoted: [+-]d[.d][e[+-]d]. */
static int is_number(const char *v, size_t n) {
  size_t i = 0, digits = 0;
  if (i < n && (v[i] == '-' || v[i] == '+'))
    i++;
  for (; i < n && v[i] >= '0' && v[i] <= '9'; i++)
    digits++;
  if (i < n && v[i] == '.')
    for (i++; i < n && v[i] >= '0' && v[i] <= '9'; i++)
      digits++;
  if (digits == 0)
    return 0;
  if (i < n && (v[i] == 'e' || v[i] == 'E')) {
    size_t exp = ++i;
    if (i < n && (v[i] == '-' || v[i] == '+'))
      exp = ++i;
    for (; i < n && v[i] >= '0' && v[i] <= '9'; i++)
      ;
    if (i == exp)
      return 0;
  }
  return i == n;
}

static void put_hex(struct mysqldrv_text *b, const char *v, size_t n) {
  mysqldrv_text_puts(b, "X'");
  mysqldrv_load_hex(b, v, n);
  mysqldrv_text_puts(b, "'");
}

/* Connector/C's mysql_real_escape_string() follows the session's
 * NO_BACKSLASH_ESCAPES; libmysqlclient needs to be told the quote. */
static int put_quoted(struct strata_load *l, struct mysqldrv_text *b,
                      const char *v, size_t n) {
  if (2 * n + 1 > l->escaped_size) {
    char *bigger = realloc(l->escaped, 2 * n + 1);
    if (bigger == NULL)
      return -1;
    l->escaped = bigger;
    l->escaped_size = 2 * n + 1;
  }
  unsigned long k;
#if defined(MARIADB_PACKAGE_VERSION_ID)
  k = mysql_real_escape_string(l->base.conn->mysql, l->escaped, v,
                               (unsigned long)n);
#else
  k = mysql_real_escape_string_quote(l->base.conn->mysql, l->escaped, v,
                                     (unsigned long)n, '\'');
#endif
  mysqldrv_text_puts(b, "'");
  mysqldrv_text_append(b, l->escaped, k);
  mysqldrv_text_puts(b, "'");
  return 0;
}

int mysqldrv_load_as_null(const struct strata_load *l, size_t i,
                          const char *v, size_t n) {
  const struct strata_column *c = l->base.columns[i];
  return v == NULL || (!l->same_engine && common_port_is_date(c->type) &&
                       common_port_is_zero_date(v, n));
}

/* Appends value i as SQL. */
static int put_value(struct strata_load *l, struct mysqldrv_text *b, size_t i,
                     const char *v, size_t n) {
  const struct strata_column *c = l->base.columns[i];
  if (mysqldrv_load_as_null(l, i, v, n)) {
    mysqldrv_text_puts(b, "NULL");
    return 0;
  }
  if (mysqldrv_port_is_bytes(c)) {
    put_hex(b, v, n);
    return 0;
  }
  if (is_numeric_type(c) && is_number(v, n)) {
    mysqldrv_text_append(b, v, n);
    return 0;
  }
  return put_quoted(l, b, v, n);
}

/* Appends the row as "(v1, v2)" to the batch, after a comma unless it is
 * the first. */
static int put_tuple(struct strata_load *l, const char *const *values,
                     const size_t *lengths) {
  struct mysqldrv_text *b = &l->batch;
  if (b->length > l->prefix_length)
    mysqldrv_text_puts(b, ",");
  mysqldrv_text_puts(b, "(");
  for (size_t i = 0; i < l->base.count; i++) {
    if (i > 0)
      mysqldrv_text_puts(b, ", ");
    if (put_value(l, b, i, values[i], values[i] ? lengths[i] : 0) != 0)
      return -1;
  }
  mysqldrv_text_puts(b, ")");
  return b->failed ? -1 : 0;
}

/* Why the options refuse the row, with *bad its column; NULL when they
 * take it.  A zero date that becomes NULL is counted; a copy from MySQL
 * keeps it. */
static const char *refused(struct strata_load *l, const char *const *values,
                           const size_t *lengths, size_t *bad) {
  for (size_t i = 0; !l->same_engine && i < l->base.count; i++) {
    if (values[i] == NULL || !common_port_is_date(l->base.columns[i]->type) ||
        !common_port_is_zero_date(values[i], lengths[i]))
      continue;
    if (l->base.zero_error) {
      *bad = i;
      return "zero date (--zero-dates=null makes it NULL)";
    }
    if (l->base.mode == STRATA_LOAD_COPY) {
      l->base.changed[i]++;
      l->base.changed_values++;
    }
  }
  return NULL;
}

/* ---- rows kept for a reject ---------------------------------------------- */

static void keep_raw(struct strata_load *l, const char *const *values,
                     const size_t *lengths) {
  for (size_t i = 0; i < l->base.count; i++) {
    char flag = values[i] != NULL;
    size_t n = values[i] ? lengths[i] : 0;
    mysqldrv_text_append(&l->raw, &flag, 1);
    mysqldrv_text_append(&l->raw, (const char *)&n, sizeof n);
    if (n > 0)
      mysqldrv_text_append(&l->raw, values[i], n);
  }
}

/* The k-th row waiting, read back into values and lengths (count). */
void mysqldrv_load_read_raw(const struct strata_load *l, size_t k,
                            const char **values, size_t *lengths) {
  const char *p = l->raw.data + l->raw_starts[k];
  for (size_t i = 0; i < l->base.count; i++) {
    int flag = *p++;
    memcpy(&lengths[i], p, sizeof lengths[i]);
    p += sizeof lengths[i];
    values[i] = flag ? p : NULL;
    p += lengths[i];
  }
}

/* ---- text escaped --------------------------------------------------------- */

/* The letter after the backslash, by byte; 0: the byte goes as it is. */
static const char escape_letter[256] = {
    ['\\'] = '\\', ['\t'] = 't', ['\n'] = 'n', ['\0'] = '0'};

/* Plain runs go in whole, found by a table rather than a test per
 * letter: this runs for every text value of a copy, and three times more
 * for --verify (the shadow's load, and the digests of both sides). */
void mysqldrv_load_escape(struct mysqldrv_text *b, const char *s, size_t n) {
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    char letter = escape_letter[(unsigned char)s[i]];
    if (letter == 0)
      continue;
    char esc[2] = {'\\', letter};
    mysqldrv_text_append(b, s + run, i - run);
    mysqldrv_text_append(b, esc, 2);
    run = i + 1;
  }
  mysqldrv_text_append(b, s + run, n - run);
}

/* ---- statements ---------------------------------------------------------- */

void mysqldrv_load_put_table(const struct strata_load *l,
                             struct mysqldrv_text *b) {
  char name[MYSQLDRV_PORT_NAME_SIZE];
  if (l->base.mode == STRATA_LOAD_DIGEST) {
    mysqldrv_text_ident(b, l->shadow);
    return;
  }
  mysqldrv_port_name(l->base.table->name, name);
  mysqldrv_text_ident(b, name);
}

void mysqldrv_load_put_column(const struct strata_load *l, size_t i,
                              struct mysqldrv_text *b) {
  char name[MYSQLDRV_PORT_NAME_SIZE];
  if (l->base.mode == STRATA_LOAD_DIGEST)
    snprintf(name, sizeof name, "c%zu", i);
  else
    mysqldrv_port_name(l->base.names[i], name);
  mysqldrv_text_ident(b, name);
}

int mysqldrv_load_run(struct strata_load *l, const char *sql, size_t length) {
  MYSQL *m = l->base.conn->mysql;
  if (mysql_real_query(m, sql, (unsigned long)length) != 0)
    return mysqldrv_server_error(l->base.conn->host, m, NULL, 0, l->base.err);
  return 0;
}

/* Whether the statement that just failed failed for its rows, so that
 * they may be sent again one at a time; not for a lost connection, a
 * deadlock or a lock wait, which end the load. */
int mysqldrv_load_failed_for_rows(MYSQL *m) {
  unsigned e = mysql_errno(m);
  int client = e >= CR_MIN_ERROR && e <= CR_MAX_ERROR;
  return e != 0 && !client && e != ER_LOCK_DEADLOCK &&
         e != ER_LOCK_WAIT_TIMEOUT && e != ER_QUERY_INTERRUPTED;
}

/* INSERT INTO the table (or the shadow) of one waiting row, k. */
static int insert_one(struct strata_load *l, size_t k, int into_shadow) {
  struct mysqldrv_text *b = &l->scratch;
  size_t start = k ? l->ends[k - 1] + 1 : l->prefix_length;
  b->length = 0;
  if (into_shadow) {
    mysqldrv_text_puts(b, "INSERT INTO ");
    mysqldrv_text_ident(b, l->shadow);
    mysqldrv_text_puts(b, " VALUES ");
  } else {
    mysqldrv_text_append(b, l->batch.data, l->prefix_length);
  }
  mysqldrv_text_append(b, l->batch.data + start, l->ends[k] - start);
  if (b->failed)
    return mysqldrv_fail(l->base.conn->host, l->base.err, STRATA_ENOMEM,
                         "out of memory");
  return mysqldrv_load_run(l, b->data, b->length);
}

/* ---- rejects ------------------------------------------------------------- */

static int reject(struct strata_load *l, const char *const *values,
                  const size_t *lengths, unsigned long long number,
                  const char *reason) {
  return common_load_reject(&l->base, values, lengths, number, reason);
}

/* The shadow refused row number, which the table refused with
 * table_errno for why.  The shadow has the table's types but no keys and
 * no NOT NULL, so it refuses only a value its type cannot hold, which the
 * table refused the same way and so did the digest load's shadow: the row
 * is on neither side, and the comparison holds.  Any other refusal may
 * leave the row in the source's digest, and the table would then seem to
 * differ: --verify cannot compare it, and says why. */
static int shadow_refused(struct strata_load *l, unsigned long long number,
                          unsigned table_errno, const char *why) {
  MYSQL *m = l->base.conn->mysql;
  if (!mysqldrv_load_failed_for_rows(m))
    return l->base.err->code;
  if (mysql_errno(m) == table_errno)
    return 0;
  return mysqldrv_fail(l->base.conn->host, l->base.err, STRATA_EFAILED,
                       "--verify cannot compare table %s: its row %llu, "
                       "which the target refused (%s), was refused for "
                       "another reason by the temporary table --verify "
                       "compares through (%s)",
                       l->base.table->name, number, why, mysql_error(m));
}

/* A row the table refused was given to the digest load too: its text,
 * as the shadow holds it, comes out again. */
static int undigest(struct strata_load *l, size_t k, unsigned long long number,
                    unsigned table_errno, const char *why) {
  int rc = 0;
  if (l->base.digest == NULL)
    return 0;
  if (l->shadow[0] == '\0')
    rc = mysqldrv_load_make_shadow(l);
  if (rc != 0)
    return rc;
  if (insert_one(l, k, 1) != 0)
    return shadow_refused(l, number, table_errno, why);
  return mysqldrv_load_drain_shadow(l, l->base.digest, l->base.digest_ctx);
}

/* ---- the batch ----------------------------------------------------------- */

static void batch_reset(struct strata_load *l) {
  l->batch.length = l->prefix_length;
  l->raw.length = 0;
  l->rows_waiting = 0;
}

/* The waiting rows one at a time, after their INSERT failed: those MySQL
 * refuses are set aside (a digest load only counts them). */
static int send_each(struct strata_load *l) {
  const char **values = calloc(l->base.count + 1, sizeof *values);
  size_t *lengths = calloc(l->base.count + 1, sizeof *lengths);
  char why[600];
  int rc = values && lengths ? 0
                             : mysqldrv_fail(l->base.conn->host, l->base.err,
                                             STRATA_ENOMEM, "out of memory");
  unsigned long long first = l->base.rows - l->rows_waiting + 1;
  for (size_t k = 0; rc == 0 && k < l->rows_waiting; k++) {
    int digest = l->base.mode == STRATA_LOAD_DIGEST, kept = 0;
    if (insert_one(l, k, digest) == 0)
      continue;
    unsigned table_errno = mysql_errno(l->base.conn->mysql);
    snprintf(why, sizeof why, "%s", mysql_error(l->base.conn->mysql));
    if (!mysqldrv_load_failed_for_rows(l->base.conn->mysql))
      rc = l->base.err->code;
    else if (l->same_engine)
      rc = mysqldrv_load_same_again(l, k, &kept, why, sizeof why);
    if (rc != 0 || kept)
      continue;
    if (digest) {
      l->base.rejected++;
    } else {
      mysqldrv_load_read_raw(l, k, values, lengths);
      rc = undigest(l, k, first + k, table_errno, why);
      if (rc == 0)
        rc = reject(l, values, lengths, first + k, why);
    }
  }
  free(values);
  free(lengths);
  return rc;
}

/* The waiting rows as INSERT's tuples, from the rows kept. */
static int build_inserts(struct strata_load *l) {
  const char **values = calloc(l->base.count + 1, sizeof *values);
  size_t *lengths = calloc(l->base.count + 1, sizeof *lengths);
  int rc = values && lengths ? 0 : -1;
  l->batch.length = l->prefix_length;
  for (size_t k = 0; rc == 0 && k < l->rows_waiting; k++) {
    mysqldrv_load_read_raw(l, k, values, lengths);
    rc = put_tuple(l, values, lengths);
    l->ends[k] = l->batch.length;
  }
  free(values);
  free(lengths);
  return rc == 0 ? 0
                 : mysqldrv_fail(l->base.conn->host, l->base.err, STRATA_ENOMEM,
                                 "out of memory");
}

/* The waiting rows in one multi-row INSERT; when MySQL refuses it, one
 * at a time. */
static int insert_rows(struct strata_load *l) {
  if (l->batch.failed || l->raw.failed)
    return mysqldrv_fail(l->base.conn->host, l->base.err, STRATA_ENOMEM,
                         "out of memory");
  if (mysqldrv_load_run(l, l->batch.data, l->batch.length) == 0)
    return 0;
  if (!mysqldrv_load_failed_for_rows(l->base.conn->mysql))
    return l->base.err->code;
  int kept = 0, rc = l->same_engine ? mysqldrv_load_same_batch_again(l, &kept)
                                    : 0;
  return rc != 0 || kept ? rc : send_each(l);
}

static int flush(struct strata_load *l) {
  int rc = 0, loaded = 0;
  if (l->rows_waiting == 0)
    return 0;
  if (l->raw.failed)
    return mysqldrv_fail(l->base.conn->host, l->base.err, STRATA_ENOMEM,
                         "out of memory");
  if (!l->base.conn->no_local_infile)
    rc = mysqldrv_load_data(l, &loaded);
  if (rc == 0 && !loaded)
    rc = build_inserts(l);
  if (rc == 0 && !loaded)
    rc = insert_rows(l);
  if (rc == 0 && l->base.mode == STRATA_LOAD_DIGEST)
    rc = mysqldrv_load_drain_shadow(l, l->base.digest, l->base.digest_ctx);
  batch_reset(l);
  return rc;
}

/* ---- the load ------------------------------------------------------------ */

static int choose_columns(struct strata_load *l) {
  l->ends = calloc(BATCH_ROWS + 1, sizeof *l->ends);
  l->raw_starts = calloc(BATCH_ROWS + 1, sizeof *l->raw_starts);
  if (!l->ends || !l->raw_starts)
    return -1;
  for (size_t i = 0; i < l->base.table->column_count; i++)
    if (mysqldrv_port_is_copied(l->base.table->columns[i]))
      common_load_add(&l->base, l->base.table->columns[i]);
  return 0;
}

/* "INSERT INTO `t` (`a`, `b`) VALUES ", or into the shadow. */
static void insert_prefix(struct strata_load *l) {
  struct mysqldrv_text *b = &l->batch;
  b->length = 0;
  mysqldrv_text_puts(b, "INSERT INTO ");
  mysqldrv_load_put_table(l, b);
  mysqldrv_text_puts(b, " (");
  for (size_t i = 0; i < l->base.count; i++) {
    if (i > 0)
      mysqldrv_text_puts(b, ", ");
    mysqldrv_load_put_column(l, i, b);
  }
  mysqldrv_text_puts(b, ") VALUES ");
  l->prefix_length = b->length;
}

static void load_free(struct strata_load *l) {
  struct strata_error ignored;
  if (l->shadow[0] != '\0') {
    char sql[128];
    int n = snprintf(sql, sizeof sql, "DROP TEMPORARY TABLE IF EXISTS `%s`",
                     l->shadow);
    l->base.err = &ignored;
    mysqldrv_load_run(l, sql, (size_t)n);
  }
  mysqldrv_text_release(&l->batch);
  mysqldrv_text_release(&l->raw);
  mysqldrv_text_release(&l->shadow_sql);
  mysqldrv_text_release(&l->scratch);
  mysqldrv_text_release(&l->load_sql);
  mysqldrv_text_release(&l->tsv);
  free(l->escaped);
  common_load_release(&l->base);
  free(l->ends);
  free(l->raw_starts);
  free(l);
}

int mysqldrv_load_begin(struct strata_conn *conn,
                        const struct strata_schema *schema,
                        const struct strata_table *table,
                        const struct strata_render_options *opt,
                        enum strata_load_mode mode, strata_write_fn digest,
                        void *digest_ctx, struct strata_load **out,
                        const char *const **columns, size_t *column_count,
                        struct strata_error *err) {
  struct strata_load *l = calloc(1, sizeof *l);
  *out = NULL;
  if (l == NULL)
    return mysqldrv_fail(conn->host, err, STRATA_ENOMEM, "out of memory");
  *l = (struct strata_load){.schema = schema,
                            .same_engine = mysqldrv_is_own_model(schema)};
  int rc = common_load_init(&l->base, conn, conn->host, table, opt, mode,
                            digest, digest_ctx, err) == 0 &&
                   choose_columns(l) == 0
               ? 0
               : mysqldrv_fail(conn->host, err, STRATA_ENOMEM, "out of memory");
  if (rc == 0 && mode == STRATA_LOAD_DIGEST)
    rc = mysqldrv_load_make_shadow(l);
  if (rc == 0)
    mysqldrv_load_text(l);
  if (rc == 0) {
    insert_prefix(l);
    if (l->batch.failed)
      rc = mysqldrv_fail(conn->host, err, STRATA_ENOMEM, "out of memory");
  }
  if (rc != 0) {
    load_free(l);
    return rc;
  }
  *out = l;
  *columns = l->base.names;
  *column_count = l->base.count;
  return 0;
}

/* The row waits in the batch as read: LOAD DATA, or the INSERT built
 * when that fails, is made from it at the flush. */
static void add_row(struct strata_load *l, const char *const *values,
                    const size_t *lengths) {
  l->raw_starts[l->rows_waiting] = l->raw.length;
  keep_raw(l, values, lengths);
  l->rows_waiting++;
}

int mysqldrv_load_row(struct strata_load *l, const char *const *values,
                      const size_t *lengths, struct strata_error *err) {
  const char *reason = NULL;
  char why[600];
  size_t bad = 0;
  l->base.err = err;
  l->base.rows++;
  reason = refused(l, values, lengths, &bad);
  if (reason != NULL && l->base.mode == STRATA_LOAD_COPY) {
    snprintf(why, sizeof why, "%s in column %s", reason, l->base.names[bad]);
    return reject(l, values, lengths, l->base.rows, why);
  }
  if (reason != NULL) {
    l->base.rejected++; /* a digest load only counts it */
    return 0;
  }
  add_row(l, values, lengths);
  if (l->rows_waiting == BATCH_ROWS || l->raw.length >= BATCH_BYTES)
    return flush(l);
  return 0;
}

int mysqldrv_load_end(struct strata_load *l, int abort,
                      struct strata_load_stats *stats,
                      struct strata_error *err) {
  int rc = 0;
  l->base.err = err;
  if (!abort)
    rc = flush(l);
  common_load_end(&l->base, rc == 0 && !abort, stats);
  load_free(l);
  return rc;
}
