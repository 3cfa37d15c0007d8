/*
 * test_source.c - loading migrations from a folder and from memory: pairs,
 * ignored files, order, and every way a folder can be wrong.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"
#include "tap.h"
#include "util.h"

/* The plain layout's module, linked in. */
const struct strata_plugin *layout_plain_LTX_strata_plugin_entry(void);

static int host_error_set(struct strata_error *err, int code, const char *fmt,
                          ...) {
  va_list ap;
  va_start(ap, fmt);
  strata__error_setv(err, code, fmt, ap);
  va_end(ap);
  return code;
}

static const struct strata_host host = {.error_set = host_error_set};
static const char *const engines[] = {"sqlite", NULL};

static char root[4096]; /* a mkdtemp folder; each test works in root/m */
static char dir[4200];

static const char *path_in(const char *file) {
  static char path[8400];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  return path;
}

static void write_bytes(const char *file, const char *text, size_t len) {
  FILE *f = fopen(path_in(file), "wb");
  if (f == NULL)
    return;
  fwrite(text, 1, len, f);
  fclose(f);
}

static void write_file(const char *file, const char *text) {
  write_bytes(file, text, strlen(text));
}

/* Removes everything below path, one level of subfolders deep and more. */
static void empty_folder(const char *path) {
  DIR *d = opendir(path);
  if (d == NULL)
    return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    char sub[8400];
    snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
    struct stat st;
    if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
      chmod(sub, 0700);
      empty_folder(sub);
      rmdir(sub);
    } else {
      unlink(sub);
    }
  }
  closedir(d);
}

/* Starts a test with an empty migrations folder. */
static void fresh_folder(void) {
  empty_folder(root);
  mkdir(dir, 0700);
}

static int load(struct source *src, struct strata_error *err) {
  strata_error_clear(err);
  struct source_options opt = {
      (const struct strata_layout *)layout_plain_LTX_strata_plugin_entry(),
      NULL, 0, engines, &host, 0};
  return source_load_folder(src, dir, &opt, err);
}

/* Loads the folder, expecting failure with exactly this message, in which
 * "%s" stands for the folder. */
static void expect_error(int code, const char *fmt, const char *what) {
  struct source src;
  struct strata_error err;
  int rc = load(&src, &err);
  is_int(rc, code, "%s: refused", what);
  ok(src.items == NULL && src.count == 0 && src.dir == NULL,
     "%s: the source is left empty", what);
  char want[1024];
  snprintf(want, sizeof want, fmt, dir, dir, dir);
  is_str(err.message, want, "%s: message", what);
  source_release(&src);
}

static void test_pairs_and_ignored(void) {
  fresh_folder();
  write_file("0001_create_users.up.sql", "CREATE TABLE users (id int);\n");
  write_file("0001_create_users.down.sql", "DROP TABLE users;\n");
  write_file("0002_seed.sql", "INSERT INTO users VALUES (1);\n");
  write_file("0003_index.up.sql", "CREATE INDEX i ON users (id);\n");
  write_file("README.md", "not a migration");
  write_file(".0004_hidden.sql", "SELECT 1;");
  write_file("0005_backup.sql~", "SELECT 1;");
  write_file("notes.txt", "");
  mkdir(path_in("archive"), 0700);
  write_file("archive/0006_old.sql", "SELECT 1;");
  mkdir(path_in("0007_folder.sql"), 0700);
  mkdir(path_in("0008-bad-folder.sql"), 0700);

  struct source src;
  struct strata_error err;
  int rc = load(&src, &err);
  if (!is_int(rc, 0, "a folder with pairs, singles and other files loads")) {
    printf("#   %s\n", err.message);
    return;
  }
  is_int(src.count, 3, "three migrations");
  is_str(src.dir, dir, "the source keeps its folder");
  struct migration *m = &src.items[0];
  is_str(m->version, "0001", "first: version");
  is_str(m->name, "create_users", "first: name");
  is_str(m->up_path, path_in("0001_create_users.up.sql"), "first: up path");
  is_str(m->down_path, path_in("0001_create_users.down.sql"),
         "first: down path");
  is_int(m->has_down, 1, "first: has a down");
  is_str(m->up, "CREATE TABLE users (id int);\n", "first: up script read");
  is_int(m->up_len, 29, "first: up length");
  ok(m->down == NULL, "first: down script not read yet");
  char sum[CHECKSUM_SIZE];
  checksum_script(m->up, m->up_len, sum);
  is_str(m->checksum, sum, "first: checksum of the up script");
  is_str(migration_label(m), m->up_path, "first: label is the up path");

  is_int(source_load_down(m, &err), 0, "load the first down script");
  is_str(m->down, "DROP TABLE users;\n", "first: down script");
  is_int(m->down_len, 18, "first: down length");
  char *before = m->down;
  /* Gone from the disk, the file could not be read a second time. */
  unlink(m->down_path);
  is_int(source_load_down(m, &err), 0, "loading it again is fine");
  ok(m->down == before && strcmp(m->down, "DROP TABLE users;\n") == 0,
     "and reads nothing again");

  m = &src.items[1];
  is_str(m->version, "0002", "second: version");
  is_str(m->name, "seed", "second: name");
  is_int(m->has_down, 0, "second: a single file has no down");
  ok(m->down_path == NULL, "second: no down path");
  strata_error_clear(&err);
  is_int(source_load_down(m, &err), STRATA_ENODOWN, "second: no down script");
  char want[8600];
  snprintf(want, sizeof want, "migration '%s' has no down script",
           path_in("0002_seed.sql"));
  is_str(err.message, want, "second: the ENODOWN message names it");

  is_str(src.items[2].name, "index", "third: an up file without a down");
  is_int(src.items[2].has_down, 0, "third: has no down");
  source_release(&src);
  ok(src.items == NULL && src.count == 0 && src.dir == NULL,
     "release empties the source");
}

static void test_bom_and_crlf(void) {
  fresh_folder();
  write_file("1_bom.sql", "\xEF\xBB\xBF"
                          "SELECT 1;\r\nSELECT 2;\r\n");
  write_file("2_bom.up.sql", "\xEF\xBB\xBFSELECT 3;\n");
  write_file("2_bom.down.sql", "\xEF\xBB\xBF"
                               "SELECT 4;\r\n");
  struct source src;
  struct strata_error err;
  if (!is_int(load(&src, &err), 0, "scripts with a BOM load"))
    return;
  is_str(src.items[0].up, "SELECT 1;\r\nSELECT 2;\r\n",
         "the BOM is removed, CRLF kept");
  is_int(src.items[0].up_len, 22, "the length leaves the BOM out");
  char sum[CHECKSUM_SIZE];
  checksum_script("SELECT 1;\nSELECT 2;\n", 20, sum);
  is_str(src.items[0].checksum, sum, "the checksum is the LF script's");
  is_int(source_load_down(&src.items[1], &err), 0, "a down script with a BOM");
  is_str(src.items[1].down, "SELECT 4;\r\n", "the down's BOM is removed");
  source_release(&src);
}

static void test_order(void) {
  fresh_folder();
  static const char *const files[] = {
      "100000000000000000000_twenty_one_digits.sql",
      "99999999999999999999_twenty_nines.sql",
      "18446744073709551616_past_uint64.sql",
      "10_ten.sql",
      "2_two.up.sql",
      "0003_three.sql",
      "20250108000000_timestamp.sql",
  };
  static const char *const order[] = {
      "2",
      "0003",
      "10",
      "20250108000000",
      "18446744073709551616",
      "99999999999999999999",
      "100000000000000000000",
  };
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
    write_file(files[i], "SELECT 1;\n");
  struct source src;
  struct strata_error err;
  if (!is_int(load(&src, &err), 0, "versions of every length load"))
    return;
  is_int(src.count, 7, "seven migrations");
  for (size_t i = 0; i < src.count && i < 7; i++)
    is_str(src.items[i].version, order[i], "position %zu", i + 1);
  is_str(source_find(&src, "3") ? source_find(&src, "3")->name : NULL, "three",
         "source_find compares numerically");
  is_str(source_find(&src, "00010") ? source_find(&src, "00010")->name : NULL,
         "ten", "source_find ignores leading zeros");
  ok(source_find(&src, "100000000000000000000") == &src.items[6],
     "source_find finds a 21-digit version");
  ok(source_find(&src, "4") == NULL, "source_find: an absent version");
  ok(source_find(&src, "1") == NULL, "source_find: below the first");
  ok(source_find(&src, "999999999999999999999") == NULL,
     "source_find: above the last");
  source_release(&src);
}

static void test_empty_folder(void) {
  fresh_folder();
  struct source src;
  struct strata_error err;
  is_int(load(&src, &err), 0, "an empty folder loads");
  is_int(src.count, 0, "with no migrations");
  ok(source_find(&src, "1") == NULL, "source_find in an empty source");
  source_release(&src);
}

static void test_folder_errors(void) {
  empty_folder(root);
  expect_error(STRATA_ESOURCE,
               "migrations folder '%s' does not exist; create it or pass "
               "--dir",
               "a missing folder");
  FILE *f = fopen(dir, "w");
  if (f != NULL)
    fclose(f);
  expect_error(STRATA_ESOURCE,
               "migrations folder '%s' is not a folder; pass the right one "
               "with --dir",
               "a file in place of the folder");
  unlink(dir);

  fresh_folder();
  if (geteuid() == 0) {
    ok(1, "an unreadable folder # SKIP root reads any folder");
    ok(1, "an unreadable file # SKIP root reads any file");
  } else {
    chmod(dir, 0);
    struct source src;
    struct strata_error err;
    is_int(load(&src, &err), STRATA_EIO, "an unreadable folder is refused");
    chmod(dir, 0700);
    write_file("1_a.sql", "SELECT 1;");
    chmod(path_in("1_a.sql"), 0);
    is_int(load(&src, &err), STRATA_EIO, "an unreadable file is refused");
  }
}

static void test_file_errors(void) {
  static const struct {
    const char *files[3];
    int code;
    const char *message; /* "%s" is the folder */
    const char *what;
  } cases[] = {
      {{"0003-users.sql"},
       STRATA_ESOURCE,
       "malformed migration file name '0003-users.sql': expected "
       "VERSION_name.sql, VERSION_name.up.sql or VERSION_name.down.sql "
       "(VERSION is digits)",
       "a malformed name"},
      {{"0001_a.sql", "1_b.sql"},
       STRATA_ESOURCE,
       "duplicate migration version 0001: '%s/0001_a.sql' and '%s/1_b.sql'; "
       "give one of them another version",
       "two versions that compare equal"},
      {{"0001_a.sql", "0001_a.up.sql"},
       STRATA_ESOURCE,
       "duplicate migration version 0001: '%s/0001_a.sql' and "
       "'%s/0001_a.up.sql'; give one of them another version",
       "a single file and an up file"},
      {{"0001_a.up.sql", "0001_a.down.sql", "1_a.down.sql"},
       STRATA_ESOURCE,
       "duplicate migration version 0001: '%s/0001_a.down.sql' and "
       "'%s/1_a.down.sql'; give one of them another version",
       "two down files"},
      {{"0002_x.down.sql"},
       STRATA_ESOURCE,
       "down file '%s/0002_x.down.sql' has no up file of its version; add "
       "one or remove it",
       "a down file alone"},
      {{"0001_a.up.sql", "0002_b.down.sql"},
       STRATA_ESOURCE,
       "down file '%s/0002_b.down.sql' has no up file of its version; add "
       "one or remove it",
       "a down file of another version"},
      {{"0001_a.up.sql", "0001_b.down.sql"},
       STRATA_ESOURCE,
       "down file '%s/0001_b.down.sql' does not match up file "
       "'%s/0001_a.up.sql' of the same version; give them the same name",
       "a down file with another name"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fresh_folder();
    for (size_t j = 0; j < 3 && cases[i].files[j] != NULL; j++)
      write_file(cases[i].files[j], "SELECT 1;\n");
    expect_error(cases[i].code, cases[i].message, cases[i].what);
  }

  fresh_folder();
  write_file("0001_a.sql", "SELECT 1;\n");
  if (symlink("nowhere.sql", path_in("0002_b.sql")) == 0)
    expect_error(STRATA_EIO,
                 "cannot read migration file '%s/0002_b.sql': No such file "
                 "or directory",
                 "a link to nothing");
  else
    ok(0, "make a symbolic link");
}

/* Scripts in an up file: empty ones are fine (no-ops), ones not UTF-8, a
 * template nobody wrote in and another tool's sections are not. */
#define BYTES(literal) literal, sizeof literal - 1

static const struct {
  const char *text;
  size_t len;
  const char *problem; /* NULL: the script is fine */
} scripts[] = {
    {BYTES(""), NULL},
    {BYTES(" \n\t\r\n\f\v"), NULL},
    {BYTES("\xEF\xBB\xBF\n"), NULL},
    {BYTES("-- only a comment\n"), NULL},
    {BYTES("-- Write the change here.\n"),
     "is still the template 'strata new' wrote; write the change in it, or "
     "delete it"},
    {BYTES("-- Write the change here.\nSELECT 1;\n"), NULL},
    {BYTES("-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\n"),
     "holds the dbmate section marker '-- migrate:up' (line 1): it is a "
     "dbmate migration, which must not run whole; pass --layout dbmate (or "
     "set layout = dbmate in strata.conf)"},
    {BYTES("CREATE TABLE t (id int);\r\n  --  MIGRATE:DOWN \r\nDROP TABLE t;"),
     "holds the dbmate section marker '-- migrate:down' (line 2): it is a "
     "dbmate migration, which must not run whole; pass --layout dbmate (or "
     "set layout = dbmate in strata.conf)"},
    {BYTES("\n-- +goose Down\nDROP TABLE t;"),
     "holds the goose section marker '-- +goose' (line 2): it is a goose "
     "migration, which must not run whole; pass --layout goose (or set "
     "layout = goose in strata.conf)"},
    {BYTES("-- migrate:upgrade notes\n--+goosey\nSELECT 1;"), NULL},
    {BYTES("SELECT 'caf\xC3\xA9';\n"), NULL},
    {BYTES("SELECT '\xE2\x82\xAC \xF0\x9F\x98\x80';"), NULL},
    {BYTES("SELECT '\xED\x9F\xBF \xEE\x80\x80 \xF4\x8F\xBF\xBF';"), NULL},
    {BYTES("SELECT 1;\nSELECT 2;\nSELECT '\xFF';\n"),
     "is not valid UTF-8 (line 3)"},
    {BYTES("SELECT '\xC0\xAF';"), "is not valid UTF-8 (line 1)"},
    {BYTES("SELECT '\xE0\x80\xAF';"), "is not valid UTF-8 (line 1)"},
    {BYTES("SELECT '\xF0\x80\x80\xAF';"), "is not valid UTF-8 (line 1)"},
    {BYTES("\n\nSELECT '\xED\xA0\x80';"), "is not valid UTF-8 (line 3)"},
    {BYTES("SELECT '\xF4\x90\x80\x80';"), "is not valid UTF-8 (line 1)"},
    {BYTES("SELECT '\xF5\x80\x80\x80';"), "is not valid UTF-8 (line 1)"},
    {BYTES("SELECT '\x80';"), "is not valid UTF-8 (line 1)"},
    {BYTES("SELECT '\xC3';"), "is not valid UTF-8 (line 1)"},
    {BYTES("SELECT 1;\n\xE2\x82"), "is not valid UTF-8 (line 2)"},
    {BYTES("SELECT '\xE2\x28\xA1';"), "is not valid UTF-8 (line 1)"},
    {BYTES("S\0E\0L\0"), "contains a NUL byte (line 1); save it as UTF-8 text"},
    {BYTES("SELECT 1;\nSELECT 2;\nSELECT\0 3;\n"),
     "contains a NUL byte (line 3); save it as UTF-8 text"},
    {BYTES("SELECT 1;\nSELECT 22;\n\xFF SELECT 3;\n"),
     "is not valid UTF-8 (line 3)"},
};

static void test_script_checks(void) {
  for (size_t i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
    fresh_folder();
    write_bytes("0001_a.sql", scripts[i].text, scripts[i].len);
    char what[64];
    snprintf(what, sizeof what, "up script %zu", i + 1);
    if (scripts[i].problem == NULL) {
      struct source src;
      struct strata_error err;
      is_int(load(&src, &err), 0, "%s is fine", what);
      source_release(&src);
      continue;
    }
    char fmt[256];
    snprintf(fmt, sizeof fmt, "migration file '%%s/0001_a.sql' %s",
             scripts[i].problem);
    expect_error(STRATA_ESOURCE, fmt, what);
  }
}

/* A bad down script is found only when the down is loaded. */
static void test_down_checks(void) {
  static const struct {
    const char *text;
    const char *problem;
  } downs[] = {
      {"-- Write here how to undo the change.\n",
       "is still the template 'strata new' wrote; write the change in it, "
       "or delete it"},
      {"DROP TABLE t;\n-- \xC0\x80\n", "is not valid UTF-8 (line 2)"},
  };
  for (size_t i = 0; i < sizeof downs / sizeof downs[0]; i++) {
    fresh_folder();
    write_file("0001_a.up.sql", "CREATE TABLE t (id int);\n");
    write_file("0001_a.down.sql", downs[i].text);
    struct source src;
    struct strata_error err;
    if (!is_int(load(&src, &err), 0, "bad down %zu: the folder loads", i + 1))
      continue;
    strata_error_clear(&err);
    is_int(source_load_down(&src.items[0], &err), STRATA_ESOURCE,
           "bad down %zu: refused when loaded", i + 1);
    char want[8600];
    snprintf(want, sizeof want, "migration file '%s' %s",
             path_in("0001_a.down.sql"), downs[i].problem);
    is_str(err.message, want, "bad down %zu: message", i + 1);
    ok(src.items[0].down == NULL, "bad down %zu: nothing kept", i + 1);
    source_release(&src);
  }
  fresh_folder();
  write_file("0001_a.up.sql", "CREATE TABLE t (id int);\n");
  write_file("0001_a.down.sql", "DROP TABLE t;\n");
  struct source src;
  struct strata_error err;
  if (is_int(load(&src, &err), 0, "a pair loads")) {
    unlink(path_in("0001_a.down.sql"));
    is_int(source_load_down(&src.items[0], &err), STRATA_EIO,
           "a down file removed since the load is an I/O error");
    source_release(&src);
  }
}

/* Ten thousand files in one folder: all found, in order. */
static void test_many(void) {
  fresh_folder();
  size_t n = 10000;
  for (size_t i = 0; i < n; i++) {
    char name[64];
    snprintf(name, sizeof name, "%zu_m%zu.%s", i + 1, i + 1,
             i % 2 ? "sql" : "up.sql");
    write_file(name, "SELECT 1;\n");
    if (i % 2 == 0) {
      snprintf(name, sizeof name, "%zu_m%zu.down.sql", i + 1, i + 1);
      write_file(name, "SELECT 2;\n");
    }
  }
  struct source src;
  struct strata_error err;
  if (!is_int(load(&src, &err), 0, "ten thousand migrations load"))
    return;
  is_int(src.count, n, "all of them");
  int ordered = 1, paired = 1;
  for (size_t i = 0; i < src.count; i++) {
    char want[32];
    snprintf(want, sizeof want, "%zu", i + 1);
    ordered = ordered && strcmp(src.items[i].version, want) == 0;
    paired = paired && src.items[i].has_down == (i % 2 == 0);
  }
  ok(ordered, "in numeric order");
  ok(paired, "each up found its down");
  source_release(&src);
}

static void test_memory(void) {
  const struct strata_migration_def defs[] = {
      {"10", "ten", "CREATE TABLE ten (id int);", NULL},
      {"2", "two",
       "\xEF\xBB\xBF"
       "CREATE TABLE two (id int);",
       "DROP TABLE two;"},
      {"0003", "three", "CREATE TABLE three (id int);\r\n", "DROP TABLE t3;"},
  };
  struct source src;
  struct strata_error err;
  strata_error_clear(&err);
  if (!is_int(source_load_memory(&src, defs, 3, &err), 0,
              "a memory source loads"))
    return;
  is_int(src.count, 3, "three migrations");
  ok(src.dir == NULL, "a memory source has no folder");
  is_str(src.items[0].version, "2", "ordered: first");
  is_str(src.items[1].version, "0003", "ordered: second");
  is_str(src.items[2].version, "10", "ordered: third");
  struct migration *two = &src.items[0];
  is_str(two->name, "two", "name copied");
  is_str(two->up, "CREATE TABLE two (id int);", "up copied without its BOM");
  is_int(two->up_len, 26, "up length");
  is_int(two->has_down, 1, "has_down when down is given");
  is_str(two->down, "DROP TABLE two;", "down copied at load");
  is_int(two->down_len, 15, "down length");
  ok(two->up != defs[1].up + 3, "up is a copy");
  ok(two->up_path == NULL && two->down_path == NULL, "no paths in memory");
  is_str(migration_label(two), "2_two", "label is VERSION_name");
  is_str(migration_label(&src.items[1]), "0003_three", "label keeps zeros");
  is_int(source_load_down(two, &err), 0, "load_down of a memory migration");
  char sum[CHECKSUM_SIZE];
  checksum_script("CREATE TABLE two (id int);", 26, sum);
  is_str(two->checksum, sum, "checksum of the up script");
  is_int(src.items[2].has_down, 0, "no down when down is NULL");
  strata_error_clear(&err);
  is_int(source_load_down(&src.items[2], &err), STRATA_ENODOWN,
         "load_down without a down");
  is_str(err.message, "migration '10_ten' has no down script",
         "the ENODOWN message names it");
  ok(source_find(&src, "3") == &src.items[1], "source_find in memory");
  source_release(&src);

  is_int(source_load_memory(&src, NULL, 0, &err), 0, "no migrations at all");
  is_int(src.count, 0, "an empty memory source");
  source_release(&src);
}

static void test_memory_errors(void) {
  static const struct {
    struct strata_migration_def defs[2];
    size_t count;
    const char *message;
  } cases[] = {
      {{{"0001", "a", "SELECT 1;", NULL}, {"1", "b", "SELECT 2;", NULL}},
       2,
       "duplicate migration version 0001: '0001_a' and '1_b'; give one of "
       "them another version"},
      {{{"1", "a", "SELECT 1;", "-- +goose Down\nDROP TABLE t;"}},
       1,
       "down script of migration '1_a' holds the goose section marker '-- "
       "+goose' (line 1): it is a goose migration, which must not run whole; "
       "pass --layout goose (or set layout = goose in strata.conf)"},
      {{{"1", "a", "SELECT '\xED\xB0\x80';", NULL}},
       1,
       "migration '1_a' is not valid UTF-8 (line 1)"},
      {{{"1a", "a", "SELECT 1;", NULL}},
       1,
       "invalid migration version '1a': expected digits"},
      {{{NULL, "a", "SELECT 1;", NULL}},
       1,
       "invalid migration version '': expected digits"},
      {{{"2", "", "SELECT 1;", NULL}}, 1, "migration 2 has no name"},
      {{{"3", "o'brien", "SELECT 1;", NULL}},
       1,
       "invalid name 'o'brien' for migration 3: use letters, digits, '_' "
       "and '-'"},
      {{{"1", "a", "SELECT 1;", NULL}, {"2", NULL, "SELECT 1;", NULL}},
       2,
       "migration 2 has no name"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct source src;
    struct strata_error err;
    strata_error_clear(&err);
    is_int(source_load_memory(&src, cases[i].defs, cases[i].count, &err),
           STRATA_ESOURCE, "bad memory source %zu is refused", i + 1);
    ok(src.items == NULL && src.count == 0,
       "bad memory source %zu: the source is left empty", i + 1);
    is_str(err.message, cases[i].message, "bad memory source %zu: message",
           i + 1);
    source_release(&src);
  }
}

/* An error cleared after a failure reports nothing, and the next one
 * holds none of what the first said: clearing empties the strings rather
 * than zeroing the whole struct. */
static void test_error_cleared(void) {
  struct strata_error err;
  strata__error_set(&err, STRATA_ESOURCE, "first failure");
  strata__error_add_detail(&err, "first detail");
  snprintf(err.sqlstate, sizeof err.sqlstate, "42P01");
  snprintf(err.file, sizeof err.file, "m/0001_a.up.sql");
  err.line = 3;
  err.column = 4;
  err.offset = 17;
  strata_error_clear(&err);
  ok(err.code == STRATA_OK && err.message[0] == '\0' && err.detail[0] == '\0' &&
         err.sqlstate[0] == '\0' && err.file[0] == '\0' && err.line == 0 &&
         err.column == 0 && err.offset == -1,
     "a cleared error reports nothing");
  strata__error_set(&err, STRATA_EIO, "second failure");
  strata__error_add_detail(&err, "second detail");
  is_str(err.message, "second failure", "the next error has its message");
  is_str(err.detail, "second detail", "and only its own detail");
}

int main(void) {
  const char *tmp = getenv("TMPDIR");
  snprintf(root, sizeof root, "%s/strata-test-source-XXXXXX",
           tmp ? tmp : "/tmp");
  if (mkdtemp(root) == NULL) {
    ok(0, "create a temporary folder");
    return done_testing();
  }
  snprintf(dir, sizeof dir, "%s/m", root);
  test_pairs_and_ignored();
  test_bom_and_crlf();
  test_order();
  test_empty_folder();
  test_folder_errors();
  test_file_errors();
  test_script_checks();
  test_down_checks();
  test_many();
  test_memory();
  test_memory_errors();
  test_error_cleared();
  empty_folder(root);
  ok(rmdir(root) == 0, "the temporary folder is removed");
  return done_testing();
}
