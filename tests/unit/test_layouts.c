/*
 * test_layouts.c - the layout plugins on their own: what each reads from a
 * file name, and where dbmate's and goose's sections and statement blocks
 * lie, table-driven.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <strata/layout.h>

#include "tap.h"

const struct strata_plugin *layout_plain_LTX_strata_plugin_entry(void);
const struct strata_plugin *layout_dbmate_LTX_strata_plugin_entry(void);
const struct strata_plugin *layout_goose_LTX_strata_plugin_entry(void);
const struct strata_plugin *layout_flyway_LTX_strata_plugin_entry(void);
const struct strata_plugin *layout_diesel_LTX_strata_plugin_entry(void);

static int error_set(struct strata_error *err, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  err->code = code;
  err->offset = -1;
  return code;
}

static const struct strata_host host = {.error_set = error_set};

static const struct strata_layout *layout(const char *name) {
  const struct strata_plugin *p =
      strcmp(name, "plain") == 0    ? layout_plain_LTX_strata_plugin_entry()
      : strcmp(name, "dbmate") == 0 ? layout_dbmate_LTX_strata_plugin_entry()
      : strcmp(name, "goose") == 0  ? layout_goose_LTX_strata_plugin_entry()
      : strcmp(name, "flyway") == 0 ? layout_flyway_LTX_strata_plugin_entry()
                                    : layout_diesel_LTX_strata_plugin_entry();
  return (const struct strata_layout *)p;
}

/* ---- names --------------------------------------------------------------- */

#define IGNORED 1
#define MALFORMED (-6) /* STRATA_ESOURCE */
#define UP STRATA_LAYOUT_UP
#define DOWN STRATA_LAYOUT_DOWN
#define BOTH STRATA_LAYOUT_SECTIONS
#define REPEAT STRATA_LAYOUT_REPEATABLE
#define NOTX STRATA_LAYOUT_NO_TRANSACTION

static const struct {
  const char *layout, *path;
  int rc;
  int role;
  const char *version, *name, *dialect;
  unsigned flags;
} names[] = {
    {"plain", "0001_users.up.sql", 0, UP, "0001", "users", "", 0},
    {"plain", "0001_users.down.sql", 0, DOWN, "0001", "users", "", 0},
    {"plain", "20250108000000_seed.sql", 0, UP, "20250108000000", "seed", "",
     0},
    {"plain", "0002_idx.postgres.autocommit.up.sql", 0, UP, "0002", "idx",
     "postgres", NOTX},
    {"plain", "0002_idx.mysql.down.sql", 0, DOWN, "0002", "idx", "mysql", 0},
    {"plain", "0002_idx.AUTOCOMMIT.up.sql", 0, UP, "0002", "idx", "", NOTX},
    {"plain", "V0001.Name.up.sql", 0, UP, "0001", "Name", "", 0},
    {"plain", "0003_a.upp.sql", MALFORMED, 0, "", "", "", 0},
    {"plain", "0003_a.oracle.up.sql", MALFORMED, 0, "", "", "", 0},
    {"plain", "users.sql", MALFORMED, 0, "", "", "", 0},
    {"plain", "README.md", IGNORED, 0, "", "", "", 0},
    {"plain", ".0001_hidden.sql", IGNORED, 0, "", "", "", 0},
    {"dbmate", "20151129054053_create_users.sql", 0, BOTH, "20151129054053",
     "create_users", "", 0},
    {"dbmate", "create_users.sql", MALFORMED, 0, "", "", "", 0},
    {"goose", "00001_init.sql", 0, BOTH, "00001", "init", "", 0},
    {"goose", "00002_code.go", MALFORMED, 0, "", "", "", 0},
    {"goose", "main.go", IGNORED, 0, "", "", "", 0},
    {"goose", "00002_code_test.go", IGNORED, 0, "", "", "", 0},
    {"flyway", "V1__Create users.sql", 0, UP, "1", "Create_users", "", 0},
    {"flyway", "afterMigrate.sql", MALFORMED, 0, "", "", "", 0},
    {"flyway", "beforeEachMigrate__note.sql", MALFORMED, 0, "", "", "", 0},
    {"flyway", "aftermath.sql", IGNORED, 0, "", "", "", 0},
    {"flyway", "V1_2__b.sql", 0, UP, "1.2", "b", "", 0},
    {"flyway", "V1.10.3__c.sql", 0, UP, "1.10.3", "c", "", 0},
    {"flyway", "U1_2__b.sql", 0, DOWN, "1.2", "b", "", 0},
    {"flyway", "R__views.sql", 0, REPEAT, "", "views", "", 0},
    {"flyway", "V__x.sql", MALFORMED, 0, "", "", "", 0},
    {"flyway", "V1_x.sql", MALFORMED, 0, "", "", "", 0},
    {"flyway", "V1..2__x.sql", MALFORMED, 0, "", "", "", 0},
    {"flyway", "R1__x.sql", MALFORMED, 0, "", "", "", 0},
    {"flyway", "notes.sql", IGNORED, 0, "", "", "", 0},
    {"diesel", "2017-11-25-000000_create_t/up.sql", 0, UP, "20171125000000",
     "create_t", "", 0},
    {"diesel", "20171126000000_second/down.sql", 0, DOWN, "20171126000000",
     "second", "", 0},
    {"diesel", "2017-11-25-000000_create_t/metadata.toml", 0,
     STRATA_LAYOUT_SETTINGS, "20171125000000", "create_t", "", 0},
    {"diesel", "2017-11-25-000000_create_t/README.md", IGNORED, 0, "", "", "",
     0},
    {"diesel", "create_t/up.sql", MALFORMED, 0, "", "", "", 0},
    {"diesel", "up.sql", IGNORED, 0, "", "", "", 0},
};

static void test_names(void) {
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    const struct strata_layout *l = layout(names[i].layout);
    struct strata_layout_file f;
    struct strata_error err = {0};
    int rc = l->parse_name(&host, names[i].path, &f, &err);
    is_int(rc, names[i].rc, "%s: %s", names[i].layout, names[i].path);
    if (rc == MALFORMED)
      ok(strstr(err.message, names[i].path) != NULL,
         "%s: the message quotes the name", names[i].path);
    if (rc != 0)
      continue;
    is_int(f.role, names[i].role, "%s: role", names[i].path);
    is_str(f.version, names[i].version, "%s: version", names[i].path);
    is_str(f.name, names[i].name, "%s: name", names[i].path);
    is_str(f.dialect, names[i].dialect, "%s: engine", names[i].path);
    is_int(f.flags, names[i].flags, "%s: flags", names[i].path);
  }
}

/* ---- sections ------------------------------------------------------------ */

/* The section read, written as "[text]" with its chunks as "{whole}" and
 * "<split>", so a case states all of it in one string. */
struct seen {
  const char *text;
  char out[512];
};

static int record_chunk(void *ctx, size_t offset, size_t length, int whole) {
  struct seen *s = ctx;
  size_t n = strlen(s->out);
  snprintf(s->out + n, sizeof s->out - n, whole ? "{%.*s}" : "<%.*s>",
           (int)length, s->text + offset);
  return 0;
}

static const struct {
  const char *layout, *text;
  int down;
  int rc;
  int present;
  const char *section; /* the section's text */
  const char *chunks;  /* what emit got */
  unsigned flags;
  int error_offset;
} sections[] = {
    {"dbmate", "-- migrate:up\nA;\n-- migrate:down\nB;\n", 0, 0, 1, "A;\n", "",
     0, -1},
    {"dbmate", "-- migrate:up\nA;\n-- migrate:down\nB;\n", 1, 0, 1, "B;\n", "",
     0, -1},
    {"dbmate", "  --  MIGRATE:UP   transaction:false \r\nA;\r\n", 0, 0, 1,
     "A;\r\n", "", NOTX, -1},
    {"dbmate", "-- migrate:down\nB;\n-- migrate:up\nA;\n", 0, 0, 1, "A;\n", "",
     0, -1},
    {"dbmate", "-- migrate:down\nB;\n", 0, 0, 0, "", "", 0, -1},
    {"dbmate", "-- only a comment\n", 1, 0, 1, "-- only a comment\n", "", 0,
     -1},
    {"dbmate", "-- migrate:upgrade\nA;\n", 0, MALFORMED, 0, "", "", 0, 0},
    {"dbmate", "-- migrate:up\nA;\n-- migrate:up\n", 0, MALFORMED, 0, "", "", 0,
     17},
    {"goose", "-- +goose Up\nA;\n-- +goose Down\nB;\n", 0, 0, 1, "A;\n",
     "<A;\n>", 0, -1},
    {"goose",
     "-- +goose up\nA;\n-- +goose StatementBegin\nB; C;\n-- +goose "
     "StatementEnd\nD;\n-- +goose down\nE;\n",
     0, 0, 1,
     "A;\n-- +goose StatementBegin\nB; C;\n-- +goose StatementEnd\nD;\n",
     "<A;\n>{B; C;\n}<D;\n>", 0, -1},
    {"goose",
     "-- +goose Up\n-- +goose StatementBegin\nX;\n-- +goose Down\nY;\n-- "
     "+goose StatementEnd\n",
     0, 0, 1,
     "-- +goose StatementBegin\nX;\n-- +goose Down\nY;\n-- +goose "
     "StatementEnd\n",
     "{X;\n-- +goose Down\nY;\n}", 0, -1},
    {"goose", "-- +goose NO TRANSACTION\n-- +goose Down\nB;\n", 1, 0, 1, "B;\n",
     "<B;\n>", NOTX, -1},
    {"goose", "-- +goose Down\nB;\n", 0, 0, 0, "", "", 0, -1},
    {"goose", "CREATE TABLE t (id int);\n", 0, MALFORMED, 0, "", "", 0, 0},
    {"goose", "-- +goose Up\n-- +goose StatementBegin\nA;\n", 0, MALFORMED, 0,
     "", "", 0, 13},
    {"goose", "-- +goose Up\n-- +goose StatementEnd\n", 0, MALFORMED, 0, "", "",
     0, 13},
    {"plain", "-- no-transaction\nA;\n", 0, 0, 1, "-- no-transaction\nA;\n", "",
     NOTX, -1},
};

static void test_sections(void) {
  for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
    const struct strata_layout *l = layout(sections[i].layout);
    const char *text = sections[i].text;
    struct strata_layout_section sec;
    struct strata_error err = {0};
    struct seen seen = {text, ""};
    enum strata_layout_role role =
        strcmp(sections[i].layout, "plain") == 0 ? UP : BOTH;
    int rc = l->read_section(&host, text, strlen(text), role,
                             sections[i].down ? STRATA_LAYOUT_DIR_DOWN
                                              : STRATA_LAYOUT_DIR_UP,
                             &sec, record_chunk, &seen, &err);
    is_int(rc, sections[i].rc, "section %zu (%s) reads", i + 1,
           sections[i].layout);
    if (rc != 0) {
      is_int(err.offset, sections[i].error_offset,
             "section %zu: the error's position", i + 1);
      continue;
    }
    is_int(sec.present, sections[i].present, "section %zu: present", i + 1);
    char got[512];
    snprintf(got, sizeof got, "%.*s", (int)sec.length, text + sec.offset);
    is_str(got, sections[i].section, "section %zu: its text", i + 1);
    is_str(seen.out, sections[i].chunks, "section %zu: its chunks", i + 1);
    is_int(sec.flags, sections[i].flags, "section %zu: flags", i + 1);
  }
}

static void test_diesel_settings(void) {
  static const struct {
    const char *text;
    unsigned flags;
  } cases[] = {
      {"run_in_transaction = false\n", NOTX},
      {"  run_in_transaction=false   # for CONCURRENTLY\r\n", NOTX},
      {"run_in_transaction = true\n", 0},
      {"# run_in_transaction = false\n", 0},
      {"run_in_transaction = falsey\n", 0},
      {"", 0},
  };
  const struct strata_layout *l = layout("diesel");
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct strata_layout_section sec;
    struct strata_error err = {0};
    is_int(l->read_section(&host, cases[i].text, strlen(cases[i].text),
                           STRATA_LAYOUT_SETTINGS, STRATA_LAYOUT_DIR_UP, &sec,
                           NULL, NULL, &err),
           0, "metadata.toml %zu reads", i + 1);
    is_int(sec.flags, cases[i].flags, "metadata.toml %zu: flags", i + 1);
  }
}

/* ---- claims -------------------------------------------------------------- */

static void test_claims(void) {
  static const struct {
    const char *layout, *path, *text;
    int claims;
  } cases[] = {
      {"dbmate", "1_a.sql", "-- migrate:up\n", 1},
      {"dbmate", "1_a.sql", "-- migrate: up\n", 0},
      {"goose", "1_a.sql", "-- +GOOSE DOWN\n", 1},
      {"goose", "1_a.sql", "-- goose up\n", 0},
      {"flyway", "V1__a.sql", "", 1},
      {"flyway", "R__a.sql", "", 1},
      {"flyway", "V1_a.sql", "", 0},
      {"flyway", "Vendor__a.sql", "", 0},
      {"diesel", "2017-01-01-000000_a/up.sql", "", 1},
      {"diesel", "2017-01-01-000000_a/down.sql", "", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const struct strata_layout *l = layout(cases[i].layout);
    is_int(l->claims(cases[i].path, cases[i].text, strlen(cases[i].text)),
           cases[i].claims, "case %zu: %s claims %s: %d", i + 1,
           cases[i].layout, cases[i].path, cases[i].claims);
  }
  ok(layout("plain")->claims == NULL,
     "plain claims nothing: it is the default");
}

int main(void) {
  test_names();
  test_sections();
  test_diesel_settings();
  test_claims();
  return done_testing();
}
