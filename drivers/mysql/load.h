/*
 * load.h - what load.c, load_data.c and digest.c share: a port's load into a
 * MySQL table (struct strata_load) and the helpers both use.
 */
#ifndef STRATA_DRIVERS_MYSQL_LOAD_H
#define STRATA_DRIVERS_MYSQL_LOAD_H

#include "port.h"

enum { BATCH_ROWS = 1000, BATCH_BYTES = 1 << 20 };

struct strata_load {
  struct common_load base; /* every column of the table is loaded */
  const struct strata_schema *schema;
  /* "INSERT INTO `t` (`a`, `b`) VALUES " and the rows after it. */
  struct mysqldrv_text batch;
  size_t prefix_length;
  size_t *ends; /* where each row's "(...)" ends in batch */
  size_t rows_waiting;
  /* The rows waiting as read, for a reject: per value a flag byte, its
   * length and its bytes. */
  struct mysqldrv_text raw;
  size_t *raw_starts;
  /* The temporary twin of the table, for digests; "" until made; and
   * the statement that makes it. */
  char shadow[64];
  struct mysqldrv_text shadow_sql;
  struct mysqldrv_text scratch;
  /* LOAD DATA LOCAL INFILE of the table's columns (the shadow's in a
   * digest load), and the rows waiting as its tab-separated text, sent
   * from sent on. */
  struct mysqldrv_text load_sql, tsv;
  size_t sent;
  char *escaped;
  size_t escaped_size;
  int same_engine; /* the model is MySQL's own: values go as they are */
};

/* load.c */
/* The k-th row waiting, as read, into values and lengths (count). */
void mysqldrv_load_read_raw(const struct strata_load *l, size_t k,
                            const char **values, size_t *lengths);
/* Appends s with backslash escapes for backslash, tab, newline and NUL. */
void mysqldrv_load_escape(struct mysqldrv_text *b, const char *s, size_t n);
/* Whether value i goes as NULL: SQL NULL, or a zero date, which only a
 * copy of MySQL's own model keeps. */
int mysqldrv_load_as_null(const struct strata_load *l, size_t i,
                          const char *v, size_t n);
/* Runs a statement on the load's session; err is the load's. */
int mysqldrv_load_run(struct strata_load *l, const char *sql, size_t length);
/* Whether the statement that just failed failed for its rows. */
int mysqldrv_load_failed_for_rows(MYSQL *m);
/* The table the rows go into (the shadow in a digest load), and its
 * column i, as identifiers. */
void mysqldrv_load_put_table(const struct strata_load *l,
                             struct mysqldrv_text *b);
void mysqldrv_load_put_column(const struct strata_load *l, size_t i,
                              struct mysqldrv_text *b);

/* digest.c */
/* Creates the temporary table the digests go through (l->shadow). */
int mysqldrv_load_make_shadow(struct strata_load *l);
/* The shadow's rows into write, then none left in it: it is made again,
 * as rows deleted would stay in it until the transaction ends. */
int mysqldrv_load_drain_shadow(struct strata_load *l, strata_write_fn write,
                               void *ctx);

/* load_same.c: a model of MySQL's own */
/* The column's own type, with its collation when it has one. */
void mysqldrv_load_same_type(const struct strata_column *c,
                             struct mysqldrv_text *out);
/* The table's character set and collation, as table options, or "". */
void mysqldrv_load_same_charset(const struct strata_table *t,
                                struct mysqldrv_text *out);
/* How many enum error values ('' in an enum without that label) the
 * waiting rows hold: the warnings a batch of them may give. */
int mysqldrv_load_same_error_values(const struct strata_load *l,
                                    unsigned *n);
/* After the waiting rows' INSERT (l->batch) failed for its values: rows
 * holding enum error values go again; *kept says whether they are in. */
int mysqldrv_load_same_batch_again(struct strata_load *l, int *kept);
/* The same for waiting row k alone (l->scratch); why says why not. */
int mysqldrv_load_same_again(struct strata_load *l, size_t k, int *kept,
                             char *why, size_t size);

/* load_data.c */
/* Appends the bytes as hex digits. */
void mysqldrv_load_hex(struct mysqldrv_text *b, const char *v, size_t n);
/* Writes the load's LOAD DATA statement into l->load_sql. */
void mysqldrv_load_text(struct strata_load *l);
/* Sends the rows waiting; *loaded 0 when they must go as INSERTs. */
int mysqldrv_load_data(struct strata_load *l, int *loaded);

#endif
