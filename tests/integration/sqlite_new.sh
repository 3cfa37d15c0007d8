#!/bin/sh
# strata new NAME: a timestamped up/down pair in the migrations folder.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

run_strata new create_users
is "$rc" 0 "new succeeds"
is "$(lines "$out")" 2 "it prints two paths"
like "$out" "^db/migrations/[0-9]{14}_create_users\.up\.sql$" "the up file"
like "$out" "^db/migrations/[0-9]{14}_create_users\.down\.sql$" "the down file"
up=$(printf '%s\n' "$out" | head -1)
down=$(printf '%s\n' "$out" | tail -1)
ok "$([ -f "$up" ] && [ -f "$down" ]; echo $?)" "both files exist"
version=$(basename "$up" | cut -c1-14)
now=$(date -u +%Y%m%d%H%M%S)
ok "$([ $((now - version)) -ge 0 ] && [ $((now - version)) -lt 120 ]; echo $?)" \
  "the version is the current UTC time"
is "$(applied)" "" "new touches no database"

run_strata new add_email -d sql/changes -q
is "$rc" 0 "new -d DIR succeeds"
is "$out" "" "-q prints nothing"
is "$(ls sql/changes | wc -l | tr -d ' ')" 2 "the files are in DIR, which was made"

printf 'SELECT 1;\n' >"$up"
printf 'SELECT 1;\n' >"$down"
run_strata up
is "$rc" 0 "a new migration, once written, applies"

run_strata new
is "$rc" 2 "new without a NAME is a usage error"
run_strata new a b
is "$rc" 2 "new with two names is a usage error"
run_strata new "Add Tags/../x"
is "$rc" 0 "a NAME with odd characters works"
like "$out" "^db/migrations/[0-9]{14}_[a-z_]+\.up\.sql$" \
  "it becomes a plain file name in the folder"
run_strata new "///"
is "$rc" 1 "a NAME with no letters or digits fails"
is "$(ls db/migrations | wc -l | tr -d ' ')" 4 "and writes nothing"

# Two in the same second must not share a version.
run_strata new first -d quick
run_strata new second -d quick
run_strata new third -d quick
is "$(ls quick | cut -c1-14 | sort -u | wc -l | tr -d ' ')" 3 \
  "migrations made in quick succession get distinct versions"
run_strata status -d quick
like "$err" "quick/[0-9]+_first\.up\.sql' is still the template 'strata new' wrote" \
  "status names a migration that is still the template"

done_testing
