/*
 * test_postgres_split.c - the PostgreSQL driver's statement splitter, with
 * no server: what each script splits into, the flags of each statement,
 * COPY blocks, and where lexical errors are blamed.
 */
#include "postgres.h"
#include "tap.h"

#include <stdlib.h>

#define MAX_STATEMENTS 8

struct collected {
  char *text[MAX_STATEMENTS];
  unsigned flags[MAX_STATEMENTS];
  struct postgres_statement stmt[MAX_STATEMENTS];
  size_t count;
  const char *script;
};

static int collect(void *ctx, const struct postgres_statement *st) {
  struct collected *c = ctx;
  if (c->count == MAX_STATEMENTS)
    return 99;
  c->text[c->count] = strndup(c->script + st->range.offset, st->range.length);
  c->flags[c->count] = st->range.flags;
  c->stmt[c->count] = *st;
  c->count++;
  return 0;
}

static void collected_release(struct collected *c) {
  for (size_t i = 0; i < c->count; i++)
    free(c->text[i]);
  c->count = 0;
}

static int split(const char *script, struct collected *c,
                 struct strata_error *err) {
  memset(c, 0, sizeof *c);
  c->script = script;
  return postgres_split_statements(script, strlen(script), collect, c, err);
}

struct split_case {
  const char *name;
  const char *script;
  const char *want[MAX_STATEMENTS]; /* NULL after the last */
};

static const struct split_case split_cases[] = {
    {"plain statements", "SELECT 1; SELECT 2;", {"SELECT 1", "SELECT 2"}},
    {"last statement without a semicolon",
     "SELECT 1;\nSELECT 2\n",
     {"SELECT 1", "SELECT 2"}},
    {"empty statements and a trailing comment",
     ";; SELECT 1;;\n-- bye;\n",
     {"SELECT 1"}},
    {"dollar quote $$",
     "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
     "SELECT f();",
     {"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
      "SELECT f()"}},
    {"tagged dollar quote holding $$",
     "SELECT $fn$ a $$ ; $$ b $fn$; SELECT 2",
     {"SELECT $fn$ a $$ ; $$ b $fn$", "SELECT 2"}},
    {"nested dollar quotes with different tags",
     "DO $outer$ BEGIN EXECUTE $inner$ SELECT 1; $inner$; END $outer$;\n"
     "SELECT 3;",
     {"DO $outer$ BEGIN EXECUTE $inner$ SELECT 1; $inner$; END $outer$",
      "SELECT 3"}},
    {"DO block",
     "DO $$\nBEGIN\n  RAISE NOTICE 'a;b';\nEND\n$$;\nSELECT 1;",
     {"DO $$\nBEGIN\n  RAISE NOTICE 'a;b';\nEND\n$$", "SELECT 1"}},
    {"E'' string with \\' and ;",
     "SELECT E'it\\'s; ok'; SELECT 2",
     {"SELECT E'it\\'s; ok'", "SELECT 2"}},
    {"standard string with ''",
     "SELECT 'it''s; ok'; SELECT 2",
     {"SELECT 'it''s; ok'", "SELECT 2"}},
    {"standard string ending in a backslash",
     "SELECT 'a\\'; SELECT 2",
     {"SELECT 'a\\'", "SELECT 2"}},
    {"quoted identifiers",
     "CREATE TABLE \"semi;colon\" (\"a\"\"b;\" int); SELECT 1",
     {"CREATE TABLE \"semi;colon\" (\"a\"\"b;\" int)", "SELECT 1"}},
    {"nested block comments",
     "/* a /* b; */ c; */ SELECT 1; SELECT /* ; */ 2",
     {"SELECT 1", "SELECT /* ; */ 2"}},
    {"-- comment holding ;",
     "SELECT 1 -- not the end; really\n, 2; SELECT 3",
     {"SELECT 1 -- not the end; really\n, 2", "SELECT 3"}},
    {"BEGIN ATOMIC body",
     "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n"
     "  SELECT 1;\n  SELECT CASE WHEN true THEN 2 END;\nEND;\nSELECT 3;",
     {"CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n"
      "  SELECT 1;\n  SELECT CASE WHEN true THEN 2 END;\nEND",
      "SELECT 3"}},
    {"BEGIN ATOMIC in CREATE OR REPLACE PROCEDURE",
     "create or replace procedure p() language sql begin atomic "
     "insert into t values (1); insert into t values (2); end; select 1",
     {"create or replace procedure p() language sql begin atomic "
      "insert into t values (1); insert into t values (2); end",
      "select 1"}},
    {"transaction BEGIN and END are statements",
     "BEGIN; SELECT 1; END;",
     {"BEGIN", "SELECT 1", "END"}},
    {"semicolons inside parentheses",
     "CREATE RULE r AS ON INSERT TO t DO INSTEAD "
     "(INSERT INTO u VALUES (1); INSERT INTO v VALUES (2)); SELECT 1",
     {"CREATE RULE r AS ON INSERT TO t DO INSTEAD "
      "(INSERT INTO u VALUES (1); INSERT INTO v VALUES (2))",
      "SELECT 1"}},
    {"CRLF line endings",
     "SELECT 1;\r\nSELECT\r\n  2;\r\n",
     {"SELECT 1", "SELECT\r\n  2"}},
    {"byte-order mark", "\xef\xbb\xbfSELECT 1;", {"SELECT 1"}},
    {"COPY FROM stdin block",
     "COPY t (a, b) FROM stdin;\n1\tx;y\n2\t'lone quote\n\\.\nSELECT 1;",
     {"COPY t (a, b) FROM stdin;\n1\tx;y\n2\t'lone quote\n\\.", "SELECT 1"}},
    {"COPY block with CRLF",
     "COPY t FROM STDIN WITH (FORMAT csv);\r\n1,\"a;b\"\r\n\\.\r\nSELECT "
     "2;\r\n",
     {"COPY t FROM STDIN WITH (FORMAT csv);\r\n1,\"a;b\"\r\n\\.", "SELECT 2"}},
    {"COPY rows opening a dollar quote",
     "copy t from stdin;\n$$x\n\\.\nSELECT 1;\nSELECT $$;$$;",
     {"copy t from stdin;\n$$x\n\\.", "SELECT 1", "SELECT $$;$$"}},
    {"COPY with no rows",
     "COPY t FROM stdin;\n\\.\n",
     {"COPY t FROM stdin;\n\\."}},
    {"COPY from a file is a plain statement",
     "COPY t FROM '/tmp/x'; SELECT 1",
     {"COPY t FROM '/tmp/x'", "SELECT 1"}},
};

static void check_split_case(const struct split_case *tc) {
  struct collected c;
  struct strata_error err;
  int rc = split(tc->script, &c, &err);
  size_t want = 0;
  while (want < MAX_STATEMENTS && tc->want[want] != NULL)
    want++;
  if (!is_int(rc, 0, "%s: splits", tc->name))
    printf("#   %s\n", err.message);
  is_int(c.count, want, "%s: %zu statements", tc->name, want);
  for (size_t i = 0; i < want && i < c.count; i++)
    is_str(c.text[i], tc->want[i], "%s: statement %zu", tc->name, i + 1);
  collected_release(&c);
}

struct flag_case {
  const char *sql;
  unsigned flags;
};

#define NO_TX STRATA_STMT_NO_TRANSACTION
#define DDL STRATA_STMT_DDL

static const struct flag_case flag_cases[] = {
    {"CREATE INDEX CONCURRENTLY i ON t (a)", NO_TX | DDL},
    {"create unique index concurrently if not exists i on t (a)", NO_TX | DDL},
    {"DROP INDEX CONCURRENTLY i", NO_TX | DDL},
    {"REINDEX TABLE CONCURRENTLY t", NO_TX},
    {"REINDEX (VERBOSE) INDEX CONCURRENTLY i", NO_TX},
    {"VACUUM", NO_TX},
    {"vacuum analyze t", NO_TX},
    {"CREATE DATABASE d", NO_TX | DDL},
    {"DROP DATABASE d", NO_TX | DDL},
    {"ALTER SYSTEM SET work_mem = '8MB'", NO_TX | DDL},
    {"CREATE TABLESPACE s LOCATION '/x'", NO_TX | DDL},
    {"DROP TABLESPACE s", NO_TX | DDL},
    {"/* c */ CREATE /* c */ INDEX -- c\n CONCURRENTLY i ON t (a)",
     NO_TX | DDL},
    {"CREATE INDEX i ON t (a)", DDL},
    {"CREATE INDEX \"concurrently\" ON t (a)", DDL},
    {"REINDEX TABLE t", 0},
    {"SELECT 'CREATE INDEX CONCURRENTLY'", 0},
    {"ALTER TABLE t ADD COLUMN b int", DDL},
    {"DROP TABLE t", DDL},
    {"COMMENT ON TABLE t IS 'x'", DDL},
    {"GRANT SELECT ON t TO PUBLIC", DDL},
    {"REVOKE SELECT ON t FROM PUBLIC", DDL},
    {"TRUNCATE t", DDL},
    {"INSERT INTO t VALUES (1)", 0},
    {"ANALYZE t", 0},
};

static void check_flag_case(const struct flag_case *tc) {
  struct collected c;
  struct strata_error err;
  char name[128];
  snprintf(name, sizeof name, "%s", tc->sql);
  for (char *p = strchr(name, '\n'); p != NULL; p = strchr(p, '\n'))
    *p = ' ';
  int rc = split(tc->sql, &c, &err);
  is_int(rc == 0 && c.count == 1, 1, "'%s' is one statement", name);
  is_int(c.count == 1 ? c.flags[0] : 0xff, tc->flags, "'%s' flags", name);
  collected_release(&c);
}

struct error_case {
  const char *name;
  const char *script;
  const char *message;
  long offset;
};

static const struct error_case error_cases[] = {
    {"unterminated dollar quote", "SELECT 1;\nSELECT $x$ abc;",
     "unterminated dollar-quoted string", 17},
    {"unterminated string after multibyte text", "SELECT 'é';\nSELECT 'x",
     "unterminated quoted string", 20},
    {"unterminated comment", "SELECT 1; /* a /* b */",
     "unterminated /* comment", 10},
    {"unterminated quoted identifier", "SELECT \"a",
     "unterminated quoted identifier", 7},
    {"COPY block without \\.", "SELECT 1;\nCOPY t FROM stdin;\n1\n",
     "COPY FROM stdin has no data block ending in a line '\\.'", 10},
    {"lone quote after a COPY block", "COPY t FROM stdin;\n'\n\\.\nSELECT ';",
     "unterminated quoted string", 31},
};

static void check_error_case(const struct error_case *tc) {
  struct collected c;
  struct strata_error err;
  int rc = split(tc->script, &c, &err);
  is_int(rc, STRATA_ESQL, "%s: STRATA_ESQL", tc->name);
  is_str(err.message, tc->message, "%s: message", tc->name);
  is_int(err.offset, tc->offset, "%s: offset", tc->name);
  collected_release(&c);
}

static void test_copy_parts(void) {
  const char *script = "-- load\nCOPY t (a) FROM stdin;\n1\n2\n\\.\nSELECT 1";
  struct collected c;
  struct strata_error err;
  is_int(split(script, &c, &err), 0, "COPY script splits");
  const struct postgres_statement *st = &c.stmt[0];
  ok(st->is_copy_block, "COPY statement is a block");
  is_int(st->command_length, strlen("COPY t (a) FROM stdin"),
         "COPY command ends before its semicolon");
  is_int(st->data_offset, strlen("-- load\nCOPY t (a) FROM stdin;\n"),
         "COPY rows start on the next line");
  is_int(st->data_length, strlen("1\n2\n"), "COPY rows end before \\.");
  is_int(c.count, 2, "the statement after the rows is found");
  ok(!c.stmt[1].is_copy_block, "the next statement is no block");
  collected_release(&c);
}

static void test_copy_block_lookup(void) {
  const char *block = "COPY t FROM stdin;\na\n\\.";
  struct postgres_statement st;
  struct strata_error err;
  is_int(postgres_copy_block(block, strlen(block), &st, &err), 1,
         "a COPY range is recognised at exec");
  is_int(st.command_length, strlen("COPY t FROM stdin"), "its command");
  is_int(st.data_offset, strlen("COPY t FROM stdin;\n"), "its rows' start");
  is_int(st.data_length, 2, "its rows' length");
  is_int(postgres_copy_block("SELECT 1", 8, &st, &err), 0,
         "a plain statement is no block");
  is_int(postgres_copy_block("SELECT '\n\\.", 11, &st, &err), STRATA_ESQL,
         "a broken statement that looks like a block is an error");
}

static int stop_at_first(void *ctx, const struct strata_statement *st) {
  (void)st;
  ++*(int *)ctx;
  return 7;
}

static void test_callback_stops(void) {
  int calls = 0;
  struct strata_error err;
  is_int(postgres_split("SELECT 1; SELECT 2", 18, stop_at_first, &calls, &err),
         7, "the callback's return value stops the split");
  is_int(calls, 1, "no statement after the stop");
}

int main(void) {
  for (size_t i = 0; i < sizeof split_cases / sizeof split_cases[0]; i++)
    check_split_case(&split_cases[i]);
  for (size_t i = 0; i < sizeof flag_cases / sizeof flag_cases[0]; i++)
    check_flag_case(&flag_cases[i]);
  for (size_t i = 0; i < sizeof error_cases / sizeof error_cases[0]; i++)
    check_error_case(&error_cases[i]);
  test_copy_parts();
  test_copy_block_lookup();
  test_callback_stops();
  return done_testing();
}
