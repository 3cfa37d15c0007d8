/*
 * test_script_vet.c - script_vet(), which status asks of every pending
 * migration, says what script_prepare() and script_check() together say
 * of the same script, split by the SQLite driver.
 */
#include <string.h>

#include "script.h"
#include "tap.h"

const struct strata_plugin *driver_sqlite_LTX_strata_plugin_entry(void);

static const struct strata_driver *driver(void) {
  return (const struct strata_driver *)driver_sqlite_LTX_strata_plugin_entry();
}

#define FILE_NAME "m/0001_a.up.sql"

struct vet_case {
  const char *name;
  const char *text;
  struct chunk chunks[2]; /* the layout's chunks; none when length is 0 */
  int refused;            /* what script_vet() returns: 0 or not */
  int line;               /* where the refusal or split error is */
};

static const struct vet_case cases[] = {
    {"statements that run in a transaction",
     "CREATE TABLE a (x int);\nINSERT INTO a VALUES (1);\n",
     {{0, 0, 0}},
     0,
     0},
    {"VACUUM in a transactional script",
     "CREATE TABLE a (x int);\nVACUUM;\n",
     {{0, 0, 0}},
     1,
     2},
    {"the first of two refused statements",
     "SELECT 1;\nVACUUM;\nVACUUM;\n",
     {{0, 0, 0}},
     1,
     2},
    {"VACUUM under the directive",
     "-- strata:no-transaction\nVACUUM;\n",
     {{0, 0, 0}},
     0,
     0},
    {"a split error after a refused statement wins",
     "VACUUM;\nSELECT 'abc;",
     {{0, 0, 0}},
     1,
     2},
    {"a chunk the layout gave whole",
     "VACUUM;\nCREATE TABLE a (x int);\n",
     {{0, 8, 1}, {8, 24, 0}},
     1,
     1},
    {"an empty script", "", {{0, 0, 0}}, 0, 0},
};

static void check_case(const struct vet_case *tc) {
  struct section sec = {0, strlen(tc->text), 0, NULL, 0};
  struct chunk chunks[2];
  if (tc->chunks[0].length > 0) {
    memcpy(chunks, tc->chunks, sizeof chunks);
    sec.chunks = chunks;
    sec.chunk_count = tc->chunks[1].length > 0 ? 2 : 1;
  }
  struct migration_script ms = {tc->text, &sec, FILE_NAME};
  struct strata_error pair_err, vet_err;
  struct script sc;
  strata_error_clear(&pair_err);
  strata_error_clear(&vet_err);
  int pair = script_prepare(&sc, driver(), &ms, &pair_err);
  if (pair == 0) {
    pair = script_check(&sc, &pair_err);
    script_release(&sc);
  }
  int vet = script_vet(driver(), &ms, &vet_err);
  is_int(vet != 0, tc->refused, "%s: %s", tc->name,
         tc->refused ? "refused" : "accepted");
  is_int(vet, pair, "%s: the code prepare and check give", tc->name);
  is_str(vet_err.message, pair_err.message, "%s: their message", tc->name);
  is_str(vet_err.file, pair_err.file, "%s: their file", tc->name);
  is_int(vet_err.line, tc->line, "%s: line %d", tc->name, tc->line);
  is_int(vet_err.line, pair_err.line, "%s: their line", tc->name);
}

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    check_case(&cases[i]);
  return done_testing();
}
