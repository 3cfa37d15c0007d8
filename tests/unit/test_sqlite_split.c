/*
 * test_sqlite_split.c - the SQLite driver's statement splitter, through the
 * driver table, on scripts whose statements and flags are known.
 */
#include "sqlite.h"
#include "tap.h"

#include <stdlib.h>

#define DDL STRATA_STMT_DDL
#define NOTX STRATA_STMT_NO_TRANSACTION
#define MAX_STATEMENTS 8

struct want {
  const char *text;
  unsigned flags;
};

struct split_case {
  const char *name;
  const char *script;
  struct want want[MAX_STATEMENTS]; /* ends at the first NULL text */
};

static const struct split_case cases[] = {
    {"plain statements",
     "CREATE TABLE a (x int);\nINSERT INTO a VALUES (1);\nSELECT * FROM a;\n",
     {{"CREATE TABLE a (x int)", DDL},
      {"INSERT INTO a VALUES (1)", 0},
      {"SELECT * FROM a", 0}}},
    {"trigger body keeps its semicolons",
     "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
     "  INSERT INTO log VALUES (new.x);\n"
     "  UPDATE c SET n = n + 1;\n"
     "END;\nSELECT 1;",
     {{"CREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
       "  INSERT INTO log VALUES (new.x);\n"
       "  UPDATE c SET n = n + 1;\n"
       "END",
       DDL},
      {"SELECT 1", 0}}},
    {"temp trigger with WHEN and a string holding END;",
     "create temp trigger if not exists t before delete on a "
     "when old.x > 0 begin select raise(abort, 'no; end;'); end;\n"
     "DELETE FROM a;",
     {{"create temp trigger if not exists t before delete on a "
       "when old.x > 0 begin select raise(abort, 'no; end;'); end",
       DDL},
      {"DELETE FROM a", 0}}},
    {"a trigger however its first words are spaced or commented",
     "CREATE\n  TEMPORARY Trigger t AFTER INSERT ON a BEGIN SELECT 1; END;\n"
     "create/* c; */trigger u AFTER INSERT ON a BEGIN SELECT 2; END;\n"
     "EXPLAIN CREATE TRIGGER v AFTER INSERT ON a BEGIN SELECT 3; END;\n"
     "CREATE TABLE trigger_log (x);",
     {{"CREATE\n  TEMPORARY Trigger t AFTER INSERT ON a BEGIN SELECT 1; END",
       DDL},
      {"create/* c; */trigger u AFTER INSERT ON a BEGIN SELECT 2; END", DDL},
      {"EXPLAIN CREATE TRIGGER v AFTER INSERT ON a BEGIN SELECT 3; END", 0},
      {"CREATE TABLE trigger_log (x)", DDL}}},
    {"strings hold semicolons and doubled quotes",
     "INSERT INTO a VALUES ('it''s; fine');SELECT ';', '''';",
     {{"INSERT INTO a VALUES ('it''s; fine')", 0}, {"SELECT ';', ''''", 0}}},
    {"quoted identifiers hold semicolons",
     "CREATE TABLE \"a;b\" ([c;d] int, `e;f` text);\nSELECT \"x\"\";y\";",
     {{"CREATE TABLE \"a;b\" ([c;d] int, `e;f` text)", DDL},
      {"SELECT \"x\"\";y\"", 0}}},
    {"doubled backquotes",
     "SELECT `a``;b` FROM t;",
     {{"SELECT `a``;b` FROM t", 0}}},
    {"blob literals",
     "INSERT INTO b VALUES (x'3b3b', X'00');INSERT INTO b VALUES (x'');",
     {{"INSERT INTO b VALUES (x'3b3b', X'00')", 0},
      {"INSERT INTO b VALUES (x'')", 0}}},
    {"comments hold semicolons and lead their statement",
     "-- a; b\nSELECT 1; /* c; d */ SELECT 2 -- e;\n;",
     {{"-- a; b\nSELECT 1", 0}, {"/* c; d */ SELECT 2 -- e;", 0}}},
    {"a comment before the semicolon",
     "SELECT 1 /* x; */;",
     {{"SELECT 1 /* x; */", 0}}},
    {"empty statements are dropped", ";;SELECT 1;; ;\n;", {{"SELECT 1", 0}}},
    {"comment-only script", "-- nothing; here\n/* nor; here */\n", {{0}}},
    {"comments between statements are dropped",
     "SELECT 1;\n-- the end;\n/* really */;\n",
     {{"SELECT 1", 0}}},
    {"empty script", "", {{0}}},
    {"blank script", " \n\t\r\n", {{0}}},
    {"final statement without a semicolon",
     "SELECT 1;\nSELECT 2\n\n",
     {{"SELECT 1", 0}, {"SELECT 2", 0}}},
    {"final line comment without a newline",
     "SELECT 1 -- trailing",
     {{"SELECT 1 -- trailing", 0}}},
    {"statements start at their first non-blank character",
     "  \n\t SELECT 1 ;\n\n  SELECT 2\t;",
     {{"SELECT 1", 0}, {"SELECT 2", 0}}},
    {"CRLF line endings",
     "CREATE TABLE a (x int);\r\n-- note\r\nINSERT INTO a VALUES (1);\r\n"
     "CREATE TRIGGER t AFTER INSERT ON a BEGIN\r\n  SELECT 1;\r\nEND;\r\n",
     {{"CREATE TABLE a (x int)", DDL},
      {"-- note\r\nINSERT INTO a VALUES (1)", 0},
      {"CREATE TRIGGER t AFTER INSERT ON a BEGIN\r\n  SELECT 1;\r\nEND", DDL}}},
    {"VACUUM cannot run in a transaction",
     "vacuum;\nVACUUM INTO 'copy.db';\n/* first */ Vacuum main",
     {{"vacuum", NOTX},
      {"VACUUM INTO 'copy.db'", NOTX},
      {"/* first */ Vacuum main", NOTX}}},
    {"CREATE, ALTER and DROP are DDL",
     "create index i on a(x); Alter TABLE a ADD y int; DROP VIEW v;"
     "-- c\nCREATE VIEW v AS SELECT 1;",
     {{"create index i on a(x)", DDL},
      {"Alter TABLE a ADD y int", DDL},
      {"DROP VIEW v", DDL},
      {"-- c\nCREATE VIEW v AS SELECT 1", DDL}}},
    {"foreign_keys off runs before the transaction, journal_mode outside",
     "PRAGMA foreign_keys = OFF; pragma main.Journal_Mode=WAL;\n"
     "PRAGMA\n  foreign_keys;PRAGMA foreign_keys=0;PRAGMA foreign_keys(false);"
     "PRAGMA foreign_keys = ON;",
     {{"PRAGMA foreign_keys = OFF", STRATA_STMT_BEFORE_TRANSACTION},
      {"pragma main.Journal_Mode=WAL", NOTX},
      {"PRAGMA\n  foreign_keys", 0},
      {"PRAGMA foreign_keys=0", STRATA_STMT_BEFORE_TRANSACTION},
      {"PRAGMA foreign_keys(false)", STRATA_STMT_BEFORE_TRANSACTION},
      {"PRAGMA foreign_keys = ON", 0}}},
    {"other statements carry no flag",
     "UPDATE a SET x = 1; PRAGMA user_version = 3; "
     "WITH c AS (SELECT 1) SELECT * FROM c; CREATED; DROPS;",
     {{"UPDATE a SET x = 1", 0},
      {"PRAGMA user_version = 3", 0},
      {"WITH c AS (SELECT 1) SELECT * FROM c", 0},
      {"CREATED", 0},
      {"DROPS", 0}}},
    {"a leading byte order mark is skipped",
     "\xEF\xBB\xBFSELECT 1;",
     {{"SELECT 1", 0}}},
};

struct collected {
  const char *script;
  size_t count;
  char *text[64];
  unsigned flags[64];
  int stop_after; /* return 42 after this many statements; 0: never */
};

static int collect(void *ctx, const struct strata_statement *stmt) {
  struct collected *c = ctx;
  if (c->count < sizeof c->text / sizeof *c->text) {
    c->text[c->count] = strndup(c->script + stmt->offset, stmt->length);
    c->flags[c->count] = stmt->flags;
  }
  c->count++;
  return c->stop_after > 0 && c->count == (size_t)c->stop_after ? 42 : 0;
}

static void collected_release(struct collected *c) {
  for (size_t i = 0; i < c->count && i < sizeof c->text / sizeof *c->text; i++)
    free(c->text[i]);
}

static const struct strata_driver *driver(void) {
  return (const struct strata_driver *)driver_sqlite_LTX_strata_plugin_entry();
}

static void check_case(const struct split_case *tc) {
  struct collected got = {.script = tc->script};
  struct strata_error err;
  size_t want_count = 0;
  while (want_count < MAX_STATEMENTS && tc->want[want_count].text != NULL)
    want_count++;
  int rc = driver()->split(tc->script, strlen(tc->script), collect, &got, &err);
  is_int(rc, 0, "%s: splits", tc->name);
  is_int(got.count, want_count, "%s: %zu statements", tc->name, want_count);
  for (size_t i = 0; i < want_count && i < got.count; i++) {
    is_str(got.text[i], tc->want[i].text, "%s: statement %zu text", tc->name,
           i + 1);
    is_int(got.flags[i], tc->want[i].flags, "%s: statement %zu flags", tc->name,
           i + 1);
  }
  collected_release(&got);
}

struct bad_case {
  const char *name;
  const char *script;
  size_t length;
  long offset;
  const char *message;
};

static const struct bad_case bad_cases[] = {
    {"unterminated string", "SELECT 1;\nSELECT 'abc;", 0, 17,
     "unterminated string literal: it has no closing '"},
    {"unterminated double-quoted identifier", "SELECT \"abc;", 0, 7,
     "unterminated quoted identifier: it has no closing \""},
    {"unterminated bracket identifier", "SELECT [abc;", 0, 7,
     "unterminated quoted identifier: it has no closing ]"},
    {"unterminated backquoted identifier", "SELECT `abc;", 0, 7,
     "unterminated quoted identifier: it has no closing `"},
    {"unterminated block comment", "SELECT 1; /* open; SELECT 2;", 0, 10,
     "unterminated comment: it has no closing */"},
    {"a NUL byte", "SELECT 1;\0SELECT 2;", 19, 9,
     "script holds a NUL byte: SQLite would stop reading there"},
};

static void check_bad_case(const struct bad_case *tc) {
  struct collected got = {.script = tc->script};
  struct strata_error err;
  size_t length = tc->length ? tc->length : strlen(tc->script);
  int rc = driver()->split(tc->script, length, collect, &got, &err);
  is_int(rc, STRATA_ESOURCE, "%s: refused", tc->name);
  is_int(err.code, STRATA_ESOURCE, "%s: err->code is set", tc->name);
  is_int(err.offset, tc->offset, "%s: offset points at the opening", tc->name);
  is_str(err.message, tc->message, "%s: message", tc->name);
  collected_release(&got);
}

static void check_emit_stops_split(void) {
  const char *script = "SELECT 1; SELECT 2; SELECT 3;";
  struct collected got = {.script = script, .stop_after = 2};
  struct strata_error err;
  int rc = driver()->split(script, strlen(script), collect, &got, &err);
  is_int(rc, 42, "a non-zero return from emit is returned");
  is_int(got.count, 2, "and no statement follows it");
  collected_release(&got);
}

/* A scanner that re-read the script at each ';' would take minutes here. */
static void check_long_script(void) {
  enum { COUNT = 100000 };
  static const char one[] = "INSERT INTO t VALUES ('a;b', 1); -- c;\n";
  size_t len = sizeof one - 1;
  char *script = malloc(len * COUNT + 1);
  for (size_t i = 0; i < COUNT; i++)
    memcpy(script + i * len, one, len);
  script[len * COUNT] = '\0';
  struct collected got = {.script = script};
  struct strata_error err;
  int rc = driver()->split(script, len * COUNT, collect, &got, &err);
  is_int(rc, 0, "a %d-statement script splits", COUNT);
  ok(got.count == COUNT, "into %d statements", COUNT);
  is_str(got.text[63], "-- c;\nINSERT INTO t VALUES ('a;b', 1)",
         "each one led by the previous line's comment, without its ';'");
  collected_release(&got);
  free(script);
}

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    check_case(&cases[i]);
  for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++)
    check_bad_case(&bad_cases[i]);
  check_emit_stops_split();
  check_long_script();
  return done_testing();
}
