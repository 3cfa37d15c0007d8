#!/bin/sh
# baseline on SQLite: refused with the differences named, --force,
# --dry-run, repair --mark-applied checked; the scratch file is removed.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"
. "$STRATA_SRCDIR/tests/integration/baseline_lib.sh"

ENGINE=sqlite
url=sqlite:$DB
q() { sqlite3 "$DB" "$1"; }

baseline_cases
is "$(ls | grep -c strata_verify)" 0 "no scratch database is left behind"
done_testing
