#!/bin/sh
# strata create and strata drop on SQLite files.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

run_strata create
is "$rc" 0 "create succeeds"
ok "$([ -f "$DB" ]; echo $?)" "the file exists"
like "$out" "created sqlite:app.db" "the result names it"

write_migration 0010_users.up.sql "CREATE TABLE users (id INTEGER);"
run_strata up
run_strata create
is "$rc" 1 "create of an existing database fails"
is "$(applied)" 0010 "and leaves it alone"

run_strata drop
is "$rc" 2 "drop without a terminal and without --yes is refused"
like "$err" "pass --yes" "and says to pass --yes"
ok "$([ -f "$DB" ]; echo $?)" "the file is still there"

if command -v script >/dev/null 2>&1; then
  printf 'n\n' | script -qec "'$STRATA' drop" /dev/null >prompt.out 2>&1
  like "$(cat prompt.out)" "Drop sqlite:app.db\?.*\[y/N\]" "on a terminal drop asks"
  ok "$([ -f "$DB" ]; echo $?)" "and 'n' keeps the file"
else
  skip "no script(1) to give drop a terminal"
  skip "no script(1) to give drop a terminal"
fi

run_strata drop --yes
is "$rc" 0 "drop --yes succeeds"
ok "$([ ! -f "$DB" ]; echo $?)" "the file is gone"
like "$out" "dropped sqlite:app.db" "the result names it"

run_strata drop -y
is "$rc" 1 "drop of a missing database fails"

run_strata up
is "$(applied)" 0010 "up after drop starts afresh"

done_testing
