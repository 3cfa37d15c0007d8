/*
 * load.c - a port's rows into a table render_port() wrote, and the rows a
 * table holds as text --verify compares.
 *
 * Each canonical value (driver.h) is bound by its column's neutral type:
 * integers and booleans as integers, floats as doubles, bytes as blobs,
 * the rest as text, and SQLite's affinity does the rest as it does for any
 * INSERT.  One prepared INSERT per table, in the table's transaction; a
 * row SQLite refuses (a key, NOT NULL or a CHECK) is set aside with
 * SQLite's reason, and the load goes on.
 *
 * A row's digest text is what the table holds once it is stored, affinity
 * applied.  So that the source's rows and the target's compare alike
 * without imitating SQLite, a digest load stores each row in a table of
 * the same declared types in a private in-memory database, reads it back
 * and deletes it: the target's database is not touched.
 */
#include "port.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct strata_load {
  struct common_load base; /* the columns copied (sqlite_port_is_copied) */
  sqlite3_stmt *insert;    /* into the table (copy mode) */
  sqlite3 *shadow;         /* the in-memory twin (digests) */
  sqlite3_stmt *shadow_insert, *shadow_select, *shadow_delete;
  struct sqlite_text text;
};

/* ---- values bound -------------------------------------------------------- */

static int is_integer(const struct strata_column *c) {
  return (c->type >= STRATA_TYPE_TINYINT && c->type <= STRATA_TYPE_BIGINT) ||
         c->type == STRATA_TYPE_YEAR || c->type == STRATA_TYPE_BOOLEAN;
}

static int is_bytes(const struct strata_column *c) {
  return c->type == STRATA_TYPE_BINARY || c->type == STRATA_TYPE_VARBINARY ||
         c->type == STRATA_TYPE_BLOB || c->type == STRATA_TYPE_GEOMETRY ||
         (c->type == STRATA_TYPE_BIT && c->length > 1);
}

/* A NUL-terminated copy of a value of at most 63 bytes, for strto*. */
static int short_copy(const char *v, size_t n, char *buf) {
  if (n > 63)
    return -1;
  memcpy(buf, v, n);
  buf[n] = '\0';
  return 0;
}

static int bind_integer(sqlite3_stmt *st, int i, const char *v, size_t n,
                        int *changed) {
  char buf[64], *end;
  if (short_copy(v, n, buf) == 0) {
    errno = 0;
    long long x = strtoll(buf, &end, 10);
    if (errno == 0 && *end == '\0' && end != buf)
      return sqlite3_bind_int64(st, i, x);
  }
  *changed = 1; /* beyond 64 bits: SQLite makes it a REAL */
  return sqlite3_bind_text(st, i, v, (int)n, SQLITE_STATIC);
}

static int bind_float(sqlite3_stmt *st, int i, const char *v, size_t n,
                      int *changed) {
  char buf[64];
  if (short_copy(v, n, buf) != 0)
    return sqlite3_bind_text(st, i, v, (int)n, SQLITE_STATIC);
  double x = strtod(buf, NULL);
  if (isnan(x)) {
    *changed = 1; /* SQLite stores NaN as NULL */
    return sqlite3_bind_null(st, i);
  }
  return sqlite3_bind_double(st, i, x);
}

/* A column with no declared type keeps what it is given, and the
 * canonical text no longer says whether 42 was a number: a value that
 * reads as one is bound as one. */
static int bind_untyped(sqlite3_stmt *st, int i, const char *v, size_t n) {
  char buf[64], *end;
  if (short_copy(v, n, buf) == 0 && n > 0) {
    errno = 0;
    long long x = strtoll(buf, &end, 10);
    if (errno == 0 && *end == '\0')
      return sqlite3_bind_int64(st, i, x);
    double d = strtod(buf, &end);
    if (*end == '\0')
      return sqlite3_bind_double(st, i, d);
  }
  return sqlite3_bind_text(st, i, v, (int)n, SQLITE_STATIC);
}

static int is_untyped(const struct strata_column *c) {
  return c->type == STRATA_TYPE_OTHER &&
         (c->type_text == NULL || c->type_text[0] == '\0');
}

/* A bit(1) sent as its byte, or a boolean as 1/0 text. */
static int bind_boolean(sqlite3_stmt *st, int i, const struct strata_column *c,
                        const char *v, size_t n, int *changed) {
  if (c->type == STRATA_TYPE_BIT) {
    int set = 0;
    for (size_t k = 0; k < n; k++)
      set |= v[k] != 0;
    return sqlite3_bind_int(st, i, set);
  }
  return bind_integer(st, i, v, n, changed);
}

/* Binds value i (1-based) of a row; *reason is set, and nothing bound,
 * for a value the options refuse; *changed for one stored changed. */
static int bind_value(sqlite3_stmt *st, int i, const struct strata_column *c,
                      int zero_error, const char *v, size_t n,
                      const char **reason, int *changed) {
  static const char empty[] = "";
  if (v == NULL)
    return sqlite3_bind_null(st, i);
  if (common_port_is_date(c->type) && common_port_is_zero_date(v, n)) {
    if (zero_error) {
      *reason = "zero date (--zero-dates=null makes it NULL)";
      return SQLITE_OK;
    }
    *changed = 1;
    return sqlite3_bind_null(st, i);
  }
  if ((c->type == STRATA_TYPE_TINYINT && c->length == 1) ||
      (c->type == STRATA_TYPE_BIT && c->length <= 1))
    return bind_boolean(st, i, c, v, n, changed);
  if (is_integer(c))
    return bind_integer(st, i, v, n, changed);
  if (c->type == STRATA_TYPE_REAL || c->type == STRATA_TYPE_DOUBLE)
    return bind_float(st, i, v, n, changed);
  if (is_bytes(c))
    return sqlite3_bind_blob(st, i, n ? v : empty, (int)n, SQLITE_STATIC);
  if (is_untyped(c))
    return bind_untyped(st, i, v, n);
  return sqlite3_bind_text(st, i, v, (int)n, SQLITE_STATIC);
}

/* ---- text of a stored row ------------------------------------------------ */

static void add_escaped(struct sqlite_text *b, const unsigned char *s,
                        size_t n) {
  for (size_t i = 0; i < n; i++) {
    char esc[3] = {'\\', 0, 0};
    switch (s[i]) {
    case '\\': esc[1] = '\\'; break;
    case '\t': esc[1] = 't'; break;
    case '\n': esc[1] = 'n'; break;
    case '\0': esc[1] = '0'; break;
    default: sqlite_text_add(b, (const char *)s + i, 1); continue;
    }
    sqlite_text_add(b, esc, 2);
  }
}

/* One row as a tab-separated text of its stored values, each tagged with
 * its storage class, so that 1, 1.0, '1' and x'31' all differ. */
static void row_text(sqlite3_stmt *st, struct sqlite_text *b) {
  char buf[40];
  int n = sqlite3_column_count(st);
  b->length = 0;
  for (int i = 0; i < n; i++) {
    if (i > 0)
      sqlite_text_adds(b, "\t");
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_NULL: sqlite_text_adds(b, "\\N"); break;
    case SQLITE_INTEGER:
      snprintf(buf, sizeof buf, "i%lld",
               (long long)sqlite3_column_int64(st, i));
      sqlite_text_adds(b, buf);
      break;
    case SQLITE_FLOAT:
      snprintf(buf, sizeof buf, "r%.17g", sqlite3_column_double(st, i));
      sqlite_text_adds(b, buf);
      break;
    case SQLITE_TEXT:
      sqlite_text_adds(b, "t");
      add_escaped(b, sqlite3_column_text(st, i),
                  (size_t)sqlite3_column_bytes(st, i));
      break;
    default: {
      const unsigned char *p = sqlite3_column_blob(st, i);
      size_t len = (size_t)sqlite3_column_bytes(st, i);
      sqlite_text_adds(b, "b");
      for (size_t k = 0; k < len; k++) {
        snprintf(buf, sizeof buf, "%02x", p[k]);
        sqlite_text_add(b, buf, 2);
      }
    }
    }
  }
}

/* ---- the load ------------------------------------------------------------ */

static int fail_db(struct strata_load *l, sqlite3 *db, const char *what) {
  return l->base.conn->host->error_set(l->base.err, STRATA_EFAILED,
                                       "cannot %s table %s: %s", what,
                                       l->base.table->name, sqlite3_errmsg(db));
}

static void choose_columns(struct strata_load *l) {
  for (size_t i = 0; i < l->base.table->column_count; i++)
    if (sqlite_port_is_copied(l->base.table->columns[i]))
      common_load_add(&l->base, l->base.table->columns[i]);
}

/* INSERT INTO t (a, b) VALUES (?, ?), or INSERT INTO t DEFAULT VALUES. */
static void insert_text(struct sqlite_text *b, const char *table,
                        const char *const *names, size_t count) {
  sqlite_text_adds(b, "INSERT INTO ");
  sqlite_text_add_ident(b, table);
  if (count == 0) {
    sqlite_text_adds(b, " DEFAULT VALUES");
    return;
  }
  sqlite_text_adds(b, " (");
  for (size_t i = 0; i < count; i++) {
    if (i > 0)
      sqlite_text_adds(b, ", ");
    sqlite_text_add_ident(b, names[i]);
  }
  sqlite_text_adds(b, ") VALUES (");
  for (size_t i = 0; i < count; i++)
    sqlite_text_adds(b, i ? ", ?" : "?");
  sqlite_text_adds(b, ")");
}

static int prepare(sqlite3 *db, struct sqlite_text *b, sqlite3_stmt **st) {
  if (b->failed)
    return SQLITE_NOMEM;
  return sqlite3_prepare_v2(db, b->data, (int)b->length, st, NULL);
}

/* The in-memory twin: columns c0, c1 ... of the same declared types. */
static int open_shadow(struct strata_load *l,
                       const struct strata_schema *schema) {
  struct sqlite_text b = {0};
  char type[64], name[32];
  int rc = sqlite3_open_v2(":memory:", &l->shadow,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  sqlite_text_adds(&b, "CREATE TABLE d (");
  for (size_t i = 0; i < l->base.count; i++) {
    sqlite_port_type(schema, l->base.columns[i], type, sizeof type);
    snprintf(name, sizeof name, "%sc%zu ", i ? ", " : "", i);
    sqlite_text_adds(&b, name);
    sqlite_text_adds(&b, type);
  }
  sqlite_text_adds(&b, l->base.count ? ")" : "x)");
  if (rc == SQLITE_OK && !b.failed)
    rc = sqlite3_exec(l->shadow, b.data, NULL, NULL, NULL);
  b.length = 0;
  sqlite_text_adds(&b, "INSERT INTO d");
  sqlite_text_adds(&b, l->base.count ? " VALUES (" : " DEFAULT VALUES");
  for (size_t i = 0; i < l->base.count; i++)
    sqlite_text_adds(&b, i ? ", ?" : "?");
  sqlite_text_adds(&b, l->base.count ? ")" : "");
  if (rc == SQLITE_OK)
    rc = prepare(l->shadow, &b, &l->shadow_insert);
  sqlite_text_release(&b);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(
        l->shadow, l->base.count ? "SELECT * FROM d" : "SELECT 1 FROM d", -1,
        &l->shadow_select, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(l->shadow, "DELETE FROM d", -1, &l->shadow_delete,
                            NULL);
  return rc == SQLITE_OK ? 0 : fail_db(l, l->shadow, "compare the rows of");
}

static void load_free(struct strata_load *l) {
  sqlite3_finalize(l->insert);
  sqlite3_finalize(l->shadow_insert);
  sqlite3_finalize(l->shadow_select);
  sqlite3_finalize(l->shadow_delete);
  sqlite3_close(l->shadow);
  sqlite_text_release(&l->text);
  common_load_release(&l->base);
  free(l);
}

int sqlite_load_begin(struct strata_conn *conn,
                      const struct strata_schema *schema,
                      const struct strata_table *table,
                      const struct strata_render_options *opt,
                      enum strata_load_mode mode, strata_write_fn digest,
                      void *digest_ctx, struct strata_load **out,
                      const char *const **columns, size_t *column_count,
                      struct strata_error *err) {
  struct strata_load *l = calloc(1, sizeof *l);
  if (l == NULL)
    return conn->host->error_set(err, STRATA_ENOMEM, "out of memory");
  int rc = common_load_init(&l->base, conn, conn->host, table, opt, mode,
                            digest, digest_ctx, err) == 0
               ? 0
               : conn->host->error_set(err, STRATA_ENOMEM, "out of memory");
  if (rc == 0)
    choose_columns(l);
  if (rc == 0 && digest != NULL)
    rc = open_shadow(l, schema);
  if (rc == 0 && mode == STRATA_LOAD_COPY) {
    insert_text(&l->text, table->name, l->base.names, l->base.count);
    if (prepare(conn->db, &l->text, &l->insert) != SQLITE_OK)
      rc = fail_db(l, conn->db, "load");
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

/* Binds a row; *reason set for a value refused before it is sent. */
static int bind_row(struct strata_load *l, sqlite3_stmt *st,
                    const char *const *values, const size_t *lengths,
                    const char **reason, size_t *bad, int count_changes) {
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  for (size_t i = 0; i < l->base.count; i++) {
    int changed = 0;
    int rc =
        bind_value(st, (int)i + 1, l->base.columns[i], l->base.zero_error,
                   values[i], values[i] ? lengths[i] : 0, reason, &changed);
    if (rc != SQLITE_OK)
      return rc;
    if (*reason != NULL) {
      *bad = i;
      return SQLITE_OK;
    }
    if (changed && count_changes) {
      l->base.changed[i]++;
      l->base.changed_values++;
    }
  }
  return SQLITE_OK;
}

/* The row as stored, through the in-memory twin, to the digest.  A row
 * the options refuse is only counted, as driver.h asks of a digest load;
 * a copy gives this only rows its options took. */
static int digest_row(struct strata_load *l, const char *const *values,
                      const size_t *lengths) {
  const char *reason = NULL;
  size_t bad = 0;
  int rc = bind_row(l, l->shadow_insert, values, lengths, &reason, &bad, 0);
  if (rc == SQLITE_OK && reason != NULL) {
    l->base.rejected++;
    return 0;
  }
  if (rc == SQLITE_OK)
    rc = sqlite3_step(l->shadow_insert) == SQLITE_DONE ? SQLITE_OK
                                                       : SQLITE_ERROR;
  sqlite3_reset(l->shadow_select);
  if (rc == SQLITE_OK && sqlite3_step(l->shadow_select) == SQLITE_ROW) {
    row_text(l->shadow_select, &l->text);
    rc = l->text.failed ? SQLITE_NOMEM : SQLITE_OK;
  }
  sqlite3_reset(l->shadow_select);
  sqlite3_reset(l->shadow_delete);
  if (sqlite3_step(l->shadow_delete) != SQLITE_DONE && rc == SQLITE_OK)
    rc = SQLITE_ERROR;
  if (rc != SQLITE_OK)
    return fail_db(l, l->shadow, "compare the rows of");
  return l->base.digest(l->base.digest_ctx, l->text.data, l->text.length);
}

static int reject(struct strata_load *l, const char *const *values,
                  const size_t *lengths, const char *reason) {
  return common_load_reject(&l->base, values, lengths, l->base.rows + 1,
                            reason);
}

static int copy_row(struct strata_load *l, const char *const *values,
                    const size_t *lengths) {
  const char *reason = NULL;
  char why[600];
  size_t bad = 0;
  int rc = bind_row(l, l->insert, values, lengths, &reason, &bad, 1);
  if (rc != SQLITE_OK)
    return fail_db(l, l->base.conn->db, "load");
  if (reason != NULL) {
    snprintf(why, sizeof why, "%s in column %s", reason, l->base.names[bad]);
    return reject(l, values, lengths, why);
  }
  rc = sqlite3_step(l->insert);
  if (rc == SQLITE_DONE)
    return 0;
  if ((rc & 0xff) != SQLITE_CONSTRAINT && (rc & 0xff) != SQLITE_MISMATCH)
    return fail_db(l, l->base.conn->db, "load");
  /* A value past 64 bits is a REAL to SQLite, which a rowid refuses. */
  snprintf(why, sizeof why, "%s%s", sqlite3_errmsg(l->base.conn->db),
           (rc & 0xff) == SQLITE_MISMATCH
               ? ": an INTEGER PRIMARY KEY holds only whole numbers from "
                 "-9223372036854775808 to 9223372036854775807 (a STRICT "
                 "table's column only values of its type)"
               : "");
  sqlite3_reset(l->insert);
  /* The digest load took the row in: it comes out again. */
  if (l->base.digest != NULL && (rc = digest_row(l, values, lengths)) != 0)
    return rc;
  return reject(l, values, lengths, why);
}

int sqlite_load_row(struct strata_load *l, const char *const *values,
                    const size_t *lengths, struct strata_error *err) {
  l->base.err = err;
  int rc = l->base.mode == STRATA_LOAD_COPY ? copy_row(l, values, lengths)
                                            : digest_row(l, values, lengths);
  if (rc == 0)
    l->base.rows++;
  return rc;
}

int sqlite_load_end(struct strata_load *l, int abort,
                    struct strata_load_stats *stats, struct strata_error *err) {
  (void)err;
  common_load_end(&l->base, !abort, stats);
  load_free(l);
  return 0;
}

/* ---- the target's rows --------------------------------------------------- */

int sqlite_digest_rows(struct strata_conn *conn,
                       const struct strata_schema *schema,
                       const struct strata_table *table,
                       const struct strata_render_options *opt,
                       strata_write_fn digest, void *ctx,
                       struct strata_error *err) {
  struct sqlite_text sql = {0}, text = {0};
  sqlite3_stmt *st = NULL;
  size_t count = 0;
  (void)opt;
  sqlite_text_adds(&sql, "SELECT ");
  for (size_t i = 0; i < table->column_count; i++) {
    if (!sqlite_port_is_copied(table->columns[i]))
      continue;
    if (count++ > 0)
      sqlite_text_adds(&sql, ", ");
    sqlite_text_add_ident(&sql, table->columns[i]->name);
  }
  sqlite_text_adds(&sql, count ? " FROM " : "1 FROM ");
  sqlite_text_add_ident(&sql, table->name);
  int rc = sql.failed ? SQLITE_NOMEM
                      : sqlite3_prepare_v2(conn->db, sql.data, (int)sql.length,
                                           &st, NULL);
  int step = SQLITE_DONE, written = 0;
  while (rc == SQLITE_OK && written == 0 &&
         (step = sqlite3_step(st)) == SQLITE_ROW) {
    row_text(st, &text);
    written = text.failed
                  ? conn->host->error_set(err, STRATA_ENOMEM, "out of memory")
                  : digest(ctx, text.data, text.length);
  }
  if (rc == SQLITE_OK && written == 0 && step != SQLITE_DONE)
    rc = step;
  if (rc != SQLITE_OK)
    written =
        conn->host->error_set(err, STRATA_EFAILED, "cannot read table %s: %s",
                              table->name, sqlite3_errmsg(conn->db));
  sqlite3_finalize(st);
  sqlite_text_release(&sql);
  sqlite_text_release(&text);
  return written;
}
