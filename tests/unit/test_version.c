/*
 * test_version.c - version comparison and migration file names.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "version.h"

static int sign(int n) {
  return (n > 0) - (n < 0);
}

static void test_is_valid(void) {
  static const struct {
    const char *text;
    int valid;
  } cases[] = {
      {"1", 1},  {"0001", 1}, {"20250108000000", 1},
      {"", 0},   {"1a", 0},   {"-1", 0},
      {" 1", 0}, {"1.0", 1},  {"123456789012345678901234", 1},
      /* Flyway's dotted and underscored versions, diesel's dashes. */
      {"1.2.10", 1}, {"1_2", 1}, {"2020-01-01-000000", 1},
      {"1..2", 0}, {"1.", 0}, {".1", 0}, {"1._2", 0}, {"V1", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    is_int(version_is_valid(cases[i].text), cases[i].valid,
           "version_is_valid('%s')", cases[i].text);
  is_int(version_is_valid(NULL), 0, "version_is_valid(NULL)");
}

static void test_compare(void) {
  static const struct {
    const char *a, *b;
    int want; /* the sign of version_compare(a, b) */
  } cases[] = {
      {"1", "2", -1},
      {"2", "10", -1},
      {"10", "9", 1},
      {"007", "7", 0},
      {"0001", "1", 0},
      {"0", "000", 0},
      {"0010", "9", 1},
      {"20250108000000", "20250108000001", -1},
      {"20250108000000", "20250108000000", 0},
      /* Twenty digits: beyond what uint64 holds. */
      {"99999999999999999999", "18446744073709551616", 1},
      {"18446744073709551616", "18446744073709551615", 1},
      {"100000000000000000000", "99999999999999999999", 1},
      {"00000000000000000000000000001", "1", 0},
      {"12345678901234567890", "12345678901234567891", -1},
      /* Run by run, each a number: V1_2 < V1_10 < V2. */
      {"1_2", "1_10", -1},
      {"1.10", "2", -1},
      {"1.2", "1.2.1", -1},
      {"1.0", "1", 0},
      {"1_2", "1.2", 0},
      {"1.02", "1.2", 0},
      {"10.1", "9.99", 1},
      {"2017-11-25-000000", "2017-11-25-000001", -1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    is_int(sign(version_compare(cases[i].a, cases[i].b)), cases[i].want,
           "compare('%s', '%s')", cases[i].a, cases[i].b);
    is_int(sign(version_compare(cases[i].b, cases[i].a)), -cases[i].want,
           "compare('%s', '%s') is the reverse", cases[i].b, cases[i].a);
  }
}

static void test_valid_names(void) {
  static const struct {
    const char *file;
    const char *version, *name;
    enum script_kind kind;
  } cases[] = {
      {"0001_create_users.sql", "0001", "create_users", SCRIPT_SINGLE},
      {"0001_create_users.up.sql", "0001", "create_users", SCRIPT_UP},
      {"0001_create_users.down.sql", "0001", "create_users", SCRIPT_DOWN},
      {"20250108000000_add-index.up.sql", "20250108000000", "add-index",
       SCRIPT_UP},
      {"1_a.sql", "1", "a", SCRIPT_SINGLE},
      {"12345678901234567890_big.sql", "12345678901234567890", "big",
       SCRIPT_SINGLE},
      {"0003__x.sql", "0003", "_x", SCRIPT_SINGLE},
      {"0004_Mixed_Case9.down.sql", "0004", "Mixed_Case9", SCRIPT_DOWN},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct migration_filename f;
    struct strata_error err;
    strata_error_clear(&err);
    int rc = migration_filename_parse(cases[i].file, &f, &err);
    is_int(rc, 0, "'%s' is a migration file", cases[i].file);
    is_str(f.version, cases[i].version, "'%s': version", cases[i].file);
    is_str(f.name, cases[i].name, "'%s': name", cases[i].file);
    is_int(f.kind, cases[i].kind, "'%s': kind", cases[i].file);
    migration_filename_release(&f);
    ok(f.version == NULL && f.name == NULL, "'%s': release empties it",
       cases[i].file);
  }
}

static void test_ignored_names(void) {
  static const char *const files[] = {
      "README.md",   "0001_a.sql~", "0001_a.sql.bak",
      ".0001_a.sql", ".hidden.sql", "notes.txt",
      "0001_a.SQL",  "schema",      ".up.sql",
  };
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    struct migration_filename f;
    struct strata_error err;
    strata_error_clear(&err);
    int rc = migration_filename_parse(files[i], &f, &err);
    is_int(rc, 1, "'%s' is ignored", files[i]);
    ok(f.version == NULL && f.name == NULL, "'%s': nothing allocated",
       files[i]);
    is_int(err.code, 0, "'%s': no error", files[i]);
  }
}

static void test_malformed_names(void) {
  static const char *const files[] = {
      "0003-users.sql",
      "users.sql",
      "0001.sql",
      "0001_.sql",
      "0001_.up.sql",
      "_0001_a.sql",
      "0001_a b.sql",
      "v0001_a.sql",
      "0001-a.down.sql",
      "0001_a$.up.sql",
      "0001_\xc3\xa9.sql",
      "0001.up.sql",
      /* A dot in a name would hide a mistyped suffix: this is no up. */
      "0021_posts.upp.sql",
      "0022_posts.dwn.sql",
      "0002_v1.2_fix.sql",
  };
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    struct migration_filename f;
    struct strata_error err;
    strata_error_clear(&err);
    int rc = migration_filename_parse(files[i], &f, &err);
    is_int(rc, STRATA_ESOURCE, "'%s' is malformed", files[i]);
    is_int(err.code, STRATA_ESOURCE, "'%s': error code", files[i]);
    ok(f.version == NULL && f.name == NULL, "'%s': nothing allocated",
       files[i]);
    char want[256];
    snprintf(want, sizeof want, "malformed migration file name '%s'", files[i]);
    ok(strncmp(err.message, want, strlen(want)) == 0, "'%s': message quotes it",
       files[i]);
  }
  struct migration_filename f;
  struct strata_error err;
  migration_filename_parse("0003-users.sql", &f, &err);
  is_str(err.message,
         "malformed migration file name '0003-users.sql': expected "
         "VERSION_name.sql, VERSION_name.up.sql or VERSION_name.down.sql "
         "(VERSION is digits)",
         "the whole message shows the expected form");
}

static void test_next(void) {
  static const struct {
    const char *v, *next;
  } cases[] = {
      {"0", "1"},
      {"1", "2"},
      {"9", "10"},
      {"0099", "0100"},
      {"0999", "1000"},
      {"9999", "10000"},
      {"20250108000000", "20250108000001"},
      {"99999999999999999999", "100000000000000000000"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *next = version_next(cases[i].v);
    is_str(next, cases[i].next, "the version after %s", cases[i].v);
    ok(version_compare(next, cases[i].v) > 0, "%s sorts after %s", next,
       cases[i].v);
    free(next);
  }
}

int main(void) {
  test_is_valid();
  test_next();
  test_compare();
  test_valid_names();
  test_ignored_names();
  test_malformed_names();
  return done_testing();
}
