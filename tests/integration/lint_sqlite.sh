#!/bin/sh
# strata lint on SQLite: the fixture's findings in every format, the
# lint-ignore comment, per-rule severities from strata.conf, FILES and
# --rules, and lint = error stopping an up before it touches the database.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

fixture="$STRATA_SRCDIR/tests/integration/fixtures/lint_sqlite"
mkdir -p db/migrations
cp "$fixture"/*.sql db/migrations/
m=db/migrations

# The fixture: every finding, in order, on its line and column.
run_strata lint
is "$rc" 1 "lint exits 1 when a finding is an error"
is "$out" "$m/001_create_things.up.sql:1:57 money-float warning column 'things.price' looks like money but is real, a binary floating-point type that cannot hold cents exactly; use numeric/decimal, or an integer count of cents
$m/002_things_code.up.sql:1:1 missing-down warning migration 002 has no down script, so it cannot be reverted; add one (it may say why it cannot be undone)
$m/002_things_code.up.sql:1:20 alter-rebuild error SQLite's ALTER TABLE cannot add a NOT NULL column without a non-NULL default; rebuild the table instead: create the new table, copy the rows, drop the old one and rename the new one
$m/002_things_code.up.sql:3:20 rename warning renaming table 'things' to 'stuff' breaks running code that uses the old name; add the new name alongside and move the code first
$m/002_things_code.up.sql:4:14 primary-key warning table 'tags' has no primary key, so its rows cannot be told apart, updated one at a time or replicated reliably; add one" \
  "each finding is file:line:col rule severity message"
is "$err" "lint: 1 error, 4 warnings in 2 scripts" "a summary on stderr"
is "$(snapshot)" "none" "lint never opens the database"

# JSON.
run_strata lint --format json
is "$(jget 'd["errors"], d["warnings"], d["scripts"], d["engine"]')" \
  "(1, 4, 2, 'sqlite')" "--format json counts the findings"
is "$(jget '[(f["line"], f["column"], f["rule"], f["severity"]) for f in d["findings"]][2]')" \
  "(1, 20, 'alter-rebuild', 'error')" "and locates each"
run_strata --json lint
is "$(jget 'len(d["findings"])')" 5 "--json is --format json"

# SARIF 2.1.0: one run, the rules that ran, a result per finding.
run_strata lint --format sarif
is "$(jget 'd["version"], d["runs"][0]["tool"]["driver"]["name"]')" \
  "('2.1.0', 'strata')" "--format sarif writes SARIF 2.1.0"
is "$(jget 'sorted(r["id"] for r in d["runs"][0]["tool"]["driver"]["rules"])')" \
  "['alter-rebuild', 'drop-column', 'drop-table', 'fk-index', 'missing-down', 'money-float', 'primary-key', 'rename']" \
  "its rules are those on for SQLite"
is "$(jget '[(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in d["runs"][0]["results"]][2]')" \
  "('alter-rebuild', 'error', 1, '$m/002_things_code.up.sql')" \
  "each result has its rule, level and place"

# GitHub workflow annotations.
run_strata lint --format github
is "$(printf '%s\n' "$out" | sed -n 3p | sed 's/::SQLite.*//')" \
  "::error file=$m/002_things_code.up.sql,line=1,col=20,title=alter-rebuild" \
  "--format github writes one annotation per finding"
is "$(printf '%s\n' "$out" | grep -c '^::warning ')" 4 "warnings as ::warning"

run_strata lint --format yaml
is "$rc" 2 "an unknown format is a usage error"
like "$err" "expects text, json, sarif or github" "which names the formats"

# FILES: only the named file is reported, the earlier migration still read
# (things is not new in 002, so renaming it is a finding).
run_strata lint "$m/002_things_code.up.sql"
is "$(printf '%s\n' "$out" | cut -d' ' -f1-2 | tr '\n' ' ')" \
  "$m/002_things_code.up.sql:1:1 missing-down $m/002_things_code.up.sql:1:20 alter-rebuild $m/002_things_code.up.sql:3:20 rename $m/002_things_code.up.sql:4:14 primary-key " \
  "a named file is linted with the migrations before it as context"
printf 'CREATE TABLE t (a TEXT);\nDROP TABLE t;\n' >loose.sql
run_strata lint loose.sql
is "$out" "loose.sql:1:1 missing-down warning migration loose.sql has no down script, so it cannot be reverted; add one (it may say why it cannot be undone)
loose.sql:1:14 primary-key warning table 't' has no primary key, so its rows cannot be told apart, updated one at a time or replicated reliably; add one" \
  "a file outside the folder is linted alone"
is "$rc" 0 "warnings alone exit 0"
# Editors on Windows save a byte order mark and CRLF; neither takes a column.
printf '\357\273\277ALTER TABLE t DROP COLUMN a;\r\nCREATE TABLE u (id INT);\r\n' >bom.sql
run_strata lint bom.sql
is "$(printf '%s\n' "$out" | cut -d' ' -f1-2 | tr '\n' ' ')" \
  "bom.sql:1:1 missing-down bom.sql:1:15 drop-column bom.sql:2:14 primary-key " \
  "a byte order mark takes no column"
run_strata lint nothere.sql
is "$rc" 1 "a missing file fails"
like "$err" "nothere.sql" "naming it"

# lint-ignore: before the statement or at the end of its line.
write_migration 003_ignored.up.sql "-- strata:lint-ignore alter-rebuild
ALTER TABLE stuff ADD COLUMN a TEXT NOT NULL;
ALTER TABLE stuff ADD COLUMN b TEXT UNIQUE; -- strata:lint-ignore primary-key, alter-rebuild
ALTER TABLE stuff ADD COLUMN c TEXT UNIQUE;"
write_migration 003_ignored.down.sql "SELECT 1;"
run_strata lint "$m/003_ignored.up.sql"
is "$(printf '%s\n' "$out" | cut -d' ' -f1-2)" \
  "$m/003_ignored.up.sql:4:19 alter-rebuild" \
  "lint-ignore silences the rules it names on its statement only"
like "$err" "2 silenced by lint-ignore" "and the summary counts what it silenced"
rm "$m"/003_ignored.*

# A finding about the whole file is silenced from the comments heading it.
write_migration 004_no_down.up.sql "-- strata:no-transaction
-- strata:lint-ignore missing-down
CREATE TABLE t4 (id INTEGER PRIMARY KEY);"
run_strata lint "$m/004_no_down.up.sql"
is "$out" "" "missing-down is silenced by a comment above the first statement"
rm "$m"/004_no_down.*

# strata.conf: a rule turned off, one made an error, one turned on.
printf '[strata]\nlint_rules = alter-rebuild=off, rename=error timestamps=warning\n' \
  >strata.conf
run_strata lint
unlike "$out" "alter-rebuild" "lint_rules turns a rule off"
like "$out" "3:20 rename error" "makes another an error"
like "$out" "1:14 timestamps warning table 'things' has no created_at column" \
  "and turns an opt-in rule on"
run_strata lint --rules
like "$out" "^timestamps +conventions +warning " "--rules shows the severities in force"
printf '[strata]\nlint_rules = drop-table=maybe\n' >strata.conf
run_strata lint
is "$rc" 1 "an unknown severity in lint_rules fails"
like "$err" "unknown severity 'maybe' for 'drop-table'; use error, warning or off" \
  "and says which are known"
printf '[strata]\nlint_rules = no-such-rule=error\n' >strata.conf
run_strata lint
is "$rc" 1 "an unknown rule in lint_rules fails"
like "$err" "no lint rule 'no-such-rule'" "and is named"
rm strata.conf

# lint = error: up lints the pending migrations and applies nothing.
printf '[strata]\nlint = error\n' >strata.conf
run_strata up
is "$rc" 1 "up with lint = error and an erroring migration fails"
like "$err" "002_things_code.up.sql:1:20 alter-rebuild error" "printing the findings"
like "$err" "lint found 1 error in the pending migrations, so nothing was applied" \
  "and saying nothing was applied"
is "$(tables)" "" "the database holds no table"
is "$(applied)" "" "and no history"

# up --json carries the findings and the lint error code.
run_strata --json up
is "$rc" 1 "up --json with lint = error fails too"
is "$(jget 'd["error"]["code"], len(d["lint"])')" "('lint', 5)" \
  "its document has the lint error and the five findings"
is "$(jget '[(f["file"], f["line"], f["rule"], f["severity"]) for f in d["lint"]][2]')" \
  "('$m/002_things_code.up.sql', 1, 'alter-rebuild', 'error')" \
  "each located as strata lint locates it"
is "$(tables)" "" "and the database still holds no table"

# Only the steps about to run are reported: 001 alone passes, its warning
# told, while 002 (still pending, with its error) is left for later.
run_strata --json up --to 001
is "$rc" 0 "up --to 001 runs although the later 002 has an error"
is "$(jget '[f["rule"] for f in d["lint"]], d["applied"]')" \
  "(['money-float'], 1)" "and reports the findings of 001 only"
is "$(applied)" "001" "001 is applied"

# verify works in a scratch database of its own, which lint leaves alone:
# 002 has a lint error but applies and reverts there.
run_strata verify
is "$rc" 1 "verify runs with lint = error (002 has no down, so it is not ok)"
like "$out" "002_things_code.*missing down" "it applied 002 in its scratch database"
unlike "$err" "lint found" "without the lint stopping it"
is "$(applied)" "001" "and the target is as it was"
sqlite3 "$DB" "DELETE FROM strata_migrations; DROP TABLE things;"

# lint = warn prints and goes on (SQLite takes the NOT NULL column here
# only because the table is still empty).
printf '[strata]\nlint = warn\n' >strata.conf
run_strata up
like "$err" "alter-rebuild error" "lint = warn prints the findings"
is "$(applied)" "001 002" "and up goes on"

# Only pending migrations count: 002's error is applied history now.
write_migration 003_notes.up.sql \
  "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
write_migration 003_notes.down.sql "DROP TABLE notes;"
printf '[strata]\nlint = error\n' >strata.conf
run_strata up
is "$rc" 0 "lint = error lets up run when no pending migration has an error"
is "$(applied)" "001 002 003" "and it applies them"
printf '[strata]\nlint = sometimes\n' >strata.conf
run_strata up
is "$rc" 1 "an unknown lint setting is refused"
like "$err" "invalid value 'sometimes' for 'lint': expected error, warn or off" \
  "naming the values it takes"
rm strata.conf

# A folder in another tool's layout is read as up reads it: a dbmate file's
# up section only, its down section counting as the down script.
migration dbmate 20250101000000_things.sql "-- migrate:up
CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT);

-- migrate:down
DROP TABLE things;"
migration dbmate 20250102000000_rename.sql "-- migrate:up
ALTER TABLE things RENAME TO stuff;

-- migrate:down
ALTER TABLE stuff RENAME TO things;
DROP TABLE stuff;"
run_strata -d dbmate lint
is "$out" "dbmate/20250102000000_rename.sql:2:20 rename warning renaming table 'things' to 'stuff' breaks running code that uses the old name; add the new name alongside and move the code first" \
  "a dbmate file is linted in its up section, at its line in the file"

done_testing
