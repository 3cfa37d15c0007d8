/*
 * test_mysql_split.c - the MySQL driver's lexer and statement splitter,
 * without a server: each case gives a script and the exact statements (text
 * and flags) split() must find, or the error and where it points.  Also the
 * mapping of a server's "near '...' at line N" back into a statement.
 */
#include <stdlib.h>
#include <string.h>

#include "split.h"
#include "tap.h"

#define MAX_STATEMENTS 8
#define DDL STRATA_STMT_DDL

struct expected {
  const char *text;
  unsigned flags;
};

struct split_case {
  const char *name;
  const char *script;
  struct expected want[MAX_STATEMENTS + 1]; /* ends with a NULL text */
};

struct collected {
  const char *script;
  int count;
  char *text[MAX_STATEMENTS + 1];
  unsigned flags[MAX_STATEMENTS + 1];
};

static const struct split_case cases[] = {
    /* Plain statements, ranges and flags. */
    {"one statement without a delimiter", "SELECT 1", {{"SELECT 1", 0}}},
    {"statements end at ';', which is not in the range",
     "CREATE TABLE t (a INT);\nINSERT INTO t VALUES (1);\n",
     {{"CREATE TABLE t (a INT)", DDL}, {"INSERT INTO t VALUES (1)", 0}}},
    {"empty statements and blank text are skipped",
     " ;; \n ; SELECT 1 ;\n\n  ",
     {{"SELECT 1", 0}}},
    {"leading and trailing comments are outside the range",
     "-- make t\nCREATE TABLE t (a INT) -- the table\n;\n# done\n",
     {{"CREATE TABLE t (a INT)", DDL}}},
    {"CRLF line ends",
     "CREATE TABLE a (x INT);\r\nDROP TABLE b;\r\n-- c\r\nSELECT 1;\r\n",
     {{"CREATE TABLE a (x INT)", DDL}, {"DROP TABLE b", DDL}, {"SELECT 1", 0}}},
    {"implicitly committing statements are DDL",
     "ALTER TABLE t ADD b INT; RENAME TABLE t TO u; TRUNCATE u; "
     "GRANT SELECT ON *.* TO x; LOCK TABLES u WRITE; START TRANSACTION; "
     "COMMIT; OPTIMIZE TABLE u",
     {{"ALTER TABLE t ADD b INT", DDL},
      {"RENAME TABLE t TO u", DDL},
      {"TRUNCATE u", DDL},
      {"GRANT SELECT ON *.* TO x", DDL},
      {"LOCK TABLES u WRITE", DDL},
      {"START TRANSACTION", DDL},
      {"COMMIT", DDL},
      {"OPTIMIZE TABLE u", DDL}}},
    {"data statements are not DDL",
     "insert into t values (1); update t set a = 2; delete from t; "
     "select * from t; set @a = 1; replace into t values (3); "
     "call p(); load data infile 'x' into table t",
     {{"insert into t values (1)", 0},
      {"update t set a = 2", 0},
      {"delete from t", 0},
      {"select * from t", 0},
      {"set @a = 1", 0},
      {"replace into t values (3)", 0},
      {"call p()", 0},
      {"load data infile 'x' into table t", 0}}},
    {"temporary tables commit nothing",
     "CREATE TEMPORARY TABLE t (a INT); "
     "CREATE OR REPLACE TEMPORARY TABLE u (a INT); DROP TEMPORARY TABLE t; "
     "ROLLBACK TO SAVEPOINT s; ROLLBACK",
     {{"CREATE TEMPORARY TABLE t (a INT)", 0},
      {"CREATE OR REPLACE TEMPORARY TABLE u (a INT)", 0},
      {"DROP TEMPORARY TABLE t", 0},
      {"ROLLBACK TO SAVEPOINT s", 0},
      {"ROLLBACK", DDL}}},

    /* Strings, identifiers and comments. */
    {"';' inside single and double quoted strings",
     "INSERT INTO t VALUES ('a;b', \"c;d\"); SELECT 2",
     {{"INSERT INTO t VALUES ('a;b', \"c;d\")", 0}, {"SELECT 2", 0}}},
    {"backslash escapes and doubled quotes",
     "SELECT 'it\\'s;', 'it''s;', \"say \\\"hi;\\\"\", \"x\"\"y;\", '\\\\';"
     "SELECT 3",
     {{"SELECT 'it\\'s;', 'it''s;', \"say \\\"hi;\\\"\", \"x\"\"y;\", '\\\\'",
       0},
      {"SELECT 3", 0}}},
    {"backtick identifiers with ';' and doubled backticks",
     "CREATE TABLE `a;b` (`c``;` INT); SELECT `x`",
     {{"CREATE TABLE `a;b` (`c``;` INT)", DDL}, {"SELECT `x`", 0}}},
    {"# comments hold ';' and quotes",
     "SELECT 1 # not; 'here\n + 1; SELECT 2",
     {{"SELECT 1 # not; 'here\n + 1", 0}, {"SELECT 2", 0}}},
    {"-- comments need a space or control character after the dashes",
     "SELECT 1 -- a; b\n; SELECT 5--1;\nSELECT 6 --\tx;\n;SELECT 7 --",
     {{"SELECT 1", 0}, {"SELECT 5--1", 0}, {"SELECT 6", 0}, {"SELECT 7", 0}}},
    {"--x is not a comment",
     "SELECT 1 --x;\nSELECT 2",
     {{"SELECT 1 --x", 0}, {"SELECT 2", 0}}},
    {"block comments hold ';'",
     "/* intro; */ SELECT /* a; b */ 1; /**/ SELECT 2 /* end */",
     {{"SELECT /* a; b */ 1", 0}, {"SELECT 2", 0}}},
    {"versioned comments stay in the statement",
     "/*!40101 SET NAMES utf8mb4 */;\n"
     "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ "
     "/*!50003 TRIGGER t1 BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1 */;\n"
     "/*M!100100 SELECT 1 */;",
     {{"/*!40101 SET NAMES utf8mb4 */", 0},
      {"/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 "
       "TRIGGER t1 BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1 */",
       DDL},
      {"/*M!100100 SELECT 1 */", 0}}},
    {"a ';' inside a versioned comment ends the statement, as in the client",
     "/*!40000 SET @a = 1; SET @b = 2 */;",
     {{"/*!40000 SET @a = 1", 0}, {"SET @b = 2 */", 0}}},
    {"a versioned comment holding a whole procedure",
     "/*!50003 CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END */;\n"
     "SELECT 3;",
     {{"/*!50003 CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END */", DDL},
      {"SELECT 3", 0}}},
    {"optimizer hints are comments inside the statement",
     "SELECT /*+ MAX_EXECUTION_TIME(1); */ 1; SELECT 2",
     {{"SELECT /*+ MAX_EXECUTION_TIME(1); */ 1", 0}, {"SELECT 2", 0}}},

    /* The DELIMITER directive. */
    {"DELIMITER ;; and back",
     "DELIMITER ;;\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND;;\n"
     "DELIMITER ;\nSELECT 2;\n",
     {{"CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND", DDL}, {"SELECT 2", 0}}},
    {"DELIMITER //",
     "DELIMITER //\nCREATE FUNCTION f() RETURNS INT\nBEGIN\n  RETURN 1;\n"
     "END //\nSELECT 1; SELECT 2 //\nDELIMITER ;\n",
     {{"CREATE FUNCTION f() RETURNS INT\nBEGIN\n  RETURN 1;\nEND", DDL},
      {"SELECT 1; SELECT 2", 0}}},
    {"DELIMITER $$ ends words too",
     "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\n"
     "DELIMITER ;\n",
     {{"CREATE PROCEDURE p() BEGIN SELECT 1; END", DDL}}},
    {"lowercase delimiter, CRLF, and a last statement with no delimiter",
     "delimiter //\r\nselect 1; select 2//\r\nDelimiter ;\r\nselect 3",
     {{"select 1; select 2", 0}, {"select 3", 0}}},
    {"a quoted delimiter and comments before the directive",
     "-- switch\nDELIMITER '$$'\nSELECT 1$$ SELECT '$$' $$",
     {{"SELECT 1", 0}, {"SELECT '$$'", 0}}},
    {"DELIMITER is a directive only at a statement's start",
     "CREATE TABLE t (\n  delimiter INT\n);",
     {{"CREATE TABLE t (\n  delimiter INT\n)", DDL}}},
    {"a mysqldump trigger under DELIMITER ;;",
     "DELIMITER ;;\n/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`%`*/ "
     "/*!50003 TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN\n"
     "  SET NEW.a = 1;\nEND */;;\nDELIMITER ;\n",
     {{"/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`%`*/ /*!50003 TRIGGER trg "
       "BEFORE INSERT ON t FOR EACH ROW BEGIN\n  SET NEW.a = 1;\nEND */",
       DDL}}},

    /* Stored programs written without DELIMITER. */
    {"a procedure with BEGIN ... END",
     "CREATE PROCEDURE p()\nBEGIN\n  INSERT INTO t VALUES (1);\n"
     "  SELECT * FROM t;\nEND;\nSELECT 1;",
     {{"CREATE PROCEDURE p()\nBEGIN\n  INSERT INTO t VALUES (1);\n"
       "  SELECT * FROM t;\nEND",
       DDL},
      {"SELECT 1", 0}}},
    {"a definer, nested BEGIN ... END and an empty block",
     "CREATE DEFINER=`app`@`%` PROCEDURE p() BEGIN BEGIN SELECT 1; END; "
     "BEGIN END; END; SELECT 2",
     {{"CREATE DEFINER=`app`@`%` PROCEDURE p() BEGIN BEGIN SELECT 1; END; "
       "BEGIN END; END",
       DDL},
      {"SELECT 2", 0}}},
    {"IF ... END IF closes the IF, not the BEGIN",
     "CREATE PROCEDURE p(x INT) BEGIN IF x > 0 THEN SELECT 1; "
     "ELSEIF x < 0 THEN SELECT 2; ELSE SELECT 3; END IF; SELECT 4; END; "
     "SELECT 5",
     {{"CREATE PROCEDURE p(x INT) BEGIN IF x > 0 THEN SELECT 1; ELSEIF x < 0 "
       "THEN SELECT 2; ELSE SELECT 3; END IF; SELECT 4; END",
       DDL},
      {"SELECT 5", 0}}},
    {"IF with a parenthesised condition, IF() and IF NOT EXISTS",
     "CREATE PROCEDURE p() BEGIN IF (SELECT COUNT(*) FROM t) = 0 THEN "
     "INSERT INTO t VALUES (IF(1, 2, 3)); END IF; "
     "IF NOT EXISTS (SELECT 1 FROM u) THEN SELECT 1; END IF; "
     "CREATE TABLE IF NOT EXISTS v (a INT); DROP TABLE IF EXISTS w; "
     "SET @x = IF(@y, 1, 2); SELECT IF(a, b, c) FROM t; END; SELECT 9",
     {{"CREATE PROCEDURE p() BEGIN IF (SELECT COUNT(*) FROM t) = 0 THEN "
       "INSERT INTO t VALUES (IF(1, 2, 3)); END IF; IF NOT EXISTS (SELECT 1 "
       "FROM u) THEN SELECT 1; END IF; CREATE TABLE IF NOT EXISTS v (a INT); "
       "DROP TABLE IF EXISTS w; SET @x = IF(@y, 1, 2); SELECT IF(a, b, c) "
       "FROM t; END",
       DDL},
      {"SELECT 9", 0}}},
    {"CASE statement and CASE expression",
     "CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC BEGIN\n"
     "  DECLARE r INT;\n"
     "  CASE x WHEN 1 THEN SET r = 10; ELSE SET r = 0; END CASE;\n"
     "  SELECT CASE WHEN x > 1 THEN 'a' ELSE 'b' END INTO @s;\n"
     "  RETURN (CASE x WHEN 2 THEN r END);\nEND;\nSELECT 1",
     {{"CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC BEGIN\n"
       "  DECLARE r INT;\n"
       "  CASE x WHEN 1 THEN SET r = 10; ELSE SET r = 0; END CASE;\n"
       "  SELECT CASE WHEN x > 1 THEN 'a' ELSE 'b' END INTO @s;\n"
       "  RETURN (CASE x WHEN 2 THEN r END);\nEND",
       DDL},
      {"SELECT 1", 0}}},
    {"a function whose body is one statement",
     "CREATE FUNCTION f(x INT) RETURNS INT RETURN CASE WHEN x > 0 THEN 1 "
     "ELSE 0 END; SELECT f(1)",
     {{"CREATE FUNCTION f(x INT) RETURNS INT RETURN CASE WHEN x > 0 THEN 1 "
       "ELSE 0 END",
       DDL},
      {"SELECT f(1)", 0}}},
    {"LOOP, WHILE and REPEAT with labels",
     "CREATE PROCEDURE p() BEGIN DECLARE i INT DEFAULT 0;\n"
     "l1: LOOP SET i = i + 1; IF i > 3 THEN LEAVE l1; END IF; END LOOP l1;\n"
     "WHILE i > 0 DO SET i = i - 1; END WHILE;\n"
     "REPEAT SET i = i + 1; UNTIL i >= 5 END REPEAT;\n"
     "SELECT REPEAT('x', i);\nEND;\nSELECT 1",
     {{"CREATE PROCEDURE p() BEGIN DECLARE i INT DEFAULT 0;\n"
       "l1: LOOP SET i = i + 1; IF i > 3 THEN LEAVE l1; END IF; END LOOP l1;\n"
       "WHILE i > 0 DO SET i = i - 1; END WHILE;\n"
       "REPEAT SET i = i + 1; UNTIL i >= 5 END REPEAT;\n"
       "SELECT REPEAT('x', i);\nEND",
       DDL},
      {"SELECT 1", 0}}},
    {"a labelled BEGIN ... END and a handler block",
     "CREATE PROCEDURE p() main: BEGIN\n"
     "  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN SET @e = 1; END;\n"
     "  DECLARE c CURSOR FOR SELECT a FROM t;\n"
     "  LEAVE main;\nEND main;\nSELECT 1",
     {{"CREATE PROCEDURE p() main: BEGIN\n"
       "  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN SET @e = 1; END;\n"
       "  DECLARE c CURSOR FOR SELECT a FROM t;\n"
       "  LEAVE main;\nEND main",
       DDL},
      {"SELECT 1", 0}}},
    {"a trigger with a BEGIN ... END body",
     "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN\n"
     "  IF NEW.a < 0 THEN SET NEW.a = 0; END IF;\nEND;\nINSERT INTO t VALUES "
     "(1);",
     {{"CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN\n"
       "  IF NEW.a < 0 THEN SET NEW.a = 0; END IF;\nEND",
       DDL},
      {"INSERT INTO t VALUES (1)", 0}}},
    {"a trigger whose body is an IF without BEGIN",
     "CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW IF NEW.a < 0 THEN "
     "SET NEW.a = 0; END IF; SELECT 1",
     {{"CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW IF NEW.a < 0 THEN "
       "SET NEW.a = 0; END IF",
       DDL},
      {"SELECT 1", 0}}},
    {"a one-statement trigger",
     "CREATE DEFINER = CURRENT_USER TRIGGER trg AFTER DELETE ON t FOR EACH "
     "ROW DELETE FROM u WHERE u.id = OLD.id; SELECT 1",
     {{"CREATE DEFINER = CURRENT_USER TRIGGER trg AFTER DELETE ON t FOR EACH "
       "ROW DELETE FROM u WHERE u.id = OLD.id",
       DDL},
      {"SELECT 1", 0}}},
    {"an event with a body",
     "CREATE EVENT e ON SCHEDULE EVERY 1 DAY ON COMPLETION NOT PRESERVE DO "
     "BEGIN DELETE FROM t; INSERT INTO log VALUES (NOW()); END; SELECT 1",
     {{"CREATE EVENT e ON SCHEDULE EVERY 1 DAY ON COMPLETION NOT PRESERVE DO "
       "BEGIN DELETE FROM t; INSERT INTO log VALUES (NOW()); END",
       DDL},
      {"SELECT 1", 0}}},
    {"OR REPLACE, IF NOT EXISTS and a quoted definer with a host",
     "CREATE OR REPLACE DEFINER='root'@'localhost' PROCEDURE IF NOT EXISTS "
     "p() BEGIN SELECT 1; END; SELECT 2",
     {{"CREATE OR REPLACE DEFINER='root'@'localhost' PROCEDURE IF NOT EXISTS "
       "p() BEGIN SELECT 1; END",
       DDL},
      {"SELECT 2", 0}}},
    {"a user named like a program kind does not fool the header",
     "CREATE DEFINER=event@localhost VIEW v AS SELECT 1; SELECT 2",
     {{"CREATE DEFINER=event@localhost VIEW v AS SELECT 1", DDL},
      {"SELECT 2", 0}}},
    {"columns named begin and end outside blocks",
     "CREATE PROCEDURE p() BEGIN SELECT begin, end FROM r WHERE end > "
     "begin; UPDATE r SET end = 1; END; SELECT 1",
     {{"CREATE PROCEDURE p() BEGIN SELECT begin, end FROM r WHERE end > "
       "begin; UPDATE r SET end = 1; END",
       DDL},
      {"SELECT 1", 0}}},
    {"strings and comments inside a body",
     "CREATE PROCEDURE p() BEGIN\n  -- END;\n  # END;\n  /* END; */\n"
     "  SELECT 'END;', `END;`;\nEND;\nSELECT 1",
     {{"CREATE PROCEDURE p() BEGIN\n  -- END;\n  # END;\n  /* END; */\n"
       "  SELECT 'END;', `END;`;\nEND",
       DDL},
      {"SELECT 1", 0}}},
    {"a CASE expression in an ordinary statement",
     "SELECT CASE WHEN a THEN 1 END FROM t; UPDATE t SET b = CASE a WHEN 1 "
     "THEN 2 END",
     {{"SELECT CASE WHEN a THEN 1 END FROM t", 0},
      {"UPDATE t SET b = CASE a WHEN 1 THEN 2 END", 0}}},
    {"MariaDB's BEGIN NOT ATOMIC and a top-level IF",
     "BEGIN NOT ATOMIC DECLARE x INT; SET x = 1; END; "
     "IF @a THEN SELECT 1; END IF; BEGIN; SELECT 2",
     {{"BEGIN NOT ATOMIC DECLARE x INT; SET x = 1; END", DDL},
      {"IF @a THEN SELECT 1; END IF", DDL},
      {"BEGIN", DDL},
      {"SELECT 2", 0}}},
    {"MariaDB's FOR loop",
     "CREATE PROCEDURE p() BEGIN FOR i IN 1..3 DO SELECT i; END FOR; "
     "SELECT a FROM t FOR UPDATE; END; SELECT 1",
     {{"CREATE PROCEDURE p() BEGIN FOR i IN 1..3 DO SELECT i; END FOR; "
       "SELECT a FROM t FOR UPDATE; END",
       DDL},
      {"SELECT 1", 0}}},
    {"ALTER EVENT with a body",
     "ALTER EVENT e DO BEGIN SELECT 1; END; SELECT 2",
     {{"ALTER EVENT e DO BEGIN SELECT 1; END", DDL}, {"SELECT 2", 0}}},
    {"an unbalanced body runs to the end of the script",
     "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2;",
     {{"CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2;", DDL}}},
};

struct error_case {
  const char *name;
  const char *script;
  long offset;
  const char *message_part;
};

static const struct error_case errors[] = {
    {"unterminated single-quoted string", "SELECT 1;\nSELECT 'abc;\n", 17,
     "unterminated string"},
    {"unterminated double-quoted string", "SELECT \"a\\\"", 7,
     "unterminated string"},
    {"a string ending in a backslash", "SELECT 'a\\'", 7,
     "unterminated string"},
    {"unterminated quoted identifier", "SELECT `a", 7,
     "unterminated quoted identifier"},
    {"unterminated comment", "SELECT 1; /* x", 10, "unterminated comment"},
    {"unterminated versioned comment", "/*!50003 SELECT 1", 0,
     "unterminated comment"},
    {"DELIMITER with nothing after it", "SELECT 1;\nDELIMITER\nSELECT 2", 10,
     "DELIMITER needs"},
    {"a delimiter that is too long", "DELIMITER 0123456789abcdefg\n", 10,
     "too long"},
    {"a delimiter with a backslash", "DELIMITER \\d\n", 10, "backslash"},
};

struct position_case {
  const char *name;
  const char *sql;
  const char *message;
  long offset;
};

#define SYNTAX                                                                 \
  "You have an error in your SQL syntax; check the manual that "               \
  "corresponds to your MariaDB server version for the right "                  \
  "syntax to use "

static const struct position_case positions[] = {
    {"the near text on line 3", "SELECT 1,\n  2 FROM\n  WHERE x",
     SYNTAX "near 'WHERE x' at line 3", 21},
    {"a near text that is the last character",
     "CREATE TABLE t (\n a INT,\n b INT,\n)", SYNTAX "near ')' at line 4", 33},
    {"a near text cut by the server and marked with ...",
     "SELECT 1 FROM\n dual WHERE 1 AND frob zzz yyyy "
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
     SYNTAX "near 'zzz yyyy aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            "aaaaaaaaaaaaa...' at line 2",
     37},
    {"a near text repeated on the line: the statement's ending wins",
     "SELECT x x x", SYNTAX "near 'x' at line 1", 11},
    {"near '' points after the statement's last character", "SELECT 1 +\n  \n",
     SYNTAX "near '' at line 3", 10},
    {"a near text not on its line falls back to the line's start",
     "SELECT 1\nFROM t WHERE", SYNTAX "near 'elsewhere...' at line 2", 9},
    {"a line past the statement's end", "SELECT 1", SYNTAX "near 'x' at line 5",
     -1},
    {"no line in the message", "SELECT * FROM nope",
     "Table 'd1.nope' doesn't exist", -1},
    {"a message of MySQL's without a near text", "SELECT 1\nFROM",
     "Something failed at line 2", 9},
};

static void check_position(const struct position_case *pc) {
  is_int(mysqldrv_error_position(pc->sql, strlen(pc->sql), pc->message),
         pc->offset, "error position: %s", pc->name);
}

static int collect(void *ctx, const struct strata_statement *stmt) {
  struct collected *c = ctx;
  if (c->count >= MAX_STATEMENTS + 1)
    return 1;
  c->text[c->count] = strndup(c->script + stmt->offset, stmt->length);
  c->flags[c->count] = stmt->flags;
  c->count++;
  return 0;
}

static void release(struct collected *c) {
  for (int i = 0; i < c->count; i++)
    free(c->text[i]);
}

static int count_expected(const struct split_case *sc) {
  int n = 0;
  while (n <= MAX_STATEMENTS && sc->want[n].text != NULL)
    n++;
  return n;
}

static void check_case(const struct split_case *sc) {
  struct collected got = {sc->script, 0, {0}, {0}};
  struct strata_error err;
  int want = count_expected(sc);
  int rc = mysqldrv_split(sc->script, strlen(sc->script), collect, &got, &err);
  is_int(rc, 0, "%s: splits", sc->name);
  if (rc != 0)
    printf("#   error: %s (offset %ld)\n", err.message, err.offset);
  is_int(got.count, want, "%s: %d statement(s)", sc->name, want);
  for (int i = 0; i < want && i < got.count; i++) {
    is_str(got.text[i], sc->want[i].text, "%s: statement %d", sc->name, i + 1);
    is_int(got.flags[i], sc->want[i].flags, "%s: flags of statement %d",
           sc->name, i + 1);
  }
  release(&got);
}

static void check_error(const struct error_case *ec) {
  struct collected got = {ec->script, 0, {0}, {0}};
  struct strata_error err = {.offset = -1}; /* what split() must overwrite */
  int rc = mysqldrv_split(ec->script, strlen(ec->script), collect, &got, &err);
  is_int(rc, STRATA_ESQL, "%s: is an error", ec->name);
  is_int(err.code, STRATA_ESQL, "%s: err->code", ec->name);
  is_int(err.offset, ec->offset, "%s: points at the start", ec->name);
  ok(strstr(err.message, ec->message_part) != NULL, "%s: says '%s' (%s)",
     ec->name, ec->message_part, err.message);
  release(&got);
}

static int stop_after_first(void *ctx, const struct strata_statement *stmt) {
  (void)stmt;
  ++*(int *)ctx;
  return 42;
}

/* A callback's non-zero return stops the split and is its result. */
static void check_stop(void) {
  int calls = 0;
  struct strata_error err;
  int rc =
      mysqldrv_split("SELECT 1; SELECT 2", 18, stop_after_first, &calls, &err);
  is_int(rc, 42, "the callback's return stops the split");
  is_int(calls, 1, "no statement follows a stop");
}

/* Only the given length is read: no terminating NUL is needed. */
static void check_length(void) {
  struct collected got = {"SELECT 1; SELECT 2", 0, {0}, {0}};
  struct strata_error err;
  int rc = mysqldrv_split(got.script, 11, collect, &got, &err);
  is_int(rc, 0, "a prefix splits");
  is_int(got.count, 2, "a prefix has two statements");
  if (got.count == 2)
    is_str(got.text[1], "S", "the second is cut at the length");
  release(&got);
}

/* A long run of nested blocks and statements splits in one pass. */
static void check_deep_nesting(void) {
  const int depth = 1000;
  size_t cap = (size_t)depth * 40 + 64, len = 0;
  char *s = malloc(cap);
  struct collected got = {s, 0, {0}, {0}};
  struct strata_error err;
  int rc;
  len += (size_t)sprintf(s + len, "CREATE PROCEDURE p() ");
  for (int i = 0; i < depth; i++)
    len += (size_t)sprintf(s + len, "BEGIN SELECT %d; ", i);
  for (int i = 0; i < depth; i++)
    len += (size_t)sprintf(s + len, "END; ");
  len += (size_t)sprintf(s + len, "SELECT 1");
  rc = mysqldrv_split(s, len, collect, &got, &err);
  is_int(rc, 0, "%d nested blocks split", depth);
  is_int(got.count, 2, "nested blocks are one statement, then the next");
  release(&got);
  free(s);
}

int main(void) {
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    check_case(&cases[i]);
  for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
    check_error(&errors[i]);
  for (size_t i = 0; i < sizeof(positions) / sizeof(positions[0]); i++)
    check_position(&positions[i]);
  check_stop();
  check_length();
  check_deep_nesting();
  return done_testing();
}
