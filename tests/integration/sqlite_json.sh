#!/bin/sh
# --json: every reporting command prints one valid JSON document on stdout,
# errors included.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

command -v python3 >/dev/null 2>&1 || skip_all "no python3 to read JSON"

three_migrations

run_strata status --json
is "$rc" 0 "status --json succeeds"
is "$(jget 'len(d["migrations"])')" 3 "status lists every migration"
is "$(jget 'd["migrations"][0]["state"]')" pending "with its state"
is "$(jget 'd["summary"]["pending"]')" 3 "and a summary"

run_strata up --json
is "$rc" 0 "up --json succeeds"
is "$(jget '[m["version"] for m in d["migrations"]]')" "['0010', '0020', '0030']" \
  "up lists the migrations it ran"
is "$(jget 'all(m["result"] == "applied" and m["duration_ms"] >= 0 for m in d["migrations"])')" \
  True "each applied, with its duration"
is "$(jget 'd["applied"]')" 3 "and the count"

run_strata status --json
is "$(jget 'd["migrations"][2]["applied_at"] is not None')" True \
  "status gives the time applied"

run_strata down --json
is "$(jget '[m["version"] + ":" + m["direction"] for m in d["migrations"]]')" \
  "['0030:down']" "down lists what it reverted"

run_strata redo --json
is "$(jget '[m["direction"] for m in d["migrations"]]')" "['down', 'up']" \
  "redo lists the down and the up"

run_strata up --dry-run --json
is "$(jget 'd["dry_run"]')" True "a dry run says so"
is "$(jget 'any("ALTER TABLE users ADD COLUMN email" in s for s in d["migrations"][0]["sql"])')" \
  True "and carries the SQL"

run_strata drivers --json
is "$(jget '[p["name"] for p in d["plugins"] if p["problem"] is None and "sqlite" in p["schemes"]]')" \
  "['sqlite']" "drivers lists the SQLite driver"

run_strata new add_tags --json
is "$(jget 'd["up"].endswith("_add_tags.up.sql")')" True "new gives the paths"
rm db/migrations/*_add_tags.*.sql # unwritten, so up would refuse them

run_strata repair --dry-run --json
is "$(jget 'd["changed"]')" 0 "repair reports what it changed"

run_strata --version --json
is "$(jget 'd["version"] != ""')" True "--version --json"

run_strata create -u sqlite:other.db --json
is "$(jget 'd["command"]')" create "create --json"
run_strata drop --yes -u sqlite:other.db --json
is "$(jget 'd["command"]')" drop "drop --json"

# Errors are JSON too, on stdout, with the exit status.
write_migration 0040_bad.up.sql "CREATE TABLE t (id INTEGER);
CREATE TABLEE oops (id INTEGER);"
run_strata up --json
is "$rc" 1 "a failing up exits 1"
is "$(jget 'd["error"]["code"]')" sql "the error has a code"
is "$(jget 'd["error"]["file"].endswith("0040_bad.up.sql")')" True "the file"
is "$(jget 'd["error"]["line"]')" 2 "the line"
is "$(jget 'd["error"]["column"] > 0')" True "the column"
like "$err" "^strata: error: " "the error is also on stderr"
rm db/migrations/0040_bad.up.sql

run_strata status --json --bogus
is "$rc" 2 "a usage error exits 2"
is "$(jget 'd["error"]["code"]')" usage "and is JSON too"

run_strata up -u nosuch://x --json
is "$rc" 1 "an unknown scheme exits 1"
is "$(jget 'd["error"]["code"] in ("url", "plugin")')" True "with its code"

done_testing
