#!/bin/sh
# adopt on SQLite: golang-migrate, dbmate, sqlx, flyway, goose and diesel
# tables as each tool makes them on SQLite; refused dirty states; --dry-run.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"
. "$STRATA_SRCDIR/tests/integration/adopt_lib.sh"

ENGINE=sqlite
url=sqlite:$DB
q() { sqlite3 "$DB" "$1"; }

adopt_cases
done_testing
