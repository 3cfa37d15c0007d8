/*
 * load.h - what the files of a port's data load share.
 *
 * load.c starts and ends a load and turns each source row into a line
 * of COPY text; load_copy.c sends those lines in batches, each under a
 * savepoint, and sets aside the lines the server refuses; load_reject.c
 * describes a rejected row (its key and values); load_values.c converts
 * one MySQL value to COPY text; load_canon.c gives the canonical text of
 * a COPY field that --verify compares; load_digest.c reads the target's
 * rows back as that text.
 *
 * Everything here is COPY's text format: a row is one line, its fields
 * separated by tabs, NULL written \N, and backslash and the control
 * characters the server escapes on output written as \\, \b, \f, \n, \r,
 * \t and \v.  The loader escapes exactly the characters the server
 * escapes, so a value the server stores reads back with the same text.
 */
#ifndef STRATA_DRIVERS_POSTGRES_LOAD_H
#define STRATA_DRIVERS_POSTGRES_LOAD_H

#include "postgres.h"

#include <stddef.h>

/* How a column's values travel: chosen from the source column's neutral
 * type and the port's mapping choices (render_port_types.c). */
enum load_kind {
  LOAD_NUMBER,       /* integers, decimal, year: the text as is */
  LOAD_BIGINT_RANGE, /* bigint unsigned into bigint: at most 2^63-1 */
  LOAD_REAL,         /* float: as is; compared as a float */
  LOAD_DOUBLE,       /* double: as is; compared as a double */
  LOAD_BOOL_TEXT,    /* tinyint(1): "0" / "1" */
  LOAD_BOOL_BYTE,    /* bit(1): one byte 0 / 1 */
  LOAD_BITS,         /* bit(n): big-endian bytes as n '0'/'1' */
  LOAD_TEXT,         /* char data: escaped; a NUL byte is refused */
  LOAD_CHAR,         /* char(n): as text; compared without trailing blanks */
  LOAD_JSON,         /* json: as text; compared canonically */
  LOAD_BYTES,        /* binary data: bytea hex */
  LOAD_DATE,         /* date: zero dates per the choice */
  LOAD_DATETIME,     /* into timestamp: zero dates as for date */
  LOAD_DATETIME_UTC, /* into timestamptz: the same, "+00" appended */
  LOAD_TIME,         /* into time: 00:00:00 to 24:00:00 only */
  LOAD_INTERVAL,     /* time into interval: as is */
  LOAD_ENUM,         /* one of the labels */
  LOAD_SET,          /* "a,b" as the array {a,b} */
  LOAD_PLAIN         /* uuid and the like: the text as is, escaped */
};

/* An enum label, for a binary search. */
struct load_label {
  const char *text;
  size_t length;
};

/* A column load_row() takes, in its order. */
struct load_column {
  enum load_kind kind;
  const char *name;      /* the source's */
  const char *type_text; /* the source's, for messages */
  long long bits;        /* LOAD_BITS: n */
  int not_null;
  int identity;              /* an AUTO_INCREMENT column, made an identity */
  int zero_dates;            /* enum port_zero_dates */
  int nul_bytes_error;       /* nul_bytes=error */
  int json_keeps_nul;        /* json=json: \u0000 is no NUL byte there */
  struct load_label *labels; /* LOAD_ENUM, sorted */
  size_t label_count;
  unsigned long long changed; /* values changed so far: zero dates made
                               * NULL or -infinity, NUL bytes (and jsonb's
                               * \u0000) taken out */
};

/* A growing byte buffer. */
struct load_buf {
  char *data;
  size_t length;
  size_t cap;
};

/* Makes room for more bytes; 0, or -1 when memory runs out. */
int load_buf_reserve(struct load_buf *b, size_t more);
int load_buf_add(struct load_buf *b, const char *text, size_t length);
void load_buf_release(struct load_buf *b);

/* load_values.c */
enum load_outcome {
  LOAD_VALUE_OK,      /* the COPY text is written */
  LOAD_VALUE_CHANGED, /* written changed: a zero date, a NUL byte */
  LOAD_VALUE_REJECT   /* nothing written; the reason says why */
};

/* The most bytes load_value() writes for a value of that length. */
size_t load_value_bound(const struct load_column *c, size_t length);
/* Writes the value (not NULL) as COPY text at out, which has room for
 * load_value_bound() bytes, and sets *written.  A reject writes the
 * reason, one line, into reason (reason_size bytes). */
enum load_outcome load_value(const struct load_column *c, const char *value,
                             size_t length, char *out, size_t *written,
                             char *reason, size_t reason_size);
/* Writes text escaped as a COPY field at out (room for 2 * length) and
 * returns the end. */
char *load_escape(char *out, const char *text, size_t length);
/* Writes bytes as two lower-case hex digits each at out (room for
 * 2 * length) and returns the end. */
char *load_hex(char *out, const char *bytes, size_t length);
/* Sorts c's labels for load_value(); 0, or -1 when memory runs out. */
int load_column_labels(struct load_column *c, const char *const *labels,
                       size_t count);

/* load_canon.c: the canonical text of a COPY field, equal for two fields
 * exactly when they hold the same value of that kind. */
struct load_canon {
  struct load_buf raw;  /* a field unescaped */
  struct load_buf json; /* a JSON value being rewritten */
  struct load_buf tmp;  /* an object's members in order */
  struct load_member *members;
  size_t member_count;
  size_t member_cap;
};

/* Appends the canonical text of a field (COPY text, "\N" for NULL) of a
 * column of that kind to out; 0, or -1 when memory runs out. */
int load_canon_field(struct load_canon *k, enum load_kind kind,
                     const char *field, size_t length, struct load_buf *out);
/* The canonical text of a line of COPY text (no newline) whose fields
 * belong to columns, in order, into out (emptied first); 0, -1 when
 * memory runs out, or 1 when the line has another number of fields. */
int load_canon_line(struct load_canon *k, const struct load_column *columns,
                    size_t column_count, const char *line, size_t length,
                    struct load_buf *out);
/* The canonical text of a decimal number (sign, digits, fraction,
 * exponent) appended to out; -1 (out unchanged) when it is not one. */
int load_canon_number(const char *text, size_t length, struct load_buf *out);
void load_canon_release(struct load_canon *k);

/* load.c: the load under way. */
struct strata_load {
  struct strata_conn *conn;
  const struct strata_render_options *opt;
  const struct strata_table *table;
  enum strata_load_mode mode;
  strata_write_fn digest;
  void *digest_ctx;
  struct strata_error *err; /* the current call's */

  struct load_column *columns;
  const char **names; /* the source's, handed to the core */
  size_t column_count;
  size_t *key;      /* indexes into columns of the primary key's columns */
  size_t key_count; /* 0: rejects are named by row number */
  unsigned char *changed; /* per column: this row's value was changed */

  char *copy_sql;        /* SAVEPOINT ...; COPY ... FROM STDIN */
  struct load_buf batch; /* the lines not yet known to be loaded */
  size_t sent;           /* bytes of batch the open COPY was sent */
  int copy_open;         /* a COPY under a savepoint is under way */
  /* The row number of the batch's first line, and those of the rows
   * after it that were set aside, in order: the row number of each line
   * follows, for a table without a key. */
  unsigned long long first_row;
  unsigned long long *skipped;
  size_t skipped_count;
  size_t skipped_cap;
  char refusal[512]; /* why the server refused a line */

  struct load_canon canon; /* digest mode */
  struct load_buf line;    /* digest mode: the row as COPY text */
  struct load_buf text;    /* digest mode: its canonical text */

  unsigned long long row_number; /* rows read so far */
  unsigned long long rejected;
  unsigned long long changed_values;
};

/* The longest key or row text a reject carries. */
#define LOAD_KEY_VALUE_MAX 200
#define LOAD_ROW_TEXT_MAX 4096

/* load.c and load_digest.c: the driver's members. */
COMMON_PORT_LOAD_DECLARE(postgres);

/* load.c: what the target table holds and how each column travels, as
 * load_begin() and digest_rows() both need it: l->conn, opt, table and
 * err set, the rest filled here.  target receives the table's qualified
 * name and the loaded columns' names, "a, b", both quoted. */
struct load_target {
  struct postgres_sql table;
  struct postgres_sql columns;
};

int load_columns_init(struct strata_load *l, const struct strata_schema *schema,
                      struct load_target *target);
void load_target_release(struct load_target *target);
void load_columns_release(struct strata_load *l);

/* load_copy.c: the batches.  load_copy_row() takes the line just
 * appended to l->batch (newline included) and sends what is due;
 * load_copy_skip() tells it a row was set aside instead;
 * load_copy_finish() sends the rest and ends the COPY; load_copy_abort()
 * ends a COPY without loading what it was sent. */
int load_copy_row(struct strata_load *l);
int load_copy_skip(struct strata_load *l, unsigned long long row_number);
int load_copy_finish(struct strata_load *l);
void load_copy_abort(struct strata_load *l);

/* load_reject.c: hands a row to opt->reject (or fails the load with it).
 * From the source's values: */
int load_reject_values(struct strata_load *l, const char *const *values,
                       const size_t *lengths, const char *reason);
/* From a line of COPY text the server refused (row is its row number,
 * which names it when the table has no key): */
int load_reject_line(struct strata_load *l, const char *line, size_t length,
                     unsigned long long row, const char *reason);

#endif
