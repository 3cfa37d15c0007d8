/*
 * test_postgres_load_values.c - a port's data path in the PostgreSQL
 * driver, with no server: each MySQL value written as COPY text for the
 * type the port chose, the rows refused and why, and the canonical text
 * --verify compares, from the source's side and from the server's.
 */
#include "load.h"
#include "tap.h"

#include <stdlib.h>

/* ---- conversions --------------------------------------------------------- */

struct value_case {
  const char *name;
  enum load_kind kind;
  const char *type_text;
  const char *value;
  size_t length; /* 0: strlen(value) */
  enum load_outcome outcome;
  const char *want; /* the COPY text, or the reason */
  long long bits;
  int not_null;
  int zero_dates; /* enum port_zero_dates */
  int nul_bytes_error;
  int json_keeps_nul;
};

/* The fields every case gives; the column's extras follow by name. */
#define VALUE(n, k, t, v, l, o, w)                                             \
  .name = n, .kind = k, .type_text = t, .value = v, .length = l, .outcome = o, \
  .want = w

#define OK LOAD_VALUE_OK
#define NULLED LOAD_VALUE_CHANGED
#define CHANGED LOAD_VALUE_CHANGED
#define REJECT LOAD_VALUE_REJECT

static const struct value_case value_cases[] = {
    /* booleans */
    {VALUE("tinyint(1) 0", LOAD_BOOL_TEXT, "tinyint(1)", "0", 0, OK, "f")},
    {VALUE("tinyint(1) 1", LOAD_BOOL_TEXT, "tinyint(1)", "1", 0, OK, "t")},
    {VALUE("tinyint(1) 2", LOAD_BOOL_TEXT, "tinyint(1)", "2", 0, REJECT,
           "value 2 in tinyint(1) column c is not a boolean "
           "(--tinyint1=smallint keeps it)")},
    {VALUE("tinyint(1) -1", LOAD_BOOL_TEXT, "tinyint(1)", "-1", 0, REJECT,
           "value -1 in tinyint(1) column c is not a boolean "
           "(--tinyint1=smallint keeps it)")},
    {VALUE("bit(1) byte 1", LOAD_BOOL_BYTE, "bit(1)", "\x01", 1, OK, "t")},
    {VALUE("bit(1) byte 0", LOAD_BOOL_BYTE, "bit(1)", "\0", 1, OK, "f")},
    {VALUE("bit(1) byte 2", LOAD_BOOL_BYTE, "bit(1)", "\x02", 1, REJECT,
           "value \\x02 in bit(1) column c is not a boolean")},
    /* numbers */
    {VALUE("int", LOAD_NUMBER, "int", "-2147483648", 0, OK, "-2147483648")},
    {VALUE("bigint minimum", LOAD_NUMBER, "bigint", "-9223372036854775808", 0,
           OK, "-9223372036854775808")},
    {VALUE("bigint unsigned maximum to numeric", LOAD_NUMBER, "bigint unsigned",
           "18446744073709551615", 0, OK, "18446744073709551615")},
    {VALUE("bigint unsigned to bigint, fits", LOAD_BIGINT_RANGE,
           "bigint unsigned", "9223372036854775807", 0, OK,
           "9223372036854775807")},
    {VALUE("bigint unsigned to bigint, leading zeros", LOAD_BIGINT_RANGE,
           "bigint unsigned zerofill", "00009223372036854775807", 0, OK,
           "00009223372036854775807")},
    {VALUE("bigint unsigned to bigint, one over", LOAD_BIGINT_RANGE,
           "bigint unsigned", "9223372036854775808", 0, REJECT,
           "value 9223372036854775808 in bigint unsigned column c is over "
           "9223372036854775807, the largest bigint "
           "(--unsigned-bigint=numeric keeps it)")},
    {VALUE("bigint unsigned to bigint, maximum", LOAD_BIGINT_RANGE,
           "bigint unsigned", "18446744073709551615", 0, REJECT,
           "value 18446744073709551615 in bigint unsigned column c is over "
           "9223372036854775807, the largest bigint "
           "(--unsigned-bigint=numeric keeps it)")},
    {VALUE("decimal", LOAD_NUMBER, "decimal(10,2)", "-12.50", 0, OK, "-12.50")},
    {VALUE("float", LOAD_REAL, "float", "3.14159", 0, OK, "3.14159")},
    {VALUE("double", LOAD_DOUBLE, "double", "-1.5e-300", 0, OK, "-1.5e-300")},
    {VALUE("year", LOAD_NUMBER, "year", "2024", 0, OK, "2024")},
    /* bit(n) */
    {VALUE("bit(10)", LOAD_BITS, "bit(10)", "\x02\x05", 2, OK, "1000000101"),
     .bits = 10},
    {VALUE("bit(10) all set", LOAD_BITS, "bit(10)", "\x03\xff", 2, OK,
           "1111111111"),
     .bits = 10},
    {VALUE("bit(3)", LOAD_BITS, "bit(3)", "\x05", 1, OK, "101"), .bits = 3},
    {VALUE("bit(16) zero", LOAD_BITS, "bit(16)", "\0\0", 2, OK,
           "0000000000000000"),
     .bits = 16},
    /* text */
    {VALUE("utf8mb4 emoji", LOAD_TEXT, "varchar(10)", "smile \xf0\x9f\x98\x80",
           0, OK, "smile \xf0\x9f\x98\x80")},
    {VALUE("escapes", LOAD_TEXT, "text", "a\tb\nc\\d\re\bf\fg\vh", 0, OK,
           "a\\tb\\nc\\\\d\\re\\bf\\fg\\vh")},
    {VALUE("other control characters stay", LOAD_TEXT, "text", "a\x01z\x1f", 0,
           OK, "a\x01z\x1f")},
    {VALUE("\\N as text", LOAD_TEXT, "text", "\\N", 0, OK, "\\\\N")},
    {VALUE("NUL in text is taken out", LOAD_TEXT, "varchar(10)", "a\0b\0\t", 5,
           CHANGED, "ab\\t")},
    {VALUE("NUL in char", LOAD_CHAR, "char(3)", "\0", 1, CHANGED, "")},
    {VALUE("NUL in text, nul_bytes=error", LOAD_TEXT, "varchar(10)", "a\0b", 3,
           REJECT,
           "NUL byte in varchar(10) column c: PostgreSQL text cannot hold one "
           "(--nul-bytes=strip takes it out)"),
     .nul_bytes_error = 1},
    {VALUE("json with \\u0000, which jsonb refuses", LOAD_JSON, "json",
           "{\"a\": \"x\\u0000y\\u0000\"}", 0, CHANGED, "{\"a\": \"xy\"}")},
    {VALUE("json with an escaped backslash before u0000", LOAD_JSON, "json",
           "[\"\\\\u0000\"]", 0, OK, "[\"\\\\\\\\u0000\"]")},
    {VALUE("json with \\u0000, nul_bytes=error", LOAD_JSON, "json",
           "[\"\\u0000\"]", 0, REJECT,
           "\\u0000 in json column c: jsonb cannot hold one "
           "(--nul-bytes=strip takes it out, --json-type=json keeps it)"),
     .nul_bytes_error = 1},
    {VALUE("json with \\u0000 into json", LOAD_JSON, "json", "[\"\\u0000\"]", 0,
           OK, "[\"\\\\u0000\"]"),
     .json_keeps_nul = 1},
    {VALUE("json", LOAD_JSON, "json", "{\"a\": \"x\\\\y\"}", 0, OK,
           "{\"a\": \"x\\\\\\\\y\"}")},
    {VALUE("uuid", LOAD_PLAIN, "uuid", "123e4567-e89b-12d3-a456-426614174000",
           0, OK, "123e4567-e89b-12d3-a456-426614174000")},
    /* bytes */
    {VALUE("binary with NUL", LOAD_BYTES, "binary(4)", "\0\x01\xff\0", 4, OK,
           "\\\\x0001ff00")},
    {VALUE("empty blob", LOAD_BYTES, "blob", "", 0, OK, "\\\\x")},
    /* dates */
    {VALUE("date", LOAD_DATE, "date", "2024-02-29", 0, OK, "2024-02-29")},
    {VALUE("zero date", LOAD_DATE, "date", "0000-00-00", 0, NULLED, "\\N")},
    {VALUE("zero day", LOAD_DATE, "date", "2022-11-00", 0, NULLED, "\\N")},
    {VALUE("zero month", LOAD_DATE, "date", "2022-00-05", 0, NULLED, "\\N")},
    {VALUE("year zero", LOAD_DATE, "date", "0000-01-01", 0, NULLED, "\\N")},
    {VALUE("zero date, NOT NULL", LOAD_DATE, "date", "0000-00-00", 0, REJECT,
           "zero date 0000-00-00 in NOT NULL date column c "
           "(--zero-dates=infinity keeps the row)"),
     .not_null = 1},
    {VALUE("zero date, zero_dates=error", LOAD_DATE, "date", "2022-11-00", 0,
           REJECT,
           "zero date 2022-11-00 in date column c (--zero-dates=error)"),
     .zero_dates = PORT_ZERO_DATES_ERROR},
    {VALUE("zero date, zero_dates=infinity", LOAD_DATE, "date", "0000-00-00", 0,
           CHANGED, "-infinity"),
     .not_null = 1, .zero_dates = PORT_ZERO_DATES_INFINITY},
    {VALUE("zero timestamp, zero_dates=infinity", LOAD_DATETIME_UTC,
           "timestamp", "0000-00-00 00:00:00", 0, CHANGED, "-infinity"),
     .zero_dates = PORT_ZERO_DATES_INFINITY},
    {VALUE("datetime", LOAD_DATETIME, "datetime(6)",
           "2024-01-02 03:04:05.120000", 0, OK, "2024-01-02 03:04:05.120000")},
    {VALUE("zero datetime", LOAD_DATETIME, "datetime", "0000-00-00 00:00:00", 0,
           NULLED, "\\N")},
    {VALUE("timestamp in UTC", LOAD_DATETIME_UTC, "timestamp",
           "2024-01-02 03:04:05", 0, OK, "2024-01-02 03:04:05+00")},
    {VALUE("zero timestamp", LOAD_DATETIME_UTC, "timestamp",
           "0000-00-00 00:00:00", 0, NULLED, "\\N")},
    /* times */
    {VALUE("time", LOAD_TIME, "time", "12:34:56", 0, OK, "12:34:56")},
    {VALUE("time with fraction", LOAD_TIME, "time(3)", "23:59:59.999", 0, OK,
           "23:59:59.999")},
    {VALUE("time 24:00:00", LOAD_TIME, "time", "24:00:00", 0, OK, "24:00:00")},
    {VALUE("time past 24:00:00", LOAD_TIME, "time", "24:00:01", 0, REJECT,
           "time 24:00:01 in time column c is outside 00:00:00..24:00:00: use "
           "--time=interval")},
    {VALUE("time 838:59:59", LOAD_TIME, "time", "838:59:59", 0, REJECT,
           "time 838:59:59 in time column c is outside 00:00:00..24:00:00: use "
           "--time=interval")},
    {VALUE("negative time", LOAD_TIME, "time", "-01:00:00", 0, REJECT,
           "time -01:00:00 in time column c is outside 00:00:00..24:00:00: use "
           "--time=interval")},
    {VALUE("time to interval", LOAD_INTERVAL, "time", "-838:59:59", 0, OK,
           "-838:59:59")},
    /* sets */
    {VALUE("set", LOAD_SET, "set('a','b')", "a,b", 0, OK, "{a,b}")},
    {VALUE("empty set", LOAD_SET, "set('a','b')", "", 0, OK, "{}")},
    {VALUE("set element with a blank", LOAD_SET, "set", "a b,c", 0, OK,
           "{\"a b\",c}")},
    {VALUE("set element NULL", LOAD_SET, "set", "x,Null", 0, OK,
           "{x,\"Null\"}")},
    {VALUE("set element with a quote", LOAD_SET, "set", "say \"hi\"", 0, OK,
           "{\"say \\\\\"hi\\\\\"\"}")},
    {VALUE("set element with a backslash", LOAD_SET, "set", "x\\y", 0, OK,
           "{\"x\\\\\\\\y\"}")},
    {VALUE("set element with braces", LOAD_SET, "set", "{a}", 0, OK,
           "{\"{a}\"}")},
    {VALUE("set element with a tab", LOAD_SET, "set", "a\tb", 0, OK,
           "{\"a\\tb\"}")},
    {VALUE("set as PostgreSQL's array_out writes it, escaped for COPY",
           LOAD_SET, "set", "a b,NULL,x\\y,\"q\"", 0, OK,
           "{\"a b\",\"NULL\",\"x\\\\\\\\y\",\"\\\\\"q\\\\\"\"}")},
};

static const char *const enum_labels[] = {"small", "medium", "large", ""};

static void check_value(const struct value_case *vc) {
  struct load_column c = {.kind = vc->kind,
                          .name = "c",
                          .type_text = vc->type_text,
                          .bits = vc->bits,
                          .not_null = vc->not_null,
                          .zero_dates = vc->zero_dates,
                          .nul_bytes_error = vc->nul_bytes_error,
                          .json_keeps_nul = vc->json_keeps_nul};
  size_t length = vc->length ? vc->length : strlen(vc->value);
  size_t bound = load_value_bound(&c, length);
  char *out = malloc(bound + 1), reason[512] = "";
  size_t written = 0;
  enum load_outcome o =
      load_value(&c, vc->value, length, out, &written, reason, sizeof reason);
  is_int(o, vc->outcome, "%s: outcome", vc->name);
  if (o == LOAD_VALUE_REJECT) {
    is_str(reason, vc->want, "%s: reason", vc->name);
  } else {
    ok(written <= bound, "%s: within its bound", vc->name);
    out[written] = '\0';
    is_str(out, vc->want, "%s: COPY text", vc->name);
  }
  free(out);
}

static enum load_outcome enum_value(struct load_column *c, const char *value,
                                    char *out, char *reason) {
  size_t written = 0;
  enum load_outcome o =
      load_value(c, value, strlen(value), out, &written, reason, 256);
  out[o == LOAD_VALUE_REJECT ? 0 : written] = '\0';
  return o;
}

static void check_enum(void) {
  struct load_column c = {.kind = LOAD_ENUM,
                          .name = "size",
                          .type_text = "enum('small','medium','large')"};
  char out[64], reason[256];
  ok(load_column_labels(&c, enum_labels, 3) == 0, "enum: labels sorted");
  /* Given unsorted, a binary search finds the middle label only. */
  for (size_t i = 0; i < 3; i++) {
    is_int(enum_value(&c, enum_labels[i], out, reason), OK,
           "enum: label %s loads", enum_labels[i]);
    is_str(out, enum_labels[i], "enum: as itself");
  }
  is_int(enum_value(&c, "", out, reason), REJECT,
         "enum: MySQL's '' for an invalid value is refused");
  is_str(reason,
         "value '' in enum('small','medium','large') column size is not one "
         "of its labels",
         "enum: and why");
  is_int(enum_value(&c, "Medium", out, reason), REJECT,
         "enum: labels are compared exactly");
  free(c.labels);
  ok(load_column_labels(&c, enum_labels, 4) == 0, "enum with '' as a label");
  is_int(enum_value(&c, "", out, reason), OK, "enum: '' loads when a label");
  free(c.labels);
}

/* ---- canonical text ------------------------------------------------------ */

struct canon_case {
  const char *name;
  enum load_kind kind;
  const char *source; /* what load_value() wrote */
  const char *target; /* what the server's COPY TO writes */
  const char *want;
};

static const struct canon_case canon_cases[] = {
    {"NULL", LOAD_TEXT, "\\N", "\\N", "\\N"},
    {"integer with zerofill", LOAD_NUMBER, "00042", "42", "42"},
    {"negative zero decimal", LOAD_NUMBER, "-0.00", "0.00", "0"},
    {"decimal scale", LOAD_NUMBER, "12.50", "12.50", "12.5"},
    {"numeric(20,0)", LOAD_NUMBER, "18446744073709551615",
     "18446744073709551615", "18446744073709551615"},
    {"bigint minimum", LOAD_BIGINT_RANGE, "-9223372036854775808",
     "-9223372036854775808", "-9223372036854775808"},
    {"year 0", LOAD_NUMBER, "0000", "0", "0"},
    {"real", LOAD_REAL, "3.14", "3.1400001", "3.1400001"},
    {"real, MariaDB's six digits", LOAD_REAL, "3.14159", "3.14159",
     "3.14159012"},
    {"double", LOAD_DOUBLE, "0.1", "0.10000000000000001",
     "0.10000000000000001"},
    {"double exponent", LOAD_DOUBLE, "1e300", "1.0000000000000001e+300",
     "1.0000000000000001e+300"},
    {"char(n) padding", LOAD_CHAR, "ab", "ab   ", "ab"},
    {"text keeps blanks", LOAD_TEXT, "ab ", "ab ", "ab "},
    {"datetime fraction", LOAD_DATETIME, "2024-01-02 03:04:05.120000",
     "2024-01-02 03:04:05.12", "2024-01-02 03:04:05.12"},
    {"datetime zero fraction", LOAD_DATETIME, "2024-01-02 03:04:05.000000",
     "2024-01-02 03:04:05", "2024-01-02 03:04:05"},
    {"timestamptz", LOAD_DATETIME_UTC, "2024-01-02 03:04:05.500000+00",
     "2024-01-02 03:04:05.5+00", "2024-01-02 03:04:05.5+00"},
    {"time", LOAD_TIME, "12:00:00.000000", "12:00:00", "12:00:00"},
    {"interval", LOAD_INTERVAL, "-838:59:59.100000", "-838:59:59.1",
     "-838:59:59.1"},
    {"bytea", LOAD_BYTES, "\\\\x00ff", "\\\\x00FF", "\\\\x00ff"},
    {"set", LOAD_SET, "{\"a b\",c}", "{\"a b\",c}", "{\"a b\",c}"},
    {"json from MySQL and jsonb", LOAD_JSON,
     "{\"b\": [1, 2.0, {\"y\": true, \"x\": null}], \"a\": \"\\\\u00e9\"}",
     "{\"a\": \"\xc3\xa9\", \"b\": [1, 2.0, {\"x\": null, \"y\": true}]}",
     "{\"a\":\"\xc3\xa9\",\"b\":[1,2,{\"x\":null,\"y\":true}]}"},
    {"json duplicate keys: the last stays", LOAD_JSON, "{\"a\":1,\"a\":2}",
     "{\"a\": 2}", "{\"a\":2}"},
    {"json numbers by value", LOAD_JSON, "[1e2, 1.0, -0, 1.5E-3, 1e100]",
     "[100, 1.0, 0, 0.0015, "
     "10000000000000000000000000000000000000000000000000000000000000000000000"
     "000000000000000000000000000000]",
     "[100,1,0,0.0015,1e100]"},
    {"json escapes", LOAD_JSON, "[\"a\\\\\\\\b\\\\n\\\\/\\\\ud83d\\\\ude00\"]",
     "[\"a\\\\\\\\b\\\\n/\xf0\x9f\x98\x80\"]",
     "[\"a\\\\\\\\b\\\\u000a/\xf0\x9f\x98\x80\"]"},
    {"json with a tab in COPY text", LOAD_JSON, "{\"k\":\\t1}", "{\"k\": 1}",
     "{\"k\":1}"},
    {"not json stays as it is", LOAD_JSON, "{oops", "{oops", "{oops"},
};

static void check_canon(const struct canon_case *cc) {
  struct load_canon k = {0};
  struct load_buf from_source = {0}, from_target = {0};
  int rc = load_canon_field(&k, cc->kind, cc->source, strlen(cc->source),
                            &from_source);
  rc |= load_canon_field(&k, cc->kind, cc->target, strlen(cc->target),
                         &from_target);
  is_int(rc, 0, "%s: canonical text", cc->name);
  load_buf_add(&from_source, "", 1);
  load_buf_add(&from_target, "", 1);
  is_str(from_source.data, cc->want, "%s: from the source", cc->name);
  is_str(from_target.data, cc->want, "%s: from the server", cc->name);
  load_buf_release(&from_source);
  load_buf_release(&from_target);
  load_canon_release(&k);
}

static void check_numbers(void) {
  static const struct {
    const char *text, *want;
  } cases[] = {
      {"0", "0"},         {"-0", "0"},           {"007", "7"},
      {"1.500", "1.5"},   {"-0.0100", "-0.01"},  {"100", "100"},
      {"1E+2", "100"},    {"12e-1", "1.2"},      {"0.5e1", "5"},
      {"1e-50", "1e-50"}, {"1.23e45", "123e43"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    struct load_buf out = {0};
    int rc = load_canon_number(cases[i].text, strlen(cases[i].text), &out);
    load_buf_add(&out, "", 1);
    ok(rc == 0 && strcmp(out.data, cases[i].want) == 0, "number %s is %s",
       cases[i].text, cases[i].want);
    load_buf_release(&out);
  }
  struct load_buf out = {0};
  ok(load_canon_number("1.2.3", 5, &out) != 0 && out.length == 0,
     "not a number is refused");
  ok(load_canon_number("-", 1, &out) != 0, "a sign alone is refused");
  load_buf_release(&out);
}

static void check_lines(void) {
  struct load_column columns[3] = {
      {.kind = LOAD_NUMBER}, {.kind = LOAD_CHAR}, {.kind = LOAD_DATETIME}};
  struct load_canon k = {0};
  struct load_buf out = {0};
  static const char line[] = "007\tab  \t2024-01-02 03:04:05.100";
  is_int(load_canon_line(&k, columns, 3, line, strlen(line), &out), 0,
         "a line's canonical text");
  load_buf_add(&out, "", 1);
  is_str(out.data, "7\tab\t2024-01-02 03:04:05.1", "field by field");
  is_int(load_canon_line(&k, columns, 3, "1\t2", 3, &out), 1,
         "a line with too few fields is refused");
  is_int(load_canon_line(&k, columns, 2, line, strlen(line), &out), 1,
         "and one with too many");
  load_buf_release(&out);
  load_canon_release(&k);
}

int main(void) {
  for (size_t i = 0; i < sizeof value_cases / sizeof *value_cases; i++)
    check_value(&value_cases[i]);
  check_enum();
  for (size_t i = 0; i < sizeof canon_cases / sizeof *canon_cases; i++)
    check_canon(&canon_cases[i]);
  check_numbers();
  check_lines();
  return done_testing();
}
